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
from typing import TYPE_CHECKING

from genreport.atomic import NotReplaced, replace_together
from genreport.checks.union import check, last_year_problems, twin_files
from genreport.contract.rules import NATIONAL
from genreport.documents.context import build_context
from genreport.documents.engine import TemplateReport, check_template, unfilled_keys
from genreport.documents.reach import unshown_keys
from genreport.documents.render import render_union
from genreport.errors import (
    ClerkError,
    NoDataError,
    Problem,
    Severity,
    TemplateError,
    stop_reason,
)
from genreport.failures import os_error_message, reason
from genreport.figures.year import LastYear, YearView, compute
from genreport.output.handedits import KeptEdit, keep_edited_pdfs, plan
from genreport.output.stamp import (
    CHANGED,
    digests,
    inputs_digest,
    is_up_to_date,
    pdf_is_current,
    pending,
    record,
    record_pdfs,
    snapshot,
)
from genreport.output.stamp import read as read_stamp
from genreport.reading.load import load_union
from genreport.reading.rules import outline_rules
from genreport.workspace import (
    DOCUMENTS,
    PROJECT_TABLES,
    REPORT,
    Listing,
    Misnamed,
    Workspace,
    previous_files,
    same_union,
    twins_message,
    union_key,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from concurrent.futures import Future, ProcessPoolExecutor

    from genreport.output.pdf import Pdf


@dataclass
class UnionResult:
    """One data file after checking: the computed view when it loaded, and its problems."""

    path: Path
    view: YearView | None
    problems: list[Problem]
    # The SHA-256 of the bytes of the data file and of last year's file as loaded (None: none)
    sources: tuple[str | None, ...] = (None, None)  # data, last year's, the rules file when any
    # For a file meant as a data file but misnamed (`X.yaml.txt`), the union it stands for: it is
    # never read nor counted as a union, and has one error saying what to do
    misnamed: str | None = None

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
    project: Workspace | None = None,
    kin: Kin | None = None,
) -> UnionResult:
    """Load, compute and check one data file; never raises for the file's contents.

    With the `project` it lies in, the sections the union's outline requires are checked too. A file
    whose union has another file in the folder (`X.yaml` beside `X.yml`) is an error, whatever
    the command. `kin` are the union's files as the year's folders were listed (`Kin.of`); the
    folders are listed for this one file when it is not given."""
    try:
        if kin is None:
            kin = Kin(same_union(path, path.parent), previous_files(path))
        twins = twin_files(path, kin.twins)
        loaded = load_union(path)
        if loaded.union is None:
            return UnionResult(path, None, twins + loaded.problems)
        last_year, unusable, previous_digest = _last_year(path, kin.last_year)
        required: tuple[str, ...] = ()
        unshown: tuple[str, ...] = ()
        unsound: list[Problem] = []
        rules, rules_digest = NATIONAL, None
        if project is not None and (
            known_outlines is None or loaded.union.outline in known_outlines
        ):
            rules, unsound, rules_digest = outline_rules(project, loaded.union.outline)
            try:
                outline = loaded.union.outline
                required = unfilled_keys(project.template(outline, REPORT))
                unshown = unshown_keys([project.template(outline, d) for d in DOCUMENTS])
            except TemplateError as exc:
                message = f"{exc}改正前不能生成本单位的文件。"
                unsound.append(Problem(Severity.ERROR, path, None, "提纲", message))
        view = compute(loaded.union, last_year, rules)
        problems = check(loaded, view, folder_year, known_outlines, required, unshown)
        carried = unusable + last_year_problems(loaded, view)
        problems = twins + loaded.problems + unsound + carried + problems
        sources = (loaded.digest, previous_digest)
        # the rules scored these documents: a changed rules file makes them outdated
        return UnionResult(
            path, view, problems, (*sources, rules_digest) if rules_digest else sources
        )
    except Exception as exc:  # a bug of ours must not stop the other unions
        return UnionResult(
            path, None, [Problem(Severity.ERROR, path, None, "", _internal_error(exc))]
        )


