"""Figures as clerks write them: `1,234.5元`, `３５８．５２万元`, `增长38.15 %`, read exactly.

An amount in 元 becomes 万元 by moving the point four places (Decimal, never a float); a four-digit
number that is a 科目编码 or a year is not an amount unless a unit follows it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FULL_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%", "－": "-", "＋": "+"}
_POINT = re.compile(r"(?<=\d)[．。](?=\d)")
_GROUPS = re.compile(r"(?<=\d)，(?=\d{3}(?:[，,]\d{3})*(?:\.\d+)?(?:万元|元))")  # 1，234，567元
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=[\d.]|万元|万|元|%|个|人|名)")

FIGURE = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>万元|万|元|%)")
SIGN_DOWN = ("减少", "下降", "降低", "减", "节约")
SIGN_UP = ("增加", "增长", "上升", "提高", "超")


def normalize(text: str) -> str:
    """Full-width digits and signs as ASCII, `３５８．５２` as `358.52`, `54.17 万元` as `54.17万元`."""
    text = "".join(_FULL_WIDTH.get(c, c) for c in text)
    text = _POINT.sub(".", text)
    text = _GROUPS.sub(",", text)
    return _SPACE_IN_NUMBER.sub("", text)


@dataclass(frozen=True)
class Figure:
    """A number found in text: `value` in 万元 for money, in percent for `%`; `start`/`end` in the text."""

    value: Decimal
    unit: str  # "万元" or "%"
    start: int
    end: int
    written: str  # as written (`2仟元`, `1,234元`)


def figures(text: str) -> list[Figure]:
    """Every amount and percentage in `text` (already normalized), in order."""
    out = []
    for match in FIGURE.finditer(text):
        if match.start() and (text[match.start() - 1].isdigit() or text[match.start() - 1] == "."):
            continue
        value = Decimal(match["num"].replace(",", ""))
        unit = match["unit"]
        if unit == "元":
            value = value.scaleb(-4)
        out.append(
            Figure(
                tidy(value), "%" if unit == "%" else "万元", match.start(), match.end(), match[0]
            )
        )
    return out


def tidy(value: Decimal) -> Decimal:
    """`0.1500` as `0.15`, `10` as `10` (the digits that matter, exactly)."""
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value.normalize()


def amount(text: str) -> Decimal | None:
    """A table cell's amount (`358.52`, `1,234元`, `３５８．５２`), or None if it holds none."""
    text = normalize(text).strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text):
        return tidy(Decimal(text.replace(",", "")))
    found = figures(text)
    if len(found) == 1 and found[0].unit == "万元" and found[0].end == len(text):
        return found[0].value
    return None


def looks_like_code(text: str) -> bool:
    """A 科目编码 (`2013899`, `201`) or a year (`2022`): digits with no unit are not money."""
    return bool(re.fullmatch(r"\d{3,9}", text.strip()))
