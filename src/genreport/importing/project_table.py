"""Each project's 项目支出绩效自评表 (财预〔2020〕10号 附1) read into a project of 支出.项目支出.项目:
项目名称, 主管部门, 实施单位, the 资金 rows (年度资金总额 and each source: 年初预算数, 全年预算数,
全年执行数), 年度总体目标 (预期目标, 实际完成情况) and the indicators (一级/二级/三级, 年度指标值,
实际完成值, 分值, 得分, 偏差原因), a 一级 or 二级 merged over several rows read once.

A project table opens at its 项目名称 row and runs over the tables below it (Word) or the rows of its
worksheet (Excel) to its 总分 and 评价等级; it is taken out of the blocks before the report is read,
so its indicators never reach the union's 自评表. Columns are found by their header's words; the
执行率, 分值 and 得分 of the 资金 rows and the 总分 are genreport's to compute: the 总分 is compared
and, where it differs, listed under 待核对 with both figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from genreport.importing.extract import Block
from genreport.importing.numbers import amount, normalize, tidy
from genreport.importing.report import Placed, Reading, Unplaced, add_project, is_named

# 资金 rows by their label, as the contract names the project's money
_SOURCES = (
    ("年度资金总额", None),
    ("当年财政拨款", "当年财政拨款"),
    ("财政拨款", "当年财政拨款"),
    ("上年结转", "上年结转"),
    ("其他资金", "其他资金"),
)
_FUND_COLUMNS = (
    ("年初预算", ("年初预算",)),
    ("预算", ("全年预算", "调整后预算", "预算数")),
    ("执行", ("全年执行", "执行数", "实际支出", "决算数")),
    ("执行率", ("执行率",)),
    ("分值", ("分值",)),
    ("得分", ("得分",)),
)
_INDICATOR_COLUMNS = (
    ("一级", ("一级",)),
    ("二级", ("二级",)),
    ("三级", ("三级",)),
    ("指标值", ("指标值",)),
    ("完成值", ("完成值", "实际完成")),
    ("分值", ("分值",)),
    ("得分", ("得分",)),
    ("偏差原因", ("偏差", "原因")),
)
_WEIGHT = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")
# A project as read: its keys' values with their sources, 资金来源 and 绩效指标 nested as the
# contract nests them
Project = dict[str, Any]
_ORDER = ("名称", "执行", "预算", "年初预算", "资金来源", "主管部门", "实施单位", "年度目标", "实际完成",
          "绩效指标")  # fmt: skip
_RATE_WEIGHT = Decimal(10)  # the 预算执行率 row: 分值 10 × min(执行率, 100%)


def _flat(text: str) -> str:
    return re.sub(r"\s", "", normalize(text))


def opens_project(block: Block) -> bool:
    """A table row `项目名称 | …`: the first row of a project table."""
    return next((c for c in map(_flat, block.cells) if c), "") == "项目名称"


def _title(block: Block) -> bool:
    """A one-cell row naming a table or its year: the next table's title, not a row of this one."""
    cells = [c for c in map(_flat, block.cells) if c]
    return len(cells) == 1 and bool(re.search(r"自评表|数据表|^[（(]?20\d\d年度?[)）]?$", cells[0]))


def take_project_tables(blocks: list[Block]) -> tuple[list[Block], list[ProjectRead]]:
    """(the blocks that are no project table's rows, the projects read from those that are)."""
    rest: list[Block] = []
    projects: list[ProjectRead] = []
    i = 0
    while i < len(blocks):
        if not opens_project(blocks[i]):
            rest.append(blocks[i])
            i += 1
            continue
        rows, between, i = _extent(blocks, i)
        projects.append(read_project(rows))
        rest += between
    return rest, projects


def _extent(blocks: list[Block], start: int) -> tuple[list[Block], list[Block], int]:
    """The rows of the project table opening at `start`, the paragraphs between its tables, and
    where the blocks after it begin."""
    rows, between = [blocks[start]], []
    total_seen = False
    paragraphs: list[Block] = []
    i = start + 1
    while i < len(blocks):
        block = blocks[i]
        if not block.cells:
            if total_seen or len(paragraphs) >= 2:
                break
            paragraphs.append(block)
            i += 1
            continue
        first = next((c for c in map(_flat, block.cells) if c), "")
        if opens_project(block) or _title(block):
            break
        if total_seen and not first.startswith(("评价等级", "等级")):
            break
        total_seen = total_seen or first.startswith(("总分", "合计"))
        between += paragraphs
        paragraphs = []
        rows.append(block)
        i += 1
    return rows, between, i - len(paragraphs)


@dataclass
class ProjectRead:
    """One project table: the project's keys (with their sources) and what was not placed."""

    item: Project = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    stated_total: tuple[Decimal, Block] | None = None


