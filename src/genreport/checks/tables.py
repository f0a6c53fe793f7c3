"""The rules of the tables (the 基础数据表 and the project tables, see `figures/tables.py`), and the
得分 rules every indicator table shares (the 自评表's and each project's 绩效指标). Where a rule is
the outline's (`contract/rules.py`: 一级 weights, 三级分值不超过一级权重, 执行率封顶), its message
cites where it comes from: 财预〔2020〕10号's article, or the rules file and its line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from genreport.checks.score_messages import score_help_message
from genreport.contract.rules import ARTICLE_13, RATE_ROW, Weights, category_of
from genreport.figures.fmt import money, percent, rounded, score
from genreport.figures.line import sum_if_all
from genreport.figures.scoring import Scoring
from genreport.figures.suggest import Group, weight_deviations
from genreport.figures.tables import RATE_WEIGHT, ProjectTable
from genreport.figures.year import YearView

if TYPE_CHECKING:
    from collections.abc import Sequence

    from genreport.checks.findings import Findings
    from genreport.figures.line import Line
    from genreport.figures.scoring import ScoredGroup
    from genreport.figures.suggest import Reviewed

PROJECT_INDICATORS = Decimal(90)  # with the 预算执行率 row's 10, a project table scores 100


def indicator_rules(found: Findings, scoring: Scoring, suggestions: list[Reviewed]) -> None:
    """Stated 权重 agree with their parts; 得分 never above 分值, and below it only with a reason,
    unless it is the score 财预〔2020〕10号 suggests, as `check --scores` shows it (9.77): the
    完成值 against the 指标值 is the reason then, and the table shows both."""
    as_suggested = {
        id(r.indicator)
        for r in suggestions
        if r.suggestion.score is not None and rounded(r.suggestion.score) == r.indicator.score
    }
    for first in scoring.first_levels:
        _stated_weight(found, first)
        for second in first.children:
            _stated_weight(found, second)
            for indicator in second.children:
                key = f"{indicator.path}.得分"
                if indicator.score > indicator.weight:
                    found.error(
                        key,
                        f"得分{score(indicator.score)}高于分值{score(indicator.weight)}，"
                        "得分不能超过分值，请改正。",
                    )
                elif (
                    indicator.score < indicator.weight
                    and not indicator.deviation_reason
                    and id(indicator) not in as_suggested
                ):
                    found.warning(
                        key,
                        f"得分{score(indicator.score)}低于分值{score(indicator.weight)}，"
                        "请在“偏差原因”中说明扣分原因。",
                    )


def _stated_weight(found: Findings, group: ScoredGroup[Any]) -> None:
    if group.stated_weight is not None and group.stated_weight != group.weight:
        found.error(
            f"{group.path}.权重",
            f"填写的权重为{score(group.stated_weight)}，但其下各项分值合计为"
            f"{score(group.weight)}。请改正，或删除“权重”由程序自动合计。",
        )


def table_rules(found: Findings, view: YearView) -> None:
    """Each project table's 分值 and 资金来源; the 自评表's 一级 weights where the outline fixes them;
    the 公务用车 split against its whole."""
    rules = view.rules
    if rules.scoring is not None and view.scoring.first_levels:
        key = "自评表.指标"
        _weights(found, key, "自评表", view.scoring.first_levels, rules.scoring)
        if rules.within_first_level.on:
            _within(
                found,
                "自评表",
                view.scoring.first_levels,
                rules.scoring,
                rules.within_first_level.basis,
            )
    for table in view.project_tables:
        project = table.project
        if table.indicators.first_levels:
            if table.indicators.weight != PROJECT_INDICATORS:
                found.error(
                    f"{project.path}.绩效指标",
                    f"项目“{project.name}”的绩效指标分值合计为{score(table.indicators.weight)}分，"
                    f"加上预算执行率的{score(RATE_WEIGHT)}分应为100分，请把指标分值合计调整为"
                    f"{score(PROJECT_INDICATORS)}分。",
                )
            indicator_rules(found, table.indicators, table.suggestions)
            _project_scores(found, table)
            if not project.funding:
                found.warning(
                    f"{project.path}.资金来源",
                    f"项目“{project.name}”没有填写“资金来源”，项目支出绩效自评表中当年财政拨款、"
                    "上年结转资金、其他资金三行将空白。请填写（各来源的预算、执行合计应等于项目的"
                    "预算、执行）；确实没有的来源，填0。",
                )
        given = [line for line in table.sources if line.path]
        if given:
            _parts_add_up(
                found,
                f"{project.path}.资金来源",
                given,
                table.total,
                f"项目“{project.name}”各资金来源",
                "项目",
            )
    t = view.three_public
    if t.vehicles is not None and t.vehicle_purchase and t.vehicle_running:
        _parts_add_up(
            found,
            t.vehicles.path,
            [t.vehicle_purchase, t.vehicle_running],
            t.vehicles,
            "公务用车购置和公务用车运行维护",
            "公务用车购置及运行维护费",
        )


def _parts_add_up(
    found: Findings, key: str, parts: list[Line], whole: Line, parts_name: str, whole_name: str
) -> None:
    """The parts' 执行 and 预算 each sum to the whole's, where all of them are given."""
    for attr, label in (("actual", "执行"), ("budget", "预算")):
        summed = sum_if_all(getattr(line, attr) for line in parts)
        total = getattr(whole, attr)
        if summed is not None and total is not None and summed != total:
            found.error(
                key,
                f"{parts_name}的{label}数合计{money(summed)}万元，"
                f"与{whole_name}的{label}数{money(total)}万元不一致，请核对。",
            )


@dataclass(frozen=True)
class _RateRow:
    """The 预算执行率 row, an 一级 part of every project table."""

    name: str = RATE_ROW
    weight: Decimal = RATE_WEIGHT


def _project_scores(found: Findings, table: ProjectTable) -> None:
    """Suggested scores for the project's indicators (财预〔2020〕10号 第十六条), one warning where
    its 一级 weights depart from the outline's (第十三条's 10/50/30/10 unless its rules say
    otherwise), and the outline's local rules where they apply."""
    for reviewed in table.suggestions:
        message = score_help_message(reviewed.indicator, reviewed.suggestion)
        if message:
            found.warning(f"{reviewed.indicator.path}.得分", message)
    rules, project = table.rules, table.project
    groups: list[Group] = [_RateRow(), *table.indicators.first_levels]
    _weights(found, f"{project.path}.绩效指标", f"项目“{project.name}”", groups, rules.project)
    if rules.within_first_level.on:
        within = rules.within_first_level.basis
        _within(
            found, f"项目“{project.name}”", table.indicators.first_levels, rules.project, within
        )
    cap, summed, rate = table.cap, table.summed_score, table.execution_rate
    if cap is not None and summed is not None and rate is not None:
        found.warning(
            f"{project.path}.执行",
            f"项目“{project.name}”预算执行率{percent(rate)}，按{rules.execution_caps.basis}的"
            f"执行率封顶，总分最高{score(cap)}分：各项得分合计{money(summed)}分，项目支出绩效"
            f"自评表的总分记为{money(cap)}分，等级为“{table.grade}”。",
        )


