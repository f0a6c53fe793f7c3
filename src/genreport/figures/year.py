"""Every figure the documents show, computed once from a loaded union's year.

`compute(union, last_year)` returns a `YearView`: totals, shares, execution rates, changes on last
year, scoring subtotals and the grade, all exact `Decimal`s. Last year's computed year, when there is
one, supplies every 上年 the file leaves out (`last_year.carry`); the disagreements it finds are part of
the view, for check. Nothing is rounded here; `fmt.py` rounds half-up for display. The view never
fails on incomplete data: a missing figure counts as absent, and the checks report it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from genreport.contract.model import Amount, UnionYear
from genreport.figures.fmt import rounded
from genreport.figures.last_year import carry
from genreport.figures.line import (
    ZERO,
    Change,
    LastYearDisagreement,
    Line,
    StatedTotal,
    Totals,
    ratio_percent,
    sum_if_all,
    total,
)
from genreport.figures.scoring import Scoring, grade_for, score_table
from genreport.figures.tables import (
    BuildingFigures,
    ProjectTable,
    StaffFigures,
    personnel_funds,
    project_table,
    public_funds,
)

__all__ = ["Change", "Line", "YearView", "compute", "grade_for", "ratio_percent", "sum_if_all"]


@dataclass
class Procurement:
    """政府采购: goods, works and services, and the SME shares of their total."""

    goods: Line | None
    works: Line | None
    services: Line | None
    total: Line
    sme: Line | None  # share: of the procurement total
    micro: Line | None  # share: of the procurement total


@dataclass
class YearView:
    """The computed year of one union: what every document renders from.

    `union` is the model as the documents use it: with the 上年 figures last year's file supplied.
    """

    union: UnionYear
    whole: Line
    basic: Line | None
    basic_items: list[Line]
    projects: Line | None
    project_items: list[Line]
    funding_sources: list[Line]
    functional: list[Line]
    three_public: list[Line]
    three_public_total: Line | None  # no figures when one of the three items is not written
    meetings: Line | None
    training: Line | None
    procurement: Procurement | None
    government_funds: Line | None
    state_capital: Line | None
    social_insurance: Line | None
    special_funds: list[Line]
    special_funds_total: Line | None
    income: Line | None
    spending: Line | None
    carry_over: Decimal | None
    scoring: Scoring
    project_tables: list[ProjectTable] = field(default_factory=list)
    staff: StaffFigures = field(default_factory=lambda: StaffFigures(None, None))
    last_staff: StaffFigures = field(default_factory=lambda: StaffFigures(None, None))
    public_funds: Line | None = None  # 其中公用经费, for the 基础数据表
    personnel_funds: Line | None = None  # 其中人员经费, for the federation's summary
    vehicle_split: list[Line] = field(default_factory=list)  # 公务用车购置, 公务用车运行维护
    three_public_unwritten: tuple[str, ...] = ()  # 三公经费 is written, these items of it are not
    buildings: BuildingFigures | None = None
    disagreements: list[StatedTotal] = field(default_factory=list)
    last_year_disagreements: list[LastYearDisagreement] = field(default_factory=list)
    last_year_source: Path | None = None  # last year's file, when it supplied figures

    @property
    def budget_deviations(self) -> list[Line]:
        """Lines whose 执行 departs from their 预算, for 存在的问题: the items where items have
        budgets, else their totals; then “三公” items, 会议费 and 培训费."""
        found: list[Line | None] = []
        for whole, items in ((self.basic, self.basic_items), (self.projects, self.project_items)):
            with_budget = [i for i in items if i.budget is not None]
            found += with_budget if with_budget else [whole]
        found += [*self.three_public, self.meetings, self.training]
        return [
            x
            for x in found
            if x is not None and x.deviation is not None and rounded(x.deviation) != 0
        ]


@dataclass(frozen=True)
class LastYear:
    """Last year's computed year of the same union (its model is `view.union`), and its file."""

    source: Path
    view: YearView


