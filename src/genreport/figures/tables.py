"""The tables, computed from the same figures as the report: the 部门整体支出绩效评价基础数据表 and
each project's 项目支出绩效自评表 (财预〔2020〕10号 附1, a "project table"). With the report and the
自评表 they are the four documents a union hands in (its submission, `workspace.DOCUMENTS`).

Exact `Decimal`s; nothing is rounded here but the 预算执行率 row's score, which the table states
rounded half-up to 2 places before it is added to the 总分 (as the README says). What the file does
not give stays None (a blank cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from genreport.contract.model import Buildings, Project, Staff
from genreport.contract.rules import NATIONAL, Rules
from genreport.figures.fmt import rounded
from genreport.figures.line import HUNDRED, Line, ratio_percent
from genreport.figures.scoring import Scoring, grade_for, score_levels
from genreport.figures.suggest import Reviewed, review

RATE_WEIGHT = Decimal(10)  # the 预算执行率 row of a project table
PROJECT_SOURCES = ("当年财政拨款", "上年结转", "其他资金")
# 公用经费 is the 一般商品和服务支出 within 基本支出: the 明细 item of one of these names.
PUBLIC_FUNDS_NAMES = ("公用经费", "商品和服务支出", "一般商品和服务支出")
# 人员经费 is the 工资福利支出 within 基本支出: the 明细 item of one of these names.
PERSONNEL_FUNDS_NAMES = ("人员经费", "工资福利支出")


@dataclass
class ProjectTable:
    """One project's 项目支出绩效自评表: its money by source, the 预算执行率 score and the indicators."""

    project: Project
    total: Line  # 年度资金总额: 年初预算, 预算, 执行
    sources: list[Line]  # 当年财政拨款, 上年结转, 其他资金 (each blank where the file has none)
    indicators: Scoring
    suggestions: list[Reviewed] = field(default_factory=list)  # each indicator's, in order
    rules: Rules = NATIONAL  # the outline's: 等级 thresholds, 执行率封顶

    @property
    def execution_rate(self) -> Decimal | None:
        return self.total.execution_rate

    @property
    def rate_score(self) -> Decimal | None:
        """分值 10 × min(执行率, 100%)."""
        rate = self.execution_rate
        return None if rate is None else RATE_WEIGHT * min(rate, HUNDRED) / HUNDRED

    @property
    def summed_score(self) -> Decimal | None:
        """The 预算执行率 score as shown (rounded) plus the indicators' 得分."""
        rate_score = self.rate_score
        return None if rate_score is None else rounded(rate_score) + self.indicators.score

    @property
    def cap(self) -> Decimal | None:
        """The highest 总分 the outline's 执行率封顶 allows this project, when it lowers it."""
        rate, summed = self.execution_rate, self.summed_score
        if rate is None or summed is None:
            return None
        cap = self.rules.execution_cap(rounded(rate))
        return cap if cap is not None and summed > cap else None

    @property
    def score(self) -> Decimal | None:
        """总分: the summed score, at most the 执行率封顶's cap where the outline's rules set one."""
        cap = self.cap
        return self.summed_score if cap is None else cap

    @property
    def weight(self) -> Decimal:
        return RATE_WEIGHT + self.indicators.weight

    @property
    def grade(self) -> str | None:
        score = self.score
        return None if score is None else grade_for(score, self.rules.grades)


def project_table(project: Project, line: Line, rules: Rules = NATIONAL) -> ProjectTable:
    named = {name: Line.of(name, amount) for name, amount in project.funding.items()}
    sources = [named.pop(name, Line(name, None)) for name in PROJECT_SOURCES]
    indicators = score_levels(project.indicators, rules.grades)
    return ProjectTable(
        project=project,
        total=line,
        sources=sources + list(named.values()),
        indicators=indicators,
        suggestions=review(indicators, overshoot=rules.overshoot),
        rules=rules,
    )


# 在职构成 categories that are not on the 编制 (编外): a category whose name holds one of these
# words. They are 在职 but do not count against the 编制, so 控制率 leaves them out. Any other
# category (行政人员, 事业编制人员, 在编正式职工...) counts as on the 编制.
OFF_ESTABLISHMENT_WORDS = (
    "劳务派遣",
    "派遣",
    "社会化",
    "编外",
    "非编",
    "非在编",
    "不在编",
    "无编制",
    "临时",
    "临聘",
    "外聘",
    "公益性岗位",
    "购买服务",
    "返聘",
)


def off_establishment(category: str) -> bool:
    """Whether an 在职构成 category (劳务派遣, 社会化工会工作者...) is not on the 编制."""
    return any(word in category for word in OFF_ESTABLISHMENT_WORDS)


@dataclass
class StaffFigures:
    """编制数, 实际在职人数 and 控制率 (编制内在职 / 编制) of one year.

    `off` holds the 在职构成 categories not on the 编制 (劳务派遣, 社会化工会工作者...): they are
    in 在职 but not in the count set against the 编制."""

    establishment: int | None
    serving: int | None
    off: dict[str, int] = field(default_factory=dict)

    @property
    def on_establishment(self) -> int | None:
        """编制内在职: 在职 less the categories not on the 编制."""
        return None if self.serving is None else self.serving - sum(self.off.values())

    @property
    def control_rate(self) -> Decimal | None:
        if self.on_establishment is None or self.establishment is None:
            return None
        return ratio_percent(Decimal(self.on_establishment), Decimal(self.establishment))

    @classmethod
    def of(cls, staff: Staff | None) -> StaffFigures:
        if staff is None:
            return cls(None, None)
        off = {k: v for k, v in staff.serving_breakdown.items() if off_establishment(k)}
        return cls(staff.establishment, staff.serving, off)


@dataclass
class BuildingFigures:
    """楼堂馆所控制情况 with 规模控制率 and 投资概算控制率."""

    buildings: Buildings

    @property
    def area_rate(self) -> Decimal | None:
        return ratio_percent(self.buildings.actual_area, self.buildings.approved_area)

    @property
    def investment_rate(self) -> Decimal | None:
        return ratio_percent(self.buildings.actual_investment, self.buildings.budget_investment)


def public_funds(basic_items: list[Line]) -> Line | None:
    """其中公用经费: the 明细 item that is the 一般商品和服务支出, when the file names one."""
    return next((line for line in basic_items if line.name in PUBLIC_FUNDS_NAMES), None)


def personnel_funds(basic_items: list[Line]) -> Line | None:
    """其中人员经费: the 明细 item that is the 工资福利支出, when the file names one."""
    return next((line for line in basic_items if line.name in PERSONNEL_FUNDS_NAMES), None)
