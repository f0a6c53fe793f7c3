"""Opening a Word template: its bytes read within bounds and checked as a zip before anything
parses them, docxtpl's template with our `{% 上合并 %}` cell mark, tags left open within a paragraph,
and document properties that do not change from run to run. Used by the engine and by the prepared
form of a template (`compiled`), so neither needs the other's internals."""

from __future__ import annotations

import functools
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from genreport.errors import TemplateError
from genreport.failures import reason

if TYPE_CHECKING:
    from docx.opc.coreprops import CoreProperties
    from docxtpl import DocxTemplate

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def template_bytes(template: Path, check: bool = True) -> bytes:
    """The template's bytes, read within bounds and (unless the caller checks them before it
    parses them) checked as a zip; TemplateError if it is missing, unreadable or unsound."""
    from genreport.documents.docxzip import UnsafePackage, read_package

    try:
        return read_package(template, check)
    except FileNotFoundError:
        raise TemplateError(
            f"模板文件“{template}”不存在。请检查 templates/ 中的提纲文件夹。"
        ) from None
    except UnsafePackage as exc:
        raise _unsound(template, exc) from None
    except OSError as exc:
        raise TemplateError(f"无法读取模板“{template}”（{reason(exc)}）。") from None


def _checked(template: Path, data: bytes) -> None:
    from genreport.documents.docxzip import UnsafePackage, check_package

    try:
        check_package(data)
    except UnsafePackage as exc:
        raise _unsound(template, exc) from None


def _unsound(template: Path, exc: Exception) -> TemplateError:
    return TemplateError(
        f"模板“{template}”{exc}。请换用Word或WPS正常保存的模板（用Word打开后另存为.docx）。"
    )


def open_template(template: Path, data: bytes | None = None) -> DocxTemplate:
    """The template (its checked bytes when given), opened; TemplateError if it is missing or not
    a Word document."""
    _Template = template_class()
    if data is None:
        data = template_bytes(template)
    else:
        _checked(template, data)
    try:
        doc = _Template(io.BytesIO(data))
        doc.init_docx()
    except Exception:  # not a zip, or a zip without a Word document in it
        raise TemplateError(
            f"模板“{template}”不是有效的Word文件（.docx），可能已损坏或是另存为了其他格式。"
            "请用Word或WPS打开后另存为“Word文档（*.docx）”。"
        ) from None
    return doc


_FOOTNOTES = "wordprocessingml.footnotes+xml"
_RESAVE = "请用Word或WPS打开模板后另存为“Word文档（*.docx）”。"
_DELIMITERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")


def unclosed_tags(doc: DocxTemplate) -> list[str]:
    """Tags opened but not closed within their paragraph, and `{%p %}`/`{%tr %}`/`{%tc %}` tags
    where docxtpl cannot use them (`pairs.py`), in the body, headers, footers and footnotes, and
    tags where docxtpl never fills them in (`unrendered.py`: comments, endnotes, some document
    properties), each as the rest of a message.

        docxtpl would let such a tag run on into the following paragraphs, where a `{%p %}` can swallow
        them silently; a tag never spans paragraphs in a sound template.
    """
    from lxml import etree

    from genreport.documents.pairs import own_text, tag_faults

    plain = etree.XMLParser(resolve_entities=False)  # the package has no DOCTYPE (checked)
    parts = [("正文", doc.docx.element.body)] + [
        ("页眉" if rel.reltype.endswith("/header") else "页脚", rel.target_part.element)
        for rel in doc.docx.part.rels.values()
        if rel.reltype.endswith(("/header", "/footer"))
    ]
    for package_part in doc.docx.part.package.iter_parts():
        if package_part.content_type.endswith(_FOOTNOTES):  # docxtpl renders them too
            try:
                parts.append(("脚注", etree.fromstring(package_part.blob, plain)))
            except etree.XMLSyntaxError:
                return [f"脚注（{package_part.partname}）不是有效的Word内容。{_RESAVE}"]
    faults = []
    for name, part in parts:
        faults += tag_faults(part, name)
        for paragraph in part.iter(f"{_W}p"):
            text = own_text(paragraph)
            position = 0
            while match := _OPENER.search(text, position):
                closer = _DELIMITERS[match.group()]
                end = text.find(closer, match.end())
                if end < 0:
                    shown = text[match.start() :][:60]
                    faults.append(
                        f"有一个标记没有闭合：“{match.group()}”缺少对应的“{closer}”"
                        f"（出错处：{shown}）。标记必须在同一段落内写完整。"
                    )
                    break
                position = end + len(closer)
    from genreport.documents.unrendered import unrendered_tags

    return faults + unrendered_tags(doc)


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def fix_properties(properties: CoreProperties) -> None:
    """Document properties that do not change from run to run (the template's author is kept)."""
    properties.created = _EPOCH
    properties.modified = _EPOCH
    properties.last_printed = _EPOCH
    properties.last_modified_by = "genreport"
    properties.revision = 1


