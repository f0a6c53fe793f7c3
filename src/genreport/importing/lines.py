"""Tables rebuilt from text that holds them one cell per line (a .txt saved from Word, a PDF's
text layer): a run of short lines that repeats a table's header (一级指标/二级指标/三级指标/…/得分,
or 预算数/执行数/…) opens a table; its rows are rebuilt from the lines below and handed on as
table rows, so the table reader reads them as it reads a Word table's.

A row is rebuilt only where its lines say which cell they are (a number under as many money
columns as the header names; a 三级指标 with its 分值, its 得分 not above the 分值); lines that
cannot be placed stay paragraphs."""

from __future__ import annotations

import re

from genreport.importing.extract import Block
from genreport.importing.numbers import amount, normalize

_SCORE_HEADER = ("一级", "二级", "三级", "得分")
_SCORE_WORDS = ("一级", "二级", "三级", "权重", "分值", "指标值", "完成值", "得分", "偏差", "原因")
_MONEY_HEADER = re.compile(
    r"^(?:20\d\d年度?)?(?:上年决算|上年执行|上年|全年预算|本年预算|年初预算|预算|全年执行|本年决算|"
    r"执行|决算|实际支出)数?$|^执行率$|^项目$|^科目$"
)
_MONEY_COLUMN = re.compile(r"预算|执行(?!率)|决算|实际支出")
_SECOND = re.compile(r"^(?P<name>[^\d（()）]{2,20})[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*[)）]?$")
_THIRD = re.compile(r"^(?P<name>.{2,40}?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[)）]?$")
_FIRST = re.compile(r"^[\u4e00-\u9fff]{2,8}指标$")
_NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?%?$")
_END = re.compile(r"^(?:总分|合计|评价等级|等级)")
_HEADER_WINDOW = 14  # a header's cells stand within this many lines of one another


def _flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def rebuild_tables(blocks: list[Block], source: str) -> list[Block]:
    """`blocks` (one per line) with each table found in them replaced by its rows."""
    out: list[Block] = []
    i = 0
    tables = 0
    while i < len(blocks):
        score_end = _score_header(blocks, i)
        if score_end is not None:
            tables += 1
            rows, i = _score_rows(blocks, score_end, f"{source} 文本表{tables}")
            out += rows
            continue
        published = _disclosure(blocks, i)
        if published is not None:
            tables += 1
            rows, i = published
            for row in rows:
                row.table = f"{source} 文本表{tables}"
            out += rows
            continue
        money = _money_header(blocks, i)
        if money is not None:
            columns, end = money
            tables += 1
            rows, i = _money_rows(blocks, end, columns, blocks[i], f"{source} 文本表{tables}")
            out += rows
            continue
        out.append(blocks[i])
        i += 1
    return out


# --- the 自评表 ---------------------------------------------------------------------------------


def _score_header(blocks: list[Block], start: int) -> int | None:
    """The end of a 自评表 header starting at `start`: short lines naming 一级, 二级, 三级, 得分."""
    first = _flat(blocks[start].text)
    if "一级" not in first or len(first) > 8:
        return None
    seen: set[str] = set()
    end = start
    for j in range(start, min(len(blocks), start + _HEADER_WINDOW)):
        cell = _flat(blocks[j].text)
        if len(cell) > 10 or not any(w in cell for w in _SCORE_WORDS):
            break
        seen.update(w for w in _SCORE_HEADER if w in cell)
        end = j + 1
    return end if set(_SCORE_HEADER) <= seen else None


