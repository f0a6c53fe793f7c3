"""Build the shipped 湖南 templates (report and scoring table) as Word files.

Run `python scripts/build_templates.py` after changing the wording here; clerks then edit the .docx
files themselves in Word or WPS. Every `{{ … }}` name is one `render.build_context` provides.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from genreport.documents.docstyle import apply_official_format  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "genreport" / "templates"

# One entry a paragraph: (style, text). Style "tag" is a docxtpl paragraph tag ({%p … %}), which
# disappears with its paragraph; "page" starts a new page.
H1, H2, H3, P, TAG = "Heading 1", "Heading 2", "Heading 3", "Normal", "tag"
LEAD = "引导段"  # a lead-in line ("其中：", "包括："): kept on the page of what follows it

# Blocks every outline shares: each states figures the same way wherever an outline puts them.
# A figure the file leaves out is never stated: a block tests it (an unknown figure is blank and
# false) and shows `未填写('key')`'s placeholder where the outline needs the section; `check` finds
# those calls in the template and warns about each key the file leaves out.


def when(condition: str, *entries, otherwise=None) -> list:
    """Paragraphs shown only when `condition` holds (else `otherwise`)."""
    return cases((condition, list(entries)), otherwise=otherwise)


def cases(*branches: tuple[str, list], otherwise=None) -> list:
    """{%p if %} … {%p elif %} … {%p else %} … {%p endif %}: the first branch whose condition
    holds."""
    body = []
    for index, (condition, entries) in enumerate(branches):
        body += [(TAG, f"{{%p {'if' if index == 0 else 'elif'} {condition} %}}"), *entries]
    if otherwise:
        body += [(TAG, "{%p else %}"), *otherwise]
    return [*body, (TAG, "{%p endif %}")]


def each(loop: str, entry, otherwise=None) -> list:
    body = [(TAG, f"{{%p for {loop} %}}"), entry]
    if otherwise:
        body += [(TAG, "{%p else %}"), otherwise]
    return [*body, (TAG, "{%p endfor %}")]


def missing(key: str) -> str:
    """The placeholder for a section the file leaves out (see render.unfilled)."""
    return f"{{{{ 未填写('{key}') }}}}"


def text_or_missing(name: str, key: str) -> str:
    return f"{{{{ {name} or 未填写('{key}') }}}}"


# Item numbers, written only when a list has more than one item.
NUM = "{% if loop.length > 1 %}（{{ loop.index }}）{% endif %}"
NUM_DOT = "{% if loop.length > 1 %}{{ loop.index }}．{% endif %}"
NUM_CN = "{% if loop.length > 1 %}（{{ 中文序号(loop.index) }}）{% endif %}"


def amount(x: str, verb: str = "") -> str:
    """An amount as far as the file gives it: 执行 (with its change on last year and budget), or
    for a budget-only amount the budget and its change on last year's budget."""
    return (
        f"{{% if {x}.执行 %}}{verb}{{{{ {x}.执行 }}}}万元{{% if {x}.比上年 %}}，{{{{ {x}.比上年 }}}}"
        f"{{% endif %}}{{% if {x}.预算 %}}，预算{{{{ {x}.预算 }}}}万元{{% endif %}}"
        f"{{% elif {x}.预算 %}}预算{{{{ {x}.预算 }}}}万元{{% if {x}.预算比上年 %}}，预算"
        f"{{{{ {x}.预算比上年 }}}}{{% endif %}}{{% endif %}}"
    )


FIGURE_PHRASE = "{{ x.名称 }}{{ x.执行 }}万元，占整体支出的{{ x.占比 }}"
# Shares of one whole whose printed (rounded) figures add up to other than 100.00% say so, beside
# them (each share stays the true share rounded; no figure of the file can remove the difference)
ROUNDED_SHARES = "{{% if 占比合计.{0} %}}（占比经四舍五入，合计为{{{{ 占比合计.{0} }}}}）{{% endif %}}"
ROUNDED_ITEM_SHARES = (
    "{{% if loop.last and 占比合计.{0} %}}（以上各项占比经四舍五入，合计为{{{{ 占比合计.{0} }}}}。）"
    "{{% endif %}}"
)

