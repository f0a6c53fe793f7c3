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
    "p": "同一个单元格、文本框或脚注（或同在表格外的正文）",
    "tr": "同一个表格",
    "tc": "同一个表格",
}


@dataclass(frozen=True)
class _Tag:
    text: str
    kind: str  # p, tr or tc
    home: tuple[int, ...]  # the cell, text box or note (p), the table (tr, tc) shared with its pair
    where: str  # the home as the clerk finds it in Word
    table: int  # the number of the innermost table holding it (0: none)


def tag_faults(part: etree._Element, part_name: str = "正文") -> list[str]:
    """Each pair of `{%p %}`/`{%tr %}`/`{%tc %}` tags in `part` that is split, each row or cell tag
    outside a table, each column loop in a table without column widths, as the rest of a message
    (“模板“…”中” goes before it)."""
    # held, so lxml gives each node the same proxy
    held = {tag: list(part.iter(tag)) for tag in (_TBL, _CONTROL, *_BOXES)}
    stacks: dict[str, list[_Tag]] = {"p": [], "tr": [], "tc": []}
    faults = []
    for paragraph in part.iter(f"{_W}p"):
        text = own_text(paragraph)
        for match in _TAG.finditer(text):
            kind, word = match.group(1), match.group(2)
            tag = _place(match.group(), kind, paragraph, held, part_name)
            if kind != "p" and (fault := _outside_its_table(tag, word, paragraph, held[_TBL])):
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
    table = tables[tag.table - 1]
    if tag.kind == "tc" and word == "for" and not has_widths(table):
        return (
            f"{tag.where}有按列重复的标记“{tag.text}”，但这个表格没有记录各列的宽度"
            "（表格网格缺少列宽），生成时无法为重复出的列分配宽度。请在Word或WPS中选中这个表格，"
            "在“表格属性”中为每一列设定宽度后保存（或把内容复制到新插入的表格中）。"
        )
    return ""


_TC, _TR, _TBL, _CONTROL = f"{_W}tc", f"{_W}tr", f"{_W}tbl", f"{_W}sdtContent"
# What else holds paragraphs of its own: a `{%p %}` pair must stay in one of them.
_BOXES = {
    f"{_W}txbxContent": "个文本框",
    f"{_W}footnote": "条脚注",
    f"{_W}endnote": "条尾注",
    f"{_W}comment": "条批注",
}


def _place(
    text: str,
    kind: str,
    paragraph: etree._Element,
    held: dict[str, list[etree._Element]],
    part_name: str,
) -> _Tag:
    """Where a tag is: the innermost cell, text box or note holding a `{%p %}` tag, the innermost
    table holding a row or column tag, and any content control between (its pair must be in it
    too: docxtpl would cut the control apart)."""
    stops = (_TC, *_BOXES) if kind == "p" else (_TBL,)
    repeated = {"p": _W + "p", "tr": _TR, "tc": _TC}[kind]  # what the tag repeats or removes
    controls: list[int] = []
    home = None
    outside = kind == "p"  # a control inside the repeated row or cell goes with it
    for ancestor in paragraph.iterancestors():
        outside = outside or ancestor.tag == repeated
        if ancestor.tag == _CONTROL and outside:
            controls.append(held[_CONTROL].index(ancestor) + 1)
        if ancestor.tag in stops:
            home = ancestor
            break
    in_control = f"（第{controls[0]}个内容控件中）" if controls else ""
    if home is None:
        return _Tag(text, kind, (0, *controls), f"{part_name}（表格外）{in_control}", 0)
    if home.tag in _BOXES:
        before = held[home.tag][: held[home.tag].index(home) + 1]
        number = sum(1 for b in before if b.get(f"{_W}type") in (None, "normal"))
        where = f"第{number}{_BOXES[home.tag]}{in_control}"  # notes are numbered in the document
        if home.get(f"{_W}type") not in (None, "normal"):  # the line above a page's notes
            where = f"{part_name}的分隔线{in_control}"
        elif home.tag == f"{_W}txbxContent":
            where = part_name + where
        place = (-list(_BOXES).index(home.tag) - 1, len(before), *controls)
        return _Tag(text, kind, place, where, 0)
    table = next(paragraph.iterancestors(_TBL))
    number = held[_TBL].index(table) + 1
    if home.tag == _TBL:
        return _Tag(
            text, kind, (number, *controls), f"{part_name}第{number}个表格{in_control}", number
        )
    row = next(home.iterancestors(_TR))  # a content control may hold a row or a cell
    row_number = _position(row, table.iter(_TR), _TBL, table)
    column = _position(home, row.iter(_TC), _TR, row)
    return _Tag(
        text,
        kind,
        (number, row_number, column, *controls),
        f"{part_name}第{number}个表格第{row_number}行第{column}列{in_control}",
        number,
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
