"""The data contract as types: one union's year, as a clerk writes it in YAML.

Every field names its Chinese key once, in `key()`. Nothing here is computed; `compute.py` derives
totals, shares, rates and scores from these values. Money and scores are `Decimal`, counts `int`, and
text is kept exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def key(
    chinese: str,
    *,
    default: Any = None,
    required: bool = False,
    scalar_ok: bool = False,
    factory: Any = None,
) -> Any:
    """Declare a field by its YAML key.

    `required` fields must be present and non-empty; `scalar_ok` lets a list field be written as a
    single text (概况.职能 may be one paragraph or a list).
    """
    meta = {"key": chinese, "required": required, "scalar_ok": scalar_ok}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Located:
    """Where a mapping came from: its key path in the file (e.g. `支出.基本支出`)."""

    path: str = field(default="", kw_only=True, repr=False, compare=False)


# A dataclass whose `SHORTHAND` names a field may be written as a bare scalar that fills that field
# (an amount written as `8.28` means `{执行: 8.28}`).


@dataclass
class Amount(Located):
    """一笔金额 (万元): the actual figure with its budget, last year's, and the reasons for gaps."""

    SHORTHAND = "actual"

    actual: Decimal | None = key("执行", required=True)
    budget: Decimal | None = key("预算")
    last_year: Decimal | None = key("上年")
    last_year_budget: Decimal | None = key("上年预算")
    note: str | None = key("说明")
    deviation_reason: str | None = key("偏差原因")
    change_reason: str | None = key("变动原因")


@dataclass
class Organisation(Located):
    """概况.机构."""

    departments: list[str] = key("内设机构", factory=list)
    subordinates: list[str] = key("下属单位", factory=list)
    note: str | None = key("说明")


@dataclass
class Staff(Located):
    """概况.人员."""

    establishment: int | None = key("编制")
    serving: int | None = key("在职")
    retired: int | None = key("退休")
    serving_breakdown: dict[str, int] = key("在职构成", factory=dict)
    others: dict[str, int] = key("其他人员", factory=dict)
    note: str | None = key("说明")


@dataclass
class Overview(Located):
    """概况: functions, key work, organisation and staff."""

    functions: list[str] = key("职能", factory=list, scalar_ok=True)
    key_work: list[str] = key("重点工作", factory=list)
    organisation: Organisation | None = key("机构")
    staff: Staff | None = key("人员")


@dataclass
class Totals(Located):
    """收支总额: all-funds income and expenditure as stated by the union."""

    income: Amount | None = key("收入")
    expenditure: Amount | None = key("支出")
    carry_over: Decimal | None = key("结转结余")


@dataclass
class BasicExpenditure(Located):
    """支出.基本支出: its 执行 is the sum of 明细."""

    items: dict[str, Amount] = key("明细", factory=dict)
    budget: Decimal | None = key("预算")
    last_year: Decimal | None = key("上年")
    last_year_budget: Decimal | None = key("上年预算")
    deviation_reason: str | None = key("偏差原因")
    change_reason: str | None = key("变动原因")


@dataclass
class Project(Located):
    """支出.项目支出.项目 item."""

    name: str | None = key("名称", required=True)
    actual: Decimal | None = key("执行", required=True)
    budget: Decimal | None = key("预算")
    last_year: Decimal | None = key("上年")
    last_year_budget: Decimal | None = key("上年预算")
    purpose: str | None = key("用途")
    deviation_reason: str | None = key("偏差原因")
    change_reason: str | None = key("变动原因")


@dataclass
class ProjectExpenditure(Located):
    """支出.项目支出: its 执行 is the sum of 项目."""

    projects: list[Project] = key("项目", factory=list)
    budget: Decimal | None = key("预算")
    last_year: Decimal | None = key("上年")
    last_year_budget: Decimal | None = key("上年预算")
    management: str | None = key("管理情况")
    deviation_reason: str | None = key("偏差原因")
    change_reason: str | None = key("变动原因")


@dataclass
class ThreePublic(Located):
    """支出.三公经费."""

    overseas: Amount | None = key("因公出国（境）费")
    vehicles: Amount | None = key("公务用车购置及运行维护费")
    reception: Amount | None = key("公务接待费")


@dataclass
class Procurement(Located):
    """支出.政府采购."""

    goods: Amount | None = key("货物")
    works: Amount | None = key("工程")
    services: Amount | None = key("服务")
    sme_contracts: Amount | None = key("授予中小企业合同")
    micro_contracts: Amount | None = key("其中授予小微企业合同")