TITLE = [("Title", "{{ 单位名称 }}"), ("Title", "{{ 年度 }}年度部门整体支出绩效自评报告")]
TITLE_EVALUATION = [
    ("Title", "{{ 单位名称 }}"),
    ("Title", "{{ 年度 }}年度部门整体支出绩效评价报告"),
]
PREFACE = when("前言", (P, "{{ 前言 }}"))
FUNCTIONS = each("x in 职能", (P, NUM + "{{ x }}"), (P, missing("概况.职能")))
ORGANISATION = when(
    "机构",
    (
        P,
        "{% if 机构.内设机构 or 机构.无内设机构 or 机构.下属单位 %}{{ 单位名称 }}"
        "{% if 机构.内设机构 %}内设机构{{ 机构.内设机构数 }}个：{{ 机构.内设机构 }}"
        "{% elif 机构.无内设机构 %}无内设机构{% endif %}{% if 机构.下属单位 %}"
        "{% if 机构.内设机构 or 机构.无内设机构 %}；{% endif %}下属单位{{ 机构.下属单位数 }}个："
        "{{ 机构.下属单位 }}{% endif %}。{% endif %}{{ 机构.说明 }}",
    ),
    otherwise=[(P, "机构设置：" + missing("概况.机构"))],
)
STAFF = when(
    "人员",
    (
        P,
        "{% if 人员.在职 %}{{ 年度 }}年末，{{ 单位名称 }}{% if 人员.编制 %}核定编制{{ 人员.编制 }}人，"
        "{% endif %}实有在职人员{{ 人员.在职 }}人{% if 人员.在职构成 %}，其中{{ 人员.在职构成 }}"
        "{% endif %}{% if 人员.退休 %}；退休人员{{ 人员.退休 }}人{% endif %}{% if 人员.其他人员 %}；"
        "另有{{ 人员.其他人员 }}{% endif %}。{% endif %}{{ 人员.说明 }}",
    ),
    otherwise=[(P, "人员情况：" + missing("概况.人员"))],
)
KEY_WORK = when(
    "重点工作",
    (LEAD, "{{ 年度 }}年度重点工作："),
    *each("x in 重点工作", (P, NUM_DOT + "{{ x }}")),
)
# The whole's figures are stated once, in WHOLE, which every outline has right after the target.
TARGET = [
    *when(
        "绩效目标.年初设定目标",
        (P, "年初设定的整体支出绩效目标是：{{ 绩效目标.年初设定目标 }}"),
        otherwise=[(P, "年初设定的整体支出绩效目标：" + missing("绩效目标.年初设定目标"))],
    ),
    *when("绩效目标.说明", (P, "{{ 绩效目标.说明 }}")),
]
WHOLE = when(
    "整体支出.执行",
    (
        P,
        "{{ 年度 }}年度，{{ 单位名称 }}部门整体支出{{ 整体支出.执行 }}万元{% if 整体支出.预算 %}，"
        "全年预算{{ 整体支出.预算 }}万元，执行率{{ 整体支出.执行率 }}{% endif %}"
        "{% if 整体支出.比上年 %}，{{ 整体支出.比上年 }}{% endif %}。"
        # Parts only when both are spent: a part stated as none has the outline's 无 sentence
        "{% if 基本支出 and 项目支出 and not 基本支出.零 and not 项目支出.零 %}"
        "其中：基本支出{{ 基本支出.执行 }}万元，占整体支出的{{ 基本支出.占比 }}；"
        "项目支出{{ 项目支出.执行 }}万元，占整体支出的{{ 项目支出.占比 }}"
        + ROUNDED_SHARES.format("支出结构")
        + "。{% endif %}",
    ),
    otherwise=[(P, "部门整体支出：" + missing("支出.基本支出"))],
)
SOURCES = [
    *when(
        "资金来源",
        (
            P,
            "按资金来源分：{% for x in 资金来源 if not x.零 %}"
            + FIGURE_PHRASE
            + "{% if not loop.last %}；{% endif %}{% endfor %}"
            + ROUNDED_SHARES.format("资金来源")
            + "。",
        ),
    ),
    *when(
        "功能分类",
        (
            P,
            "按功能分类分：{% for x in 功能分类 if not x.零 %}"
            + FIGURE_PHRASE
            + "{% if not loop.last %}；{% endif %}{% endfor %}"
            + ROUNDED_SHARES.format("功能分类")
            + "。",
        ),
    ),
]
# Two expenditure figures, one label each: 部门整体支出 is 基本支出 + 项目支出 (the 基础数据表's
# first money row says so too); the union's all-funds 收支总额 is 全部资金收入/全部资金支出. Neither
# is called 支出总额, which a reader would take for the other.
TOTALS = when(
    "收入 or 支出总额",
    (
        P,
        "{% if 收入.执行 %}{{ 年度 }}年度本级全部资金收入{{ 收入.执行 }}万元{% if 收入.执行率 %}，完成收入预算的"
        "{{ 收入.执行率 }}{% endif %}{% if 收入.比上年 %}，{{ 收入.比上年 }}{% endif %}。{% endif %}"
        "{% if 支出总额.执行 %}全部资金支出{{ 支出总额.执行 }}万元{% if 支出总额.执行率 %}，完成支出预算的"
        "{{ 支出总额.执行率 }}{% endif %}{% if 支出总额.比上年 %}，{{ 支出总额.比上年 }}{% endif %}。"
        "{% endif %}{% if 结转结余 %}年末结转和结余{{ 结转结余 }}万元。{% endif %}",
    ),
)
NO_BASIC = (P, "{{ 年度 }}年度{{ 单位名称 }}无基本支出。")
BASIC = cases(
    ("not 基本支出", [(P, "基本支出：" + missing("支出.基本支出"))]),
    ("基本支出.零", [NO_BASIC]),
    otherwise=[
        (
            LEAD,
            "基本支出{{ 基本支出.执行 }}万元{% if 项目支出 %}，占整体支出的{{ 基本支出.占比 }}{% endif %}"
            "{% if 基本支出.比上年 %}，{{ 基本支出.比上年 }}{% endif %}。其中：",
        ),
        *each(
            "x in 基本支出明细",
            (
                P,
                NUM + "{{ x.名称 }}{{ x.执行 }}万元{% if loop.length > 1 %}，占基本支出的"
                "{{ x.占所属 }}{% endif %}{% if x.比上年 %}，{{ x.比上年 }}{% endif %}"
                "{% if x.说明 %}，主要包括：{{ x.说明 }}{% endif %}。"
                + ROUNDED_ITEM_SHARES.format("基本支出明细"),
            ),
        ),
    ],
)
PROJECT_TOTAL = (
    P,
    "项目支出{{ 项目支出.执行 }}万元{% if 基本支出 %}，占整体支出的{{ 项目支出.占比 }}{% endif %}"
    "{% if 项目支出.预算 %}，全年预算{{ 项目支出.预算 }}万元，执行率{{ 项目支出.执行率 }}{% endif %}"
    "{% if 项目支出.比上年 %}，{{ 项目支出.比上年 }}{% endif %}。",
)
PROJECT_ITEM = (
    P,
    NUM + "{{ x.名称 }}{{ x.执行 }}万元{% if loop.length > 1 %}，占项目支出的{{ x.占所属 }}"
    "{% endif %}{% if x.预算 %}，预算{{ x.预算 }}万元，执行率{{ x.执行率 }}{% endif %}"
    "{% if x.比上年 %}，{{ x.比上年 }}{% endif %}{% if x.用途 %}，主要用于{{ x.用途 }}{% endif %}。"
    + ROUNDED_ITEM_SHARES.format("项目"),
)
PROJECT_MANAGEMENT = when("项目管理情况", (P, "{{ 项目管理情况 }}"))
NO_PROJECTS = (P, "{{ 年度 }}年度{{ 单位名称 }}无项目支出。")
PROJECTS_MISSING = (P, "项目支出：" + missing("支出.项目支出"))
PROJECTS = cases(
    ("not 项目支出", [PROJECTS_MISSING]),
    ("项目支出.零", [NO_PROJECTS]),
    otherwise=[
        PROJECT_TOTAL,
        *when("项目", (LEAD, "包括："), *each("x in 项目", PROJECT_ITEM)),
        *PROJECT_MANAGEMENT,
    ],
)
THREE_PUBLIC_ITEM = (
    "{{ x.名称 }}" + amount("x") + "{% if x.说明 %}，{{ x.说明 }}{% endif %}"
    "{% if x.变动原因 %}，主要原因是{{ x.变动原因 }}{% endif %}"
)
THREE_PUBLIC_STATED = "三公经费.预算 or 三公经费.执行"


