"""What a clerk's Windows PC does differently, simulated: a console on the GBK code page, a document
held open in Word or WPS, a data file saved by Notepad, folders with Chinese names."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from genreport.cli.app import main
from genreport.cli.console import tolerate_unencodable
from genreport.workspace import REPORT, Workspace

REPO = Path(__file__).resolve().parent.parent
LIUYANG = REPO / "data" / "2022" / "浏阳市总工会.yaml"
NOT_IN_GBK = "🙂"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_gbk_stream_replaces_what_it_cannot_write():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    tolerate_unencodable(stream)
    stream.write(f"浏阳市总工会{NOT_IN_GBK}：已生成")
    stream.flush()
    assert stream.buffer.getvalue().decode("gbk") == "浏阳市总工会?：已生成"


def test_a_utf8_stream_is_left_strict():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    tolerate_unencodable(stream)
    assert stream.errors == "strict"


def test_genreport_on_a_gbk_console_prints_instead_of_crashing(tmp_path):
    """Output redirected on Chinese Windows is written in the ANSI code page (GBK); a character
    GBK lacks must not stop the command."""
    folder = tmp_path / "张三的文件夹"
    folder.mkdir()
    document = folder / "报告.docx"
    word = Document()
    word.add_paragraph(f"工会经费{NOT_IN_GBK}执行情况")
    word.save(str(document))
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    plain = [sys.executable, "-c", f"print({NOT_IN_GBK!r})"]
    assert (
        subprocess.run(plain, env=env, capture_output=True).returncode == 1
    )  # the simulation bites
    result = subprocess.run(
        [sys.executable, "-m", "genreport", "textconv", str(document)],
        env=env,
        capture_output=True,
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    assert result.stdout.decode("gbk") == "工会经费?执行情况\n"


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def test_a_document_open_in_word_is_named_and_left_as_it_was(tmp_path, monkeypatch):
    """Windows refuses to replace a file Word or WPS holds open (PermissionError on the rename)."""
    root = make_project(tmp_path / "工会数据")
    assert run("2022", "--root", str(root)).exit_code == 0
    report = Workspace(root).document_path(2022, "浏阳市总工会", REPORT)
    before = report.read_bytes()
    real_replace = os.replace

    def held_open(source, target):
        if Path(target) == report:
            raise PermissionError(errno.EACCES, "拒绝访问。", str(source), 5, str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    data = root / "data" / "2022" / "浏阳市总工会.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace(
            "    在职: 22\n    在职构成: {行政人员: 8,", "    在职: 23\n    在职构成: {行政人员: 9,"
        ),
        encoding="utf-8",
    )
    folder = {p: p.read_bytes() for p in report.parent.iterdir()}
    result = run("2022", "--root", str(root), "--force")
    assert result.exit_code == 1
    assert (
        f"浏阳市总工会：未生成。无法替换文件“{report}”（拒绝访问。）。若这个文件正在Word或WPS中打开，"
        "请先关闭它；若它是只读文件，请取消只读。然后重新运行。本单位的文件都没有替换，原有的文件保持不变。"
    ) in result.output.splitlines()
    assert result.output.splitlines()[-1] == "共3个单位：生成2个，未生成1个，警告16条。"
    assert report.read_bytes() == before
    assert {p: p.read_bytes() for p in report.parent.iterdir()} == folder  # the whole set
    assert not [p for p in report.parent.iterdir() if p.suffix == ".tmp"]

    monkeypatch.setattr(os, "replace", real_replace)  # Word closed: the next run renders it
    again = run("2022", "--root", str(root), "--force")
    assert again.exit_code == 0
    assert f"  已生成 {report}" in again.output.splitlines()


def test_a_data_file_saved_by_notepad_renders_the_same_documents(tmp_path):
    """Notepad's "UTF-8 with BOM" and Windows line endings (CRLF) change nothing."""
    plain = make_project(tmp_path / "plain")
    notepad = make_project(tmp_path / "notepad")
    saved = notepad / "data" / "2022" / LIUYANG.name
    saved.write_bytes(b"\xef\xbb\xbf" + LIUYANG.read_bytes().replace(b"\n", b"\r\n"))
    checked = [run("check", "2022", "--root", str(r)).output for r in (plain, notepad)]
    assert checked[1] == checked[0].replace(str(plain), str(notepad))
    for root in (plain, notepad):
        assert run("2022", "--root", str(root), "--union", "浏阳市总工会").exit_code == 0
    folders = [r / "output" / "2022" / "浏阳市总工会" for r in (plain, notepad)]
    files = [{p.name: p.read_bytes() for p in f.iterdir() if p.suffix != ".json"} for f in folders]
    assert len(files[0]) == 6 and files[1] == files[0]  # three documents and their twins
