"""Whether the PDFs LibreOffice made are in the official 公文 fonts the documents ask for.

LibreOffice quietly puts another font in place of one the machine lacks. Which fonts it used is
written in the PDF itself (each embedded font's /FontName), so reading the PDF answers on every
system, Windows included, and for the very LibreOffice that converted (which may see other fonts
than a `fc-list` of the clerk's session would).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

# The 公文 fonts (GB/T 9704) the templates name, with the names a PDF may carry for each: the
# family as Word names it, and the PostScript names of the usual font files.
OFFICIAL_FONTS = {
    "方正小标宋简体": (
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
        "FZXBSJW--GB1-0",
    ),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312"),
    "黑体": ("黑体", "SimHei"),
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]<>(){}%]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, by name (subset prefix `BAAAAA+` removed, `#E4` escapes decoded)."""
    names = set()
    for raw in _FONT_NAME.findall(pdf):
        name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(_SUBSET.sub("", name.decode("utf-8", errors="replace")))
    return names


def requested_fonts(docx: bytes) -> set[str]:
    """The official fonts a document's text is set in: the East Asian font of each paragraph's
    style (through the styles it is based on, or the default style) and of its runs."""
    from lxml import etree  # only --pdf needs it

    try:
        with zipfile.ZipFile(BytesIO(docx)) as package:
            document = etree.fromstring(package.read("word/document.xml"))
            styles = etree.fromstring(package.read("word/styles.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return set()
    fonts: dict[str, str | None] = {}
    based: dict[str, str | None] = {}
    default = None
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        if style_id is None:  # no paragraph or run can name it
            continue
        fonts[style_id] = _east_asian(style)
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{_W}val")
        if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
            default = style_id

    def font_of(style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if fonts.get(style_id):
                return fonts[style_id]
            style_id = based.get(style_id)
        return None

    used = set()
    for paragraph in document.iter(f"{_W}p"):
        if not "".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip():
            continue  # an empty paragraph shows no font
        paragraph_style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        paragraph_font = font_of(
            paragraph_style.get(f"{_W}val") if paragraph_style is not None else default
        )
        for run in paragraph.iter(f"{_W}r"):
            if not "".join(t.text or "" for t in run.iter(f"{_W}t")).strip():
                continue
            run_style = run.find(f"{_W}rPr/{_W}rStyle")
            direct = _east_asian(run.find(f"{_W}rPr"))
            font = direct or (font_of(run_style.get(f"{_W}val")) if run_style is not None else None)
            used.add(font or paragraph_font)
    return {font for font in used if font in OFFICIAL_FONTS}


def _east_asian(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    fonts = element.find(f".//{_W}rFonts")
    return None if fonts is None else fonts.get(f"{_W}eastAsia")


def missing_fonts(made: Iterable[tuple[bytes, bytes]]) -> list[str]:
    """The official fonts some document asks for and its PDF does not embed, in the order of
    `OFFICIAL_FONTS`; `made` holds each PDF with the document it was made from."""
    missing = set()
    for pdf, docx in made:
        embedded = {_plain(name) for name in embedded_fonts(pdf)}
        for font in requested_fonts(docx):
            if not any(_plain(name) in embedded for name in OFFICIAL_FONTS[font]):
                missing.add(font)
    return [font for font in OFFICIAL_FONTS if font in missing]


def _plain(name: str) -> str:
    return name.replace(" ", "").lower()


def missing_fonts_message(missing: list[str], year: int) -> str:
    """The warning for PDFs not in the 公文 fonts: which fonts, and what to install."""
    names = "、".join(missing)
    return (
        f"PDF没有使用公文字体：转换PDF的电脑上没有安装{names}，LibreOffice已用其他字体代替，"
        "PDF的字体与公文格式不符（Word文件不受影响）。请安装这些字体（向单位或财政部门索取字体文件；"
        "Windows：右键字体文件选“为所有用户安装”；Linux：复制到 /usr/share/fonts/ 后运行 fc-cache -f），"
        f"然后删除已生成的PDF，重新运行 genreport {year} --pdf。"
    )