THREE_PUBLIC_TEXT = (
    "{% if not 三公经费 %}"
    + missing("支出.三公经费")
    # an item not written: no total and no "全部为", only the items the file gives
    + "{% elif 三公经费.未填写项 %}{% for x in 三公经费.非零明细 %}"
    + THREE_PUBLIC_ITEM
    + "；{% endfor %}{% if 三公经费.为零项 %}无{{ 三公经费.为零项 }}支出；{% endif %}"
    "{{ 三公经费.未填写项 }}（未填写）。"
    "{% elif 三公经费.零 %}{{ 年度 }}年度本单位"
    "无“三公”经费支出。{% else %}{% if 三公经费.预算 or 三公经费.执行 %}{{ 年度 }}年度“三公”经费"
    "{% if 三公经费.预算 %}预算{{ 三公经费.预算 }}万元{% if 三公经费.预算比上年 %}，预算"
    "{{ 三公经费.预算比上年 }}{% endif %}{% if 三公经费.执行 %}，{% endif %}{% endif %}"
    "{% if 三公经费.执行 %}实际支出{{ 三公经费.执行 }}万元{% if 三公经费.比上年 %}，{{ 三公经费.比上年 }}"
    "{% endif %}{% endif %}。{% endif %}{% if 三公经费.非零明细 | length == 1 and ("
    + THREE_PUBLIC_STATED
    + ") %}{% for x in 三公经费.非零明细 %}全部为{{ x.名称 }}{% if x.说明 %}，{{ x.说明 }}{% endif %}"
    "{% if x.变动原因 %}，{{ x.名称 }}变动的主要原因是{{ x.变动原因 }}{% endif %}。{% endfor %}"
    # without a total the items are said as far as each is known, not as parts of a total
    "{% elif 三公经费.非零明细 %}{% if " + THREE_PUBLIC_STATED + " %}其中：{% endif %}"
    "{% for x in 三公经费.非零明细 %}"
    + THREE_PUBLIC_ITEM
    + "{% if not loop.last %}；{% endif %}{% endfor %}。{% endif %}{% endif %}"
)
THREE_PUBLIC = (P, THREE_PUBLIC_TEXT)
MEETINGS_TRAINING = each(
    "x in [会议费, 培训费] if x",
    (
        P,
        "{{ x.名称 }}：{% if x.零 %}{{ 年度 }}年度本单位无{{ x.名称 }}支出。{% else %}{{ 年度 }}年度"
        + amount("x", verb="支出")
        + "{% if x.变动原因 %}，主要原因是{{ x.变动原因 }}{% endif %}。{% endif %}",
    ),
)
PROCUREMENT_TEXT = (
    "{% if not 政府采购 %}"
    + missing("支出.政府采购")
    + "{% elif 政府采购.零 %}{{ 年度 }}年度本单位"
    "无政府采购支出。{% elif 政府采购.总额 %}{{ 年度 }}年度政府采购支出总额{{ 政府采购.总额 }}万元"
    "{% if 政府采购.分类 %}，其中{% for x in 政府采购.分类 %}{{ x.名称 }}{{ x.执行 }}万元"
    "{% if not loop.last %}、{% endif %}{% endfor %}{% endif %}{% if 政府采购.中小企业 %}；"
    "授予中小企业合同金额{{ 政府采购.中小企业 }}万元，占政府采购支出总额的{{ 政府采购.中小企业占比 }}"
    "{% if 政府采购.小微企业 %}，其中授予小微企业合同金额{{ 政府采购.小微企业 }}万元，占政府采购支出"
    "总额的{{ 政府采购.小微企业占比 }}{% endif %}{% endif %}。{% else %}"
    + missing("支出.政府采购")
    + "{% endif %}"
)
PROCUREMENT = (P, PROCUREMENT_TEXT)
SPECIAL_FUNDS = when(
    "专项资金",
    (
        P,
        "专项资金共计{{ 专项资金合计.执行 }}万元，其中：{% for x in 专项资金 %}{{ x.名称 }}{{ x.执行 }}万元"
        "{% if x.用途 %}，主要用于{{ x.用途 }}{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}。",
    ),
)


