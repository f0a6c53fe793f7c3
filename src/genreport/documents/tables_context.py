"""The context of the 基础数据表 and the 项目支出绩效自评表: the same computed figures as the report,
as display text, every figure the file does not give left blank."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from genreport.documents.wording import sentence
from genreport.figures.fmt import money, money_or_blank, percent, percent_or_blank, score
from genreport.figures.line import Line
from genreport.figures.scoring import Scoring
from genreport.figures.suggest import FigureKind, Reviewed
from genreport.figures.tables import RATE_WEIGHT, ProjectTable, StaffFigures
from genreport.figures.year import YearView

INDENT = "　　"  # two full-width spaces before a 其中 row


def _row(label: str, line: Line | None) -> dict[str, Any]:
    """A 基础数据表 row of money: 上年决算数, 本年预算数, 本年决算数."""
    if line is None:
        return {"项目": label, "上年决算数": "", "本年预算数": "", "本年决算数": ""}
    return {
        "项目": label,
        "上年决算数": money_or_blank(line.last_year),
        "本年预算数": money_or_blank(line.budget),
        "本年决算数": money_or_blank(line.actual),
    }


def _staff_rows(this: StaffFigures, last: StaffFigures) -> list[dict[str, Any]]:
    def count(value: int | None) -> str:
        return "" if value is None else str(value)

    # Where a year's 在职 holds staff off the 编制 (劳务派遣...), the row counts only those on it,
    # and says so, so that 控制率 is true of the row above it.
    serving = "实际在职人数（人，编制内）" if this.off or last.off else "实际在职人数（人）"
    return [
        {
            "项目": "编制数（人）",
            "上年决算数": count(last.establishment),
            # 编制 is fixed for the year: the budget and the final accounts state the same figure
            "本年预算数": count(this.establishment),
            "本年决算数": count(this.establishment),
        },
        {
            "项目": serving,
            "上年决算数": count(last.on_establishment),
            "本年预算数": "",
            "本年决算数": count(this.on_establishment),
        },
        {
            "项目": "控制率（在职人数÷编制数）",
            "上年决算数": percent_or_blank(last.control_rate),
            "本年预算数": "",
            "本年决算数": percent_or_blank(this.control_rate),
        },
    ]


def basic_data_rows(view: YearView) -> list[dict[str, Any]]:
    """The 基础数据表's rows, in the order of the 湖南 form."""
    procurement = view.procurement.total if view.procurement else None
    three_public = view.three_public
    return [
        *_staff_rows(view.staff, view.last_staff),
        # the form's 支出总额 row: 部门整体支出 (基本 + 项目), named so, since the report calls the
        # all-funds 收支总额 全部资金支出
        _row("部门整体支出（万元）", view.whole),
        _row("1．基本支出", view.basic),
        _row(f"{INDENT}其中：公用经费", view.public_funds),
        _row("2．项目支出", view.projects),
        _row(f"{INDENT}其中：运行维护经费", None),  # no key in the contract yet: left blank
        *[_row(f"{INDENT}{line.name}", line) for line in view.project_items],
        _row("3．“三公”经费", three_public.total),
        _row(f"{INDENT}公务用车购置和维护经费", three_public.vehicles),
        _row(f"{INDENT * 2}其中：公车购置", three_public.vehicle_purchase),
        _row(f"{INDENT * 2}公车运行维护", three_public.vehicle_running),
        _row(f"{INDENT}出国经费", three_public.overseas),
        _row(f"{INDENT}公务接待", three_public.reception),
        _row("4．政府采购金额", procurement),
    ]


def _buildings(view: YearView) -> dict[str, Any]:
    b = view.buildings
    if b is None:
        return dict.fromkeys(
            ("批复规模", "实际规模", "规模控制率", "预算投资", "实际投资", "投资概算控制率"), ""
        )
    return {
        "批复规模": money_or_blank(b.buildings.approved_area),
        "实际规模": money_or_blank(b.buildings.actual_area),
        "规模控制率": percent_or_blank(b.area_rate),
        "预算投资": money_or_blank(b.buildings.budget_investment),
        "实际投资": money_or_blank(b.buildings.actual_investment),
        "投资概算控制率": percent_or_blank(b.investment_rate),
    }


