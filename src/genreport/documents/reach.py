"""Which keys of a data file an outline's documents show: the context names its templates use.

A key the clerk fills reaches a page only when some template of the outline uses the context name
the key becomes (`SHOWN_AS` in context.py); check warns about each filled key that none does.
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
from pathlib import Path

from genreport.documents.context import SHOWN_AS
from genreport.documents.docx_template import template_bytes

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%-?\s*(.*?)-?%\}", re.S)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_CHAIN = re.compile(r"[^\W\d]\w*(?:\s*\.\s*[^\W\d]\w*)*")
_FOR = re.compile(r"^(?:[ptr]\s+)?for\s+(\w+)\s+in\s+(.*)$", re.S)
_END_FOR = re.compile(r"^(?:[ptr]\s+)?endfor\b")


def _chains(expression: str) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in _CHAIN.findall(_QUOTED.sub("", expression))]


def names_used(text: str) -> frozenset[str]:
    """The dotted context names a template's text uses, a loop variable read as the list it runs
    over: `{% for x in 基本支出明细 %}{{ x.说明 }}` uses `基本支出明细` and `基本支出明细.说明`."""
    used: set[str] = set()
    loops: list[tuple[str, str | None]] = []

    def resolved(chain: str) -> str | None:
        head, _, rest = chain.partition(".")
        for variable, iterable in reversed(loops):
            if head == variable:
                return None if iterable is None else f"{iterable}.{rest}" if rest else iterable
        return chain

    for output, statement in _TAG.findall(text):
        expression = output or statement
        loop = _FOR.match(statement.strip()) if statement else None
        if loop:
            variable, iterable = loop.groups()
            chains = [r for r in map(resolved, _chains(iterable)) if r]
            used.update(chains)
            single = _CHAIN.fullmatch(re.split(r"\s+if\s+", iterable.strip())[0])
            loops.append((variable, chains[0] if single and chains else None))
            continue
        if statement and _END_FOR.match(statement.strip()):
            if loops:
                loops.pop()
            continue
        used.update(r for r in map(resolved, _chains(expression)) if r)
    return frozenset(used)


@functools.lru_cache(maxsize=64)
def _template_names(template: Path, _stamp: tuple[int, int]) -> frozenset[str]:
    data = template_bytes(template)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
    except (KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return frozenset()
    return names_used(html.unescape(re.sub(r"<[^>]+>", "", xml)))


def template_names(template: Path) -> frozenset[str]:
    """The context names `template` uses (none when it is missing: rendering says so)."""
    try:
        stat = template.stat()
    except OSError:
        return frozenset()
    return _template_names(template, (stat.st_mtime_ns, stat.st_size))


def unshown_keys(templates: list[Path]) -> tuple[str, ...]:
    """The keys of `SHOWN_AS` that no template of `templates` shows."""
    used = frozenset().union(*(template_names(t) for t in templates))

    def shown(name: str) -> bool:
        return any(u == name or u.startswith(f"{name}.") for u in used)

    return tuple(key for key, name in SHOWN_AS.items() if not shown(name))
