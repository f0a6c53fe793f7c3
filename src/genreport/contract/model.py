"""The data contract as types: one union's year, as a clerk writes it in YAML.

Every field names its Chinese key once, in `key()`; `describe.py` reads these declarations as the
one description that loading, `init`/`new` and the JSON Schema walk. Nothing here is computed;
`figures/year.py` derives totals, shares, rates and scores. Money and scores are `Decimal`, counts
`int`, and text is kept exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from genreport.contract.keys import BudgetFigures, ExplainedFigures, Figures, Located, Place, key


@dataclass
class Amount(Figures):
    """一笔金额 (万元): the actual figure with its budget, last year's, and the reasons for gaps.

    Any of the figures may be missing (a budget-only line is legal): what is missing is unknown, and
    nothing is computed from it. Where an amount is summed into the whole (明细, 资金来源, 功能分类),
    check requires its 执行.
    """

    SHORTHAND = "actual"

    note: str | None = key("说明", hint="这笔钱包括什么，写在金额之后")


@dataclass
class Organisation(Located):
    """概况.机构."""

    departments: list[str] = key(
        "内设机构", factory=list, hint="内设机构名称，每行一个", keep=True, none=[]
    )
    subordinates: list[str] = key(
        "下属单位", factory=list, hint="下属单位名称，每行一个", keep=True, none=[]
    )
    note: str | None = key("说明", hint="机构情况的补充说明")


@dataclass
class Staff(Located):
    """概况.人员."""

    establishment: int | None = key("编制", hint="编制人数（整数）")
    serving: int | None = key("在职", hint="年末在职人数（整数）")
    retired: int | None = key("退休", hint="退休人数（整数）")
    serving_breakdown: dict[str, int] = key(
        "在职构成", factory=dict, hint="在职人员构成，如“行政人员: 8”，合计须等于在职人数"
    )
    others: dict[str, int] = key("其他人员", factory=dict, hint="其他人员，如“遗属: 1”")
    note: str | None = key("说明", hint="人员情况的补充说明")


@dataclass
class Overview(Located):
    """概况: functions, key work, organisation and staff."""

    functions: list[str] = key(
        "职能", factory=list, scalar_ok=True, hint="部门主要职能，每行一条（以“- ”开头）"
    )
    key_work: list[str] = key("重点工作", factory=list, hint="年度重点工作，每行一条")
    organisation: Organisation | None = key("机构", hint="组织机构")
    staff: Staff | None = key("人员", hint="人员情况")


@dataclass
class Totals(Located):
    """收支总额: all-funds income and expenditure as stated by the union."""

    income: Amount | None = key("收入", hint="本级收入总额（万元）")
    expenditure: Amount | None = key("支出", hint="本级支出总额（万元）")
    carry_over: Decimal | None = key("结转结余", hint="年末结转结余（万元）")


@dataclass
class BasicExpenditure(ExplainedFigures):
    """支出.基本支出: its 执行 is the sum of 明细."""

    RESTATE = {"预算": {"hint": "基本支出全年预算数（各项都填了预算时可不填）", "seldom": True}}

    items: dict[str, Amount] = key(
        "明细",
        factory=dict,
        hint="基本支出各项，“名称: 金额”；基本支出执行数由程序合计",
        place=Place.LEAD,
    )


@dataclass
class Project(Figures):
    """支出.项目支出.项目 item."""

    RESTATE = {
        "执行": {"hint": "全年执行数", "required": True},
        "上年": {"hint": "上年执行数；不填时从上年数据文件按名称取"},
        "上年预算": {"hint": "上年预算数；不填时从上年数据文件按名称取"},
    }

    name: str | None = key("名称", required=True, hint="项目名称", keep=True, place=Place.LEAD)
    purpose: str | None = key("用途", hint="资金用途")
    funding: dict[str, Amount] = key(
        "资金来源",
        factory=dict,
        hint="项目资金按来源（当年财政拨款、上年结转、其他资金），“名称: 金额”，合计须等于项目的预算和执行",
    )
    department: str | None = key("主管部门", hint="主管部门（不填为本单位）", keep=True)
    implementer: str | None = key("实施单位", hint="实施单位（不填为本单位）", keep=True)
    annual_target: str | None = key("年度目标", hint="项目的年度总体目标")
    achieved: str | None = key("实际完成", hint="年度目标的实际完成情况")
    indicators: list[FirstLevel] = key(
        "绩效指标",
        factory=list,
        hint="项目绩效指标（产出、成本、效益、满意度，各一级的权重见提纲的评分规则），写法同自评表指标；预算执行率（10分）由程序计算",
    )


@dataclass
class ProjectExpenditure(ExplainedFigures):
    """支出.项目支出: its 执行 is the sum of 项目."""

    RESTATE = {"预算": {"hint": "项目支出全年预算数（各项目都填了预算时可不填）", "seldom": True}}

    projects: list[Project] = key(
        "项目",
        factory=list,
        hint="各项目，每个以“- 名称:”开头；项目支出执行数由程序合计",
        place=Place.LEAD,
    )
    management: str | None = key("管理情况", hint="项目资金管理情况")


@dataclass
class ThreePublic(Located):
    """支出.三公经费."""

    overseas: Amount | None = key("因公出国（境）费", hint="因公出国（境）费")
    vehicles: Amount | None = key("公务用车购置及运行维护费", hint="公务用车购置及运行维护费")
    reception: Amount | None = key("公务接待费", hint="公务接待费")
    vehicle_purchase: Amount | None = key(
        "公务用车购置", hint="其中公务用车购置费（与运行维护费合计为公务用车购置及运行维护费）"
    )
    vehicle_running: Amount | None = key("公务用车运行维护", hint="其中公务用车运行维护费")


@dataclass
class Procurement(Located):
    """支出.政府采购."""

    goods: Amount | None = key("货物", hint="货物类采购")
    works: Amount | None = key("工程", hint="工程类采购")
    services: Amount | None = key("服务", hint="服务类采购")
    sme_contracts: Amount | None = key("授予中小企业合同", hint="授予中小企业合同金额")
    micro_contracts: Amount | None = key("其中授予小微企业合同", hint="其中授予小微企业合同金额")


@dataclass
class SpecialFund(Located):
    """支出.专项资金 item: already inside 基本/项目, listed but never added to the whole."""

    name: str | None = key("名称", required=True, hint="专项资金名称", keep=True)
    actual: Decimal | None = key(
        "执行", required=True, hint="执行数（已含在基本支出或项目支出中，不再重复相加）"
    )
    purpose: str | None = key("用途", hint="资金用途")


@dataclass
class Expenditure(BudgetFigures):
    """支出: 整体支出's typed figures (its 执行 is 基本 + 项目) and its parts."""

    RESTATE = {
        "预算": {"hint": "整体支出全年预算数（基本、项目支出都有预算时可不填）", "seldom": True}
    }

    basic: BasicExpenditure | None = key("基本支出", hint="基本支出", none={"明细": {}})
    projects: ProjectExpenditure | None = key("项目支出", hint="项目支出", none={"项目": []})
    funding_sources: dict[str, Amount] = key(
        "资金来源", factory=dict, hint="按资金来源，“名称: 金额”，合计须等于整体支出"
    )
    functional: dict[str, Amount] = key(
        "功能分类", factory=dict, hint="按功能分类，“名称: 金额”，合计须等于整体支出"
    )
    three_public: ThreePublic | None = key(
        "三公经费",
        hint="“三公”经费",
        none={"因公出国（境）费": "0", "公务用车购置及运行维护费": "0", "公务接待费": "0"},
    )
    meetings: Amount | None = key("会议费", hint="会议费")
    training: Amount | None = key("培训费", hint="培训费")
    procurement: Procurement | None = key(
        "政府采购", hint="政府采购", none={"货物": "0", "工程": "0", "服务": "0"}
    )
    government_funds: Amount | None = key(
        "政府性基金预算支出", hint="政府性基金预算支出（没有填0）"
    )
    state_capital: Amount | None = key(
        "国有资本经营预算支出", hint="国有资本经营预算支出（没有填0）"
    )
    social_insurance: Amount | None = key(
        "社会保险基金预算支出", hint="社会保险基金预算支出（没有填0）"
    )
    special_funds: list[SpecialFund] = key(
        "专项资金",
        factory=list,
        hint="专项资金（已含在基本、项目支出中），每项以“- 名称:”开头",
        none=[],
    )


