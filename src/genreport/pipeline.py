"""The flow of one command over a year's unions: load, compute, check, then render each union's job.

One union's mistakes never stop the others. Commands call these functions and print the results.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .check import check, last_year_problems
from .compute import YearView, compute
from .context import build_context
from .engine import TemplateReport, check_template, unfilled_keys
from .errors import ClerkError, NoDataError, Problem, Severity
from .history import LastYear, previous_file
from .load import load_union
from .render import render_union
from .stamp import (
    inputs_digest,
    is_up_to_date,
    outdated,
    pdf_is_current,
    record,
    record_pdfs,
)
from .workspace import DOCUMENTS, PROJECT_TABLES, REPORT, Workspace


@dataclass
class UnionResult:
    """One data file after checking: the computed view when it loaded, and its problems."""

    path: Path
    view: YearView | None
    problems: list[Problem]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_union(
    path: Path,
    folder_year: int | None = None,
    known_outlines: list[str] | None = None,
    root: Path | None = None,
) -> UnionResult:
    """Load, compute and check one data file; never raises for the file's contents.

    With the project's `root`, the sections the union's outline requires are checked too."""
    try:
        loaded = load_union(path)
        if loaded.union is None:
            return UnionResult(path, None, loaded.problems)
        last_year, unusable = _last_year(path)
        view = compute(loaded.union, last_year)
        required = ()
        if root is not None and (known_outlines is None or loaded.union.outline in known_outlines):
            required = unfilled_keys(Workspace(root).template(loaded.union.outline, REPORT))
        problems = check(loaded, view, folder_year, known_outlines, required)
        carried = unusable + last_year_problems(loaded, view)
        return UnionResult(path, view, loaded.problems + carried + problems)
    except Exception as exc:  # a bug of ours must not stop the other unions
        return UnionResult(
            path, None, [Problem(Severity.ERROR, path, None, "", _internal_error(exc))]
        )


def _last_year(path: Path) -> tuple[LastYear | None, list[Problem]]:
    """Last year's computed year of the union in `path`, when its file exists and is sound; else
    None, with a warning when the file exists but has errors."""
    previous_path = previous_file(path)
    if previous_path is None:
        return None, []
    previous = load_union(previous_path)
    errors = [p for p in previous.problems if p.is_error]
    if errors or previous.union is None:
        message = (
            f"上年数据文件“{previous_path}”有{len(errors)}个错误，未从中取上年数。"
            f"请运行 genreport check {previous_path.parent.name} 查看并改正。"
        )
        return None, [Problem(Severity.WARNING, path, None, "", message)]
    return LastYear(previous_path, compute(previous.union)), []


def _internal_error(exc: Exception) -> str:
    return (
        f"genreport内部错误（{type(exc).__name__}: {exc}）。"
        "请把这个数据文件和本条信息发给维护人员。"
    )


def _known_outlines(project: Workspace) -> list[str]:
    """The outlines a 提纲 may name: the shipped ones and the folder's own."""
    return project.outlines()


def check_year(root: Path, year: int) -> list[UnionResult]:
    project = Workspace(root)
    known = _known_outlines(project)
    return [check_union(path, year, known, root) for path in project.data_files(year)]


@dataclass
class RenderResult:
    """One union after `genreport YEAR`: its check result and the documents written (none when it
    had errors, and then its previous output is untouched)."""

    check: UnionResult
    written: list[Path]
    failure: str | None = None  # why nothing was written despite a clean check (a template fault)
    up_to_date: bool = False  # nothing its documents depend on changed since they were written
    documents: list[Path] = field(default_factory=list)  # its documents, written now or before
    removed: list[Path] = field(default_factory=list)  # written before, no longer made


@dataclass
class YearRendered:
    """`genreport YEAR` over a year: each union's result, and the PDFs made (with `--pdf`)."""

    unions: list[RenderResult]
    pdfs: list[Path] = field(default_factory=list)
    pdf_failure: str | None = None  # why no PDF was made (LibreOffice missing, say)


