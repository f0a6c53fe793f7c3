"""Compose a YAML text into PyYAML's nodes, through libyaml when it is sure to give the same tree.

PyYAML's pure-Python front end (reader, scanner, parser) is the reference: its error texts are
what source.py explains to the clerk, and it is what runs when libyaml is missing. It is also slow,
about ten times slower than libyaml's C parser. So a text is first tried on libyaml's events, fed to
the very same composer, and only a tree built without any doubt is kept. On any exception, and
wherever the two parsers are known to read a text differently (the kinds of text in `_DIVERGES`,
the events `_LibyamlLoader.get_event` doubts), the text goes through the pure-Python front end
instead, which gives today's tree, or today's error at today's line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

if TYPE_CHECKING:
    from yaml.events import CollectionStartEvent, Event

MAX_DEPTH = 64  # the contract nests about 8 levels deep
ANCHORS_REFUSED = (
    "不支持锚点和别名（& 和 *）。请把要重复的内容直接写出来；若文字以 & 或 * 开头，请用引号括起来。"
)
# Texts libyaml reads otherwise than PyYAML's pure-Python scanner (after source.py has removed NUL,
# NEL, U+2028/U+2029 and the other invisible characters), or might:
# - a tab: libyaml takes it for a space in or after plain text, after a `:` or a `,`, where PyYAML
#   stops with "found character '\t' that cannot start any token";
# - a BOM (U+FEFF): libyaml skips some that PyYAML reads as text, or refuses;
# - a `%` at the start of a line: directives, which no clerk writes and which the two accept
#   differently (libyaml refuses `%YAML 1.3`, PyYAML takes it);
# - a block scalar's `|` or `>` with a comment right after it (`|#`): an error only for PyYAML.
_DIVERGES = re.compile(r"[\t\ufeff]|^%|[|>][-+0-9]*#", re.MULTILINE)

# Set to False to use the pure-Python front end only (the tests compare both ways).
LIBYAML = yaml.__with_libyaml__


class Refused(Exception):
    """Something the composer will not build, at a line: an anchor, an alias, absurd nesting."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Unsure(Exception):
    """Something libyaml might read otherwise than PyYAML: leave the text to PyYAML."""


class _RefusingComposer(Composer):
    """PyYAML's composer, refusing anchors and aliases where they are written, before any node is
    shared (an alias bomb stops at its first `&`), and nesting deeper than MAX_DEPTH before Python's
    stack is at risk."""

    depth = 0

    if TYPE_CHECKING:

        def peek_event(self) -> Event: ...  # the parser's, mixed in beside this composer

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Refused(line, ANCHORS_REFUSED)
        if self.depth >= MAX_DEPTH:
            raise Refused(
                line,
                f"嵌套层数过多（超过{MAX_DEPTH}层），无法读取。请检查这一行的方括号、花括号或“- ”是否多写了，"
                "或文件是否选错了。",
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PythonLoader(Reader, Scanner, Parser, _RefusingComposer, BaseResolver):
    """PyYAML's pure-Python front end with a resolver that resolves nothing."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _RefusingComposer.__init__(self)
        BaseResolver.__init__(self)


if LIBYAML:
    from yaml._yaml import CParser

    class _LibyamlLoader(_RefusingComposer, CParser, BaseResolver):
        """libyaml's events into the same composer and resolver.

        CParser composes in C when asked for nodes (`get_single_node` and its own private
        `_compose_*`); the Python composer comes first here, so CParser only parses: it gives the
        events (`get_event`, `peek_event`, `check_event`) and composes nothing.
        """

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _RefusingComposer.__init__(self)
            BaseResolver.__init__(self)
            # The last line as PyYAML counts. At the end of a text without a final line break,
            # libyaml moves its marks to the next line, where PyYAML has none.
            self.last_line = stream.count("\n") + stream.count("\r") - stream.count("\r\n")
            self.flow = 0  # how many flow collections ([ ] { }) the next event is in

        def get_event(self) -> Event | None:
            event = CParser.get_event(self)
            kind = event.__class__
            if isinstance(event, ScalarEvent):
                self._check(event)
                if event.style == "":  # plain, which PyYAML marks None (source.py reads nulls so)
                    if self.flow and (not event.value or "?" in event.value):
                        # In [ ] and { }, PyYAML ends plain text at a `?` where libyaml reads on,
                        # and marks an empty value where its `:` is, libyaml where the next token is
                        raise _Unsure
                    event.style = None
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                self._check(event)
                if self.flow or event.flow_style:
                    self.flow += 1  # a flow collection holds only flow collections
            elif (kind is MappingEndEvent or kind is SequenceEndEvent) and self.flow:
                self.flow -= 1
            return event

        def _check(self, event: ScalarEvent | CollectionStartEvent) -> None:
            # A tag is an error in source.py anyway, whose text quotes the tag as PyYAML read it:
            # no need to trust libyaml to scan it the same way.
            mark = event.start_mark
            if event.tag is not None or mark is None or mark.line > self.last_line:
                raise _Unsure


def compose(text: str) -> yaml.Node | None:
    """The root node of `text` (None if empty), or PyYAML's error or Refused where it stops."""
    if LIBYAML:
        try:
            return compose_libyaml(text)
        except Exception:  # any doubt at all: the pure-Python front end decides, and says why
            pass
    return _compose(_PythonLoader(text))


def compose_libyaml(text: str) -> yaml.Node | None:
    """The root node of `text` through libyaml; raises where PyYAML might read `text` otherwise."""
    if _DIVERGES.search(text):
        raise _Unsure
    return _compose(_LibyamlLoader(text))


def _compose(loader: _PythonLoader | _LibyamlLoader) -> yaml.Node | None:
    """`yaml.compose` with one of our loaders (its stub accepts only PyYAML's own)."""
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
