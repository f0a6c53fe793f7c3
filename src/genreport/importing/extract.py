"""A union's documents as blocks of text in reading order: paragraphs and table rows, each with
where it was found (file, paragraph, page or table row), read within bounds."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from genreport.errors import ClerkError
from genreport.failures import NotRegularFile, TooLarge, read_regular, reason

if TYPE_CHECKING:
    from collections.abc import Callable

    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

MAX_TEXT_FILE = 8 * 1024 * 1024  # a report of 100 pages is under 1 MB of text
MAX_PDF = 64 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or a .doc/.xls


class ImportRefused(ClerkError):
    """A document the importer cannot read; the message says which and why."""


@dataclass
class Block:
    """One paragraph (cells empty) or one table row (cells: its cells' texts, merged cells once)."""

    text: str
    where: str
    cells: list[str] = field(default_factory=list)
    heading_level: int | None = None  # a Word heading style or numbering level, when known
    table: str = ""  # the table (or worksheet) a row belongs to: its rows share this
    emphasis: bool = False  # a short paragraph set in bold all through: a title without a number


def read_blocks(path: Path) -> list[Block]:
    """The blocks of one document; ImportRefused for what cannot be read."""
    suffix = path.suffix.lower()
    readers = {
        ".txt": _text, ".docx": _docx, ".pdf": _pdf, ".xlsx": _xlsx, ".xls": _xls,
        ".doc": _word_97, ".wps": _word_97,
    }  # fmt: skip
    if suffix not in readers:
        raise ImportRefused(
            f"{path.name}：不能读取{suffix or '无扩展名'}文件；"
            "请提供 .docx、.doc、.wps、.txt、.pdf、.xlsx 或 .xls 文件。"
        )
    return readers[suffix](path)


def _bytes(path: Path, limit: int) -> bytes:
    """The file's bytes: a regular file no larger than `limit`."""
    try:
        return read_regular(path, limit)
    except NotRegularFile:
        raise ImportRefused(f"{path.name}：不是普通文件（可能是设备、管道或文件夹）。") from None
    except TooLarge:
        raise ImportRefused(
            f"{path.name}：大于{limit // 1024 // 1024}MB，不像是一份自评报告或表格。"
        ) from None
    except OSError as exc:
        raise unreadable(path, exc) from None


def unreadable(path: Path, error: OSError) -> ImportRefused:
    """What the system refused when `path` was read, in Chinese (failures.reason)."""
    if isinstance(error, FileNotFoundError):
        return ImportRefused(f"找不到文件 {path}。")
    return ImportRefused(f"{path.name}：无法读取（{reason(error)}）。")


def decode(data: bytes) -> str:
    """Text as a Chinese clerk's editor saves it: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _lines(text: str, where: str) -> list[Block]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.replace("\u3000", " ").strip()
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line).strip()
        if line:
            out.append(Block(line, where.format(number)))
    return out


def _text(path: Path) -> list[Block]:
    data = _bytes(path, MAX_TEXT_FILE)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(f"{path.name}：不是文本文件。")
    return _lines(decode(data), f"{path.name} 第{{}}行")


# --- Word ---------------------------------------------------------------------------------------

_CHINESE_DIGITS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (as Word's chineseCounting writes them)."""
    if n <= 10:
        return _CHINESE_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CHINESE_DIGITS[tens - 1] + "十"
    return head + (_CHINESE_DIGITS[ones - 1] if ones else "")


def _counted(fmt: str, n: int) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional"):
        return chinese_number(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


class _Numbering:
    """Word's automatic numbering, counted as Word counts it, so `一、（一）1．` come back as text."""

    def __init__(self, document: DocxDocument | None) -> None:
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        part = getattr(document.part, "numbering_part", None) if document else None
        if part is None:
            return
        root = part.element
        abstract: dict[str | None, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(_w("abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in node.findall(_w("lvl")):
                ilvl = int(level.get(_w("ilvl")) or 0)
                fmt = level.find(_w("numFmt"))
                text = level.find(_w("lvlText"))
                start = level.find(_w("start"))
                levels[ilvl] = (
                    (fmt.get(_w("val")) if fmt is not None else None) or "decimal",
                    (text.get(_w("val")) if text is not None else None) or "",
                    int((start.get(_w("val")) if start is not None else None) or 1),
                )
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                self.formats[num.get(_w("numId")) or ""] = abstract.get(ref.get(_w("val")), {})

    def label(self, paragraph: Paragraph) -> tuple[str, int | None]:
        numpr = paragraph._p.find(f"{_w('pPr')}/{_w('numPr')}")
        num = numpr.find(_w("numId")) if numpr is not None else None
        if numpr is None or num is None:
            return "", None
        num_id = num.get(_w("val")) or ""
        ilvl = numpr.find(_w("ilvl"))
        level = int((ilvl.get(_w("val")) if ilvl is not None else None) or 0)
        levels = self.formats.get(num_id)
        if not levels or level not in levels:
            return "", None
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        text = levels[level][1]
        for i in range(level + 1):
            fmt, _, start = levels.get(i, ("decimal", "", 1))
            text = text.replace(f"%{i + 1}", _counted(fmt, counters[i] + start - 1))
        return text, level


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx(path: Path) -> list[Block]:
    from genreport.documents.docxzip import UnsafePackage, read_package

    try:
        data = read_package(path)
    except UnsafePackage as exc:
        raise ImportRefused(f"{path.name}{exc}。") from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if data.startswith(_OLE):
        raise ImportRefused(
            f"{path.name}：文件设有密码（或是旧式 .doc 文件），请在Word中取消密码并另存为 .docx 后再导入。"
        )
    return _docx_blocks(data, path)


def _word_97(path: Path) -> list[Block]:
    """A .doc or .wps: converted once to .docx by LibreOffice (as `--pdf` finds and runs it, in
    a scratch folder of its own), then read as a .docx, with the same checks."""
    from genreport.documents.docxzip import UnsafePackage, check_package
    from genreport.output.office import find_soffice
    from genreport.output.pdf import INSTALL_OFFICE, ConversionFailed, convert_copy

    data = _bytes(path, MAX_PDF)
    if data.startswith(b"PK"):  # a .docx saved under the old name
        return _docx(path)
    resave = f"或用Word或WPS打开{path.name}，“另存为” .docx 格式后导入该 .docx 文件。"
    if not data.startswith(_OLE):
        raise ImportRefused(f"{path.name}：不是Word或WPS文档，或文件已损坏；{resave}")
    soffice = find_soffice()
    if soffice is None:
        raise ImportRefused(
            f"{path.name}：读取{path.suffix.lower()}文件需要LibreOffice，但没有找到它。"
            f"请安装LibreOffice后重新运行（{INSTALL_OFFICE.rstrip('。')}），{resave}"
        )
    try:
        converted = convert_copy(data, path.suffix.lower(), "docx", soffice)
        check_package(converted)
    except ConversionFailed as exc:
        raise ImportRefused(f"{path.name}：{exc}；{resave}") from None
    except UnsafePackage as exc:
        raise ImportRefused(f"{path.name}转换后的文件{exc}。") from None
    return _docx_blocks(converted, path)


def _docx_blocks(data: bytes, path: Path) -> list[Block]:
    import docx  # python-docx, needed by this reader alone
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a file that is no Word document
        raise ImportRefused(f"{path.name}：不是Word文档（.docx），或文件已损坏。") from None
    numbering = _Numbering(document)
    blocks: list[Block] = []
    paragraph_no = table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == _w("p"):
            paragraph_no += 1
            paragraph = Paragraph(child, document)
            label, level = numbering.label(paragraph)
            text = (label + paragraph.text).replace("\u3000", " ").strip()
            style = paragraph.style.name if paragraph.style is not None else ""
            heading = re.match(r"(?:Heading|标题)\s*(\d)", style or "")
            if heading:
                level = int(heading[1]) - 1
            if text:
                where = f"{path.name} 第{paragraph_no}段"
                block = Block(text, where, heading_level=level, emphasis=_bold(paragraph, text))
                blocks.append(block)
        elif child.tag == _w("tbl"):
            table_no += 1
            for row_no, row in enumerate(Table(child, document).rows, 1):
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell comes back once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(re.sub(r"\s+", " ", cell.text).strip())
                if any(cells):
                    where = f"{path.name} 表{table_no}第{row_no}行"
                    text = "  ".join(c for c in cells if c)
                    blocks.append(Block(text, where, cells, table=f"{path.name} 表{table_no}"))
    return blocks


def _bold(paragraph: Paragraph, text: str) -> bool:
    """A short line, no sentence, every run of it bold (by the run or its paragraph's style)."""
    if len(text) > 30 or text.endswith(("。", "；", "：", "，", ";", ":", ",")):
        return False
    style = paragraph.style.font.bold if paragraph.style is not None else None
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style) for r in runs)


# --- PDF and Excel ------------------------------------------------------------------------------


def _pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader  # needed by this reader alone
    from pypdf.errors import PdfReadError

    from genreport.importing.pdf_tables import Row, document_items, page_number, read_page

    data = _bytes(path, MAX_PDF)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportRefused(f"{path.name}：PDF设有密码，请先取消密码再导入。")
        pages = [read_page(page) for page in reader.pages]
    except ImportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError):
        raise ImportRefused(f"{path.name}：不是PDF文件，或文件已损坏。") from None
    lines: list[tuple[Block, bool | None, int]] = []  # a line, whether it runs on, its page
    for page_no, (page, items) in enumerate(zip(pages, document_items(pages)), 1):
        where = f"{path.name} 第{page_no}页第{{}}行"
        shown: list[str | Row] = list(page.text.splitlines()) if items is None else items
        on_page: list[Block | Row] = []
        for line_no, item in enumerate(shown, 1):
            if isinstance(item, str):
                on_page += _lines(_mended(item), where.format(line_no))
            else:
                on_page.append(item)
        texts = [b.text for b in on_page if isinstance(b, Block)]
        full = max((_width(t) for t in texts), default=0) * 0.8
        for line in on_page:
            if isinstance(line, Block):
                runs = _width(line.text) >= full and not line.text.endswith(_SENTENCE_END)
                lines.append((line, runs, page_no))
                continue
            table = f"{path.name} 表{line.table}"
            text = "  ".join(c for c in line.cells if c)
            row_where = f"{path.name} 第{line.page}页表{line.table}第{line.number}行"
            lines.append((Block(text, row_where, line.cells, table=table), None, page_no))
    blocks = _flowed(lines, page_number)
    if not any(re.search(r"[\u4e00-\u9fff]", b.text) for b in blocks):
        raise ImportRefused(
            f"{path.name}：PDF没有文字层（可能是扫描件或图片），无法读取；请改用Word原件，或先用OCR软件转成文字。"
        )
    return blocks


_QUOTES = "“”‘’"
_MARKS = re.compile(
    rf"(?:^|(?<=[0-9A-Za-z]))\s*[{_QUOTES}](?:\s*[{_QUOTES}])*\s*|\s*[{_QUOTES}](?:\s*[{_QUOTES}])*$"
)
_GAP = re.compile(r"(?<=[^\sA-Za-z0-9.,%+\-]) (?=[^\sA-Za-z0-9.,%+\-])")
_DIGIT_SPACE = re.compile(r"(?<=\d) +(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) +(?=\d)")


def _mended(line: str) -> str:
    """A line of a PDF's text as written. LibreOffice draws a line's quotation marks apart, in
    another font, from where its first figure or mark stands (or the line's start), leaving a
    gap where each belongs: pypdf gives them together there (`助学金3 “ ”万元。开展 冬送温暖 帮扶`);
    they go back into the gaps after, when there are as many gaps as marks. Marks at the end of
    a line (text pieces put in order of where they start) go back the same way into the gaps
    before them. A space between a figure and a Chinese word is taken out (`4 月` → `4月`)."""
    line = line.strip()
    run = _MARKS.search(line)
    if run:
        marks = [c for c in run[0] if c in _QUOTES]
        before, after = line[: run.start()], line[run.end() :]
        if run.end() == len(line):  # marks at the end: the gaps are before them
            before, after = "", before
        pieces = _GAP.split(after)
        if len(pieces) - 1 == len(marks) and marks:
            line = before + pieces[0] + "".join(m + p for m, p in zip(marks, pieces[1:]))
    return _DIGIT_SPACE.sub("", line)


_SENTENCE_END = ("。", "！", "？", "；", "：", ";", ":", "!", "?")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))"
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _flowed(
    lines: list[tuple[Block, bool | None, int]], page_number: Callable[[str], bool]
) -> list[Block]:
    """Lines with each paragraph that wrapped put back together: a line as wide as its page's
    widest (within a fifth) that ends no sentence (`runs`) runs on into the next line, unless
    that line starts with a number (`二、`, `（1）`) or is a table row (`runs` None). Over a page
    break, past the page's number, a paragraph runs on into a line that also runs on or ends a
    sentence (not into a running title)."""
    out: list[Block] = []
    held: list[Block] = []  # page numbers passed while a paragraph runs on
    running, last_page = False, 0
    for block, runs, page in lines:
        if runs is None:
            out += held + [block]
            held, running = [], False
            continue
        if running and page_number(block.text):
            held.append(block)
            continue
        turned = page != last_page
        joins = running and not _NUMBERED.match(block.text)
        if joins and turned:
            joins = runs or block.text.endswith(_SENTENCE_END)
        if joins:
            out[-1] = Block(out[-1].text + block.text, out[-1].where)
        else:
            out += held + [block]
            held = []
        running, last_page = runs, page
    return out + held


