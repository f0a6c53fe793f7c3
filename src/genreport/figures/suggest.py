"""Scoring help by 财预〔2020〕10号: the score an indicator's 指标值 and 完成值 suggest, and the
一级 weights a project table is held to. Pure functions in exact `Decimal`; each table is reviewed
once, where it is computed (`YearView.suggestions`, `ProjectTable.suggestions`), and
`checks/score_messages.py` and the command line read that.

第十六条: a quantitative target met scores full 分值, one missed scores 分值 × 完成值 / 指标值
(指标值 / 完成值 for a "≤" target); a qualitative one scores within the band its result falls in
(达成 80–100%, 部分达成 60–80%, 未达成 below 60% of 分值); a 成本指标 is an upper bound typed
with ≤. 第十三条: 预算执行率 10, 产出 50, 效益 30, 服务对象满意度 10, unless the outline's rules
(`contract/rules.py`) set other 一级 categories and weights; a rules file may also turn on 超标扣分.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from genreport.contract.rules import (
    NATIONAL,
    OVERSHOOT_POINTS,
    OVERSHOOT_SHARE,
    Switch,
    Weights,
    category_of,
)
from genreport.figures.fmt import rounded

if TYPE_CHECKING:
    from genreport.figures.scoring import ScoredIndicator, Scoring

HUNDRED = Decimal(100)
ZERO = Decimal(0)

AT_LEAST, MORE, AT_MOST, LESS = "≥", ">", "≤", "<"
_UPPER_BOUNDS = (AT_MOST, LESS)  # the result should stay within it

# Words that carry the comparison, before the number (超过25000人) or after it (500人以上).
_WORDS_BEFORE = dict.fromkeys(("不低于", "不少于", "达到"), AT_LEAST)
_WORDS_BEFORE |= dict.fromkeys(("超过", "大于", "高于", "多于"), MORE)
_WORDS_BEFORE |= dict.fromkeys(("不超过", "不高于", "不多于", "控制在"), AT_MOST)
_WORDS_BEFORE |= dict.fromkeys(("低于", "少于", "小于"), LESS)
_WORDS_AFTER = {
    "及以上": AT_LEAST,
    "以上": AT_LEAST,
    "以内": AT_MOST,
    "及以下": AT_MOST,
    "以下": AT_MOST,
}
# Counting units a target is written in. Not 年/月/日 (a date) nor 第/前 before the number (a rank).
_UNITS = sorted(
    "% ‰ 人次 万人次 人 万人 户 家 个 场 次 项 件 名 期 篇 条 所 台 套 批 份 处 座 支 册 本 课时 学时 "  # noqa: SIM905
    "班 站 间 张 元 万元 亿元 天 个工作日 工作日 小时 个月 公里 千米 米 平方米 亩 吨".split(),
    key=len,
    reverse=True,
)
_QUANTITY = re.compile(
    r"(?P<before>[^\d]*?)(?P<sign>≥|≤|>|<|=)?(?P<number>-?\d+(?:\.\d+)?)"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})?(?P<after>[^\d]*)"
)
_NOT_A_COUNT_BEFORE = ("第", "前", "后", "近", "约", "共")
# A change written in words (下降5%) has a direction the number does not carry: not guessed.
_CHANGE_WORDS = ("减少", "下降", "降低", "压减", "增长", "增加", "提高", "上升", "增幅", "降幅")
_NOT_EXACT_AFTER = ("余", "多", "左右")


@dataclass(frozen=True)
class Quantity:
    """A figure typed as text: `≥500人次` is sign ≥, value 500, unit 人次; sign None for `800人次`."""

    sign: str | None
    value: Decimal
    unit: str


def parse_quantity(text: str | None) -> Quantity | None:
    """The figure in an 指标值 or 完成值, or None when the text is not clearly one number with its
    comparison and unit (a date, a rank, two numbers, an approximate count, plain words)."""
    if not text:
        return None
    normal = unicodedata.normalize("NFKC", text)
    normal = normal.replace("≧", "≥").replace("≦", "≤").replace(">=", "≥").replace("<=", "≤")
    normal = re.sub(r"\s+", "", normal).replace("−", "-")
    normal = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", normal)  # 25,000
    match = _QUANTITY.fullmatch(normal)
    if match is None:
        return None
    before, unit, after = (match.group(g) or "" for g in ("before", "unit", "after"))
    sign = match.group("sign")
    if before.endswith(_NOT_A_COUNT_BEFORE + _CHANGE_WORDS) or after.startswith(_NOT_EXACT_AFTER):
        return None
    if (before or after) and not unit:
        return None  # 获评2022年…: a number among words without a counting unit is no figure
    for word_sign in (
        _word_sign(before, _WORDS_BEFORE, str.endswith),
        _word_sign(after, _WORDS_AFTER, str.startswith),
    ):
        if word_sign is not None:
            if sign and sign != word_sign:
                return None  # ≥ with 以下: contradictory
            sign = word_sign
    if sign == "=":
        sign = None
    return Quantity(sign, Decimal(match.group("number")), unit)


def _word_sign(words: str, table: dict[str, str], at: Callable[[str, str], bool]) -> str | None:
    """The sign a comparison word at the number's side states (the longest word: 不超过, not 超过)."""
    for word in sorted(table, key=len, reverse=True):
        if at(words, word):
            return table[word]
    return None


