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


# --- the stamp hashes what was used --------------------------------------------------------------

DATA = Path("data") / YEAR / f"{UNION}.yaml"
FOLDER = Path("output") / YEAR / UNION
REPORT = FOLDER / "2022年度部门整体支出绩效自评报告.docx"
BASIC = FOLDER / "2022年度部门整体支出绩效评价基础数据表.docx"
SCORING = FOLDER / "2022年度部门整体支出绩效自评表.docx"


def staff(root: Path, count: int) -> None:
    """Set the union's 在职 (shown in the report and the 基础数据表) to `count`."""
    path = root / DATA
    text = path.read_text(encoding="utf-8")
    old = "    在职: 22\n    在职构成: {行政人员: 8, "
    new = f"    在职: {count}\n    在职构成: {{行政人员: {count - 14}, "
    path.write_text(text.replace(old, new), encoding="utf-8")


def text(path: Path) -> str:
    from genreport.twin import document_text

    return document_text(path.read_bytes())


def test_a_data_file_saved_between_the_load_and_the_stamp_is_rendered_again(tmp_path, monkeypatch):
    """The clerk saves 在职 23 while the run has 22 loaded: the documents say 22, and the next run
    must render 23 rather than call the 22 documents current."""
    from genreport import pipeline

    root = make_project(tmp_path / "project")
    check = pipeline.check

    def saved_meanwhile(*args, **kwargs):
        staff(root, 23)
        return check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", saved_meanwhile)
    assert run(root).exit_code == 0
    monkeypatch.undo()
    assert "| 实际在职人数（人） |  |  | 22 |" in text(root / BASIC)  # made from what was loaded
    again = run(root)
    assert CURRENT not in again.output
    assert f"  已生成 {root / BASIC}" in again.output
    assert "| 实际在职人数（人） |  |  | 23 |" in text(root / BASIC)
    assert CURRENT in run(root).output


def test_last_years_file_saved_between_the_load_and_the_stamp_is_rendered_again(
    tmp_path, monkeypatch
):
    """Last year's file counts by the bytes loaded too."""
    from genreport import pipeline

    root = make_project(tmp_path / "project")
    last_year = root / "data" / "2021" / f"{UNION}.yaml"
    last_year.parent.mkdir(parents=True)
    last_year.write_text(f"单位名称: {UNION}\n年度: 2021\n", encoding="utf-8")
    check = pipeline.check

    def saved_meanwhile(*args, **kwargs):
        last_year.write_text(last_year.read_text(encoding="utf-8") + "收入: 1\n", "utf-8")
        return check(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check", saved_meanwhile)
    first = run(root)
    assert first.exit_code == 0, first.output
    monkeypatch.undo()
    assert CURRENT not in run(root).output
    assert CURRENT in run(root).output