def _weights(
    found: Findings, key: str, whose: str, groups: Sequence[Group], rules: Weights
) -> None:
    """One warning where a table's 一级 weights depart from the rules'."""
    deviations = weight_deviations(groups, rules)
    if not deviations:
        return
    typed = "、".join(
        f"{d.part}{'未设' if d.actual is None else score(d.actual) + '分'}" for d in deviations
    )
    stated = "原则上" if rules.basis == ARTICLE_13 else "规定"
    found.warning(
        key,
        f"{whose}的一级指标权重（{typed}）与{rules.basis}{stated}的{rules.names}不同；"
        "有特殊情况可以调整，请确认。",
    )


def _within(
    found: Findings, whose: str, firsts: list[ScoredGroup[Any]], rules: Weights, basis: str
) -> None:
    """三级分值不超过一级权重: each 一级's 三级 分值 sum within the rules' weight of its category."""
    for first in firsts:
        part = category_of(first.name, rules.parts)
        if part is not None and first.weight > rules.parts[part]:
            found.error(
                f"{first.path}.二级",
                f"{whose}的一级指标“{first.name}”下各三级指标分值合计{score(first.weight)}分，"
                f"超过{part}的权重{score(rules.parts[part])}分（{basis}：三级分值不超过一级权重），"
                "请调整。",
            )
