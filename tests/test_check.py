"""Checks: each contract error planted in a copy of the example fires with file, line and key;
the example itself stays quiet but for its honest warnings."""

from __future__ import annotations

import pytest

from genreport.pipeline import check_union


def problems_of(path) -> list[str]:
    return [
        f"{p.severity.value} {p.line} {p.key}：{p.message}"
        for p in check_union(path, 2022).problems
    ]


# The 基础数据表 rows a missing key leaves blank (issue 23 item 8), each a warning naming the key
BLANK = {
    "三公": "支出.三公经费：没有填写“支出.三公经费”，基础数据表中“三公”经费各行将空白。"
    "请填写；确实没有的，各项都填0。",
    "政府采购": "支出.政府采购：没有填写“支出.政府采购”，基础数据表中政府采购金额一行将空白。"
    "请填写；确实没有的，货物、工程、服务都填0。",
    "编制": "概况.人员.编制：没有填写“概况.人员.编制”，基础数据表中编制数和控制率两行将空白。"
    "请填写核定编制人数。",
    "公用经费": "支出.基本支出.明细.公用经费：没有填写“支出.基本支出.明细.公用经费”，"
    "基础数据表中“其中：公用经费”一行将空白。请填写：在基本支出明细中列出“公用经费”（一般商品和服务支出）。",
    "厉行节约": "厉行节约：没有填写“厉行节约”，基础数据表中厉行节约保障措施一栏将空白。"
    "请填写本单位的厉行节约保障措施。",
}


def test_example_has_only_its_warnings(project, example_text):
    assert problems_of(project(example_text)) == [
        f"警告 20 {BLANK['编制']}",
        "警告 25 支出.基本支出：执行率为124.61%（执行311.20万元，预算249.74万元），超出90%～110%的范围，"
        "请在“偏差原因”中说明原因。",
        "警告 34 支出.项目支出：执行率为173.21%（执行47.32万元，预算27.32万元），超出90%～110%的范围，"
        "请在“偏差原因”中说明原因。",
        "警告 102 自评表.指标[1].二级[2].三级[1].得分：得分3低于分值4，请在“偏差原因”中说明扣分原因。",
        "警告 134 自评表.指标[3].二级[2].三级[1].得分：得分6低于分值7，请在“偏差原因”中说明扣分原因。",
        f"警告 None {BLANK['厉行节约']}",
    ]


def test_reasons_silence_the_warnings(project, example_text):
    text = example_text.replace(
        "    预算: 249.74\n", "    预算: 249.74\n    偏差原因: 年中追加人员经费\n"
    )
    text = text.replace("    预算: 27.32\n", "    预算: 27.32\n    偏差原因: 追加规范化建设经费\n")
    text = text.replace(
        "分值: 4, 完成值: 100%, 得分: 3}", "分值: 4, 完成值: 100%, 得分: 3, 偏差原因: 执行进度偏慢}"
    )
    text = text.replace(
        "完成值: 按要求完成, 得分: 6}", "完成值: 按要求完成, 得分: 6, 偏差原因: 能耗未达标}"
    )
    assert problems_of(project(text)) == [
        f"警告 20 {BLANK['编制']}",
        f"警告 None {BLANK['厉行节约']}",
    ]


