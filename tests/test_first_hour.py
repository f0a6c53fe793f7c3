"""A clerk's first hour (issue 26): each dead end met on the way from a fresh install to a
submission, and the message that now shows the way out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def copy_data(root: Path) -> Path:
    shutil.copytree(REPO / "data", root / "data")
    return root


def test_the_readme_example_of_a_warning_is_what_check_prints(tmp_path, monkeypatch):
    example = re.search(r"(浏阳市总工会：.*?\n  警告 .*?)\n", README).group(1)
    monkeypatch.chdir(copy_data(tmp_path))
    result = run("check", "2022")
    first, warning = example.splitlines()
    assert first in result.output.splitlines()
    assert warning in result.output.splitlines()
