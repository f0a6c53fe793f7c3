"""A document's text twin: the same content in the same order, as Markdown that diffs well.

Headings become `#` lines, tables become pipe tables, and body text is written one sentence per line,
so that `git diff` of a regenerated report shows exactly the sentences a corrected figure changed.
`genreport textconv` prints the same text for git's textconv.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .errors import NotADocument

_HEADING_LEVELS = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}
_SENTENCE_END = re.compile(r"(?<=[。；！？])(?=[^”’）」』。；！？])")


def document_text(source: bytes | Path) -> str:
    """The Markdown twin of a .docx given as bytes or a path."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        document = Document(io.BytesIO(data))
    except FileNotFoundError:
        raise NotADocument(f"找不到文件“{source}”。") from None
    except OSError:
        raise NotADocument(f"无法读取“{source}”，请确认它是文件且有读取权限。") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise NotADocument(f"“{source}”不是Word（.docx）文档，或文件已损坏。") from None
    blocks = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            block = _paragraph(element, document)
        elif element.tag == qn("w:tbl"):
            block = _table(element)
        else:
            continue
        if block:
            blocks.append(block)
    return "\n\n".join(blocks) + "\n"


def _text(element) -> str:
    """The visible text of a paragraph: its runs' text and tabs, in order."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _paragraph(element, document) -> str:
    text = _text(element)
    if not text:
        return ""
    level = _HEADING_LEVELS.get(Paragraph(element, document.part).style.name)
    if level:
        return f"{'#' * level} {' '.join(text.split())}"
    return "\n".join(line for line in _SENTENCE_END.split(text) if line)


def _table(element) -> str:
    rows = []
    for tr in element.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            properties = tc.tcPr
            span = 1
            continued = False
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = int(grid_span.get(qn("w:val")))
                v_merge = properties.find(qn("w:vMerge"))
                continued = v_merge is not None and v_merge.get(qn("w:val")) != "restart"
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


def _cell_text(tc) -> str:
    paragraphs = [_text(p) for p in tc.iter(qn("w:p"))]
    text = "<br>".join(p for p in paragraphs if p)
    return text.replace("|", "\\|").replace("\n", "<br>")
