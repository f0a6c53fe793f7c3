"""Start a year's data files: `genreport init` writes every key blank with a short comment,
`genreport new` rolls last year's files forward.

A rolled-forward file keeps last year's structure and names; this year's figures are left blank
(loading reports each blank as a figure still to fill), last year's 执行 and 预算 become 上年 and
上年预算, and last year's narrative stays visible as commented-out YAML, which never reaches a
document until the clerk uncomments it. Existing files are never overwritten.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .load import contract_fields, load_union, unwrap_optional
from .model import Amount, FirstLevel, NarrativeItem, Project, UnionYear

INDENT = "  "
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")

# Names a new file starts with where clerks always have them (经济分类 of 基本支出, the usual source).
_INIT_EXAMPLES = {
    "支出.基本支出.明细": ["工资福利支出", "商品和服务支出", "对个人和家庭的补助"],
    "支出.资金来源": ["财政拨款"],
}
_AMOUNT_EXTRAS = {"说明", "偏差原因", "变动原因"}  # explained once in the header
_LAST_YEAR = {"上年", "上年预算"}  # from last year's file
# Optional figures a new file shows commented out: a blank would be reported as a figure to fill.
_OPTIONAL_IN_INIT = {"支出.预算", "支出.基本支出.预算", "支出.项目支出.预算"}

_HEADER_NEW = """\
# {name} {year}年度数据，由 genreport new 根据{previous}年度的文件生成。
# 金额单位均为万元。空着的数值是今年要填写的：genreport check {year} 会逐项列出，填完为止。
# “上年”“上年预算”是{previous}年度的执行数和预算数，一般不用改。
# 以“# ”开头的行是{previous}年度的文字，仅供参考，不会写入报告；
# 需要沿用的，删去行首的“# ”再按今年情况修改。
"""

_HEADER_INIT = """\
# {name} {year}年度数据，由 genreport init 生成。每个字段上方的注释说明填写什么。
# 金额单位均为万元，只写数字（如 133.70），不带单位。空着的数值要填写，没有的填0或删除这一行；
# genreport check {year} 会逐项列出还没有填写的地方。
# 每笔金额除“执行”“预算”外，还可以写“上年”“上年预算”（不写时从上年文件取）、
# “说明”“偏差原因”（执行与预算差异的原因）和“变动原因”（与上年相比增减的原因）。
"""


@dataclass
class Created:
    """One file `new` or `init` was asked for: written, or left alone because it exists."""

    path: Path
    written: bool
    reason: str = ""


class ScaffoldError(Exception):
    """Nothing to start from (no last year's files); the message is for the clerk."""


def scalar(value: Any) -> str:
    """`value` as a YAML scalar that reads back as the same text."""
    if isinstance(value, (Decimal, int)):
        return str(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and text.isprintable()
        and text == text.strip()
        and ": " not in text
        and " #" not in text
    ):
        return text
    return '"' + "".join(_escaped(c) for c in text) + '"'


def _escaped(char: str) -> str:
    """One character inside a YAML double-quoted scalar."""
    if char in '"\\':
        return "\\" + char
    if char == "\n":
        return "\\n"
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, depth: int, text: str) -> None:
        self.lines.append(f"{INDENT * depth}{text}".rstrip())

    def comment(self, depth: int, text: str) -> None:
        for line in text.splitlines() or [""]:
            self.add(depth, f"# {line}")

    def commented(self, depth: int, block: list[str]) -> None:
        """YAML lines commented out so that removing `# ` restores them."""
        for line in block:
            self.lines.append(f"{INDENT * depth}# {line}".rstrip())

    def item(self, depth: int, block: list[str]) -> None:
        """`block` (written at depth 0) as one `- ` list item at `depth`."""
        first = True
        for line in block:
            if first and not line.startswith("#"):
                self.add(depth, f"- {line}")
                first = False
            else:
                self.add(depth, f"  {line}")


def _as_yaml(name: str, value: Any) -> list[str]:
    """Last year's `name: value` as plain YAML lines (depth 0), for commenting out."""
    out = _Lines()
    _plain(out, 0, name, value)
    return out.lines


