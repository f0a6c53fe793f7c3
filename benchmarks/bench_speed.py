"""genreport side by side with a bare docxtpl loop, a cold run against the import floor, scaling in
table rows, and many unions serial and in parallel with their peak memory.

Usage: python benchmarks/bench_speed.py [versus|cold|rows|many|all]
  versus  30 unions: `render_year` against a bare docxtpl loop (load template, render, save) over
          the same templates and contexts, best of 3 each, in this one process, and the ratio.
  cold    `genreport 2022 --union 浏阳市总工会 --force` in a new process against importing docx,
          docxtpl, jinja2, yaml and click alone, 15 rounds of each interleaved (the prepared
          templates' cache warm, bytecode compiled as pip installs it); and with the cache empty.
  rows    the 自评表 rendered with 20, 200 and 1000 indicator rows, and a whole run on a data
          file with that many rows (median of 5).
  many    peak RSS of `genreport 2022 --force -j 1` at 10, 100 and 1000 unions, and 1000 unions'
          time with -j 1 and -j 2.
Figures go in closing notes, never into tests.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench_pipeline import REPO, make_project

from genreport.documents.context import build_context
from genreport.documents.engine import _environment, render_with_text
from genreport.pipeline import check_union, documents_of, render_year
from genreport.workspace import Workspace


def _contexts(root: Path) -> list[tuple[dict, list[Path], list[Path]]]:
    """Each union's context, templates and document paths, as genreport renders them."""
    project = Workspace(root)
    found = []
    for path in project.data_files(2022):
        view = check_union(path, 2022, None, project).view
        union = view.union
        job = project.job(path, 2022, union.name, union.outline, documents_of(view))
        found.append(
            (build_context(view), list(job.templates.values()), list(job.outputs.values()))
        )
    return found


