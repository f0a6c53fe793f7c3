"""Read a data file into plain located nodes: text exactly as typed, each with its line.

PyYAML does the parsing (through libyaml when it can, see fastyaml.py), but none of its guessing:
no implicit types (`yes`, `010`, `1:20` stay text), no tags, no anchors, and duplicate keys are
reported instead of silently overwritten.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

import genreport.reading.fastyaml as fastyaml
from genreport.errors import Problem, Severity
from genreport.failures import reason

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeAlias

    # error(line, key path, message) and warning(...): add a problem of the file being read
    Report: TypeAlias = Callable[[int | None, str, str], None]

MAX_FILE_BYTES = 1_000_000
# Characters a Word document (XML 1.0) cannot hold, and invisible breaks a clerk never means: C0
# controls but tab, LF and CR; DEL and C1 controls (NEL breaks YAML lines); U+2028/U+2029;
# U+FFFE/U+FFFF; lone surrogates (only a "\ud800" escape can make one).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]"
)
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_WIDE_SPACES = {"\u3000": "全角空格", "\u00a0": "不换行空格"}
NULLS = {"", "~", "null", "Null", "NULL"}  # plain values read as a blank
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


def _collector(path: Path) -> tuple[list[Problem], Report, Report]:
    """A list of problems in `path` and the two functions that add to it."""
    problems: list[Problem] = []

    def error(line: int | None, key: str, message: str) -> None:
        problems.append(Problem(Severity.ERROR, path, line, key, message))

    def warning(line: int | None, key: str, message: str) -> None:
        problems.append(Problem(Severity.WARNING, path, line, key, message))

    return problems, error, warning


def read_source(path: Path) -> tuple[Node | None, list[Problem]]:
    """Parse `path`; returns the root node (None if unusable) and the problems found."""
    root, problems, _ = read_source_digest(path)
    return root, problems


def read_source_digest(path: Path) -> tuple[Node | None, list[Problem], str | None]:
    """As `read_source`, and the SHA-256 of the bytes parsed (None when the file could not be read
    whole).

    The file is read once: the digest is that of the very bytes the model is built from, so a file
    saved again while genreport runs is never taken for the one its documents were made from."""
    problems, error, warning = _collector(path)

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more, however large the file
            size = max(os.fstat(handle.fileno()).st_size, len(raw))
    except OSError as exc:
        error(None, "", f"无法读取文件（{reason(exc)}），请确认文件存在且有读取权限。")
        return None, problems, None
    if len(raw) > MAX_FILE_BYTES:
        error(
            raw.count(b"\n", 0, MAX_FILE_BYTES) + 1,
            "",
            f"文件过大（{size // 1024} KB），一个单位一年的数据不应超过"
            f"{MAX_FILE_BYTES // 1000} KB（从这一行起超出），请确认是否选错了文件。",
        )
        return None, problems, None
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, error)
    if text is None:
        return None, problems, digest
    return (*_parse(text, problems, error, warning), digest)


def read_text(text: str, path: Path) -> tuple[Node | None, list[Problem]]:
    """Parse `text` as if it were the content of `path` (a file about to be written)."""
    problems, error, warning = _collector(path)

    return _parse(text, problems, error, warning)


def _parse(
    text: str, problems: list[Problem], error: Report, warning: Report
) -> tuple[Node | None, list[Problem]]:
    if "\x00" in text:
        error(
            _line_at(text, text.index("\x00")),
            "",
            "文件中含有空字符（NUL），可能已损坏或不是文本文件，请用文本编辑器检查这一行。",
        )
        return None, problems
    text = _remove_invisible(text, warning)

    try:
        root = fastyaml.compose(text)
    except fastyaml.Refused as exc:
        error(exc.line, "", exc.message)
        return None, problems
    except RecursionError:  # fastyaml.MAX_DEPTH should make this unreachable
        error(None, "", "嵌套层数过多，无法读取，请检查文件是否正确。")
        return None, problems
    except yaml.MarkedYAMLError as exc:
        line, message = _explain_syntax_error(exc, text)
        error(line, "", message)
        return None, problems
    except yaml.YAMLError as exc:
        error(None, "", f"YAML格式错误，无法读取（{exc}）。")
        return None, problems

    if root is None:
        error(1, "", "文件是空的，请至少填写“单位名称”和“年度”。")
        return None, problems
    node = _convert(root, "", error, warning)
    return node, problems


def _line_at(text: str, index: int) -> int:
    """The line of `text[index]`, counting line breaks as YAML does once NEL and U+2028 are gone."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def _invisible_message(found: list[str]) -> str:
    codes = "、".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found))
    return f"含有不可见的控制字符（{codes}），已删除；请检查是否从别处粘贴时带入。"


