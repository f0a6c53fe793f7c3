"""The draft data file: the contract's keys in the contract's order, each imported value under a
comment naming where it came from, computed figures compared, and a commented `待核对` block with
everything read but not placed; written through the one YAML writer, then checked."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from genreport.errors import ClerkError
from genreport.failures import create_whole, naming
from genreport.importing.basic_extras import add_extras, take_basic_extras
from genreport.importing.extract import ImportRefused, read_blocks
from genreport.importing.lines import rebuild_tables
from genreport.importing.numbers import tidy
from genreport.importing.project_table import add_projects, take_project_tables
from genreport.importing.report import (
    Item,
    Placed,
    Reading,
    ScoreRow,
    Unplaced,
    is_named,
    read_report,
)
from genreport.pipeline import UnionResult, check_union
from genreport.reading.load import load_union
from genreport.scaffold.folder import modeline, write_schema
from genreport.scaffold.new_files import roll_forward
from genreport.scaffold.yamlwriter import YamlMap, dump
from genreport.workspace import Workspace, unsafe_name

_ORDER = (
    "概况", "职能", "重点工作", "机构", "内设机构", "下属单位", "人员", "编制", "在职", "退休", "在职构成", "其他人员",
    "收支总额", "收入", "支出", "结转结余", "基本支出", "项目支出", "明细", "项目", "资金来源",
    "功能分类", "三公经费", "会议费", "培训费", "政府采购", "政府性基金预算支出",
    "国有资本经营预算支出", "社会保险基金预算支出", "专项资金",
    "执行", "预算", "年初预算", "上年", "上年预算",
)  # fmt: skip
_TEXTS = ("管理情况", "资产管理", "其他财政性资金", "结果应用", "其他说明")
_LISTS = ("绩效情况", "项目实施情况", "存在问题", "原因分析", "改进措施")


@dataclass
class Imported:
    """What `genreport 导入` did: the file written, its check, and how much was placed."""

    path: Path
    check: UnionResult
    placed: int
    to_review: int
    rolled_from: int | None = None
    notes: list[str] = field(default_factory=list)


def read_documents(files: list[Path], union: str | None = None, year: int | None = None) -> Reading:
    """What `files` say; `union` and `year`, when given, are the union's and the year's (tables
    alone seldom name them)."""
    blocks = []
    for path in files:
        read = read_blocks(path)
        if not any(b.cells for b in read):  # text: its tables, if any, are one cell per line
            read = rebuild_tables(read, path.name)
        blocks += read
    blocks, projects = take_project_tables(blocks)
    blocks, extras = take_basic_extras(blocks)
    reading = read_report(blocks)
    add_projects(reading, projects)
    add_extras(reading, extras)
    reading.name = union or reading.name
    reading.year = year or reading.year
    names = "、".join(p.name for p in files)
    if not (reading.values or reading.narrative or reading.scores or projects):
        raise ImportRefused(
            f"{names}：没有读到单位名称、年度或任何数字，不像是部门整体支出绩效自评报告或表格。"
        )
    missing = [
        what for what, read in (("单位名称", reading.name), ("年度", reading.year)) if not read
    ]
    if missing:
        raise ImportRefused(
            f"{names}：读不出{'和'.join(missing)}（只有表格、没有报告标题时常常如此）；"
            f"请写明，如 genreport 导入 {' '.join(p.name for p in files)} "
            + " ".join(_EXAMPLES[what] for what in missing)
            + "。"
        )
    return reading


_EXAMPLES = {"单位名称": "--单位 某某区总工会", "年度": "--年度 2023"}


def draft_text(reading: Reading, files: list[Path]) -> str:
    document = YamlMap()
    names = "、".join(p.name for p in files)
    document.note(
        f"由 genreport 导入 从 {names} 读出的草稿。每个数字上方的注释是它的出处（文件、段落或行、原文）。\n"
        "金额单位为万元；合计、占比、执行率和增减由 genreport 计算，不抄写。\n"
        "请逐项核对，处理文件末尾“待核对”中的内容，然后运行 genreport check 检查。"
    )
    document.entry("单位名称", reading.name)
    document.entry("年度", reading.year)
    nested = _nest(reading)
    for key in sorted(nested, key=_rank):
        _write(document, key, nested[key])
    _review(document, reading)
    return dump(document)


def _rank(key: str) -> tuple[int, str]:
    return (_ORDER.index(key) if key in _ORDER else len(_ORDER), "")


def _parts_that_add_up(reading: Reading) -> None:
    """功能分类 and 资金来源 must add up to 基本 + 项目 (check's error); lines that would not (a part
    the importer missed) go to 待核对 rather than into a draft that fails its check."""
    values = reading.values
    for key in [k for k in values if k.count(".") == 2 and k.startswith("支出.资金来源.")]:
        if any(k.startswith(key + ".") for k in values):  # `财政拨款63.11万元` and a table's row
            placed = values.pop(key)
            reading.put(f"{key}.执行", placed.value, placed.where, placed.words)
    basic = [
        v.amount
        for k, v in values.items()
        if k.startswith("支出.基本支出.明细.") and k.endswith(".执行")
    ]
    projects = [_spent(i) for i in reading.items.get("项目", [])]
    none_stated = reading.items.get("项目") == []  # `无项目支出`: its 预算 of 0 needs no parts
    whole = sum(basic + projects, Decimal(0))
    wholes_budget = (("支出.项目支出.预算", projects), ("支出.基本支出.预算", basic),
                     ("支出.预算", basic + projects))  # fmt: skip
    for key, parts in wholes_budget:
        nil = (
            none_stated and key == "支出.项目支出.预算" and key in values and not values[key].amount
        )
        if key in values and not parts and not nil:  # check sums a 预算 over its parts
            placed = values.pop(key)
            why = f"{key}：{placed.value}，未读到其下各项，请补上各项后再填"
            reading.unplaced.append(Unplaced(placed.where, placed.words, why))
    budget = [values[k].amount for k in ("支出.基本支出.预算", "支出.项目支出.预算") if k in values]
    wholes = {"执行": whole, "预算": sum(budget, Decimal(0)) if len(budget) == 2 else None}
    for path, blank in reading.blanks:
        for field_name, total in wholes.items():
            others = [
                v.amount
                for k, v in values.items()
                if k.startswith("支出.资金来源.") and k.endswith("." + field_name)
            ]
            if others and total is not None and sum(others, Decimal(0)) == total:
                words = f"{blank.text}：其余各项之和已等于{field_name}合计{tidy(total)}万元"
                reading.put(f"{path}.{field_name}", Decimal(0), blank.where, words)
    for group in ("支出.功能分类.", "支出.资金来源."):
        lines = {k: v for k, v in values.items() if k.startswith(group) and not k.endswith(".预算")}
        if lines and sum(v.amount for v in lines.values()) != whole:
            for k in [k for k in values if k.startswith(group)]:
                placed = values.pop(k)
                reading.unplaced.append(
                    Unplaced(
                        placed.where,
                        placed.words,
                        f"{k}：各项之和与已导入的基本支出、项目支出之和{whole}万元不符",
                    )
                )


def _spent(item: Item) -> Decimal:
    """An imported project's 执行."""
    placed = item["执行"]
    return placed.amount if isinstance(placed, Placed) else Decimal(0)


