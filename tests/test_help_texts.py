"""Every help page a clerk can open (issue 26, dead end 3): Chinese joined and punctuated as Chinese
is, with no space before full-width punctuation (`自评表 （写入…` was the render command's short
help) or after it, full-width colons in the headings, no word said twice (`年度年度`), and the
option and command columns aligned by the columns their text takes in a terminal."""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner

from genreport.cli.app import main

HAN = "\u4e00-\u9fff"
FULL_WIDTH = "（），。、；：？！“”"
# Each: what is wrong, the pattern that finds it.
MISTAKES = [
    ("a space before full-width punctuation", rf"\S [{FULL_WIDTH}]"),
    ("a space after full-width punctuation", r"[，。、；：？！] "),
    ("words said twice", rf"([{HAN}]{{2,}})\1"),
    # A half-width colon after a Chinese word is YAML (`提纲: 株洲`, a space after it) or a slip.
    ("a half-width colon after Chinese", rf"[{HAN}]:(?! )"),
    ("half-width punctuation after Chinese", rf"[{HAN}][;?!]|[{HAN}],(?! --)"),
    ("half-width brackets around Chinese", rf"\([{HAN}]|[{HAN}]\)"),
    ("a cut-short text", r"\.\.\.(?!$)"),
]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pages() -> list[tuple[str, str]]:
    """Each help page as an 80-column terminal shows it."""
    runner = CliRunner()
    found = [("genreport -h", runner.invoke(main, ["-h"], terminal_width=80).output)]
    for name in sorted(main.commands):
        page = runner.invoke(main, [name, "-h"], terminal_width=80).output
        found.append((f"genreport {name} -h", page))
    return found


PAGES = pages()


@pytest.mark.parametrize(("command", "page"), PAGES, ids=[c for c, _ in PAGES])
def test_a_help_page_is_punctuated_as_chinese(command, page):
    assert page.startswith("用法：")
    found = [
        (what, page[max(m.start() - 10, 0) : m.end() + 10])
        for what, pattern in MISTAKES
        for m in re.finditer(pattern, page, re.MULTILINE)
    ]
    assert found == []


@pytest.mark.parametrize(("command", "page"), PAGES, ids=[c for c, _ in PAGES])
def test_each_column_of_a_help_page_starts_at_one_column(command, page):
    sections = ["选项：", "命令："] if command == "genreport -h" else ["选项："]
    for section in sections:
        assert f"\n{section}\n" in page
        rows = page.split(f"\n{section}\n")[1].split("\n\n")[0].splitlines()
        starts = set()
        for row in rows:
            name = re.match(r"  (\S+(?: \S+)*?)  +\S", row)
            if name:  # a row: the text starts after the name and its padding
                text = re.search(r"  +(?=\S)", row[2 + len(name[1]) :])
                starts.add(display_width(row[: 2 + len(name[1]) + text.end()]))
            else:  # a row's next line: the text starts after the indentation
                starts.add(len(row) - len(row.lstrip(" ")))
        assert len(starts) == 1, (section, rows)