# Each row: what to replace in the example, with what, and the one error that must follow.
PLANTED = [
    pytest.param(
        "年度: 2022\n",
        "年度: 2021\n",
        "错误 8 年度：年度为2021，但文件放在2022文件夹中。请改正“年度”，或把文件移到2021文件夹。",
        id="year-folder",
    ),
    pytest.param(
        "单位名称: 浏阳市总工会",
        "单位名称: 浏阳县总工会",
        "错误 7 单位名称：单位名称为“浏阳县总工会”，与文件名“浏阳市总工会”不一致。"
        "请把文件改名为“浏阳县总工会.yaml”，或改正单位名称。",
        id="name-file",
    ),
    pytest.param(
        "  基本支出:\n",
        "  基本支出:\n    上年: 1\n  基本支出:\n",
        "错误 27 支出.基本支出：字段“基本支出”重复出现（第25行已写过），请删除或合并其中一个。",
        id="duplicate-key",
    ),
    pytest.param(
        "  人员:\n",
        "  人员信息:\n",
        "错误 20 概况.人员信息：未知字段“人员信息”，是否应为“人员”？",
        id="unknown-key",
    ),
    pytest.param(
        "    在职: 22\n",
        "    在职: 二十二\n",
        "错误 21 概况.人员.在职：“二十二”不是整数，请只填写阿拉伯数字（如 22），不要带单位。",
        id="wrong-type",
    ),
    pytest.param(
        "执行: 8.28",
        "执行: -8.28",
        "错误 32 支出.基本支出.明细.公用经费.执行：不能为负数（写的是-8.28），请填写0或正数。",
        id="negative",
    ),
    pytest.param(
        "分值: 3, 指标值: ≥500人次, 完成值: 800人次, 得分: 3}",
        "分值: 3, 指标值: ≥500人次, 完成值: 800人次, 得分: 4}",
        "错误 113 自评表.指标[2].二级[1].三级[1].得分：得分4高于分值3，得分不能超过分值，请改正。",
        id="score-over-weight",
    ),
    pytest.param(
        "    - 一级: 投入管理指标\n",
        "    - 一级: 投入管理指标\n      权重: 31\n",
        "错误 100 自评表.指标[1].权重：填写的权重为31，但其下各项分值合计为30。"
        "请改正，或删除“权重”由程序自动合计。",
        id="stated-weight",
    ),
    pytest.param(
        ["    预算: 27.32\n", "        执行: 47.32\n"],
        ["    预算: 27.32\n    上年: 40\n", "        执行: 47.32\n        上年: 41\n"],
        "错误 36 支出.项目支出.上年：填写的上年数为40.00万元，但其下各项合计为41.00万元。"
        "请改正，或删除这一项由程序自动合计。",
        id="stated-last-year",
    ),
    pytest.param(
        "        - 名称: 数量指标\n",
        "        - 名称: 数量指标\n          权重: 6\n",
        None,
        id="stated-weight-agrees",
    ),
    pytest.param(
        "    财政拨款: {预算: 277.06, 执行: 358.52}",
        "    财政拨款: {预算: 277.06, 执行: 358.50}",
        "错误 40 支出.资金来源：资金来源各项执行数合计358.50万元，与整体支出（基本支出＋项目支出）"
        "358.52万元不一致，请核对。",
        id="funding-actual",
    ),
    pytest.param(
        "    财政拨款: {预算: 277.06, 执行: 358.52}",
        "    财政拨款: {预算: 270, 执行: 358.52}",
        "错误 40 支出.资金来源：资金来源各项预算数合计270.00万元，与整体支出预算277.06万元不一致，请核对。",
        id="funding-budget",
    ),
    pytest.param(
        "    社会保障和就业支出: 54.17",
        "    社会保障和就业支出: 54.71",
        "错误 43 支出.功能分类：功能分类各项执行数合计359.06万元，与整体支出（基本支出＋项目支出）"
        "358.52万元不一致，请核对。",
        id="functional",
    ),
    pytest.param(
        "{行政人员: 8, 事业人员: 14}",
        "{行政人员: 8, 事业人员: 13}",
        "错误 22 概况.人员.在职构成：在职构成合计21人，与在职人数22人不一致，请核对。",
        id="staff",
    ),
    pytest.param(
        "{名称: 预算编审管理, 三级: [{名称: 根据财政管理工作绩效考核相关办法规定填报, 分值: 3,",
        "{名称: 预算编审管理, 三级: [{名称: 根据财政管理工作绩效考核相关办法规定填报, 分值: 5,",
        "错误 98 自评表.指标：全部三级指标的分值合计为102分，应为100分，请调整“分值”。",
        id="weights-100",
    ),
    pytest.param(
        "支出:\n",
        "支出:\n  预算: 300\n",
        "错误 25 支出.预算：填写的预算为300.00万元，但其下各项合计为277.06万元。"
        "请改正，或删除这一项由程序自动合计。",
        id="stated-total",
    ),
    pytest.param(
        "年度: 2022\n",
        "年度: 2022\n前言: {{ 7*7 }}: 是\n",
        "错误 9 ：YAML格式错误：此处不能出现冒号。若文字中含有“: ”，请把整段文字用引号括起来；否则请检查缩进。",
        id="malformed",
    ),
]