# The draft before it is written: keys to values with their sources, nested as the contract nests
Tree = dict[str, Any]


def _nest(reading: Reading) -> Tree:
    _parts_that_add_up(reading)
    tree: Tree = {}
    for path, placed in reading.values.items():
        node = tree
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = placed
    overview = tree.setdefault("概况", {})
    for key in ("职能", "重点工作"):
        if key in reading.narrative:
            overview[key] = reading.narrative[key]
    units: Tree = {
        k: reading.narrative[k] for k in ("内设机构", "下属单位") if k in reading.narrative
    }
    for key, tree_key, parent in (("机构说明", "说明", units), ("人员说明", "说明", None)):
        if key in reading.narrative:
            parts = reading.narrative[key]
            text = Placed("".join(str(p.value) for p in parts), parts[0].where, parts[0].words)
            (parent if parent is not None else overview.setdefault("人员", {}))[tree_key] = text
    if units:
        overview["机构"] = units
    if not overview:
        del tree["概况"]
    spending = tree.get("支出", {})
    if "项目" in reading.items:
        spending.setdefault("项目支出", {})["项目"] = reading.items["项目"]
    if "专项资金" in reading.items:
        spending["专项资金"] = reading.items["专项资金"]
    if spending:
        tree["支出"] = spending
    for key in _LISTS:
        items: list[Item | Placed] = [i for i in reading.items.get(key, []) if "要点" in i]
        items += reading.narrative.get(key, [])
        if items:
            tree[key] = items
    if reading.scores:
        tree["自评表"] = _scoring(reading.scores)
    for key in _TEXTS:
        if key in reading.narrative:
            parts = reading.narrative[key]
            tree[key] = Placed("".join(str(p.value) for p in parts), parts[0].where, parts[0].words)
    return tree


