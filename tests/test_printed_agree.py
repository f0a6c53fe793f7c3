"""What the pages print agrees as printed (issue 23, the rest of items 1 and 10): shares of one whole
that do not add up to 100.00% once rounded say what they add up to; a 总分 that is not the sum of
its 得分 as printed is a warning naming the scores, and the 等级 follows the 总分 as printed; a
自评表 without indicators or without its 年度总体目标 is marked a draft, with check quoting the
same line.

End to end: data files written as a clerk would, `genreport` run on them, the warnings and the
pages (.md twins) read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.pipeline import check_union
from genreport.workspace import PROJECT_TABLES, REPORT, SCORING_TABLE, Workspace, twin_path

REPO = Path(__file__).resolve().parent.parent
SUBMISSION = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def twin(root: Path, year: int, name: str, document: str) -> list[str]:
    path = twin_path(Workspace(root).document_path(year, name, document))
    return path.read_text("utf-8").splitlines()


def warnings_of(path: Path, year: int) -> list[str]:
    return [f"{p.line} {p.key}：{p.message}" for p in check_union(path, year).warnings]


# --- shares of one whole ----------------------------------------------------------------------


def _thirds(example_text: str, outline: str) -> str:
    """The example with its 资金来源 and 功能分类 in three near-equal parts of 358.52 (each share
    33.33% printed, 99.99% together) and its 项目支出 in three projects (33.35% + 33.33% + 33.33%
    of 47.32: 100.01%)."""
    replacements = (
        (
            "    财政拨款: {预算: 277.06, 执行: 358.52}\n    其他资金: {预算: 0, 执行: 0}\n",
            "    财政拨款: {预算: 92.36, 执行: 119.51}\n    上级补助: {预算: 92.35, 执行: 119.51}\n"
            "    其他资金: {预算: 92.35, 执行: 119.50}\n",
        ),
        (
            "    一般公共服务支出: 257.03\n    社会保障和就业支出: 54.17\n    其他支出: 47.32\n",
            "    一般公共服务支出: 119.51\n    社会保障和就业支出: 119.51\n    其他支出: 119.50\n",
        ),
        (
            "      - 名称: 工会规范化建设经费\n        执行: 47.32\n",
            "      - 名称: 工会规范化建设经费\n        执行: 15.78\n      - 名称: 职工帮扶\n"
            "        执行: 15.77\n      - 名称: 劳动竞赛\n        执行: 15.77\n",
        ),
        ("提纲: 长沙\n", ""),
        ("年度: 2022\n", f"年度: 2022\n提纲: {outline}\n"),
    )
    for old, new in replacements:
        example_text = example_text.replace(old, new)
    return example_text


@pytest.mark.parametrize("outline", ["湖南", "长沙", "岳阳", "邵阳"])
def test_shares_printed_as_33_33_three_times_say_they_add_up_to_99_99(
    project, example_text, outline
):
    path = project(_thirds(example_text, outline))
    assert run("2022", "--root", str(project.root), "-j", "1").exit_code == 0
    report = twin(project.root, 2022, "浏阳市总工会", REPORT)
    # each share stays the true share rounded half-up; what they add up to is said beside them
    assert "其他资金119.50万元，占整体支出的33.33%（占比经四舍五入，合计为99.99%）。" in report
    assert "其他支出119.50万元，占整体支出的33.33%（占比经四舍五入，合计为99.99%）。" in report
    assert "上级补助119.51万元，占整体支出的33.33%；" in report
    # 86.80% + 13.20%: no note where the printed shares make 100.00%
    assert "项目支出47.32万元，占整体支出的13.20%。" in report
    assert "\n".join(report).count("合计为") == (3 if outline != "邵阳" else 2)  # 邵阳: no list
    if outline != "邵阳":
        assert "（1）工会规范化建设经费15.78万元，占项目支出的33.35%。" in report
        assert "（以上各项占比经四舍五入，合计为100.01%。）" in report
    # a rounding difference no figure can remove is no warning: the page explains itself
    assert not [w for w in warnings_of(path, 2022) if "占比" in w]


# --- scores typed to 3 or more places ---------------------------------------------------------

SCORES = (
    "自评表:\n  指标:\n"
    "    - 一级: 产出指标\n      二级:\n        - 名称: 数量指标\n          三级:\n"
    "            - {名称: 帮扶困难职工, 分值: 50, 指标值: 完成相关工作任务, 完成值: 按要求完成, "
    "得分: 45.005, 偏差原因: 个别帮扶未按期完成}\n"
    "    - 一级: 效益指标\n      二级:\n        - 名称: 社会效益指标\n          三级:\n"
    "            - {名称: 维护职工权益, 分值: 50, 指标值: 完成相关工作任务, 完成值: 按要求完成, "
    "得分: 44.99, 偏差原因: 个别调解用时较长}\n"
)


def _scored(example_text: str) -> str:
    """The example with a 自评表 of two indicators scored 45.005 and 44.99: 89.995 exactly."""
    head, _, tail = example_text.partition("自评表:\n")
    rest = tail.split("\n")
    keep = [line for line in rest if line and not line.startswith((" ", "#"))]
    return head + SCORES + "\n".join(keep) + "\n"


def test_a_total_of_89_995_prints_every_score_to_2_places_and_is_graded_优(project, example_text):
    """Once a score has decimals, the 自评表 prints every 得分 and the 总分 to 2 places: 45.005
    prints as 45.01 beside 44.99, and they add up to the 总分 printed, 90.00, graded 优."""
    path = project(_scored(example_text))
    assert not [w for w in warnings_of(path, 2022) if "总分" in w]
    assert run("2022", "--root", str(project.root)).exit_code == 0
    table = twin(project.root, 2022, "浏阳市总工会", SCORING_TABLE)
    for row in (
        "| 产出指标 | 50 | 数量指标（50） | 帮扶困难职工（50分） | 完成相关工作任务 | 按要求完成 | 45.01 "
        "| 个别帮扶未按期完成 |",
        "| 效益指标 | 50 | 社会效益指标（50） | 维护职工权益（50分） | 完成相关工作任务 | 按要求完成 "
        "| 44.99 | 个别调解用时较长 |",
        "| 总分 | 100 |  |  |  |  | 90.00 |  |",
        "| 评价等级 |  |  |  |  |  | 优 |  |",
    ):
        assert row in table, row
    report = "\n".join(twin(project.root, 2022, "浏阳市总工会", REPORT))
    assert "2022年度部门整体支出绩效自评得分90.00分，评价等级为“优”。" in report


def test_scores_that_round_apart_from_the_total_are_named_as_the_table_prints_them(
    project, example_text
):
    path = project(_scored(example_text).replace("得分: 44.99", "得分: 44.995"))
    assert [w for w in warnings_of(path, 2022) if "总分" in w] == [
        f"{_line_of(path, '得分: 45.005')} 自评表.指标[1].二级[1].三级[1].得分：自评表的总分：表中"
        "各项得分（保留2位小数）相加为90.01分，而总分显示为90.00分，相差0.01分，等级按显示的总分评为"
        "“优”。这是因为“帮扶困难职工”45.005分（表中为45.01）、“维护职工权益”44.995分（表中为45.00）"
        "填写了2位以上小数，四舍五入后各项与总分对不上；得分填写到2位小数即可避免。"
    ]
    assert run("2022", "--root", str(project.root)).exit_code == 0
    table = twin(project.root, 2022, "浏阳市总工会", SCORING_TABLE)
    assert "| 总分 | 100 |  |  |  |  | 90.00 |  |" in table


def test_a_computed_score_with_decimals_puts_the_whole_column_to_2_places(tmp_path):
    """示例区's 预算执行率 scores 18.73: 30, 28 and 20 print as 30.00, 28.00 and 20.00 beside it;
    浏阳's scores, whole, print as typed."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    assert run("2023", "--root", str(tmp_path), "-j", "1").exit_code in (0, 1)
    table = twin(tmp_path, 2023, "示例区总工会", SCORING_TABLE)
    scores = [row.split(" | ")[6] for row in table[-6:]]
    assert scores == ["18.73", "30.00", "28.00", "20.00", "96.73", "优"]
    assert run("2022", "--root", str(tmp_path), "-j", "1").exit_code in (0, 1)
    table = twin(tmp_path, 2022, "浏阳市总工会", SCORING_TABLE)
    assert "| 总分 | 100 |  |  |  |  | 98 |  |" in table
    assert "| 资金使用合规性（6分） | 合规 | 合规 | 6 |  |" in "\n".join(table)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _project(root: Path, *changes: tuple[str, str]) -> Path:
    text = SUBMISSION.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = root / "data" / "2023" / "示例区总工会.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


