"""Each .txt seed made into the .docx its clerk would have written: the tables the importer
recognises in the text as real Word tables (one row per rebuilt row), and the numbered headings
(`一、`, `（一）`, `1．`, `（1）`) numbered by Word (numPr on a multilevel list), their numbers
taken out of the text.

    PYTHONPATH=src python benchmarks/seed_docx.py OUTDIR /work/shared/seeds/*.txt
    PYTHONPATH=src python benchmarks/bench_import.py OUTDIR/*.docx"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from genreport.importing.extract import Block, chinese_number, read_blocks
from genreport.importing.lines import rebuild_tables
from genreport.importing.numbers import normalize
from genreport.importing.report import _NUMBERING, heading

NUM_ID = "90"
LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
          ("decimal", "%3．"), ("decimal", "（%4）"))  # fmt: skip


def _numbering(document: docx.document.Document) -> None:
    part = document.part.numbering_part
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    root = part.element
    first_num = root.find(abstract.tag.replace("abstractNum", "num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>'
        )
    )


def _numbered(paragraph: docx.text.paragraph.Paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{NUM_ID}"/></w:numPr>'
        )
    )


def _table(document: docx.document.Document, rows: list[Block]) -> None:
    width = max(len(r.cells) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, block in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, block.cells, strict=False):
            cell.text = text


def _stated(match: re.Match[str]) -> int:
    """The number a heading states (`三、` → 3, `（12）` → 12)."""
    text = next(g for g in match.groups() if g)
    if text.isdigit():
        return int(text)
    return next(n for n in range(1, 100) if chinese_number(n) == text)


def make(seed: Path, out: Path) -> Path:
    blocks = rebuild_tables(read_blocks(seed), seed.name)
    document = docx.Document()
    _numbering(document)
    counters = [0] * len(LEVELS)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.cells:
            rows = [block]
            while i + 1 < len(blocks) and blocks[i + 1].table == block.table:
                i += 1
                rows.append(blocks[i])
            _table(document, rows)
        else:
            found = heading(block)
            match = _NUMBERING.match(normalize(block.text))
            level = found[0] if found else len(LEVELS)
            if match and level < len(LEVELS) and _stated(match) == counters[level] + 1:
                # Word counts it as the seed numbers it: numbered by Word, its number taken out
                counters[level] += 1
                counters[level + 1 :] = [0] * (len(LEVELS) - level - 1)
                _numbered(document.add_paragraph(found[1]), level)  # type: ignore[index]
            else:
                document.add_paragraph(block.text)
        i += 1
    target = out / (seed.stem + ".docx")
    document.save(str(target))
    return target


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[2:]:
        print(make(Path(name), folder))