class Band(Enum):
    """第十六条's three bands for a qualitative indicator, as shares of 分值 (lowest, highest, and
    whether the highest is included)."""

    MET = ("达成年度指标", Decimal("0.8"), Decimal(1), True)
    PARTLY = ("部分达成年度指标", Decimal("0.6"), Decimal("0.8"), False)
    MISSED = ("未达成年度指标", ZERO, Decimal("0.6"), False)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def shares(self) -> str:
        _, low, high, _ = self.value
        return (
            f"分值的{low * 100:.0f}%～{high * 100:.0f}%" if low else f"分值的{high * 100:.0f}%以下"
        )

    def holds(self, score: Decimal, weight: Decimal) -> bool:
        _, low, high, high_included = self.value
        above = score >= low * weight
        below = score <= high * weight if high_included else score < high * weight
        return above and below


_MISSED_WORDS = ("未完成", "未达成", "未达到", "没有完成", "没完成", "未能完成", "尚未完成")
_PARTLY_WORDS = ("部分完成", "部分达成")
_HEDGES = ("基本", "部分", "未", "没", "不", "尚", "正在", "推进", "进行中", "大多", "多数")


def band_of(achieved: str | None) -> Band | None:
    """The band a 完成值's wording states without doubt: 未完成 (missed), 部分完成 (partly) or a
    plain 完成/达成 (met); None for anything hedged (基本完成) or without such a word."""
    if not achieved:
        return None
    text = re.sub(r"\s+", "", achieved)
    if any(w in text for w in _MISSED_WORDS):
        return Band.MISSED
    if any(w in text for w in _PARTLY_WORDS) and "大部分" not in text:
        return Band.PARTLY
    if ("完成" in text or "达成" in text) and not any(h in text for h in _HEDGES):
        return Band.MET
    return None


class Rule(Enum):
    """How a suggestion was reached; the value is how `check --scores` names it."""

    MET = "达到指标值，得满分（第十六条）"
    OVERSHOT = "超过指标值，得满分；如因指标值设定明显偏低，可按偏离度适度调减（第十六条）"
    OVERSHOT_DEDUCTED = "超过指标值30%以上，按评分规则扣2分（超标扣分）"
    PROPORTIONAL = "未达到指标值，按完成值÷指标值计分（第十六条）"
    INVERSE = "超出指标值上限，按指标值÷完成值计分（第十六条）"
    NOT_PROPORTIONAL = "未达到指标值，但数值为负或为0，无法按比例计分"
    EXECUTION_RATE = "分值×预算执行率（最高100%）"
    UNIT_MISMATCH = "指标值与完成值单位不同，不计算"
    INEXACT = "完成值不是确切数，不计算"
    DIRECTION_UNKNOWN = "成本指标未写明≥或≤，不计算"
    NO_TARGET = "未填写指标值或完成值，不计算"
    QUALITATIVE = "定性指标，不计算"


