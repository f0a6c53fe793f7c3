"""The context a template renders from: the computed year as display text under Chinese names.

Presentation only: every figure arrives formatted (2 decimals, half-up), every figure the file does
not give is blank (`Unknown`), and whether a sentence is said is decided by the data (compute and
check), never here. Data is passed as values and escaped, never compiled as template: `{{ 7*7 }}`
typed in YAML stays literally that.
"""

from __future__ import annotations

from typing import Any

from genreport.contract.model import NarrativeItem
from genreport.documents.tables_context import scoring_rows, tables_context
from genreport.documents.wording import (
    chinese_ordinal,
    clause,
    enumeration,
    sentence,
    without_lead_in,
)
from genreport.figures.fmt import (
    change_phrase,
    money,
    money_or_blank,
    percent,
    percent_or_blank,
    rounded,
    score,
)
from genreport.figures.line import Line
from genreport.figures.year import SHARE_SETS, ProcurementFigures, YearView


def _against_budget(line: Line) -> str:
    """较预算增加8.70万元 / 较预算减少… / 与预算持平."""
    gap = line.deviation
    if gap is None:
        return ""
    if rounded(gap) == 0:
        return "与预算持平"
    return f"较预算{'增加' if gap > 0 else '减少'}{money(abs(gap))}万元"


class Unknown(dict[str, Any]):
    """A figure the file does not give: false in `{% if %}`, and every field of it is blank, so a
    table cell shows nothing rather than 0.00."""

    def __bool__(self) -> bool:
        return False


FIGURE_FIELDS = (
    "名称", "执行", "预算", "上年", "上年预算", "占比", "占所属", "执行率", "比上年", "预算比上年",
    "较预算", "说明", "用途", "偏差原因", "变动原因", "零",
)  # fmt: skip
UNFILLED = "（未填写）"


# Where each key a clerk fills reaches the documents: the context name a template uses to show it
# (`*`: any item of a list or table). A key whose name no template of the outline uses is shown
# nowhere, and check says so (documents/reach.py).
SHOWN_AS = {
    "前言": "前言",
    "概况.职能": "职能",
    "概况.重点工作": "重点工作",
    "概况.机构": "机构",
    "概况.人员": "人员",
    "收支总额.收入": "收入",
    "收支总额.支出": "支出总额",
    "收支总额.结转结余": "结转结余",
    "支出.基本支出.明细.*.说明": "基本支出明细.说明",
    "支出.项目支出.项目.*.用途": "项目.用途",
    "支出.项目支出.管理情况": "项目管理情况",
    "支出.资金来源": "资金来源",
    "支出.功能分类": "功能分类",
    "支出.三公经费": "三公经费",
    "支出.会议费": "会议费",
    "支出.培训费": "培训费",
    "支出.政府采购": "政府采购",
    "支出.政府性基金预算支出": "政府性基金预算支出",
    "支出.国有资本经营预算支出": "国有资本经营预算支出",
    "支出.社会保险基金预算支出": "社会保险基金预算支出",
    "支出.专项资金": "专项资金",
    "绩效目标.年初设定目标": "绩效目标.年初设定目标",
    "绩效目标.全年完成情况": "绩效目标.全年完成情况",
    "绩效目标.说明": "绩效目标.说明",
    "绩效情况": "绩效情况",
    "项目实施情况": "项目实施情况",
    "管理情况": "管理情况",
    "资产管理": "资产管理",
    "其他财政性资金": "其他财政性资金",
    "存在问题": "存在问题",
    "原因分析": "原因分析",
    "改进措施": "改进措施",
    "结果应用": "结果应用",
    "其他说明": "其他说明",
    "自评表": "指标行",
    "公开": "公开",
    "楼堂馆所": "楼堂馆所",
    "厉行节约": "厉行节约",
    "填报": "填报",
}


def unfilled(key: str) -> str:
    """The placeholder a report shows where the outline needs `key` and the file leaves it out.

    Templates call it as `{{ 未填写('支出.三公经费') }}`; check finds the same calls in the template
    to warn about each such key.
    """
    return UNFILLED


