"""Every figure the documents show, computed once from a loaded union's year.

`compute(union, last_year)` returns a `YearView`: totals, shares, execution rates, changes on last
year, scoring subtotals with what 财预〔2020〕10号 suggests for each indicator, and the grade, all
exact `Decimal`s. Last year's computed year, when there is one, supplies every 上年 the file leaves
out (`last_year.carry`); what the computation finds out about the file (typed totals against their
parts, typed 上年 against last year's file) is kept apart in `view.disagreements`, for check.
Nothing is rounded here; `fmt.py` rounds half-up for display. The view never fails on incomplete
data: a missing figure counts as absent, and the checks report it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from genreport.contract.model import Amount, ThreePublic, UnionYear
from genreport.contract.rules import NATIONAL, Rules
from genreport.figures.fmt import rounded, shown_share_total
from genreport.figures.last_year import carry
from genreport.figures.line import (
    ZERO,
    Disagreements,
    Line,
    ratio_percent,
    total,
)
from genreport.figures.scoring import Scoring, score_table
from genreport.figures.suggest import FigureKind, KnownFigure, Reviewed, review
from genreport.figures.tables import (
    BuildingFigures,
    ProjectTable,
    StaffFigures,
    personnel_funds,
    project_table,
    public_funds,
)

if TYPE_CHECKING:
    from genreport.contract import model
    from genreport.contract.keys import ExplainedFigures


@dataclass
class ProcurementFigures:
    """政府采购: goods, works and services, and the SME shares of their total."""

    goods: Line | None
    works: Line | None
    services: Line | None
    total: Line
    sme: Line | None  # share: of the procurement total
    micro: Line | None  # share: of the procurement total


@dataclass
class ThreePublicFigures:
    """“三公”经费: its three items (None: not written), their total, and the split of the 公务用车
    item into 购置 and 运行维护. Every figure is None when the file leaves 三公经费 out."""

    overseas: Line | None = None  # 因公出国（境）费
    vehicles: Line | None = None  # 公务用车购置及运行维护费
    reception: Line | None = None  # 公务接待费
    total: Line | None = None  # without figures when one of the three items is not written
    unwritten: tuple[str, ...] = ()  # the names of the items 三公经费 leaves out
    vehicle_purchase: Line | None = None  # 公务用车购置
    vehicle_running: Line | None = None  # 公务用车运行维护

    @property
    def items(self) -> list[Line]:
        """The items written, in the form's order."""
        return [x for x in (self.overseas, self.vehicles, self.reception) if x is not None]


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
    three_public: ThreePublicFigures
    meetings: Line | None
    training: Line | None
    procurement: ProcurementFigures | None
    government_funds: Line | None
    state_capital: Line | None
    social_insurance: Line | None
    special_funds: list[Line]
    special_funds_total: Line | None
    income: Line | None
    spending: Line | None
    carry_over: Decimal | None
    scoring: Scoring
    suggestions: list[Reviewed]  # for each indicator of the 自评表, in order
    project_tables: list[ProjectTable] = field(default_factory=list)
    staff: StaffFigures = field(default_factory=lambda: StaffFigures(None, None))
    last_staff: StaffFigures = field(default_factory=lambda: StaffFigures(None, None))
    public_funds: Line | None = None  # 其中公用经费, for the 基础数据表
    personnel_funds: Line | None = None  # 其中人员经费, for the federation's summary
    buildings: BuildingFigures | None = None
    disagreements: Disagreements = field(default_factory=Disagreements)  # for check, not documents
    rules: Rules = NATIONAL  # the outline's scoring rules, which check cites

    @property
    def budget_deviations(self) -> list[Line]:
        """Lines whose 执行 departs from their 预算, for 存在的问题: the items where items have
        budgets, else their totals; then “三公” items, 会议费 and 培训费."""
        found: list[Line | None] = []
        for whole, items in ((self.basic, self.basic_items), (self.projects, self.project_items)):
            with_budget = [i for i in items if i.budget is not None]
            found += with_budget if with_budget else [whole]
        found += [*self.three_public.items, self.meetings, self.training]
        return [
            x
            for x in found
            if x is not None and x.deviation is not None and rounded(x.deviation) != 0
        ]

    @property
    def scoring_gaps(self) -> tuple[str, ...]:
        """What the 自评表 lacks, as its draft line names it: its 指标, and its 年度总体目标 row
        ("年度总体目标" where both cells are blank, else the blank cell: "年初设定目标" or
        "全年完成情况"; a reviewer returns a row with half of it blank as readily as an empty one)."""
        target = self.union.target
        gaps = [] if self.scoring.first_levels else ["指标"]
        initial = bool(target and (target.initial or "").strip())
        achieved = bool(target and (target.achieved or "").strip())
        if not initial and not achieved:
            gaps.append("年度总体目标")
        elif not initial:
            gaps.append("年初设定目标")
        elif not achieved:
            gaps.append("全年完成情况")
        return tuple(gaps)

    @property
    def scoring_draft_line(self) -> str:
        """The line under the 自评表's title that marks it a draft, naming what it lacks; "" for a
        table with both. check quotes it word for word."""
        gaps = self.scoring_gaps
        return f"（草稿：未填写{'、'.join(gaps)}）" if gaps else ""

    @property
    def share_totals(self) -> dict[str, Decimal]:
        """Each set of shares of one whole the reports print (基本/项目 of the whole, 资金来源,
        功能分类, the 明细 of 基本支出, the projects of 项目支出) whose printed shares add up to
        other than 100.00%, with that sum, by the set's context name. Each share stays the true
        share rounded half-up; the report says beside them what they add up to (a rounding
        difference no figure of the file can remove). The names are `SHARE_SETS`."""
        parts = [x for x in (self.basic, self.projects) if x is not None]
        sets = {
            "支出结构": [x.share for x in parts] if not any(x.is_nil for x in parts) else [],
            "资金来源": [x.share for x in self.funding_sources if not x.is_nil],
            "功能分类": [x.share for x in self.functional if not x.is_nil],
            "基本支出明细": [x.group_share for x in self.basic_items],
            "项目": [x.group_share for x in self.project_items],
        }
        found = {name: shown_share_total(shares) for name, shares in sets.items()}
        return {name: total for name, total in found.items() if total is not None}