VISITS = ("得分: 9, 偏差原因: 两家企业停产", "得分: 8.995, 偏差原因: 两家企业停产")


def test_a_project_table_whose_scores_do_not_add_up_as_printed_names_them(tmp_path):
    """走访企业 8.995 and 受助职工满意度 9.995 print as 9.00 and 10.00: the printed parts add up to
    98.50, the 总分 (9.50 + the exact scores, 98.49) prints as 98.49."""
    path = _project(
        tmp_path,
        VISITS,
        ("完成值: 96%, 得分: 10}", "完成值: 96%, 得分: 9.995, 偏差原因: 个别职工不满意}"),
    )
    assert [w for w in warnings_of(path, 2023) if "总分显示为" in w] == [
        f"{_line_of(path, '得分: 8.995')} 支出.项目支出.项目[1].绩效指标[1].二级[1].三级[2].得分："
        "项目“困难职工帮扶”的总分：项目支出绩效自评表上各项得分为预算执行率9.50＋帮扶人次20.00＋"
        "走访企业9.00＋资金发放及时率20.00＋困难职工生活改善30.00＋受助职工满意度10.00，相加得"
        "98.50分，而总分显示为98.49分，相差0.01分，等级按显示的总分评为“优”。这是因为“走访企业”、"
        "“受助职工满意度”的得分填写了2位以上小数，四舍五入后各项与总分对不上；得分填写到2位小数"
        "即可避免。"
    ]
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    rows = twin(tmp_path, 2023, "示例区总工会", PROJECT_TABLES)
    assert "|  |  | 走访企业 | ≥20家 | 18家 | 10 | 9.00 | 两家企业停产 |" in rows
    assert "| 总分 |  |  |  |  | 100 | 98.49 |  |" in rows
    # 9.50 + 20 + 8.995 + 20 + 21.5 + 10 = 89.995: printed 90.00 and graded 优; the parts as
    # printed (9.00 and 21.50 among them) add up to 90.00: no warning
    path = _project(
        tmp_path,
        VISITS,
        ("明显改善, 得分: 30}", "明显改善, 得分: 21.5, 偏差原因: 部分职工生活改善不明显}"),
    )
    assert not [w for w in warnings_of(path, 2023) if "总分显示为" in w]
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    rows = twin(tmp_path, 2023, "示例区总工会", PROJECT_TABLES)
    assert "| 总分 |  |  |  |  | 100 | 90.00 |  |" in rows
    assert "| 评价等级 |  |  |  |  |  | 优 |  |" in rows