@dataclass
class SpecialFund(Located):
    """支出.专项资金 item: already inside 基本/项目, listed but never added to the whole."""

    name: str | None = key("名称", required=True)
    actual: Decimal | None = key("执行", required=True)
    purpose: str | None = key("用途")


@dataclass
class Expenditure(Located):
    """支出."""

    budget: Decimal | None = key("预算")
    last_year: Decimal | None = key("上年")
    last_year_budget: Decimal | None = key("上年预算")
    basic: BasicExpenditure | None = key("基本支出")
    projects: ProjectExpenditure | None = key("项目支出")
    funding_sources: dict[str, Amount] = key("资金来源", factory=dict)
    functional: dict[str, Amount] = key("功能分类", factory=dict)
    three_public: ThreePublic | None = key("三公经费")
    meetings: Amount | None = key("会议费")
    training: Amount | None = key("培训费")
    procurement: Procurement | None = key("政府采购")
    government_funds: Amount | None = key("政府性基金预算支出")
    state_capital: Amount | None = key("国有资本经营预算支出")
    social_insurance: Amount | None = key("社会保险基金预算支出")
    special_funds: list[SpecialFund] = key("专项资金", factory=list)


@dataclass
class Target(Located):
    """绩效目标."""

    initial: str | None = key("年初设定目标")
    achieved: str | None = key("全年完成情况")
    note: str | None = key("说明")


@dataclass
class Point(Located):
    """A 要点 of a narrative item: a text, or 标题 + 内容."""

    SHORTHAND = "text"

    title: str | None = key("标题")
    text: str | None = key("内容")


@dataclass
class NarrativeItem(Located):
    """An item of 绩效情况 / 项目实施情况: a text, or 标题 + 要点."""

    SHORTHAND = "text"

    title: str | None = key("标题")
    points: list[Point] = key("要点", factory=list)
    text: str | None = key("内容")


@dataclass
class Indicator(Located):
    """自评表 三级指标."""

    name: str | None = key("名称", required=True)
    weight: Decimal | None = key("分值", required=True)
    target: str | None = key("指标值")
    achieved: str | None = key("完成值")
    score: Decimal | None = key("得分", required=True)
    deviation_reason: str | None = key("偏差原因")


@dataclass
class SecondLevel(Located):
    """自评表 二级指标."""

    name: str | None = key("名称", required=True)
    weight: Decimal | None = key("权重")
    indicators: list[Indicator] = key("三级", factory=list, required=True)


@dataclass
class FirstLevel(Located):
    """自评表 一级指标."""

    name: str | None = key("一级", required=True)
    weight: Decimal | None = key("权重")
    second: list[SecondLevel] = key("二级", factory=list, required=True)


@dataclass
class ScoringInput(Located):
    """自评表."""

    first: list[FirstLevel] = key("指标", factory=list)


@dataclass
class Disclosure(Located):
    """公开: the row of the 绩效自评公开网址统计表."""

    published: str | None = key("是否公开")
    url: str | None = key("网址")
    contact: str | None = key("联系人")
    phone: str | None = key("联系电话")
    remark: str | None = key("备注")


@dataclass
class UnionYear(Located):
    """One union's year: the root of a data file."""

    name: str | None = key("单位名称", required=True)
    year: int | None = key("年度", required=True)
    outline: str = key("提纲", default="湖南")
    unit_code: str | None = key("单位代码")
    preface: str | None = key("前言")
    overview: Overview | None = key("概况")
    totals: Totals | None = key("收支总额")
    expenditure: Expenditure | None = key("支出")
    target: Target | None = key("绩效目标")
    performance: list[NarrativeItem] = key("绩效情况", factory=list)
    implementation: list[NarrativeItem] = key("项目实施情况", factory=list)
    management: str | None = key("管理情况")
    assets: str | None = key("资产管理")
    other_funds: str | None = key("其他财政性资金")
    problems: list[str] = key("存在问题", factory=list)
    causes: list[str] = key("原因分析", factory=list)
    remedies: list[str] = key("改进措施", factory=list)
    results_use: str | None = key("结果应用")
    other_notes: str | None = key("其他说明")
    scoring: ScoringInput | None = key("自评表")
    disclosure: Disclosure | None = key("公开")
