"""Output safety: nothing is written outside output/, and a document on disk is always complete,
even when `genreport YEAR` is killed at any moment or two runs write the same folder at once."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from genreport.atomic import STALE_TEMP_SECONDS
from genreport.cli.app import main
from genreport.documents.render import render_union
from genreport.errors import OutputError
from genreport.figures.year import compute
from genreport.output.stamp import STAMP_NAME
from genreport.reading.load import load_union
from genreport.workspace import Workspace, shipped_templates

REPO = Path(__file__).resolve().parent.parent
YEAR = "2022"


def make_project(root: Path) -> Path:
    # The folder's own copies of the shipped templates, which the kill test edits into version B
    shutil.copytree(shipped_templates(), root / "templates")
    shutil.copytree(REPO / "data" / YEAR, root / "data" / YEAR)
    return root


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- nothing outside output/ -------------------------------------------------------------------

UNSAFE = {
    # file stem: 单位名称 as written
    "CON": "CON",
    "..": "..",
    "a:b": "'a:b'",
    "甲 ": "'甲 '",
    "逃逸": "../../逃逸",
}


def test_unsafe_names_are_refused_and_nothing_is_written_outside_output(tmp_path):
    root = make_project(tmp_path / "project")
    example = (REPO / "data" / YEAR / "零陵区总工会.yaml").read_text(encoding="utf-8")
    for stem, name in UNSAFE.items():
        text = example.replace("单位名称: 零陵区总工会", f"单位名称: {name}", 1)
        (root / "data" / YEAR / f"{stem}.yaml").write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    result = run(YEAR, "--root", str(root))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for stem in UNSAFE.keys() - {".."}:
        assert f"{stem}：有1个错误，未生成（原有文件保持不变）。" in lines
    # `...yaml` is hidden (its name starts with "."): not read at all, and told
    hidden = f"错误 {root / 'data' / YEAR / '...yaml'}：“...yaml”的文件名以“.”开头"
    assert any(line.startswith(hidden) for line in lines)
    assert (
        "  错误 "
        + str(root / "data" / YEAR / "CON.yaml")
        + ":7 单位名称：单位名称“CON”是Windows保留的设备名，不能用作文件夹名。请填写单位的正式名称。"
        in lines
    )
    assert lines[-1] == (
        "共7个单位：生成3个，未生成4个，警告36条。另有1个文件名不对的文件没有读取，见上。"
    )
    after = snapshot(tmp_path)
    new = [p for p in after if p not in before]
    assert all(p.is_relative_to(root / "output") for p in new)
    new = [p for p in new if not p.is_relative_to(root / "output" / ".cache")]  # templates
    # per union: three documents (no project has 绩效指标), their text twins and the stamp
    assert sorted(p.parent.name for p in new) == sorted(
        ["南湖新区总工会", "浏阳市总工会", "零陵区总工会"] * 7
    )
    assert {p: after[p] for p in before} == before  # nothing else changed


@pytest.mark.parametrize(
    "name", ["..", ".", "a/b", "../x", "a\\b", "x\0", "", "../2022/浏阳市总工会"]
)
def test_output_folder_refuses_names_that_leave_it(tmp_path, name):
    with pytest.raises(OutputError):
        Workspace(tmp_path).output_folder(2022, name)


def test_rendering_a_name_the_check_would_refuse_writes_nothing(tmp_path, project, example_text):
    """The last line of defence: render_union itself, called without the check."""
    path = project(example_text)
    view = compute(load_union(path).union)
    before = snapshot(tmp_path)
    with pytest.raises(OutputError):
        render_union(view, Workspace(project.root).job(path, 2022, "../../逃逸", "长沙"))
    assert snapshot(tmp_path) == before


def test_a_symlinked_union_folder_is_not_followed_outside(tmp_path):
    root = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "output" / YEAR).mkdir(parents=True)
    (root / "output" / YEAR / "浏阳市总工会").symlink_to(outside)
    result = run(YEAR, "--root", str(root))
    assert result.exit_code == 1
    assert (
        "浏阳市总工会：未生成。单位名称“浏阳市总工会”不能用作文件夹名，未生成。请改正单位名称。"
        in result.output.splitlines()
    )
    assert list(outside.iterdir()) == []


def test_a_document_that_cannot_be_replaced_is_reported_and_others_still_render(tmp_path):
    """As on Windows when the document is open in Word: here a folder stands in its way."""
    root = make_project(tmp_path / "project")
    report = root / "output" / YEAR / "浏阳市总工会" / "2022年度部门整体支出绩效自评报告.docx"
    report.mkdir(parents=True)
    result = run(YEAR, "--root", str(root))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    failed = next(line for line in result.output.splitlines() if line.startswith("浏阳市总工会："))
    assert failed == (
        f"浏阳市总工会：未生成。“{report}”不是普通文件（是文件夹或快捷方式等），无法替换。"
        "请移走它，然后重新运行。本单位的文件都没有替换，原有的文件保持不变。"
    )
    assert result.output.splitlines()[-1] == "共3个单位：生成2个，未生成1个，警告16条。"
    assert [p.name for p in report.parent.iterdir()] == [report.name]  # no temporary file left


# --- atomic output -------------------------------------------------------------------------------

KILLS = 200
PROJECTS = 2  # runs under fire at the same time, one per project


def _version_b(root: Path) -> None:
    """Every template with one more paragraph: every document changes, data stays valid."""
    for path in (root / "templates").rglob("*.docx"):
        document = Document(str(path))
        document.add_paragraph("版本B")
        document.save(str(path))


def _templates(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "templates").rglob("*.docx"))}


def _documents(root: Path) -> dict[Path, bytes]:
    """Every document and its text twin."""
    return {
        p: p.read_bytes()
        for p in sorted((root / "output").rglob("*"))
        if p.suffix in (".docx", ".md") and not p.name.startswith(".")
    }


def _leftovers(root: Path) -> list[Path]:
    """Files in output/ other than documents, twins, stamps and prepared templates."""
    cache = root / "output" / ".cache"
    return [
        p
        for p in (root / "output").rglob("*")
        if p.is_file()
        and p.suffix not in (".docx", ".md")
        and p.name != STAMP_NAME
        and not (p.parent == cache and p.suffix == ".pickle")
    ]


# --force: a run under test always rewrites, even when its inputs were rendered before
ARGS = [YEAR, "--force", "-j", "1"]  # one process a run: its kill ends all its writing


def _command(root: Path) -> list[str]:
    return [sys.executable, "-m", "genreport", *ARGS, "--root", str(root)]


def _versions(root: Path) -> tuple[dict[Path, bytes], dict[Path, bytes], dict[Path, bytes]]:
    """Templates A, and the complete documents of A and of B (B's templates are left in place)."""
    templates_a = _templates(root)
    assert run(YEAR, "--root", str(root)).exit_code == 0
    documents_a = _documents(root)
    _version_b(root)
    assert run(YEAR, "--root", str(root)).exit_code == 0
    documents_b = _documents(root)
    assert len(documents_a) == 18 and documents_a.keys() == documents_b.keys()
    assert all(documents_a[p] != documents_b[p] for p in documents_a)
    for path in documents_a:
        if path.suffix == ".docx":
            _assert_complete_docx(documents_a[path])
            _assert_complete_docx(documents_b[path])
    return templates_a, documents_a, documents_b


def _assert_complete_docx(content: bytes) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
    assert Document(io.BytesIO(content)).paragraphs


class _Target:
    """One project under fire: its two versions, and the run to kill next."""

    def __init__(self, root: Path, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        self.templates_a, self.documents_a, self.documents_b = _versions(root)
        self.templates_b = _templates(root)
        self.kills = self.changed = self.temps = 0
        self.previous = _documents(root)
        self.durations = {
            r: sorted(_timed(lambda r=r: self.start(r).wait()) for _ in range(3))[1]
            for r in (True, False)
        }  # the median of three runs of each kind

    def start(self, real: bool) -> _Run:
        version = self.templates_a if self.kills % 2 == 0 else self.templates_b
        for path, content in version.items():
            path.write_bytes(content)
        return _Run(self.root, real)

    def check_after_kill(self) -> None:
        """Every document byte for byte A's or B's complete one; leftovers only hidden .tmp."""
        self.kills += 1
        now = _documents(self.root)
        assert now.keys() == self.documents_a.keys()
        for path, content in now.items():
            assert content in (self.documents_a[path], self.documents_b[path]), path
        self.changed += now != self.previous
        self.previous = now
        leftovers = _leftovers(self.root)
        assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)
        self.temps += len(leftovers)


class _Run:
    """`genreport YEAR --root ROOT` in a new process: a real interpreter (`python -m genreport`),
    or a fork of this one running the same `main` (no interpreter start, so kills are cheap)."""

    def __init__(self, root: Path, real: bool):
        self.process = None
        if real:
            self.process = subprocess.Popen(_command(root), stdout=subprocess.DEVNULL)
            return
        self.pid = os.fork()
        if self.pid == 0:  # the child: run the command, never return into pytest
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                main([*ARGS, "--root", str(root)], standalone_mode=False)
            finally:
                os._exit(0)

    def kill(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGKILL)
        else:
            os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self) -> None:
        if self.process:
            self.process.wait()
        else:
            os.waitpid(self.pid, 0)


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def kill_many(roots: list[Path], kills: int, seed: int = 0) -> list[_Target]:
    """SIGKILL `genreport YEAR` at `kills` moments (or more, see below) drawn uniformly over a run's
    measured duration, one run per project at a time (single-threaded, so forking is safe); every
    tenth run is a real interpreter. After each kill, check that project's documents."""
    targets = [_Target(root, seed + n) for n, root in enumerate(roots)]
    started = 0
    running = []
    for target in targets:
        real = started % 10 == 0
        delay = target.rng.uniform(0, target.durations[real] * 1.1)
        running.append((time.monotonic() + delay, target, target.start(real)))
        started += 1
    while running:
        running.sort(key=lambda entry: entry[0])
        kill_at, target, process = running.pop(0)
        time.sleep(max(0.0, kill_at - time.monotonic()))
        process.kill()
        target.check_after_kill()
        # On a busy machine runs are slower than measured and more kills land before any
        # writing: go on (up to 4× as many) until enough kills came after some writing.
        short = sum(t.changed for t in targets) <= kills // 10
        if started < kills or (short and started < 4 * kills):
            real = started % 10 == 0
            delay = target.rng.uniform(0, target.durations[real] * 1.1)
            running.append((time.monotonic() + delay, target, target.start(real)))
            started += 1
    return targets