def optional(text: str, key: str) -> str:
    """A block in a section shown only when its key is given: without its placeholder, so check
    does not ask for a key the outline does not require."""
    return text.replace(missing(key), "")


def fund(name: str, key: str) -> tuple:
    """政府性基金 and its like: the figure, the "无" a 0 states, or the placeholder."""
    return (
        P,
        f"{{% if not {name} %}}{missing(key)}{{% elif {name}.零 %}}{{{{ 年度 }}}}年度{{{{ 单位名称 }}}}"
        f"无{name}。{{% else %}}{{{{ 年度 }}}}年度{{{{ 单位名称 }}}}{name}"
        + amount(name)
        + "。{% endif %}",
    )


FUNDS = ("政府性基金预算支出", "国有资本经营预算支出", "社会保险基金预算支出")


def narrative(items: str, key: str) -> list:
    """绩效情况-style items: （一）标题, then 1．要点 … ; a plain item is one paragraph; an item that
    is only a 标题 is a sentence, not a heading with nothing under it."""
    return [
        (TAG, f"{{%p for item in {items} %}}"),
        *cases(
            (
                "item.内容 or item.要点",
                [
                    *when("item.标题", (H2, NUM_CN + "{{ item.标题 }}")),
                    *when(
                        "item.内容",
                        (P, "{% if not item.标题 %}" + NUM_CN + "{% endif %}{{ item.内容 }}"),
                    ),
                    *each(
                        "point in item.要点",
                        (
                            P,
                            NUM_DOT + "{% if point.标题 %}{{ point.标题 }}。{% endif %}"
                            "{{ point.内容 }}",
                        ),
                    ),
                ],
            ),
            otherwise=[(P, NUM_CN + "{{ item.标题句 }}")],
        ),
        (TAG, "{%p endfor %}"),
        # the placeholder whenever `key` is left out, as check says, even beside other items
        *when(f"not {key}", (P, missing(key))),
    ]


# the reason the file gives, or that none is given; where 原因分析 follows, it gives the reasons
DEVIATION = (
    "{{ x.名称 }}全年执行{{ x.执行 }}万元，{{ x.较预算 }}{% if not 原因分析 %}{% if x.偏差原因 %}"
    "，主要原因是{{ x.偏差原因 }}{% else %}（未说明原因）{% endif %}{% endif %}。"
)


CAUSES = when(
    "原因分析",
    (
        P,
        "原因分析：{% for x in 原因分析 %}{{ x }}{% if not loop.last %}；{% endif %}{% endfor %}。",
    ),
)


def problems(number: str = NUM_CN) -> list:
    """存在问题 and the budget deviations as one numbered list (a deviation with its reason or
    （未说明原因）, unless 原因分析 follows and gives the reasons), then 原因分析."""
    return [
        # the budget deviations numbered on from the problems, as items of the same list
        *each(
            "x in 存在问题 + 预算偏差",
            (P, number + "{% if x is string %}{{ x }}{% else %}" + DEVIATION + "{% endif %}"),
        ),
        *CAUSES,
        # the placeholder whenever 存在问题 is left out, as check says: deviations are no problems
        *when("not 存在问题", (P, missing("存在问题"))),
    ]


def remedies(number: str = NUM_CN) -> list:
    return each("x in 改进措施", (P, number + "{{ x }}"), (P, missing("改进措施")))


GRADE = (
    P,
    "{% if 自评.总分 %}根据部门整体支出绩效评价指标，自评得分{{ 自评.总分 }}分，等级为{{ 自评.等级 }}"
    "（见自评表）。{% else %}自评得分和等级：" + missing("自评表.指标") + "{% endif %}",
)
PERFORMANCE_ACHIEVED = when("绩效目标.全年完成情况", (P, "{{ 绩效目标.全年完成情况 }}"))

REPORT_HUNAN = [
    *TITLE,
    *PREFACE,
    (H1, "一、基本情况"),
    (H2, "（一）部门（单位）基本情况"),
    (H3, "1．主要职能"),
    *FUNCTIONS,
    (H3, "2．机构情况"),
    *ORGANISATION,
    (H3, "3．人员情况"),
    *STAFF,
    (H2, "（二）部门（单位）年度整体支出绩效目标"),
    *TARGET,
    (H1, "二、一般公共预算支出情况"),
    *WHOLE,
    *SOURCES,
    *TOTALS,
    (H2, "（一）基本支出情况"),
    *BASIC,
    (H2, "（二）项目支出情况"),
    *PROJECTS,
    *SPECIAL_FUNDS,
    *when(
        "三公经费 or 会议费 or 培训费 or 政府采购",
        (H2, "（三）{{ 三公会议培训采购 }}情况"),
        *when("三公经费", (P, "“三公”经费：" + optional(THREE_PUBLIC_TEXT, "支出.三公经费"))),
        *MEETINGS_TRAINING,
        *when("政府采购", (P, "政府采购：" + optional(PROCUREMENT_TEXT, "支出.政府采购"))),
    ),
    (H1, "三、政府性基金预算支出情况"),
    fund("政府性基金预算支出", "支出.政府性基金预算支出"),
    (H1, "四、国有资本经营预算支出情况"),
    fund("国有资本经营预算支出", "支出.国有资本经营预算支出"),
    (H1, "五、社会保险基金预算支出情况"),
    fund("社会保险基金预算支出", "支出.社会保险基金预算支出"),
    (H1, "六、部门整体支出绩效情况"),
    *when("管理情况", (P, "{{ 管理情况 }}")),
    *when("资产管理", (P, "{{ 资产管理 }}")),
    *PERFORMANCE_ACHIEVED,
    *narrative("绩效情况 + 项目实施情况", "绩效情况"),
    (H1, "七、存在的问题及原因分析"),
    *problems(),
    (H1, "八、下一步改进措施"),
    *remedies(),
    (H1, "九、部门整体支出绩效自评结果拟应用和公开情况"),
    *when(
        "自评.总分",
        (
            P,
            "{{ 年度 }}年度部门整体支出绩效自评得分{{ 自评.总分 }}分，评价等级为“{{ 自评.等级 }}”。",
        ),
    ),
    (P, text_or_missing("结果应用", "结果应用")),
    (H1, "十、其他需要说明的情况"),
    (P, "{{ 其他说明 or '无。' }}"),  # the contract's default for 其他说明
]