def _source(placed: Placed) -> str:
    words = " ".join(str(placed.words).split())
    if len(words) > 60:
        words = words[:60] + "…"
    return f"出处：{placed.where}：“{words}”"


def _write(out: YamlMap, key: str, value: object) -> None:
    if isinstance(value, Placed):
        out.note(_source(value))
        out.entry(key, value.value)
    elif isinstance(value, dict):
        child = out.mapping(key)
        for k in sorted(value, key=_rank):
            _write(child, k, value[k])
    elif isinstance(value, list) and not value:  # `无内设机构`
        out.entry(key, [])
    elif isinstance(value, list):
        items = out.sequence(key)
        for item in value:
            if isinstance(item, Placed):
                items.note(_source(item))
                items.add(item.value)
            elif isinstance(item, dict):
                mapping = YamlMap()
                for k, v in item.items():
                    _write(mapping, k, v)
                items.add(mapping)


def _scoring(scores: list[ScoreRow]) -> Tree:
    """The 自评表's 三级指标 nested under their 一级 and 二级, in the table's order; a 一级 or 二级
    cell merged over several rows is read once."""
    firsts: list[Tree] = []
    for row in scores:
        where, words = row.keys["名称"].where, row.keys["名称"].words
        if not firsts or firsts[-1]["一级"].value != row.first:
            firsts.append({"一级": Placed(row.first, where, words), "二级": []})
        seconds: list[Tree] = firsts[-1]["二级"]
        if not seconds or seconds[-1]["名称"].value != row.second:
            seconds.append({"名称": Placed(row.second, where, words), "三级": []})
        seconds[-1]["三级"].append(row.keys)
    return {"指标": firsts}


# --- computed figures compared, and what is left -------------------------------------------------


# the two lines of 公务用车购置及运行维护费, inside it: not added to the 三公 total again
_CAR_LINES = {f"支出.三公经费.{line}.{field_name}" for line in ("公务用车购置", "公务用车运行维护")
              for field_name in ("执行", "预算", "上年", "上年预算")}  # fmt: skip


def _whole_last(reading: Reading, values: dict[str, Decimal]) -> Decimal | None:
    """The whole's 上年: 基本支出's and 项目支出's (each as stated, or its lines' when all are read)."""
    details = [
        v for k, v in values.items() if k.startswith("支出.基本支出.明细.") and k.endswith(".上年")
    ]
    spent = [k for k in values if k.startswith("支出.基本支出.明细.") and k.endswith(".执行")]
    basic = values.get("支出.基本支出.上年")
    if basic is None and details and len(details) == len(spent):
        basic = sum(details, Decimal(0))
    items = reading.items.get("项目", [])
    lasts = [p.amount for i in items if isinstance(p := i.get("上年"), Placed)]
    project = values.get("支出.项目支出.上年")
    if project is None and items and len(lasts) == len(items):
        project = sum(lasts, Decimal(0))
    if basic is None or (project is None and items):
        return None
    return basic + (project or Decimal(0))


