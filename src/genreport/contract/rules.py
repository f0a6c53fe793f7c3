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
from typing import Any

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
            (self.execution_caps, "项目表执行率封顶"),  # the 自评表 is no project: never capped
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


def rules_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rules file, for editors; `reading/rules.py` stays the
    judge (weights adding up to 100, 优 > 良 > 中). Numbers as an editor's YAML reader gives them
    or as text, like the data files' schema."""
    points = {
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": 100},
            {"type": "string", "pattern": r"^\s*\d{1,3}(\.\d+)?\s*$"},
        ]
    }
    basis = {
        "type": "string",
        "description": "规则的依据，如“财预〔2020〕10号第十三条”；消息中引用",
    }
    switch = {"enum": ["是", "否", True, False], "description": "本地规则，默认“否”（不用）"}

    def table(title: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": title,
            "additionalProperties": False,
            "properties": {
                "依据": basis,
                "一级指标": {
                    "type": "object",
                    "description": "各一级指标（如产出指标、成本指标、效益指标、满意度指标）的权重，合计100",
                    "additionalProperties": points,
                },
            },
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "genreport 提纲的评分规则（评分规则.yaml）",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "依据": {"type": "string", "description": "规则的来源，“genreport 提纲”中显示"},
            "项目支出绩效自评表": table("项目支出绩效自评表的一级指标权重；须有“预算执行率: 10”"),
            "部门整体支出绩效自评表": table("部门整体支出绩效自评表的一级指标权重（可不写）"),
            "等级": {
                "type": "object",
                "description": "评价等级的最低分：优 > 良 > 中，以下为差",
                "additionalProperties": False,
                "required": ["优", "良", "中"],
                "properties": {"依据": basis, "优": points, "良": points, "中": points},
            },
            "三级分值不超过一级权重": switch,
            "执行率封顶": {
                **switch,
                "description": "项目支出绩效自评表的总分按该项目的预算执行率封顶：执行率70%～80%"
                "最高89分，60%～70%最高79分，低于60%最高69分，低于50%最高59分；部门整体支出绩效"
                "自评表是整个部门的评分表，不是一个项目，不封顶；默认“否”",
            },
            "超标扣分": {
                **switch,
                "description": "完成值超过指标值30%以上的指标扣2分；默认“否”",
            },
        },
    }