def _xlsx(path: Path) -> list[Block]:
    import openpyxl  # needed by this reader alone

    from genreport.documents.docxzip import UnsafePackage, check_package

    data = _bytes(path, MAX_PDF)
    if data.startswith(_OLE):
        raise ImportRefused(
            f"{path.name}：文件设有密码（或是旧式 .xls 文件），请在Excel中取消密码并另存为 .xlsx 后再导入。"
        )
    try:
        check_package(data)
    except UnsafePackage as exc:
        raise ImportRefused(f"{path.name}{exc}。") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(f"{path.name}：不是Excel工作簿（.xlsx），或文件已损坏。") from None
    blocks = []
    for sheet in book.worksheets:
        # each cell's .value, not iter_rows(values_only=True): openpyxl before 2.6 has no such flag
        for row_no, row in enumerate(sheet.iter_rows(), 1):
            values = [getattr(cell, "value", None) for cell in row]
            cells = ["" if v is None else _cell_text(v) for v in values]
            blocks += _sheet_row(path, sheet.title, row_no, cells)
    book.close()
    return blocks


def _sheet_row(path: Path, sheet: str, row_no: int, cells: list[str]) -> list[Block]:
    """A worksheet's row (numbered from 1) as the one table row Block both Excel readers give, its
    empty cells at the end left off; no Block for an empty row."""
    while cells and not cells[-1]:
        cells.pop()
    if not any(cells):
        return []
    where = f"{path.name} 工作表“{sheet}”第{row_no}行"
    text = "  ".join(c for c in cells if c)
    return [Block(text, where, cells, table=f"{path.name} {sheet}")]