def _last_year(path: Path, files: list[Path]) -> tuple[LastYear | None, list[Problem], str | None]:
    """Last year's computed year of the union in `path`, when its one file of last year
    (`files`) exists and is sound; else None, with a warning when the file has errors or there
    are two; and the digest of the file's bytes as loaded."""
    if len(files) > 1:
        message = twins_message(files, "未从中取上年数。")
        return None, [Problem(Severity.WARNING, path, None, "", message)], None
    if not files:
        return None, [], None
    (previous_path,) = files
    previous = load_union(previous_path)
    errors = [p for p in previous.problems if p.is_error]
    if errors or previous.union is None:
        message = (
            f"上年数据文件“{previous_path}”有{len(errors)}个错误，未从中取上年数。"
            f"请运行 genreport check {previous_path.parent.name} 查看并改正。"
        )
        return None, [Problem(Severity.WARNING, path, None, "", message)], previous.digest
    return LastYear(previous_path, compute(previous.union)), [], previous.digest


def _internal_error(exc: Exception) -> str:
    return (
        f"genreport内部错误（{type(exc).__name__}: {exc}）。"
        "请把这个数据文件和本条信息发给维护人员。"
    )


def check_year(project: Workspace, year: int) -> list[UnionResult]:
    """Check every union of the year; a 提纲 may name the shipped outlines and the folder's own.
    The year's misnamed files come first, each as an error saying what to do."""
    known = project.outlines()
    found = project.year_listing(year)
    last = project.listing_or_none(year - 1)
    checked = [
        check_union(path, year, known, project, Kin.of(path, found, last)) for path in found.data
    ]
    return _misnamed(found.misnamed) + checked


@dataclass(frozen=True)
class Kin:
    """A union's data files in its year's folder (itself among them; two or more are an error) and
    in last year's: what `check_union` needs of the folders beside the file, taken from the two
    listings made once a run rather than by listing both folders again for every union."""

    twins: list[Path]
    last_year: list[Path]

    @classmethod
    def of(cls, path: Path, year: Listing, last_year: Listing) -> Kin:
        return cls(year.files_of(path.stem), last_year.files_of(path.stem))


def _misnamed(files: list[Misnamed], only: str | None = None) -> list[UnionResult]:
    """The year's misnamed data files (`X.yaml.txt`, `X - 副本.yaml`), each with an error saying
    what to do: they are not read, and a clerk must not think they were. With `only`, those of
    that union."""
    return [
        UnionResult(
            m.path, None, [Problem(Severity.ERROR, m.path, None, "", m.message)], misnamed=m.union
        )
        for m in files
        if only is None or union_key(m.union) == union_key(only)
    ]


@dataclass
class RenderResult:
    """One union after `genreport YEAR`: its check result and the documents written (none when it
    had errors, and then its previous output is untouched)."""

    check: UnionResult
    written: list[Path]
    failure: str | None = None  # why nothing was written despite a clean check (a template fault)
    up_to_date: bool = False  # nothing its documents depend on changed since they were written
    documents: list[Path] = field(default_factory=list)  # its documents, written now or before
    removed: list[Path] = field(default_factory=list)  # written before, no longer made or current
    kept: list[KeptEdit] = field(default_factory=list)  # edited by hand, kept before replacing
    # why its rendering did not finish (its process died, Ctrl-C, SIGTERM or SIGHUP)
    stopped: str | None = None


@dataclass
class YearRendered:
    """`genreport YEAR` over a year: each union's result, and the PDFs made (with `--pdf`)."""

    unions: list[RenderResult]
    pdfs: list[Path] = field(default_factory=list)
    pdf_failure: str | None = None  # why no PDF was made (LibreOffice missing, say)
    kept: list[KeptEdit] = field(
        default_factory=list
    )  # PDFs edited by hand, kept before converting
    missing_fonts: list[str] = field(default_factory=list)  # 公文 fonts the PDFs lack


