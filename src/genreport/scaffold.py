"""Start a year's data files: `genreport init` writes every key blank with a short comment,
`genreport new` rolls last year's files forward.

A rolled-forward file keeps last year's structure and names; this year's figures are left blank
(loading reports each blank as a figure still to fill), last year's 执行 and 预算 become 上年 and
上年预算, and last year's narrative stays visible as commented-out YAML, which never reaches a
document until the clerk uncomments it. Existing files are never overwritten.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import ScaffoldError
from .load import contract_fields, load_union, unwrap_optional
from .model import Amount, FirstLevel, NarrativeItem, Project, UnionYear
from .source import shorten
from .workspace import Workspace, unsafe_name
from .yamlwriter import UnfaithfulYaml, YamlList, YamlMap, dump, tree

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
{name} {year}年度数据，由 genreport new 根据{previous}年度的文件生成。
金额单位均为万元。空着的数值是今年要填写的：genreport check {year} 会逐项列出，填完为止。
“上年”“上年预算”是{previous}年度的执行数和预算数，一般不用改。
以“# ”开头的行是{previous}年度的文字，仅供参考，不会写入报告；
需要沿用的，删去行首的“# ”再按今年情况修改。
"""

_HEADER_INIT = """\
{name} {year}年度数据，由 genreport init 生成。每个字段上方的注释说明填写什么。
金额单位均为万元，只写数字（如 133.70），不带单位。空着的数值要填写，没有的填0或删除这一行；
genreport check {year} 会逐项列出还没有填写的地方。
每笔金额除“执行”“预算”外，还可以写“上年”“上年预算”（不写时从上年文件取）、
“说明”“偏差原因”（执行与预算差异的原因）和“变动原因”（与上年相比增减的原因）。
"""


@dataclass
class Created:
    """One file `new` or `init` was asked for: written, or left alone (exists, or cannot be)."""

    path: Path
    written: bool
    reason: str = ""


_UNFAITHFUL = (
    "生成的内容读回时与原数据不一致，未写入（这是程序的问题，请把上年的数据文件发给维护人员）"
)


def _model_tree(value: Any) -> Any:
    """A model value (a dataclass, list, dict, text or number) as writer nodes, empty keys left out."""
    if dataclasses.is_dataclass(value):
        out = YamlMap()
        for f, _ in contract_fields(type(value)):
            child = getattr(value, f.name)
            if child not in (None, [], {}):
                out.entry(f.metadata["key"], _model_tree(child))
        return out
    if isinstance(value, list):
        return YamlList([_model_tree(item) for item in value])
    if isinstance(value, dict):
        return tree({key: _model_tree(child) for key, child in value.items()})
    return value


# --- genreport new ------------------------------------------------------------------------------


def roll_forward(previous: UnionYear, year: int) -> str:
    """The text of `previous`'s union's file for `year`."""
    document = YamlMap()
    document.note(_HEADER_NEW.format(name=previous.name, year=year, previous=previous.year))
    document.entry("单位名称", previous.name)
    document.entry("年度", year)
    _roll_fields(document, previous, skip={"单位名称", "年度"})
    return dump(document)


def _roll_fields(out: YamlMap, obj: Any, skip: frozenset | set = frozenset()) -> None:
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
                out.entry(name, value)
            elif holder and name in ("执行", "预算"):
                # this year's figure blank, last year's beside it
                out.entry(name)
                out.entry("上年" if name == "执行" else "上年预算", value)
            else:
                out.entry(name, comment=_last_year_comment(value))
        elif f.metadata["keep"]:
            out.entry(name, _model_tree(value))
        elif kind is str or typing.get_origin(kind) is list and _is_narrative_list(kind):
            out.commented(YamlMap().entry(name, _model_tree(value)))
        elif typing.get_origin(kind) is dict:
            children = out.mapping(name)
            for key, child in value.items():
                if isinstance(child, Amount):
                    _roll_fields(children.mapping(key), child)
                else:
                    children.entry(key, comment=_last_year_comment(child))
        elif typing.get_origin(kind) is list:
            items = out.sequence(name)
            for element in value:
                item = YamlMap()
                _roll_fields(item, element)
                items.add(item)
        elif dataclasses.is_dataclass(kind):
            _roll_fields(out.mapping(name), value)


def _last_year_comment(value: Decimal | int) -> str:
    return f"上年 {format(value, 'f') if isinstance(value, Decimal) else value}"


