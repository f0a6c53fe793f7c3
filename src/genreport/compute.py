"""Every figure the documents show, computed once from a loaded union's year.

`compute(union)` returns a `YearView`: totals, shares, execution rates, changes on last year,
scoring subtotals and the grade, all exact `Decimal`s. Nothing is rounded here; `fmt.py` rounds
half-up for display. The view never fails on incomplete data: a missing figure counts as absent,
and the checks report it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .model import Amount, UnionYear

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def ratio_percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`; None when either is missing or `whole` is zero."""
    if part is None or not whole:
        return None
    return part * HUNDRED / whole


@dataclass(frozen=True)
class Change:
    """增减: a figure against its value a year earlier."""

    amount: Decimal  # signed: this year minus last year
    rate: Decimal | None  # percent of last year; None when last year was zero

    @classmethod
    def between(cls, current: Decimal | None, previous: Decimal | None) -> Change | None:
        if current is None or previous is None:
            return None
        return cls(current - previous, ratio_percent(current - previous, previous))


@dataclass
class Line:
    """One expenditure (or income) figure with what is derived from it.

    `share` is of the union's whole expenditure (整体支出) unless the line says otherwise, and
    `group_share` of the total the line is an item of (基本支出 or 项目支出); `execution_rate` is
    执行 / 预算; `change` is on last year's 执行, `budget_change` on last year's 预算. Any figure may
    be None (unknown); whatever would be derived from it is None too.
    """

    name: str
    actual: Decimal | None
    budget: Decimal | None = None
    last_year: Decimal | None = None
    last_year_budget: Decimal | None = None
    note: str | None = None
    purpose: str | None = None
    deviation_reason: str | None = None
    change_reason: str | None = None
    path: str = ""
    share: Decimal | None = None
    group_share: Decimal | None = None
    execution_rate: Decimal | None = None
    change: Change | None = None
    budget_change: Change | None = None

    def __post_init__(self) -> None:
        self.execution_rate = ratio_percent(self.actual, self.budget)
        self.change = Change.between(self.actual, self.last_year)
        self.budget_change = Change.between(self.budget, self.last_year_budget)

    @property
    def deviation(self) -> Decimal | None:
        """执行 minus 预算 (signed), None without a budget."""
        if self.budget is None or self.actual is None:
            return None
        return self.actual - self.budget

    @property
    def is_nil(self) -> bool:
        """Stated as none: every figure given is zero, this year's and last year's (and at least one
        of 执行 and 预算 is given). A zero after a non-zero last year is a change to report."""
        if self.actual is None and self.budget is None:
            return False
        figures = (self.actual, self.budget, self.last_year, self.last_year_budget)
        given = [v for v in figures if v is not None]
        return bool(given) and all(v == 0 for v in given)

    @classmethod
    def from_amount(cls, name: str, amount: Amount) -> Line:
        return cls(
            name=name,
            actual=amount.actual,
            budget=amount.budget,
            last_year=amount.last_year,
            last_year_budget=amount.last_year_budget,
            note=amount.note,
            deviation_reason=amount.deviation_reason,
            change_reason=amount.change_reason,
            path=amount.path,
        )


def sum_if_all(values: Iterable[Decimal | None]) -> Decimal | None:
    """The exact sum, or None when any value is missing or there are none."""
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values, ZERO)


@dataclass(frozen=True)
class StatedTotal:
    """A total that can be typed and can be summed from parts; the two must agree."""

    path: str  # key path of the typed figure
    stated: Decimal
    summed: Decimal


def _total(
    name: str,
    path: str,
    parts: list[Line] | None,
    stated: dict[str, Decimal | None],
    disagreements: list[StatedTotal],
    carried: frozenset[str] = frozenset(),
    **extra,
) -> Line:
    """A line summing `parts`; a typed figure stands in for a sum that cannot be made.

    `parts` is None when the file does not say what the total is made of: its 执行 is unknown. An
    empty list is a stated "none" and sums to zero. A figure `carried` from last year's file is last year's real total and wins over the sum of
    this year's parts (which misses the parts that no longer exist).
    """
    figures = {}
    known_parts = parts or []
    for attr, key in (("budget", "预算"), ("last_year", "上年"), ("last_year_budget", "上年预算")):
        summed = sum_if_all(getattr(p, attr) for p in known_parts)
        typed = stated.get(attr)
        if f"{path}.{key}" in carried:
            figures[attr] = typed
            continue
        if typed is not None and summed is not None and typed != summed:
            disagreements.append(StatedTotal(f"{path}.{key}", typed, summed))
        figures[attr] = summed if summed is not None else typed  # a wrong typed total is reported
    actual = None if parts is None else sum_if_all(p.actual for p in parts)
    if parts == []:
        actual = ZERO
    return Line(name=name, actual=actual, path=path, **figures, **extra)


