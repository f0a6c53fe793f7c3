"""libyaml's fast path in fastyaml.py reads every text exactly as PyYAML's pure-Python front end does:
the same nodes, text, styles and lines when it succeeds, and otherwise the pure-Python path's own
error. Checked on every YAML file of the project and on generated YAML-ish text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.composer import Composer

import genreport.reading.fastyaml as fastyaml
from genreport.reading.source import (
    _collector,
    _convert,
    _decode,
    _remove_invisible,
    read_source,
    read_text,
)
from test_hostile import GENERATED, case_bytes

REPO = Path(__file__).resolve().parent.parent
SHARED_CONTRACT = REPO.parent / "shared" / "contract"
FILES = sorted(
    path
    for folder in (REPO / "tests" / "hostile", REPO / "tests" / "fixtures", REPO / "data")
    for path in folder.rglob("*.yaml")
) + sorted(SHARED_CONTRACT.rglob("*.yaml") if SHARED_CONTRACT.is_dir() else [])
# The project's own data: libyaml must read all of it, or the fast path is for nothing
GOOD = [path for path in FILES if "hostile" not in path.parts]

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


def both_ways(read, *args):
    """What `read(*args)` gives with libyaml first (as shipped), and with the pure-Python path only."""
    shipped = fastyaml.LIBYAML
    try:
        fast = _outcome(read, *args)
        fastyaml.LIBYAML = False
        slow = _outcome(read, *args)
    finally:
        fastyaml.LIBYAML = shipped
    return fast, slow


def _outcome(read, *args):
    try:
        return read(*args)
    except Exception as exc:  # a crash is an outcome too, and must be the same one
        return ("raised", type(exc), str(exc))


def _text(path: Path) -> str | None:
    """The text `read_source` parses: decoded and without invisible characters."""
    text = _decode(path.read_bytes(), lambda *args: None)
    return None if text is None or "\x00" in text else _remove_invisible(text, lambda *args: None)


def _converted(compose, text: str):
    """Our tree and its problems from the node tree `compose(text)` builds."""
    problems, error, warning = _collector(Path("x.yaml"))
    root = compose(text)
    return (None if root is None else _convert(root, "", error, warning)), problems


def test_the_corpus_is_there():
    # the bundled data and the fixtures, with or without ../shared/contract beside the checkout
    assert len([path for path in GOOD if REPO in path.parents]) >= 7
    assert len(FILES) >= len(GOOD) + 40


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(REPO.parent)))
def test_every_file_reads_the_same_both_ways(path):
    fast, slow = both_ways(read_source, path)
    assert fast == slow


@needs_libyaml
@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(REPO.parent)))
def test_libyaml_builds_what_pyyaml_builds_or_nothing(path):
    text = _text(path)
    if text is None:
        return
    slow = _outcome(
        _converted, lambda text: yaml.compose(text, Loader=fastyaml._PythonLoader), text
    )
    try:
        fast = _converted(fastyaml.compose_libyaml, text)
    except Exception:
        assert path not in GOOD, "libyaml refused a good data file: it would be read slowly"
        return
    assert fast == slow


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_cases_read_the_same_both_ways(tmp_path, name):
    path = tmp_path / "浏阳市总工会.yaml"
    path.write_bytes(case_bytes(name))
    fast, slow = both_ways(read_source, path)
    assert fast == slow


@needs_libyaml
def test_libyaml_only_parses_and_the_python_composer_composes():
    loader = fastyaml._LibyamlLoader
    assert loader.compose_node is fastyaml._RefusingComposer.compose_node
    for name in ("get_single_node", "compose_document", "compose_scalar_node"):
        assert getattr(loader, name) is getattr(Composer, name)
    assert loader.get_event is not fastyaml.CParser.get_event


# Texts libyaml (0.2.6, in PyYAML 6.0.4's wheels) reads otherwise than PyYAML: fastyaml leaves them
# to PyYAML
DIVERGING = [
    "a: b\t\n",  # libyaml: {a: b}; PyYAML: no tab after a value
    "a:\tb\n",
    "列表: [a,\tb]\n",
    "a: 1\n\ufeff\n",  # libyaml skips the BOM, PyYAML refuses it
    "\ufeff\ufeffa: 1\n",  # libyaml: key "a"; PyYAML: key "\ufeffa"
    "%YAML 1.3\n---\na: 1\n",  # libyaml refuses it, PyYAML not
    "a: |#c\n  b\n",  # libyaml: a comment; PyYAML: an error
    "a: >-#c\n  b\n",
    "a: [b?c]\n",  # libyaml: one text "b?c"; PyYAML: an error
    "a: {b: c?}\n",
    "a: [b: \n]\n",  # an empty value: PyYAML marks line 1, where its `:` is; libyaml line 2
    "a: {b:\n  }\n",
    "a: {? \n  : c}\n",
    "? \n    b",  # at the end of a text without a line break, libyaml's marks are a line on
    "? a",
    "a: [!x,b]\n",  # libyaml: tag !x, then b; PyYAML: an error
    "a: !!str,b\n",  # libyaml: an error; PyYAML: tag !!str,b
    "%TAG !e! tag:example.com,2000:\n---\na: !e!b c\n",
    "a: &x b\nc: *x\n",
]


@pytest.mark.parametrize("text", DIVERGING)
def test_texts_libyaml_reads_otherwise_read_as_pyyaml_reads_them(text):
    fast, slow = both_ways(read_text, text, Path("x.yaml"))
    assert fast == slow


# YAML-ish text: well-formed nested block mappings and sequences, flow collections and block
# scalars, given a twist or two where parsers part ways (a tab, a BOM, a `?`, a comment after `|`, an
# empty value, no final line break) or an odd piece put anywhere (quotes, colons, `#`, `&`, `*`, `!`,
# `---`, CJK and full-width spaces, line breaks of every kind).
# fmt: off
PLAIN = ["a", "值", "单位名称", "12.5", "null", "~", "x y", "完成率100%", "“好”", "a-b"]
WORDS = st.sampled_from(PLAIN)
ODD_WORDS = st.sampled_from(PLAIN * 4 + ["a?b", "b?", "\ufeff值", "a:b", "a#b", "？", "："])
GAPS = st.sampled_from(["", "", " ", "\n", "\r\n", "\n  ", " # c\n  "])
TWISTS = st.sampled_from([(" ", "\t"), (", ", ",\t"), ("\n", "\t\n"), ("-", "?"), ("b", "b?"),
                          ("\n", "\n\ufeff"), ("|", "|#c"), (">", ">-#c"), (": ", ":\n  "),
                          (": ", ": \n"), ("a", ""), ("\n", "\r"), ("\n", "\r\n"), ("  ", " ")])
ODD = st.sampled_from(["\t", "\ufeff", "\u3000", "\xa0", " ", "\n", "\n  ", "\n- ", ":", ": ", "?",
                       "? ", "-", "- ", "#c", " #c", ",", "[", "]", "{", "}", "|", "&a ", "*a", "!",
                       "!!str ", "%", "@", "`", '"', "'", "\\", "---", "...", "'q'", '"\\x41"',
                       "\\u", "：", "？", "x" * 1030])
# fmt: on


@st.composite
def scalars(draw):
    word = draw(ODD_WORDS)
    if draw(st.booleans()):
        word += " " + draw(WORDS)
    quote = draw(st.sampled_from(["", "", '"', "'"]))
    return quote + word + quote


def flows(depth: int = 0):
    inner = scalars() if depth > 1 else st.one_of(scalars(), st.deferred(lambda: flows(depth + 1)))
    value = st.one_of(inner, inner, inner, st.just(""))
    pair = st.tuples(scalars(), GAPS, value, GAPS).map(lambda t: f"{t[0]}:{t[1]}{t[2]}{t[3]}")
    entries = st.tuples(st.lists(st.one_of(inner, pair), max_size=3), st.sampled_from([", ", ","]))
    return st.one_of(
        entries.map(lambda t: f"[{t[1].join(t[0])}]"),
        entries.map(lambda t: f"{{{t[1].join(t[0])}}}"),
    )


@st.composite
def blocks(draw, indent: int = 0, depth: int = 0):
    """A block mapping (`key: value` lines, or `? key` alone) or sequence (`- value` lines)."""
    pad = " " * indent
    sequence = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "literal", "block", "empty"]))
        if kind == "scalar":
            value = " " + draw(scalars()) + draw(st.sampled_from(["", "", " # c"]))
        elif kind == "flow":
            value = " " + draw(flows())
        elif kind == "literal":
            value = " " + draw(st.sampled_from(["|", ">", "|-", ">+", "|2", "|#c"]))
            for _ in range(draw(st.integers(0, 3))):
                value += f"\n{pad}  " + draw(WORDS)
        elif kind == "block" and depth < 3:
            value = "\n" + draw(blocks(indent + draw(st.sampled_from([2, 2, 4])), depth + 1))
        else:
            value = ""
        if sequence:
            lines.append(pad + "-" + value)
        elif kind == "empty":
            lines.append(pad + "? " + draw(scalars()))
        else:
            lines.append(pad + draw(scalars()) + ":" + value)
    return "\n".join(lines)


@st.composite
def yamlish(draw):
    start = draw(st.sampled_from(["", "", "---\n", "--- ", "# c\n", "%YAML 1.1\n---\n", "\ufeff"]))
    text = start + draw(st.one_of(blocks(), blocks(), blocks(), flows(), scalars()))
    text += draw(st.sampled_from(["\n", "\n", "", "", "\r\n", "\n...\n", "\n---\nb: 1\n"]))
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            old, new = draw(TWISTS)
            places = [at for at in range(len(text)) if text.startswith(old, at)]
            if places:
                at = draw(st.sampled_from(places))
                text = text[:at] + new + text[at + len(old) :]
        else:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(ODD) + text[at:]
    return text


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish())
def test_any_yamlish_text_reads_the_same_both_ways(text):
    fast, slow = both_ways(read_text, text, Path("x.yaml"))
    assert fast == slow
