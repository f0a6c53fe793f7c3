"""控制率 on the 基础数据表 counts the staff on the 编制 only (issue 23, item 3): 劳务派遣 and
社会化工会工作者 in 在职构成 are 在职 but not 编制内, and a rate above 100% is a warning."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main
from genreport.pipeline import check_union
from genreport.workspace import BASIC_DATA, Workspace, twin_path

REPO = Path(__file__).resolve().parent.parent
NANHU = REPO / "data" / "2022" / "南湖新区总工会.yaml"


def problems_of(path: Path) -> list[str]:
    return [
        f"{p.severity.value} {p.line} {p.key}：{p.message}"
        for p in check_union(path, 2022).problems
    ]


def basic_data_rows(root: Path, name: str) -> list[str]:
    result = CliRunner().invoke(main, ["2022", "--root", str(root)])
    assert result.exit_code == 0, result.output
    path = twin_path(Workspace(root).document_path(2022, name, BASIC_DATA))
    return path.read_text(encoding="utf-8").splitlines()[6:9]


def test_nanhu_control_rate_leaves_out_dispatched_and_social_workers(project):
    path = project(NANHU.read_text(encoding="utf-8"), name="南湖新区总工会")
    # 在职 11 = 在编正式职工 4 + 劳务派遣 1 + 社会化工会工作者 6, against 编制 4
    assert basic_data_rows(project.root, "南湖新区总工会") == [
        "| 编制数（人） |  | 4 | 4 |",
        "| 实际在职人数（人，编制内） |  |  | 4 |",
        "| 控制率（在职人数÷编制数） |  |  | 100.00% |",
    ]
    assert not [p for p in problems_of(path) if "控制率" in p]


def test_more_staff_on_the_establishment_than_it_allows_is_a_warning(project, example_text):
    # 岳阳县 2019 published 编制 22 against 实有 26
    text = example_text.replace("    在职: 22\n", "    编制: 22\n    在职: 26\n").replace(
        "{行政人员: 8, 事业人员: 14}", "{行政人员: 10, 事业人员: 16}"
    )
    path = project(text)
    assert [p for p in problems_of(path) if "控制率" in p] == [
        "警告 22 概况.人员.在职：控制率（编制内在职人数÷编制数）为118.18%（26人÷22人），超过100%，"
        "基础数据表将照此显示。请核对“编制”与“在职”；在职人员中如有劳务派遣、社会化工会工作者等编外人员，"
        "请在“在职构成”中分列（如“劳务派遣: 1”），编外人员不计入控制率。"
    ]
    assert basic_data_rows(project.root, "浏阳市总工会") == [
        "| 编制数（人） |  | 22 | 22 |",
        "| 实际在职人数（人） |  |  | 26 |",
        "| 控制率（在职人数÷编制数） |  |  | 118.18% |",
    ]


def test_the_warning_names_the_staff_already_left_out(project, example_text):
    text = example_text.replace("    在职: 22\n", "    编制: 20\n    在职: 26\n").replace(
        "{行政人员: 8, 事业人员: 14}", "{行政人员: 8, 事业人员: 14, 劳务派遣人员: 4}"
    )
    assert [p for p in problems_of(project(text)) if "控制率" in p] == [
        "警告 22 概况.人员.在职：控制率（编制内在职人数÷编制数）为110.00%（22人÷20人），超过100%，"
        "基础数据表将照此显示（已不计编外的劳务派遣人员4人）。请核对“编制”与“在职”；"
        "在职人员中如有劳务派遣、社会化工会工作者等编外人员，"
        "请在“在职构成”中分列（如“劳务派遣: 1”），编外人员不计入控制率。"
    ]


def test_a_rate_shown_as_100_percent_is_not_warned(project, example_text):
    text = example_text.replace("    在职: 22\n", "    编制: 22\n    在职: 22\n")
    assert not [p for p in problems_of(project(text)) if "控制率" in p]