def render_year(
    root: Path,
    year: int,
    only: str | None = None,
    force: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[RenderResult]:
    """Check every union of the year (or only the one named) and render those without errors whose
    inputs changed since their documents were written (all of them with `force`).

    With `jobs` above 1 the unions are rendered by that many processes; each union's documents do
    not depend on the others', so the files are the same as a serial run's. Results come back in
    the unions' order without their computed views, so memory does not grow with the number of
    unions. `progress(done, total)` is called after each union."""
    project = Workspace(root)
    paths = project.data_files(year)
    if only is not None:
        paths = [p for p in paths if p.stem == only]
        if not paths:
            raise NoDataError(
                f"{year}年度没有名为“{only}”的单位（应有文件 data/{year}/{only}.yaml）。"
            )
    work = functools.partial(_render_path, root, year, _known_outlines(project), force)
    results = []
    jobs = min(jobs, len(paths))
    with _pool(jobs) as pool:
        for result in pool.map(work, paths) if pool else map(work, paths):
            results.append(result)
            if progress is not None:
                progress(len(results), len(paths))
    return results


@contextlib.contextmanager
def _pool(jobs: int):
    """Processes for `jobs` unions at once, or None to render in this process."""
    if jobs <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield pool


def _end_with_parent(parent: int) -> None:
    """A worker ends when the run that started it is killed: at once on Linux (the kernel sends it
    SIGKILL with its parent's death, so a killed run writes nothing more), else within half a
    second."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _render_path(
    root: Path, year: int, known: list[str] | None, force: bool, path: Path
) -> RenderResult:
    project = Workspace(root)
    checked = check_union(path, year, known, root)
    if checked.errors or checked.view is None:
        result = RenderResult(checked, [])
    else:
        result = _render(project, path, checked, force)
    result.check = UnionResult(checked.path, None, checked.problems)  # the view is done with
    return result


def _render(project: Workspace, path: Path, checked: UnionResult, force: bool) -> RenderResult:
    union = checked.view.union
    try:
        job = project.job(path, union.year, union.name, union.outline, documents_of(checked.view))
        documents = list(job.outputs.values())
        digest = inputs_digest(job.inputs)
        if not force and is_up_to_date(job.folder, digest):
            return RenderResult(checked, [], up_to_date=True, documents=documents)
        rendered = render_union(checked.view, job)  # prepared templates: the per-user cache
        removed = _remove(outdated(job.folder, rendered.files))
        record(job.folder, digest, rendered.files)
    except ClerkError as exc:
        return RenderResult(checked, [], str(exc))
    except OSError as exc:
        # A failed rename (os.replace) names the temporary file first and the document second
        name = exc.filename2 or exc.filename
        where = f"“{name}”" if name else ""
        return RenderResult(
            checked,
            [],
            f"无法写入文件{where}（{exc.strerror or exc}）。若这个文件正在Word或WPS中打开，"
            "请先关闭它；否则请检查output文件夹的权限和磁盘空间，然后重新运行。",
        )
    except Exception as exc:  # a bug of ours must not stop the other unions
        return RenderResult(checked, [], _internal_error(exc))
    return RenderResult(checked, rendered.paths, documents=documents, removed=removed)


def _remove(paths: list[Path]) -> list[Path]:
    """Delete what a union's documents no longer include, so that its folder holds no document
    that today's data would not make; one that cannot be deleted (open in Word) stays."""
    removed = []
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def make_pdfs(results: list[RenderResult]) -> YearRendered:
    """A PDF beside every document of the unions that rendered (or were up to date) whose PDF is
    missing or older than its document, all converted by one LibreOffice process."""
    from .pdf import to_pdf  # subprocess and the office lookup, needed with --pdf alone

    wanted = [d for r in results for d in r.documents if not pdf_is_current(d)]
    try:
        made = to_pdf(wanted)
    except ClerkError as exc:
        return YearRendered(results, [], str(exc))
    record_pdfs(made)
    return YearRendered(results, list(made))


def documents_of(view: YearView) -> tuple[str, ...]:
    """The documents a union's submission has: the 项目支出绩效自评表 only when a project has
    绩效指标."""
    has_tables = any(t.indicators.first_levels for t in view.project_tables)
    return tuple(d for d in DOCUMENTS if d != PROJECT_TABLES or has_tables)


def check_templates(root: Path, views: list[YearView]) -> list[TemplateReport]:
    """Every outline's templates, rendered against each of `views`."""
    project = Workspace(root)
    contexts = [build_context(view) for view in views]
    reports: list[TemplateReport] = []
    for outline in project.outlines():
        for document in DOCUMENTS:
            path = project.template(outline, document)
            if any(r.template == path for r in reports):
                continue  # a shared scoring table is checked once
            reports.append(check_template(path, contexts))
    return reports
