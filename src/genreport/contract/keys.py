"""How the contract declares a key (`key()`), where a mapping came from (`Located`), and the figures
every amount, project and total shares (执行, 预算, 年初预算, 上年, 上年预算 and their reasons), declared
once. `model.py` builds the contract's types from these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable


class Place(IntEnum):
    """Where a key stands among its mapping's keys, whichever class declares it: a holder's leading
    key (its name, its parts), the figures in the contract's order, the holder's own keys, the
    reasons last. Keys of one place keep their declaration order."""

    LEAD = 0
    ACTUAL = 1
    BUDGET = 2
    INITIAL_BUDGET = 3
    LAST_YEAR = 4
    OWN = 5
    REASON = 6


_META = dict(
    required=False, scalar_ok=False, hint="", keep=False, drop=False, seldom=False, none=None
)


def key(
    chinese: str,
    *,
    default: Any = None,
    factory: Callable[[], Any] | None = None,
    place: Place = Place.OWN,
    **meta: Any,
) -> Any:
    """Declare a field by its YAML key.

    `required` fields must be present and non-empty; `scalar_ok` lets a list field be written as a
    single text (概况.职能 may be one paragraph or a list). `hint` is the short Chinese comment a new
    file carries on the key. What `new` does with last year's value: `keep` writes it unchanged (a
    name, a contact), `drop` leaves the key out (this year's only), otherwise a figure becomes a
    blank to fill and a text a comment. `seldom` marks an optional figure `init` shows commented
    out (a blank would be a figure to fill); `carried_from` names the key whose last-year value
    fills this one when the file leaves it out (上年 from 执行). `none` is what a section written as
    `无` stands for, in the file's own terms (`{"项目": []}`, `["无"]`): the same stated "none" as
    writing that out.
    """
    unknown = set(meta) - set(_META) - {"carried_from"}
    if unknown:
        raise TypeError(f"unknown key() options: {unknown}")
    meta = {"key": chinese, **_META, "carried_from": None, **meta, "place": place}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Located:
    """Where a mapping came from: its key path in the file (e.g. `支出.基本支出`), and which of its
    keys the file wrote: an empty list written as `[]` is a stated "none", a key left out is unknown.

    `RESTATE` lets a class that reuses a shared key say more about it (its own hint, required,
    seldom) without declaring it again; `SHORTHAND` names the field a bare scalar fills (an amount
    written as `8.28` means `{执行: 8.28}`).
    """

    RESTATE: ClassVar[dict[str, dict[str, Any]]] = {}
    SHORTHAND: ClassVar[str | None] = None

    path: str = field(default="", kw_only=True, repr=False, compare=False)
    written: frozenset[str] = field(default=frozenset(), kw_only=True, repr=False, compare=False)

    def wrote(self, chinese_key: str) -> bool:
        return chinese_key in self.written


# --- the figures: declared once, reused by every amount, project and total ----------------------


@dataclass
class BudgetFigures(Located):
    """预算, 上年 and 上年预算 of a total whose 执行 is computed from its parts (整体支出)."""

    budget: Decimal | None = key("预算", hint="全年预算数", place=Place.BUDGET)
    last_year: Decimal | None = key(
        "上年",
        hint="上年执行数；不填时从上年数据文件取",
        carried_from="执行",
        place=Place.LAST_YEAR,
    )
    last_year_budget: Decimal | None = key(
        "上年预算",
        hint="上年预算数；不填时从上年数据文件取",
        carried_from="预算",
        place=Place.LAST_YEAR,
    )


@dataclass
class ExplainedFigures(BudgetFigures):
    """Budget figures with the reasons for their gaps (基本支出, 项目支出)."""

    deviation_reason: str | None = key(
        "偏差原因", hint="执行数与预算数差异的原因", place=Place.REASON
    )
    change_reason: str | None = key("变动原因", hint="与上年相比增减的原因", place=Place.REASON)


@dataclass
class Figures(ExplainedFigures):
    """执行 (决算) with its budgets, last year's figures and the reasons: an amount or a project."""

    actual: Decimal | None = key("执行", hint="全年执行数（决算数）", place=Place.ACTUAL)
    initial_budget: Decimal | None = key(
        "年初预算",
        hint="年初预算数（与全年预算数不同时填写）",
        drop=True,
        seldom=True,
        place=Place.INITIAL_BUDGET,
    )