def _best(work, times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def versus(count: int = 30) -> None:
    # docxtpl itself, with only our `{% 上合并 %}` cell mark added to its XML clean-up
    from genreport.documents.docx_template import template_class as _template_class

    DocxTemplate = _template_class()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make_project(root, count)
        unions = _contexts(root)
        bare_out = root / "bare"
        bare_out.mkdir()

        def bare() -> None:
            for index, (context, templates, _) in enumerate(unions):
                for number, template in enumerate(templates):
                    doc = DocxTemplate(str(template))
                    doc.render(context, _environment(), autoescape=True)
                    doc.save(str(bare_out / f"{index}-{number}.docx"))

        documents = sum(len(t) for _, t, _ in unions)
        start = time.perf_counter()
        render_year(Workspace(root), 2022, force=True)  # prepares the templates (cache empty)
        first = time.perf_counter() - start
        bare_seconds = _best(bare)
        ours = _best(lambda: render_year(Workspace(root), 2022, force=True))
        ours_j = _best(lambda: render_year(Workspace(root), 2022, force=True, jobs=2))
    print(f"{count} unions, {documents} documents")
    print(f"bare docxtpl loop (load, render, save): {bare_seconds / count * 1000:.1f} ms per union")
    print(
        f"genreport render_year (check, render, twins, atomic writes, stamps): "
        f"{ours / count * 1000:.1f} ms per union -> {ours / bare_seconds:.2f}x the bare loop"
    )
    print(f"  with -j 2: {ours_j / count * 1000:.1f} ms per union -> {ours_j / bare_seconds:.2f}x")
    print(f"  first run, templates not yet prepared: {first / count * 1000:.1f} ms per union")


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _median_run(command: list[str], cwd: Path, times: int = 7, before=None) -> float:
    spent = []
    for _ in range(times):
        if before:
            before()
        spent.append(_timed(command, cwd))
    return statistics.median(spent)


def cold(rounds: int = 15) -> None:
    # An installed genreport has its bytecode compiled (pip does it). An editable checkout run
    # with PYTHONDONTWRITEBYTECODE set compiles genreport's modules from source on every run: that
    # is measured too, with the package's __pycache__ moved aside (and put back).
    import genreport

    package = Path(genreport.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # no run writes what `_without_bytecode` moves
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(REPO / "data", root / "data")
        # The per-user cache where platformdirs finds it (on Linux under XDG_CACHE_HOME), here
        os.environ.pop("GENREPORT_CACHE_DIR", None)
        os.environ["XDG_CACHE_HOME"] = str(root / "user-cache")
        run = [sys.executable, "-m", "genreport", "2022", "--union", "浏阳市总工会", "--force"]
        floor_cmd = [sys.executable, "-c", "import docx, docxtpl, jinja2, yaml, click"]
        _timed(run, root)  # the prepared templates' cache filled
        floors, warms, sources = [], [], []
        for _ in range(rounds):  # interleaved: a busy moment costs all alike
            floors.append(_timed(floor_cmd, root))
            warms.append(_timed(run, root))
            sources.append(_without_bytecode(package, lambda: _timed(run, root)))
        floor, warm = statistics.median(floors), statistics.median(warms)
        source = statistics.median(sources)
        cache = root / "user-cache"
        empty = _median_run(run, root, before=lambda: shutil.rmtree(cache, ignore_errors=True))
        check = _median_run([sys.executable, "-m", "genreport", "check", "2022"], root)
    print(
        f"import floor (docx, docxtpl, jinja2, yaml, click), median of {rounds}: {floor * 1000:.0f} ms"
    )
    print(
        f"cold one-union run, median of {rounds}: {warm * 1000:.0f} ms -> {warm / floor:.2f}x the floor"
    )
    fastest = min(warms) / min(floors)
    print(
        f"  fastest of each: {min(warms) * 1000:.0f} ms vs {min(floors) * 1000:.0f} ms -> {fastest:.2f}x"
    )
    print(f"  genreport's bytecode not compiled: {source * 1000:.0f} ms -> {source / floor:.2f}x")
    print(f"  with the template cache empty: {empty * 1000:.0f} ms -> {empty / floor:.2f}x")
    print(f"genreport check 2022: {check * 1000:.0f} ms")


def _without_bytecode(package: Path, work):
    cached, aside = package / "__pycache__", package / "__pycache__.aside"
    cached.rename(aside)
    try:
        return work()
    finally:
        shutil.rmtree(cached, ignore_errors=True)
        aside.rename(cached)


def _with_rows(text: str, count: int) -> str:
    """浏阳's file with a 自评表 of `count` 三级 indicators (its last key) in place of its own."""
    weight = Decimal(100) / count
    lines = [
        "自评表:",
        "  指标:",
        "    - 一级: 产出指标",
        "      二级:",
        "        - 名称: 数量指标",
    ]
    lines.append("          三级:")
    for number in range(1, count + 1):
        lines.append(
            f"            - {{名称: 指标{number}, 分值: {weight}, 指标值: ≥{number}人次, "
            f"完成值: {number}人次, 得分: {weight}}}"
        )
    return text[: text.index("\n自评表:") + 1] + "\n".join(lines) + "\n"


def rows() -> None:
    root = REPO
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    project = Workspace(root)
    view = check_union(path, 2022, None, project).view
    context = build_context(view)
    template = project.template(view.union.outline, "部门整体支出绩效自评表")
    base = list(context["指标行"])
    spent = {}
    for count in (20, 200, 1000):
        context["指标行"] = [base[i % len(base)] for i in range(count)]
        render_with_text(template, context)
        spent[count] = _best(lambda: render_with_text(template, context), 10)
    for count, seconds in spent.items():
        print(
            f"自评表 with {count:4d} indicator rows: {seconds * 1000:6.1f} ms "
            f"({seconds / spent[20]:.2f}x the 20-row table)"
        )
    # The whole command, as a clerk runs it, on a data file with that many rows
    whole = {}
    text = path.read_text(encoding="utf-8")
    for count in (20, 200, 1000):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "data" / "2022"
            folder.mkdir(parents=True)
            (folder / path.name).write_text(_with_rows(text, count), encoding="utf-8")
            run = [sys.executable, "-m", "genreport", "2022", "--force"]
            subprocess.run(run, cwd=scratch, check=True, stdout=subprocess.DEVNULL)  # cache
            whole[count] = _median_run(run, Path(scratch), times=5)
    for count, seconds in whole.items():
        print(
            f"genreport 2022 --force, {count:4d} rows: {seconds * 1000:6.0f} ms "
            f"({seconds / whole[20]:.2f}x the 20-row run)"
        )


def _peak_rss_mb(command: list[str], cwd: Path) -> tuple[float, float]:
    """Peak RSS of the largest process the command ran (MB), and its time."""
    probe = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "
        "time.perf_counter() - s)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, check=True,
                         capture_output=True, text=True).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1])


def many() -> None:
    for count in (10, 100, 1000):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            make_project(root, count)
            base = [sys.executable, "-m", "genreport", "2022", "--force"]
            rss, seconds = _peak_rss_mb([*base, "-j", "1"], root)
            line = f"{count:4d} unions, -j 1: peak RSS {rss:.0f} MB, {seconds:.1f} s"
            if count == 1000:
                rss_j, seconds_j = _peak_rss_mb([*base, "-j", "2"], root)
                line += f"; -j 2: largest process {rss_j:.0f} MB, {seconds_j:.1f} s"
            print(line, flush=True)


if __name__ == "__main__":
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    os.chdir(REPO)
    for name, step in {"versus": versus, "cold": cold, "rows": rows, "many": many}.items():
        if which in (name, "all"):
            step()