def figure(line: Line | None) -> dict[str, Any]:
    """A line as display text; `Unknown` when the line does not exist (templates test it with
    `if`). Each figure is blank when the file does not give it; `零` is true for a line stated as
    none (every figure given is 0)."""
    if line is None:
        return Unknown.fromkeys(FIGURE_FIELDS, "")
    return {
        "名称": line.name,
        "执行": money_or_blank(line.actual),
        "预算": money_or_blank(line.budget),
        "上年": money_or_blank(line.last_year),
        "上年预算": money_or_blank(line.last_year_budget),
        "占比": percent_or_blank(line.share),
        "占所属": percent_or_blank(line.group_share),
        "执行率": percent_or_blank(line.execution_rate),
        "比上年": change_phrase(line.change) if line.change else "",
        "预算比上年": change_phrase(line.budget_change) if line.budget_change else "",
        "较预算": _against_budget(line),
        "说明": without_lead_in(line.note),
        "用途": without_lead_in(line.purpose),
        "偏差原因": clause(line.deviation_reason),
        "变动原因": clause(line.change_reason),
        "零": line.is_nil,
    }


def _narrative(items: list[NarrativeItem]) -> list[dict[str, Any]]:
    return [
        {
            "标题": item.title or "",
            "标题句": sentence(item.title),
            "内容": sentence(item.text),
            "要点": [{"标题": clause(p.title), "内容": sentence(p.text)} for p in item.points],
        }
        for item in items
    ]


