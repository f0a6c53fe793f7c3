"""A run stopped by a signal (issue 26): Ctrl-C (SIGINT) is told as Ctrl-C; SIGTERM, sent when a
scheduler, the task manager or the system ends the run, is told as the run being stopped, not as a
key the clerk never pressed. Either way the unions finished are told, the rest are told as not
finished, and no document is left half-written."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.workspace import REPORT, Workspace

REPO = Path(__file__).resolve().parent.parent
UNIONS = 8


def project(root: Path) -> Path:
    """A year of `UNIONS` unions, long enough a run to be stopped in the middle of."""
    folder = root / "data" / "2022"
    folder.mkdir(parents=True)
    text = (REPO / "data" / "2022" / "零陵区总工会.yaml").read_text(encoding="utf-8")
    for n in range(UNIONS):
        name = f"零陵区总工会{n:02}"
        named = text.replace("单位名称: 零陵区总工会\n", f"单位名称: {name}\n", 1)
        (folder / f"{name}.yaml").write_text(named, encoding="utf-8")
    return root


def documents(root: Path) -> dict[str, bytes]:
    output = root / "output"
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.suffix in (".docx", ".md")
    }


def _default_sigint() -> None:
    """In the child, before it starts Python: Ctrl-C as a terminal delivers it, even when the
    tests run where SIGINT is ignored (a background job), which Python would keep."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("number", "jobs", "code", "told"),
    [
        (signal.SIGTERM, "1", 143, "已停止（被其他程序结束，如计划任务或关机）"),
        (signal.SIGTERM, "2", 143, "已停止（被其他程序结束，如计划任务或关机）"),
        (signal.SIGINT, "1", 130, "已中断（Ctrl-C）"),
    ],
    ids=["SIGTERM", "SIGTERM-j2", "SIGINT"],
)
def test_a_run_stopped_by_a_signal_says_how_and_leaves_no_document_half_written(
    tmp_path, number, jobs, code, told
):
    reference = project(tmp_path / "reference")
    made = CliRunner().invoke(main, ["2022", "-j", "1", "--root", str(reference)])
    assert made.exit_code == 0, made.output
    complete = documents(reference)
    first = [name for name in complete if name.startswith("2022/零陵区总工会00/")]
    assert f"2022/零陵区总工会00/2022年度{REPORT}.docx" in first

    root = project(tmp_path / "stopped")
    process = subprocess.Popen(
        [sys.executable, "-m", "genreport", "2022", "-j", jobs, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    output = Workspace(root).output_root
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if all((output / name).is_file() for name in first):
            break  # the first union is written: the run is in the middle of the others
        time.sleep(0.01)
    assert process.poll() is None, "the run ended before it could be stopped"
    process.send_signal(number)
    stdout, stderr = (b.decode("utf-8") for b in process.communicate(timeout=120))

    assert process.returncode == code, stderr
    assert stderr.splitlines()[-1] == f"{told}。重新运行即可继续。"
    if number == signal.SIGTERM:
        assert "Ctrl-C" not in stdout + stderr
    lines = stdout.splitlines()
    assert lines[0].startswith("零陵区总工会00：")  # finished, or cut off as it finished
    cut_off = f"：未完成。{told}，它的文件可能只更新了一部分，重新运行即可补上。"
    if jobs == "1":
        assert f"零陵区总工会{UNIONS - 1:02}{cut_off}" in lines, stdout
    else:
        # With two processes the unions running when the signal comes finish; on a loaded machine
        # the last one may already be running then. Each union is told once, finished or cut off.
        told_of = [line for line in lines if re.match(r"零陵区总工会\d\d：", line)]
        assert len({line[:8] for line in told_of}) == UNIONS, stdout
        assert all(line.endswith(cut_off) or "未完成" not in line for line in told_of), stdout
    assert lines[-1].startswith(f"共{UNIONS}个单位：生成")
    # The atomic writer's promise: every document is whole, the same as an uninterrupted run's.
    stopped = documents(root)
    assert set(first) <= stopped.keys()
    assert {name: complete[name] for name in stopped} == stopped
    # A signal lands between any two steps, so a temporary file may just have been made: hidden,
    # never taken for a document, and removed by a later run (as after a kill).
    assert all(p.name.startswith(".") for p in (root / "output").rglob("*.tmp"))