# 长沙, after seed 002 (浏阳).
REPORT_CHANGSHA = [
    ("Title", "{{ 年度 }}年度部门整体支出绩效自评报告"),
    (P, "单位名称：{{ 单位名称 }}"),
    *PREFACE,
    (H1, "一、部门概况"),
    (H2, "（一）部门职能概述"),
    *FUNCTIONS,
    (H2, "（二）部门组织机构及人员情况"),
    *ORGANISATION,
    *STAFF,
    (H2, "（三）部门整体支出规模、使用方向、主要内容和涉及范围"),
    *WHOLE,
    *SOURCES,
    *TOTALS,
    (H1, "二、部门整体支出资金管理及使用情况"),
    (H2, "（一）基本支出"),
    (H3, "1．实际整体收支情况"),
    *BASIC,
    (H3, "2．“三公”经费总支出情况"),
    THREE_PUBLIC,
    # the heading names what the paragraph says, in full over the placeholder
    (
        H3,
        "3．{% if 因公出国费 and not 公务用车费 %}因公出国（境）费用支出{% elif 公务用车费 and not "
        "因公出国费 %}公务用车（购置）{% else %}因公出国（境）费用支出和公务用车（购置）{% endif %}情况",
    ),
    (
        P,
        "{% if 因公出国费 or 公务用车费 %}{% for x in [因公出国费, 公务用车费] if x %}{{ 年度 }}年度本单位"
        "{% if x.零 %}无{{ x.名称 }}支出{% else %}{{ x.名称 }}" + amount("x") + "{% endif %}"
        "{% if not loop.last %}；{% endif %}{% endfor %}。{% else %}"
        + missing("支出.三公经费")
        + "{% endif %}",
    ),
    (H3, "4．关于政府采购支出说明"),
    PROCUREMENT,
    *MEETINGS_TRAINING,
    (H2, "（二）项目支出"),
    (H3, "1．项目资金安排落实、总投入情况"),
    *cases(
        ("not 项目支出", [PROJECTS_MISSING]),
        ("项目支出.零", [NO_PROJECTS]),
        otherwise=[PROJECT_TOTAL],
    ),
    (H3, "2．项目资金实际使用情况"),
    *cases(
        ("项目", each("x in 项目", PROJECT_ITEM)),
        ("项目支出.零", [(P, "无。")]),
        otherwise=[(P, missing("支出.项目支出.项目"))],
    ),
    *SPECIAL_FUNDS,
    (H3, "3．项目资金管理情况"),
    *cases(
        ("项目管理情况", [(P, "{{ 项目管理情况 }}")]),
        ("项目支出.零", [(P, "无。")]),
        otherwise=[(P, missing("支出.项目支出.管理情况"))],
    ),
    *when(
        "政府性基金预算支出 or 国有资本经营预算支出 or 社会保险基金预算支出",
        (H2, "（三）其他预算支出"),
        *[
            entry
            for name in FUNDS
            for entry in when(name, (P, optional(fund(name, f"支出.{name}")[1], f"支出.{name}")))
        ],
    ),
    (H1, "三、部门项目组织实施情况"),
    *narrative("项目实施情况", "项目实施情况"),
    (H1, "四、资产管理情况"),
    (P, text_or_missing("资产管理", "资产管理")),
    (H1, "五、部门整体支出绩效情况"),
    *PERFORMANCE_ACHIEVED,
    *narrative("绩效情况", "绩效情况"),
    (H1, "六、存在的主要问题、改进措施和有关建议"),
    (H2, "（一）存在的主要问题"),
    *problems(NUM_DOT),
    (H2, "（二）改进措施和有关建议"),
    *remedies(NUM_DOT),
    (H1, "七、部门整体支出绩效评价等级"),
    GRADE,
    *when("其他说明", (H1, "八、其他需要说明的情况"), (P, "{{ 其他说明 }}")),
]