def _xls(path: Path) -> list[Block]:
    """An Excel 97-2003 workbook, read by xlrd as the .xlsx reader reads one (a merged cell's
    text once, in its first cell)."""
    data = _bytes(path, MAX_PDF)
    if data.startswith(b"PK"):  # an .xlsx saved under the old name
        return _xlsx(path)
    import xlrd  # needed by this reader alone

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ImportRefused(
                f"{path.name}：文件设有密码，请在Excel中取消密码后再导入。"
            ) from None
        raise ImportRefused(f"{path.name}：不是Excel工作簿（.xls），或文件已损坏。") from None
    except Exception:  # xlrd raises many kinds (struct, index, assertion) for a damaged file
        raise ImportRefused(f"{path.name}：不是Excel工作簿（.xls），或文件已损坏。") from None
    blocks = []
    try:
        for sheet in (book.sheet_by_index(i) for i in range(book.nsheets)):
            for row_no in range(sheet.nrows):
                cells = [_xls_cell(cell) for cell in sheet.row(row_no)]
                blocks += _sheet_row(path, sheet.name, row_no + 1, cells)
    except Exception:  # a damaged sheet
        raise ImportRefused(f"{path.name}：不是Excel工作簿（.xls），或文件已损坏。") from None
    finally:
        book.release_resources()
    return blocks


def _xls_cell(cell: object) -> str:
    import xlrd

    kind, value = getattr(cell, "ctype", 0), getattr(cell, "value", "")
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value == int(value) else repr(value)
    return str(value).strip()
