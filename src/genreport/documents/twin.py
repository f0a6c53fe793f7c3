"""A document's text twin: the same content in the same order, as Markdown that diffs well.

Headings become `#` lines, tables become pipe tables, and body text is written one sentence per line,
so that `git diff` of a regenerated report shows exactly the sentences a corrected figure changed.
`genreport textconv` prints the same text for git's textconv.

The twin is made from the document's XML as written (`word/document.xml`) and its styles, read with
lxml alone: rendering makes it from the XML it just produced, without opening the .docx again.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from genreport.documents.docxzip import UnsafePackage, check_package, read_package
from genreport.documents.grid import span_of
from genreport.errors import NotADocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"

_HEADING_LEVELS = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}
_SENTENCE_END = re.compile(r"(?<=[。；！？])(?=[^”’）」』。；！？])")
# Word's own names for built-in styles as python-docx (and Word's UI) shows them.
_UI_NAMES = {"heading 1": "Heading 1", "heading 2": "Heading 2", "heading 3": "Heading 3"}
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class HeadingStyles:
    """Which paragraph style ids are headings, and at what level, from a document's styles.xml."""

    def __init__(self, styles_xml: bytes | None):
        self.levels: dict[str, int | None] = {}
        self.default: int | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml, _PARSER)
        for style in root.iterchildren(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue  # a style of another type falls back to the default paragraph style
            name = style.find(f"{W}name")
            ui_name = None if name is None else name.get(f"{W}val")
            level = (
                None if ui_name is None else _HEADING_LEVELS.get(_UI_NAMES.get(ui_name, ui_name))
            )
            style_id = style.get(f"{W}styleId")
            if style_id is not None:  # a paragraph names its style by id: one without is unused
                self.levels.setdefault(style_id, level)
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default = level  # the last default paragraph style counts

    def level(self, paragraph: etree._Element) -> int | None:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = None if style is None else style.get(f"{W}val")
        return self.levels.get(style_id, self.default) if style_id is not None else self.default


def document_text(source: bytes | Path) -> str:
    """The Markdown twin of a .docx given as bytes or a path."""
    shown = "（文档内容）" if isinstance(source, bytes) else source  # as messages name it
    try:
        if isinstance(source, bytes):
            data = source
            check_package(data)
        else:
            data = read_package(Path(source))
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = _target(package, "", _OFFICE_DOCUMENT)
            styles = _target(package, document, _STYLES)
            document_xml = package.read(document)
            styles_xml = package.read(styles) if styles else None
        body = etree.fromstring(document_xml, _PARSER).find(f"{W}body")
        return twin_text(body, HeadingStyles(styles_xml))
    except FileNotFoundError:
        raise NotADocument(f"找不到文件“{shown}”。") from None
    except OSError:
        raise NotADocument(f"无法读取“{shown}”，请确认它是文件且有读取权限。") from None
    except UnsafePackage as exc:
        raise NotADocument(f"“{shown}”{exc}。") from None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise NotADocument(f"“{shown}”不是Word（.docx）文档，或文件已损坏。") from None


def _target(package: zipfile.ZipFile, part: str, reltype_end: str) -> str:
    """The part that `part` (the package itself for "") relates to with a relationship of the given
    type, as a name in the zip; "" when there is none."""
    folder, name = posixpath.split(part)
    rels = etree.fromstring(package.read(posixpath.join(folder, "_rels", f"{name}.rels")), _PARSER)
    for rel in rels.iterchildren(_RELS):
        if rel.get("Type", "").endswith(reltype_end) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target[1:]
            return posixpath.normpath(posixpath.join(folder, target))
    if not part:
        raise KeyError("no main document")
    return ""


def twin_text(body: etree._Element | None, headings: HeadingStyles) -> str:
    """The Markdown twin of a document's body (`w:body` of `word/document.xml`)."""
    blocks = []
    for element in body.iterchildren() if body is not None else ():
        if element.tag == f"{W}p":
            block = _paragraph(element, headings)
        elif element.tag == f"{W}tbl":
            block = _table(element)
        else:
            continue
        if block:
            blocks.append(block)
    return "\n\n".join(blocks) + "\n"


def _text(element: etree._Element) -> str:
    """The visible text of a paragraph: its runs' text and tabs, in order."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _paragraph(element: etree._Element, headings: HeadingStyles) -> str:
    text = _text(element)
    if not text:
        return ""
    level = headings.level(element)
    if level:
        return f"{'#' * level} {' '.join(text.split())}"
    return "\n".join(line for line in _SENTENCE_END.split(text) if line)


def _table(element: etree._Element) -> str:
    rows = []
    for tr in element.iter(f"{W}tr"):
        cells = []
        for tc in tr.iter(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            span = span_of(tc)
            continued = False
            if properties is not None:
                v_merge = properties.find(f"{W}vMerge")
                continued = v_merge is not None and v_merge.get(f"{W}val") != "restart"
            text = "" if continued else _cell_text(tc)
            cells += [text] + [""] * (span - 1)
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = []
    for index, cells in enumerate(rows):
        cells = cells + [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


def _cell_text(tc: etree._Element) -> str:
    paragraphs = [_text(p) for p in tc.iter(f"{W}p")]
    text = "<br>".join(p for p in paragraphs if p)
    return text.replace("|", "\\|").replace("\n", "<br>")
