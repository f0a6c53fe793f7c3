"""The year's summary as the bureau works with it: an Excel workbook of numbers (never text) with a
total row of formulas, and its Markdown twin, both written atomically.

XlsxWriter rather than openpyxl: it writes every zip entry with one fixed timestamp and takes the
document's creation date as a property, so equal inputs give identical bytes with no post-processing
(openpyxl stamps the zip entries and the modified date with the clock). Text is written as text,
never taken for a formula or a link, whatever a data file holds.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from genreport.atomic import write_atomically
from genreport.figures.fmt import money, percent, score
from genreport.summary.rows import (
    COLUMNS,
    ERRORS,
    HEADERS,
    NOTE,
    WARNINGS,
    Column,
    Kind,
    Ratio,
    YearSummary,
    summarize_year,
)
from genreport.workspace import SUMMARY, Workspace, twin_path

SHEET_SUMMARY, SHEET_PROBLEMS, SHEET_ABSENT = "汇总", "错误和警告", "缺少数据或未通过"
PROBLEM_HEADERS = ("单位名称", "类别", "位置", "字段", "说明")
ABSENT_HEADERS = ("单位名称", "情况", "数据文件")
TOTAL = "合计"
UNIT = "金额单位：万元"
_CREATED = datetime(2000, 1, 1)  # fixed, like the documents': the same inputs give the same bytes
# A score as the clerk typed it and the 自评表 shows it (98, 2.5): General, not 0.00
_FORMATS = {Kind.AMOUNT: "0.00", Kind.RATE: "0.00%", Kind.SCORE: "General", Kind.COUNT: "0"}
_HEADER_ROW = 1  # row 0 is the title
_MAX_WIDTH = 60
_NOTE_WIDTH = 40  # the total row's 备注 wraps rather than widening the printed page
A4 = 9  # XlsxWriter's paper code
FOOTER = "&C第 &P 页，共 &N 页"


def title(year: int) -> str:
    return f"{year}年度{SUMMARY}"


if TYPE_CHECKING:
    from collections.abc import Sequence

    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    Cell = Decimal | str | int | None  # a value as the summary holds it


def _kinds() -> list[Kind]:
    return [Kind.TEXT, *(c.kind for c in COLUMNS), Kind.COUNT, Kind.COUNT, Kind.TEXT]


def cell_number(kind: Kind, value: Decimal) -> float:
    """The number a cell holds: a rate as a fraction (shown by the `0.00%` format)."""
    return float(value / 100 if kind is Kind.RATE else value)


def workbook_bytes(summary: YearSummary) -> bytes:
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, {**options, "strings_to_numbers": False})
    book.set_properties(
        {
            "title": title(summary.year),
            "subject": "部门整体支出绩效自评汇总",
            "author": "genreport",
            "company": "",
            "comments": f"由 genreport 汇总 {summary.year} 生成",
            "created": _CREATED,
        }
    )
    styles = _Styles(book)
    _summary_sheet(book, styles, summary)
    _list_sheet(
        book,
        styles,
        SHEET_PROBLEMS,
        PROBLEM_HEADERS,
        [(p.union, p.severity, p.place, p.key, p.message) for p in summary.problems],
    )
    _list_sheet(
        book,
        styles,
        SHEET_ABSENT,
        ABSENT_HEADERS,
        [(a.union, a.reason, a.file) for a in summary.absent],
    )
    book.close()
    return out.getvalue()


class _Styles:
    def __init__(self, book: Workbook):
        border = {"border": 1, "valign": "vcenter"}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.unit = book.add_format({"align": "right"})
        self.header = book.add_format(
            {**border, "bold": True, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7"}
        )
        self.note = book.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
        self.cells = {
            (kind, bold): book.add_format({**border, "bold": bold, "num_format": _FORMATS[kind]})
            if kind in _FORMATS
            else book.add_format({**border, "bold": bold})
            for kind in Kind
            for bold in (False, True)
        }


def _summary_sheet(book: Workbook, styles: _Styles, summary: YearSummary) -> None:
    sheet = book.add_worksheet(SHEET_SUMMARY)
    kinds = _kinds()
    sheet.write_string(0, 0, title(summary.year), styles.title)
    sheet.write_string(0, len(HEADERS) - 1, UNIT, styles.unit)
    rows = [row.cells() for row in summary.rows]
    for c, header in enumerate(HEADERS):
        sheet.write_string(_HEADER_ROW, c, header, styles.header)
    first = _HEADER_ROW + 1
    for r, cells in enumerate(rows, start=first):
        for c, (kind, value) in enumerate(zip(kinds, cells, strict=True)):
            _write(sheet, r, c, kind, value, styles.cells[kind, False])
    last = first + len(rows) - 1
    _total_row(sheet, styles, summary, first, last)
    sheet.set_row(_HEADER_ROW, 33)
    sheet.freeze_panes(first, 1)
    sheet.autofilter(_HEADER_ROW, 0, last, len(HEADERS) - 1)
    shown = [[_shown(k, v) for k, v in zip(kinds, cells, strict=True)] for cells in rows]
    _widths(sheet, [HEADERS, *shown, _total_cells(summary)[:-1] + [""]], header_cap=12)
    sheet.set_column(0, 0, max(_width(s[0]) for s in [HEADERS, *shown]) + 2)
    if summary.total_note():
        note = len(HEADERS) - 1
        widest = max(_width(s[note]) for s in [HEADERS, *shown])
        sheet.set_column(note, note, min(max(widest + 2, _NOTE_WIDTH), _MAX_WIDTH))
    _print_setup(sheet, _HEADER_ROW)


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """Landscape A4, one page wide however many unions, the title and header on every page."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_row)
    sheet.set_footer(FOOTER)


