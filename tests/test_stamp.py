"""The stamp and the set of a union's files: what is recorded is what the documents were made from,
a hand edit is kept and shown, and a union's files change together or not at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main

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
    from genreport.documents.twin import document_text

    return document_text(path.read_bytes())


def test_a_data_file_saved_between_the_load_and_the_stamp_is_rendered_again(tmp_path, monkeypatch):
    """The clerk saves 在职 23 while the run has 22 loaded: the documents say 22, and the next run
    must render 23 rather than call the 22 documents current."""
    import genreport.pipeline as pipeline

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
    import genreport.pipeline as pipeline

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


# --- a hand edit is never destroyed --------------------------------------------------------------


def edit_cell(path: Path, old: str, new: str) -> bytes:
    """Change a table cell's text as a clerk would in Word; the edited bytes."""
    from docx import Document

    document = Document(str(path))
    cells = [c for t in document.tables for r in t.rows for c in r.cells if c.text == old]
    cells[0].paragraphs[0].runs[0].text = new
    document.save(str(path))
    return path.read_bytes()


def kept_copies(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if "（手改 " in p.name}


def test_a_document_edited_in_word_is_kept_and_the_edit_shown(tmp_path):
    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    basic = root / BASIC
    made = basic.read_bytes()
    edited = edit_cell(basic, "22", "23")
    result = run(root)  # nothing else changed: the stamp notices the edit and renders again
    assert result.exit_code == 0, result.output
    assert basic.read_bytes() == made  # the document is what the data makes
    [(name, content)] = kept_copies(basic.parent).items()
    assert content == edited
    assert name.startswith("2022年度部门整体支出绩效评价基础数据表（手改 20") and name.endswith(
        "）.docx"
    )
    lines = result.output.splitlines()
    start = lines.index(
        f"  “{basic.name}”与genreport生成的不同（手工改过，或不是genreport生成的），"
        f"已另存为“{name}”保留，再按数据重新生成。"
    )
    assert lines[start + 1 : start + 8] == [
        "  手改的内容（-为genreport生成的，+为手改后的）：",
        "    --- genreport生成的 2022年度部门整体支出绩效评价基础数据表.md",
        f"    +++ 手改后的 {name}",
        "    @@ -7,3 +7,3 @@",
        "     | 编制数（人） |  |  |  |",
        "    -| 实际在职人数（人） |  |  | 22 |",
        "    +| 实际在职人数（人） |  |  | 23 |",
    ]
    assert (
        f"  手改的内容若要保留，请把它写进数据文件“{root / DATA}”（格式的改动写进模板），再运行一次"
        in result.output
    )
    assert CURRENT in run(root).output

    again = edit_cell(basic, "22", "24")  # a second edit gets a copy of its own
    result = run(root)
    assert result.exit_code == 0, result.output
    copies = kept_copies(basic.parent)
    assert sorted(copies.values()) == sorted([edited, again])
    assert basic.read_bytes() == made


def test_an_edited_twin_is_kept_and_shown(tmp_path):
    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    twin = (root / BASIC).with_suffix(".md")
    made = twin.read_bytes()
    edited = made.replace(
        "| 实际在职人数（人） |  |  | 22 |".encode(), "| 实际在职人数（人） |  |  | 25 |".encode()
    )
    twin.write_bytes(edited)
    result = run(root)
    assert twin.read_bytes() == made
    assert list(kept_copies(twin.parent).values()) == [edited]
    assert "    +| 实际在职人数（人） |  |  | 25 |" in result.output.splitlines()


def test_a_folder_without_a_stamp_keeps_only_what_differs_from_its_twin(tmp_path):
    """A folder written before genreport kept stamps: a document whose text is its twin's is
    genreport's and is replaced silently; one whose text differs was edited and is kept."""
    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    stamp = root / FOLDER / ".genreport-stamp.json"
    stamp.unlink()
    result = run(root)
    assert result.exit_code == 0
    assert kept_copies(root / FOLDER) == {}
    stamp.unlink()
    edited = edit_cell(root / BASIC, "22", "23")
    result = run(root)
    assert list(kept_copies(root / FOLDER).values()) == [edited]
    assert "    +| 实际在职人数（人） |  |  | 23 |" in result.output.splitlines()


