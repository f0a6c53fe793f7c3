"""The stamp and the set of a union's files: what is recorded is what the documents were made from,
a hand edit is kept and shown, and a union's files change together or not at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from genreport.cli import main

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "src" / "genreport"
YEAR = "2022"
UNION = "浏阳市总工会"
CURRENT = f"{UNION}：已是最新（数据、模板和程序都没有改动），未重新生成。"


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / YEAR, root / "data" / YEAR)
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [YEAR, "--root", str(root), "--union", UNION, *args])


# --- genreport's own code ---------------------------------------------------------------------


def test_a_change_in_a_sub_package_module_renders_again(tmp_path):
    """The code digest walks the whole package: a module in a sub-package counts as much as one at
    the top (the house is moving modules into folders)."""
    package = tmp_path / "code" / "genreport"
    shutil.copytree(SOURCE, package, ignore=shutil.ignore_patterns("__pycache__"))
    root = make_project(tmp_path / "project")

    def genreport() -> str:
        environment = {**os.environ, "PYTHONPATH": str(package.parent)}
        command = [sys.executable, "-m", "genreport", YEAR, "--root", str(root), "--union", UNION]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False
        ).stdout

    assert CURRENT not in genreport()
    assert CURRENT in genreport()
    module = package / "stages" / "figures.py"
    module.parent.mkdir()
    (module.parent / "__init__.py").write_text('"""A sub-package."""\n', encoding="utf-8")
    module.write_text('"""One module."""\n', encoding="utf-8")
    assert CURRENT not in genreport()
    assert CURRENT in genreport()
    module.write_text('"""One module, changed."""\n', encoding="utf-8")
    assert CURRENT not in genreport()
    (package / "templates" / "notes.py").write_text("# not code\n", encoding="utf-8")
    assert CURRENT in genreport()  # the templates folder holds inputs, not code