def test_killing_a_run_at_any_moment_leaves_every_document_complete(tmp_path):
    targets = kill_many([make_project(tmp_path / f"project{n}") for n in range(PROJECTS)], KILLS)
    assert sum(t.kills for t in targets) >= KILLS >= 200
    assert sum(t.changed for t in targets) > KILLS // 10  # many kills came after some writing
    for target in targets:  # the next (incremental) run after a kill makes the right documents
        assert run(YEAR, "--root", str(target.root)).exit_code == 0
        current_a = _templates(target.root) == target.templates_a
        assert _documents(target.root) == (target.documents_a if current_a else target.documents_b)


def test_two_runs_at_once_leave_complete_documents(tmp_path):
    root = make_project(tmp_path / "project")
    _, _, documents_b = _versions(root)
    for _ in range(5):
        runs = [subprocess.Popen(_command(root), stdout=subprocess.PIPE) for _ in range(2)]
        assert [p.wait(timeout=120) for p in runs] == [0, 0]
        for p in runs:
            p.stdout.close()
        assert _documents(root) == documents_b
    assert _leftovers(root) == []


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path):
    root = make_project(tmp_path / "project")
    assert run(YEAR, "--root", str(root)).exit_code == 0
    folder = root / "output" / YEAR / "浏阳市总工会"
    stale = folder / ".2022年度部门整体支出绩效自评报告.docx.abc123.tmp"
    fresh = folder / ".2022年度部门整体支出绩效自评报告.docx.def456.tmp"
    stale.write_bytes(b"half a docx")
    fresh.write_bytes(b"another run's docx, being written")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    assert run(*ARGS, "--root", str(root)).exit_code == 0
    assert not stale.exists()
    assert fresh.exists()  # it may belong to a run still going