# 岳阳, after seed 001 (南湖新区), titled 评价报告 as the seed is; the seed numbers two sections 六,
# we don't.
REPORT_YUEYANG = [
    *TITLE_EVALUATION,
    *PREFACE,
    (H1, "一、部门概况"),
    (H2, "（一）部门基本情况"),
    *ORGANISATION,
    *STAFF,
    *when("职能", (LEAD, "主要职能：")),
    *FUNCTIONS,
    *KEY_WORK,
    (H2, "（二）部门整体支出规模、使用方向和主要内容及范围"),
    *WHOLE,
    *SOURCES,
    *TOTALS,
    (H1, "二、部门整体支出管理及使用情况"),
    *when("管理情况", (P, "{{ 管理情况 }}")),
    (H2, "（一）基本支出"),
    *BASIC,
    (H2, "（二）项目支出"),
    *PROJECTS,
    *SPECIAL_FUNDS,
    # 三公 and 政府采购 are on the page as text or placeholder; 会议费 and 培训费 only when given
    (H2, "（三）“三公”经费{% for x in [会议费, 培训费] if x %}、{{ x.名称 }}{% endfor %}和政府采购"),
    (P, "“三公”经费：" + THREE_PUBLIC_TEXT),
    *MEETINGS_TRAINING,
    (P, "政府采购：" + PROCUREMENT_TEXT),
    (H1, "三、区本级其他财政性资金实施情况"),
    (P, text_or_missing("其他财政性资金", "其他财政性资金")),
    (H1, "四、资产管理情况"),
    (P, text_or_missing("资产管理", "资产管理")),
    (H1, "五、部门整体支出绩效情况"),
    *PERFORMANCE_ACHIEVED,
    *narrative("绩效情况 + 项目实施情况", "绩效情况"),
    *when("自评.总分", GRADE),
    (H1, "六、存在的主要问题"),
    *problems(),
    (H1, "七、改进措施和有关建议"),
    *remedies(),
]

# 邵阳, after seed 004 (北塔), titled 评价报告 as the seed is.
REPORT_SHAOYANG = [
    *TITLE_EVALUATION,
    *PREFACE,
    (H1, "一、部门概况"),
    (H3, "1、职能职责"),
    *FUNCTIONS,
    (H3, "2、机构设置情况"),
    *ORGANISATION,
    *STAFF,
    (H1, "二、部门绩效目标的设立及执行情况"),
    (H3, "1、设立情况"),
    *TARGET,
    (H3, "2、执行情况"),
    *WHOLE,
    *PERFORMANCE_ACHIEVED,
    *SOURCES,
    *cases(
        ("not 基本支出", [(P, "基本支出：" + missing("支出.基本支出"))]),
        ("基本支出.零", [NO_BASIC]),
        otherwise=[
            (
                P,
                "基本支出：总计{{ 基本支出.执行 }}万元，其中{% for x in 基本支出明细 %}{{ x.名称 }}"
                "{{ x.执行 }}万元{% if not loop.last %}，{% endif %}{% endfor %}。",
            ),
            # each item's note as the seed gives it, on a line of its own (下拨基层工会经费情况)
            *each("x in 基本支出明细 if x.说明", (P, "{{ x.名称 }}：{{ x.说明 }}。")),
        ],
    ),
    *cases(("项目支出.零", [NO_PROJECTS]), ("项目支出", [PROJECT_TOTAL])),  # not required here
    *SPECIAL_FUNDS,
    (P, "“三公”经费：" + THREE_PUBLIC_TEXT),
    *MEETINGS_TRAINING,
    (H1, "三、部门整体支出管理情况"),
    *when("管理情况", (P, "{{ 管理情况 }}")),
    *when("资产管理", (P, "{{ 资产管理 }}")),
    *narrative("绩效情况 + 项目实施情况", "绩效情况"),
    *when("自评.总分", GRADE),
    (H1, "四、存在的问题"),
    *problems(),
    (H1, "五、改进措施和有关建议"),
    *remedies(),
]

REPORTS = {
    "湖南": REPORT_HUNAN,
    "长沙": REPORT_CHANGSHA,
    "岳阳": REPORT_YUEYANG,
    "邵阳": REPORT_SHAOYANG,
}

DISCLOSURE_COLUMNS = [
    "单位代码",
    "单位名称",
    "自评报告公开是/否",
    "公开网址",
    "联系人",
    "联系电话",
    "备注",
]
DISCLOSURE_VALUES = [
    "{{ 单位代码 }}",
    "{{ 单位名称 }}",
    "{{ 公开.是否公开 }}",
    "{{ 公开.网址 }}",
    "{{ 公开.联系人 }}",
    "{{ 公开.联系电话 }}",
    "{{ 公开.备注 }}",
]


def add_paragraphs(document, entries) -> None:
    for style, text in entries:
        if style == TAG:
            document.add_paragraph(text, style=P)
        else:
            document.add_paragraph(text, style=style)


def add_table(
    document, rows: list[list[str]], widths_mm: list[float] | None = None, header_rows: int = 1
):
    """A table whose rows never split across pages and whose header rows repeat on each page."""
    from docx.shared import Mm

    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if widths_mm:
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
    for r, values in enumerate(rows):
        keep_row_whole(table.rows[r], header=r < header_rows)
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].style = document.styles["表格文字"]
            cell.paragraphs[0].text = value
            if widths_mm:
                cell.width = Mm(widths_mm[c])
    return table


def keep_row_whole(row, header: bool = False) -> None:
    """w:cantSplit on every row; w:tblHeader on a header row (repeated on each page)."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag, wanted in (("w:cantSplit", True), ("w:tblHeader", header)):
        if wanted and tr_pr.find(qn(tag)) is None:
            tr_pr.append(OxmlElement(tag))


def merge_across(table, row: int, first: int, last: int) -> None:
    """Merge cells `first`..`last` of a row, keeping the first cell's text."""
    cell = table.cell(row, first)
    merged = cell.merge(table.cell(row, last))
    for extra in merged.paragraphs[1:]:
        if not extra.text.strip():
            extra._p.getparent().remove(extra._p)


def left_aligned(table, rows=None, columns=None) -> None:
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if (rows is None or r in rows) and (columns is None or c in columns):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def signature_lines(document) -> None:
    """The 填报 lines under a table."""
    line = document.add_paragraph(
        "单位负责人签字：{{ 填报.单位负责人 }}　　填表人：{{ 填报.填报人 }}　　"
        "联系电话：{{ 填报.联系电话 }}　　填报日期：{{ 填报.填报日期 }}",
        style="表格文字",
    )
    line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    line.paragraph_format.space_before = Pt(6)


