"""Start a year's data files: `genreport init` writes every key blank with a short comment,
`genreport new` rolls last year's files forward.

A rolled-forward file keeps last year's structure and names; this year's figures are left blank
(loading reports each blank as a figure still to fill), last year's 执行 and 预算 become 上年 and
上年预算, and last year's narrative stays visible as commented-out YAML, which never reaches a
document until the clerk uncomments it. Existing files are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from genreport.contract.describe import RECORD, TEXT, Key, Shape, Walker, keys
from genreport.contract.model import Amount, FirstLevel, NarrativeItem, Project, UnionYear
from genreport.errors import ScaffoldError
from genreport.failures import create_whole, naming, os_error_message
from genreport.reading.load import load_union
from genreport.reading.source import shorten
from genreport.scaffold.folder import modeline, write_schema
from genreport.scaffold.yamlwriter import UnfaithfulYaml, YamlList, YamlMap, dump, tree
from genreport.workspace import (
    DATA_SUFFIXES,
    Workspace,
    listing,
    readable,
    taken_for_copy,
    twins_message,
    union_key,
    unsafe_name,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from genreport.contract.keys import Located

# Names a new file starts with where clerks always have them (经济分类 of 基本支出, the usual source).
_INIT_EXAMPLES = {
    "支出.基本支出.明细": ["工资福利支出", "商品和服务支出", "对个人和家庭的补助"],
    "支出.资金来源": ["财政拨款"],
}

_HEADER_NEW = """\
{name} {year}年度数据，由 genreport new 根据{previous}年度的文件生成。
金额单位均为万元。空着的数值是今年要填写的：genreport check {year} 会逐项列出，填完为止。
“上年”“上年预算”是{previous}年度的执行数和预算数，一般不用改。
以“# ”开头的行是{previous}年度的文字，仅供参考，不会写入报告；
需要沿用的，删去行首的“# ”再按今年情况修改。
"""

_HEADER_INIT = """\
{name} {year}年度数据，由 genreport init 生成。每个字段上方的注释说明填写什么。
金额单位均为万元，只写数字（如 133.70），不带单位。空着的数值都要填写：确实没有的，金额写0、文字写“无”，
报告就写“无……”；空着的或删除了的是“不知道”，不是“没有”，报告中显示“（未填写）”。
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
    failure: str | None = None  # why it could not be written (a full disk), as an error
    misnamed: bool = False  # a file meant as a data file but misnamed, not read: to be renamed


_UNFAITHFUL = (
    "生成的内容读回时与原数据不一致，未写入（这是程序的问题，请把上年的数据文件发给维护人员）"
)


class _Plain(Walker[Any]):
    """A model value as writer nodes, empty keys left out (what `new` keeps or shows as text)."""

    def record(self, shape: Shape, value: Any) -> Any:
        out = YamlMap()
        for k in keys(type(value)):
            child = getattr(value, k.attr)
            if child not in (None, [], {}):
                out.entry(k.name, self.walk(k.shape, child))
        return out

    def list(self, shape: Shape, value: list[Any]) -> Any:
        return YamlList([self.walk(shape.item_shape, item) for item in value])

    def map(self, shape: Shape, value: dict[str, Any]) -> Any:
        return tree({name: self.walk(shape.item_shape, child) for name, child in value.items()})

    def text(self, shape: Shape, value: Any) -> Any:
        return value

    integer = number = text


_plain = _Plain().walk


# --- genreport new ------------------------------------------------------------------------------


def roll_forward(previous: UnionYear, year: int) -> str:
    """The text of `previous`'s union's file for `year`."""
    document = YamlMap()
    document.note(_HEADER_NEW.format(name=previous.name, year=year, previous=previous.year))
    document.entry("单位名称", previous.name)
    document.entry("年度", year)
    _Roll().fields(document, previous, skip={"单位名称", "年度"})
    return dump(document)


