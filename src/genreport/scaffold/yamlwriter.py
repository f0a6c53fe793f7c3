"""The one YAML writer of `new` and `init`: a document built as a tree, with comments, written out
line by line and proven by reading it back with `source.py` before anyone gets to write it.

PyYAML's emitter writes every key and scalar (quoting `项目:`, `yes`, `010`, ` x` as needed); this
module only lays the emitted pieces out and adds the comments. Commented-out YAML (last year's
text) is proven too: with each line's `# ` removed it reads back as the value it shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from genreport.reading.source import _INVISIBLE, NULLS, Mapping, Node, Scalar, read_text

INDENT = "  "
_WIDTH = 2**30  # never fold a long text onto a second line


class UnfaithfulYaml(Exception):
    """Written YAML that would not read back as what it was meant to say (a bug, never data)."""


@dataclass
class Entry:
    """`key: value`; a value of None is a blank to fill, `comment` goes at the end of the line."""

    key: str
    value: Any = None
    comment: str = ""


@dataclass
class Note:
    """Comment lines."""

    text: str


@dataclass
class Commented:
    """YAML shown as comments: removing `# ` from each line gives back `value`."""

    value: YamlMap | YamlList


@dataclass
class YamlMap:
    """A mapping: entries in order, with notes and commented-out YAML between them."""

    parts: list[Entry | Note | Commented] = field(default_factory=list)

    def entry(self, key: str, value: Any = None, comment: str = "") -> YamlMap:
        self.parts.append(Entry(key, value, comment))
        return self

    def mapping(self, key: str) -> YamlMap:
        """A new mapping under `key`."""
        child = YamlMap()
        self.parts.append(Entry(key, child))
        return child

    def sequence(self, key: str) -> YamlList:
        """A new list under `key`."""
        child = YamlList()
        self.parts.append(Entry(key, child))
        return child

    def note(self, text: str) -> None:
        self.parts.append(Note(text))

    def commented(self, value: YamlMap | YamlList) -> None:
        self.parts.append(Commented(value))


@dataclass
class YamlList:
    """A list: items (scalars or mappings), with notes and commented-out YAML between them."""

    parts: list[Any] = field(default_factory=list)

    def add(self, item: Any) -> YamlList:
        self.parts.append(item)
        return self

    def note(self, text: str) -> None:
        self.parts.append(Note(text))

    def commented(self, value: YamlMap | YamlList) -> None:
        self.parts.append(Commented(value))


def tree(value: Any) -> Any:
    """Plain data (dicts, lists, text, numbers) as writer nodes."""
    if isinstance(value, dict):
        out = YamlMap()
        for key, child in value.items():
            out.entry(key, tree(child))
        return out
    if isinstance(value, list):
        return YamlList([tree(item) for item in value])
    return value


def dump(document: YamlMap) -> str:
    """The text of `document`, proven to read back as the same values."""
    text = "\n".join(_lines(document)) + "\n"
    _prove(text, document)
    return text


# --- laying out ---------------------------------------------------------------------------------


def _lines(node: YamlMap | YamlList) -> list[str]:
    """`node` written at depth 0; a parent indents the lines as a block."""
    out: list[str] = []
    for part in node.parts:
        if isinstance(part, Note):
            out += [_prefixed("# ", line) for line in part.text.splitlines() or [""]]
        elif isinstance(part, Commented):
            shown = [_prefixed("# ", line) for line in _lines(part.value)]
            # what a clerk gets by removing `# ` from each line
            _prove("".join(re.sub("^# ?", "", line) + "\n" for line in shown), part.value)
            out += shown
        elif isinstance(node, YamlMap):
            out += _entry_lines(part)
        else:
            out += _item_lines(part)
    return out


def _entry_lines(entry: Entry) -> list[str]:
    nested = isinstance(entry.value, (YamlMap, YamlList))
    if not nested and entry.value is not None:
        if entry.comment:
            raise ValueError("a comment can follow only a blank or a nested value")
        return _emit({entry.key: entry.value})
    head = _emit({entry.key: None})
    if entry.comment:
        if "\n" in entry.comment:
            raise ValueError("an end-of-line comment is one line")
        head[-1] += f"  # {entry.comment}"
    if nested:
        head += [_prefixed(INDENT, line) for line in _lines(entry.value)]
    return head


def _item_lines(item: Any) -> list[str]:
    """One `- ` list item; comments before a mapping's first key stay above its `- `."""
    if isinstance(item, YamlList):
        raise ValueError("a list directly inside a list is not part of the contract")
    if not isinstance(item, YamlMap):
        return _emit([item])
    out, first = [], True
    for line in _lines(item):
        if first and not line.startswith("#"):
            out.append(f"- {line}")
            first = False
        else:
            out.append(_prefixed(INDENT, line))
    if first:  # nothing but comments: an empty item
        out.insert(0, "-")
    return out


