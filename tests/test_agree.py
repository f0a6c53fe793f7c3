"""What the pages show agrees (issue 23, items 1, 2, 4 and 11): printed parts add up to their
printed total or check says which input breaks it; one label per figure; the 自评表 shows one
执行率; each project table has one score format, its sources' own 执行率, a warning for missing
资金来源, and check --scores lists its indicators."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.pipeline import check_union
from genreport.workspace import (
    BASIC_DATA,
    PROJECT_TABLES,
    REPORT,
    SCORING_TABLE,
    Workspace,
    twin_path,
)

REPO = Path(__file__).resolve().parent.parent
SUBMISSION = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def twin(root: Path, year: int, name: str, document: str) -> list[str]:
    return (
        twin_path(Workspace(root).document_path(year, name, document))
        .read_text("utf-8")
        .splitlines()
    )


def warnings_of(path: Path, year: int) -> list[str]:
    return [f"{p.line} {p.key}：{p.message}" for p in check_union(path, year).warnings]


# --- item 1: parts that do not add up as printed ----------------------------------------------


def _three_decimals(example_text: str) -> str:
    """The example with 基本支出 typed to 3 decimals (150.555 + 52.345 = 202.90 exactly), its
    资金来源 and 功能分类 made to agree with the new whole."""
    text = example_text.replace("        执行: 302.92\n", "        执行: 150.555\n")
    text = text.replace("        执行: 8.28\n", "        执行: 52.345\n")
    text = text.replace("{预算: 277.06, 执行: 358.52}", "{预算: 277.06, 执行: 250.22}")
    return text.replace("一般公共服务支出: 257.03", "一般公共服务支出: 148.73")


def test_parts_typed_to_three_decimals_get_a_warning_naming_both_and_the_total(
    project, example_text
):
    path = project(_three_decimals(example_text))
    assert check_union(path, 2022).errors == []
    assert (
        "29 支出.基本支出.明细.人员经费.执行：基本支出的执行数：文档上各项为人员经费150.56＋"
        "公用经费52.35，相加得202.91万元，而基本支出显示为202.90万元，相差0.01万元。这是因为"
        "“支出.基本支出.明细.人员经费.执行”、“支出.基本支出.明细.公用经费.执行”填写了2位以上小数，"
        "四舍五入后各项与合计对不上；金额填写到2位小数（如150.56）即可避免。"
    ) in warnings_of(path, 2022)


def test_changes_on_last_year_that_do_not_add_up_as_printed_warn(project, example_text):
    # 150.555 − 143.55 = 7.005 (shown +7.01), 52.345 − 38 = 14.345 (+14.35); the whole part's
    # change is 21.35 exactly: printed +7.01 + 14.35 beside 增加21.35
    text = _three_decimals(example_text)
    text = text.replace("        执行: 150.555\n", "        执行: 150.555\n        上年: 143.55\n")
    text = text.replace("        执行: 52.345\n", "        执行: 52.345\n        上年: 38\n")
    found = [w for w in warnings_of(project(text), 2022) if "比上年增减额" in w]
    assert found == [
        "29 支出.基本支出.明细.人员经费.执行：基本支出的比上年增减额：文档上各项为人员经费+7.01＋"
        "公用经费+14.35，相加得+21.36万元，而基本支出显示为+21.35万元，相差0.01万元。这是因为"
        "“支出.基本支出.明细.人员经费.执行”、“支出.基本支出.明细.公用经费.执行”填写了2位以上小数，"
        "四舍五入后各项与合计对不上；金额填写到2位小数（如150.56）即可避免。"
    ]


def test_amounts_to_two_decimals_never_get_the_rounding_warning(project, example_text):
    assert not [w for w in warnings_of(project(example_text), 2022) if "四舍五入后" in w]


# --- item 2: two 支出总额 ----------------------------------------------------------------------


@pytest.mark.parametrize("outline", ["湖南", "长沙", "岳阳", "邵阳"])
def test_no_document_calls_two_figures_支出总额(tmp_path, outline):
    """雁峰 2023 states 部门整体支出 122.58 and an all-funds 收支总额 支出 of 261.20: each has its own
    label in every outline's report and in the tables, and neither is called 支出总额."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    path = tmp_path / "data" / "2023" / "雁峰区总工会.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("单位名称: 雁峰区总工会\n", f"单位名称: 雁峰区总工会\n提纲: {outline}\n")
    )
    assert run("2023", "--root", str(tmp_path), "--union", "雁峰区总工会").exit_code == 0
    lines = [
        line
        for document in (REPORT, SCORING_TABLE, BASIC_DATA)
        for line in twin(tmp_path, 2023, "雁峰区总工会", document)
    ]
    text = "\n".join(lines).replace("政府采购支出总额", "")
    assert "支出总额" not in text
    # 邵阳's outline has no 收支总额 sentence (whether it should is issue 23's item 7)
    assert all("全部资金支出261.20万元" in line for line in lines if "261.20" in line)
    assert ("全部资金支出261.20万元" in text) == (outline != "邵阳")
    assert "部门整体支出122.58万元" in text
    assert "| 部门整体支出（万元） | 127.13 |  | 122.58 |" in lines


# --- item 4: the 自评表 shows one 执行率 --------------------------------------------------------