# A cell marked `{% 上合并 %}` in a row loop merges into the cell above while its value is empty:
# the 分解目标 rows give 一级, 权重 and 二级 only on the first row of their group. The mark is a
# structure the clerk sees in Word, not header text a clerk may reword.
MERGE_MARK = re.compile(r"{%\s*上合并\s*%}")
_CELL = re.compile(r"<w:tc[ >](?:(?!<w:tc[ >]).)*?</w:tc>", re.DOTALL)
_VALUE = re.compile(r"{{(.*?)}}", re.DOTALL)
_AFTER_VMERGE = ("<w:tcBorders", "<w:shd", "<w:noWrap", "<w:tcMar", "<w:textDirection",
                 "<w:tcFitText", "<w:vAlign", "<w:hideMark", "</w:tcPr>")  # fmt: skip


def _merge_marked_cell(match: re.Match[str]) -> str:
    cell = match.group()
    if not MERGE_MARK.search(cell):
        return cell
    cell = MERGE_MARK.sub("", cell)
    value = _VALUE.search(re.sub(r"<[^>]+>", "", cell))
    if value is None:
        return cell
    merge = (
        f'<w:vMerge w:val="{{% if ({value.group(1)}) or loop.first %}}restart'
        '{% else %}continue{% endif %}"/>'
    )
    if "<w:tcPr>" not in cell and "<w:tcPr " not in cell:
        return re.sub(r"(<w:tc(?: [^>]*)?>)", rf"\1<w:tcPr>{merge}</w:tcPr>", cell, count=1)
    tc_pr = re.search(r"<w:tcPr[ >].*?</w:tcPr>", cell, re.DOTALL)
    if tc_pr is None:  # `<w:tcPr .../>`: w:tcPr has no attributes, Word never writes one so
        return cell
    head, body = tc_pr.group(), tc_pr.group()
    at = min(body.find(tag) for tag in _AFTER_VMERGE if body.find(tag) >= 0)
    return cell.replace(head, body[:at] + merge + body[at:], 1)


@functools.cache
def template_class() -> type[DocxTemplate]:
    """docxtpl's template with our `{% 上合并 %}` cell mark (docxtpl imported only when needed)."""
    from docx.oxml.ns import nsmap
    from docxtpl import DocxTemplate
    from lxml import etree

    from genreport.documents.grid import fix_tables

    # docxtpl imports docxcompose when it is installed (a dependency before docxtpl 0.20.2, which an
    # upgrade leaves behind), and docxcompose rebinds python-docx's `cp:` prefix to another
    # namespace: the core properties would be written a second time, in that namespace.
    nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

    class _Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            return _CELL.sub(_merge_marked_cell, super().patch_xml(src_xml))

        def fix_tables(self, xml: str) -> etree._Element:
            # docxtpl's own stops at a table without a grid or a column without a width
            return fix_tables(etree.fromstring(xml, etree.XMLParser(recover=True)))

    return _Template
