"""The contract's one description: a key declared once in the model reaches loading, `init`,
`new` and the JSON Schema; the shared figures type carries 年初预算."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

import genreport.contract.describe as contract
import genreport.contract.model as model
from genreport.contract.keys import key
from genreport.contract.model import Amount, Project
from genreport.contract.schema import json_schema
from genreport.reading.load import load_union
from genreport.scaffold.new_files import blank_file, roll_forward

UNION = "单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  项目支出:\n    项目:\n"


def messages(loaded) -> list[str]:
    return [f"{p.line} {p.key}：{p.message}" for p in loaded.problems]


@dataclass
class ProjectWithContact(Project):
    """A project with one test-only key: the single declaration a new optional key needs."""

    contact: str | None = key("项目联系人", hint="项目负责人的姓名", keep=True)


def declared(monkeypatch, name: str, cls: type):
    """The model with `cls` in place of model.<name> (as if written into model.py), for a test."""
    monkeypatch.setattr(model, name, cls)
    contract.contract_fields.cache_clear()
    contract.keys.cache_clear()
    yield
    monkeypatch.undo()
    contract.contract_fields.cache_clear()
    contract.keys.cache_clear()


@pytest.fixture
def added_key(monkeypatch):
    """`项目联系人` declared on 项目."""
    yield from declared(monkeypatch, "Project", ProjectWithContact)


def test_a_key_declared_once_is_loaded_with_its_nearest_key_message(project, added_key):
    loaded = load_union(project(UNION + "      - {名称: 甲, 执行: 1, 项目联系人: 张三}\n"))
    assert loaded.problems == []
    item = loaded.union.expenditure.projects.projects[0]
    assert (item.name, item.actual, item.contact) == ("甲", Decimal(1), "张三")
    assert item.wrote("项目联系人")

    misspelt = load_union(project(UNION + "      - {名称: 甲, 执行: 1, 项目联系: 张三}\n"))
    assert messages(misspelt) == [
        "6 支出.项目支出.项目[1].项目联系：未知字段“项目联系”，是否应为“项目联系人”？"
    ]


def test_a_key_declared_once_is_written_by_init_and_kept_by_new(project, added_key):
    blank = blank_file("新区总工会", 2024)
    assert "        # 项目负责人的姓名\n        项目联系人:\n" in blank
    previous = load_union(project(UNION + "      - {名称: 甲, 执行: 1, 项目联系人: 张三}\n"))
    rolled = roll_forward(previous.union, 2023)
    assert "      - 名称: 甲\n        执行:\n        上年: 1\n        项目联系人: 张三\n" in rolled


def test_a_key_declared_once_is_in_the_schema(added_key):
    schema = json_schema(["湖南"])
    project = schema["$defs"]["ProjectWithContact"]
    assert project["properties"]["项目联系人"]["description"] == "项目负责人的姓名"
    assert project["additionalProperties"] is False
    items = schema["$defs"]["ProjectExpenditure"]["properties"]["项目"]["anyOf"][0]["items"]
    assert items == {"$ref": "#/$defs/ProjectWithContact"}


def test_without_the_declaration_the_key_is_unknown(project):
    loaded = load_union(project(UNION + "      - {名称: 甲, 执行: 1, 项目联系人: 张三}\n"))
    assert [p.key for p in loaded.problems] == ["支出.项目支出.项目[1].项目联系人"]
    assert "项目联系人" not in blank_file("新区总工会", 2024)


# --- the shared figures type ------------------------------------------------------------------


def test_initial_budget_is_loaded_for_projects_and_amounts(project):
    loaded = load_union(
        project(
            UNION + "      - {名称: 甲, 执行: 1, 预算: 1.2, 年初预算: 1.5}\n"
            "  会议费: {执行: 0.3, 年初预算: 0.25}\n"
        )
    )
    assert loaded.problems == []
    expenditure = loaded.union.expenditure
    assert expenditure.projects.projects[0].initial_budget == Decimal("1.5")
    assert expenditure.meetings.initial_budget == Decimal("0.25")
    assert loaded.line_of("支出.项目支出.项目[1].年初预算") == 6


def test_initial_budget_is_this_years_only(project):
    previous = load_union(
        project(UNION + "      - {名称: 甲, 执行: 1, 预算: 1.2, 年初预算: 1.5}\n")
    )
    rolled = roll_forward(previous.union, 2023)
    assert (
        "      - 名称: 甲\n        执行:\n        上年: 1\n        预算:\n        上年预算: 1.2\n"
        in rolled
    )
    assert "年初预算" not in rolled


def test_init_shows_initial_budget_commented_out_in_a_project_only():
    blank = blank_file("新区总工会", 2024)
    assert blank.count("年初预算") == 2  # the hint and the key, in the project item
    assert (
        "        # 全年预算数\n        预算:\n"
        "        # 年初预算数（与全年预算数不同时填写）\n        # 年初预算:\n"
        "        # 资金用途\n        用途:\n"
    ) in blank


def test_the_figures_are_declared_once_and_restated_where_a_holder_differs():
    figures = {"执行", "预算", "年初预算", "上年", "上年预算", "偏差原因", "变动原因"}
    for cls in (Amount, Project):
        assert figures <= set(contract.valid_keys(cls))
    assert contract.valid_keys(model.BasicExpenditure) == [
        "明细", "预算", "上年", "上年预算", "偏差原因", "变动原因"
    ]  # fmt: skip
    assert contract.valid_keys(Project)[:3] == ["名称", "执行", "预算"]
    assert contract.key_named(Project, "执行").required
    assert not contract.key_named(Amount, "执行").required  # a budget-only amount is legal
    assert contract.key_named(model.Expenditure, "预算").seldom
    assert [(k.name, k.carried_from) for k in contract.keys(Amount) if k.carried_from] == [
        ("上年", "执行"),
        ("上年预算", "预算"),
    ]
    declared_in = {f.name: f for f, _ in contract.contract_fields(model.ProjectExpenditure)}
    assert declared_in["budget"] is model.BudgetFigures.__dataclass_fields__["budget"]


@dataclass
class ExpenditureWithTravel(model.Expenditure):
    """支出 with one test-only amount: the single declaration a new optional amount needs."""

    travel: Amount | None = key("差旅费", hint="差旅费")


@pytest.fixture
def added_amount(monkeypatch):
    """`差旅费` declared on 支出."""
    yield from declared(monkeypatch, "Expenditure", ExpenditureWithTravel)


def test_an_amount_declared_once_is_carried_from_last_years_file(project, added_amount):
    from genreport.pipeline import check_union

    project("单位名称: 浏阳市总工会\n年度: 2022\n支出:\n  差旅费: {执行: 3, 预算: 5}\n", year=2022)
    this_year = project(
        "单位名称: 浏阳市总工会\n年度: 2023\n支出:\n  差旅费: {执行: 4}\n存在问题: [无]\n",
        year=2023,
    )
    result = check_union(this_year, 2023)
    travel = result.view.union.expenditure.travel
    assert (travel.actual, travel.last_year, travel.last_year_budget) == (4, 3, 5)

    typed = project(
        "单位名称: 浏阳市总工会\n年度: 2023\n支出:\n  差旅费: {执行: 4, 上年: 2}\n存在问题: [无]\n",
        year=2023,
    )
    warnings = [f"{w.key}：{w.message}" for w in check_union(typed, 2023).warnings]
    assert [w for w in warnings if w.startswith("支出.差旅费")] == [
        f"支出.差旅费.上年：填写的上年数为2.00万元，但上年数据文件“{typed.parent.parent / '2022' / typed.name}”"
        "中的执行数为3.00万元。以本文件为准；请核对，或删除本行由程序从上年文件取数。"
    ]