@dataclass(frozen=True)
class Suggestion:
    """What 财预〔2020〕10号 suggests for one indicator.

    `score` is exact (unrounded) or None when the rule computes none; `band` is the qualitative band
    the 完成值's wording implies; `figure` is the figure genreport computed that the indicator
    names (预算执行率…), with `achieved_differs` when the typed 完成值 is another number.
    """

    rule: Rule
    score: Decimal | None = None
    target: Quantity | None = None
    achieved: Quantity | None = None
    band: Band | None = None
    figure: KnownFigure | None = None
    achieved_differs: bool = False
    basis: str = ""  # where a local rule applied comes from (the rules file and its line)


class FigureKind(Enum):
    EXECUTION_RATE = "预算执行率"
    THREE_PUBLIC_CHANGE = "“三公”经费变动率"
    STAFF_CONTROL = "在职人员控制率"


@dataclass(frozen=True)
class KnownFigure:
    """A rate genreport computes (percent, exact) and the two figures it is computed from."""

    kind: FigureKind
    rate: Decimal
    numerator: Decimal
    denominator: Decimal


def figure_named(name: str, figures: Iterable[KnownFigure]) -> KnownFigure | None:
    """The computed figure an indicator's name refers to: 预算执行率 (or 执行率), “三公”经费变动率,
    在职人员控制率."""
    wanted = None
    if "执行率" in name:
        wanted = FigureKind.EXECUTION_RATE
    elif "三公" in name and "率" in name:
        wanted = FigureKind.THREE_PUBLIC_CHANGE
    elif "控制率" in name and "人员" in name:
        wanted = FigureKind.STAFF_CONTROL
    return next((f for f in figures if f.kind == wanted), None)


def suggest(
    name: str,
    weight: Decimal,
    target: str | None,
    achieved: str | None,
    figures: Iterable[KnownFigure] = (),
    cost: bool = False,
    overshoot: Switch = NATIONAL.overshoot,
) -> Suggestion:
    """The suggestion for one indicator. `figures` are those genreport computed for the table (the
    whole's, or a project's); `cost` marks a 成本指标, whose bare target (`10万元`) may mean either
    direction; `overshoot` is the outline's 超标扣分, when it turns it on."""
    figure = figure_named(name, figures)
    parsed_target, parsed_achieved = parse_quantity(target), parse_quantity(achieved)
    if figure is None:
        found = _by_article_16(weight, parsed_target, parsed_achieved, (target, achieved), cost)
        return _deducted(found, weight, overshoot)
    differs = parsed_achieved is not None and not agrees(parsed_achieved.value, figure.rate)
    shown = rounded(figure.rate)  # judged as the documents show it
    as_achieved = Quantity(None, shown, "%")
    if figure.kind == FigureKind.EXECUTION_RATE:
        score = weight * min(shown, HUNDRED) / HUNDRED
        found = Suggestion(Rule.EXECUTION_RATE, score, parsed_target, as_achieved)
    else:
        found = _by_article_16(weight, parsed_target, as_achieved, (target, ""), cost)
    return Suggestion(found.rule, found.score, found.target, found.achieved, None, figure, differs)


def agrees(typed: Decimal, computed: Decimal) -> bool:
    """Whether a typed rate is the computed one as the clerk rounded it (`129.4%` or `129%` for
    129.3975…), half-up, to at most 2 places."""
    exponent = typed.as_tuple().exponent
    if not isinstance(exponent, int):
        return False  # NaN or infinity: no rate
    places = min(max(-exponent, 0), 2)
    return computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == typed


def _by_article_16(
    weight: Decimal,
    target: Quantity | None,
    achieved: Quantity | None,
    texts: tuple[str | None, str | None],
    cost: bool,
) -> Suggestion:
    if target is None or achieved is None:
        if not all(texts):
            return Suggestion(Rule.NO_TARGET, None, target, achieved)
        band = band_of(texts[1]) if achieved is None else None
        return Suggestion(Rule.QUALITATIVE, None, target, achieved, band)
    if target.unit and achieved.unit and target.unit != achieved.unit:
        return Suggestion(Rule.UNIT_MISMATCH, None, target, achieved)
    if achieved.sign is not None:
        return Suggestion(Rule.INEXACT, None, target, achieved)
    if target.sign is None and cost:
        return Suggestion(Rule.DIRECTION_UNKNOWN, None, target, achieved)
    score, rule = proportional_score(weight, target, achieved.value)
    return Suggestion(rule, score, target, achieved)