def _remove_invisible(text: str, warning: Report) -> str:
    """`text` without the characters of _INVISIBLE, with one warning per line that had any."""
    if not _INVISIBLE.search(text):
        return text
    parts = _LINE_BREAK.split(text)  # lines at even indexes, their breaks at odd ones
    for index in range(0, len(parts), 2):
        found = _INVISIBLE.findall(parts[index])
        if found:
            warning(index // 2 + 1, "", _invisible_message(found))
            parts[index] = _INVISIBLE.sub("", parts[index])
    return "".join(parts)


def _clean_scalar(value: str, line: int, path: str, warning: Report) -> str:
    """A scalar's text without invisible characters (only escapes like "\x07" can bring them)."""
    found = _INVISIBLE.findall(value)
    if not found:
        return value
    warning(line, path, _invisible_message(found))
    return _INVISIBLE.sub("", value)


def _decode(raw: bytes, error: Report) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 10:
            guess = "看起来是UTF-16编码，即记事本中的“Unicode”"
            line = 1
        else:
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
        re.compile(r"sequence entries are not allowed"),
        "以“- ”开头的列表项必须另起一行，并比上一行的字段多缩进两个空格。",
    ),
    (
        re.compile(r"expected a single document"),
        "文件中有第二个以“---”分隔的部分。一个文件只写一个单位一年的数据，请删除这一行的“---”"
        "及其后重复的内容。",
    ),
    (
        re.compile(r"expected <block end>|did not find expected key"),
        "缩进不一致。同一层的字段应对齐，子项比上一层多缩进两个空格。",
    ),
    (
        re.compile(r"found unexpected end of stream|found unexpected end"),
        "引号或括号没有配对，请检查这一行及以上几行。",
    ),
    (
        re.compile(r"expected (node content|',' or '\]'|',' or '\}')"),
        "方括号或花括号没有配对，或其中的项缺少逗号。",
    ),
    (
        re.compile(
            r"found undefined alias|found unknown escape|found unexpected|cannot start any token"
            r"|while scanning an? (alias|anchor|tag|directive)"
        ),
        "含有YAML的特殊符号。若文字以 * & ! % @ ` | > 开头或含有“: ”“ #”，请用引号括起来。",
    ),
    (
        re.compile(r"special characters are not allowed|unacceptable character"),
        "含有不能使用的控制字符，请删除这一行中不可见的字符后重试。",
    ),
]


# Faults PyYAML finds only at the end of the file or the next line: the line that opened the
# quote, bracket or key is where the clerk has to look.
_AT_CONTEXT = re.compile(r"end of stream|<stream end>|could not find expected ':'|expected ',' or")
_QUOTE_FIRST = (
    "YAML格式错误：这一行的文字以引号开头、引号后还有文字。YAML把开头的引号当作括住整段文字的引号，"
    "请用另一种引号把整段文字括起来（如 '\"好\"的方面'），或改用中文引号“”。"
)
_FULL_WIDTH_COLON = (
    "YAML格式错误：这一行的字段名后用了全角（中文）冒号“：”。字段名后应是半角（英文）冒号，"
    "冒号后再加一个空格，如“执行: 168.50”，请改正。"
)
# The faults a key typed with a full-width colon leads to: its line is read as text, and the parser
# stops there, at the next key, or where the block it should have opened ends.
_COLON_FAULTS = re.compile(
    r"could not find expected ':'|mapping values are not allowed|expected <block end>"
    r"|did not find expected key|sequence entries are not allowed|expected '<document start>'"
)
# A line that starts as a key (`编制：18`, `- 名称：…`) but with `：` where `: ` belongs.
_KEY_WITH_FULL_WIDTH_COLON = re.compile(r"^ *(- +)?[^\s:：#\-\[\]{}\"'|>][^\s:：#\"']{0,19} *：")
# A line that is already a key and its value, or opens a block: the text above it is not read with it.
_KEY = re.compile(r"^ *(- +)?[^\s#][^#]*?:( |$)")