class _Roll(Walker[None]):
    """Writes last year's value of each key as `new` should: kept, dropped, a blank to fill with
    last year's figure beside it, or last year's text commented out."""

    def fields(self, out: YamlMap, obj: Any, skip: Collection[str] = frozenset()) -> None:
        described = keys(type(obj))
        for k in described:
            value = getattr(obj, k.attr)
            if k.name in skip or k.drop or k.carried_from or value in (None, [], {}):
                continue  # a carried figure is written beside the figure it comes from
            if value == k.default:
                continue
            if k.keep:
                out.entry(k.name, _plain(k.shape, value))
            else:
                self.walk(k.shape, out, k, value, described)

    def number(
        self, shape: Shape, out: YamlMap, k: Key, value: Any, described: Collection[Key] = ()
    ) -> None:
        carried = next((c for c in described if c.carried_from == k.name), None)
        if carried:  # this year's figure blank, last year's beside it
            out.entry(k.name)
            out.entry(carried.name, value)
        else:
            out.entry(k.name, comment=_last_year_comment(value))

    integer = number

    def text(
        self, shape: Shape, out: YamlMap, k: Key, value: Any, described: Collection[Key] = ()
    ) -> None:
        out.commented(YamlMap().entry(k.name, _plain(shape, value)))

    def list(
        self, shape: Shape, out: YamlMap, k: Key, value: list[Any], described: Collection[Key] = ()
    ) -> None:
        if shape.item_shape.kind == TEXT or not _keeps_any(shape.item_shape.record_class):
            self.text(shape, out, k, value)  # narrative: last year's text, commented out
            return
        items = out.sequence(k.name)
        for element in value:
            item = YamlMap()
            self.fields(item, element)
            items.add(item)

    def map(
        self,
        shape: Shape,
        out: YamlMap,
        k: Key,
        value: dict[str, Any],
        described: Collection[Key] = (),
    ) -> None:
        children = out.mapping(k.name)
        for name, child in value.items():
            if shape.item_shape.kind == RECORD:
                self.fields(children.mapping(name), child)
            else:
                children.entry(name, comment=_last_year_comment(child))

    def record(
        self, shape: Shape, out: YamlMap, k: Key, value: Any, described: Collection[Key] = ()
    ) -> None:
        self.fields(out.mapping(k.name), value)


def _last_year_comment(value: Decimal | int) -> str:
    return f"上年 {format(value, 'f') if isinstance(value, Decimal) else value}"


def _keeps_any(cls: type[Located]) -> bool:
    """Whether `new` keeps anything of a `cls` item (a project's name): else the list is narrative."""
    for k in keys(cls):
        inner = k.shape.item or k.shape
        if k.keep or (inner.record is not None and _keeps_any(inner.record)):
            return True
    return False


def new_year(project: Workspace, year: int, only: str | None = None) -> list[Created]:
    """Create `data/<year>/*.yaml` from `data/<year-1>/`; existing files are left alone.

    Last year's files are those check and render read (`.yaml` or `.yml`); a union with two of
    them is not rolled forward, nor one that already has a file this year under any spelling, nor
    one whose file this year is misnamed (`X.yaml.txt`: renamed, it is the union's file). Each
    misnamed file of either year is told with what to do."""
    source = project.last_year_folder(year)
    last, this = listing(source), listing(project.data_folder(year))  # each listed once
    paths = last.data
    this_year = this.misnamed
    misnamed = [
        Created(m.path, False, m.message.rstrip("。"), misnamed=True)
        for m in last.misnamed + this_year
        if only is None or union_key(m.union) == union_key(only)
    ]
    if only is not None:
        paths = [p for p in paths if union_key(p.stem) == union_key(only)]
    if not paths and misnamed:
        return misnamed
    if not paths:
        which = f"“{readable(only)}”的" if only else ""
        raise ScaffoldError(
            f"没有找到{year - 1}年度{which}数据文件（{source}/*.yaml），无法生成{year}年度的文件。"
            f"新单位请用 genreport init 单位名称 {year}。"
        )
    created = misnamed
    waiting = {union_key(m.union) for m in this_year}
    done: set[str] = set()
    for path in paths:
        if union_key(path.stem) in done:
            continue
        done.add(union_key(path.stem))
        existing = this.files_of(path.stem)
        if union_key(path.stem) in waiting and not existing:
            continue  # its misnamed file this year, told above, is to become its file
        created.append(_roll_one(project, path, year, existing, last.files_of(path.stem)))
    return created


def _roll_one(
    project: Workspace, path: Path, year: int, existing: list[Path], twins: list[Path]
) -> Created:
    """Last year's file `path` rolled into `year`, unless the union has a file this year already
    (`existing`) or two last year (`twins`, `path` among them)."""
    target = project.data_folder(year) / path.name
    if existing:
        return Created(existing[0], False, "已存在，未改动")
    if len(twins) > 1:
        message = twins_message(twins, "无法确定以哪一个为准，未生成。").rstrip("。")
        return Created(target, False, message)
    loaded = load_union(path)
    if loaded.has_errors or loaded.union is None:
        errors = sum(1 for p in loaded.problems if p.is_error)
        return Created(
            target,
            False,
            f"{year - 1}年度的文件有{errors}个错误，请先运行 genreport check {year - 1} 改正",
        )
    try:
        text = roll_forward(loaded.union, year)
    except UnfaithfulYaml:
        return Created(target, False, _UNFAITHFUL)
    try:
        _write_new(target, text, project)
    except FileExistsError:  # made meanwhile by another run
        return Created(target, False, "已存在，未改动")
    except OSError as exc:  # a full disk: the files after it are tried, and told, too
        return Created(target, False, "未写入", os_error_message(exc))
    return Created(target, True)


