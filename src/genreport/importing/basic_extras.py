"""The rest of a 基础数据表 beside its money rows: the 楼堂馆所控制情况 table (批复规模, 实际规模,
预算投资, 实际投资; the two 控制率 are genreport's to compute), the 厉行节约保障措施 row, and the
signature line under any of the tables (单位负责人, 填表人, 联系电话, 填报日期). They are taken out
of the blocks before the report is read, each with where it was found."""

from __future__ import annotations

import re

from genreport.importing.extract import Block
from genreport.importing.numbers import amount, normalize
from genreport.importing.report import Reading, Value

_BUILDINGS = (("批复规模", "批复规模"), ("实际规模", "实际规模"), ("预算投资", "预算投资"),
              ("实际投资", "实际投资"))  # fmt: skip
_SIGNATURES = re.compile(
    r"(?P<label>单位负责人(?:签字|签章)?|填表人|填报人|联系电话|填报日期)[：:][ \t\u3000]*"
    r"(?P<value>(?:(?!单位负责人|填表人|填报人|联系电话|填报日期)[^ \t\u3000：:])*)"
)
_SIGNED = {"填表人": "填报人"}

# what was read: (contract key path, value, where, the words)
Found = tuple[str, Value, str, str]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def take_basic_extras(blocks: list[Block]) -> tuple[list[Block], list[Found]]:
    """(the blocks left, what the 楼堂馆所 table, the 厉行节约 row and signature lines say)."""
    rest: list[Block] = []
    found: list[Found] = []
    columns: dict[int, str] = {}
    for block in blocks:
        cells = [_flat(c) for c in block.cells]
        if block.cells and sum(any(w in c for c in cells) for w, _ in _BUILDINGS) >= 3:
            columns = {
                i: key
                for i, c in enumerate(cells)
                for w, key in _BUILDINGS
                if w in c and "率" not in c
            }
            continue
        if columns and block.cells:
            for i, key in columns.items():
                value = amount(block.cells[i]) if i < len(block.cells) else None
                if value is not None:
                    words = f"{key}（{block.cells[i].strip()}）"
                    found.append((f"楼堂馆所.{key}", value, block.where, words))
            columns = {}
            continue
        columns = {}
        texts = [c.strip() for c in block.cells if c.strip()] if block.cells else []
        if texts and _flat(texts[0]).startswith("厉行节约保障措施"):
            if len(texts) > 1:
                found.append(("厉行节约", texts[1], block.where, texts[1]))
            continue
        signed = list(_SIGNATURES.finditer(block.text))
        if len(signed) >= 2 and not _SIGNATURES.sub("", block.text).strip(" \u3000"):
            for match in signed:
                if match["value"]:
                    label = re.sub(r"签字|签章", "", match["label"])
                    key = f"填报.{_SIGNED.get(label, label)}"
                    found.append((key, match["value"], block.where, match[0]))
            continue
        rest.append(block)
    return rest, found


def add_extras(reading: Reading, found: list[Found]) -> None:
    """What `take_basic_extras` found, into the reading's keys."""
    for path, value, where, words in found:
        reading.put(path, value, where, words)
