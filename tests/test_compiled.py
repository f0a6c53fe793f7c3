"""Prepared templates and the fast writer: the same bytes as docxtpl and zipfile, twins equal to the
document's text, -j equal to serial, and a template cache that is safe to share and to damage."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import genreport.documents.compiled as compiled
from genreport.documents.context import build_context
from genreport.documents.docxzip import deflate, write_zip
from genreport.documents.engine import _render_with_docxtpl, _reproducible_zip, render_with_text
from genreport.documents.twin import document_text
from genreport.pipeline import check_union, documents_of, render_year
from genreport.workspace import Workspace, shipped_templates

REPO = Path(__file__).resolve().parent.parent
SUBMISSION = REPO / "tests" / "fixtures" / "submission"


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    shutil.copytree(SUBMISSION / "2023", root / "data" / "2023")
    return root


def _outputs(root: Path) -> dict[Path, bytes]:
    return {
        p.relative_to(root): p.read_bytes()
        for p in sorted((root / "output").glob("20*/**/*"))
        if p.suffix in (".docx", ".md")
    }


def _jobs(root: Path, year: int):
    project = Workspace(root)
    for path in project.data_files(year):
        view = check_union(path, year, None, project).view
        union = view.union
        yield (
            build_context(view),
            project.job(path, year, union.name, union.outline, documents_of(view)),
        )


def test_our_zip_is_the_zip_zipfile_writes():
    template = (shipped_templates() / "湖南" / "部门整体支出绩效自评表.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        entries = [deflate(i.filename, source.read(i.filename)) for i in source.infolist()]
    assert write_zip(entries) == _reproducible_zip(template)


@pytest.mark.parametrize("year", [2022, 2023])
def test_prepared_templates_write_what_docxtpl_writes(tmp_path, year):
    root = make_project(tmp_path)
    for context, job in _jobs(root, year):
        for template in job.templates.values():
            content, text = render_with_text(template, context, tmp_path / "cache")
            assert content == _render_with_docxtpl(template, context)
            assert text == document_text(content)


def test_parallel_output_is_byte_identical_to_serial(tmp_path):
    serial, parallel = make_project(tmp_path / "serial"), make_project(tmp_path / "parallel")
    for year in (2022, 2023):
        render_year(Workspace(serial), year, force=True, jobs=1)
        results = render_year(Workspace(parallel), year, force=True, jobs=2)
        assert all(r.written for r in results)
    assert _outputs(serial) == _outputs(parallel)
    assert len(_outputs(serial)) == 2 * (3 * 3 + 4)


def test_a_damaged_cache_is_prepared_again_with_the_same_documents(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("GENREPORT_CACHE_DIR", str(cache))
    compiled._memory.clear()  # prepared by earlier tests in this process: prepare for this cache
    render_year(Workspace(root), 2022, force=True)
    before = _outputs(root)
    cached = sorted(cache.glob("*.prepared"))
    assert cached
    cached[0].write_bytes(cached[0].read_bytes()[:100])  # as if cut off mid-write by hand
    cached[-1].write_bytes(b"not a prepared template")
    run = [sys.executable, "-m", "genreport", "2022", "--force", "--root", str(root)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert _outputs(root) == before


def test_two_runs_sharing_the_cache_write_the_same_documents(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("GENREPORT_CACHE_DIR", str(cache))
    run = [sys.executable, "-m", "genreport", "2022", "--force", "-j", "1", "--root", str(root)]
    running = [subprocess.Popen(run, stdout=subprocess.DEVNULL) for _ in range(3)]
    assert [p.wait() for p in running] == [0, 0, 0]
    shared = _outputs(root)
    alone = make_project(tmp_path / "alone")
    render_year(Workspace(alone), 2022, force=True)
    assert _outputs(alone) == shared
    leftovers = [p for p in cache.iterdir() if p.suffix != ".prepared" and p.name != "secret"]
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)


def test_check_imports_no_docx_library(tmp_path):
    root = make_project(tmp_path)
    probe = (
        "import sys; from click.testing import CliRunner; from genreport.cli.app import main; "
        f"r = CliRunner().invoke(main, ['check', '2022', '--root', {str(root)!r}]); "
        "print(r.exit_code, sorted(m for m in ('docx', 'docxtpl', 'lxml', 'jinja2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    assert out.split(maxsplit=1) == ["0", "[]\n"]


def _many_unions(root: Path, count: int) -> Path:
    """`count` unions in 2022, each a copy of 浏阳's file under its own name."""
    source = (REPO / "data" / "2022" / "浏阳市总工会.yaml").read_text(encoding="utf-8")
    folder = root / "data" / "2022"
    folder.mkdir(parents=True)
    for index in range(count):
        name = f"浏阳市总工会{index}"
        text = source.replace("单位名称: 浏阳市总工会", f"单位名称: {name}", 1)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_line_on_a_terminal_and_none_in_a_log(tmp_path):
    import os
    import pty

    root = _many_unions(tmp_path, 6)
    run = [sys.executable, "-m", "genreport", "2022", "--force", "-j", "2", "--root", str(root)]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(run, stdout=subprocess.PIPE, stderr=follower, timeout=300)
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed and read to its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    terminal = shown.decode("utf-8")
    assert "生成中" in terminal and "100%" in terminal
    assert "生成中" not in done.stdout.decode("utf-8")  # the results, not the line

    logged = subprocess.run(run, capture_output=True, timeout=300)
    assert logged.returncode == 0
    assert "共6个单位：生成6个" in logged.stdout.decode("utf-8")
    assert "生成中" not in (logged.stdout + logged.stderr).decode("utf-8")


def test_a_change_in_a_module_of_a_sub_package_changes_the_cache_key(tmp_path):
    package = tmp_path / "genreport"
    shutil.copytree(
        REPO / "src" / "genreport", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    module = package / "documents" / "layout.py"
    probe = [
        sys.executable,
        "-c",
        "import genreport.documents.compiled as c; print(c._environment_digest())",
    ]

    def digest(text: str) -> str:
        module.write_text(text)
        env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.run(probe, env=env, capture_output=True, text=True, check=True).stdout

    assert digest('"""Layout."""\nWIDTH = 1\n') != digest('"""Layout."""\nWIDTH = 2\n')
