"""The documents state only what the data file holds: an absent key is unknown, never 0 or 无; a
partial amount states what it gives; every heading has something under it; shares name their base."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from genreport.cli.app import main
from genreport.documents.wording import sentence, without_lead_in
from genreport.pipeline import check_union
from genreport.workspace import BASIC_DATA, REPORT, Workspace, twin_path
from test_render import UNIONS, make_project, text_of


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("project"))
    for year in (2019, 2022, 2023):
        result = CliRunner().invoke(main, [str(year), "--root", str(root)])
        assert result.exit_code == 0, result.output
    return root


def report_text(root: Path, year: int, name: str) -> str:
    return text_of(Workspace(root).document_path(year, name, REPORT))


def test_sections_the_seed_is_silent_on_are_placeholders_not_none(rendered):
    text = report_text(rendered, 2022, "南湖新区总工会")
    for placeholder in ["项目支出：（未填写）", "“三公”经费：（未填写）", "政府采购：（未填写）"]:
        assert placeholder in text
    for invented in ["无项目支出", "无“三公”经费", "无政府采购", "项目支出0.00", "占0.00%"]:
        assert invented not in text
    # with 项目支出 unknown, 基本支出 is not said to be 100% of the whole
    assert "其中：基本支出63.11万元，占100.00%" not in text


def test_check_names_each_required_key_the_file_leaves_out(rendered):
    result = check_union(
        rendered / "data/2022/南湖新区总工会.yaml", 2022, ["岳阳"], Workspace(rendered)
    )
    unfilled = [f"{p.key}：{p.message}" for p in result.warnings if "“（未填写）”" in p.message]
    assert unfilled == [
        "支出.项目支出：报告提纲中的这一部分需要“支出.项目支出”，但文件中没有填写，报告中将显示"
        "“（未填写）”。请填写；确实没有的，写“项目: []”。",
        "支出.三公经费：报告提纲中的这一部分需要“支出.三公经费”，但文件中没有填写，报告中将显示"
        "“（未填写）”。请填写；确实没有的，各项都填0。",
        "支出.政府采购：报告提纲中的这一部分需要“支出.政府采购”，但文件中没有填写，报告中将显示"
        "“（未填写）”。请填写；确实没有的，货物、工程、服务都填0。",
    ]


def test_a_zero_or_empty_list_written_by_the_clerk_renders_the_none_sentence(rendered):
    text = report_text(rendered, 2022, "零陵区总工会")
    assert "2022年度零陵区总工会无项目支出。" in text  # 项目: []
    # a part stated as none adds no budget: the whole's budget and rate still stand
    assert "部门整体支出482.96万元，全年预算130.31万元，执行率370.62%。" in text
    assert "2022年度零陵区总工会无政府性基金预算支出。" in text  # 政府性基金预算支出: 0
    warnings = check_union(
        rendered / "data/2022/零陵区总工会.yaml", 2022, None, Workspace(rendered)
    ).warnings
    assert not [w for w in warnings if w.key.startswith("支出.项目支出")]


def test_a_budget_only_amount_states_its_budget_and_no_actual(rendered):
    result = check_union(rendered / "data/2019/北塔区总工会.yaml", 2019, None, Workspace(rendered))
    assert result.errors == []
    assert not [w for w in result.warnings if "三公" in w.key]
    text = report_text(rendered, 2019, "北塔区总工会")
    assert (
        "“三公”经费：2019年度“三公”经费预算0.15万元，预算比上年减少1.20万元，下降88.89%。"
        "全部为公务接待费，公务接待费变动的主要原因是贯彻中央八项规定精神，厉行节约。"
    ) in text
    assert "实际支出0.15" not in text
    assert "项目支出" not in text  # not in the file, and not required by 邵阳


def test_budget_only_line_with_its_last_years_budget(project):
    text = (
        "单位名称: 北塔区总工会\n年度: 2019\n支出:\n  三公经费:\n"
        "    公务接待费: {预算: 0.15, 上年预算: 1.35}\n存在问题: [无]\n"
    )
    result = check_union(project(text, "北塔区总工会", 2019), 2019)
    assert result.errors == []
    line = result.view.three_public.reception
    assert (line.actual, line.execution_rate, line.change) == (None, None, None)
    assert line.budget_change.amount == Decimal("-1.20")


def test_a_blank_figure_is_still_an_error(project):
    text = "单位名称: 北塔区总工会\n年度: 2019\n支出:\n  会议费:\n    执行:\n    预算: 1\n"
    result = check_union(project(text, "北塔区总工会", 2019), 2019)
    assert [p.message for p in result.errors] == ["“执行”还没有填写数值，请填写。"]


def test_an_amount_summed_into_the_whole_needs_its_actual(project):
    text = (
        "单位名称: 北塔区总工会\n年度: 2019\n支出:\n  基本支出:\n    明细:\n"
        "      人员经费: {预算: 10}\n"
    )
    result = check_union(project(text, "北塔区总工会", 2019), 2019)
    assert [(p.key, p.message) for p in result.errors] == [
        (
            "支出.基本支出.明细.人员经费",
            "缺少“执行”，请填写。这笔金额要合计到整体支出中，必须有执行数。",
        )
    ]


@pytest.mark.parametrize("year, name", UNIONS)
def test_no_heading_stands_without_content_and_headings_are_word_headings(rendered, year, name):
    paragraphs = [
        p for p in Document(str(Workspace(rendered).document_path(year, name, REPORT))).paragraphs
    ]
    levels = [
        int(p.style.name.split()[-1]) if p.style.name.startswith("Heading") else None
        for p in paragraphs
    ]
    assert levels.count(1) >= 5  # the outline is in Word's navigation pane
    for index, level in enumerate(levels):
        if level is None:
            continue
        rest = [lv for lv, p in zip(levels[index + 1 :], paragraphs[index + 1 :]) if p.text]
        following = rest[0] if rest else 1
        assert following is None or following > level, (
            f"{paragraphs[index].text} has nothing under it"
        )


def test_one_item_lists_carry_no_number_and_shares_name_their_base(rendered):
    text = report_text(rendered, 2022, "浏阳市总工会")
    lines = text.splitlines()
    # 长沙 三: each 标题 has one 要点, written without “1．”
    assert (
        "组织学习党的二十大精神，举办职工书法篆刻作品展等活动 10 余场，建设职工书屋 5 家。" in lines
    )
    assert "工会规范化建设经费47.32万元。" in lines  # the only project: no (1), no 100%
    assert "（1）人员经费302.92万元，占基本支出的97.34%" in text
    assert "基本支出311.20万元，占整体支出的86.80%。其中：" in lines
    # 长沙 六 numbers its two halves apart, their items 1．2．
    six = lines[
        lines.index("六、存在的主要问题、改进措施和有关建议") : lines.index(
            "七、部门整体支出绩效评价等级"
        )
    ]
    assert [line[:3] if line[0] == "（" else line[:2] for line in six if line[:1] in "（12"] == [
        "（一）",
        "1．",
        "2．",
        "（二）",
        "1．",
        "2．",
    ]


def test_lead_in_lines_keep_with_what_they_introduce(rendered):
    document = Document(str(Workspace(rendered).document_path(2022, "浏阳市总工会", REPORT)))
    lead_ins = [p for p in document.paragraphs if p.text.endswith("其中：")]
    assert lead_ins
    for paragraph in lead_ins:
        assert paragraph.style.name == "引导段"
        assert paragraph.style.paragraph_format.keep_with_next


def test_deviation_reasons_are_not_repeated_where_causes_are_given(rendered):
    text = report_text(rendered, 2022, "零陵区总工会")
    seven = text[text.index("七、存在的问题及原因分析") : text.index("八、")]
    assert seven.count("人员调整") == 1  # in 原因分析 only
    assert "（三）人员经费全年执行133.70万元，较预算增加8.70万元。" in text


@pytest.mark.parametrize(
    "given, shown",
    [
        ("开展“职工之家”建设", "开展“职工之家”建设。"),
        ("开展“职工之家”", "开展“职工之家”。"),
        ("他说：“按时完成。”", "他说：“按时完成。”"),
        ("（详见附件。）", "（详见附件。）"),
        ("获评《湖南工人报》", "获评《湖南工人报》。"),
        ("完成任务；", "完成任务；"),
        ("完成任务，", "完成任务。"),
    ],
)
def test_a_sentence_is_closed_after_a_quoted_term(given, shown):
    assert sentence(given) == shown


def test_a_note_loses_the_lead_in_the_template_writes():
    assert without_lead_in("主要用于职工维权、帮扶等。") == "职工维权、帮扶等"
    assert without_lead_in("主要包括：工资、津贴") == "工资、津贴"
    assert without_lead_in("用于") == "用于"


def test_three_public_with_an_item_left_out_states_no_total(project):
    """益阳's published 基础数据表 gives only the 公务用车 line: no 三公 total can be stated."""
    text = (
        "单位名称: 北塔区总工会\n年度: 2019\n支出:\n  三公经费:\n    因公出国（境）费: 0\n"
        "    公务用车购置及运行维护费: {执行: 2.74, 预算: 7, 上年: 3.33}\n存在问题: [无]\n"
    )
    path = project(text, "北塔区总工会", 2019)
    checked = check_union(path, 2019)
    assert [(p.key, p.message) for p in checked.warnings if p.key == "支出.三公经费"] == [
        (
            "支出.三公经费",
            "“三公”经费中没有填写“公务接待费”，无法得出“三公”经费合计：报告中这几项将显示"
            "“（未填写）”，基础数据表中合计一行空白。请填写；确实没有的，填0。",
        )
    ]
    result = CliRunner().invoke(main, ["2019", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    report = report_text(project.root, 2019, "北塔区总工会")
    assert (
        "“三公”经费：公务用车购置及运行维护费2.74万元，比上年减少0.59万元，下降17.72%，"
        "预算7.00万元；无因公出国（境）费支出；公务接待费（未填写）。"
    ) in report
    assert "全部为" not in report and "“三公”经费预算" not in report
    basic = Workspace(project.root).document_path(2019, "北塔区总工会", BASIC_DATA)
    lines = twin_path(basic).read_text(encoding="utf-8").splitlines()
    assert "| 3．“三公”经费 |  |  |  |" in lines
    assert "| 公务用车购置和维护经费 | 3.33 | 7.00 | 2.74 |" in lines

    # all three written: the total and its one non-zero item, as before
    none = "{执行: 0, 预算: 0, 上年: 0}"
    complete = text.replace("因公出国（境）费: 0", f"因公出国（境）费: {none}")
    path.write_text(
        complete.replace("存在问题", f"    公务接待费: {none}\n存在问题"), encoding="utf-8"
    )
    assert not [p for p in check_union(path, 2019).warnings if p.key == "支出.三公经费"]
    assert CliRunner().invoke(main, ["2019", "--root", str(project.root)]).exit_code == 0
    report = report_text(project.root, 2019, "北塔区总工会")
    assert (
        "“三公”经费：2019年度“三公”经费预算7.00万元，实际支出2.74万元，比上年减少0.59万元，"
        "下降17.72%。全部为公务用车购置及运行维护费。"
    ) in report