def _write_new(path: Path, text: str, project: Workspace) -> None:
    """Write a new data file whose first line links the project's schema, brought up to date
    first (like `genreport 初始化` does), so the link an editor follows is never dangling."""
    with naming(project.schema_path):
        write_schema(project)
    create_whole(path, (modeline(path, project) + text).encode("utf-8"))


# --- genreport init -----------------------------------------------------------------------------


def blank_file(name: str, year: int) -> str:
    """A new union's file: every key, blank, each with a short comment."""
    document = YamlMap()
    document.note(_HEADER_INIT.format(name=name, year=year))
    for k in keys(UnionYear)[:2]:  # 单位名称, 年度
        document.note(k.hint)
        document.entry(k.name, name if k.attr == "name" else year)
    _Blank().fields(document, UnionYear, "", skip={"单位名称", "年度"})
    return dump(document)


class _Blank(Walker[None]):
    """Writes every key of a record blank, each under its hint; an amount shows only its figures
    to fill (the rest is explained once in the header)."""

    def fields(
        self, out: YamlMap, cls: type[Located], path: str, skip: Collection[str] = frozenset()
    ) -> None:
        amount = issubclass(cls, Amount)
        for k in keys(cls):
            if k.name in skip or k.carried_from or (amount and (not k.shape.is_figure or k.seldom)):
                continue
            if not amount:
                out.note(k.hint)
            if k.seldom:  # an optional figure: a blank would be reported as one to fill
                out.commented(YamlMap().entry(k.name))
            else:
                self.walk(k.shape, out, k, f"{path}.{k.name}" if path else k.name)

    def text(self, shape: Shape, out: YamlMap, k: Key, path: str) -> None:
        out.entry(k.name, k.default)

    integer = number = text

    def record(self, shape: Shape, out: YamlMap, k: Key, path: str) -> None:
        self.fields(out.mapping(k.name), shape.record_class, path)

    def map(self, shape: Shape, out: YamlMap, k: Key, path: str) -> None:
        children = out.mapping(k.name)
        examples = _INIT_EXAMPLES.get(path)
        if examples:
            for example in examples:
                self.fields(children.mapping(example), shape.item_shape.record_class, path)
        elif shape.item_shape.kind == RECORD:
            children.commented(tree({"名称": {"执行": None, "预算": None}}))
        else:
            children.commented(tree({"名称": 0}))

    def list(self, shape: Shape, out: YamlMap, k: Key, path: str) -> None:
        items = out.sequence(k.name)
        element = shape.item_shape.record
        if element is None:
            items.commented(YamlList([None]))
            return
        if element in (FirstLevel, NarrativeItem):
            item = _example_item(element)
        else:
            item = YamlMap()
            self.fields(item, element, path)
        if issubclass(element, Project):  # nearly every union has projects: an item to fill
            items.add(item)
        else:
            items.commented(YamlList([item]))


def _example_item(cls: type[Located]) -> Any:  # a YamlMap
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


def init_union(project: Workspace, name: str, year: int) -> Created:
    """Create `data/<year>/<name>.yaml` with every key; an existing file is left alone.

    A name that cannot be a file and folder name is refused with check's message, before anything
    is written: the name becomes `data/<year>/<name>.yaml` and `output/<year>/<name>/`; so is a
    name whose file would be taken for a copy and not read (`X - 副本`, `X (2)` beside `X.yaml`),
    and a file name typed for a name (`X.yaml`: its file would be `X.yaml.yaml`).
    """
    unsafe = unsafe_name(name)
    if unsafe:
        raise ScaffoldError(f"单位名称“{readable(shorten(name))}”{unsafe}")
    suffix = PurePath(name).suffix
    if suffix.lower() in DATA_SUFFIXES:
        bare = name[: -len(suffix)]
        raise ScaffoldError(
            f"单位名称“{readable(name)}”末尾带了“{suffix}”，数据文件会是“{readable(name)}.yaml”，"
            f"genreport 不读它。请只写单位名称：genreport init {readable(bare)} {year}"
        )
    target = project.data_file(year, name)
    if target.exists():
        return Created(target, False, "已存在，未改动")
    original = taken_for_copy(name, target.parent)
    if original is not None:
        raise ScaffoldError(
            f"数据文件“{readable(target.name)}”会被当作“{readable(original)}{target.suffix}”的副本，"
            "genreport 不读它。请用单位全称，名称末尾不要带“副本”“copy”或括号中的编号。"
        )
    try:
        text = blank_file(name, year)
    except UnfaithfulYaml:
        raise ScaffoldError(
            f"单位名称“{shorten(name)}”含有无法写入数据文件的字符，请删除不可见的字符后重试。"
        ) from None
    _write_new(target, text, project)
    return Created(target, True)