@dataclass
class Target(Located):
    """绩效目标."""

    initial: str | None = key("年初设定目标", hint="年初设定的年度总体目标")
    achieved: str | None = key("全年完成情况", hint="全年完成情况")
    note: str | None = key("说明", hint="补充说明")


@dataclass
class Point(Located):
    """A 要点 of a narrative item: a text, or 标题 + 内容."""

    SHORTHAND = "text"

    title: str | None = key("标题", hint="要点标题")
    text: str | None = key("内容", hint="要点内容")


@dataclass
class NarrativeItem(Located):
    """An item of 绩效情况 / 项目实施情况: a text, or 标题 + 要点."""

    SHORTHAND = "text"

    title: str | None = key("标题", hint="标题")
    points: list[Point] = key("要点", factory=list, hint="要点，每行一条")
    text: str | None = key("内容", hint="内容")


@dataclass
class Indicator(Located):
    """自评表 三级指标."""

    name: str | None = key("名称", required=True, hint="三级指标名称", keep=True)
    weight: Decimal | None = key("分值", required=True, hint="分值", keep=True)
    target: str | None = key("指标值", hint="年度指标值", keep=True)
    achieved: str | None = key("完成值", hint="全年完成值")
    score: Decimal | None = key("得分", required=True, hint="自评得分，不超过分值")
    deviation_reason: str | None = key("偏差原因", hint="扣分或偏差的原因")


