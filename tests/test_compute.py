"""Computation: every figure of the contract example, exact sums, half-up display."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genreport.figures.fmt import change_phrase, money, percent
from genreport.figures.line import Change, Line
from genreport.figures.scoring import grade_for
from genreport.figures.year import compute
from genreport.reading.load import load_union


@pytest.fixture
def view(project, example_text):
    return compute(load_union(project(example_text)).union)


def shown(line: Line) -> tuple:
    return (
        line.name,
        money(line.actual),
        None if line.share is None else percent(line.share),
        None if line.execution_rate is None else percent(line.execution_rate),
    )


def test_whole_basic_and_projects(view):
    assert shown(view.whole) == ("整体支出", "358.52", "100.00%", "129.40%")
    assert money(view.whole.budget) == "277.06"
    assert shown(view.basic) == ("基本支出", "311.20", "86.80%", "124.61%")
    assert shown(view.projects) == ("项目支出", "47.32", "13.20%", "173.21%")


def test_item_shares_are_of_the_whole(view):
    # as seed 002 words it: 人员经费 302.92万元，占84.49%
    assert [shown(x) for x in view.basic_items] == [
        ("人员经费", "302.92", "84.49%", None),
        ("公用经费", "8.28", "2.31%", None),
    ]
    assert [shown(x) for x in view.project_items] == [
        ("工会规范化建设经费", "47.32", "13.20%", None)
    ]


def test_personnel_and_public_funds_are_the_basic_items_of_those_names(view):
    assert (view.personnel_funds.name, money(view.personnel_funds.actual)) == ("人员经费", "302.92")
    assert (view.public_funds.name, money(view.public_funds.actual)) == ("公用经费", "8.28")


@pytest.mark.parametrize(
    ("names", "personnel", "public"),
    [
        (("工资福利支出", "商品和服务支出"), "工资福利支出", "商品和服务支出"),
        (("对个人和家庭的补助", "其他"), None, None),
    ],
)
def test_personnel_and_public_funds_by_their_economic_names(
    project, example_text, names, personnel, public
):
    text = example_text.replace("      人员经费:", f"      {names[0]}:").replace(
        "      公用经费:", f"      {names[1]}:"
    )
    view = compute(load_union(project(text)).union)
    assert (view.personnel_funds and view.personnel_funds.name) == personnel
    assert (view.public_funds and view.public_funds.name) == public


def test_funding_sources_and_functional_classification(view):
    assert [shown(x) for x in view.funding_sources] == [
        ("财政拨款", "358.52", "100.00%", "129.40%"),
        ("其他资金", "0.00", "0.00%", None),
    ]
    assert [shown(x) for x in view.functional] == [
        ("一般公共服务支出", "257.03", "71.69%", None),
        ("社会保障和就业支出", "54.17", "15.11%", None),
        ("其他支出", "47.32", "13.20%", None),
    ]


def test_three_public_and_procurement_totals(view):
    assert money(view.three_public.total.actual) == "0.00"
    assert change_phrase(view.three_public.total.change) == "与上年持平"
    assert money(view.procurement.total.actual) == "0.00"
    assert view.procurement.sme.share is None  # no procurement, no share


def test_scoring(view):
    scoring = view.scoring
    assert [(f.name, f.weight, f.score) for f in scoring.first_levels] == [
        ("投入管理指标", 30, 29),
        ("产出指标", 25, 25),
        ("效益指标", 45, 44),
    ]
    assert [(s.name, s.weight) for s in scoring.first_levels[1].children] == [
        ("数量指标", 6),
        ("质量指标", 8),
        ("时效指标", 5),
        ("成本指标", 6),
    ]
    assert (scoring.weight, scoring.score, scoring.grade) == (100, 98, "优")
    assert scoring.indicator_count == 20


@pytest.mark.parametrize(
    "score, grade",
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.5", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grades(score, grade):
    assert grade_for(Decimal(score)) == grade


def test_half_up_rounding():
    assert money(Decimal("52.345")) == "52.35"
    assert round(52.345, 2) == 52.34  # what binary floats would have shown
    assert money(Decimal("133.7")) == "133.70"
    assert money(Decimal("0.004")) == "0.00"
    assert money(Decimal("-0.001")) == "0.00"
    assert percent(Decimal("13.195")) == "13.20%"


@pytest.mark.parametrize(
    "current, previous, phrase",
    [
        ("150.71", "143.70", "比上年增加7.01万元，增长4.88%"),
        ("95.08", "127.13", "比上年减少32.05万元，下降25.21%"),
        ("5", "5", "与上年持平"),
        ("0", "0", "与上年持平"),
        ("27.5", "0", "比上年增加27.50万元"),
    ],
)
def test_change_on_last_year(current, previous, phrase):
    assert change_phrase(Change.between(Decimal(current), Decimal(previous))) == phrase


def test_last_year_and_budget_totals_sum_from_parts(project):
    view = compute(
        load_union(
            project(
                "单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  基本支出:\n    明细:\n"
                "      甲: {执行: 10, 预算: 8, 上年: 9}\n      乙: {执行: 5.5, 预算: 6, 上年: 4}\n"
                "  项目支出:\n    项目:\n      - {名称: 丙, 执行: 4.5, 预算: 6, 上年: 0}\n"
            )
        ).union
    )
    assert (view.basic.actual, view.basic.budget, view.basic.last_year) == (15.5, 14, 13)
    assert (view.whole.actual, view.whole.budget, view.whole.last_year) == (20, 20, 13)
    assert change_phrase(view.whole.change) == "比上年增加7.00万元，增长53.85%"
    assert view.disagreements.with_parts == []


amounts = st.decimals(min_value=0, max_value=10**6, places=4)


@given(st.lists(amounts, min_size=1, max_size=12), st.lists(amounts, max_size=6))
def test_totals_are_exact_sums(tmp_path_factory, basic, projects):
    lines = ["单位名称: 浏阳市总工会", "年度: 2022", "支出:", "  基本支出:", "    明细:"]
    lines += [f"      项{i}: {v}" for i, v in enumerate(basic)]
    if projects:
        lines += ["  项目支出:", "    项目:"]
        lines += [f"      - {{名称: 项目{i}, 执行: {v}}}" for i, v in enumerate(projects)]
    path = tmp_path_factory.mktemp("d") / "浏阳市总工会.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    view = compute(load_union(path).union)
    assert view.basic.actual == sum(basic)
    assert view.whole.actual == sum(basic) + sum(projects)
    if view.whole.actual:
        shares = sum(x.share for x in view.basic_items + view.project_items)
        assert abs(shares - 100) < Decimal("1e-20")


@given(st.decimals(min_value=0, max_value=10**6, places=6))
def test_display_is_half_up_of_the_exact_value(value):
    shown = Decimal(money(value))
    assert abs(shown - value) <= Decimal("0.005")
    if abs(shown - value) == Decimal("0.005"):
        assert shown > value  # ties go up, never to even


def _half_up(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


budgeted = st.tuples(amounts, st.decimals(min_value=1, max_value=10**6, places=4))


@settings(max_examples=200, deadline=None)
@given(st.lists(budgeted, min_size=1, max_size=8), st.lists(budgeted, max_size=5))
def test_budgets_and_rates_are_exact_and_shown_half_up(tmp_path_factory, basic, projects):
    lines = ["单位名称: 浏阳市总工会", "年度: 2022", "支出:", "  基本支出:", "    明细:"]
    lines += [f"      项{i}: {{执行: {a}, 预算: {b}}}" for i, (a, b) in enumerate(basic)]
    if projects:
        lines += ["  项目支出:", "    项目:"]
        lines += [
            f"      - {{名称: 项目{i}, 执行: {a}, 预算: {b}}}" for i, (a, b) in enumerate(projects)
        ]
    path = tmp_path_factory.mktemp("d") / "浏阳市总工会.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_union(path)
    assert loaded.problems == []
    view = compute(loaded.union)
    actual = sum(a for a, _ in basic + projects)
    budget = sum(b for _, b in basic + projects)
    assert (view.whole.actual, view.whole.budget) == (actual, budget)
    assert view.basic.budget == sum(b for _, b in basic)
    assert money(view.whole.actual) == _half_up(actual)
    assert money(view.whole.budget) == _half_up(budget)
    with localcontext() as exact:
        exact.prec = 80
        rate = actual * 100 / budget
        shares = [a * 100 / actual for a, _ in basic + projects] if actual else []
    assert percent(view.whole.execution_rate) == _half_up(rate) + "%"
    items = view.basic_items + view.project_items
    assert [percent(x.share) for x in items if x.share is not None] == [
        _half_up(s) + "%" for s in shares
    ]
