"""What LibreOffice lays out for a .docx, read so that assertions hold on any machine: wherever
its lines wrap, whichever fonts stand in for the documents' Chinese fonts.

pdftotext has no reading that keeps a wrapped text in order in every case (issue 11):
- its default reading guesses columns from where glyphs stand, so it splits a widely justified
  line into blocks and moves glyphs across them;
- `-layout` keeps each printed line together, but interleaves the lines of table cells that
  wrap side by side;
- `-raw` follows the order LibreOffice draws, line after line and cell after cell, except that
  glyphs a fallback font draws come after the rest of their line.
A fragment is shown when it stands in order in the drawn (`-raw`) or the printed (`-layout`)
reading: each keeps what the other moves, and text missing, changed or not drawn is in neither.

Three things depend on the fonts and are not compared:
- white space and the page-number footers ("— 3 —"), which can fall inside a paragraph that
  spans two pages;
- full-width punctuation (，；。…): LibreOffice 7.4 does not draw one that hangs at the end of a
  line, so a fragment's punctuation may be missing, but never different;
- emoji and joiners (outside the Basic Multilingual Plane, or format and combining marks): a
  fallback font draws them with its own glyphs, and may leave some out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (scripts/test.sh installs it)",
)

PAGE_NUMBER = re.compile(r"—\d+—")


def may_hang(char: str) -> bool:
    """Full-width punctuation, which LibreOffice may leave undrawn at the end of a line."""
    code = ord(char)
    return unicodedata.category(char).startswith("P") and (
        0x3000 <= code < 0x3040 or 0xFF00 <= code < 0xFF66
    )


def depends_on_fonts(char: str) -> bool:
    """Emoji and joiners, which a fallback font draws with its own glyphs, or leaves out."""
    return ord(char) > 0xFFFF or unicodedata.category(char) in ("Cf", "Mn", "Co")


@dataclass(frozen=True)
class LaidOut:
    """A PDF's text without white space and page numbers, in the order LibreOffice draws it
    (`drawn`) and in the order its glyphs stand on each printed line (`printed`), and every
    character the .docx itself holds in its body (`document`)."""

    drawn: str
    printed: str
    document: str

    def shows(self, fragment: str) -> bool:
        """Whether `fragment` stands in order in either reading, white space aside; its
        full-width punctuation may be missing (hung at a line end), no other character."""
        chars = [c for c in fragment if not c.isspace()]
        if not chars or any(depends_on_fonts(c) for c in chars):
            raise ValueError(f"cannot look for {fragment!r} whatever the fonts")
        pattern = re.compile("".join(re.escape(c) + ("?" if may_hang(c) else "") for c in chars))
        return any(pattern.search(reading) for reading in (self.drawn, self.printed))

    def lost(self) -> Counter[str]:
        """Characters the document holds more often than LibreOffice draws them: text hidden,
        dropped or replaced on its way to the page. Counted regardless of order, so where
        lines wrap cannot matter; what depends on the fonts (see the module) is left out."""
        held = Counter(
            c
            for c in self.document
            if not c.isspace() and not may_hang(c) and not depends_on_fonts(c)
        )
        return held - Counter(self.drawn)


def read_pdf(pdf: Path, order: str) -> str:
    """The PDF's text read by `pdftotext <order>`, without white space and page numbers."""
    text = subprocess.run(
        ["pdftotext", order, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return PAGE_NUMBER.sub("", "".join(text.split()))


def body_text(docx: Path) -> str:
    """Every text run in the document's body, each merged table cell once."""
    body = Document(str(docx)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))


def convert(source: Path, to: str, outdir: Path) -> Path:
    """`source` converted by the real LibreOffice to `to` (`pdf`, `doc`, `xls`…) in `outdir`, with a
    profile of its own beside `outdir`; the file made."""
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(outdir.parent / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    made = outdir / f"{source.stem}.{to}"
    assert made.is_file()
    return made


def lay_out(docx: Path, outdir: Path) -> LaidOut:
    """Convert `docx` to PDF with LibreOffice (a profile of its own beside `outdir`) and read it."""
    pdf = convert(docx, "pdf", outdir)
    return LaidOut(read_pdf(pdf, "-raw"), read_pdf(pdf, "-layout"), body_text(docx))
