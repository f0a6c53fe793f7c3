"""The official document format (GB/T 9704) applied with python-docx.

Used to build the shipped templates (`scripts/build_templates.py`); a clerk's template keeps whatever
format they give it in Word or WPS. Chinese font names go into `w:eastAsia`, or Word shows the Latin
font; where a font is missing, Word, WPS and LibreOffice fall back to a font of the same kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

if TYPE_CHECKING:
    from docx.document import Document
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.section import Section
    from docx.text.run import Run
    from lxml.etree import _Element

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 5号
LINE_PITCH = Pt(28)


class _HasRunProperties(Protocol):
    """A style's or a run's element: both hold a `w:rPr`."""

    def get_or_add_rPr(self) -> _Element: ...


def set_fonts(rpr_parent: _HasRunProperties, east_asia: str, latin: str = LATIN) -> None:
    """Set the fonts of a style or run, dropping theme fonts that would override them."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _write_fonts(fonts, east_asia, latin)


def _write_fonts(fonts: _Element, east_asia: str, latin: str) -> None:
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_default_fonts(document: Document) -> None:
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    if rpr is None or fonts is None:  # python-docx's default template has them
        raise ValueError("the template's styles have no default run fonts")
    _write_fonts(fonts, FANGSONG, LATIN)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(document: Document, name: str, base: str | None = None) -> Any:
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        return style


def _shape(
    style: Any,  # a paragraph style (python-docx's styles[name] is untyped)
    east_asia: str,
    size: Length,
    *,
    bold: bool = False,
    indent: bool = True,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    outline: int | None = None,
) -> None:
    set_fonts(style.element, east_asia)
    font = style.font
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = None
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(size.pt * 2) if indent else Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = outline is not None
    if align is not None:
        fmt.alignment = align
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        ppr.append(level)


def apply_official_format(document: Document, *, landscape: bool = False) -> None:
    """A4, GB/T 9704 margins and the styles the templates use:

    Normal (仿宋_GB2312 3号, indent 2 chars, 28 pt lines), Title (方正小标宋简体 2号, centred),
    Heading 1 (黑体), Heading 2 (楷体_GB2312), Heading 3 (仿宋_GB2312 bold), 引导段 (Normal, kept
    with the next paragraph), 表格文字 (仿宋 5号). Headings keep with the next paragraph too.
    """
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(25), Mm(25)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25) if not landscape else Mm(10)

    _set_default_fonts(document)
    _shape(document.styles["Normal"], FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _shape(
        _style(document, "Title"),
        XIAOBIAOSONG,
        TITLE_SIZE,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    title_ppr = document.styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)  # python-docx's default Title has a rule under it
    title = document.styles["Title"].paragraph_format
    title.line_spacing = Pt(36)
    title.space_after = Pt(28)
    _shape(_style(document, "Heading 1"), HEITI, BODY_SIZE, outline=0)
    _shape(_style(document, "Heading 2"), KAITI, BODY_SIZE, outline=1)
    _shape(_style(document, "Heading 3"), FANGSONG, BODY_SIZE, bold=True, outline=2)
    _shape(_style(document, "附件标识", "Normal"), HEITI, BODY_SIZE, indent=False)
    # A lead-in line ("其中：", "包括：") stays on the page of what it introduces.
    lead_in = _style(document, "引导段", "Normal")
    lead_in.paragraph_format.keep_with_next = True
    table_text = _style(document, "表格文字", "Normal")
    _shape(table_text, FANGSONG, TABLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _add_page_number(section)


def _add_page_number(section: Section) -> None:
    """Footer "— 1 —" in 宋体 4号, centred."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)

    def run(text: str | None = None) -> Run:
        r: Run = paragraph.add_run(text)
        set_fonts(r._r, SONGTI, SONGTI)
        r.font.size = PAGE_NUMBER_SIZE
        return r

    run("— ")
    for kind, instruction in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        r = run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif instruction is not None and instruction.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        else:
            element = OxmlElement("w:t")
            element.text = instruction
        r._r.append(element)
    run(" —")
