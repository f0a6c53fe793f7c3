"""Tags a clerk can type in Word or WPS where docxtpl never fills them in: a comment (批注), an
endnote (尾注), and the document properties other than those docxtpl renders (标题, 主题, 作者,
备注, 标识符, 语言: `render_properties`). The body, text boxes, headers, footers and footnotes are
rendered. A tag left elsewhere stays in every generated file as typed, `{{ 单位名称 }}` and all,
and can never work: each is refused with where it is and what to do."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_COMMENTS = "wordprocessingml.comments+xml"
_ENDNOTES = "wordprocessingml.endnotes+xml"
_CUSTOM = "officedocument.custom-properties+xml"
_APP = "officedocument.extended-properties+xml"
_TAG = re.compile(r"\{[{%#].*?(?:[}%#]\}|$)", re.DOTALL)
# The properties docxtpl does not render, by the name Word's and WPS's 属性 dialog gives them.
_CORE = {"keywords": "关键词", "category": "类别", "content_status": "状态"}
_APP_FIELDS = {"Company": "单位", "Manager": "经理"}
_STAYS = "不会被填写，生成的文件中会原样留下这个标记"


def unrendered_tags(doc: DocxTemplate) -> list[str]:
    """Each place of the template holding a tag docxtpl leaves as typed, as the rest of a message
    (“模板“…”中” goes before it)."""
    from lxml import etree

    plain = etree.XMLParser(resolve_entities=False, recover=True)  # no DOCTYPE (checked)
    faults = []
    for part in doc.docx.part.package.iter_parts():
        kind = part.content_type
        if kind.endswith((_COMMENTS, _ENDNOTES)):
            root = etree.fromstring(part.blob, plain)
            if root is None:
                continue
            if kind.endswith(_COMMENTS):
                faults += _in_notes(root, "comment", "批注", "请把标记移到正文中，或删除这条批注。")
            else:
                faults += _in_notes(
                    root, "endnote", "尾注", "请把标记移到正文或脚注中，或删除这条尾注。"
                )
        elif kind.endswith(_CUSTOM):
            faults += _in_custom(etree.fromstring(part.blob, plain))
        elif kind.endswith(_APP):
            faults += _in_app(etree.fromstring(part.blob, plain))
    properties = doc.docx.core_properties
    for name, label in _CORE.items():
        tag = _first_tag(getattr(properties, name) or "")
        if tag:
            faults.append(_property(label, tag))
    return faults


def _in_notes(root: etree._Element, element: str, label: str, fix: str) -> list[str]:
    """`第2条批注中有标记…`: numbered as Word lists them (separators of notes are no note)."""
    faults = []
    notes = [n for n in root.iter(f"{_W}{element}") if n.get(f"{_W}type") is None]
    for number, note in enumerate(notes, 1):
        text = "\n".join(
            "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
            for paragraph in note.iter(f"{_W}p")
        )
        tag = _first_tag(text)
        if tag:
            faults.append(
                f"第{number}条{label}中有标记“{tag}”：{label}{_STAYS}。{fix}"
                "模板中的标记只能写在正文（包括表格和文本框）、页眉、页脚和脚注中。"
            )
    return faults


def _in_custom(root: etree._Element | None) -> list[str]:
    if root is None:
        return []
    faults = []
    for prop in root:
        tag = _first_tag("".join(str(text) for text in prop.itertext()))
        if tag:
            faults.append(_property(f"自定义属性“{prop.get('name', '')}”", tag))
    return faults


def _in_app(root: etree._Element | None) -> list[str]:
    if root is None:
        return []
    faults = []
    for element in root:
        label = _APP_FIELDS.get(_local_name(element.tag))
        tag = _first_tag(element.text or "") if label else None
        if label and tag:
            faults.append(_property(label, tag))
    return faults


def _local_name(tag: object) -> str:
    """An element's name without its namespace (comments and processing instructions: "")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _property(label: str, tag: str) -> str:
    return (
        f"文档属性“{label}”中有标记“{tag}”：这一属性{_STAYS}。请在Word或WPS的“文件 → 属性”中"
        "删除这个标记；文档属性中只有标题、主题、作者和备注里的标记会被填写。"
    )


def _first_tag(text: str) -> str | None:
    """The first `{{ … }}`, `{% … %}` or `{# … #}` in `text` (an unclosed one to its end), cut to
    40 characters; None when there is none."""
    found = _TAG.search(text)
    if found is None:
        return None
    tag = " ".join(found.group().split())
    return tag if len(tag) <= 40 else tag[:40] + "…"