def _computed_achieved(suggestions: Sequence[Reviewed]) -> dict[str, str]:
    """The 完成值 of each 预算执行率 indicator the clerk leaves without one: the rate as the table
    above it shows it (the 自评表 cannot show two 执行率), by the indicator's key path."""
    return {
        r.indicator.path: percent(r.suggestion.figure.rate)
        for r in suggestions
        if not (r.indicator.achieved or "").strip()
        and r.suggestion.figure is not None
        and r.suggestion.figure.kind == FigureKind.EXECUTION_RATE
    }


def scoring_rows(
    scoring: Scoring,
    suggestions: Sequence[Reviewed] = (),
    points: Callable[[Decimal], str] | None = None,
) -> list[dict[str, Any]]:
    """One row per 三级指标; the 一级 and 二级 cells only on the first row of their group, so the
    table merges the empty cells into the one above (the template marks them `{% 上合并 %}`).

    `points` formats the 得分 column, one format in one column: the 自评表's by `Scoring.points`
    (whole scores as typed, else every one to 2 places), a project table's to 2 places like its
    computed 预算执行率 score and 总分. An
    empty 完成值 of an indicator naming a computed rate shows that rate (`suggestions`)."""
    computed = _computed_achieved(suggestions)
    printed = scoring.points if points is None else points
    rows = []
    for first in scoring.first_levels:
        for s_index, second in enumerate(first.children):
            for i_index, indicator in enumerate(second.children):
                top_of_first = s_index == 0 and i_index == 0
                rows.append(
                    {
                        "一级": first.name if top_of_first else "",
                        "权重": score(first.weight) if top_of_first else "",
                        "二级": f"{second.name}（{score(second.weight)}）" if i_index == 0 else "",
                        "二级名称": second.name if i_index == 0 else "",
                        "三级": f"{indicator.name}（{score(indicator.weight)}分）",
                        "三级名称": indicator.name,
                        "指标值": indicator.target or "",
                        "完成值": indicator.achieved or computed.get(indicator.path, ""),
                        "分值": score(indicator.weight),
                        "得分": printed(indicator.score),
                        "偏差原因": indicator.deviation_reason or "",
                    }
                )
    return rows


def _money_rows(table: ProjectTable) -> list[dict[str, Any]]:
    """年度资金总额 and its sources: 年初预算数, 全年预算数, 全年执行数 and 执行率 on every row; 分值 and
    得分 on the total only (a dash on the sources' rows, as 财预〔2020〕10号 附1 has it)."""
    labels = {"当年财政拨款": "其中：当年财政拨款", "上年结转": "上年结转资金"}
    rows = [
        {
            "名称": "年度资金总额",
            "年初预算": money_or_blank(table.total.initial_budget),
            "预算": money_or_blank(table.total.budget),
            "执行": money_or_blank(table.total.actual),
            "分值": score(RATE_WEIGHT),
            "执行率": percent_or_blank(table.execution_rate),
            "得分": money_or_blank(table.rate_score),
        }
    ]
    for line in table.sources:
        rows.append(
            {
                "名称": labels.get(line.name, line.name),
                "年初预算": money_or_blank(line.initial_budget),
                "预算": money_or_blank(line.budget),
                "执行": money_or_blank(line.actual),
                "分值": "—",
                "执行率": percent_or_blank(line.execution_rate),
                "得分": "—",
            }
        )
    return rows


def _project(view: YearView, table: ProjectTable) -> dict[str, Any]:
    p = table.project
    own = view.union.name or ""
    return {
        "名称": p.name or "",
        "主管部门": p.department or own,
        "实施单位": p.implementer or own,
        "资金": _money_rows(table),
        "年度目标": sentence(p.annual_target),
        "实际完成": sentence(p.achieved),
        "指标行": scoring_rows(table.indicators, table.suggestions, points=money),
        "满分": score(table.weight),
        "总分": money_or_blank(table.score),
        "等级": table.grade or "",
    }


def tables_context(view: YearView) -> dict[str, Any]:
    """The names the 基础数据表 and the project tables render from, beside the report's."""
    s = view.union.signatures
    return {
        "基础数据": basic_data_rows(view),
        "楼堂馆所": _buildings(view),
        "厉行节约": sentence(view.union.frugality),
        "填报": {
            "单位负责人": s.head or "",
            "填报人": s.preparer or "",
            "联系电话": s.phone or "",
            "填报日期": s.date or "",
        }
        if s
        else dict.fromkeys(("单位负责人", "填报人", "联系电话", "填报日期"), ""),
        "项目表": [
            _project(view, table) for table in view.project_tables if table.indicators.first_levels
        ],
    }
