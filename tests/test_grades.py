"""Grades from what is shown: a score, 总分 or rate is graded and compared from the figure the
document prints (rounded half-up to 2 places), in the 自评表, the project tables, the warnings
and the summary."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from genreport.cli.app import main
from genreport.figures.fmt import money, percent
from genreport.figures.line import Line
from genreport.figures.scoring import Scoring, grade_for
from genreport.figures.tables import ProjectTable
from genreport.pipeline import check_union
from genreport.workspace import PROJECT_TABLES, REPORT, SCORING_TABLE, Workspace, twin_path

REPO = Path(__file__).resolve().parent.parent
SUBMISSION = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"
LIUYANG = REPO / "data" / "2022" / "浏阳市总工会.yaml"
OUT_OF_RANGE = "超出90%～110%的范围"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def expected_grade(shown: str) -> str:
    """The grade a reader gives the printed 总分."""
    value = Decimal(shown)
    return "优" if value >= 90 else "良" if value >= 80 else "中" if value >= 60 else "差"


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def twin_lines(root: Path, year: int, name: str, document: str) -> list[str]:
    path = twin_path(Workspace(root).document_path(year, name, document))
    return path.read_text(encoding="utf-8").splitlines()


def test_a_project_total_shown_as_90_00_is_graded_优(tmp_path):
    # 26.9985 / 30 = 89.995%: shown 90.00%, its score 8.9995 shown 9.00; indicators 81
    text = SUBMISSION.read_text(encoding="utf-8").replace("执行: 28.5\n", "执行: 26.9985\n", 1)
    text = text.replace("{执行: 24.5, 预算: 26, 年初预算: 25}", "{执行: 22.9985, 预算: 26}")
    text = text.replace(
        "完成值: 明显改善, 得分: 30}", "完成值: 明显改善, 得分: 22, 偏差原因: 仍有困难}"
    )
    path = tmp_path / "data" / "2023" / "示例区总工会.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = run("2023", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = twin_lines(tmp_path, 2023, "示例区总工会", PROJECT_TABLES)
    assert "| 年度资金总额 | 25.00 | 30.00 | 27.00 | 10 | 90.00% | 9.00 |" in lines
    assert "| 总分 |  |  |  |  | 100 | 90.00 |  |" in lines
    assert "| 评价等级 |  |  |  |  |  | 优 |  |" in lines
    # the project's rate, shown as 90.00%, is not said to be outside 90%～110%
    assert "执行率为90.00%" not in result.output


def test_a_scoring_table_total_is_shown_rounded_and_graded_as_shown(tmp_path):
    # 98 − 10 + 1.995 = 89.995: shown 90.00 (half-up to 2 places), graded 优; with a score that
    # has decimals every score in the column is printed to 2 places
    text = LIUYANG.read_text(encoding="utf-8").replace(
        "完成值: 95.9%, 得分: 10}", "完成值: 95.9%, 得分: 1.995, 偏差原因: 满意率偏低}"
    )
    path = tmp_path / "data" / "2022" / "浏阳市总工会.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert run("2022", "--root", str(tmp_path)).exit_code == 0
    table = twin_lines(tmp_path, 2022, "浏阳市总工会", SCORING_TABLE)
    assert "| 总分 | 100 |  |  |  |  | 90.00 |  |" in table
    assert "| 评价等级 |  |  |  |  |  | 优 |  |" in table
    assert "| 建议提案办理满意率（10分） | ≥90% | 95.9% | 2.00 | 满意率偏低 |" in "\n".join(table)
    assert "| 资金使用合规性（6分） | 合规 | 合规 | 6.00 |  |" in "\n".join(table)
    report = "\n".join(twin_lines(tmp_path, 2022, "浏阳市总工会", REPORT))
    assert "自评得分90.00分，等级为优" in report
    # the summary shows the same 总分 and 等级
    assert run("汇总", "2022", "--root", str(tmp_path)).exit_code == 0
    summary = (tmp_path / "output" / "2022" / "2022年度部门整体支出绩效自评汇总表.md").read_text(
        encoding="utf-8"
    )
    lines = summary.splitlines()
    header = next(cells(line) for line in lines if line.startswith("| 单位名称 |"))
    row = dict(
        zip(header, next(cells(line) for line in lines if line.startswith("| 浏阳市总工会 |")))
    )
    assert (row["总分"], row["等级"]) == ("90", "优")


def liuyang_with_basic_budget(root: Path, budget: Decimal) -> Path:
    """The bundled 浏阳 file (基本支出 311.20 spent) with another 基本支出 预算."""
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = LIUYANG.read_text(encoding="utf-8")
    assert "  预算: 249.74\n" in text
    path.write_text(text.replace("  预算: 249.74\n", f"  预算: {budget}\n", 1), encoding="utf-8")
    return path


def range_warnings(path: Path) -> list[str]:
    problems = check_union(path, 2022).problems
    return [p.message for p in problems if p.key == "支出.基本支出" and OUT_OF_RANGE in p.message]


def test_a_rate_shown_as_90_00_percent_is_within_90_to_110(tmp_path):
    budget = Decimal("345.7855")  # 311.20 / 345.7855 = 89.99799%, shown 90.00%
    assert Decimal("311.2") * 100 / budget < 90
    assert percent(Decimal("311.2") * 100 / budget) == "90.00%"
    assert range_warnings(liuyang_with_basic_budget(tmp_path, budget)) == []


# --- the rule, across figures near every boundary -----------------------------------------------

BOUNDARIES = [Decimal(b) for b in (60, 80, 90, 100, 110)]
# A figure within 0.01 of a boundary, with the 4 decimals a data file allows
NEAR = st.builds(
    lambda boundary, offset: boundary + Decimal(offset).scaleb(-4),
    st.sampled_from(BOUNDARIES),
    st.integers(-100, 100),
)


@settings(max_examples=300, deadline=None)
@given(NEAR)
def test_a_total_is_graded_as_it_is_printed(total):
    table = Scoring([], Decimal(100), total)
    assert table.grade == expected_grade(money(total))
    assert grade_for(total) == expected_grade(money(total))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), NEAR)
def test_a_project_table_is_graded_as_its_printed_total(rate_units, near):
    # a 预算执行率 anywhere in 0–100% (4 decimals), and indicators that bring the total near a boundary
    rate = Decimal(rate_units).scaleb(-4)
    indicators = (near - rate / 10).quantize(Decimal("0.0001"))
    total = Line("年度资金总额", actual=rate, budget=Decimal(100))
    table = ProjectTable(None, total, [], Scoring([], Decimal(90), indicators))
    shown = money(table.score)
    assert table.grade == expected_grade(shown)
    # the 总分 is the 预算执行率 score as printed plus the indicators (README)
    assert table.score == Decimal(money(table.rate_score)) + indicators


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([Decimal(90), Decimal(110)]), st.integers(-60, 60))
def test_the_range_warning_follows_the_printed_rate(boundary, offset):
    budget = (Decimal("311.2") * 100 / (boundary + Decimal(offset).scaleb(-4))).quantize(
        Decimal("0.0001")
    )
    shown = Decimal(percent(Decimal("311.2") * 100 / budget).rstrip("%"))
    with TemporaryDirectory() as folder:
        warned = bool(range_warnings(liuyang_with_basic_budget(Path(folder), budget)))
    assert warned == (shown < 90 or shown > 110), (budget, shown)


def test_the_score_help_judges_the_suggestion_as_it_is_shown():
    from genreport.checks.score_messages import score_help_message
    from genreport.figures.scoring import ScoredIndicator
    from genreport.figures.suggest import FigureKind, KnownFigure, suggest

    # 执行率 99.9995%: shown 100.00%, so full 分值 as shown; a typed 4.99 is the clerk's judgement
    figure = KnownFigure(
        FigureKind.EXECUTION_RATE, Decimal("99.9995"), Decimal("99.9995"), Decimal(100)
    )
    found = suggest("预算执行率", Decimal(5), "100%", "100%", [figure])
    assert money(found.score) == "5.00"
    typed = ScoredIndicator("预算执行率", Decimal(5), Decimal("4.99"), "100%", "100%", "x", "p")
    assert score_help_message(typed, found) is None
