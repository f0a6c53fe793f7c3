"""A PDF page's ruled tables read as tables: the page's text pieces, each where it is drawn, and
the ruling lines drawn around them, both taken in the one pass pypdf makes to extract the text.

A table is a run of rows, a row the band between two horizontal rules that two or more vertical
rules cross; its cells are the spaces between the vertical rules crossing that band (so a cell
merged across is read once; one merged down, no rule between its rows, is read in each row, as
the .docx reader reads Word's), and a cell's text is every piece drawn inside it, its lines put
back together (a label wrapped onto two lines is one cell). A table that runs on past a page's
foot goes on in the next page's first table when that has the same columns: a repeated header
row is dropped, and a row broken by the page (the next page's first row has no figure cell) is
joined to the row it continues. Pages without ruled tables, and pages drawing more than tables
do (_MOST_*), keep pypdf's plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject

_RULE = 1.5  # a rule is drawn within this many points of straight; a thin filled box is one too
_NEAR = 2.0  # two rules this close are one
_SHORTEST = 6.0  # shorter strokes are no rules (an underline of a dash, a tick)
_FIGURE = re.compile(r"^[-+]?[\d０-９][\d０-９,，.．]*[%％]?$")
_MOST_STROKES = 20_000  # more strokes than a page of tables draws: a drawing, read as plain text
_MOST_CROSSINGS = 250_000  # rows times vertical rules: past this, plain text (bounded time)
_MOST_WORK = 4_000_000  # text pieces times table rows: more is read as plain text, in bounded time
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass
class Piece:
    """A run of text as the page draws it: its start and baseline, and its font size."""

    x: float
    y: float
    text: str
    size: float


@dataclass
class PdfTable:
    """One ruled table of one page: its column rules and its rows' cells (top row first)."""

    columns: list[float]
    rows: list[list[str]]
    top: float
    bottom: float
    bands: list[tuple[float, float, list[float]]] = field(default_factory=list)
    open_top: list[set[int]] = field(default_factory=list)  # per row: cells with no rule atop


@dataclass
class Page:
    """What one page holds: pypdf's plain text, and its ruled tables with the text outside them."""

    text: str
    tables: list[PdfTable]
    lines: list[tuple[float, str]]  # (baseline, text) of the text outside the tables, top first


