"""The 自评表 as scored: 二级 and 一级 weights and scores summed from their 三级 indicators, the
总分 and the 等级 (by the outline's rules; 财预〔2020〕10号第十八条: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差).

A 总分 is graded as the document shows it, rounded half-up to 2 places: 89.995 shows as 90.00 and
is 优, never 良 beside a printed 90.00."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from genreport.contract.rules import NATIONAL_GRADES, Grades
from genreport.figures.fmt import rounded, score_column

if TYPE_CHECKING:
    from genreport.contract.model import FirstLevel, Indicator, UnionYear

ZERO = Decimal(0)


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


# What a group holds: an 一级 holds 二级 groups, a 二级 holds 三级 indicators
C = TypeVar("C", bound="ScoredGroup[Any] | ScoredIndicator")


@dataclass
class ScoredGroup(Generic[C]):
    """An 一级 or 二级 指标: its weight and score are the sums of its children."""

    name: str
    weight: Decimal
    score: Decimal
    stated_weight: Decimal | None
    children: list[C]
    path: str


@dataclass
class Scoring:
    """The whole 自评表: 总分 and 等级."""

    first_levels: list[ScoredGroup[ScoredGroup[ScoredIndicator]]]
    weight: Decimal
    score: Decimal
    grades: Grades = field(default=NATIONAL_GRADES)

    @property
    def shown_score(self) -> Decimal:
        """总分 as the 自评表 and the summary show it: rounded half-up to 2 places."""
        return rounded(self.score)

    @property
    def grade(self) -> str:
        return grade_for(self.score, self.grades)

    @property
    def points(self) -> Callable[[Decimal], str]:
        """How the 自评表's 得分 column prints each 三级 score and the 总分 (`score_column`): whole
        scores as typed, or every one to 2 places."""
        return score_column(i.score for i in self.indicators)

    @property
    def indicators(self) -> list[ScoredIndicator]:
        """Every 三级 indicator, in the table's order."""
        return [
            i for first in self.first_levels for second in first.children for i in second.children
        ]

    @property
    def indicator_count(self) -> int:
        return len(self.indicators)


def grade_for(score: Decimal, grades: Grades = NATIONAL_GRADES) -> str:
    """评价等级 of a 总分 as shown (rounded half-up to 2 places), by the outline's thresholds."""
    return grades.of(rounded(score))


def score_table(union: UnionYear, grades: Grades = NATIONAL_GRADES) -> Scoring:
    """The union's 自评表 with every subtotal; an empty table when the file has none."""
    return score_levels(union.scoring.first if union.scoring else [], grades)


def score_levels(levels: list[FirstLevel], grades: Grades = NATIONAL_GRADES) -> Scoring:
    """一级 indicators as typed (the 自评表's, a project's 绩效指标) with every subtotal."""
    first_levels = [
        _group(
            first.name,
            first.weight,
            first.path,
            [
                _group(second.name, second.weight, second.path, _indicators(second.indicators))
                for second in first.second
            ],
        )
        for first in levels
    ]
    return Scoring(
        first_levels=first_levels,
        weight=sum((f.weight for f in first_levels), ZERO),
        score=sum((f.score for f in first_levels), ZERO),
        grades=grades,
    )


def _indicators(indicators: list[Indicator]) -> list[ScoredIndicator]:
    return [
        ScoredIndicator(
            name=i.name or "",
            weight=i.weight or ZERO,
            score=i.score or ZERO,
            target=i.target,
            achieved=i.achieved,
            deviation_reason=i.deviation_reason,
            path=i.path,
        )
        for i in indicators
    ]


def _group(
    name: str | None, stated_weight: Decimal | None, path: str, children: list[C]
) -> ScoredGroup[C]:
    """An 一级 or 二级 指标: its weight and score summed from its children."""
    return ScoredGroup(
        name=name or "",
        weight=sum((c.weight for c in children), ZERO),
        score=sum((c.score for c in children), ZERO),
        stated_weight=stated_weight,
        children=children,
        path=path,
    )
