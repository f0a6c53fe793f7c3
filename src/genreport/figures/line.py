"""One figure line and what is derived from it: shares, execution rate, change on last year, and
totals summed from parts. Exact `Decimal`s; nothing is rounded here (`fmt.py` rounds for display).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from genreport.contract.model import Amount

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def ratio_percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`; None when either is missing or `whole` is zero."""
    if part is None or not whole:
        return None
    return part * HUNDRED / whole


def sum_if_all(values: Iterable[Decimal | None]) -> Decimal | None:
    """The exact sum, or None when any value is missing or there are none."""
    values = list(values)
    known = [v for v in values if v is not None]
    if not values or len(known) < len(values):
        return None
    return sum(known, ZERO)


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
    initial_budget: Decimal | None = None
    last_year: Decimal | None = None
    last_year_budget: Decimal | None = None
    note: str | None = None
    purpose: str | None = None
    deviation_reason: str | None = None
    change_reason: str | None = None
    path: str = ""
    share: Decimal | None = None
    group_share: Decimal | None = None

    @property
    def execution_rate(self) -> Decimal | None:
        return ratio_percent(self.actual, self.budget)

    @property
    def change(self) -> Change | None:
        return Change.between(self.actual, self.last_year)

    @property
    def budget_change(self) -> Change | None:
        return Change.between(self.budget, self.last_year_budget)

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
        return all(v == 0 for v in figures if v is not None)

    @classmethod
    def of(cls, name: str, node: Amount | Any) -> Line:
        """The line of a figures node of the model (an amount, a project)."""
        return cls(
            name=name,
            actual=node.actual,
            budget=node.budget,
            initial_budget=getattr(node, "initial_budget", None),
            last_year=node.last_year,
            last_year_budget=node.last_year_budget,
            note=getattr(node, "note", None),
            purpose=getattr(node, "purpose", None),
            deviation_reason=node.deviation_reason,
            change_reason=node.change_reason,
            path=node.path,
        )


@dataclass(frozen=True)
class StatedTotal:
    """A total that can be typed and can be summed from parts; the two must agree."""

    path: str  # key path of the typed figure
    stated: Decimal
    summed: Decimal


@dataclass(frozen=True)
class LastYearDisagreement:
    """A typed 上年 or 上年预算 that differs from last year's file (the typed figure is used)."""

    path: str  # key path of the typed figure, e.g. 支出.会议费.上年
    label: str  # 上年 / 上年预算
    typed: Decimal
    found: Decimal
    found_as: str  # 执行数 / 预算数: what last year's file calls it


# This year's 上年 is last year's 执行, its 上年预算 last year's 预算.
FROM_LAST_YEAR = (
    ("last_year", "上年", "actual", "执行数"),
    ("last_year_budget", "上年预算", "budget", "预算数"),
)
_STATED = (("budget", "预算"), ("last_year", "上年"), ("last_year_budget", "上年预算"))


@dataclass
class Disagreements:
    """What computing a year found out about its file, for check to report: typed totals that differ
    from the sum of their parts (errors), and typed 上年 or 上年预算 that differ from last year's file
    (warnings), with that file."""

    with_parts: list[StatedTotal] = field(default_factory=list)
    with_last_year: list[LastYearDisagreement] = field(default_factory=list)
    last_year_file: Path | None = None  # last year's file, when it supplied figures


def total(
    name: str,
    path: str,
    parts: list[Line] | None,
    stated: dict[str, Decimal | None],
    found: Disagreements,
    last: Line | None = None,
    **extra: Any,
) -> Line:
    """A line summing `parts`; a typed figure stands in for a sum that cannot be made.

    `parts` is None when the file does not say what the total is made of: its 执行 is unknown. An
    empty list is a stated "none" and sums to zero. `last` is the same total in last year's file:
    its 执行 and 预算 are this year's 上年 and 上年预算 unless typed, and win over the sum of this
    year's parts (which misses the parts that no longer exist).
    """
    figures = {}
    known_parts = parts or []
    carried = {attr: getattr(last, source) for attr, _, source, _ in FROM_LAST_YEAR} if last else {}
    for attr, key in _STATED:
        summed = sum_if_all(getattr(p, attr) for p in known_parts)
        if parts == [] and attr == "budget":
            summed = ZERO  # a part stated as none (项目: []) has no budget either
        typed = stated.get(attr)
        from_file = carried.get(attr)
        if typed is None and from_file is not None:
            figures[attr] = from_file
            continue
        if typed is not None and from_file is not None and typed != from_file:
            found.with_last_year.append(
                LastYearDisagreement(f"{path}.{key}", key, typed, from_file, _found_as(attr))
            )
        if typed is not None and summed is not None and typed != summed:
            found.with_parts.append(StatedTotal(f"{path}.{key}", typed, summed))
        figures[attr] = summed if summed is not None else typed  # a wrong typed total is reported
    actual = None if parts is None else sum_if_all(p.actual for p in parts)
    if parts == []:
        actual = ZERO
    return Line(name=name, actual=actual, path=path, **figures, **extra)


def _found_as(attr: str) -> str:
    return next(label for a, _, _, label in FROM_LAST_YEAR if a == attr)