def _times(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _point(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


class _Collector:
    """The visitors pypdf calls: text pieces and the straight strokes of paths drawn."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.segments: list[tuple[float, float, float, float]] = []
        self.path: list[tuple[float, float, float, float]] = []
        self.thin: list[tuple[float, float, float, float]] = []  # thin boxes: rules however drawn
        self.at: tuple[float, float] | None = None
        self.start: tuple[float, float] | None = None
        self.drawing = False  # too many strokes to be tables: none are kept

    def text(self, text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip():
            return
        matrix = _times([float(v) for v in tm], [float(v) for v in cm])
        scale = abs(matrix[3]) or abs(matrix[1]) or 1.0
        self.pieces.append(Piece(matrix[4], matrix[5], text, float(size or 0) * scale))

    def operator(self, op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if len(self.segments) + len(self.path) + len(self.thin) > _MOST_STROKES:
            self.segments, self.path, self.thin = [], [], []
            self.drawing = True
        if self.drawing:
            return
        try:
            numbers = [float(a) for a in args] if op in (b"m", b"l", b"re") else []
            matrix = [float(v) for v in cm]
        except (TypeError, ValueError):
            return
        if op == b"m" and len(numbers) == 2:
            self.at = self.start = _point(matrix, *numbers)
        elif op == b"l" and len(numbers) == 2 and self.at is not None:
            end = _point(matrix, *numbers)
            self.path.append((*self.at, *end))
            self.at = end
        elif op == b"re" and len(numbers) == 4:
            x, y, w, h = numbers
            corners = [_point(matrix, x, y), _point(matrix, x + w, y)]
            corners += [_point(matrix, x + w, y + h), _point(matrix, x, y + h)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            if max(xs) - min(xs) <= _RULE or max(ys) - min(ys) <= _RULE:  # a thin filled box
                mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
                if max(xs) - min(xs) <= _RULE:
                    self.thin.append((mx, min(ys), mx, max(ys)))
                else:
                    self.thin.append((min(xs), my, max(xs), my))
            else:
                for i in range(4):
                    self.path.append((*corners[i], *corners[(i + 1) % 4]))
        elif op == b"h" and self.at is not None and self.start is not None:
            self.path.append((*self.at, *self.start))
            self.at = self.start
        elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*"):  # stroked: its lines are drawn
            self.segments += self.path + self.thin
            self.path, self.thin, self.at, self.start = [], [], None, None
        elif op in (b"f", b"F", b"f*"):  # filled alone: a thin box is a rule, a wide one a shade
            self.segments += self.thin
            self.path, self.thin, self.at, self.start = [], [], None, None
        elif op == b"n":
            self.path, self.thin, self.at, self.start = [], [], None, None


def read_page(page: PageObject) -> Page:
    """One page's text, tables and other lines, in the one pass of pypdf's text extraction."""
    collector = _Collector()
    text = page.extract_text(visitor_operand_before=collector.operator, visitor_text=collector.text)
    tables = _tables(collector.segments)
    if not tables or len(collector.pieces) * sum(len(t.bands) for t in tables) > _MOST_WORK:
        return Page(text or "", [], [])
    inside: set[int] = set()
    for table in tables:
        _fill(table, collector.pieces, inside)
    outside = [p for i, p in enumerate(collector.pieces) if i not in inside]
    return Page(text or "", [t for t in tables if any(any(r) for r in t.rows)], _lines(outside))


def _merged(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _NEAR:
            continue
        out.append(v)
    return out


def _tables(segments: list[tuple[float, float, float, float]]) -> list[PdfTable]:
    """The page's ruled tables, their rows' bands and rules (a box around text is no table: a
    table has two cells side by side in one row at least)."""
    across = []  # (y, x0, x1)
    down = []  # (x, y0, y1)
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= _RULE and abs(x1 - x0) >= _SHORTEST:
            across.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= _RULE and abs(y1 - y0) >= _SHORTEST:
            down.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    ys = sorted(_merged([a[0] for a in across]), reverse=True)
    if len(ys) < 2 or len(down) < 2 or len(ys) * len(down) > _MOST_CROSSINGS:
        return []  # no table, or a drawing (a chart, a hatched box): the page's plain text
    tables: list[PdfTable] = []
    current: PdfTable | None = None
    for top, bottom in zip(ys, ys[1:]):
        crossing = _merged([x for x, y0, y1 in down if y0 <= bottom + _NEAR and y1 >= top - _NEAR])
        if len(crossing) < 2:
            current = None
            continue
        if current is None or abs(current.bottom - top) > _NEAR:
            current = PdfTable(columns=[], rows=[], top=top, bottom=bottom)
            tables.append(current)
        current.rows.append([])
        current.bands.append((top, bottom, crossing))
        current.open_top.append(
            {
                i
                for i, (left, right) in enumerate(zip(crossing, crossing[1:]))
                if len(current.rows) > 1
                and not any(
                    abs(y - top) <= _NEAR and x0 <= (left + right) / 2 <= x1 for y, x0, x1 in across
                )
            }
        )
        current.bottom = bottom
    return [t for t in tables if any(len(rules) > 2 for _, _, rules in t.bands)]


def _fill(table: PdfTable, pieces: list[Piece], inside: set[int]) -> None:
    """Each row's cells: the pieces drawn between its rules, by line then from the left."""
    for row_no, (top, bottom, rules) in enumerate(table.bands):
        cells: list[list[Piece]] = [[] for _ in rules[1:]]
        for index, piece in enumerate(pieces):
            middle = piece.y + piece.size * 0.3
            if not bottom < middle < top:
                continue
            for column, (left, right) in enumerate(zip(rules, rules[1:])):
                if left - 1 <= piece.x < right - 1:
                    cells[column].append(piece)
                    inside.add(index)
                    break
        table.rows[row_no] = [_cell_text(c) for c in cells]
    table.columns = _merged([x for _, _, rules in table.bands for x in rules])
    _spread(table)


def _spread(table: PdfTable) -> None:
    """A cell merged down over rows (no rule between them) read in each of its rows, as the
    .docx reader reads a vertically merged Word cell."""
    spans: list[list[tuple[int, int]]] = []  # each merged cell's (row, column)s, top first
    at: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for row_no, (_, _, rules) in enumerate(table.bands):
        for column in range(len(rules) - 1):
            above = None
            if column in table.open_top[row_no]:
                _, _, over = table.bands[row_no - 1]
                above = next(
                    (
                        c
                        for c in range(len(over) - 1)
                        if abs(over[c] - rules[column]) <= _NEAR
                        and abs(over[c + 1] - rules[column + 1]) <= _NEAR
                    ),
                    None,
                )
            if above is not None and (row_no - 1, above) in at:
                span = at[(row_no - 1, above)]
            else:
                span = []
                spans.append(span)
            span.append((row_no, column))
            at[(row_no, column)] = span
    for span in spans:
        if len(span) > 1:
            text = "".join(table.rows[r][c] for r, c in span)
            for r, c in span:
                table.rows[r][c] = text


def _joined(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if out and part and not (_CJK.search(out[-1]) or _CJK.search(part[0])):
            out += " "
        out += part
    return out


def _lines(pieces: list[Piece]) -> list[tuple[float, str]]:
    """Pieces on one baseline (within a third of their size) as one line, read from the left."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.y, p.x)):
        if rows and abs(rows[-1][0].y - piece.y) <= max(piece.size, 1.0) / 3:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [(row[0].y, _joined([p.text for p in sorted(row, key=lambda p: p.x)])) for row in rows]


def _cell_text(pieces: list[Piece]) -> str:
    return re.sub(r"\s+", " ", "".join(t for _, t in _lines(pieces)) if pieces else "").strip()


# --- the document's rows -------------------------------------------------------------------------


@dataclass
class Row:
    """A table row as the document reads: its cells, its table (counted in the document) and
    the page and row (counted in the table on that page) where it starts."""

    cells: list[str]
    table: int
    page: int
    number: int


def document_items(pages: list[Page]) -> list[list[str | Row] | None]:
    """Per page, its lines and table rows top to bottom (None: a page without tables, read from
    its plain text); a table going on from the page before keeps its number, without its
    repeated header, its first row joined to the row the page broke."""
    out: list[list[str | Row] | None] = []
    headers: list[list[str]] = []  # each table's first row, by its number - 1
    last: tuple[PdfTable, Row] | None = None  # the table at the foot of the page before
    for page_no, page in enumerate(pages, 1):
        if not page.tables:
            out.append(None)
            last = None
            continue
        stacked: list[tuple[float, str | PdfTable]] = [(y, t) for y, t in page.lines]
        stacked += [(t.top, t) for t in page.tables]
        stacked.sort(key=lambda item: -item[0])
        items: list[str | Row] = []
        for position, (_, item) in enumerate(stacked):
            if isinstance(item, str):
                items.append(item)
                continue
            alone = not any(isinstance(i, str) and _content(i) for _, i in stacked[:position])
            kept = [i for i, r in enumerate(item.rows) if any(r)]
            rows = [list(item.rows[i]) for i in kept]
            tail: Row | None = None
            if last is not None and alone and _same_columns(last[0], item):
                tail = last[1]
                below = [0 in item.open_top[i] for i in kept]  # merged with the row above
                rows = _continued(headers[tail.table - 1], tail, rows, below)
                number = tail.table
            else:
                headers.append(rows[0] if rows else [])
                number = len(headers)
            made = [Row(r, number, page_no, n) for n, r in enumerate(rows, 1)]
            items += made
            tail = made[-1] if made else tail
            foot = not any(isinstance(i, str) and _content(i) for _, i in stacked[position + 1 :])
            last = (item, tail) if foot and tail is not None else None
        out.append(items)
    return out


def page_number(text: str) -> bool:
    """A page's number as printed at its foot (`—2—`, `- 3 -`, `第 3 页`)."""
    flat = re.sub(r"\s", "", text)
    return bool(re.fullmatch(r"[-—－–]*\d{1,4}[-—－–]*|第\d+页(共\d+页)?", flat))


def _content(text: str) -> bool:
    """A line that is more than a page number."""
    return bool(text.strip()) and not page_number(text)


def _same_columns(before: PdfTable, after: PdfTable) -> bool:
    a, b = before.columns, after.columns
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b))


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _continued(
    header: list[str], tail: Row, rows: list[list[str]], below: list[bool]
) -> list[list[str]]:
    """The rows of a table that goes on from the page before: its header, if repeated, dropped;
    its first row joined to the last row before when it holds no figure (a row the page broke);
    a first column left blank atop the page (a cell merged down over the break, its text on the
    page before) given the text of the row before, as are the rows merged with it (`below`)."""
    if rows and [_flat(c) for c in rows[0]] == [_flat(c) for c in header]:
        rows, below = rows[1:], below[1:]
    if (
        rows
        and len(rows[0]) == len(tail.cells)
        and not any(_FIGURE.match(_flat(c)) for c in rows[0])
    ):
        tail.cells = [a + b for a, b in zip(tail.cells, rows[0])]
        rows, below = rows[1:], below[1:]
    if rows and tail.cells and tail.cells[0] and not rows[0][0] and any(rows[0][1:]):
        for row, merged in zip(rows, [True, *below[1:]]):
            if not merged or row[0]:
                break
            row[0] = tail.cells[0]
    return rows