def test_documents_get_an_ordinary_files_permissions(tmp_path):
    root = make_project(tmp_path / "project")
    assert run(YEAR, "--root", str(root)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    modes = {p.stat().st_mode & 0o777 for p in (root / "output").rglob("*") if p.is_file()}
    assert modes == {0o666 & ~mask}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_a_parallel_run_ends_its_workers_at_once(tmp_path):
    """A run's workers die with it, so a killed `-j 2` run writes nothing afterwards."""
    root = tmp_path / "project"
    folder = root / "data" / YEAR
    folder.mkdir(parents=True)
    liuyang = (REPO / "data" / YEAR / "浏阳市总工会.yaml").read_text(encoding="utf-8")
    for n in range(40):
        (folder / f"单位{n}.yaml").write_text(liuyang.replace("浏阳市总工会", f"单位{n}"), "utf-8")
    run_ = subprocess.Popen(
        [sys.executable, "-m", "genreport", YEAR, "--force", "-j", "2", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children = Path(f"/proc/{run_.pid}/task/{run_.pid}/children")
    workers: list[str] = []
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = children.read_text().split() if children.exists() else []
    assert len(workers) == 2
    run_.kill()
    run_.wait()
    time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "State:\tZ" not in _status(w)]
    assert alive == []


def _status(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ""