def compute(union: UnionYear, last_year: LastYear | None = None) -> YearView:
    """The union's figures, with last year's computed year filling the 上年 it leaves out."""
    carried_from_file: list[LastYearDisagreement] = []
    if last_year is not None:
        union, carried_from_file = carry(union, last_year.view.union)
    found = Totals(with_parts=[], with_last_year=[])
    previous = last_year.view if last_year else None
    spend = union.expenditure

    basic_items = (
        [Line.of(n, a) for n, a in spend.basic.items.items()] if spend and spend.basic else []
    )
    basic = _part(
        "基本支出", spend and spend.basic, basic_items, found, previous and previous.basic
    )
    project_items = (
        [Line.of(x.name or "", x) for x in spend.projects.projects]
        if spend and spend.projects
        else []
    )
    projects = _part(
        "项目支出", spend and spend.projects, project_items, found, previous and previous.projects
    )

    parts = [line for line in (basic, projects) if line is not None]
    whole = total(
        "整体支出",
        spend.path if spend else "支出",
        parts or None,  # neither part given: the whole is unknown
        {
            "budget": spend.budget,
            "last_year": spend.last_year,
            "last_year_budget": spend.last_year_budget,
        }
        if spend
        else {},
        found,
        previous.whole if previous and spend else None,
    )
    funding_sources = _lines(spend.funding_sources if spend else {})
    functional = _lines(spend.functional if spend else {})
    for line in [*parts, *basic_items, *project_items, *funding_sources, *functional]:
        line.share = ratio_percent(line.actual, whole.actual)
    whole.share = ratio_percent(whole.actual, whole.actual)
    for part, items in ((basic, basic_items), (projects, project_items)):
        for line in items:
            line.group_share = ratio_percent(line.actual, part.actual if part else None)

    three_public: list[Line] = []
    three_public_total = None
    three_public_unwritten: tuple[str, ...] = ()
    if spend and spend.three_public:
        t = spend.three_public
        items = (
            ("因公出国（境）费", t.overseas),
            ("公务用车购置及运行维护费", t.vehicles),
            ("公务接待费", t.reception),
        )
        three_public = [Line.of(name, amount) for name, amount in items if amount is not None]
        # The total is the three items' sum: with one of them not written, it is unknown
        three_public_unwritten = tuple(name for name, amount in items if amount is None)
        parts = None if three_public_unwritten else three_public
        three_public_total = total("“三公”经费", t.path, parts, {}, found)

    special_funds = [
        Line(name=s.name or "", actual=s.actual or ZERO, purpose=s.purpose, path=s.path)
        for s in (spend.special_funds if spend else [])
    ]
    special_funds_total = (
        total("专项资金", f"{spend.path}.专项资金", special_funds, {}, found)
        if special_funds
        else None
    )

    totals = union.totals
    overview, last_union = union.overview, last_year.view.union if last_year else None
    t = spend.three_public if spend else None
    return YearView(
        union=union,
        whole=whole,
        basic=basic,
        basic_items=basic_items,
        projects=projects,
        project_items=project_items,
        funding_sources=funding_sources,
        functional=functional,
        three_public=three_public,
        three_public_total=three_public_total,
        three_public_unwritten=three_public_unwritten,
        meetings=_line("会议费", spend.meetings if spend else None),
        training=_line("培训费", spend.training if spend else None),
        procurement=_procurement(spend.procurement if spend else None, found),
        government_funds=_line("政府性基金预算支出", spend.government_funds if spend else None),
        state_capital=_line("国有资本经营预算支出", spend.state_capital if spend else None),
        social_insurance=_line("社会保险基金预算支出", spend.social_insurance if spend else None),
        special_funds=special_funds,
        special_funds_total=special_funds_total,
        income=_line("收入", totals.income if totals else None),
        spending=_line("支出", totals.expenditure if totals else None),
        carry_over=totals.carry_over if totals else None,
        scoring=score_table(union),
        project_tables=[
            project_table(project, line)
            for project, line in zip(spend.projects.projects, project_items, strict=True)
        ]
        if spend and spend.projects
        else [],
        staff=StaffFigures.of(overview.staff if overview else None),
        last_staff=StaffFigures.of(
            last_union.overview.staff if last_union and last_union.overview else None
        ),
        public_funds=public_funds(basic_items),
        personnel_funds=personnel_funds(basic_items),
        vehicle_split=[
            line
            for line in (
                _line("公务用车购置", t.vehicle_purchase if t else None),
                _line("公务用车运行维护", t.vehicle_running if t else None),
            )
            if line is not None
        ],
        buildings=BuildingFigures(union.buildings) if union.buildings else None,
        disagreements=found.with_parts,
        last_year_disagreements=carried_from_file + found.with_last_year,
        last_year_source=last_year.source if last_year else None,
    )


def _part(name: str, node, items: list[Line], found: Totals, last: Line | None) -> Line | None:
    """基本支出 or 项目支出: the sum of its items, with what the file states of the whole part."""
    if not node:
        return None
    return total(
        name,
        node.path,
        items,
        {
            "budget": node.budget,
            "last_year": node.last_year,
            "last_year_budget": node.last_year_budget,
        },
        found,
        last,
        deviation_reason=node.deviation_reason,
        change_reason=node.change_reason,
    )


def _line(name: str, amount: Amount | None) -> Line | None:
    return None if amount is None else Line.of(name, amount)


def _lines(amounts: dict[str, Amount]) -> list[Line]:
    return [Line.of(name, amount) for name, amount in amounts.items()]


def _procurement(p, found: Totals) -> Procurement | None:
    if p is None:
        return None
    goods, works, services = (
        _line("货物", p.goods),
        _line("工程", p.works),
        _line("服务", p.services),
    )
    kinds = [x for x in (goods, works, services) if x]
    procurement_total = total("政府采购", p.path, kinds or None, {}, found)
    sme, micro = (
        _line("授予中小企业合同", p.sme_contracts),
        _line("其中授予小微企业合同", p.micro_contracts),
    )
    for line in (goods, works, services, sme, micro):
        if line is not None:
            line.share = ratio_percent(line.actual, procurement_total.actual)
    return Procurement(goods, works, services, procurement_total, sme, micro)
