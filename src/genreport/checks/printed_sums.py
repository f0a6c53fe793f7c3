"""Sums as the pages print them: the parts, each rounded to 2 places, must add up to the total as
rounded, or check says which figures do not.

Money stays exact (`Decimal`) and is rounded only when shown, so a total is never computed from
rounded parts: with amounts typed to 3 or 4 places (legal in the contract), 150.555 + 52.345 is
202.90 exactly, printed as 150.56 + 52.35 beside 202.90. A reader adds the printed parts and gets
202.91. That is a warning naming the parts, the total and the difference, with the remedy (amounts
to 2 places), located at the first part typed with more places.

Scores the same way: a 总分 as printed that is not the sum of the 得分 as printed (scores typed to
3 or more places) is a warning naming them, the sum, the 总分 shown and its 等级. Shares are not
checked here: shares of one whole that print to other than 100.00% are a rounding difference no
figure can remove, and the report says what they add up to beside them (`YearView.share_totals`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from genreport.figures.fmt import money, rounded, score
from genreport.figures.line import ZERO, Line
from genreport.figures.scoring import ScoredIndicator, Scoring
from genreport.figures.tables import ProjectTable
from genreport.figures.year import YearView

_FIGURES: tuple[tuple[str, str], ...] = (
    ("actual", "执行数"),
    ("budget", "预算数"),
    ("initial_budget", "年初预算数"),
    ("last_year", "上年数"),
)


@dataclass(frozen=True)
class _Sum:
    """A total the documents print beside its parts."""

    total: Line
    parts: list[Line]


def _groups(view: YearView) -> list[_Sum]:
    """Every printed sum of money: the whole and its two parts, each part and its items, the
    sources and classes of the whole, 三公, 政府采购, 专项资金 and each project's 资金来源."""
    found = []
    parts = [x for x in (view.basic, view.projects) if x is not None]
    if len(parts) == 2:
        found.append(_Sum(view.whole, parts))
    for total, items in ((view.basic, view.basic_items), (view.projects, view.project_items)):
        if total is not None and items:
            found.append(_Sum(total, items))
    for lines in (view.funding_sources, view.functional):
        if lines:
            found.append(_Sum(view.whole, lines))
    t = view.three_public
    if t.total is not None and t.items:
        found.append(_Sum(t.total, t.items))
    if t.vehicles is not None and t.vehicle_purchase and t.vehicle_running:
        found.append(_Sum(t.vehicles, [t.vehicle_purchase, t.vehicle_running]))
    p = view.procurement
    if p is not None:
        kinds = [x for x in (p.goods, p.works, p.services) if x is not None]
        if kinds:
            found.append(_Sum(p.total, kinds))
    if view.special_funds_total is not None:
        found.append(_Sum(view.special_funds_total, view.special_funds))
    for table in view.project_tables:
        given = [line for line in table.sources if line.path]
        if given:
            found.append(_Sum(table.total, given))
    return found


def printed_sum_warnings(view: YearView) -> list[tuple[str, str]]:
    """(key, message) for each printed sum whose rounded parts do not add up to its rounded total:
    of money (执行, 预算, 年初预算, 上年) and of the changes on last year printed beside them."""
    warnings = []
    for group in _groups(view):
        for attr, label in _FIGURES:
            warning = _figure_sum(group, attr, label)
            if warning:
                warnings.append(warning)
        warning = _change_sum(group)
        if warning:
            warnings.append(warning)
    return warnings


def _figure_sum(group: _Sum, attr: str, label: str) -> tuple[str, str] | None:
    total = getattr(group.total, attr)
    values = [getattr(p, attr) for p in group.parts]
    if total is None or any(v is None for v in values):
        return None
    if sum(values, ZERO) != total:
        return None  # a typed total that is not the sum: its own error says so
    return _disagreement(
        group,
        label,
        [(p.name, v) for p, v in zip(group.parts, values, strict=True)],
        total,
        _typed_over_two_places(group, attr),
        amount=True,
    )


def _change_sum(group: _Sum) -> tuple[str, str] | None:
    """比上年增减: the parts' changes, as printed, add up to the total's."""
    total = group.total.change
    changes = [p.change for p in group.parts]
    if total is None or any(c is None for c in changes):
        return None
    if sum((c.amount for c in changes if c), ZERO) != total.amount:
        return None
    places = _typed_over_two_places(group, "actual") + _typed_over_two_places(group, "last_year")
    return _disagreement(
        group,
        "比上年增减额",
        [(p.name, c.amount) for p, c in zip(group.parts, changes, strict=True) if c],
        total.amount,
        places,
        amount=False,
    )