def render_year(
    project: Workspace,
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
    found = project.year_listing(year)
    last = project.listing_or_none(year - 1)
    paths = found.data
    strays = [RenderResult(stray, []) for stray in _misnamed(found.misnamed, only)]
    if only is not None:
        paths = [p for p in paths if union_key(p.stem) == union_key(only)]
        if not paths and not strays:
            raise NoDataError(
                f"{year}年度没有名为“{only}”的单位（应有文件 data/{year}/{only}.yaml）。"
            )
    work = functools.partial(_render_path, project, year, project.outlines(), force)
    results: list[RenderResult] = []
    futures = []
    jobs = min(jobs, len(paths))
    with _pool(jobs) as pool:
        try:
            if pool is None:
                for path in paths:
                    results.append(work(path, Kin.of(path, found, last)))
                    if progress is not None:
                        progress(len(results), len(paths))
            else:
                futures = [pool.submit(work, path, Kin.of(path, found, last)) for path in paths]
                for path, future in zip(paths, futures, strict=True):
                    results.append(_outcome(path, future))
                    if progress is not None:
                        progress(len(results), len(paths))
        except KeyboardInterrupt as stop:  # Ctrl-C, or `Terminated`
            why = interrupted(stop)
            if pool is not None:  # unions not started never will; those running finish
                pool.shutdown(wait=True, cancel_futures=True)
                results = [_outcome(p, f, why) for p, f in zip(paths, futures, strict=False)]
            elif len(results) < len(paths):
                results.append(_stopped(paths[len(results)], why))  # the one rendering
            results += [_stopped(p, why) for p in paths[len(results) :]]
            raise Interrupted(results, stop) from None
    return strays + results


WORKER_DIED = (
    "生成它的进程意外终止（可能是内存不足，或被其他程序结束），它的文件可能只更新了一部分。"
    "请重新运行；内存不足时可加 -j 1 逐个生成。"
)


def interrupted(stop: KeyboardInterrupt) -> str:
    """What a union cut off by Ctrl-C or by the run's end (`Terminated`) is told."""
    return f"{stop_reason(stop)}，它的文件可能只更新了一部分，重新运行即可补上。"


class Interrupted(Exception):
    """Ctrl-C (or SIGTERM, SIGHUP: `Terminated`) during a render: the unions done before it, and
    the rest as stopped."""

    def __init__(self, results: list[RenderResult], stop: KeyboardInterrupt):
        super().__init__("interrupted")
        self.results = results
        self.stop = stop


def _outcome(path: Path, future: Future[RenderResult], stopping: str | None = None) -> RenderResult:
    """A union's result from its process, or why there is none (the process died, or never ran).
    `stopping`: why the run is stopping, which is also why a process ended meanwhile (SIGTERM
    sent to every process of the run)."""
    from concurrent.futures import CancelledError
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:  # a process killed (by the out-of-memory killer, say)
        return _stopped(path, stopping or WORKER_DIED)
    except CancelledError:
        return _stopped(path, stopping or interrupted(KeyboardInterrupt()))


def _stopped(path: Path, why: str) -> RenderResult:
    return RenderResult(UnionResult(path, None, []), [], stopped=why)


@contextlib.contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
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
    # Ctrl-C reaches every process of the terminal: the run decides, and a union being written
    # is finished rather than left half-written.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # the run's own handlers, inherited by a fork: a worker
        number = getattr(signal, name, None)  # told to end simply ends (its files are whole)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _render_path(
    project: Workspace, year: int, known: list[str] | None, force: bool, path: Path, kin: Kin
) -> RenderResult:
    checked = check_union(path, year, known, project, kin)
    if checked.errors or checked.view is None:
        result = RenderResult(checked, [])
    else:
        result = _render(project, path, checked, checked.view, force)
    result.check = UnionResult(checked.path, None, checked.problems)  # the view is done with
    return result