def build_report(path: Path, entries: list) -> None:
    document = Document()
    apply_official_format(document)
    add_paragraphs(document, entries)
    add_paragraphs(document, [(TAG, "{%p if 公开 %}")])
    page_break = document.add_paragraph(style=P)
    page_break.add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("附件", style="附件标识")
    document.add_paragraph("单位（部门）绩效自评公开网址统计表", style="Title")
    add_table(
        document, [DISCLOSURE_COLUMNS, DISCLOSURE_VALUES], widths_mm=[20, 28, 20, 30, 18, 24, 16]
    )
    add_paragraphs(document, [(TAG, "{%p endif %}")])
    document.core_properties.title = "部门整体支出绩效自评报告"
    document.core_properties.author = "genreport"
    document.save(path)


SCORING_HEADER = [
    "一级指标",
    "权重",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年完成值",
    "自评得分",
    "偏差及原因分析",
]


def build_scoring_table(path: Path) -> None:
    document = Document()
    apply_official_format(document, landscape=True)
    title = document.add_paragraph("{{ 年度 }}年度部门整体支出绩效自评表", style="Title")
    title.paragraph_format.space_after = Pt(6)
    # without indicators or a 年度总体目标 the table is a draft to finish, and says so, naming what
    # it lacks (check quotes the same line and names the keys to fill)
    add_paragraphs(document, [(TAG, "{%p if 自评.草稿 %}")])
    draft = document.add_paragraph("{{ 自评.草稿 }}", style=P)
    draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
    draft.paragraph_format.first_line_indent = Pt(0)
    add_paragraphs(document, [(TAG, "{%p endif %}")])
    unit = document.add_paragraph("部门（单位）名称：{{ 单位名称 }}", style=P)
    unit.paragraph_format.first_line_indent = Pt(0)

    scale = add_table(
        document,
        [
            ["整体支出规模（万元）", "全年预算数", "全年执行数", "执行率"],
            ["{%tr for x in 资金来源 %}", "", "", ""],
            [
                "{% if loop.first %}资金来源：{% endif %}（{{ loop.index }}）{{ x.名称 }}",
                "{{ x.预算 }}",
                "{{ x.执行 }}",
                "{{ x.执行率 }}",
            ],
            ["{%tr endfor %}", "", "", ""],
            [
                "资金结构：（1）基本支出",
                "{{ 基本支出.预算 }}",
                "{{ 基本支出.执行 }}",
                "{{ 基本支出.执行率 }}",
            ],
            [
                "（2）项目支出",
                "{{ 项目支出.预算 }}",
                "{{ 项目支出.执行 }}",
                "{{ 项目支出.执行率 }}",
            ],
            ["合计", "{{ 整体支出.预算 }}", "{{ 整体支出.执行 }}", "{{ 整体支出.执行率 }}"],
        ],
        widths_mm=[97, 50, 50, 50],
    )
    scale.rows[0].cells[0].paragraphs[0].runs[0].bold = True

    document.add_paragraph("", style="表格文字")
    target = add_table(
        document,
        [
            ["年度总体目标", "年初设定目标", "全年完成情况"],
            ["", "{{ 绩效目标.年初设定目标 }}", "{{ 绩效目标.全年完成情况 }}"],
        ],
        widths_mm=[37, 105, 105],
    )
    target.cell(0, 0).merge(target.cell(1, 0))
    for cell in target.rows[1].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT

    document.add_paragraph("{%p if 指标行 %}", style="表格文字")
    document.add_paragraph("分解目标自评", style="表格文字")
    scores = add_table(
        document,
        [
            SCORING_HEADER,
            ["{%tr for r in 指标行 %}", "", "", "", "", "", "", ""],
            [
                "{{ r.一级 }}{% 上合并 %}",
                "{{ r.权重 }}{% 上合并 %}",
                "{{ r.二级 }}{% 上合并 %}",
                "{{ r.三级 }}",
                "{{ r.指标值 }}",
                "{{ r.完成值 }}",
                "{{ r.得分 }}",
                "{{ r.偏差原因 }}",
            ],
            ["{%tr endfor %}", "", "", "", "", "", "", ""],
            ["总分", "{{ 自评.权重合计 }}", "", "", "", "", "{{ 自评.总分 }}", ""],
            ["评价等级", "", "", "", "", "", "{{ 自评.等级 }}", ""],
        ],
        widths_mm=[24, 13, 32, 52, 33, 33, 19, 41],
    )
    merge_across(scores, 4, 2, 5)
    merge_across(scores, 5, 0, 5)
    document.add_paragraph("{%p endif %}", style="表格文字")
    document.core_properties.title = "部门整体支出绩效自评表"
    document.core_properties.author = "genreport"
    document.save(path)


BASIC_DATA = "部门整体支出绩效评价基础数据表"
PROJECT_TABLES = "项目支出绩效自评表"


