"""Load a data file into the contract's model, collecting every mistake with its line and key.

`load_union` never raises for a clerk's mistake: it returns what it could build and the problems.
`Loaded.line_of` answers where any key path was written, for the checks that come later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genreport.contract.describe import (
    NUMBER,
    RECORD,
    Shape,
    Walker,
    keys,
    shorthand,
)
from genreport.contract.model import UnionYear
from genreport.errors import Problem, Severity
from genreport.reading.source import Mapping, Node, Scalar, Sequence, read_source_digest, shorten

if TYPE_CHECKING:
    from genreport.contract.keys import Located
MAX_DECIMALS = 4
MAX_INTEGER_DIGITS = 12
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_PARENT = re.compile(r"(\.[^.\[]*|\[\d+\])$")  # the last step of a key path


@dataclass
class Loaded:
    """A data file as loaded: the model (None if unusable), its problems and its key lines."""

    path: Path
    union: UnionYear | None
    problems: list[Problem]
    lines: dict[str, int]
    digest: str | None = None  # SHA-256 of the bytes loaded (None: the file could not be read)

    def line_of(self, key_path: str) -> int | None:
        """The line of `key_path`, or of its nearest written ancestor."""
        while True:
            if key_path in self.lines:
                return self.lines[key_path]
            parent = _PARENT.sub("", key_path)
            if parent == key_path:
                return None
            key_path = parent

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def load_union(path: Path) -> Loaded:
    root, problems, digest = read_source_digest(path)
    builder = _Builder(path, problems)
    union = None
    if root is not None:
        if isinstance(root, Mapping):
            union = builder.walk(Shape(RECORD, record=UnionYear), root, "")
        else:
            builder.error(
                root.line,
                "",
                "文件最外层应是“字段: 值”的形式（以“单位名称:”“年度:”等开头），"
                "而不是列表或单独的一个值。",
            )
    problems.sort(key=lambda p: p.line or 0)
    return Loaded(path, union, problems, builder.lines, digest)


class _Builder(Walker[Any]):
    """Builds the model from located nodes: each `walk` returns the value, or None after
    reporting why the node does not fit its shape."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.lines: dict[str, int] = {}

    def error(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(Severity.ERROR, self.path, line, key, message))

    def record(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        cls = shape.record_class
        if isinstance(node, Mapping):
            return self._record(cls, node, path)
        short = shorthand(cls)
        if short is None:
            return self._wrong_shape(node, path, "“字段: 值”形式的若干行")
        if not isinstance(node, Scalar):
            kind = "一个数字" if short.shape.kind == NUMBER else "一段文字"
            return self._wrong_shape(node, path, f"{kind}，或“字段: 值”形式的若干行")
        value = self.walk(short.shape, node, path)
        return None if value is None else cls(**{short.attr: value}, path=path)

    def _record(self, cls: type[Located], node: Mapping, path: str) -> Any:
        self.lines.setdefault(path, node.line)
        known = {k.name: k for k in keys(cls)}
        for name, key_line in node.key_lines.items():
            if name not in known:
                self.error(key_line, _join(path, name), _unknown_key_message(name, list(known)))
        values: dict[str, Any] = {}
        for name, k in known.items():
            child_path = _join(path, name)
            child = node.items.get(name)
            if child is None or (isinstance(child, Scalar) and child.text is None):
                if child is None and k.required:
                    self.error(node.line, child_path, f"缺少“{name}”，请填写。")
                elif child is not None and (k.required or k.shape.is_figure):
                    # a key written without its value: a blank left to fill (as in a new year)
                    what = "数值" if k.shape.is_figure else "内容"
                    # 执行 is optional in an amount, yet a blank one is never to be deleted:
                    # most amounts are summed into the whole and need it
                    keep = k.required or name == "执行"
                    remedy = "" if keep else "，或删除这一行"
                    self.error(
                        node.key_lines[name],
                        child_path,
                        f"“{name}”还没有填写{what}，请填写{remedy}。",
                    )
                continue
            self.lines[child_path] = node.key_lines[name]
            if (
                k.none is not None
                and isinstance(child, Scalar)
                and (child.text or "").strip() == "无"
            ):
                child = _stated_none(k.none, child.line)
            value = self.walk(k.shape, child, child_path, scalar_ok=k.scalar_ok)
            if value is not None:
                values[k.attr] = value
        return cls(**values, path=path, written=frozenset(node.items))

    def list(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        if isinstance(node, Scalar) and scalar_ok:
            return [self.walk(shape.item_shape, node, f"{path}[1]")]
        if not isinstance(node, Sequence):
            return self._wrong_shape(node, path, "列表（每项另起一行，以“- ”开头）")
        items = []
        for index, child in enumerate(node.items, start=1):
            child_path = f"{path}[{index}]"
            self.lines[child_path] = child.line
            if isinstance(child, Scalar) and child.text is None:
                self.error(child.line, child_path, "列表中有空项，请填写内容或删除这一项。")
                continue
            item = self.walk(shape.item_shape, child, child_path)
            if item is not None:
                items.append(item)
        return items

    def map(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        if not isinstance(node, Mapping):
            return self._wrong_shape(node, path, "“名称: 数值”形式的若干行")
        result = {}
        for name, child in node.items.items():
            child_path = _join(path, name)
            self.lines[child_path] = node.key_lines[name]
            if isinstance(child, Scalar) and child.text is None:
                self.error(
                    node.key_lines[name],
                    child_path,
                    f"“{name}”还没有填写数值，请填写，或删除这一行。",
                )
                continue
            value = self.walk(shape.item_shape, child, child_path)
            if value is not None:
                result[name] = value
        return result

    def text(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        if not isinstance(node, Scalar):
            return self._wrong_shape(node, path, "一段文字")
        return node.text

    def integer(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        if not isinstance(node, Scalar):
            return self._wrong_shape(node, path, "一个整数")
        return self._integer(node, path)

    def number(self, shape: Shape, node: Node, path: str, scalar_ok: bool = False) -> Any:
        if not isinstance(node, Scalar):
            return self._wrong_shape(node, path, "一个数字")
        return self._number(node, path)

    def _wrong_shape(self, node: Node, path: str, expected: str) -> None:
        found = {Scalar: "一个值", Sequence: "一个列表", Mapping: "若干“字段: 值”"}[type(node)]
        advice = "请按说明修改"
        if expected == "一段文字" and isinstance(node, Mapping):
            advice = "若文字中含有“: ”或以“{”开头，请把整段文字用引号括起来"
        elif expected == "一段文字" and isinstance(node, Sequence):
            advice = "若文字以“[”或“- ”开头，请把整段文字用引号括起来"
        self.error(node.line, path, f"这里应填写{expected}，但写成了{found}，{advice}。")
        return None

    def _integer(self, node: Scalar, path: str) -> int | None:
        written = _written(node)
        text = written.strip()
        if not _INTEGER.fullmatch(text):
            self.error(
                node.line,
                path,
                f"“{shorten(written)}”不是整数，请只填写阿拉伯数字（如 22），不要带单位。",
            )
            return None
        if len(text.lstrip("+-").lstrip("0")) > MAX_INTEGER_DIGITS:
            self.error(node.line, path, f"“{shorten(text)}”数值过大，请检查。")
            return None
        value = int(text)
        if value < 0:
            self.error(node.line, path, f"不能为负数（写的是{text}），请填写0或正整数。")
            return None
        return value

    def _number(self, node: Scalar, path: str) -> Decimal | None:
        written = _written(node)
        text = written.strip()
        if not _NUMBER.fullmatch(text):
            self.error(
                node.line,
                path,
                f"“{shorten(written)}”不是数字，请只填写阿拉伯数字（如 133.70），"
                "不要带“万元”等单位或千分位逗号。",
            )
            return None
        integer_digits, _, decimals = text.lstrip("+-").partition(".")
        if len(integer_digits.lstrip("0")) > MAX_INTEGER_DIGITS:
            self.error(node.line, path, f"“{shorten(text)}”数额过大，请确认单位是万元。")
            return None
        value = Decimal(text)
        if value < 0:
            self.error(node.line, path, f"不能为负数（写的是{shorten(text)}），请填写0或正数。")
            return None
        if len(decimals.rstrip("0")) > MAX_DECIMALS:
            self.error(
                node.line,
                path,
                f"“{shorten(text)}”的小数超过{MAX_DECIMALS}位，金额以万元为单位，"
                f"最多保留{MAX_DECIMALS}位小数。",
            )
            return None
        return value


def _unknown_key_message(name: str, valid: list[str]) -> str:
    import difflib  # only a misspelt key needs it

    close = difflib.get_close_matches(name[:50], valid, n=1, cutoff=0.5)
    if close:
        return f"未知字段“{shorten(name)}”，是否应为“{close[0]}”？"
    return f"未知字段“{shorten(name)}”。这里可以填写的字段有：{'、'.join(valid)}。"


def _written(node: Scalar) -> str:
    """The text of a figure being read: a blank one was reported where it was written (a record's
    key, a list's or a map's item) and is never walked."""
    if node.text is None:
        raise ValueError(f"a blank value reached the walk at line {node.line}")
    return node.text


def _stated_none(form: Any, line: int) -> Node:
    """The nodes a section written as `无` stands for (`{"项目": []}`), as if written on its line."""
    if isinstance(form, dict):
        items = {name: _stated_none(value, line) for name, value in form.items()}
        return Mapping(items, line, dict.fromkeys(items, line))
    if isinstance(form, list):
        return Sequence([_stated_none(value, line) for value in form], line)
    return Scalar(form, line)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