def _funds(reading: Reading) -> Decimal | None:
    """专项资金's total: its items' 执行."""
    items = reading.items.get("专项资金")
    return sum((_spent(i) for i in items), Decimal(0)) if items else None


def _procured(values: dict[str, Decimal]) -> Decimal | None:
    """政府采购's total: its 货物, 工程 and 服务 (the contracts it lists are inside them)."""
    parts = [
        values[key]
        for k in ("货物", "工程", "服务")
        for key in (f"支出.政府采购.{k}", f"支出.政府采购.{k}.执行")
        if key in values
    ]
    return sum(parts, Decimal(0)) if parts else None


def _compared(reading: Reading) -> tuple[list[str], list[str]]:
    """(disagreements, agreements): each figure the source states that genreport computes."""
    values = {k: v.amount for k, v in reading.values.items() if not isinstance(v.value, str)}

    def total(prefix: str, field_name: str = "执行") -> Decimal | None:
        parts = [
            v
            for k, v in values.items()
            if k.startswith(prefix) and k.endswith("." + field_name) and k not in _CAR_LINES
        ]
        return sum(parts, Decimal(0)) if parts else None

    basic = total("支出.基本支出.明细.")
    projects = reading.items.get("项目")
    project = sum((_spent(i) for i in projects), Decimal(0)) if projects is not None else None
    whole = basic + project if basic is not None and project is not None else basic
    computed = {"基本支出": basic, "项目支出": project, "整体": whole,
                "三公": total("支出.三公经费."), "三公.预算": total("支出.三公经费.", "预算"),
                "三公.上年": total("支出.三公经费.", "上年"),
                "三公.上年预算": total("支出.三公经费.", "上年预算"),
                "政府采购": _procured(values), "专项资金": _funds(reading), "整体.上年": _whole_last(reading, values)}  # fmt: skip

    def figure(key: str, field_name: str) -> Decimal | None:
        """The imported (or computed) `field_name` of the item `key` names."""
        if field_name == "执行" and key in ("基本支出", "项目支出", "整体"):
            return computed[key]
        if key == "三公":
            return computed[key if field_name == "执行" else f"三公.{field_name}"]
        if key.startswith("项目:"):
            item = next((i for i in projects or [] if is_named(i, key[3:])), None)
            placed = item.get(field_name) if item else None
            return placed.amount if isinstance(placed, Placed) else None
        path = {"整体": "支出", "基本支出": "支出.基本支出", "项目支出": "支出.项目支出"}.get(
            key, key
        )
        if key.startswith("明细:"):
            path = f"支出.基本支出.明细.{key[3:]}"
        return values.get(f"{path}.{field_name}")

    wrong, right = [], []
    for kind, key, stated, where, words in reading.claims:
        ours: Decimal | None = None
        if kind == "合计":
            ours = computed.get(key)
        elif kind in ("上年", "预算"):  # a project's, from its change on last year or budget
            ours = figure(key, kind)
            if ours is None:
                why = f"{kind}：{tidy(stated)}（由原文推算）"
                reading.unplaced.append(Unplaced(where, words, why))
                continue
        elif kind.startswith("占比"):
            base = computed.get(kind[3:] or "整体")  # 占比:其他 names a base not computed
            part = computed.get(key)
            if part is None:
                found = values.get(f"{key}.执行", values.get(key))
                if found is None and key.startswith("明细:"):
                    found = values.get(f"支出.基本支出.明细.{key[3:]}.执行")
                if found is None and key.startswith("项目:"):
                    found = next((_spent(i) for i in projects or [] if is_named(i, key[3:])), None)
                part = found
            if part is not None and base:
                ours = part / base * 100
        elif kind in ("执行率", "上年率", "上年率:预算"):
            this, last = ("预算", "上年预算") if kind == "上年率:预算" else ("执行", "上年")
            spent = figure(key, this)
            other = figure(key, "预算" if kind == "执行率" else last)
            if spent is not None and other:
                ours = (spent if kind == "执行率" else spent - other) / other * 100
        line = f"{where}：“{' '.join(words.split())}”"
        if ours is None:
            why = "genreport 无法由已导入的数算出"
            if kind == "合计" and "." in key:  # `预算比上年减少1.20万元`: the total's 上年预算
                why = f"{key.split('.')[1]}：{tidy(stated)}（由原文推算），{why}"
            reading.unplaced.append(Unplaced(where, words, why))
            continue
        exponent = stated.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        rounded = ours.quantize(
            Decimal(1).scaleb(-max(places, 0 if kind == "合计" else 2)), ROUND_HALF_UP
        )
        same = ours.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == stated
        unit = "万元" if kind == "合计" else "%"
        if same:
            right.append(f"{line}（genreport 算得 {rounded}{unit}，一致）")
        else:
            wrong.append(
                f"{line}：原文 {stated}{unit}，genreport 由已导入的各项算得 {rounded}{unit}"
            )
    return wrong, right


