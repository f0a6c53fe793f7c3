"""Paired paragraph, row and cell tags (`{%p if %}`…`{%p endif %}`, `{%tr for %}`…`{%tr endfor %}`)
that a restyled template has split: after rows are dragged or text cut and pasted in Word or WPS,
the two halves can sit in different cells, tables, or the body and a table. docxtpl then cuts the
document's XML in the wrong places: a table vanishes or a paragraph repeats without a word. Each
split pair becomes a Chinese message saying where its two halves are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{%-?\s*(p|tr|tc)\s+(if|for|elif|else|endif|endfor)\b[^%]*%\}")
_OPENS, _CLOSES = ("if", "for"), ("endif", "endfor")
_KIND = {"p": "段落", "tr": "表格行", "tc": "单元格"}


@dataclass(frozen=True)
class _Tag:
    text: str
    kind: str  # p, tr or tc
    home: tuple[int, ...]  # the cell (p), the table (tr, tc) it must share with its pair
    where: str  # the home as the clerk finds it in Word


def split_pairs(part: etree._Element, part_name: str = "正文") -> list[str]:
    """Where each pair of `{%p %}`/`{%tr %}`/`{%tc %}` tags in `part` is split, as the rest of a
    message (“模板“…”中” goes before it)."""
    tables = list(part.iter(f"{_W}tbl"))  # held, so lxml gives each node the same proxy
    stacks: dict[str, list[_Tag]] = {"p": [], "tr": [], "tc": []}
    faults = []
    for paragraph in part.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
        for match in _TAG.finditer(text):
            kind, word = match.group(1), match.group(2)
            tag = _place(match.group(), kind, paragraph, tables, part_name)
            stack = stacks[kind]
            if word in _OPENS:
                stack.append(tag)
                continue
            if not stack:
                continue  # a close without its open: Jinja's own message says so
            opened = stack[-1] if word not in _CLOSES else stack.pop()
            if opened.home != tag.home:
                faults.append(
                    f"成对的{_KIND[kind]}标记被拆开了：“{opened.text}”在{opened.where}，"
                    f"对应的“{tag.text}”却在{tag.where}。这两个标记必须在"
                    f"{'同一个单元格（或同在表格外的正文）' if kind == 'p' else '同一个表格'}中，"
                    "否则生成的文件中表格会消失或段落会重复。请在Word或WPS中把它们移回同一处。"
                )
    return faults


def _place(
    text: str, kind: str, paragraph: etree._Element, tables: list[etree._Element], part_name: str
) -> _Tag:
    cell = next(paragraph.iterancestors(f"{_W}tc"), None)
    table = next(paragraph.iterancestors(f"{_W}tbl"), None)
    if table is None:
        return _Tag(text, kind, (), f"{part_name}（表格外）")
    number = tables.index(table) + 1
    if kind != "p" or cell is None:
        return _Tag(text, kind, (number,), f"{part_name}第{number}个表格")
    row = cell.getparent()
    row_number = list(table.iterchildren(f"{_W}tr")).index(row) + 1 if row is not None else 0
    column = list(row.iterchildren(f"{_W}tc")).index(cell) + 1 if row is not None else 0
    return _Tag(
        text,
        kind,
        (number, row_number, column),
        f"{part_name}第{number}个表格第{row_number}行第{column}列",
    )
