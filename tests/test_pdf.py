"""`--pdf` around LibreOffice, with a stand-in for it (tests/fake_soffice.py): batches whose PDFs are
kept when a later one runs out of time, LibreOffice and its scratch folder ended on a time limit and
on Ctrl-C, and a PDF recorded as made from the exact document converted."""

from __future__ import annotations

import hashlib
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import genreport.output.pdf as pdf_module
from genreport.cli.app import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"
NAME = "示例区总工会"
TIMED_OUT = (
    "错误：LibreOffice在1秒内没有转换完2个文档，已停止它。已转换的PDF已保存，Word文件已经生成。"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def office(tmp_path, monkeypatch):
    """The stand-in LibreOffice, a scratch folder of its own, and its log of starts."""
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    fake = Path(__file__).with_name("fake_soffice.py")
    program.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(fake))} "$@"\n'
    )
    program.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: program)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    log = tmp_path / "starts"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(tmp_path / "pids"))
    office.starts = lambda: [int(n) for n in log.read_text().split()] if log.exists() else []
    office.scratch = scratch
    office.pids = tmp_path / "pids"
    return office


def project(root: Path) -> Path:
    path = root / "project" / "data" / "2023" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return root / "project"


def documents(root: Path) -> list[Path]:
    return sorted((root / "output" / "2023" / NAME).glob("*.docx"))