# The sets of shares of one whole the reports print, by their context name (`占比合计`)
SHARE_SETS = ("支出结构", "资金来源", "功能分类", "基本支出明细", "项目")


@dataclass(frozen=True)
class LastYear:
    """Last year's computed year of the same union (its model is `view.union`), and its file."""

    source: Path
    view: YearView


def compute(
    union: UnionYear, last_year: LastYear | None = None, rules: Rules = NATIONAL
) -> YearView:
    """The union's figures, with last year's computed year filling the 上年 it leaves out, scored
    by the outline's `rules`."""
    found = Disagreements()
    if last_year is not None:
        union, found.with_last_year = carry(union, last_year.view.union)
        found.last_year_file = last_year.source
    previous = last_year.view if last_year else None
    spend = union.expenditure

    basic_items = (
        [Line.of(n, a) for n, a in spend.basic.items.items()] if spend and spend.basic else []
    )
    basic = _part(
        "基本支出",
        spend.basic if spend else None,
        basic_items,
        found,
        previous.basic if previous else None,
    )
    project_items = (
        [Line.of(x.name or "", x) for x in spend.projects.projects]
        if spend and spend.projects
        else []
    )
    projects = _part(
        "项目支出",
        spend.projects if spend else None,
        project_items,
        found,
        previous.projects if previous else None,
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

    three_public = _three_public(spend.three_public if spend else None, found)

    special_funds = [
        Line(name=s.name or "", actual=s.actual or ZERO, purpose=s.purpose, path=s.path)
        for s in (spend.special_funds if spend else [])
    ]
    special_funds_total = (
        total("专项资金", f"{spend.path}.专项资金", special_funds, {}, found)
        if spend and special_funds  # there are special funds only in a written 支出
        else None
    )

    totals = union.totals
    overview, last_union = union.overview, last_year.view.union if last_year else None
    staff = StaffFigures.of(overview.staff if overview else None)
    scoring = score_table(union, rules.grades)
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
        scoring=scoring,
        suggestions=review(scoring, _known_figures(whole, three_public, staff), rules.overshoot),
        project_tables=[
            project_table(project, line, rules)
            for project, line in zip(spend.projects.projects, project_items, strict=True)
        ]
        if spend and spend.projects
        else [],
        staff=staff,
        last_staff=StaffFigures.of(
            last_union.overview.staff if last_union and last_union.overview else None
        ),
        public_funds=public_funds(basic_items),
        personnel_funds=personnel_funds(basic_items),
        buildings=BuildingFigures(union.buildings) if union.buildings else None,
        disagreements=found,
        rules=rules,
    )


