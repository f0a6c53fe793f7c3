"""Loading: exact decimals, text as typed, lines remembered, YAML's surprises refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genreport.reading.load import load_union


def load(project, text: str):
    return load_union(project(text))


def messages(loaded) -> list[str]:
    return [f"{p.line} {p.key}：{p.message}" for p in loaded.problems]


def test_example_loads_without_problems(project, example_text):
    loaded = load(project, example_text)
    assert loaded.problems == []
    union = loaded.union
    assert union.name == "浏阳市总工会"
    assert union.year == 2022
    assert union.outline == "湖南"
    assert union.expenditure.basic.items["人员经费"].actual == Decimal("302.92")
    assert union.expenditure.basic.items["公用经费"].note == "福利费、工会经费和其他商品和服务支出"
    assert union.expenditure.projects.projects[0].name == "工会规范化建设经费"
    assert union.overview.staff.serving_breakdown == {"行政人员": 8, "事业人员": 14}
    indicator = union.scoring.first[1].second[0].indicators[0]
    assert (indicator.target, indicator.achieved) == ("≥500人次", "800人次")


def test_every_value_remembers_its_line(project, example_text):
    loaded = load(project, example_text)
    assert loaded.line_of("单位名称") == 7
    assert loaded.line_of("支出.基本支出.预算") == 26
    assert loaded.line_of("支出.基本支出.明细.人员经费.执行") == 29
    assert loaded.line_of("自评表.指标[2].二级[1].三级[1].得分") == 113
    # a path that was not written falls back to its nearest written ancestor
    assert loaded.line_of("支出.基本支出.上年") == 25


def test_numbers_are_exact_decimals_and_text_is_kept_as_typed(project):
    loaded = load(
        project,
        "单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  会议费: 52.345\n"
        "自评表:\n  指标:\n    - 一级: 产出指标\n      二级:\n        - 名称: 数量\n"
        "          三级:\n            - {名称: 甲, 分值: 100, 得分: 100, 完成值: 1.50,"
        " 指标值: 010}\n",
    )
    assert loaded.problems == []
    assert loaded.union.expenditure.meetings.actual == Decimal("52.345")
    indicator = loaded.union.scoring.first[0].second[0].indicators[0]
    assert indicator.achieved == "1.50"
    assert indicator.target == "010"


@pytest.mark.parametrize("typed", ["yes", "no", "on", "1:20", "010", "0x1F", "2022-01-01", "~x"])
def test_yaml_implicit_types_stay_text(project, typed):
    loaded = load(project, f"单位名称: 浏阳市总工会\n年度: 2022\n前言: {typed}\n")
    assert loaded.problems == []
    assert loaded.union.preface == typed


def test_leading_zero_is_decimal_not_octal(project):
    loaded = load(project, "单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  会议费: 010\n")
    assert loaded.union.expenditure.meetings.actual == Decimal(10)


def test_python_tags_are_refused(project):
    loaded = load(
        project,
        "单位名称: 浏阳市总工会\n年度: 2022\n前言: !!python/object/apply:os.system ['echo hi']\n",
    )
    assert messages(loaded) == [
        "3 前言：不支持YAML标签“!!python/object/apply:os.system”，请删除它，直接写值。"
    ]


def test_duplicate_keys_are_errors_at_every_level(project):
    loaded = load(
        project, "单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  会议费: 1\n  会议费: 2\n年度: 2023\n"
    )
    assert messages(loaded) == [
        "5 支出.会议费：字段“会议费”重复出现（第4行已写过），请删除或合并其中一个。",
        "6 年度：字段“年度”重复出现（第2行已写过），请删除或合并其中一个。",
    ]


def test_unknown_key_suggests_the_nearest(project):
    loaded = load(project, "单位名字: 浏阳市总工会\n年度: 2022\n")
    assert messages(loaded) == [
        "1 单位名字：未知字段“单位名字”，是否应为“单位名称”？",
        "1 单位名称：缺少“单位名称”，请填写。",
    ]


def test_all_mistakes_of_a_file_are_collected(project):
    loaded = load(
        project,
        "单位名称: 浏阳市总工会\n年度: 二〇二二\n支出:\n  会议费: -3\n"
        "  培训费: 12万元\n  政府采购: {货物: 1.23456}\n",
    )
    assert messages(loaded) == [
        "2 年度：“二〇二二”不是整数，请只填写阿拉伯数字（如 22），不要带单位。",
        "4 支出.会议费：不能为负数（写的是-3），请填写0或正数。",
        "5 支出.培训费：“12万元”不是数字，请只填写阿拉伯数字（如 133.70），不要带“万元”等单位或千分位逗号。",
        "6 支出.政府采购.货物：“1.23456”的小数超过4位，金额以万元为单位，最多保留4位小数。",
    ]


def test_wrong_shapes_are_named(project):
    loaded = load(
        project, "单位名称: [浏阳市总工会]\n年度: 2022\n存在问题: 只有一条\n支出:\n  基本支出: 12\n"
    )
    assert messages(loaded) == [
        "1 单位名称：这里应填写一段文字，但写成了一个列表，若文字以“[”或“- ”开头，请把整段文字用引号括起来。",
        "3 存在问题：这里应填写列表（每项另起一行，以“- ”开头），但写成了一个值，请按说明修改。",
        "5 支出.基本支出：这里应填写“字段: 值”形式的若干行，但写成了一个值，请按说明修改。",
    ]


def test_syntax_error_gives_line_and_advice(project):
    loaded = load(project, "单位名称: 浏阳市总工会\n年度: 2022\n前言: 说明: 冒号\n")
    assert messages(loaded) == [
        "3 ：YAML格式错误：此处不能出现冒号。若文字中含有“: ”，请把整段文字用引号括起来；否则请检查缩进。"
    ]


def test_tab_indentation_is_explained(project):
    loaded = load(project, "单位名称: 浏阳市总工会\n支出:\n\t会议费: 1\n")
    assert messages(loaded) == [
        "3 ：YAML格式错误：含有制表符（Tab）。YAML只能用空格缩进，请把Tab换成空格。"
    ]


def test_anchors_and_aliases_are_refused(project):
    loaded = load(project, "单位名称: &n 浏阳市总工会\n年度: 2022\n前言: *n\n")
    assert messages(loaded) == [
        "1 ：不支持锚点和别名（& 和 *）。请把要重复的内容直接写出来；若文字以 & 或 * 开头，请用引号括起来。"
    ]


def test_gbk_file_is_explained(project):
    path = project("")
    path.write_bytes("单位名称: 浏阳市总工会\n".encode("gbk"))
    loaded = load_union(path)
    assert messages(loaded) == [
        "1 ：文件不是UTF-8编码（看起来是GBK（GB2312）编码）。请用记事本或WPS打开，"
        "选择“另存为”，编码选“UTF-8”后保存，再重新运行。"
    ]


def test_bom_is_accepted(project, example_text):
    path = project("")
    path.write_bytes(b"\xef\xbb\xbf" + example_text.encode("utf-8"))
    assert load_union(path).problems == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "1 ：文件是空的，请至少填写“单位名称”和“年度”。"),
        (
            "- 单位名称\n",
            "1 ：文件最外层应是“字段: 值”的形式（以“单位名称:”“年度:”等开头），而不是列表或单独的一个值。",
        ),
    ],
)
def test_empty_or_not_a_mapping(project, text, message):
    assert messages(load(project, text)) == [message]


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_any_amount_loads_exactly(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("d") / "浏阳市总工会.yaml"
    path.write_text(
        f"单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  会议费: {value}\n", encoding="utf-8"
    )
    loaded = load_union(path)
    assert loaded.problems == []
    assert loaded.union.expenditure.meetings.actual == value


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_quoted_text_survives(tmp_path_factory, text):
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path = tmp_path_factory.mktemp("d") / "浏阳市总工会.yaml"
    path.write_text(f"单位名称: 浏阳市总工会\n年度: 2022\n前言: {quoted}\n", encoding="utf-8")
    loaded = load_union(path)
    assert [p for p in loaded.problems if p.is_error] == []
    assert loaded.union.preface == text