def made_from(pdf: Path) -> str:
    """The digest of the .docx the stand-in converted into `pdf`."""
    return pdf.read_text(encoding="ascii").split()[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gone(pid: int) -> bool:
    """Whether a process has ended within seconds (a zombie nobody reaped has ended too)."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def small_limits(monkeypatch) -> None:
    """Batches of two documents, and one second for each batch."""
    monkeypatch.setattr(pdf_module, "BATCH_DOCUMENTS", 2, raising=False)
    monkeypatch.setattr(pdf_module, "START_SECONDS", 1, raising=False)
    monkeypatch.setattr(pdf_module, "SECONDS_PER_DOCUMENT", 0, raising=False)
    monkeypatch.setattr(pdf_module, "SECONDS_PER_MEGABYTE", 0, raising=False)
    monkeypatch.setattr(pdf_module, "TIMEOUT_SECONDS", 1, raising=False)  # genreport before batches


def test_a_pdf_made_while_another_window_renders_is_made_again(tmp_path, office, monkeypatch):
    root = project(tmp_path)
    assert run("2023", "--root", str(root)).exit_code == 0
    data = root / "data" / "2023" / f"{NAME}.yaml"
    changed = FIXTURE.read_text(encoding="utf-8").replace("两家企业停产", "两家企业停产搬迁")
    second_window = (
        f"{shlex.quote(sys.executable)} -c 'import pathlib,sys; "
        f'pathlib.Path(sys.argv[1]).write_text(sys.argv[2], encoding="utf-8")\' '
        f"{shlex.quote(str(data))} {shlex.quote(changed)} && "
        f"{shlex.quote(sys.executable)} -m genreport 2023 --root {shlex.quote(str(root))} >/dev/null"
    )
    monkeypatch.setenv("FAKE_SOFFICE_DURING", second_window)
    first = run("2023", "--root", str(root), "--pdf")
    assert first.exit_code == 0, first.output
    # The PDFs show the documents as they were before the second window rendered them again
    stale = [d for d in documents(root) if made_from(d.with_suffix(".pdf")) != sha256(d)]
    assert stale

    monkeypatch.delenv("FAKE_SOFFICE_DURING")
    again = run("2023", "--root", str(root), "--pdf")
    assert again.exit_code == 0, again.output
    for document in stale:
        assert f"已生成 {document.with_suffix('.pdf')}" in again.output.splitlines()
    for document in documents(root):
        assert made_from(document.with_suffix(".pdf")) == sha256(document)


def test_a_batch_past_its_time_limit_keeps_the_batches_before_it(tmp_path, office, monkeypatch):
    root = project(tmp_path)
    small_limits(monkeypatch)
    monkeypatch.setenv("FAKE_SOFFICE_HANG_AT", "2")  # the second LibreOffice start never ends
    result = run("2023", "--root", str(root), "--pdf")
    assert result.exit_code == 1
    converted, hung = documents(root)[:2], documents(root)[2:]
    lines = result.output.splitlines()
    for document in converted:
        assert f"已生成 {document.with_suffix('.pdf')}" in lines
        assert made_from(document.with_suffix(".pdf")) == sha256(document)
    assert TIMED_OUT in lines
    assert not any(d.with_suffix(".pdf").exists() for d in hung)
    assert all(gone(int(pid)) for pid in office.pids.read_text().split())  # its worker too
    assert list(office.scratch.iterdir()) == []

    monkeypatch.delenv("FAKE_SOFFICE_HANG_AT")
    again = run("2023", "--root", str(root), "--pdf")
    assert again.exit_code == 0, again.output
    assert office.starts() == [2, 2, 2]  # only the two documents not yet converted
    assert "PDF：生成2个（其余已是最新）。" in again.output.splitlines()


def test_ctrl_c_during_pdf_ends_libreoffice_and_removes_its_scratch(tmp_path, office, monkeypatch):
    root = project(tmp_path)
    small_limits(monkeypatch)
    monkeypatch.setattr(pdf_module, "START_SECONDS", 60, raising=False)
    monkeypatch.setenv("FAKE_SOFFICE_HANG_AT", "1")
    real_sleep = pdf_module.time.sleep if hasattr(pdf_module, "time") else None

    interrupted = []

    def pressed(seconds):  # Ctrl-C once, when LibreOffice and its worker run
        # time.sleep is patched for everyone (the test's own `gone` too): press only once
        if office.pids.exists() and not interrupted:
            interrupted.append(True)
            raise KeyboardInterrupt
        real_sleep(seconds)

    if real_sleep is not None:
        monkeypatch.setattr(pdf_module.time, "sleep", pressed)
    result = run("2023", "--root", str(root), "--pdf")
    assert result.exit_code == 130
    assert result.output.splitlines()[-1] == "已中断（Ctrl-C）。重新运行即可继续。"
    assert "Aborted!" not in result.output
    assert all(gone(int(pid)) for pid in office.pids.read_text().split())
    assert list(office.scratch.iterdir()) == []


def test_a_scratch_folder_of_a_run_killed_outright_is_removed_next_time(tmp_path, office):
    root = project(tmp_path)
    left = office.scratch / "genreport-pdf-abandoned"
    (left / "1").mkdir(parents=True)
    (left / "1" / "0.docx").write_bytes(b"x" * 1000)
    (left / "owner.pid").write_text("999999999")  # no such process
    running = office.scratch / "genreport-pdf-running"
    running.mkdir()
    (running / "owner.pid").write_text(str(os.getpid()))
    assert run("2023", "--root", str(root), "--pdf").exit_code == 0
    assert sorted(p.name for p in office.scratch.iterdir()) == [running.name]


def test_a_pdf_edited_by_hand_is_kept_before_it_is_made_again(tmp_path, office):
    """The documents are up to date, but a PDF was annotated: converting again keeps the annotated
    one aside (…（手改 …）.pdf) and says so, then makes the PDF from the document."""
    root = project(tmp_path)
    assert run("2023", "--root", str(root), "--pdf").exit_code == 0
    report = documents(root)[0]
    pdf = report.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF annotated by hand")

    result = run("2023", "--root", str(root), "--pdf")
    assert result.exit_code == 0, result.output
    (kept,) = pdf.parent.glob(f"{report.stem}（手改 *）.pdf")
    assert kept.read_bytes() == b"%PDF annotated by hand"
    assert (
        f"“{pdf}”与genreport转换的不同（手工改过，或不是genreport生成的），"
        f"已另存为“{kept.name}”保留，再重新转换。" in result.output.splitlines()
    )
    assert made_from(pdf) == sha256(report)
    again = run("2023", "--root", str(root), "--pdf")
    assert "已另存为" not in again.output  # the PDF is genreport's now: nothing more is kept


def test_libreoffice_sees_the_fonts_the_clerk_installed_for_their_own_user(
    tmp_path, office, monkeypatch
):
    """LibreOffice runs with a scratch home (never the clerk's own profile), yet fonts installed in
    ~/.fonts or ~/.local/share/fonts, as the 公文 fonts often are, stay where fontconfig looks."""
    home = tmp_path / "home"
    legacy, shared = home / ".fonts", home / ".local" / "share" / "fonts"
    legacy.mkdir(parents=True)
    shared.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    seen = tmp_path / "font-folders"
    monkeypatch.setenv("FAKE_SOFFICE_FONT_FOLDERS", str(seen))
    root = project(tmp_path)
    assert run("2023", "--root", str(root), "--pdf").exit_code == 0
    assert seen.read_text(encoding="utf-8").split() == [
        str(legacy.resolve()),
        str(shared.resolve()),
    ]