def _write(sheet: Worksheet, r: int, c: int, kind: Kind, value: Cell, style: Format) -> None:
    if value is None:
        sheet.write_blank(r, c, None, style)
    elif kind is Kind.TEXT:
        sheet.write_string(r, c, str(value), style)
    else:
        sheet.write_number(r, c, cell_number(kind, Decimal(value)), style)


def summary_total(summary: YearSummary, header: str) -> Decimal | int | None:
    """What the total row shows under `header`, as its formula computes it."""
    if header in (ERRORS, WARNINGS):
        return summary.count_total(header)
    column = next((c for c in COLUMNS if c.header == header), None)
    return None if column is None else summary.total(column)


def _total_row(
    sheet: Worksheet, styles: _Styles, summary: YearSummary, first: int, last: int
) -> None:
    row = last + 1
    sheet.write_string(row, 0, TOTAL, styles.cells[Kind.TEXT, True])
    letters = {h: xl_col_to_name(c) for c, h in enumerate(HEADERS)}
    kinds = _kinds()
    for c, header in enumerate(HEADERS[1:], start=1):
        style = styles.cells[kinds[c], True]
        column = next((col for col in COLUMNS if col.header == header), None)
        lacking = summary.without(column) if column else []
        formula = _total_formula(header, letters, first + 1, last + 1, row + 1)
        if header == NOTE and summary.total_note():
            sheet.write_string(row, c, summary.total_note(), styles.note)
            continue
        if formula is None or lacking:
            sheet.write_blank(row, c, None, style)
            if lacking:
                sheet.write_comment(
                    row,
                    c,
                    f"{'、'.join(lacking)}没有{header}的数字，合计只在列入的单位都有时计算。",
                )
            continue
        value = summary_total(summary, header)
        cached = "" if value is None else cell_number(kinds[c], Decimal(value))
        sheet.write_formula(row, c, formula, style, cached)