@dataclass
class ScoredIndicator:
    """自评表 三级指标 as scored."""

    name: str
    weight: Decimal
    score: Decimal
    target: str | None
    achieved: str | None
    deviation_reason: str | None
    path: str


@dataclass
class ScoredGroup:
    """An 一级 or 二级 指标: its weight and score are the sums of its children."""

    name: str
    weight: Decimal
    score: Decimal
    stated_weight: Decimal | None
    children: list
    path: str


@dataclass
class Scoring:
    """The whole 自评表: 总分 and 等级."""

    first_levels: list[ScoredGroup]
    weight: Decimal
    score: Decimal

    @property
    def grade(self) -> str:
        return grade_for(self.score)

    @property
    def indicator_count(self) -> int:
        return sum(len(second.children) for first in self.first_levels for second in first.children)


def grade_for(score: Decimal) -> str:
    """评价等级: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差."""
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"


@dataclass
class Procurement:
    """政府采购: goods, works and services, and the SME shares of their total."""

    goods: Line | None
    works: Line | None
    services: Line | None
    total: Line
    sme: Line | None  # share: of the procurement total
    micro: Line | None  # share: of the procurement total


@dataclass
class YearView:
    """The computed year of one union: what both documents render from."""

    union: UnionYear
    whole: Line
    basic: Line | None
    basic_items: list[Line]
    projects: Line | None
    project_items: list[Line]
    funding_sources: list[Line]
    functional: list[Line]
    three_public: list[Line]
    three_public_total: Line | None
    meetings: Line | None
    training: Line | None
    procurement: Procurement | None
    government_funds: Line | None
    state_capital: Line | None
    social_insurance: Line | None
    special_funds: list[Line]
    special_funds_total: Line | None
    income: Line | None
    spending: Line | None
    carry_over: Decimal | None
    scoring: Scoring
    disagreements: list[StatedTotal] = field(default_factory=list)


