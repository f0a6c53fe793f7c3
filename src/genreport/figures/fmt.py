"""How figures are shown: amounts and percentages with 2 decimals, rounded half-up.

The only place that rounds. `52.345` shows as `52.35` (binary floats and banker's rounding give
52.34).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from genreport.figures.line import Change

_CENT = Decimal("0.01")
_WHOLE_SHARE = Decimal(100)


def rounded(value: Decimal) -> Decimal:
    """`value` rounded half-up to 2 places (0.005 goes away from zero)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def shown_share_total(shares: list[Decimal | None]) -> Decimal | None:
    """The shares of one whole as printed (each rounded half-up), added up, where they do not make
    100.00%: 33.333…% three times prints 33.33% three times, 99.99% together. None where they do,
    or where fewer than two shares are printed or one is unknown."""
    if len(shares) < 2 or any(s is None for s in shares):
        return None
    shown = sum((rounded(s) for s in shares if s is not None), Decimal(0))
    return None if shown == _WHOLE_SHARE else shown


def money(value: Decimal) -> str:
    """An amount in 万元 without the unit: `133.7` → `133.70`."""
    result = rounded(value)
    return f"{(result if result else abs(result)):f}"


def percent(value: Decimal) -> str:
    """A percentage already multiplied by 100: `86.8017` → `86.80%`."""
    return f"{money(value)}%"


def score(value: Decimal) -> str:
    """A score or weight as a clerk writes it: 3, 2.5 (no trailing zeros)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_column(scores: Iterable[Decimal]) -> Callable[[Decimal], str]:
    """How one column of scores prints each score and its 总分: as typed (`score`) while every one
    is whole, each to 2 places (`money`) once one has decimals, so a computed `18.73` stands
    beside `30.00` and `96.73`, never beside `30`."""
    return money if any(s != s.to_integral_value() for s in scores) else score


def money_or_blank(value: Decimal | None) -> str:
    """An amount for a document: blank where the file does not give it, never 0.00."""
    return "" if value is None else money(value)


def percent_or_blank(value: Decimal | None) -> str:
    return "" if value is None else percent(value)


def change_phrase(change: Change, unit: str = "万元") -> str:
    """比上年增加7.01万元，增长4.88% / 比上年减少…，下降… / 与上年持平.

    Judged on the displayed figure: a change that rounds to 0.00 reads as 持平.
    """
    if rounded(change.amount) == 0:
        return "与上年持平"
    verb, trend = ("增加", "增长") if change.amount > 0 else ("减少", "下降")
    phrase = f"比上年{verb}{money(abs(change.amount))}{unit}"
    if change.rate is not None:
        phrase += f"，{trend}{percent(abs(change.rate))}"
    return phrase