@pytest.mark.parametrize("old, new, expected", PLANTED)
def test_planted_error(project, example_text, old, new, expected):
    text = example_text
    for before, after in zip(*((old, new) if isinstance(old, list) else ([old], [new]))):
        assert before in text
        text = text.replace(before, after, 1)
    found = [p for p in problems_of(project(text)) if p.startswith("错误")]
    assert found == ([expected] if expected else [])


def test_budget_zero_with_spending_warns(project):
    text = (
        "单位名称: 浏阳市总工会\n年度: 2022\n存在问题: [无]\n支出:\n  培训费: {执行: 3, 预算: 0}\n"
    )
    assert problems_of(project(text)) == [
        f"警告 4 {BLANK['三公']}",
        f"警告 4 {BLANK['政府采购']}",
        "警告 5 支出.培训费：预算为0，实际执行3.00万元，请在“偏差原因”中说明原因。",
        "警告 None 自评表：“自评表”中没有填写指标，也没有填写“绩效目标.年初设定目标”和"
        "“绩效目标.全年完成情况”，自评表将只有上半部分，也无法计算总分和等级，标题下注明"
        "“（草稿：未填写指标、年度总体目标）”。请填写指标和绩效目标；补填后重新生成，草稿字样自动去掉。",
        f"警告 None {BLANK['编制']}",
        f"警告 None {BLANK['厉行节约']}",
    ]


def test_empty_problems_list_warns(project):
    text = "单位名称: 浏阳市总工会\n年度: 2022\n"
    assert problems_of(project(text)) == [
        "警告 None 存在问题：“存在问题”为空。财政部门要求如实分析存在的问题，请至少填写一条。",
        "警告 None 自评表：“自评表”中没有填写指标，也没有填写“绩效目标.年初设定目标”和"
        "“绩效目标.全年完成情况”，自评表将只有上半部分，也无法计算总分和等级，标题下注明"
        "“（草稿：未填写指标、年度总体目标）”。请填写指标和绩效目标；补填后重新生成，草稿字样自动去掉。",
        *(f"警告 None {BLANK[key]}" for key in ("三公", "政府采购", "编制", "厉行节约")),
    ]


def test_items_with_explained_deviations_explain_their_total(project):
    text = (
        "单位名称: 浏阳市总工会\n年度: 2022\n存在问题: [无]\n支出:\n  基本支出:\n    明细:\n"
        "      甲: {执行: 20, 预算: 10, 偏差原因: 追加}\n      乙: {执行: 10, 预算: 10}\n"
        "      丙: {执行: 5, 预算: 1}\n"
    )
    assert [p for p in problems_of(project(text)) if "执行率为" in p] == [
        "警告 5 支出.基本支出：执行率为166.67%（执行35.00万元，预算21.00万元），超出90%～110%的范围，"
        "请在“偏差原因”中说明原因。",
        "警告 9 支出.基本支出.明细.丙：执行率为500.00%（执行5.00万元，预算1.00万元），超出90%～110%的范围，"
        "请在“偏差原因”中说明原因。",
    ]
    quiet = text.replace("{执行: 5, 预算: 1}", "{执行: 5, 预算: 1, 偏差原因: 新增}")
    assert [p for p in problems_of(project(quiet)) if "执行率" in p] == []


# --- scoring help by 财预〔2020〕10号 (issue 14) ---------------------------------------------