def _total_formula(
    header: str, letters: dict[str, str], first: int, last: int, row: int
) -> str | None:
    """A total cell's formula (1-based rows), so the bureau's own rows and columns add up too."""
    column: Column | None = next((c for c in COLUMNS if c.header == header), None)
    col = letters[header]
    cells = f"{col}{first}:{col}{last}"
    if header in (ERRORS, WARNINGS):
        return f"SUM({cells})"
    if column is not None and column.total is True:  # no figure at all: unknown, not 0
        return f'IF(COUNT({cells})=0,"",SUM({cells}))'
    if column is None or not isinstance(column.total, Ratio):
        return None
    ratio: Ratio = column.total
    n, d = letters[ratio.numerator], letters[ratio.denominator]
    same_unions = (
        f"SUMPRODUCT(--(ISNUMBER({n}{first}:{n}{last})<>ISNUMBER({d}{first}:{d}{last})))=0"
    )
    less = f"-{ratio.less}" if ratio.less else ""
    return f'IF(AND({same_unions},{d}{row}>0),{n}{row}/{d}{row}{less},"")'


def _total_cells(summary: YearSummary) -> list[str]:
    """The total row as shown."""
    kinds = _kinds()
    figures = [_shown(kinds[c], summary_total(summary, h)) for c, h in enumerate(HEADERS)]
    return [TOTAL, *figures[1:-1], summary.total_note()]


def _list_sheet(
    book: Workbook,
    styles: _Styles,
    name: str,
    headers: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
) -> None:
    sheet = book.add_worksheet(name)
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, styles.header)
    text = styles.cells[Kind.TEXT, False]
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells):
            _write(sheet, r, c, Kind.TEXT, value or None, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    _widths(sheet, [headers, *rows])
    _print_setup(sheet, 0)


def _widths(
    sheet: Worksheet, rows: Sequence[Sequence[Cell]], header_cap: int | None = None
) -> None:
    """Each column as wide as its widest cell (CJK counts two), headers wrapping past `header_cap`."""
    for c in range(len(rows[0])):
        header = _width(rows[0][c])
        if header_cap:
            header = min(header, header_cap)
        widest = max([header, *(_width(r[c]) for r in rows[1:])])
        sheet.set_column(c, c, min(widest + 2, _MAX_WIDTH))


def _width(value: Cell) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(kind: Kind, value: Cell) -> str:
    """A value as a clerk reads it (the twin, and for column widths): rounded half-up."""
    if value is None:
        return ""
    if kind is Kind.AMOUNT:
        return money(Decimal(value))
    if kind is Kind.RATE:
        return percent(Decimal(value))
    if kind is Kind.SCORE:
        return score(Decimal(value))
    return str(value)


def markdown(summary: YearSummary) -> str:
    """The workbook's text twin: its three sheets as pipe tables, figures as the documents show
    them."""
    kinds = _kinds()
    rows = [[_shown(k, v) for k, v in zip(kinds, r.cells(), strict=True)] for r in summary.rows]
    problems = [(p.union, p.severity, p.place, p.key, p.message) for p in summary.problems]
    absent = [(a.union, a.reason, a.file) for a in summary.absent]
    parts = [
        f"# {title(summary.year)}",
        UNIT,
        f"## {SHEET_SUMMARY}",
        _table(HEADERS, [*rows, _total_cells(summary)]),
        f"## {SHEET_PROBLEMS}",
        _table(PROBLEM_HEADERS, problems) if problems else "无。",
        f"## {SHEET_ABSENT}",
        _table(ABSENT_HEADERS, absent) if absent else "无。",
    ]
    return "\n\n".join(parts) + "\n"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    def line(cells: Sequence[Cell]) -> str:
        text = [
            ("" if c is None else str(c)).replace("|", "\\|").replace("\n", "<br>") for c in cells
        ]
        return "| " + " | ".join(text) + " |"

    return "\n".join([line(headers), "|" + "---|" * len(headers), *(line(r) for r in rows)])


@dataclass
class SummaryWritten:
    summary: YearSummary
    paths: list[Path]


def write_summary(project: Workspace, year: int) -> SummaryWritten:
    """Check every union of the year and write the workbook and its twin."""
    summary = summarize_year(project, year)
    path = project.summary_path(year)
    files = {path: workbook_bytes(summary), twin_path(path): markdown(summary).encode("utf-8")}
    for target, content in files.items():
        write_atomically(target, content)
    return SummaryWritten(summary, list(files))