def _part(
    name: str,
    node: ExplainedFigures | None,
    items: list[Line],
    found: Disagreements,
    last: Line | None,
) -> Line | None:
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


def _procurement(p: model.Procurement | None, found: Disagreements) -> ProcurementFigures | None:
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
    return ProcurementFigures(goods, works, services, procurement_total, sme, micro)


def _none_as_zero(line: Line) -> Line:
    """An item stated as none as a part of its total: every figure it leaves blank is zero."""
    if not line.is_nil:
        return line
    zero = Decimal(0)
    return replace(
        line,
        actual=zero if line.actual is None else line.actual,
        budget=zero if line.budget is None else line.budget,
        last_year=zero if line.last_year is None else line.last_year,
        last_year_budget=zero if line.last_year_budget is None else line.last_year_budget,
    )


def _three_public(t: ThreePublic | None, found: Disagreements) -> ThreePublicFigures:
    if t is None:
        return ThreePublicFigures()
    items = (
        ("因公出国（境）费", t.overseas),
        ("公务用车购置及运行维护费", t.vehicles),
        ("公务接待费", t.reception),
    )
    overseas, vehicles, reception = (_line(name, amount) for name, amount in items)
    # The total is the three items' sum: with one of them not written, it is unknown. An item
    # stated as none (`公务用车购置及运行维护费: 0`) adds nothing to any figure of the total, so
    # a budget-only item beside two such items still gives the total's budget and its change.
    unwritten = tuple(name for name, amount in items if amount is None)
    written = [_none_as_zero(x) for x in (overseas, vehicles, reception) if x is not None]
    return ThreePublicFigures(
        overseas=overseas,
        vehicles=vehicles,
        reception=reception,
        total=total("“三公”经费", t.path, None if unwritten else written, {}, found),
        unwritten=unwritten,
        vehicle_purchase=_line("公务用车购置", t.vehicle_purchase),
        vehicle_running=_line("公务用车运行维护", t.vehicle_running),
    )


def _known_figures(
    whole: Line, three_public: ThreePublicFigures, staff: StaffFigures
) -> list[KnownFigure]:
    """The rates of the whole department an indicator of the 自评表 may name, each with the two
    figures it is computed from."""
    found = []
    rate = whole.execution_rate
    if rate is not None and whole.actual is not None and whole.budget is not None:
        found.append(KnownFigure(FigureKind.EXECUTION_RATE, rate, whole.actual, whole.budget))
    three = three_public.total or Line("", None)
    change = three.change  # with a rate, neither figure is missing
    if change and change.rate is not None and three.actual is not None and three.last_year:
        found.append(
            KnownFigure(FigureKind.THREE_PUBLIC_CHANGE, change.rate, three.actual, three.last_year)
        )
    rate, serving, establishment = staff.control_rate, staff.on_establishment, staff.establishment
    if rate is not None and serving is not None and establishment is not None:
        found.append(
            KnownFigure(FigureKind.STAFF_CONTROL, rate, Decimal(serving), Decimal(establishment))
        )
    return found