def _full_width_colon_line(lines: list[str], last: int) -> int | None:
    """The line of a key typed with `：`, if one is where the parser stopped (line `last`) or in
    the text it read up to there; the nearest such line, looking back from `last`."""
    for number in range(min(last, len(lines)), 0, -1):
        written = lines[number - 1]
        if _KEY_WITH_FULL_WIDTH_COLON.match(written) and not _KEY.match(written):
            return number
        if number < last and _KEY.match(written):
            return None
    return None


def _explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to look at and what to do there."""
    detail = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and _AT_CONTEXT.search(exc.problem or ""):
        mark = exc.context_mark
    line = mark.line + 1 if mark else None
    if line is not None and _COLON_FAULTS.search(detail):
        marks = [m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None]
        typed = _full_width_colon_line(_LINE_BREAK.split(text)[::2], max(marks))
        if typed is not None:
            return typed, _FULL_WIDTH_COLON
    if mark and "expected <block end>" in detail:
        lines = _LINE_BREAK.split(text)[::2]
        written = lines[mark.line] if mark.line < len(lines) else ""
        if re.search(r"(^|: |- )[\"'][^\"']*[\"'][^\s#]", written):
            return line, _QUOTE_FIRST
    for pattern, hint in _SYNTAX_HINTS:
        if pattern.search(detail):
            return line, f"YAML格式错误：{hint}"
    return line, "YAML格式错误：请检查这一行及上一行的缩进、冒号和引号。"


def _convert(node: yaml.Node, path: str, error: Report, warning: Report) -> Node | None:
    """Turn PyYAML's node tree into ours, refusing what a clerk would not expect.

    The composer already refused anchors and aliases, so every node is reached once.
    """
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        typed = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        error(line, path, f"不支持YAML标签“{shorten(typed)}”，请删除它，直接写值。")
        return None

    if isinstance(node, yaml.ScalarNode):
        is_null = node.style is None and node.value in NULLS
        return Scalar(None if is_null else _clean_scalar(node.value, line, path, warning), line)

    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value, start=1):
            item = _convert(child, f"{path}[{index}]", error, warning)
            if item is not None:
                items.append(item)
        return Sequence(items, line)

    mapping = Mapping({}, line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            error(key_line, path, "字段名必须是文字，请检查这一行的写法。")
            continue
        wide = _WIDE_SPACES.get(key_node.value[:1])
        if wide:
            error(
                key_line,
                path,
                f"这一行开头有{wide}。YAML只能用半角空格缩进，请把行首的{wide}换成半角空格。",
            )
            continue
        name = _clean_scalar(key_node.value, key_line, path, warning).strip()
        child_path = f"{path}.{name}" if path else name
        if name in mapping.items:
            first = mapping.key_lines[name]
            error(
                key_line,
                child_path,
                f"字段“{name}”重复出现（第{first}行已写过），请删除或合并其中一个。",
            )
            continue
        value = _convert(value_node, child_path, error, warning)
        if value is None:
            continue
        mapping.items[name] = value
        mapping.key_lines[name] = key_line
    return mapping


def shorten(text: str, limit: int = 40) -> str:
    """Text quoted back to the clerk in a message, cut short when long."""
    return text if len(text) <= limit else text[:limit] + "…"