HELP = [
    pytest.param(
        "完成值: 800人次, 得分: 3",
        "完成值: 400人次, 得分: 3",
        "警告 113 自评表.指标[2].二级[1].三级[1].得分：“组织开展困难职工帮扶”完成值400人次未达到"
        "指标值≥500人次，按完成比例（3×400÷500，财预〔2020〕10号第十六条）应得2.40分，"
        "填写的是3分。请核对得分。",
        id="target-missed",
    ),
    pytest.param(
        "{名称: 资金使用合规性, 分值: 6, 指标值: 合规, 完成值: 合规, 得分: 6}",
        "{名称: 预算执行率, 分值: 6, 指标值: 100%, 完成值: 95%, 得分: 6}",
        "错误 125 自评表.指标[2].二级[4].三级[1].完成值：“预算执行率”完成值为95%，但程序按整体支出"
        "执行358.52万元、预算277.06万元计算的预算执行率为129.40%，请改正完成值。"
        "按分值×预算执行率（最高100%）应得6.00分，填写的是6分。自评表上方“执行率”一栏显示"
        "129.40%，同一张表不能有两个执行率：请把完成值改为129.40%，或删去“完成值”由程序填入。",
        id="execution-rate",
    ),
    pytest.param(
        "{名称: 资金使用合规性, 分值: 6, 指标值: 合规, 完成值: 合规, 得分: 6}",
        "{名称: 公用经费, 分值: 6, 指标值: ≤10万元, 完成值: 12万元, 得分: 6}",
        "警告 125 自评表.指标[2].二级[4].三级[1].得分：“公用经费”完成值12万元超出指标值≤10万元，"
        "按完成比例（6×10÷12，财预〔2020〕10号第十六条）应得5.00分，填写的是6分。请核对得分。",
        id="upper-bound",
    ),
    pytest.param(
        "完成值: 800人次, 得分: 3",
        "完成值: 400人, 得分: 3",
        "警告 113 自评表.指标[2].二级[1].三级[1].得分：“组织开展困难职工帮扶”指标值≥500人次与"
        "完成值400人的单位不同（人次、人），无法按完成比例计算建议得分。请统一单位。",
        id="unit-mismatch",
    ),
    pytest.param(
        "完成值: 均按规定时限完成, 得分: 3",
        "完成值: 未完成, 得分: 3, 偏差原因: 考核推迟",
        "警告 121 自评表.指标[2].二级[3].三级[1].得分：“年度内完成长沙市绩效考核任务”完成值“未完成”"
        "表明未达成年度指标，按财预〔2020〕10号第十六条，得分应低于分值的60%（1.8分），填写的是3分。",
        id="qualitative-band",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), HELP)
def test_scoring_help(project, example_text, old, new, expected):
    assert old in example_text
    before = problems_of(project(example_text))
    after = problems_of(project(example_text.replace(old, new)))
    assert [p for p in after if p not in before] == [expected]


def test_scoring_help_is_quiet_where_the_score_follows_the_rule(project, example_text):
    text = example_text.replace("完成值: 800人次, 得分: 3", "完成值: 400人次, 得分: 2.4")
    text = text.replace("完成值: 均按规定时限完成, 得分: 3", "完成值: 部分完成, 得分: 2")
    added = [p for p in problems_of(project(text)) if p not in problems_of(project(example_text))]
    # 2.4 is the score the rule gives (3×400÷500): the 完成值 is its reason; 部分完成 gives a
    # range, and a score in it still wants its reason
    assert added == [
        "警告 121 自评表.指标[2].二级[3].三级[1].得分：得分2低于分值3，请在“偏差原因”中说明扣分原因。",
    ]


def test_staff_control_rate_is_checked_against_the_staff(project, example_text):
    text = example_text.replace("    在职: 22\n", "    编制: 25\n    在职: 22\n").replace(
        "{名称: 资金使用合规性, 分值: 6, 指标值: 合规, 完成值: 合规, 得分: 6}",
        "{名称: 在职人员控制率, 分值: 6, 指标值: ≤100%, 完成值: 90%, 得分: 6}",
    )
    assert [p for p in problems_of(project(text)) if "控制率" in p] == [
        "警告 126 自评表.指标[2].二级[4].三级[1].完成值：“在职人员控制率”完成值为90%，但程序按编制内在职22人、"
        "编制25人计算的在职人员控制率为88.00%，请改正完成值。按此比率和指标值≤100%"
        "（财预〔2020〕10号第十六条）应得6.00分，填写的是6分。",
    ]