def proportional_score(
    weight: Decimal, target: Quantity, achieved: Decimal
) -> tuple[Decimal | None, Rule]:
    """第十六条 for a quantitative indicator: full 分值 when the target is met, else 分值 × 完成值 /
    指标值 (指标值 / 完成值 for a "≤" target). A target without a sign is one to reach."""
    upper = target.sign in _UPPER_BOUNDS
    met = achieved <= target.value if upper else achieved >= target.value
    if met:  # staying under an upper bound (a 成本指标's ≤) by much is no overshoot
        beyond = not upper and achieved > target.value
        return weight, Rule.OVERSHOT if beyond else Rule.MET
    if target.value <= 0 or achieved <= 0:
        return None, Rule.NOT_PROPORTIONAL
    if upper:
        return weight * target.value / achieved, Rule.INVERSE
    return weight * achieved / target.value, Rule.PROPORTIONAL


def _deducted(found: Suggestion, weight: Decimal, overshoot: Switch) -> Suggestion:
    """超标扣分: 2 points off a target to reach that the 完成值 passes by 30% or more."""
    target, achieved = found.target, found.achieved
    if not overshoot.on or found.rule != Rule.OVERSHOT or target is None or achieved is None:
        return found
    if target.sign in _UPPER_BOUNDS or target.value <= 0:
        return found
    if achieved.value < target.value * (1 + OVERSHOOT_SHARE):
        return found
    score = max(weight - OVERSHOOT_POINTS, ZERO)
    return Suggestion(Rule.OVERSHOT_DEDUCTED, score, target, achieved, basis=overshoot.basis)


@dataclass(frozen=True)
class Reviewed:
    """One 三级 indicator of a table with its suggestion."""

    indicator: ScoredIndicator
    suggestion: Suggestion


def review(
    scoring: Scoring, figures: Iterable[KnownFigure] = (), overshoot: Switch = NATIONAL.overshoot
) -> list[Reviewed]:
    """Every indicator of a scored table, in order, with what 财预〔2020〕10号 suggests for it (a
    成本指标's, by its 一级 or its 二级 name)."""
    figures = list(figures)
    return [
        Reviewed(
            i,
            suggest(
                i.name,
                i.weight,
                i.target,
                i.achieved,
                figures,
                cost="成本" in first.name or "成本" in second.name,
                overshoot=overshoot,
            ),
        )
        for first in scoring.first_levels
        for second in first.children
        for i in second.children
    ]


# --- 第十三条: the 一级 weights of a project's self-evaluation table ----------------------------


class Group(Protocol):
    """An 一级 part of a project table: a scored group, or the 预算执行率 row."""

    @property
    def name(self) -> str: ...

    @property
    def weight(self) -> Decimal: ...


@dataclass(frozen=True)
class WeightDeviation:
    """An 一级 part whose weight differs from the rules' (`actual` None: the table lacks it)."""

    part: str
    expected: Decimal
    actual: Decimal | None


def weight_deviations(
    groups: Iterable[Group], weights: Weights = NATIONAL.project
) -> list[WeightDeviation]:
    """Where a table's 一级 weights differ from the rules' (第十三条's 10/50/30/10 unless the outline
    says otherwise). Allowed 如有特殊情况, so a warning, never an error. Groups of no category of
    the rules are not judged."""
    found = weight_by_category(groups, weights)
    return [
        WeightDeviation(part, expected, found.get(part))
        for part, expected in weights.parts.items()
        if found.get(part) != expected
    ]


def weight_by_category(groups: Iterable[Group], weights: Weights) -> dict[str, Decimal]:
    """The table's weight in each of the rules' 一级 categories it has."""
    found: dict[str, Decimal] = {}
    for group in groups:
        part = category_of(group.name, weights.parts)
        if part is not None:
            found[part] = found.get(part, ZERO) + group.weight
    return found


def article_13_deviations(groups: Iterable[Group]) -> list[WeightDeviation]:
    """Where a project table's 一级 weights differ from 第十三条's 10/50/30/10."""
    return weight_deviations(groups, NATIONAL.project)
