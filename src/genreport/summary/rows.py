"""The federation's view of a year: one row per union with the figures its report states, every
problem `check` found, and the unions whose data is missing (last year's file, none this year) or
failed. Exact `Decimal`s as compute made them; the workbook and its twin decide how they show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path

from genreport.figures.line import HUNDRED, Line
from genreport.figures.year import YearView
from genreport.pipeline import UnionResult, check_year
from genreport.workspace import Workspace, listing, union_key


class Kind(Enum):
    """What a column holds, which decides its number format."""

    TEXT = "text"
    AMOUNT = "amount"  # 万元
    RATE = "rate"  # a percentage as compute gives it (86.8 for 86.80%)
    SCORE = "score"
    COUNT = "count"


@dataclass(frozen=True)
class Ratio:
    """A total row's rate made of two columns' totals: numerator / denominator − `less`.

    Stated only where every row has both figures or neither, so both totals cover the same unions.
    """

    numerator: str
    denominator: str
    less: int = 0  # 1 for a change on last year: 执行 / 上年 − 1


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    value: Callable[[YearView], Decimal | str | None]
    total: Ratio | bool = True  # True: summed; False: no total


def _actual(line: Line | None) -> Decimal | None:
    return None if line is None else line.actual


def _three_public(attr: str) -> Callable[[YearView], Decimal | None]:
    return lambda v: None if v.three_public.total is None else getattr(v.three_public.total, attr)


def _three_public_change(view: YearView) -> Decimal | None:
    line = view.three_public.total
    change = line.change if line is not None else None
    return None if change is None else change.rate


def _scored(view: YearView) -> bool:
    return bool(view.scoring.first_levels)  # no indicators: no 总分 (check warns)


COLUMNS = (
    Column("整体支出预算", Kind.AMOUNT, lambda v: v.whole.budget),
    Column("整体支出执行", Kind.AMOUNT, lambda v: v.whole.actual),
    Column("整体支出执行率", Kind.RATE, lambda v: v.whole.execution_rate,
           Ratio("整体支出执行", "整体支出预算")),
    Column("基本支出", Kind.AMOUNT, lambda v: _actual(v.basic)),
    Column("项目支出", Kind.AMOUNT, lambda v: _actual(v.projects)),
    Column("人员经费", Kind.AMOUNT, lambda v: _actual(v.personnel_funds)),
    Column("公用经费", Kind.AMOUNT, lambda v: _actual(v.public_funds)),
    Column("三公经费执行", Kind.AMOUNT, _three_public("actual")),
    Column("三公经费预算", Kind.AMOUNT, _three_public("budget")),
    Column("三公经费上年", Kind.AMOUNT, _three_public("last_year")),
    Column("三公经费比上年增减率", Kind.RATE, _three_public_change,
           Ratio("三公经费执行", "三公经费上年", less=1)),
    Column("会议费", Kind.AMOUNT, lambda v: _actual(v.meetings)),
    Column("培训费", Kind.AMOUNT, lambda v: _actual(v.training)),
    Column("政府采购", Kind.AMOUNT, lambda v: v.procurement.total.actual if v.procurement else None),
    Column("总分", Kind.SCORE, lambda v: v.scoring.shown_score if _scored(v) else None, False),
    Column("等级", Kind.TEXT, lambda v: v.scoring.grade if _scored(v) else None, False),
)  # fmt: skip
NAME, ERRORS, WARNINGS, NOTE = "单位名称", "错误", "警告", "备注"
HEADERS = (NAME, *(c.header for c in COLUMNS), ERRORS, WARNINGS, NOTE)
NOT_LISTED = "数据有错误，未生成报告，数字未列入汇总。"


@dataclass(frozen=True)
class UnionRow:
    """One union: its figures by column header (None: the file does not give it, or has errors)."""

    name: str
    figures: dict[str, Decimal | str | None]
    errors: int
    warnings: int
    note: str

    @property
    def listed(self) -> bool:
        """Whether its figures are in the summary (a union with errors shows none)."""
        return not self.note

    def cells(self) -> list[Decimal | str | int | None]:
        """The row's values in the order of `HEADERS`."""
        figures = [self.figures[c.header] for c in COLUMNS]
        return [self.name, *figures, self.errors, self.warnings, self.note or None]


@dataclass(frozen=True)
class ListedProblem:
    """One error or warning as the summary lists it."""

    union: str
    severity: str  # 错误 / 警告
    place: str  # file:line, the file relative to the project
    key: str
    message: str


@dataclass(frozen=True)
class Absent:
    """A union whose data is missing this year, or failed."""

    union: str
    reason: str
    file: str
    misnamed: bool = False  # its only file this year is misnamed (`X.yaml.txt`), so not read