def _render(
    project: Workspace, path: Path, checked: UnionResult, view: YearView, force: bool
) -> RenderResult:
    union = view.union
    if union.year is None or union.name is None:  # both required: a union without is not checked
        raise ValueError(f"{path} was checked without its 年度 or 单位名称")
    try:
        job = project.job(path, union.year, union.name, union.outline, documents_of(view))
        documents = list(job.outputs.values())
        templates = list(job.templates.values())
        before = snapshot(templates)
        # the data files as loaded (their bytes were read once), the templates as they are now
        digest = inputs_digest([*checked.sources, *digests(before)])
        if not force and is_up_to_date(job.folder, digest):
            return RenderResult(checked, [], up_to_date=True, documents=documents)
        rendered = render_union(view, job)  # prepared templates: the per-user cache
        if snapshot(templates) != before:  # saved while rendering: which one was used is unknown
            digest = inputs_digest([*checked.sources, CHANGED])
        stamp = read_stamp(job.folder)
        planned = plan(job.folder, rendered.files, stamp)
        replace_together(planned.changes, first=pending(job.folder, rendered.files))
        record(job.folder, digest, rendered.files, planned.pdfs)
    except ClerkError as exc:
        return RenderResult(checked, [], str(exc))
    except NotReplaced as exc:
        return RenderResult(checked, [], _not_replaced(exc))
    except OSError as exc:
        # A failed rename (os.replace) names the temporary file first and the document second
        name = exc.filename2 or exc.filename
        where = f"“{name}”" if name else ""
        return RenderResult(
            checked,
            [],
            f"无法写入文件{where}（{reason(exc)}）。若这个文件正在Word或WPS中打开，"
            "请先关闭它；否则请检查output文件夹的权限和磁盘空间，然后重新运行。"
            "本单位原有的文件保持不变。",
        )
    except Exception as exc:  # a bug of ours must not stop the other unions
        return RenderResult(checked, [], _internal_error(exc))
    return RenderResult(
        checked,
        rendered.paths,
        documents=documents,
        removed=planned.removed,
        kept=planned.kept,
    )


def _not_replaced(exc: NotReplaced) -> str:
    unchanged = "本单位的文件都没有替换，原有的文件保持不变。"
    if exc.reason == "not_a_file":
        return f"“{exc.path}”不是普通文件（是文件夹或快捷方式等），无法替换。请移走它，然后重新运行。{unchanged}"
    if exc.reason == "changed":
        return (
            f"“{exc.path}”在生成过程中被改动了（可能另一个窗口也在生成）。{unchanged}请重新运行。"
        )
    return (
        f"无法替换文件“{exc.path}”（{reason(exc)}）。若这个文件正在Word或WPS中打开，请先关闭它；"
        f"若它是只读文件，请取消只读。然后重新运行。{unchanged}"
    )


def make_pdfs(
    results: list[RenderResult], progress: Callable[[int, int], None] | None = None
) -> YearRendered:
    """A PDF beside every document of the unions that rendered (or were up to date) whose PDF is
    missing or older than its document, converted by LibreOffice in batches; each batch's PDFs
    are written and recorded as soon as it ends, so a run stopped later keeps them."""
    from genreport.output.pdf import (
        to_pdf,  # subprocess and the office lookup, needed with --pdf alone
    )

    wanted = [d for r in results for d in r.documents if not pdf_is_current(d)]
    try:
        kept = keep_edited_pdfs(wanted)
    except OSError as exc:
        return YearRendered(results, [], os_error_message(exc))

    def keep(made: dict[Path, Pdf]) -> None:
        record_pdfs(
            {path: pdf.content for path, pdf in made.items()},
            {path: pdf.source for path, pdf in made.items()},
        )

    try:
        converted = to_pdf(wanted, kept=keep, progress=progress)
    except ClerkError as exc:
        return YearRendered(results, [], str(exc), kept)
    from genreport.output.fonts import missing_fonts

    failure = "\n".join(converted.failures) or None
    fonts = missing_fonts((pdf.content, pdf.source) for pdf in converted.pdfs.values())
    return YearRendered(results, list(converted.pdfs), failure, kept, fonts)


def documents_of(view: YearView) -> tuple[str, ...]:
    """The documents a union hands in (its submission): the 项目支出绩效自评表 only when a project
    has 绩效指标."""
    has_tables = any(t.indicators.first_levels for t in view.project_tables)
    return tuple(d for d in DOCUMENTS if d != PROJECT_TABLES or has_tables)


def check_templates(project: Workspace, views: list[YearView]) -> list[TemplateReport]:
    """Every outline's templates, rendered against each of `views`."""
    contexts = [build_context(view) for view in views]
    reports: list[TemplateReport] = []
    for outline in project.outlines():
        for document in DOCUMENTS:
            path = project.template(outline, document)
            if any(r.template == path for r in reports):
                continue  # a shared scoring table is checked once
            reports.append(check_template(path, contexts))
    return reports
