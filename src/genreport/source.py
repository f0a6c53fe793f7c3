"""Read a data file into plain located nodes: text exactly as typed, each with its line.

PyYAML does the parsing, but none of its guessing: no implicit types (`yes`, `010`, `1:20` stay
text), no tags, no anchors, and duplicate keys are reported instead of silently overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import Problem, Severity

MAX_FILE_BYTES = 1_000_000
_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Scalar:
    text: str | None  # None for an empty (null) value
    line: int


@dataclass
class Sequence:
    items: list[Node]
    line: int


@dataclass
class Mapping:
    """Keys in file order; `key_lines` is where each key was written."""

    items: dict[str, Node]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


Node = Scalar | Sequence | Mapping


class _ComposingLoader(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pure-Python front end with a resolver that resolves nothing.

    Pure Python on purpose: its composer raises RecursionError on absurd nesting, where the C one
    may overflow the stack.
    """

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)


def read_source(path: Path) -> tuple[Node | None, list[Problem]]:
    """Parse `path`; returns the root node (None if unusable) and the problems found."""
    problems: list[Problem] = []

    def error(line: int | None, key: str, message: str) -> None:
        problems.append(Problem(Severity.ERROR, path, line, key, message))

    try:
        raw = path.read_bytes()
    except OSError as exc:
        error(None, "", f"无法读取文件（{exc.strerror}），请确认文件存在且有读取权限。")
        return None, problems
    if len(raw) > MAX_FILE_BYTES:
        error(
            None,
            "",
            f"文件过大（{len(raw) // 1024} KB），一个单位一年的数据不应超过"
            f"{MAX_FILE_BYTES // 1000} KB，请确认是否选错了文件。",
        )
        return None, problems
    text = _decode(raw, error)
    if text is None:
        return None, problems
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        error(
            line,
            "",
            "文件中含有空字符（NUL），可能已损坏或不是文本文件，请用文本编辑器检查这一行。",
        )
        return None, problems

    try:
        root = yaml.compose(text, Loader=_ComposingLoader)
    except RecursionError:
        error(None, "", "嵌套层数过多，无法读取，请检查文件是否正确。")
        return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        error(mark.line + 1 if mark else None, "", _explain_syntax_error(exc))
        return None, problems
    except yaml.YAMLError as exc:
        error(None, "", f"YAML格式错误，无法读取（{exc}）。")
        return None, problems

    if root is None:
        error(1, "", "文件是空的，请至少填写“单位名称”和“年度”。")
        return None, problems
    node = _convert(root, "", set(), error)
    return node, problems


def _decode(raw: bytes, error) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是GBK（GB2312）编码"
        except UnicodeDecodeError:
            guess = "编码无法识别"
        error(
            line,
            "",
            f"文件不是UTF-8编码（{guess}）。请用记事本或WPS打开，"
            "选择“另存为”，编码选“UTF-8”后保存，再重新运行。",
        )
        return None


_SYNTAX_HINTS = [
    (
        re.compile(r"found character '\\t'"),
        "含有制表符（Tab）。YAML只能用空格缩进，请把Tab换成空格。",
    ),
    (
        re.compile(r"mapping values are not allowed"),
        "此处不能出现冒号。若文字中含有“: ”，请把整段文字用引号括起来；否则请检查缩进。",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "缺少冒号。每个字段应写成“字段: 值”，冒号后加一个空格。",
    ),
    (
        re.compile(r"expected <block end>|did not find expected key|expected a single document"),
        "缩进不一致。同一层的字段应对齐，子项比上一层多缩进两个空格。",
    ),
    (
        re.compile(r"found unexpected end of stream|found unexpected end"),
        "引号或括号没有配对，请检查这一行及以上几行。",
    ),
    (
        re.compile(r"did not find expected (node content|',' or ']'|',' or '}')"),
        "方括号或花括号没有配对，或其中的项缺少逗号。",
    ),
    (
        re.compile(r"found undefined alias|found unknown escape|found unexpected"),
        "含有YAML的特殊符号。若文字以 * & ! % @ ` | > 开头或含有“: ”“ #”，请用引号括起来。",
    ),
    (
        re.compile(r"special characters are not allowed|unacceptable character"),
        "含有不能使用的控制字符，请删除这一行中不可见的字符后重试。",
    ),
]


def _explain_syntax_error(exc: yaml.MarkedYAMLError) -> str:
    detail = f"{exc.context or ''} {exc.problem or ''}"
    for pattern, hint in _SYNTAX_HINTS:
        if pattern.search(detail):
            return f"YAML格式错误：{hint}"
    return "YAML格式错误：请检查这一行及上一行的缩进、冒号和引号。"


def _convert(node: yaml.Node, path: str, seen: set[int], error) -> Node | None:
    """Turn PyYAML's node graph into our tree, refusing what a clerk would not expect."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        error(line, path, "不支持锚点和别名（& 和 *）。请把要重复的内容直接写出来。")
        return None
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        error(line, path, f"不支持YAML标签“{node.tag}”，请删除它，直接写值。")
        return None

    if isinstance(node, yaml.ScalarNode):
        is_null = node.style is None and node.value in _NULLS
        return Scalar(None if is_null else node.value, line)

    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value, start=1):
            item = _convert(child, f"{path}[{index}]", seen, error)
            if item is not None:
                items.append(item)
        return Sequence(items, line)

    mapping = Mapping({}, line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            error(key_line, path, "字段名必须是文字，请检查这一行的写法。")
            continue
        name = key_node.value.strip()
        child_path = f"{path}.{name}" if path else name
        if name in mapping.items:
            first = mapping.key_lines[name]
            error(
                key_line,
                child_path,
                f"字段“{name}”重复出现（第{first}行已写过），请删除或合并其中一个。",
            )
            continue
        value = _convert(value_node, child_path, seen, error)
        if value is None:
            continue
        mapping.items[name] = value
        mapping.key_lines[name] = key_line
    return mapping