def test_no_pdf_of_the_old_document_stands_beside_a_new_one(tmp_path):
    """The PDF genreport made of the old report is removed; one edited by hand is kept aside."""
    from genreport.output.stamp import record_pdfs

    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    report_pdf, basic_pdf, scoring_pdf = (
        (root / p).with_suffix(".pdf") for p in (REPORT, BASIC, SCORING)
    )
    for pdf in (report_pdf, basic_pdf, scoring_pdf):
        pdf.write_bytes(b"%PDF made from " + pdf.stem.encode())
    pdfs = (report_pdf, basic_pdf, scoring_pdf)
    record_pdfs(
        {pdf: pdf.read_bytes() for pdf in pdfs},
        {pdf: pdf.with_suffix(".docx").read_bytes() for pdf in pdfs},
    )
    basic_pdf.write_bytes(b"%PDF annotated by hand")
    staff(root, 23)  # the report and the 基础数据表 change; the 自评表 does not
    result = run(root)
    assert result.exit_code == 0, result.output
    assert not report_pdf.exists() and not basic_pdf.exists()
    assert (
        f"  已删除 {report_pdf}（由原来的文档转换，已过时；加 --pdf 可重新转换）" in result.output
    )
    assert list(kept_copies(root / FOLDER).values()) == [b"%PDF annotated by hand"]
    assert scoring_pdf.read_bytes() == b"%PDF made from " + scoring_pdf.stem.encode()
    from genreport.output.stamp import pdf_is_current

    assert pdf_is_current(root / SCORING)  # made from the very document that stays


# --- a union's documents change together ---------------------------------------------------------


def test_a_document_that_cannot_be_replaced_leaves_the_whole_set_as_it_was(tmp_path):
    """The 基础数据表 (not first in write order) cannot be replaced: here a folder stands in its
    place (on Windows: the document is open in Word). No file of the union changes."""
    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    (root / BASIC).unlink()
    (root / BASIC).mkdir()
    before = {p: p.read_bytes() for p in (root / FOLDER).iterdir() if p.is_file()}
    staff(root, 23)
    result = run(root)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{UNION}：未生成。“{root / BASIC}”不是普通文件（是文件夹或快捷方式等），无法替换。"
        "请移走它，然后重新运行。本单位的文件都没有替换，原有的文件保持不变。"
    )
    assert {p: p.read_bytes() for p in (root / FOLDER).iterdir() if p.is_file()} == before


def test_a_replacement_failing_midway_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    """As when Word opens the 基础数据表 just as genreport replaces it: the report and the twins
    already replaced go back to the old ones, and the file to close is named."""
    import genreport.atomic as output

    root = make_project(tmp_path / "project")
    assert run(root).exit_code == 0
    before = {p: p.read_bytes() for p in (root / FOLDER).iterdir()}
    replace = os.replace

    def open_in_word(source, target):
        if Path(target) == root / BASIC:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(target))
        replace(source, target)

    monkeypatch.setattr(output.os, "replace", open_in_word)
    staff(root, 23)
    result = run(root)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{UNION}：未生成。无法替换文件“{root / BASIC}”（另一个程序正在使用此文件，进程无法访问。）。"
        "若这个文件正在Word或WPS中打开，请先关闭它；若它是只读文件，请取消只读。然后重新运行。"
        "本单位的文件都没有替换，原有的文件保持不变。"
    )
    assert {p: p.read_bytes() for p in (root / FOLDER).iterdir()} == before
    assert "在职 23" not in text(root / REPORT) and "22人" in text(root / REPORT)
    result = run(root)  # closed: the next run makes the whole set
    assert result.exit_code == 0
    assert "| 实际在职人数（人） |  |  | 23 |" in text(root / BASIC)


def test_a_template_saved_between_two_snapshots_is_seen_even_with_the_same_size(tmp_path):
    """Snapshots hash a template once a run while it stays as it is; a save in between (same size,
    other bytes) still shows, with the new bytes' digest."""
    import hashlib

    from genreport.output.stamp import digests, snapshot

    template = tmp_path / "模板.docx"
    template.write_bytes(b"A" * 100)
    first = snapshot([template])
    assert snapshot([template]) == first
    template.write_bytes(b"B" * 100)
    second = snapshot([template])
    assert second != first
    assert digests(second) == [hashlib.sha256(b"B" * 100).hexdigest()]
