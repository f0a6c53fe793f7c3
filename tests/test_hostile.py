"""The hostile corpus: every broken or malicious data file in tests/hostile/, and a few generated here
(10 MB, 5,000 levels deep), through `genreport check`. Each gives exactly the messages listed in
tests/hostile/expected.yaml: exit 1 (0 for the few accepted with a warning), file and line on every
problem, no traceback, well under the 2 seconds the issue allows, in bounded memory."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genreport.cli.app import main
from genreport.documents.context import build_context
from genreport.pipeline import check_union

CORPUS = Path(__file__).resolve().parent / "hostile"
EXPECTED: dict = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
HEADER = "单位名称: 浏阳市总工会\n年度: 2022\n"
DEPTH = 5000


def _ten_megabytes() -> bytes:
    item = "  - " + "组织职工文体活动，开展工会干部和职工业务培训。" * 4 + "\n"
    count = 10 * 1024 * 1024 // len(item.encode()) + 1
    return (HEADER + "存在问题:\n" + item * count).encode()


GENERATED = {
    "generated-10mb.yaml": _ten_megabytes,
    "generated-nesting-flow-sequences.yaml": lambda: (
        HEADER + "前言: " + "[" * DEPTH + "]" * DEPTH + "\n"
    ).encode(),
    "generated-nesting-flow-mappings.yaml": lambda: (
        HEADER + "前言: " + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n"
    ).encode(),
    "generated-nesting-block-sequences.yaml": lambda: (
        HEADER + "存在问题:\n  " + "- " * DEPTH + "预算编制不准确\n"
    ).encode(),
    "generated-alias-bomb.yaml": lambda: (
        HEADER
        + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 30))
    ).encode(),
}


def case_bytes(name: str) -> bytes:
    return GENERATED[name]() if name in GENERATED else (CORPUS / name).read_bytes()


def plant(root: Path, name: str) -> Path:
    """The case as the one data file of a project's 2022 folder."""
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case_bytes(name))
    return path


def test_the_corpus_is_complete():
    files = {p.name for p in CORPUS.glob("*.yaml")} - {"expected.yaml"}
    assert files | set(GENERATED) == set(EXPECTED)
    assert len(EXPECTED) >= 40
    assert sum(1 for case in EXPECTED.values() if case.get("exit", 1) == 1) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(tmp_path, name):
    expected = EXPECTED[name]
    path = plant(tmp_path, name)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "2022", "--root", str(tmp_path)])
    seconds = time.perf_counter() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert "内部错误" not in result.output
    problems = [
        line[2:].replace(str(path), "{file}")
        for line in result.output.splitlines()
        if line.startswith("  ")
    ]
    assert problems == expected["problems"]
    assert result.exit_code == expected.get("exit", 1)
    for problem in problems:
        if problem.startswith("错误"):  # (a warning about a key never written has no line)
            assert problem.split("：")[0].split(" ")[1].startswith("{file}:")  # file and line
    assert seconds < 2


# The generated extremes again, each in a fresh interpreter as a clerk runs it, with its address space
# capped: reading them must not need more than an ordinary run does.
MEMORY_CAP = 256 * 1024 * 1024  # a plain `genreport check` runs in under 100 MB of address space


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.mark.parametrize("name", sorted(GENERATED) + ["billion-laughs.yaml", "encoding-gbk.yaml"])
def test_extreme_cases_in_a_real_process_with_capped_memory(tmp_path, name):
    path = plant(tmp_path, name)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "genreport", "check", "2022", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_cap_memory,
    )
    seconds = time.perf_counter() - start
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    first = EXPECTED[name]["problems"][0].replace("{file}", str(path))
    assert f"  {first}" in result.stdout.splitlines()
    assert seconds < 10  # interpreter start included; the check itself is timed above


# --- random mutations of the contract example ----------------------------------------------------

EXAMPLE_TEXT = (CORPUS.parent / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml").read_text(
    encoding="utf-8"
)
# Characters that mean something to YAML, to a number or to a Word document, and a few ordinary ones.
SIGNIFICANT = list(":-[]{},'\"#&*!|>%@`? \t\n.0159０：，中\x00\x07\x0b\u2028\ufeff\ud800😀")

mutation = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 5)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(SIGNIFICANT)),
    st.tuples(st.just("replace"), st.floats(0, 1), st.sampled_from(SIGNIFICANT)),
    st.tuples(st.just("swap lines"), st.floats(0, 1), st.floats(0, 1)),
    st.tuples(st.just("indent"), st.floats(0, 1), st.integers(-4, 4)),
    st.tuples(st.just("duplicate line"), st.floats(0, 1), st.none()),
    st.tuples(st.just("delete line"), st.floats(0, 1), st.none()),
)


def mutate(text: str, mutations) -> str:
    for kind, where, what in mutations:
        lines = text.split("\n")
        line = min(int(where * len(lines)), len(lines) - 1)
        at = min(int(where * len(text)), len(text))
        if kind == "delete":
            text = text[:at] + text[at + what :]
        elif kind == "insert":
            text = text[:at] + what + text[at:]
        elif kind == "replace":
            text = text[:at] + what + text[at + 1 :]
        elif kind == "swap lines":
            other = min(int(what * len(lines)), len(lines) - 1)
            lines[line], lines[other] = lines[other], lines[line]
            text = "\n".join(lines)
        elif kind == "indent":
            stripped = lines[line].lstrip(" ")
            depth = max(0, len(lines[line]) - len(stripped) + what)
            lines[line] = " " * depth + stripped
            text = "\n".join(lines)
        elif kind == "duplicate line":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        else:
            del lines[line]
            text = "\n".join(lines)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=6))
def test_mutations_of_the_example_never_break_genreport(tmp_path_factory, mutations):
    """Any mutation gives problems with a line or a document model, never an internal error."""
    path = tmp_path_factory.mktemp("m") / "浏阳市总工会.yaml"
    path.write_bytes(mutate(EXAMPLE_TEXT, mutations).encode("utf-8", "surrogatepass"))
    result = check_union(path, 2022, ["湖南"])
    assert not any("内部错误" in p.message for p in result.problems)
    assert all(p.line is not None for p in result.errors if p.key == "")
    if result.view is not None and not result.errors:
        context = build_context(result.view)
        assert context["单位名称"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=3))
def test_mutated_examples_that_check_clean_render(tmp_path_factory, mutations):
    """Those the check lets through render into documents python-docx opens."""
    root = tmp_path_factory.mktemp("p")
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(mutate(EXAMPLE_TEXT, mutations).encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["2022", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "内部错误" not in result.output
    for document in (root / "output").rglob("*.docx"):
        assert Document(str(document)).paragraphs