def build_basic_data_table(path: Path) -> None:
    """部门整体支出绩效评价基础数据表, in the 湖南 form's order (rows from documents/tables_context.py)."""
    document = Document()
    apply_official_format(document)
    document.add_paragraph("{{ 年度 }}年度部门整体支出绩效评价基础数据表", style="Title")
    unit = document.add_paragraph(
        "填报单位：{{ 单位名称 }}　　　　　　单位：万元、人、%", style="表格文字"
    )
    unit.alignment = WD_ALIGN_PARAGRAPH.LEFT
    figures = add_table(
        document,
        [
            ["项目", "{{ 上一年度 }}年决算数", "{{ 年度 }}年预算数", "{{ 年度 }}年决算数"],
            ["{%tr for r in 基础数据 %}", "", "", ""],
            ["{{ r.项目 }}", "{{ r.上年决算数 }}", "{{ r.本年预算数 }}", "{{ r.本年决算数 }}"],
            ["{%tr endfor %}", "", "", ""],
        ],
        widths_mm=[55, 33, 33, 33],
    )
    left_aligned(figures, rows={2}, columns={0})
    document.add_paragraph("楼堂馆所控制情况（本年完工项目）", style="表格文字")
    add_table(
        document,
        [
            [
                "批复规模（㎡）",
                "实际规模（㎡）",
                "规模控制率",
                "预算投资（万元）",
                "实际投资（万元）",
                "投资概算控制率",
            ],
            [
                "{{ 楼堂馆所.批复规模 }}",
                "{{ 楼堂馆所.实际规模 }}",
                "{{ 楼堂馆所.规模控制率 }}",
                "{{ 楼堂馆所.预算投资 }}",
                "{{ 楼堂馆所.实际投资 }}",
                "{{ 楼堂馆所.投资概算控制率 }}",
            ],
        ],
        widths_mm=[26, 26, 26, 26, 26, 24],
    )
    document.add_paragraph("", style="表格文字")
    frugality = add_table(
        document, [["厉行节约保障措施", "{{ 厉行节约 }}"]], widths_mm=[40, 114], header_rows=0
    )
    left_aligned(frugality, columns={1})
    note = document.add_paragraph(
        "说明：公用经费为基本支出中的一般商品和服务支出；运行维护经费为项目支出中用于人员和运转的部分。",
        style="表格文字",
    )
    note.alignment = WD_ALIGN_PARAGRAPH.LEFT
    signature_lines(document)
    document.core_properties.title = BASIC_DATA
    document.core_properties.author = "genreport"
    document.save(path)


def build_project_tables(path: Path) -> None:
    """项目支出绩效自评表 (财预〔2020〕10号 附1), one project a page."""
    document = Document()
    apply_official_format(document, landscape=True)
    document.add_paragraph("{%p for p in 项目表 %}", style=P)
    title = document.add_paragraph("项目支出绩效自评表", style="Title")
    title.paragraph_format.page_break_before = True
    title.paragraph_format.space_after = Pt(0)
    year = document.add_paragraph("（{{ 年度 }}年度）", style="表格文字")
    year.paragraph_format.space_after = Pt(6)
    who = add_table(
        document,
        [
            ["项目名称", "{{ p.名称 }}", "", ""],
            ["主管部门", "{{ p.主管部门 }}", "实施单位", "{{ p.实施单位 }}"],
        ],
        widths_mm=[37, 87, 37, 86],
        header_rows=0,
    )
    merge_across(who, 0, 1, 3)
    add_table(
        document,
        [
            [
                "项目资金（万元）",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            ["{%tr for m in p.资金 %}", "", "", "", "", "", ""],
            [
                "{{ m.名称 }}",
                "{{ m.年初预算 }}",
                "{{ m.预算 }}",
                "{{ m.执行 }}",
                "{{ m.分值 }}",
                "{{ m.执行率 }}",
                "{{ m.得分 }}",
            ],
            ["{%tr endfor %}", "", "", "", "", "", ""],
        ],
        widths_mm=[52, 33, 33, 33, 30, 33, 33],
    )
    goals = add_table(
        document,
        [
            ["年度总体目标", "预期目标", "实际完成情况"],
            ["", "{{ p.年度目标 }}", "{{ p.实际完成 }}"],
        ],
        widths_mm=[37, 105, 105],
    )
    goals.cell(0, 0).merge(goals.cell(1, 0))
    left_aligned(goals, rows={1}, columns={1, 2})
    indicators = add_table(
        document,
        [
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ],
            ["{%tr for r in p.指标行 %}", "", "", "", "", "", "", ""],
            [
                "{{ r.一级 }}{% 上合并 %}",
                "{{ r.二级名称 }}{% 上合并 %}",
                "{{ r.三级名称 }}",
                "{{ r.指标值 }}",
                "{{ r.完成值 }}",
                "{{ r.分值 }}",
                "{{ r.得分 }}",
                "{{ r.偏差原因 }}",
            ],
            ["{%tr endfor %}", "", "", "", "", "", "", ""],
            ["总分", "", "", "", "", "{{ p.满分 }}", "{{ p.总分 }}", ""],
            ["评价等级", "", "", "", "", "", "{{ p.等级 }}", ""],
        ],
        widths_mm=[25, 30, 50, 30, 30, 18, 19, 45],
    )
    merge_across(indicators, 4, 0, 4)
    merge_across(indicators, 5, 0, 5)
    signature_lines(document)
    document.add_paragraph("{%p endfor %}", style=P)
    document.core_properties.title = PROJECT_TABLES
    document.core_properties.author = "genreport"
    document.save(path)


def main() -> None:
    for outline, entries in REPORTS.items():
        folder = TEMPLATES / outline
        folder.mkdir(parents=True, exist_ok=True)
        build_report(folder / "部门整体支出绩效自评报告.docx", entries)
        print(f"template written to {folder}")
    # The scoring table is common: outlines without their own use 湖南's.
    build_scoring_table(TEMPLATES / "湖南" / "部门整体支出绩效自评表.docx")
    build_basic_data_table(TEMPLATES / "湖南" / f"{BASIC_DATA}.docx")
    build_project_tables(TEMPLATES / "湖南" / f"{PROJECT_TABLES}.docx")


if __name__ == "__main__":
    main()