def _joined(blocks: list[Block], start: int) -> list[tuple[str, Block]]:
    """The lines from `start` on, with a `（3 分）` or `）` broken onto its own line put back."""
    lines: list[tuple[str, Block]] = []
    for block in blocks[start:]:
        text = normalize(block.text).strip()
        if lines and re.fullmatch(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]?", text):
            lines[-1] = (lines[-1][0] + text, lines[-1][1])
            continue
        if text.startswith(("）", ")")):
            if lines and re.search(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*$", lines[-1][0]):
                lines[-1] = (lines[-1][0] + "）", lines[-1][1])
            text = text[1:].strip()
            if not text:
                continue
        lines.append((text, block))
    return lines


def _score_rows(blocks: list[Block], start: int, table: str) -> tuple[list[Block], int]:
    header = Block("一级指标 二级指标 三级指标 指标值 完成值 分值 得分", blocks[start - 1].where)
    header.cells = ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"]
    header.table = table
    out = [header]
    first = second = third = last_third = ""
    weight: str | None = None  # the 分值 the 得分 must not exceed
    texts: list[str] = []
    opened: Block | None = None
    consumed = start
    lines = _joined(blocks, start)
    for index, (text, block) in enumerate(lines):
        flat = _flat(text)
        if _END.match(flat):
            consumed = blocks.index(block) + 1
            # the 总分 line's figures follow it; they are genreport's to compute
            for later, _ in lines[index + 1 : index + 3]:
                if _NUMBER.match(_flat(later)):
                    consumed += 1
            break
        consumed = blocks.index(block) + 1
        third_match = _THIRD.match(flat)
        second_match = _SECOND.match(flat) if not third_match else None
        if second_match:
            second, weight, third, texts, opened = flat, second_match["w"], "", [], block
            continue
        if third_match:
            third, weight, texts, opened = flat, third_match["w"], [], block
            last_third = third_match["name"]
            continue
        if _FIRST.match(flat) and not texts and not third:
            first, second, weight, opened = flat, "", None, None
            continue
        score = amount(flat) if _NUMBER.match(flat) and not flat.endswith("%") else None
        limit = amount(weight) if weight is not None else None
        if score is not None and opened is not None and limit is not None and score <= limit:
            name = third or last_third
            if name:
                row = [first, second, name, *_goal_and_done(texts), "", flat]
                out.append(Block("  ".join(c for c in row if c), opened.where, row, table=table))
            third, texts, opened = "", [], None
            continue
        if opened is None:
            continue  # a 一级's 权重, a page's running title between rows
        if second and not third and not texts and not re.search(r"\d|%", flat):
            third = flat  # a 三级 stated once for the 二级s below it (a merged cell)
            last_third = flat
            continue
        texts.append(text.strip())
    return out, consumed


def _goal_and_done(texts: list[str]) -> list[str]:
    """指标值 and 完成值: two lines are one each, one line is the 完成值; lines broken inside a
    cell cannot be told apart and are left out (the row's 分值 and 得分 stand)."""
    if len(texts) == 2:
        return texts
    if len(texts) == 1:
        return ["", texts[0]]
    return ["", ""]


# --- the 公开网址统计表 ----------------------------------------------------------------------------

_DISCLOSURE_HEADER = re.compile(
    r"^(?:单位代码|单位名称|自评报告公开是/?否|是否公开|公开网址|网址|联系人|联系电话|备注)$"
)


def _disclosure(blocks: list[Block], start: int) -> tuple[list[Block], int] | None:
    """The 公开网址统计表 one cell a line: its header, then its one row's cells in order (blank
    cells leave no line, so the row is checked where it is placed)."""
    header = []
    for j in range(start, min(len(blocks), start + 8)):
        cell = _flat(blocks[j].text)
        if not _DISCLOSURE_HEADER.match(cell):
            break
        header.append(cell)
    if len(header) < 4 or not any("网址" in c for c in header):
        return None
    end = start + len(header)
    values = []
    for block in blocks[end : end + len(header)]:
        if len(block.text) > 60 or _DISCLOSURE_HEADER.match(_flat(block.text)):
            break
        values.append(block.text.strip())
    head = Block("  ".join(header), blocks[start].where, header)
    if not values:
        return [head], end
    cells = values + [""] * (len(header) - len(values))
    row = Block("  ".join(values), blocks[end].where, cells)
    return [head, row], end + len(values)


# --- money tables -------------------------------------------------------------------------------


def _money_header(blocks: list[Block], start: int) -> tuple[list[str], int] | None:
    """A run of short lines each naming a column (预算数, 执行数, 执行率…), two of them money."""
    cells = []
    for j in range(start, min(len(blocks), start + 6)):
        cell = _flat(blocks[j].text)
        if not _MONEY_HEADER.match(cell):
            break
        cells.append(cell)
    data = [c for c in cells if c not in ("项目", "科目")]
    if len([c for c in data if _MONEY_COLUMN.search(c)]) < 2:
        return None
    return data, start + len(cells)


def _money_rows(
    blocks: list[Block], start: int, columns: list[str], first: Block, table: str
) -> tuple[list[Block], int]:
    out = [Block("  ".join(columns), first.where, ["", *columns], table=table)]
    label: Block | None = None
    numbers: list[str] = []
    raw: list[Block] = []
    waiting: list[Block] = []  # labels without figures: rows of the table if a row follows

    def flush() -> None:
        if label is not None and len(numbers) == len(columns):
            for blank in waiting:
                cells = [_flat(blank.text), *[""] * len(columns)]
                out.append(Block(cells[0], blank.where, cells, table=table))
            waiting.clear()
            cells = [_flat(label.text), *numbers]
            out.append(Block("  ".join(cells), label.where, cells, table=table))
        elif label is not None and not numbers:
            waiting.append(label)
        elif label is not None:
            out.extend(waiting + raw)  # figures that cannot be told apart: as written
            waiting.clear()

    i = start
    while i < len(blocks):
        flat = _flat(blocks[i].text)
        if _NUMBER.match(flat):
            if label is None:
                break
            numbers.append(flat)
            raw.append(blocks[i])
        elif len(flat) <= 20 and _score_header(blocks, i) is None:
            flush()
            label, numbers, raw = blocks[i], [], [blocks[i]]
        else:
            break
        i += 1
    flush()
    out.extend(waiting)
    return out, i