def _review(document: YamlMap, reading: Reading) -> None:
    wrong, right = _compared(reading)
    lines = []
    if wrong:
        lines.append(
            "原文的合计或比例与 genreport 由各项算出的不一致（请核对各项；合计和比例不用填写）："
        )
        lines += [f"  - {w}" for w in wrong]
    if reading.unplaced:
        lines.append("原文中没有放入任何字段的数字和文字（原样照录，请决定放到哪里或删去）：")
        lines += [
            f"  - {u.where}：“{' '.join(str(u.text).split())}”" + (f"（{u.why}）" if u.why else "")
            for u in reading.unplaced
        ]
    if right:
        lines.append("原文的合计或比例与 genreport 算得的一致（由 genreport 计算，不用填写）：")
        lines += [f"  - {r}" for r in right]
    if lines:
        document.note("")
        document.note("待核对：\n" + "\n".join(lines))


# --- the command --------------------------------------------------------------------------------


def import_documents(
    project: Workspace,
    files: list[Path],
    to: Path | None = None,
    as_last_year_of: int | None = None,
    union: str | None = None,
    year: int | None = None,
) -> Imported:
    """Read `files` (of `union` and `year` where given), write the draft (or, with
    `as_last_year_of`, that year's file with the figures read as 上年), refusing to overwrite, and
    check it."""
    reading = read_documents(files, union, year)
    name, year = reading.name or "", reading.year or 0  # read_documents refuses a file without
    unsafe = unsafe_name(name)
    if unsafe:
        raise ImportRefused(f"读到的单位名称“{name}”{unsafe}；请用 --to 指定文件名。")
    text = draft_text(reading, files)
    if as_last_year_of is not None:
        if as_last_year_of != year + 1:
            raise ImportRefused(
                f"读到的是{year}年度的报告，只能作为{year + 1}年度的上年（--作为上年 {year + 1}）。"
            )
        text = _rolled(text, as_last_year_of)
        year = as_last_year_of
    target = to if to is not None else project.data_file(year, name)
    if target.exists():
        raise ImportRefused(f"{target} 已存在，未改动；请用 --to 指定另一个文件。")
    target.parent.mkdir(parents=True, exist_ok=True)
    with naming(project.schema_path):
        write_schema(project)
    try:
        create_whole(target, (modeline(target, project) + text).encode("utf-8"))
    except FileExistsError:
        raise ImportRefused(f"{target} 已存在，未改动；请用 --to 指定另一个文件。") from None
    folder_year = year if to is None else None
    result = check_union(target, folder_year, project.outlines(), project)
    placed = len(reading.values) + sum(
        len(v) for k, v in reading.items.items() if not k.startswith("_")
    )
    return Imported(
        target, result, placed, len(reading.unplaced),
        reading.year if as_last_year_of is not None else None,
    )  # fmt: skip


def _rolled(text: str, year: int) -> str:
    """The draft as `new` rolls a data file forward: its figures become 上年/上年预算."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_union(path)
    if loaded.union is None or loaded.has_errors:
        problems = "；".join(str(p) for p in loaded.problems if p.is_error)[:300]
        raise ClerkError(f"读出的草稿有错误，不能作为上年：{problems}")
    return roll_forward(loaded.union, year)
