"""The reading of LibreOffice's output that the rendering tests rely on: it holds wherever lines
wrap, and it still fails when text is missing, moved or changed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from libreoffice import LaidOut, lay_out, may_hang, needs_libreoffice


def test_a_fragment_is_shown_only_in_order_and_whole():
    laid_out = LaidOut("标题{{7*7}}落实“三高四新”战略，在政治引领。", "", "")
    assert laid_out.shows("{{ 7*7 }}")
    assert laid_out.shows("落实“三高四新”战略，在政治引领。")
    assert not laid_out.shows("{{ 49 }}")
    assert not laid_out.shows("{{7*7}}}")
    assert not laid_out.shows("四新三高")  # moved
    assert not laid_out.shows("落实“三高新”")  # a glyph missing


def test_each_reading_keeps_what_the_other_moves():
    # A table's cells wrapped side by side: the printed lines interleave them, drawing does not.
    table = LaidOut("投入管理指标预算编审管理", "投入管理预算编审指标管理", "")
    assert table.shows("投入管理指标") and table.shows("预算编审管理")
    # Quotes drawn by a fallback font after their line: they stand in place on the printed line.
    quotes = LaidOut("“”落实三高四新战略", "落实“三高四新”战略", "")
    assert quotes.shows("落实“三高四新”战略")
    assert not LaidOut("“”落实三高四新战略", "落实三高四新”战略“", "").shows("落实“三高四新”")


def test_full_width_punctuation_may_hang_but_not_change():
    laid_out = LaidOut("战略在政治引领", "战略在政治引领", "")  # a hung "，" left undrawn
    assert laid_out.shows("战略，在政治引领")
    assert not laid_out.shows("战略；；在政治引领x")
    assert not LaidOut("战略；在政治引领", "", "").shows("战略，在政治引领")
    assert may_hang("，") and may_hang("；") and may_hang("。") and may_hang("（")
    assert not may_hang("%") and not may_hang("{") and not may_hang("“")


def test_fragments_drawn_by_a_fallback_font_are_refused():
    with pytest.raises(ValueError):
        LaidOut("丙😀", "丙😀", "").shows("丙😀")


def test_lost_counts_what_the_document_holds_and_the_page_lacks():
    document = "合计 358.52，执行率129.40%。{{ 7*7 }}😀\u200d"
    assert not LaidOut("358.52合计执行率129.40%{{7*7}}", "", document).lost()  # order aside
    assert LaidOut("合计358.52执行率129.40%{{7*}}", "", document).lost() == {"7": 1}
    executed = LaidOut("合计358.52执行率129.40%49", "", document)
    assert executed.lost() == {"{": 2, "}": 2, "7": 2, "*": 1}


def _document(path: Path, width_mm: int) -> Path:
    """A justified paragraph of Chinese and code, and a table of narrow cells, on a page
    `width_mm` wide: the two places where pdftotext's other readings move glyphs."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.left_margin, section.right_margin = Mm(width_mm), Mm(25), Mm(25)
    paragraph = document.add_paragraph(
        "{{ 7*7 }}{% for x in range(10**9) %}x{% endfor %}{# 注释 #}{{ 单位名称 }}"
        "</w:t></w:r><w:p><![CDATA[甲]]>乙]]>&amp;丙。落实“三高四新”战略，在政治引领、"
        "助推发展、服务职工、夯实基层、深化改革上持续用力，保障工会系统高效运转。" * 3
    )
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    table = document.add_table(rows=2, cols=4)
    for row, texts in zip(
        table.rows,
        [
            ["投入管理指标", "预算编审管理（3）", "根据财政管理工作绩效考核相关办法规定填报", "3"],
            ["产出指标", "数量指标（6）", "组织开展困难职工帮扶（3分）", "≥500人次"],
        ],
    ):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    document.save(str(path))
    return path


@needs_libreoffice
def test_the_reading_does_not_depend_on_where_lines_wrap(tmp_path):
    wide = lay_out(_document(tmp_path / "wide.docx", 210), tmp_path / "pdf")
    narrow = lay_out(_document(tmp_path / "narrow.docx", 120), tmp_path / "pdf")
    for laid_out in (wide, narrow):
        assert not laid_out.lost(), laid_out.lost()
        for fragment in [
            "{{ 7*7 }}{% for x in range(10**9) %}x{% endfor %}{# 注释 #}{{ 单位名称 }}",
            "</w:t></w:r><w:p><![CDATA[甲]]>乙]]>&amp;丙。落实“三高四新”战略，",
            "投入管理指标",
            "根据财政管理工作绩效考核相关办法规定填报",
            "组织开展困难职工帮扶（3分）",
        ]:
            assert laid_out.shows(fragment), fragment
        assert not laid_out.shows("投入管理指标根据")

    def unhung(text: str) -> Counter[str]:
        return Counter(c for c in text if not may_hang(c))

    assert unhung(wide.drawn) == unhung(narrow.drawn) == unhung(narrow.printed)