OTHER_RATE = (
    "{名称: 预算执行管理, 三级: [{名称: 根据财政管理工作绩效考核相关办法规定填报, 分值: 4, "
    "完成值: 100%, 得分: 3}]}",
    "{名称: 预算执行管理, 三级: [{名称: 预算执行率, 分值: 4, 完成值: 97.13%, 得分: 3, "
    "偏差原因: 执行偏差}]}",
)


def test_a_typed_rate_other_than_the_tables_is_an_error_and_no_document_is_made(
    project, example_text
):
    path = project(example_text.replace(*OTHER_RATE))
    errors = [f"{p.key}：{p.message}" for p in check_union(path, 2022).errors]
    assert errors == [
        "自评表.指标[1].二级[2].三级[1].完成值：“预算执行率”完成值为97.13%，但程序按整体支出"
        "执行358.52万元、预算277.06万元计算的预算执行率为129.40%，请改正完成值。"
        "按分值×预算执行率（最高100%）应得4.00分，填写的是3分。自评表上方“执行率”一栏显示"
        "129.40%，同一张表不能有两个执行率：请把完成值改为129.40%，或删去“完成值”由程序填入。"
    ]
    result = run("2022", "--root", str(project.root))
    assert result.exit_code == 1
    assert not Workspace(project.root).document_path(2022, "浏阳市总工会", SCORING_TABLE).exists()


def test_an_empty_完成值_of_the_rate_indicator_shows_the_computed_rate(project, example_text):
    project(example_text.replace(OTHER_RATE[0], OTHER_RATE[1].replace("完成值: 97.13%, ", "")))
    assert run("2022", "--root", str(project.root)).exit_code == 0
    lines = twin(project.root, 2022, "浏阳市总工会", SCORING_TABLE)
    assert "| 合计 | 277.06 | 358.52 | 129.40% |" in lines
    assert "|  |  | 预算执行管理（4） | 预算执行率（4分） |  | 129.40% | 3 | 执行偏差 |" in lines


# --- item 11: project tables ------------------------------------------------------------------


def _submission(root: Path, text: str | None = None) -> Path:
    path = root / "data" / "2023" / "示例区总工会.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text or SUBMISSION.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_project_table_shows_scores_in_one_format_and_each_sources_rate(tmp_path):
    _submission(tmp_path)
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    lines = twin(tmp_path, 2023, "示例区总工会", PROJECT_TABLES)
    rows = [line for line in lines if line.startswith("| ")]
    # the 得分 column: 9.50 (computed), 20.00, 9.00 … (typed) and 98.50, never 20 beside 98.50
    for row in [
        "| 年度资金总额 | 25.00 | 30.00 | 28.50 | 10 | 95.00% | 9.50 |",
        "| 其中：当年财政拨款 | 25.00 | 26.00 | 24.50 | — | 94.23% | — |",
        "| 上年结转资金 |  | 4.00 | 4.00 | — | 100.00% | — |",
        "| 产出指标 | 数量指标 | 帮扶人次 | ≥300人次 | 320人次 | 20 | 20.00 |  |",
        "|  |  | 走访企业 | ≥20家 | 18家 | 10 | 9.00 | 两家企业停产 |",
        "| 总分 |  |  |  |  | 100 | 98.50 |  |",
    ]:
        assert row in rows, row


def test_a_project_table_without_资金来源_is_a_warning_naming_the_key(tmp_path):
    text = SUBMISSION.read_text(encoding="utf-8")
    sources = "        资金来源:\n          当年财政拨款: {执行: 24.5, 预算: 26, 年初预算: 25}\n"
    sources += "          上年结转: {执行: 4, 预算: 4}\n"
    assert sources in text
    path = _submission(tmp_path, text.replace(sources, ""))
    assert (
        "16 支出.项目支出.项目[1].资金来源：项目“困难职工帮扶”没有填写“资金来源”，项目支出绩效自评表中"
        "当年财政拨款、上年结转资金、其他资金三行将空白。请填写（各来源的预算、执行合计应等于项目的"
        "预算、执行）；确实没有的来源，填0。"
    ) in warnings_of(path, 2023)


def test_check_scores_lists_the_project_indicators(tmp_path):
    _submission(tmp_path)
    result = run("check", "2023", "--root", str(tmp_path), "--scores")
    lines = result.output.splitlines()
    assert "示例区总工会：项目“困难职工帮扶”绩效指标得分建议（财预〔2020〕10号）" in lines
    assert any(
        line.split()[:6] == ["走访企业", "≥20家", "18家", "10", "9.00", "9.00"] for line in lines
    )


def test_check_scores_quotes_the_scoring_table_scores_as_the_table_prints_them(tmp_path):
    """示例区's 自评表 prints 30.00 beside the computed 18.73: so does `check --scores`."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    lines = run("check", "2023", "--root", str(tmp_path), "--scores").output.splitlines()
    start = lines.index("示例区总工会：自评表得分建议（财预〔2020〕10号）")
    assert [line.split()[:5] for line in lines[start + 2 : start + 4]] == [
        [
            "预算执行率",
            "20",
            "18.73",
            "18.73",
            "分值×预算执行率（最高100%）；程序计算的预算执行率为93.67%",
        ],
        ["帮扶困难职工", "≥300人次", "320人次", "30", "30.00"],
    ]