def _disagreement(
    group: _Sum,
    label: str,
    parts: list[tuple[str, Decimal]],
    total: Decimal,
    typed: list[str],
    amount: bool,
) -> tuple[str, str] | None:
    shown = sum((rounded(v) for _, v in parts), ZERO)
    if shown == rounded(total):
        return None
    show: Callable[[Decimal], str] = money if amount else _signed
    terms = "＋".join(f"{name}{show(v)}" for name, v in parts)
    fix = "、".join(f"“{key}”" for key in typed) if typed else "各项金额"
    message = (
        f"{group.total.name}的{label}：文档上各项为{terms}，相加得{show(shown)}万元，"
        f"而{group.total.name}显示为{show(total)}万元，相差{money(abs(shown - rounded(total)))}万元。"
        f"这是因为{fix}填写了2位以上小数，四舍五入后各项与合计对不上；"
        "金额填写到2位小数（如150.56）即可避免。"
    )
    return (typed[0] if typed else group.total.path), message


def _signed(value: Decimal) -> str:
    text = money(value)
    return text if text.startswith("-") or rounded(value) == 0 else f"+{text}"


def _typed_over_two_places(group: _Sum, attr: str) -> list[str]:
    """The key paths of the parts' figures typed with more than 2 places; else the total's, when it
    is typed so (a budget or 上年 of the whole may be typed rather than summed)."""

    def over(lines: list[Line]) -> list[str]:
        return [
            f"{line.path}.{_KEYS[attr]}"
            for line in lines
            if line.path and (v := getattr(line, attr)) is not None and v != rounded(v)
        ]

    return over(group.parts) or over([group.total])


_KEYS = {"budget": "预算", "initial_budget": "年初预算", "last_year": "上年", "actual": "执行"}


def printed_score_warnings(view: YearView) -> list[tuple[str, str]]:
    """(key, message) where a table's 总分 as printed is not the sum of its 得分 as printed: the
    自评表 prints whole scores as typed and, once one has decimals, every 得分 and the 总分 to 2
    places (`Scoring.points`); a project table prints every 得分 and the 总分 to 2 places. The 等级
    follows the 总分 as printed (`grade_for`)."""
    warnings = []
    table = _table_scores(view.scoring)
    if table:
        warnings.append(table)
    for project in view.project_tables:
        warning = _project_scores(project)
        if warning:
            warnings.append(warning)
    return warnings


def _over_two_places(indicators: list[ScoredIndicator]) -> list[ScoredIndicator]:
    return [i for i in indicators if i.score != rounded(i.score)]


def _table_scores(scoring: Scoring) -> tuple[str, str] | None:
    """The 自评表: its 得分 and 总分 as printed, each to 2 places once one has decimals (whole
    scores add up exactly)."""
    indicators = scoring.indicators
    shown = sum((rounded(i.score) for i in indicators), ZERO)
    if not indicators or shown == scoring.shown_score:
        return None
    typed = _over_two_places(indicators)
    named = "、".join(f"“{i.name}”{score(i.score)}分（表中为{money(i.score)}）" for i in typed)
    message = (
        f"自评表的总分：表中各项得分（保留2位小数）相加为{money(shown)}分，而总分显示为"
        f"{money(scoring.shown_score)}分，相差{money(abs(shown - scoring.shown_score))}分，"
        f"等级按显示的总分评为“{scoring.grade}”。这是因为{named}填写了2位以上小数，"
        "四舍五入后各项与总分对不上；得分填写到2位小数即可避免。"
    )
    return f"{typed[0].path}.得分", message


def _project_scores(table: ProjectTable) -> tuple[str, str] | None:
    """A project table: every 得分 and the 总分 printed rounded to 2 places."""
    indicators = table.indicators.indicators
    rate_score, total = table.rate_score, table.score
    if not indicators or rate_score is None or total is None or table.cap is not None:
        return None  # a capped 总分 is not a sum: check's 执行率封顶 warning says so
    parts = [("预算执行率", rate_score)] + [(i.name, i.score) for i in indicators]
    shown = sum((rounded(v) for _, v in parts), ZERO)
    if shown == rounded(total):
        return None
    typed = _over_two_places(indicators)
    terms = "＋".join(f"{name}{money(v)}" for name, v in parts)
    fix = "、".join(f"“{i.name}”" for i in typed)
    message = (
        f"项目“{table.project.name}”的总分：项目支出绩效自评表上各项得分为{terms}，相加得"
        f"{money(shown)}分，而总分显示为{money(total)}分，相差{money(abs(shown - rounded(total)))}"
        f"分，等级按显示的总分评为“{table.grade}”。这是因为{fix}的得分填写了2位以上小数，"
        "四舍五入后各项与总分对不上；得分填写到2位小数即可避免。"
    )
    return f"{typed[0].path}.得分", message