# --- the draft line -----------------------------------------------------------------------------

TARGET = (
    "绩效目标:\n"
    "  年初设定目标: 落实“三高四新”战略，在政治引领、助推发展、服务职工、夯实基层、深化改革上持续用力，"
    "保障工会系统高效运转。\n"
    "  全年完成情况: 工会工作主线突出，服务大局成效明显，产改提质增效，服务职工精准，基层基础夯实。\n"
)


def _draft_lines(root: Path) -> list[str]:
    """The 自评表's lines between its title and the unit's name: its draft line, if any."""
    table = twin(root, 2022, "浏阳市总工会", SCORING_TABLE)
    start = table.index("# 2022年度部门整体支出绩效自评表")
    end = next(i for i, line in enumerate(table) if line.startswith("部门（单位）名称"))
    return [line for line in table[start + 1 : end] if line]


def test_a_scoring_table_without_its_年度总体目标_is_a_draft_and_check_names_the_keys(
    project, example_text
):
    assert TARGET in example_text
    path = project(example_text.replace(TARGET, ""))
    assert (
        "None 绩效目标：没有填写“绩效目标.年初设定目标”和“绩效目标.全年完成情况”，自评表中“年度总体目标”"
        "一行将空白，标题下注明“（草稿：未填写年度总体目标）”。请填写这两项；补填后重新生成，"
        "草稿字样自动去掉。"
    ) in warnings_of(path, 2022)
    assert run("2022", "--root", str(project.root)).exit_code == 0
    assert _draft_lines(project.root) == ["（草稿：未填写年度总体目标）"]


def test_check_quotes_the_draft_line_the_scoring_table_shows(project, example_text):
    """An empty 自评表: check's warning says the table is marked a draft, in the page's words."""
    text = example_text.replace(TARGET, "").split("自评表:\n")[0]
    path = project(text)
    found = {w.split("：")[0]: w for w in warnings_of(path, 2022)}
    # one warning for the draft, naming both what it lacks and the keys that complete it
    assert "None 绩效目标" not in found
    assert found["None 自评表"] == (
        "None 自评表：“自评表”中没有填写指标，也没有填写“绩效目标.年初设定目标”和"
        "“绩效目标.全年完成情况”，自评表将只有上半部分，也无法计算总分和等级，标题下注明"
        "“（草稿：未填写指标、年度总体目标）”。请填写指标和绩效目标；补填后重新生成，草稿字样自动去掉。"
    )
    assert run("2022", "--root", str(project.root)).exit_code == 0
    assert _draft_lines(project.root) == ["（草稿：未填写指标、年度总体目标）"]


def test_a_half_blank_年度总体目标_row_is_a_draft_naming_the_blank_cell(project, example_text):
    """A row with its 年初设定目标 but no 全年完成情况 is returned by a reviewer as readily as an
    empty one: the draft line and check name the blank cell and its key."""
    achieved = TARGET.splitlines(keepends=True)[-1]
    assert achieved.startswith("  全年完成情况:")
    path = project(example_text.replace(achieved, ""))
    assert (
        "61 绩效目标：没有填写“绩效目标.全年完成情况”，自评表中“全年完成情况”一格将空白，"
        "标题下注明“（草稿：未填写全年完成情况）”。请填写这一项；补填后重新生成，草稿字样自动去掉。"
    ) in warnings_of(path, 2022)
    assert run("2022", "--root", str(project.root)).exit_code == 0
    assert _draft_lines(project.root) == ["（草稿：未填写全年完成情况）"]