def _is_narrative_list(kind: Any) -> bool:
    (element,) = typing.get_args(kind)
    return element in (str, NarrativeItem)


def new_year(root: Path, year: int, only: str | None = None) -> list[Created]:
    """Create `data/<year>/*.yaml` from `data/<year-1>/`; existing files are left alone."""
    project = Workspace(root)
    source = project.data_folder(year - 1)
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
        target = project.data_folder(year) / path.name
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
        try:
            text = roll_forward(loaded.union, year)
        except UnfaithfulYaml:
            created.append(Created(target, False, _UNFAITHFUL))
            continue
        _write_new(target, text)
        created.append(Created(target, True))
    return created


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)


# --- genreport init -----------------------------------------------------------------------------


def blank_file(name: str, year: int) -> str:
    """A new union's file: every key, blank, each with a short comment."""
    document = YamlMap()
    document.note(_HEADER_INIT.format(name=name, year=year))
    hints = {f.metadata["key"]: f.metadata["hint"] for f, _ in contract_fields(UnionYear)}
    document.note(hints["单位名称"])
    document.entry("单位名称", name)
    document.note(hints["年度"])
    document.entry("年度", year)
    _blank_fields(document, UnionYear, "", skip={"单位名称", "年度"})
    return dump(document)


def _blank_fields(out: YamlMap, cls: type, path: str, skip=frozenset()) -> None:
    amount = cls is Amount
    for f, hint in contract_fields(cls):
        name = f.metadata["key"]
        if name in skip or name in _LAST_YEAR or (amount and name in _AMOUNT_EXTRAS):
            continue
        key_path = f"{path}.{name}" if path else name
        kind = unwrap_optional(hint)
        if not amount:
            out.note(f.metadata["hint"])
        if name == "提纲":
            out.entry(name, UnionYear.outline)
        elif key_path in _OPTIONAL_IN_INIT:
            out.commented(YamlMap().entry(name))
        elif kind is Amount or dataclasses.is_dataclass(kind):
            _blank_fields(out.mapping(name), kind, key_path)
        elif typing.get_origin(kind) is dict:
            children = out.mapping(name)
            examples = _INIT_EXAMPLES.get(key_path)
            if examples:
                for example in examples:
                    _blank_fields(children.mapping(example), Amount, key_path)
            elif typing.get_args(kind)[1] is Amount:
                children.commented(tree({"名称": {"执行": None, "预算": None}}))
            else:
                children.commented(tree({"名称": 0}))
        elif typing.get_origin(kind) is list and dataclasses.is_dataclass(typing.get_args(kind)[0]):
            element = typing.get_args(kind)[0]
            items = out.sequence(name)
            if element in (FirstLevel, NarrativeItem):
                item = _example_item(element)
            else:
                item = YamlMap()
                _blank_fields(item, element, key_path)
            if element is Project:  # nearly every union has projects: an item to fill
                items.add(item)
            else:
                items.commented(YamlList([item]))
        elif typing.get_origin(kind) is list:
            out.sequence(name).commented(YamlList([None]))
        else:
            out.entry(name)


def _example_item(cls: type) -> YamlMap:
    if cls is NarrativeItem:
        return tree({"标题": None, "要点": [{"标题": None, "内容": None}]})
    return tree(
        {
            "一级": "投入管理指标",
            "权重": 4,
            "二级": [
                {
                    "名称": "预算执行管理",
                    "权重": 4,
                    "三级": [
                        {
                            "名称": "预算执行率",
                            "分值": 4,
                            "指标值": "100%",
                            "完成值": None,
                            "得分": None,
                            "偏差原因": None,
                        }
                    ],
                }
            ],
        }
    )


def init_union(root: Path, name: str, year: int) -> Created:
    """Create `data/<year>/<name>.yaml` with every key; an existing file is left alone.

    A name that cannot be a file and folder name is refused with check's message, before anything
    is written: the name becomes `data/<year>/<name>.yaml` and `output/<year>/<name>/`.
    """
    unsafe = unsafe_name(name)
    if unsafe:
        raise ScaffoldError(f"单位名称“{shorten(name)}”{unsafe}")
    target = Workspace(root).data_file(year, name)
    if target.exists():
        return Created(target, False, "已存在，未改动")
    try:
        text = blank_file(name, year)
    except UnfaithfulYaml:
        raise ScaffoldError(
            f"单位名称“{shorten(name)}”含有无法写入数据文件的字符，请删除不可见的字符后重试。"
        ) from None
    _write_new(target, text)
    return Created(target, True)