def _plain(out: _Lines, depth: int, name: str, value: Any) -> None:
    if isinstance(value, list):
        out.add(depth, f"{scalar(name)}:")
        for element in value:
            if dataclasses.is_dataclass(element):
                inner = _Lines()
                for f, _ in contract_fields(type(element)):
                    child = getattr(element, f.name)
                    if child not in (None, [], {}):
                        _plain(inner, 0, f.metadata["key"], child)
                out.item(depth + 1, inner.lines)
            else:
                out.add(depth + 1, f"- {scalar(element)}")
    elif isinstance(value, dict):
        out.add(depth, f"{scalar(name)}:")
        for key, child in value.items():
            _plain(out, depth + 1, key, child)
    elif dataclasses.is_dataclass(value):
        out.add(depth, f"{scalar(name)}:")
        for f, _ in contract_fields(type(value)):
            child = getattr(value, f.name)
            if child not in (None, [], {}):
                _plain(out, depth + 1, f.metadata["key"], child)
    elif isinstance(value, str) and "\n" in value:
        out.add(depth, f"{scalar(name)}: |-")
        for line in value.splitlines():
            out.add(depth + 1, line)
    else:
        out.add(depth, f"{scalar(name)}: {scalar(value)}")


# --- genreport new ------------------------------------------------------------------------------


def roll_forward(previous: UnionYear, year: int) -> str:
    """The text of `previous`'s union's file for `year`."""
    out = _Lines()
    out.lines += _HEADER_NEW.format(
        name=previous.name, year=year, previous=previous.year
    ).splitlines()
    out.add(0, f"单位名称: {scalar(previous.name)}")
    out.add(0, f"年度: {year}")
    _roll_fields(out, 0, previous, skip={"单位名称", "年度"})
    return "\n".join(out.lines) + "\n"


def _roll_fields(out: _Lines, depth: int, obj: Any, skip: frozenset | set = frozenset()) -> None:
    holder = hasattr(obj, "last_year")
    for f, hint in contract_fields(type(obj)):
        name = f.metadata["key"]
        value = getattr(obj, f.name)
        if name in skip or value in (None, [], {}):
            continue
        if name == "提纲" and value == UnionYear.outline:
            continue
        kind = unwrap_optional(hint)
        if holder and name in ("上年", "上年预算"):
            continue  # written with 执行 and 预算 below
        if kind in (Decimal, int):
            if f.metadata["keep"]:
                out.add(depth, f"{name}: {scalar(value)}")
            elif holder and name in ("执行", "预算"):
                # this year's figure blank, last year's beside it
                out.add(depth, f"{name}:")
                out.add(depth, f"{'上年' if name == '执行' else '上年预算'}: {scalar(value)}")
            else:
                out.add(depth, f"{name}:  # {_last_year_comment(value)}")
        elif f.metadata["keep"]:
            _plain(out, depth, name, value)
        elif kind is str or typing.get_origin(kind) is list and _is_narrative_list(kind):
            out.commented(depth, _as_yaml(name, value))
        elif typing.get_origin(kind) is dict:
            out.add(depth, f"{name}:")
            for key, child in value.items():
                if isinstance(child, Amount):
                    out.add(depth + 1, f"{scalar(key)}:")
                    _roll_fields(out, depth + 2, child)
                else:
                    out.add(depth + 1, f"{scalar(key)}:  # {_last_year_comment(child)}")
        elif typing.get_origin(kind) is list:
            out.add(depth, f"{name}:")
            for element in value:
                inner = _Lines()
                _roll_fields(inner, 0, element)
                out.item(depth + 1, inner.lines)
        elif dataclasses.is_dataclass(kind):
            out.add(depth, f"{name}:")
            _roll_fields(out, depth + 1, value)


def _last_year_comment(value: Any) -> str:
    return f"上年 {scalar(value)}"


def _is_narrative_list(kind: Any) -> bool:
    (element,) = typing.get_args(kind)
    return element in (str, NarrativeItem)


def new_year(root: Path, year: int, only: str | None = None) -> list[Created]:
    """Create `data/<year>/*.yaml` from `data/<year-1>/`; existing files are left alone."""
    source = root / "data" / str(year - 1)
    paths = sorted(source.glob("*.yaml")) if source.is_dir() else []
    if only is not None:
        paths = [p for p in paths if p.stem == only]
    if not paths:
        which = f"“{only}”的" if only else ""
        raise ScaffoldError(
            f"没有找到{year - 1}年度{which}数据文件（{source}/*.yaml），无法生成{year}年度的文件。"
            f"新单位请用 genreport init 单位名称 {year}。"
        )
    created = []
    for path in paths:
        target = root / "data" / str(year) / path.name
        if target.exists():
            created.append(Created(target, False, "已存在，未改动"))
            continue
        loaded = load_union(path)
        if loaded.has_errors or loaded.union is None:
            errors = sum(1 for p in loaded.problems if p.is_error)
            created.append(
                Created(
                    target,
                    False,
                    f"{year - 1}年度的文件有{errors}个错误，请先运行 genreport check {year - 1} 改正",
                )
            )
            continue
        _write_new(target, roll_forward(loaded.union, year))
        created.append(Created(target, True))
    return created


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)


