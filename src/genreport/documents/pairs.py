"""Paragraph, row and cell tags (`{%p if %}`…`{%p endif %}`, `{%tr for %}`…`{%tr endfor %}`,
`{%tc for %}`) that a restyled template has put where docxtpl cannot use them: after rows are dragged
or text cut and pasted in Word or WPS, the two halves of a pair can sit in different cells, tables,
text boxes, or the body and a table; a row tag can end up outside any table; a column loop can sit in
a table whose grid gives no widths to share out. docxtpl then cuts the document's XML in the wrong
places: a table vanishes, a paragraph repeats without a word, or a header cannot be written at all.
Each such tag becomes a Chinese message saying where it is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from genreport.documents.grid import has_widths

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{%-?\s*(p|tr|tc)\s+(if|for|elif|else|endif|endfor)\b[^%]*%\}")
_OPENS, _CLOSES = ("if", "for"), ("endif", "endfor")
_KIND = {"p": "段落", "tr": "表格行", "tc": "单元格"}
_HOME = {
    "p": "同一个单元格或文本框（或同在表格外的正文）",
    "tr": "同一个表格",
    "tc": "同一个表格",
}


@dataclass(frozen=True)
class _Tag:
    text: str
    kind: str  # p, tr or tc
    home: tuple[
        int, ...
    ]  # the cell or text box (p), the table (tr, tc) it must share with its pair
    where: str  # the home as the clerk finds it in Word


def tag_faults(part: etree._Element, part_name: str = "正文") -> list[str]:
    """Each pair of `{%p %}`/`{%tr %}`/`{%tc %}` tags in `part` that is split, each row or cell tag
    outside a table, each column loop in a table without column widths, as the rest of a message
    (“模板“…”中” goes before it)."""
    tables = list(part.iter(f"{_W}tbl"))  # held, so lxml gives each node the same proxy
    boxes = list(part.iter(f"{_W}txbxContent"))
    stacks: dict[str, list[_Tag]] = {"p": [], "tr": [], "tc": []}
    faults = []
    for paragraph in part.iter(f"{_W}p"):
        text = own_text(paragraph)
        for match in _TAG.finditer(text):
            kind, word = match.group(1), match.group(2)
            tag = _place(match.group(), kind, paragraph, tables, boxes, part_name)
            if kind != "p" and (fault := _outside_its_table(tag, word, paragraph, tables)):
                faults.append(fault)
                continue
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
                    f"对应的“{tag.text}”却在{tag.where}。这两个标记必须在{_HOME[kind]}中，"
                    "否则生成的文件中表格会消失或段落会重复。请在Word或WPS中把它们移回同一处。"
                )
    return faults


def own_text(paragraph: etree._Element) -> str:
    """The paragraph's text without that of the paragraphs in its text boxes (docxtpl's tags act
    on the innermost paragraph that holds them)."""
    return "".join(
        t.text or ""
        for t in paragraph.iter(f"{_W}t")
        if next(t.iterancestors(f"{_W}p")) is paragraph
    )


def _outside_its_table(
    tag: _Tag, word: str, paragraph: etree._Element, tables: list[etree._Element]
) -> str:
    """Why a row or column tag cannot work where it is ("" when it can)."""
    if next(paragraph.iterancestors(f"{_W}tc"), None) is None:
        return (
            f"{_KIND[tag.kind]}标记“{tag.text}”在{tag.where}，不在任何表格中。这种标记必须写在"
            f"它要重复的那{'一行' if tag.kind == 'tr' else '一列'}的单元格中；"
            "请在Word或WPS中把它移回表格，或改用不带“tr”“tc”的标记。"
        )
    table = tables[tag.home[0] - 1]
    if tag.kind == "tc" and word == "for" and not has_widths(table):
        return (
            f"{tag.where}有按列重复的标记“{tag.text}”，但这个表格没有记录各列的宽度"
            "（表格网格缺少列宽），生成时无法为重复出的列分配宽度。请在Word或WPS中选中这个表格，"
            "在“表格属性”中为每一列设定宽度后保存（或把内容复制到新插入的表格中）。"
        )
    return ""


def _place(
    text: str,
    kind: str,
    paragraph: etree._Element,
    tables: list[etree._Element],
    boxes: list[etree._Element],
    part_name: str,
) -> _Tag:
    # The innermost cell or text box holds a `{%p %}` pair; the innermost table a row or column pair.
    for home in paragraph.iterancestors(f"{_W}tc", f"{_W}tbl", f"{_W}txbxContent"):
        if home.tag == f"{_W}txbxContent" and kind == "p":
            number = boxes.index(home) + 1
            return _Tag(text, kind, (-number,), f"{part_name}第{number}个文本框")
        if home.tag == f"{_W}tbl" or (home.tag == f"{_W}tc" and kind == "p"):
            break
    else:
        return _Tag(text, kind, (), f"{part_name}（表格外）")
    cell = next(paragraph.iterancestors(f"{_W}tc"), None)
    table = next(paragraph.iterancestors(f"{_W}tbl"))
    number = tables.index(table) + 1
    if kind != "p" or cell is None:
        return _Tag(text, kind, (number,), f"{part_name}第{number}个表格")
    row = next(cell.iterancestors(f"{_W}tr"))  # a content control may hold a row or a cell
    row_number = _position(row, table.iter(f"{_W}tr"), f"{_W}tbl", table)
    column = _position(cell, row.iter(f"{_W}tc"), f"{_W}tr", row)
    return _Tag(
        text,
        kind,
        (number, row_number, column),
        f"{part_name}第{number}个表格第{row_number}行第{column}列",
    )


def _position(
    element: etree._Element,
    candidates: Iterator[etree._Element],
    owner_tag: str,
    owner: etree._Element,
) -> int:
    """The element's number among those of its own table or row (not a nested table's)."""
    own = [c for c in candidates if next(c.iterancestors(owner_tag)) is owner]
    return own.index(element) + 1
