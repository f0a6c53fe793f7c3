"""Scoring help by 财预〔2020〕10号: the parser over real indicator texts, and the arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genreport.figures.fmt import rounded
from genreport.figures.suggest import (
    Band,
    FigureKind,
    KnownFigure,
    Quantity,
    Rule,
    agrees,
    article_13_deviations,
    band_of,
    parse_quantity,
    proportional_score,
    suggest,
)

REPO = Path(__file__).resolve().parent.parent
D = Decimal

# Every 指标值 and 完成值 of the seed report with a 自评表 (002: 浏阳), as the seed types them, and
# of the data files; then the forms the issue lists, and counts from the seeds' narratives.
QUANTITATIVE = {
    "≥500人 次": Quantity("≥", D(500), "人次"),
    "≥500人次": Quantity("≥", D(500), "人次"),
    "800": Quantity(None, D(800), ""),
    "800人次": Quantity(None, D(800), "人次"),
    "100%": Quantity(None, D(100), "%"),
    "≥90%": Quantity("≥", D(90), "%"),
    "95.9%": Quantity(None, D("95.9"), "%"),
    "参保人数超过25000人": Quantity(">", D(25000), "人"),
    "33000人参保": Quantity(None, D(33000), "人"),
    "新增工会会员8000人": Quantity(None, D(8000), "人"),
    "≤10万元": Quantity("≤", D(10), "万元"),
    "<5个": Quantity("<", D(5), "个"),
    "3场": Quantity(None, D(3), "场"),
    "2场": Quantity(None, D(2), "场"),
    "＞＝ ５００ 人次": Quantity("≥", D(500), "人次"),
    "≥ ９０ ％": Quantity("≥", D(90), "%"),
    "≧95%": Quantity("≥", D(95), "%"),
    "＜５个": Quantity("<", D(5), "个"),
    "不超过10万元": Quantity("≤", D(10), "万元"),
    "不低于95%": Quantity("≥", D(95), "%"),
    "500人以上": Quantity("≥", D(500), "人"),
    "15个工作日以内": Quantity("≤", D(15), "个工作日"),
    "25,000人": Quantity(None, D(25000), "人"),
    "1.7万人": Quantity(None, D("1.7"), "万人"),
    "-5%": Quantity(None, D(-5), "%"),
    "≤0%": Quantity("≤", D(0), "%"),
    "工会建会率86.5%": Quantity(None, D("86.5"), "%"),
    "培训学员350名": Quantity(None, D(350), "名"),
    # the made-up union of tests/fixtures/submission (its project's 绩效指标)
    "≥300人次": Quantity("≥", D(300), "人次"),
    "320人次": Quantity(None, D(320), "人次"),
    "≥20家": Quantity("≥", D(20), "家"),
    "18家": Quantity(None, D(18), "家"),
    "96%": Quantity(None, D(96), "%"),
}
QUALITATIVE = [
    "明显改善",
    "按规定时限完成",
    "均按规定时限完成",
    "组织开展“访民情民意、助解困脱困”大走访活动",
    "组织开展大走访活动",
    "高质量完成工作任务",
    "合规",
    "完成相关工作任务",
    "按要求完成",
    "创建长沙市文明单位称号",
    "获评 2022年长沙市文明单位",
    "获评2022年长沙市文明单位",
    "不断加强节能管 理，推进低碳办公",
    "不断加强节能管理，推进低碳办公",
    "3600余人次",  # an approximate count
    "1500多人",
    "10余场",
    "第1名",  # a rank
    "12月31日前完成",  # a date
    "90%-100%",  # a range
    "下降5%",  # a change whose direction the number does not carry
    "≥3场以下",  # contradictory
    "",
]


@pytest.mark.parametrize("text", QUANTITATIVE)
def test_quantitative_texts(text):
    assert parse_quantity(text) == QUANTITATIVE[text]


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative_texts(text):
    assert parse_quantity(text) is None


def test_the_corpus_holds_every_text_of_the_data_files():
    texts = set()
    for path in [*REPO.glob("data/**/*.yaml"), *REPO.glob("tests/fixtures/**/*.yaml")]:
        found = re.findall(r"(?:指标值|完成值): ([^,}\n]*)", path.read_text(encoding="utf-8"))
        texts |= {t.strip() for t in found}
    assert texts
    assert texts <= set(QUANTITATIVE) | set(QUALITATIVE)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("按要求完成", Band.MET),
        ("均按规定时限完成", Band.MET),
        ("高质量完成工作任务", Band.MET),
        ("达成年度指标", Band.MET),
        ("部分完成", Band.PARTLY),
        ("未完成", Band.MISSED),
        ("未达到年度目标", Band.MISSED),
        ("基本完成", None),
        ("大部分完成", None),
        ("合规", None),
        ("获评2022年长沙市文明单位", None),
    ],
)
def test_bands_only_from_unambiguous_wording(text, band):
    assert band_of(text) == band


def test_suggestions_of_the_issue():
    missed = suggest("组织开展困难职工帮扶", D(3), "≥500人次", "400人次")
    assert (missed.rule, rounded(missed.score)) == (Rule.PROPORTIONAL, D("2.40"))
    assert rounded(suggest("活动", D(10), "≥3场", "2场").score) == D("6.67")
    over = suggest("费用", D(5), "≤10万元", "12万元")
    assert (over.rule, rounded(over.score)) == (Rule.INVERSE, D("4.17"))
    assert suggest("x", D(3), "≥500人次", "800人次").rule == Rule.OVERSHOT
    assert suggest("x", D(3), "100%", "100%").rule == Rule.MET
    assert suggest("x", D(3), "≥500人次", "400人").rule == Rule.UNIT_MISMATCH
    assert (
        suggest("x", D(3), "≥500人次", "800").rule == Rule.OVERSHOT
    )  # a bare result takes the unit
    assert suggest("x", D(3), "≥500人次", "≥600人次").rule == Rule.INEXACT
    assert suggest("x", D(3), "10万元", "12万元", cost=True).rule == Rule.DIRECTION_UNKNOWN
    assert suggest("x", D(4), None, "100%").rule == Rule.NO_TARGET
    assert suggest("x", D(7), "不断加强节能管理", "按要求完成").band == Band.MET
    assert suggest("x", D(3), "≥0%", "-5%").rule == Rule.NOT_PROPORTIONAL


def test_execution_rate_scores_by_the_computed_rate():
    rate = KnownFigure(FigureKind.EXECUTION_RATE, D("87.5"), D(35), D(40))
    found = suggest("预算执行率", D(10), "100%", "95%", [rate])
    assert (found.rule, found.score, found.achieved_differs) == (
        Rule.EXECUTION_RATE,
        D("8.75"),
        True,
    )
    assert not suggest("预算执行率", D(10), "100%", "87.5%", [rate]).achieved_differs
    assert not suggest("预算执行率", D(10), "100%", "88%", [rate]).achieved_differs
    over = KnownFigure(FigureKind.EXECUTION_RATE, D("129.3975"), D(1), D(1))
    assert suggest("执行率", D(10), "100%", "129.4%", [over]).score == D(10)


@dataclass
class G:
    name: str
    weight: Decimal


def test_article_13_weights():
    table = [
        G("预算执行率", D(10)),
        G("产出指标", D(50)),
        G("效益指标", D(30)),
        G("满意度指标", D(10)),
    ]
    assert article_13_deviations(table) == []
    changed = [G("预算执行率", D(10)), G("产出指标", D(60)), G("效益指标", D(30))]
    assert [(d.part, d.expected, d.actual) for d in article_13_deviations(changed)] == [
        ("产出指标", D(50), D(60)),
        ("满意度指标", D(10), None),
    ]


# --- the arithmetic, for any figures --------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
weights = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
signs = st.sampled_from([None, "≥", ">", "≤", "<"])


@given(weights, signs, amounts, amounts)
def test_a_score_lies_between_0_and_the_weight(weight, sign, target, achieved):
    score, rule = proportional_score(weight, Quantity(sign, target, "人"), achieved)
    if score is not None:
        assert 0 <= score <= weight
    if rule in (Rule.MET, Rule.OVERSHOT):
        assert score == weight


@given(weights, signs, amounts, amounts, amounts)
def test_more_never_scores_less_toward_the_target(weight, sign, target, a, b):
    low, high = sorted((a, b))
    if sign in ("≤", "<"):
        low, high = high, low  # for an upper bound, less is better
    worse, _ = proportional_score(weight, Quantity(sign, target, "人"), low)
    better, _ = proportional_score(weight, Quantity(sign, target, "人"), high)
    if worse is not None and better is not None:
        assert worse <= better


@given(weights, amounts.filter(bool), amounts.filter(bool))
def test_a_missed_target_scores_its_share(weight, target, achieved):
    score, rule = proportional_score(weight, Quantity("≥", target, "%"), achieved)
    if rule == Rule.PROPORTIONAL:
        assert rounded(score) == rounded(weight * achieved / target)
        assert abs(score * target - weight * achieved) < D("1e-15") * target


@given(st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=6), st.integers(0, 2))
def test_a_rate_typed_as_rounded_agrees(rate, places):
    from decimal import ROUND_HALF_UP

    typed = rate.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert agrees(typed, rate)


@given(signs, amounts, st.sampled_from(["人次", "%", "万元", "个", "场", ""]), st.booleans())
def test_typed_quantities_read_back(sign, value, unit, full_width):
    text = f"{sign or ''}{value}{unit}"
    if full_width:
        text = text.translate(str.maketrans("0123456789.%<>", "０１２３４５６７８９．％＜＞"))
    assert parse_quantity(text) == Quantity(sign, value, unit)