def compute(union: UnionYear, carried: frozenset[str] = frozenset()) -> YearView:
    """The union's figures; `carried` are the key paths whose 上年 came from last year's file."""
    disagreements: list[StatedTotal] = []
    spend = union.expenditure

    basic = None
    basic_items: list[Line] = []
    if spend and spend.basic:
        b = spend.basic
        basic_items = [Line.from_amount(n, a) for n, a in b.items.items()]
        basic = _total(
            "基本支出",
            b.path,
            basic_items,
            {"budget": b.budget, "last_year": b.last_year, "last_year_budget": b.last_year_budget},
            disagreements,
            carried,
            deviation_reason=b.deviation_reason,
            change_reason=b.change_reason,
        )

    projects = None
    project_items: list[Line] = []
    if spend and spend.projects:
        p = spend.projects
        project_items = [
            Line(
                name=x.name or "",
                actual=x.actual,
                budget=x.budget,
                last_year=x.last_year,
                last_year_budget=x.last_year_budget,
                purpose=x.purpose,
                deviation_reason=x.deviation_reason,
                change_reason=x.change_reason,
                path=x.path,
            )
            for x in p.projects
        ]
        projects = _total(
            "项目支出",
            p.path,
            project_items,
            {"budget": p.budget, "last_year": p.last_year, "last_year_budget": p.last_year_budget},
            disagreements,
            carried,
            deviation_reason=p.deviation_reason,
            change_reason=p.change_reason,
        )

    parts = [line for line in (basic, projects) if line is not None]
    whole = _total(
        "整体支出",
        spend.path if spend else "支出",
        parts or None,  # neither part given: the whole is unknown
        {
            "budget": spend.budget,
            "last_year": spend.last_year,
            "last_year_budget": spend.last_year_budget,
        }
        if spend
        else {},
        disagreements,
        carried,
    )
    share_of_whole = [*parts, *basic_items, *project_items]

    funding_sources = _lines(spend.funding_sources if spend else {})
    functional = _lines(spend.functional if spend else {})
    share_of_whole += funding_sources + functional
    for line in share_of_whole:
        line.share = ratio_percent(line.actual, whole.actual)
    whole.share = ratio_percent(whole.actual, whole.actual)
    for total, items in ((basic, basic_items), (projects, project_items)):
        for line in items:
            line.group_share = ratio_percent(line.actual, total.actual if total else None)

    three_public: list[Line] = []
    three_public_total = None
    if spend and spend.three_public:
        t = spend.three_public
        three_public = [
            Line.from_amount(name, amount)
            for name, amount in (
                ("因公出国（境）费", t.overseas),
                ("公务用车购置及运行维护费", t.vehicles),
                ("公务接待费", t.reception),
            )
            if amount is not None
        ]
        three_public_total = _total("“三公”经费", t.path, three_public, {}, disagreements)

    special_funds = [
        Line(name=s.name or "", actual=s.actual or ZERO, purpose=s.purpose, path=s.path)
        for s in (spend.special_funds if spend else [])
    ]
    special_funds_total = (
        _total("专项资金", f"{spend.path}.专项资金", special_funds, {}, disagreements)
        if special_funds
        else None
    )

    totals = union.totals
    return YearView(
        union=union,
        whole=whole,
        basic=basic,
        basic_items=basic_items,
        projects=projects,
        project_items=project_items,
        funding_sources=funding_sources,
        functional=functional,
        three_public=three_public,
        three_public_total=three_public_total,
        meetings=_line("会议费", spend.meetings if spend else None),
        training=_line("培训费", spend.training if spend else None),
        procurement=_procurement(spend.procurement if spend else None, disagreements),
        government_funds=_line("政府性基金预算支出", spend.government_funds if spend else None),
        state_capital=_line("国有资本经营预算支出", spend.state_capital if spend else None),
        social_insurance=_line("社会保险基金预算支出", spend.social_insurance if spend else None),
        special_funds=special_funds,
        special_funds_total=special_funds_total,
        income=_line("收入", totals.income if totals else None),
        spending=_line("支出", totals.expenditure if totals else None),
        carry_over=totals.carry_over if totals else None,
        scoring=_scoring(union),
        disagreements=disagreements,
    )


def _line(name: str, amount: Amount | None) -> Line | None:
    return None if amount is None else Line.from_amount(name, amount)


def _lines(amounts: dict[str, Amount]) -> list[Line]:
    return [Line.from_amount(name, amount) for name, amount in amounts.items()]


def _procurement(p, disagreements: list[StatedTotal]) -> Procurement | None:
    if p is None:
        return None
    goods, works, services = (
        _line("货物", p.goods),
        _line("工程", p.works),
        _line("服务", p.services),
    )
    kinds = [x for x in (goods, works, services) if x]
    total = _total("政府采购", p.path, kinds or None, {}, disagreements)
    sme, micro = (
        _line("授予中小企业合同", p.sme_contracts),
        _line("其中授予小微企业合同", p.micro_contracts),
    )
    for line in (goods, works, services, sme, micro):
        if line is not None:
            line.share = ratio_percent(line.actual, total.actual)
    return Procurement(goods, works, services, total, sme, micro)


def _scoring(union: UnionYear) -> Scoring:
    first_levels = []
    for first in union.scoring.first if union.scoring else []:
        seconds = []
        for second in first.second:
            indicators = [
                ScoredIndicator(
                    name=i.name or "",
                    weight=i.weight or ZERO,
                    score=i.score or ZERO,
                    target=i.target,
                    achieved=i.achieved,
                    deviation_reason=i.deviation_reason,
                    path=i.path,
                )
                for i in second.indicators
            ]
            seconds.append(
                ScoredGroup(
                    name=second.name or "",
                    weight=sum((i.weight for i in indicators), ZERO),
                    score=sum((i.score for i in indicators), ZERO),
                    stated_weight=second.weight,
                    children=indicators,
                    path=second.path,
                )
            )
        first_levels.append(
            ScoredGroup(
                name=first.name or "",
                weight=sum((s.weight for s in seconds), ZERO),
                score=sum((s.score for s in seconds), ZERO),
                stated_weight=first.weight,
                children=seconds,
                path=first.path,
            )
        )
    return Scoring(
        first_levels=first_levels,
        weight=sum((f.weight for f in first_levels), ZERO),
        score=sum((f.score for f in first_levels), ZERO),
    )
