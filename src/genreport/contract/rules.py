"""An outline's scoring rules (评分规则) as types: the 一级 weights of a project table, the grade
thresholds, and the local rules a county may turn on. Every rule carries where it comes from
(`basis`), which each message that applies it cites: 财预〔2020〕10号 and its article, or the
outline's rules file and its line.

`NATIONAL` is 财预〔2020〕10号 as it stands: what an outline without a rules file follows, and what
the shipped outlines' rules files state explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

RATE_ROW = "预算执行率"  # the computed row of a project table; its 分值 is 10
ARTICLE_13 = "财预〔2020〕10号第十三条"
ARTICLE_16 = "财预〔2020〕10号第十六条"
ARTICLE_18 = "财预〔2020〕10号第十八条"

# 执行率封顶: the highest 总分 a project may have below each 执行率 (as shown, percent)
EXECUTION_CAPS = (
    (Decimal(50), Decimal(59)),
    (Decimal(60), Decimal(69)),
    (Decimal(70), Decimal(79)),
    (Decimal(80), Decimal(89)),
)
OVERSHOOT_SHARE = Decimal("0.3")  # 超标扣分: a 完成值 30% or more beyond its 指标值
OVERSHOOT_POINTS = Decimal(2)


@dataclass(frozen=True)
class Weights:
    """一级 categories and their 权重, as a table is held to them (`RATE_ROW` included for a
    project table)."""

    parts: dict[str, Decimal]
    basis: str

    @property
    def names(self) -> str:
        """产出指标50分、效益指标30分…, in the rules' order."""
        return "、".join(f"{name}{_points(w)}分" for name, w in self.parts.items())


@dataclass(frozen=True)
class Grades:
    """评价等级 thresholds: 优, 良, 中 from their lowest 总分; below 中 is 差."""

    excellent: Decimal
    good: Decimal
    fair: Decimal
    basis: str

    def of(self, score: Decimal) -> str:
        if score >= self.excellent:
            return "优"
        if score >= self.good:
            return "良"
        if score >= self.fair:
            return "中"
        return "差"

    @property
    def summary(self) -> str:
        return f"优≥{_points(self.excellent)}、良≥{_points(self.good)}、中≥{_points(self.fair)}"


@dataclass(frozen=True)
class Switch:
    """A local rule: off unless the rules file turns it on (`basis` is that line)."""

    on: bool = False
    basis: str = ""


@dataclass(frozen=True)
class Rules:
    """One outline's scoring rules; `source` says where they were read (the rules file, or the
    national default for an outline without one)."""

    source: str
    project: Weights
    grades: Grades
    scoring: Weights | None = None  # the 自评表's 一级 weights, when the outline fixes them
    within_first_level: Switch = field(default_factory=Switch)  # 三级分值不超过一级权重
    execution_caps: Switch = field(default_factory=Switch)  # 执行率封顶
    overshoot: Switch = field(default_factory=Switch)  # 超标扣分

    def execution_cap(self, rate: Decimal) -> Decimal | None:
        """The highest 总分 a project of this 执行率 may have, when 执行率封顶 is on."""
        if not self.execution_caps.on:
            return None
        return next((cap for below, cap in EXECUTION_CAPS if rate < below), None)

    @property
    def summary(self) -> str:
        """The rules in one line, as `genreport 提纲` shows them."""
        parts = [f"项目表一级指标：{self.project.names}", f"等级：{self.grades.summary}"]
        if self.scoring is not None:
            parts.append(f"自评表一级指标：{self.scoring.names}")
        for switch, label in (
            (self.within_first_level, "三级分值不超过一级权重"),
            (self.execution_caps, "执行率封顶"),
            (self.overshoot, "超标扣分"),
        ):
            if switch.on:
                parts.append(label)
        return "；".join(parts)


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


NATIONAL_GRADES = Grades(Decimal(90), Decimal(80), Decimal(60), ARTICLE_18)
NATIONAL = Rules(
    source="财预〔2020〕10号",
    project=Weights(
        {
            RATE_ROW: Decimal(10),
            "产出指标": Decimal(50),
            "效益指标": Decimal(30),
            "满意度指标": Decimal(10),
        },
        ARTICLE_13,
    ),
    grades=NATIONAL_GRADES,
)


def category_of(name: str, categories: list[str] | dict[str, Decimal]) -> str | None:
    """The rules' 一级 category a group's name belongs to: the one whose stem (its name without
    指标) the name holds, the longest stem first (服务对象满意度指标 → 满意度指标; a row naming
    执行率 → 预算执行率)."""
    stems = {(_stem(c)): c for c in categories}
    for stem in sorted(stems, key=len, reverse=True):
        if stem and stem in name:
            return stems[stem]
    return None


def _stem(category: str) -> str:
    if category == RATE_ROW:
        return "执行率"
    return category.removesuffix("指标")