def build_context(view: YearView) -> dict[str, Any]:

    u = view.union
    overview = u.overview
    org = overview.organisation if overview else None
    staff = overview.staff if overview else None
    p = view.procurement
    scoring = view.scoring
    has_indicators = bool(scoring.first_levels)
    t = view.three_public
    three_public = figure(t.total)
    three_public["明细"] = [figure(x) for x in t.items]
    three_public["非零明细"] = [figure(x) for x in t.items if not x.is_nil]
    # With an item not written, the total is unknown: the report gives the items it has, says
    # which are none, and shows a placeholder for the rest (check says which to fill)
    three_public["为零项"] = "、".join(x.name for x in t.items if x.is_nil)
    three_public["未填写项"] = "、".join(t.unwritten)
    return {
        "单位名称": u.name or "",
        "年度": str(u.year or ""),
        "上一年度": str(u.year - 1) if u.year else "",
        "提纲": u.outline,
        "单位代码": u.unit_code or "",
        "前言": sentence(u.preface),
        "职能": [sentence(x) for x in overview.functions] if overview else [],
        "重点工作": [sentence(x) for x in overview.key_work] if overview else [],
        "机构": {
            "内设机构": "、".join(org.departments),
            "内设机构数": len(org.departments),
            # written as an empty list: the union states it has none
            "无内设机构": not org.departments and org.wrote("内设机构"),
            "下属单位": "、".join(org.subordinates),
            "下属单位数": len(org.subordinates),
            "说明": sentence(org.note),
        }
        if org
        else Unknown(),
        "人员": {
            "编制": str(staff.establishment) if staff.establishment is not None else "",
            "在职": str(staff.serving) if staff.serving is not None else "",
            "退休": str(staff.retired) if staff.retired is not None else "",
            "在职构成": "、".join(f"{k}{v}人" for k, v in staff.serving_breakdown.items()),
            "其他人员": "、".join(f"{k}{v}人" for k, v in staff.others.items()),
            "说明": sentence(staff.note),
        }
        if staff
        else Unknown(),
        "整体支出": figure(view.whole),
        "基本支出": figure(view.basic),
        "基本支出明细": [figure(x) for x in view.basic_items],
        "项目支出": figure(view.projects),
        "项目": [figure(x) for x in view.project_items],
        "项目管理情况": sentence(u.expenditure.projects.management)
        if u.expenditure and u.expenditure.projects
        else "",
        "资金来源": [figure(x) for x in view.funding_sources],
        # what the printed shares of each set add up to, where that is not 100.00%
        "占比合计": dict.fromkeys(SHARE_SETS, "")
        | {name: percent(total) for name, total in view.share_totals.items()},
        "功能分类": [figure(x) for x in view.functional],
        "三公经费": three_public,
        "因公出国费": figure(t.overseas),
        "公务用车费": figure(t.vehicles),
        "公务接待费": figure(t.reception),
        "会议费": figure(view.meetings),
        "培训费": figure(view.training),
        "政府采购": _procurement(p),
        # the 湖南 heading over these parts names those its section shows
        "三公会议培训采购": enumeration(
            three_public and "“三公”经费",
            view.meetings and "会议费",
            view.training and "培训费",
            p and "政府采购",
        ),
        "政府性基金预算支出": figure(view.government_funds),
        "国有资本经营预算支出": figure(view.state_capital),
        "社会保险基金预算支出": figure(view.social_insurance),
        "专项资金": [figure(x) for x in view.special_funds],
        "专项资金合计": figure(view.special_funds_total),
        "收入": figure(view.income),
        "支出总额": figure(view.spending),
        "结转结余": money_or_blank(view.carry_over),
        "绩效目标": {
            "年初设定目标": sentence(u.target.initial) if u.target else "",
            "全年完成情况": sentence(u.target.achieved) if u.target else "",
            "说明": sentence(u.target.note) if u.target else "",
        },
        "绩效情况": _narrative(u.performance),
        "项目实施情况": _narrative(u.implementation),
        "管理情况": sentence(u.management),
        "资产管理": sentence(u.assets),
        "其他财政性资金": sentence(u.other_funds),
        "存在问题": [sentence(x) for x in u.problems],
        "原因分析": [clause(x) for x in u.causes],
        "改进措施": [sentence(x) for x in u.remedies],
        "预算偏差": [figure(x) for x in view.budget_deviations],
        "结果应用": sentence(u.results_use),
        "其他说明": sentence(u.other_notes),
        "自评": {
            "总分": scoring.points(scoring.shown_score) if has_indicators else "",
            "等级": scoring.grade if has_indicators else "",
            "权重合计": score(scoring.weight) if has_indicators else "",
            "草稿": view.scoring_draft_line,
            "一级": [
                {"名称": f.name, "权重": score(f.weight), "得分": scoring.points(f.score)}
                for f in scoring.first_levels
            ],
        },
        "指标行": scoring_rows(view.scoring, view.suggestions),
        **tables_context(view),
        "公开": {
            "是否公开": u.disclosure.published or "",
            "网址": u.disclosure.url or "",
            "联系人": u.disclosure.contact or "",
            "联系电话": u.disclosure.phone or "",
            "备注": u.disclosure.remark or "",
        }
        if u.disclosure
        else "",
        "中文序号": chinese_ordinal,
        "未填写": unfilled,
    }


def _procurement(p: ProcurementFigures | None) -> dict[str, Any]:
    """政府采购: the total, the kinds the file gives, and the SME contracts with their shares of the
    total; every part the file leaves out is blank."""
    if p is None:
        return Unknown()
    total = figure(p.total)
    kinds = [x for x in (p.goods, p.works, p.services) if x is not None]
    return {
        **total,
        "总额": total["执行"],
        "有采购": not p.total.is_nil and p.total.actual is not None,
        "分类": [figure(x) for x in kinds if x.actual is not None],
        "货物": money_or_blank(p.goods.actual) if p.goods else "",
        "工程": money_or_blank(p.works.actual) if p.works else "",
        "服务": money_or_blank(p.services.actual) if p.services else "",
        "中小企业": money_or_blank(p.sme.actual) if p.sme else "",
        "中小企业占比": percent_or_blank(p.sme.share) if p.sme else "",
        "小微企业": money_or_blank(p.micro.actual) if p.micro else "",
        "小微企业占比": percent_or_blank(p.micro.share) if p.micro else "",
    }