@dataclass
class YearSummary:
    year: int
    rows: list[UnionRow]
    problems: list[ListedProblem]
    absent: list[Absent]
    misnamed: list[ListedProblem] = field(default_factory=list)  # files not read, each told

    def without(self, column: Column) -> list[str]:
        """The listed unions without `column`'s figure, where some others have it: its total
        would cover fewer unions than the other columns', so it is left blank."""
        if column.total is not True:
            return []
        listed = [r for r in self.rows if r.listed]
        names = [r.name for r in listed if r.figures[column.header] is None]
        return names if len(names) < len(listed) else []

    def total(self, column: Column) -> Decimal | None:
        """The total row's figure: what its formula gives (None for a blank cell). A sum covers
        every listed union or none: a column some of them lack is not totalled."""
        if column.total is True:
            if self.without(column):
                return None
            return sum_of(self.figures(column.header))
        if isinstance(column.total, Ratio):
            return self.ratio(column.total)
        return None

    def ratio(self, ratio: Ratio) -> Decimal | None:
        columns = {c.header: c for c in COLUMNS}
        numerator = self.total(columns[ratio.numerator])
        denominator = self.total(columns[ratio.denominator])
        if not denominator or numerator is None:
            return None
        return (numerator / denominator - ratio.less) * HUNDRED

    def figures(self, header: str) -> list[Decimal | None]:
        """The column's figures, a row's None where it has none; a text column has no total."""
        found = [r.figures[header] for r in self.rows]
        if any(isinstance(v, str) for v in found):
            raise TypeError(f"{header} holds text, which is never totalled")
        return [v for v in found if not isinstance(v, str)]

    def total_note(self) -> str:
        """The total row's 备注: which unions it leaves out, and which columns are not totalled
        because some listed unions lack the figure."""
        failed = [r.name for r in self.rows if not r.listed]
        parts = [f"{'、'.join(failed)}数据有错误，未列入合计"] if failed else []
        lacking: dict[tuple[str, ...], list[str]] = {}
        for column in COLUMNS:
            names = tuple(self.without(column))
            if names:
                lacking.setdefault(names, []).append(column.header)
        parts += [
            f"{'、'.join(names)}没有{'、'.join(headers)}的数字，这些列不合计"
            for names, headers in lacking.items()
        ]
        return "；".join(parts) + "。" if parts else ""

    def count_total(self, header: str) -> int:
        return sum(r.errors if header == ERRORS else r.warnings for r in self.rows)


def sum_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """SUM as a spreadsheet does it: blanks left out; a blank total where every cell is blank."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def summarize(project: Workspace, year: int, results: list[UnionResult]) -> YearSummary:
    """One row a union; a misnamed file (`X.yaml.txt`) is no union: its message is listed with the
    problems and, when its union has no data file this year, with the unions absent."""
    root = project.root
    rows, problems, absent, misnamed = [], [], [], []
    present = {union_key(r.name) for r in results if r.misnamed is None}
    for result in results:
        if result.misnamed is not None:
            place = _relative(result.path, root)
            for problem in result.errors:
                listed_problem = ListedProblem(
                    result.misnamed, problem.severity.value, place, "", problem.message
                )
                problems.append(listed_problem)
                misnamed.append(listed_problem)
            if union_key(result.misnamed) not in present:
                reason = "数据文件的文件名不对，没有读取，见“错误和警告”表。"
                absent.append(Absent(result.misnamed, reason, place, misnamed=True))
            continue
        view = None if result.errors else result.view
        listed = view is not None
        rows.append(
            UnionRow(
                name=result.name,
                figures={c.header: c.value(view) if view is not None else None for c in COLUMNS},
                errors=len(result.errors),
                warnings=len(result.warnings),
                note="" if listed else NOT_LISTED,
            )
        )
        for problem in result.errors + result.warnings:
            place = _relative(problem.file, root)
            problems.append(
                ListedProblem(
                    result.name,
                    problem.severity.value,
                    f"{place}:{problem.line}" if problem.line else place,
                    problem.key,
                    problem.message,
                )
            )
        if not listed:
            reason = f"数据有{len(result.errors)}个错误，未生成报告，见“错误和警告”表。"
            absent.append(Absent(result.name, reason, _relative(result.path, root)))
    told = {union_key(a.union) for a in absent}
    absent += [a for a in _missing(project, year, present) if union_key(a.union) not in told]
    return YearSummary(year, rows, problems, absent, misnamed)


def _missing(project: Workspace, year: int, present_keys: set[str]) -> list[Absent]:
    """Unions with a data file last year and none this year (a file under any spelling counts:
    `X.yml` for last year's `X.yaml`); one row a union, naming each of its files."""
    last_year = listing(project.last_year_folder(year)).by_union
    return [
        Absent(
            paths[0].stem,
            f"{year - 1}年度有数据文件，{year}年度没有（应有 data/{year}/{paths[0].name}）。",
            "、".join(_relative(path, project.root) for path in paths),
        )
        for key, paths in last_year.items()
        if key not in present_keys
    ]


def _relative(path: Path, root: Path) -> str:
    """`path` as seen from the project folder, so the summary is the same wherever it lies."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def summarize_year(project: Workspace, year: int) -> YearSummary:
    """Check every union of the year and summarize them."""
    return summarize(project, year, check_year(project, year))