@dataclass
class SecondLevel(Located):
    """自评表 二级指标."""

    name: str | None = key("名称", required=True, hint="二级指标名称", keep=True)
    weight: Decimal | None = key("权重", hint="权重（可不填，由程序合计三级分值）", keep=True)
    indicators: list[Indicator] = key("三级", factory=list, required=True, hint="三级指标")


@dataclass
class FirstLevel(Located):
    """自评表 一级指标."""

    name: str | None = key("一级", required=True, hint="一级指标名称", keep=True)
    weight: Decimal | None = key("权重", hint="权重（可不填，由程序合计）", keep=True)
    second: list[SecondLevel] = key("二级", factory=list, required=True, hint="二级指标")


@dataclass
class ScoringInput(Located):
    """自评表."""

    first: list[FirstLevel] = key("指标", factory=list, hint="自评表指标，权重合计须为100")


@dataclass
class Buildings(Located):
    """楼堂馆所: the scale and investment of buildings completed this year."""

    approved_area: Decimal | None = key("批复规模", hint="批复规模（平方米）")
    actual_area: Decimal | None = key("实际规模", hint="实际规模（平方米）")
    budget_investment: Decimal | None = key("预算投资", hint="预算投资（万元）")
    actual_investment: Decimal | None = key("实际投资", hint="实际投资（万元）")


@dataclass
class Signatures(Located):
    """填报: the lines under the tables."""

    head: str | None = key("单位负责人", hint="单位负责人", keep=True)
    preparer: str | None = key("填报人", hint="填表人", keep=True)
    phone: str | None = key("联系电话", hint="联系电话", keep=True)
    date: str | None = key("填报日期", hint="填报日期，如 2024年3月15日")


@dataclass
class Disclosure(Located):
    """公开: the row of the 绩效自评公开网址统计表."""

    published: str | None = key("是否公开", hint="是否公开（是/否）", keep=True)
    url: str | None = key("网址", hint="公开网址", keep=True)
    contact: str | None = key("联系人", hint="联系人", keep=True)
    phone: str | None = key("联系电话", hint="联系电话", keep=True)
    remark: str | None = key("备注", hint="备注")


@dataclass
class UnionYear(Located):
    """One union's year: the root of a data file."""

    name: str | None = key("单位名称", required=True, hint="单位全称，须与文件名相同", keep=True)
    year: int | None = key("年度", required=True, hint="报告年度，须与所在文件夹相同")
    outline: str = key(
        "提纲", default="湖南", hint="报告提纲（templates/ 下的文件夹名），默认湖南", keep=True
    )
    unit_code: str | None = key("单位代码", hint="单位代码（公开网址统计表用）", keep=True)
    preface: str | None = key("前言", hint="报告开头的一段话")
    overview: Overview | None = key("概况", hint="部门概况")
    totals: Totals | None = key("收支总额", hint="本级收支总额，金额单位均为万元")
    expenditure: Expenditure | None = key("支出", hint="部门整体支出，金额单位均为万元")
    target: Target | None = key("绩效目标", hint="年度总体绩效目标")
    performance: list[NarrativeItem] = key(
        "绩效情况", factory=list, hint="部门整体支出绩效情况，每项为一段文字，或“标题”加“要点”"
    )
    implementation: list[NarrativeItem] = key(
        "项目实施情况", factory=list, hint="部门项目组织实施情况，写法同绩效情况"
    )
    management: str | None = key("管理情况", hint="资金管理情况")
    assets: str | None = key("资产管理", hint="资产管理情况")
    other_funds: str | None = key("其他财政性资金", hint="其他财政性资金情况")
    problems: list[str] = key(
        "存在问题", factory=list, hint="存在的主要问题，每行一条", none=["无"]
    )
    causes: list[str] = key("原因分析", factory=list, hint="问题的原因，每行一条", none=["无"])
    remedies: list[str] = key(
        "改进措施", factory=list, hint="改进措施和建议，每行一条", none=["无"]
    )
    results_use: str | None = key("结果应用", hint="绩效自评结果的应用和公开情况")
    other_notes: str | None = key("其他说明", hint="其他需要说明的情况（没有写“无”）")
    scoring: ScoringInput | None = key("自评表", hint="部门整体支出绩效自评表")
    disclosure: Disclosure | None = key("公开", hint="绩效自评公开网址统计表")
    buildings: Buildings | None = key(
        "楼堂馆所", hint="楼堂馆所控制情况（本年完工项目），基础数据表用"
    )
    frugality: str | None = key("厉行节约", hint="厉行节约保障措施，基础数据表用")
    signatures: Signatures | None = key("填报", hint="表格下方的填报信息")