def _prefixed(prefix: str, line: str) -> str:
    """`line` indented or commented out by `prefix`; an empty line gets no trailing spaces."""
    return prefix + line if line else prefix.rstrip(" ")


# --- emitting -----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, with lists indented under their key as clerks write them.

    It quotes what genreport's reader would not read as the same text (that reader takes only
    empty, `~` and `null` for a blank, and every other plain value as text), and any text another
    YAML reader would take for something else (see `_typed`).
    """

    yaml_implicit_resolvers: dict[str, Any] = {}

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


# What YAML 1.2's core schema reads as a number, a truth value or a blank (YAML 1.1's, which
# PyYAML reads, is asked of PyYAML's own resolver)
_CORE_SCHEMA = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+|(?:[Tt]rue|TRUE|[Ff]alse|FALSE)"
)
_STRING = "tag:yaml.org,2002:str"
_YAML_1_1: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = (
    yaml.resolver.Resolver().resolve
)


def _typed(text: str) -> bool:
    """Whether a plain `text` would be read as no text by a YAML reader other than genreport's:
    `完成值: 800` (a number), `yes`, `2024-03-15` (a date), `1e3`, `0o17`. Quoted, an editor checking
    the file against its schema, or any other program reading it, sees the text the clerk sees."""
    if _CORE_SCHEMA.fullmatch(text):
        return True
    return bool(text) and _YAML_1_1(yaml.ScalarNode, text, (True, False)) != _STRING


def _represent_text(dumper: _Dumper, text: str) -> yaml.ScalarNode:
    style = None
    if _typed(text):
        style = "'"
    elif _INVISIBLE.search(text) or "\x85" in text:
        style = '"'  # escaped: loading would drop or break on the raw character
    elif text == "\n" or text.endswith("\n\n"):
        style = '"'  # a block keeping its last line breaks ends the document ("...")
    elif "\n" in text:
        style = "|"  # the emitter falls back to quotes when a block cannot hold the text
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_blank(dumper: _Dumper, _: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


def _represent_number(dumper: _Dumper, number: Decimal | int) -> yaml.ScalarNode:
    text = format(number, "f") if isinstance(number, Decimal) else str(number)
    # tagged as what a YAML reader would take it for, so the emitter writes it plain
    tag = dumper.resolve(yaml.ScalarNode, text, (True, False))
    return dumper.represent_scalar(tag, text)


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile("^(?:" + "|".join(map(re.escape, NULLS)) + ")$"), None
)
_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(type(None), _represent_blank)
_Dumper.add_representer(Decimal, _represent_number)
_Dumper.add_representer(int, _represent_number)


def _emit(data: dict[str, Any] | list[Any]) -> list[str]:
    """One `key: value` or `- value`, as PyYAML's emitter writes it (one or more lines)."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=_WIDTH,
        default_flow_style=False,
    )
    return text.splitlines()


# --- proving ------------------------------------------------------------------------------------


def _prove(text: str, node: YamlMap | YamlList) -> None:
    """Raise unless `text` reads back, with no problem at all, as `node`'s values."""
    read, problems = read_text(text, Path("生成的文件.yaml"))
    if problems or read is None or _read_values(read) != values(node):
        raise UnfaithfulYaml(text)


def values(node: Any) -> Any:
    """What `node` says, as plain data: the text of each scalar, None for a blank."""
    if isinstance(node, YamlMap):
        entries = {p.key: values(p.value) for p in node.parts if isinstance(p, Entry)}
        return entries or None
    if isinstance(node, YamlList):
        items = [values(p) for p in node.parts if not isinstance(p, (Note, Commented))]
        return items or None
    if isinstance(node, Decimal):
        return format(node, "f")
    if isinstance(node, int):
        return str(node)
    return node


def _read_values(node: Node) -> Any:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Mapping):
        return {key: _read_values(child) for key, child in node.items.items()}
    return [_read_values(child) for child in node.items]