def _columns(cells: list[str], names: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        name = next((n for n, words in names if any(w in cell for w in words)), None)
        if name is not None and len(cell) <= 16 and name not in found.values():
            found[i] = name
    return found


def _aligned(block: Block, header: list[str], columns: dict[int, str]) -> dict[str, str]:
    """The row's cells by the header's columns. A row with more cells than its header has a label
    cell the header merges (Word gives a merged cell once): its cells are counted from the right;
    one with fewer (Excel leaves off empty cells at the end) from the left."""
    cells = block.cells
    offset = len(cells) - len(header) if len(cells) > len(header) else 0
    return {
        name: cells[i + offset].strip()
        for i, name in columns.items()
        if 0 <= i + offset < len(cells) and cells[i + offset].strip()
    }


def read_project(rows: list[Block]) -> ProjectRead:
    """The project a project table's rows state."""
    read = ProjectRead()
    item = read.item
    funds: dict[str, Any] = {}
    money: tuple[list[str], dict[int, str]] | None = None
    goals: tuple[list[str], dict[int, str]] | None = None
    indicators: tuple[list[str], dict[int, str]] | None = None
    thirds: list[tuple[str, str, dict[str, Placed], Block]] = []
    for block in rows:
        cells = [_flat(c) for c in block.cells]
        labels = [c for c in cells if c]
        if not labels:
            continue
        if _named(block, cells, item):
            continue
        header = _columns(cells, _INDICATOR_COLUMNS)
        if {"一级", "三级", "得分"} <= set(header.values()):
            indicators, money, goals = (cells, header), None, None
            continue
        header = _columns(cells, _FUND_COLUMNS)
        if len({"年初预算", "预算", "执行"} & set(header.values())) >= 2:
            money = (cells, header)
            continue
        if any("预期目标" in c for c in cells) and any("实际完成" in c for c in cells):
            named = {i: "年度目标" if "预期" in c else "实际完成" for i, c in enumerate(cells)
                     if "预期目标" in c or "实际完成" in c}  # fmt: skip
            goals, money = (cells, named), None
            continue
        if indicators is not None:
            if labels[0].startswith(("总分", "合计")):
                stated = [amount(c) for c in labels[1:]]
                numbers = [s for s in stated if s is not None]
                if numbers:
                    read.stated_total = (numbers[-1], block)
                continue
            if labels[0].startswith(("评价等级", "等级")):
                continue
            third = _indicator(block, *indicators, thirds, read)
            if third is not None:
                thirds.append(third)
            continue
        if goals is not None:
            _goal(block, *goals, item, read)
            goals = None
            continue
        if money is not None and _fund(block, cells, *money, item, funds):
            continue
        read.unplaced.append(
            Unplaced(block.where, block.text, "项目支出绩效自评表中没有对应的字段")
        )
    if funds:
        item["资金来源"] = funds
    if thirds:
        item["绩效指标"] = _nested(thirds)
    read.item = {key: item[key] for key in _ORDER if key in item}
    return read


def _named(block: Block, cells: list[str], item: Project) -> bool:
    """`项目名称 | X`, `主管部门 | X | 实施单位 | Y`: each label's value is the next cell."""
    found = False
    for label, key in (("项目名称", "名称"), ("主管部门", "主管部门"), ("实施单位", "实施单位")):
        if label not in cells:
            continue
        found = True
        after = cells.index(label) + 1
        value = next((block.cells[i].strip() for i in range(after, len(cells)) if cells[i]), "")
        if value and value not in ("项目名称", "主管部门", "实施单位"):
            item[key] = Placed(value, block.where, block.text)
    return found


def _fund(
    block: Block,
    cells: list[str],
    header: list[str],
    columns: dict[int, str],
    item: Project,
    funds: dict[str, Any],
) -> bool:
    """A 资金 row: 年度资金总额 gives the project's own figures, a source's row its 资金来源."""
    at, source = next(
        (
            (i, key)
            for i, cell in enumerate(cells)
            for words, key in _SOURCES
            if re.sub(r"^其中[：:]?", "", cell).startswith(words)
        ),
        (None, None),
    )
    if at is None:
        return False
    first = min(columns)
    values = block.cells[at + 1 :]
    wanted = len(header) - first
    while len(values) > wanted and not values[0].strip():
        values = values[1:]  # a label Excel merges over two columns leaves one empty cell
    label = re.sub(r"^其中[：:]?", "", cells[at])
    for offset, text in enumerate(values):
        name = columns.get(first + offset)
        figure = amount(text) if name in ("年初预算", "预算", "执行") else None
        if name is None or figure is None:
            continue
        placed = Placed(figure, block.where, f"{label}（{header[first + offset]}：{text.strip()}）")
        if source is None:
            item[name] = placed
        else:
            funds.setdefault(source, {})[name] = placed
    return True


def _goal(
    block: Block, header: list[str], columns: dict[int, str], item: Project, read: ProjectRead
) -> None:
    """The row under `预期目标 | 实际完成情况`; the 。 the table closes a sentence with is the
    table's (genreport closes the sentence when it renders it)."""
    texts = _aligned(block, header, columns)
    if not texts:
        rest = [c.strip() for c in block.cells if _flat(c) and "目标" not in _flat(c)[:6]]
        texts = dict(zip(("年度目标", "实际完成"), rest, strict=False)) if len(rest) == 2 else {}
    if not texts:
        read.unplaced.append(Unplaced(block.where, block.text, "读不出预期目标和实际完成情况"))
    for key, text in texts.items():
        if _flat(text) in ("年度总体目标", "预期目标", "实际完成情况"):
            continue
        item[key] = Placed(re.sub(r"。$", "", text), block.where, text)


def _indicator(
    block: Block,
    header: list[str],
    columns: dict[int, str],
    thirds: list[tuple[str, str, dict[str, Placed], Block]],
    read: ProjectRead,
) -> tuple[str, str, dict[str, Placed], Block] | None:
    """One 三级指标 row; an empty 一级 or 二级 cell (Excel's merged cell) is the row above's."""
    text = _aligned(block, header, columns)
    name = text.get("三级", "")
    if not name:
        read.unplaced.append(Unplaced(block.where, block.text, "没有三级指标名称"))
        return None
    own = _WEIGHT.search(name)
    name = _WEIGHT.sub("", name)
    if re.fullmatch(r"(?:预算)?执行率", _flat(name)):
        why = "预算执行率由 genreport 按全年执行数÷全年预算数计算，不用填写"
        read.unplaced.append(Unplaced(block.where, block.text, why))
        return None
    first = text.get("一级") or (thirds[-1][0] if thirds else "")
    second = _WEIGHT.sub("", text.get("二级", "")) or (thirds[-1][1] if thirds else "")
    keys: dict[str, Placed] = {"名称": Placed(name, block.where, block.text)}
    weight = amount(text["分值"]) if "分值" in text else None
    if weight is None and own:
        weight = Decimal(own[1])
    if weight is not None:
        keys["分值"] = Placed(tidy(weight), block.where, block.text)
    for key in ("指标值", "完成值"):
        if key in text:
            keys[key] = Placed(text[key], block.where, block.text)
    score = amount(text.get("得分", ""))
    if score is not None:
        keys["得分"] = Placed(score, block.where, block.text)
    if "偏差原因" in text:
        keys["偏差原因"] = Placed(text["偏差原因"], block.where, block.text)
    return first, second, keys, block


def _nested(thirds: list[tuple[str, str, dict[str, Placed], Block]]) -> list[dict[str, Any]]:
    """The 三级指标 under their 一级 and 二级, in the table's order (as the contract nests them)."""
    firsts: list[dict[str, Any]] = []
    for first, second, keys, block in thirds:
        if not firsts or firsts[-1]["一级"].value != first:
            firsts.append({"一级": Placed(first, block.where, block.text), "二级": []})
        seconds: list[dict[str, Any]] = firsts[-1]["二级"]
        if not seconds or seconds[-1]["名称"].value != second:
            seconds.append({"名称": Placed(second, block.where, block.text), "三级": []})
        seconds[-1]["三级"].append(keys)
    return firsts


# --- into the reading ---------------------------------------------------------------------------


def add_projects(reading: Reading, projects: list[ProjectRead]) -> None:
    """Each project table's project into the reading's 项目: beside a project of the same name read
    elsewhere (a 基础数据表's row), its keys join that project's; a figure that disagrees goes to
    待核对. A stated 总分 that is not genreport's goes there too, with both."""
    if not projects:
        return  # no 项目 list where there was none
    known = reading.items.setdefault("项目", [])
    for read in projects:
        reading.unplaced += read.unplaced
        name = read.item.get("名称")
        if not isinstance(name, Placed):
            for value in read.item.values():
                if isinstance(value, Placed):
                    why = "项目支出绩效自评表没有项目名称"
                    reading.unplaced.append(Unplaced(value.where, value.words, why))
            continue
        same = next((i for i in known if is_named(i, str(name.value))), None)
        if same is None:
            add_project(reading, "项目", read.item)
        else:
            for key, value in read.item.items():
                old = same.get(key)
                if old is None:
                    same[key] = value
                elif (
                    isinstance(old, Placed)
                    and isinstance(value, Placed)
                    and old.value != value.value
                ):
                    why = f"与{old.where}的项目“{name.value}”{key}={old.value}不一致"
                    reading.unplaced.append(Unplaced(value.where, value.words, why))
        _compare_total(read, same or read.item, reading)


def _value(placed: object) -> object:
    return placed.value if isinstance(placed, Placed) else None


def _compare_total(read: ProjectRead, item: Project, reading: Reading) -> None:
    if read.stated_total is None:
        return
    stated, block = read.stated_total
    spent, budget = _value(item.get("执行")), _value(item.get("预算"))
    if not isinstance(spent, Decimal) or not isinstance(budget, Decimal) or not budget:
        return
    rate = min(spent / budget, Decimal(1)) * _RATE_WEIGHT
    total = rate.quantize(Decimal("0.01"), ROUND_HALF_UP)
    for first in item.get("绩效指标", []):
        for second in first["二级"]:
            for third in second["三级"]:
                score = third.get("得分")
                total += score.amount if isinstance(score, Placed) else 0
    if tidy(total) != tidy(stated):
        why = f"原文总分{tidy(stated)}，genreport 由执行率和各项得分算得{tidy(total)}"
        reading.unplaced.append(Unplaced(block.where, block.text, why))