# --- genreport init -----------------------------------------------------------------------------


def blank_file(name: str, year: int) -> str:
    """A new union's file: every key, blank, each with a short comment."""
    out = _Lines()
    out.lines += _HEADER_INIT.format(name=name, year=year).splitlines()
    hints = {f.metadata["key"]: f.metadata["hint"] for f, _ in contract_fields(UnionYear)}
    out.comment(0, hints["单位名称"])
    out.add(0, f"单位名称: {scalar(name)}")
    out.comment(0, hints["年度"])
    out.add(0, f"年度: {year}")
    _blank_fields(out, 0, UnionYear, "", skip={"单位名称", "年度"})
    return "\n".join(out.lines) + "\n"


def _blank_fields(out: _Lines, depth: int, cls: type, path: str, skip=frozenset()) -> None:
    amount = cls is Amount
    for f, hint in contract_fields(cls):
        name = f.metadata["key"]
        if name in skip or name in _LAST_YEAR or (amount and name in _AMOUNT_EXTRAS):
            continue
        key_path = f"{path}.{name}" if path else name
        kind = unwrap_optional(hint)
        if not amount:
            out.comment(depth, f.metadata["hint"])
        if name == "提纲":
            out.add(depth, f"{name}: {UnionYear.outline}")
        elif key_path in _OPTIONAL_IN_INIT:
            out.commented(depth, [f"{name}:"])
        elif kind is Amount:
            out.add(depth, f"{name}:")
            _blank_fields(out, depth + 1, Amount, key_path)
        elif dataclasses.is_dataclass(kind):
            out.add(depth, f"{name}:")
            _blank_fields(out, depth + 1, kind, key_path)
        elif typing.get_origin(kind) is dict:
            out.add(depth, f"{name}:")
            examples = _INIT_EXAMPLES.get(key_path)
            value_kind = typing.get_args(kind)[1]
            if examples:
                for example in examples:
                    out.add(depth + 1, f"{example}:")
                    _blank_fields(out, depth + 2, Amount, key_path)
            elif value_kind is Amount:
                out.commented(depth + 1, ["名称:", "  执行:", "  预算:"])
            else:
                out.commented(depth + 1, ["名称: 0"])
        elif typing.get_origin(kind) is list and dataclasses.is_dataclass(typing.get_args(kind)[0]):
            element = typing.get_args(kind)[0]
            out.add(depth, f"{name}:")
            inner = _Lines()
            if element in (FirstLevel, NarrativeItem):
                inner.lines = _example_item(element)
            else:
                _blank_fields(inner, 0, element, key_path)
            if element is Project:  # nearly every union has projects: an item to fill
                block = inner.lines
                out.item(depth + 1, block)
            else:
                listed = _Lines()
                listed.item(0, inner.lines)
                out.commented(depth + 1, listed.lines)
        elif typing.get_origin(kind) is list:
            out.add(depth, f"{name}:")
            out.commented(depth + 1, ["- "])
        else:
            out.add(depth, f"{name}:")


def _example_item(cls: type) -> list[str]:
    if cls is NarrativeItem:
        return ["- 标题:", "  要点:", "    - 标题:", "      内容:"]
    return [
        "- 一级: 投入管理指标",
        "  权重: 4",
        "  二级:",
        "    - 名称: 预算执行管理",
        "      权重: 4",
        "      三级:",
        "        - 名称: 预算执行率",
        "          分值: 4",
        "          指标值: 100%",
        "          完成值:",
        "          得分:",
        "          偏差原因:",
    ]


def init_union(root: Path, name: str, year: int) -> Created:
    """Create `data/<year>/<name>.yaml` with every key; an existing file is left alone."""
    target = root / "data" / str(year) / f"{name}.yaml"
    if target.exists():
        return Created(target, False, "已存在，未改动")
    _write_new(target, blank_file(name, year))
    return Created(target, True)
