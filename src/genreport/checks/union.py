"""Judge a loaded and computed union's year: the contract's errors and warnings, in Chinese.

Errors stop that union from rendering; warnings are printed and rendering goes on. Every problem
names the file, the line and the key path.
"""

from __future__ import annotations

import typing
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from genreport.checks.findings import Findings
from genreport.checks.printed_sums import printed_score_warnings, printed_sum_warnings
from genreport.checks.score_messages import score_help_message
from genreport.checks.tables import indicator_rules, table_rules
from genreport.contract.describe import contract_fields, unwrap_optional
from genreport.contract.keys import Located
from genreport.contract.model import (
    Amount,
    BasicExpenditure,
    Procurement,
    ProjectExpenditure,
    ThreePublic,
    UnionYear,
)
from genreport.errors import Problem, Severity
from genreport.figures.fmt import money, percent, rounded, score
from genreport.figures.line import Line, sum_if_all
from genreport.figures.suggest import FigureKind
from genreport.figures.year import YearView
from genreport.reading.load import Loaded
from genreport.reading.source import shorten
from genreport.workspace import readable, same_union, twins_message, unsafe_name

RATE_LOW = Decimal(90)
RATE_HIGH = Decimal(110)
FULL_MARKS = Decimal(100)


def check(
    loaded: Loaded,
    view: YearView,
    folder_year: int | None = None,
    known_outlines: list[str] | None = None,
    required: tuple[str, ...] = (),
    unshown: tuple[str, ...] = (),
) -> list[Problem]:
    """Problems of the union's year beyond what loading found.

    `known_outlines`, when given, are the template folders a `提纲` may name; `required` are the
    keys the outline's report shows a placeholder for when the file leaves them out; `unshown` the
    keys no document of the outline shows.
    """
    found = Findings(loaded)
    union = view.union
    _identity(found, union, loaded, folder_year)
    if known_outlines is not None and union.outline not in known_outlines:
        found.error(
            "提纲",
            f"没有名为“{union.outline}”的提纲（templates/{union.outline}/ 中没有报告模板）。"
            f"现有的提纲：{'、'.join(known_outlines) or '无'}。",
        )
    if loaded.has_errors:
        # Values that failed to load are missing from the sums; judging those would only
        # echo the loading errors.
        return found.problems
    _summed_figures(found, union)
    _stated_totals(found, view)
    _sums_to_whole(found, view, "资金来源", view.funding_sources, check_budget=True)
    _sums_to_whole(found, view, "功能分类", view.functional, check_budget=False)
    for key, message in printed_sum_warnings(view) + printed_score_warnings(view):
        found.warning(key, message)
    _staff(found, union)
    _staff_control(found, view)
    _procurement(found, view)
    _execution_rates(found, view)
    if not union.problems and "存在问题" not in required:  # else _unfilled says it, once
        found.warning(
            "存在问题", "“存在问题”为空。财政部门要求如实分析存在的问题，请至少填写一条。"
        )
    _scoring(found, view)
    _score_help(found, view)
    _unfilled(found, union, required)
    _unshown(found, union, unshown)
    _blank_basic_data_rows(found, view, required)
    _three_public_items(found, view)
    table_rules(found, view)
    return sorted(found.problems, key=lambda p: (p.line is None, p.line or 0))


def twin_files(path: Path, twins: list[Path] | None = None) -> list[Problem]:
    """An error for a data file whose union has another file in the same folder (`X.yaml` beside
    `X.yml`, `X.YAML`, or the same name written decomposed): each would render into the same
    folder, so neither is used. `twins` are the union's data files as the folder's listing gives
    them (`Listing.files_of`); the folder is listed when they are not given."""
    if twins is None:
        twins = same_union(path, path.parent)
    if len(twins) < 2:
        return []
    return [
        Problem(
            Severity.ERROR,
            path,
            None,
            "",
            twins_message(twins, "生成的文件会放进同一个文件夹，无法确定以哪一个为准，都未使用。"),
        )
    ]


def last_year_problems(loaded: Loaded, view: YearView) -> list[Problem]:
    """A warning for each typed 上年 or 上年预算 that differs from last year's file."""
    return [
        Problem(
            Severity.WARNING,
            loaded.path,
            loaded.line_of(d.path),
            d.path,
            f"填写的{d.label}数为{money(d.typed)}万元，"
            f"但上年数据文件“{view.disagreements.last_year_file}”"
            f"中的{d.found_as}为{money(d.found)}万元。以本文件为准；"
            f"请核对，或删除本行由程序从上年文件取数。",
        )
        for d in view.disagreements.with_last_year
    ]


def _identity(found: Findings, union: UnionYear, loaded: Loaded, folder_year: int | None) -> None:
    stem = loaded.path.stem
    if union.name is not None:
        unsafe = unsafe_name(union.name)
        if unsafe:
            found.error("单位名称", f"单位名称“{readable(shorten(union.name))}”{unsafe}")
        elif _nfc(union.name) != _nfc(stem):
            found.error(
                "单位名称",
                f"单位名称为“{readable(union.name)}”，与文件名“{readable(stem)}”不一致。"
                f"请把文件改名为“{union.name}.yaml”，或改正单位名称。",
            )
    if union.year is not None and folder_year is not None and union.year != folder_year:
        found.error(
            "年度",
            f"年度为{union.year}，但文件放在{folder_year}文件夹中。"
            f"请改正“年度”，或把文件移到{union.year}文件夹。",
        )


def _nfc(name: str) -> str:
    """A name as compared with its file's: macOS may write the file name decomposed (NFD)."""
    return unicodedata.normalize("NFC", name)


_FIGURE_NAMES = {"预算": "预算", "上年": "上年数", "上年预算": "上年预算"}


def _stated_totals(found: Findings, view: YearView) -> None:
    for d in view.disagreements.with_parts:
        what = _FIGURE_NAMES[d.path.rsplit(".", 1)[1]]
        found.error(
            d.path,
            f"填写的{what}为{money(d.stated)}万元，但其下各项合计为"
            f"{money(d.summed)}万元。请改正，或删除这一项由程序自动合计。",
        )


def _sums_to_whole(
    found: Findings, view: YearView, name: str, lines: list[Line], check_budget: bool
) -> None:
    if not lines:
        return
    key = f"支出.{name}"
    actual = sum_if_all(line.actual for line in lines)
    if actual is not None and view.whole.actual is not None and actual != view.whole.actual:
        found.error(
            key,
            f"{name}各项执行数合计{money(actual)}万元，与整体支出（基本支出＋项目支出）"
            f"{money(view.whole.actual)}万元不一致，请核对。",
        )
    budget = sum_if_all(line.budget for line in lines)
    if (
        check_budget
        and budget is not None
        and view.whole.budget is not None
        and budget != view.whole.budget
    ):
        found.error(
            key,
            f"{name}各项预算数合计{money(budget)}万元，与整体支出预算"
            f"{money(view.whole.budget)}万元不一致，请核对。",
        )


def _staff(found: Findings, union: UnionYear) -> None:
    staff = union.overview.staff if union.overview else None
    if staff is None or not staff.serving_breakdown or staff.serving is None:
        return
    total = sum(staff.serving_breakdown.values())
    if total != staff.serving:
        found.error(
            f"{staff.path}.在职构成",
            f"在职构成合计{total}人，与在职人数{staff.serving}人不一致，请核对。",
        )


def _staff_control(found: Findings, view: YearView) -> None:
    """A 控制率 above 100% on the 基础数据表: more staff on the 编制 than the 编制 allows."""
    staff, people = view.staff, view.union.overview.staff if view.union.overview else None
    rate = staff.control_rate
    if people is None or rate is None or rounded(rate) <= FULL_MARKS:
        return
    left_out = "、".join(f"{name}{n}人" for name, n in staff.off.items())
    found.warning(
        f"{people.path}.在职",
        f"控制率（编制内在职人数÷编制数）为{percent(rate)}（{staff.on_establishment}人÷"
        f"{staff.establishment}人），超过100%，基础数据表将照此显示"
        + (f"（已不计编外的{left_out}）" if left_out else "")
        + "。请核对“编制”与“在职”；在职人员中如有劳务派遣、社会化工会工作者等编外人员，"
        "请在“在职构成”中分列（如“劳务派遣: 1”），编外人员不计入控制率。",
    )


def _procurement(found: Findings, view: YearView) -> None:
    p = view.procurement
    if (
        p
        and p.sme
        and p.micro
        and p.sme.actual is not None
        and p.micro.actual is not None
        and p.micro.actual > p.sme.actual
    ):
        found.error(
            p.micro.path,
            f"其中授予小微企业合同{money(p.micro.actual)}万元，"
            f"超过了授予中小企业合同{money(p.sme.actual)}万元，请核对。",
        )


def _execution_rates(found: Findings, view: YearView) -> None:
    lines = [
        view.basic,
        view.projects,
        *view.basic_items,
        *view.project_items,
        *view.three_public.items,
        view.meetings,
        view.training,
    ]
    if all(part is None or part.budget is None for part in (view.basic, view.projects)):
        lines.append(view.whole)
    explained_by_items = {
        id(total)
        for total, items in ((view.basic, view.basic_items), (view.projects, view.project_items))
        if total is not None and items and all(_explained(item) for item in items)
    }
    for line in lines:
        if line is None or line.deviation_reason or id(line) in explained_by_items:
            continue
        if line.budget is None or line.actual is None:
            continue
        if line.budget == 0:
            if line.actual > 0:
                found.warning(
                    line.path,
                    f"预算为0，实际执行{money(line.actual)}万元，请在“偏差原因”中说明原因。",
                )
            continue
        rate = line.execution_rate
        if rate is not None and not _within_range(rate):
            found.warning(
                line.path,
                f"执行率为{percent(rate)}（执行{money(line.actual)}万元，"
                f"预算{money(line.budget)}万元），超出90%～110%的范围，"
                "请在“偏差原因”中说明原因。",
            )


def _within_range(rate: Decimal) -> bool:
    """90%～110%, judged on the rate as shown (rounded half-up to 2 places): 89.996% shows as 90.00%
    and is within it."""
    return RATE_LOW <= rounded(rate) <= RATE_HIGH


def _explained(item: Line) -> bool:
    """An item with a budget whose deviation, if any, has its reason."""
    if item.budget is None:
        return False
    rate = item.execution_rate
    in_range = rate is not None and _within_range(rate)
    return in_range or bool(item.deviation_reason) or item.actual == item.budget


def _summed_figures(found: Findings, union: UnionYear) -> None:
    """The figures the whole is summed from must be given: each 明细, 资金来源 and 功能分类 item's
    执行."""
    spend = union.expenditure
    if spend is None:
        return
    items = [*spend.funding_sources.values(), *spend.functional.values()]
    if spend.basic is not None:
        items += spend.basic.items.values()
    for amount in items:
        if amount.actual is None:
            found.error(
                amount.path,
                "缺少“执行”，请填写。这笔金额要合计到整体支出中，必须有执行数。",
            )


class _TargetGap(NamedTuple):
    """How a draft warning names a blank 年度总体目标 (a gap of `YearView.scoring_gaps`)."""

    keys: str  # the keys to fill
    these: str  # them, said again
    blank: str  # what the 自评表 shows blank


_TARGET_GAPS = {
    "年度总体目标": _TargetGap(
        "“绩效目标.年初设定目标”和“绩效目标.全年完成情况”", "这两项", "“年度总体目标”一行将空白"
    ),
    "年初设定目标": _TargetGap("“绩效目标.年初设定目标”", "这一项", "“年初设定目标”一格将空白"),
    "全年完成情况": _TargetGap("“绩效目标.全年完成情况”", "这一项", "“全年完成情况”一格将空白"),
}


def _draft(found: Findings, view: YearView) -> None:
    """One warning for a 自评表 marked a draft, quoting its draft line word for word and naming the
    keys that complete it: its 指标, its 年度总体目标 (绩效目标: both cells or the blank one), or
    both."""
    gaps, line = view.scoring_gaps, view.scoring_draft_line
    redo = "补填后重新生成，草稿字样自动去掉。"
    target = next((_TARGET_GAPS[gap] for gap in gaps if gap in _TARGET_GAPS), None)
    if target is not None and "指标" not in gaps:
        found.warning(
            "绩效目标",
            f"没有填写{target.keys}，自评表中{target.blank}，标题下注明“{line}”。"
            f"请填写{target.these}；{redo}",
        )
    elif gaps:
        missing = f"，也没有填写{target.keys}" if target is not None else ""
        fill = "指标和绩效目标" if target is not None else "指标"
        found.warning(
            "自评表",
            f"“自评表”中没有填写指标{missing}，自评表将只有上半部分，也无法计算总分和等级，"
            f"标题下注明“{line}”。请填写{fill}；{redo}",
        )


def _scoring(found: Findings, view: YearView) -> None:
    scoring = view.scoring
    _draft(found, view)
    if not scoring.first_levels:
        return
    if scoring.weight != FULL_MARKS:
        found.error(
            "自评表.指标",
            f"全部三级指标的分值合计为{score(scoring.weight)}分，应为100分，请调整“分值”。",
        )
    indicator_rules(found, scoring, view.suggestions)


def _score_help(found: Findings, view: YearView) -> None:
    """The scores 财预〔2020〕10号 suggests where the typed 得分 differs, and the indicators that
    name a figure genreport computes (预算执行率…) where their 完成值 differs from it."""
    for reviewed in view.suggestions:
        message = score_help_message(reviewed.indicator, reviewed.suggestion)
        if not message:
            continue
        found_figure = reviewed.suggestion.figure
        if (
            reviewed.suggestion.achieved_differs
            and found_figure is not None
            and found_figure.kind == FigureKind.EXECUTION_RATE
        ):
            # The table's upper part shows the computed rate: a typed other one below it would
            # give the 自评表 two 执行率
            found.error(
                f"{reviewed.indicator.path}.完成值",
                f"{message}自评表上方“执行率”一栏显示{percent(found_figure.rate)}，同一张表不能有"
                f"两个执行率：请把完成值改为{percent(found_figure.rate)}，或删去“完成值”由程序填入。",
            )
            continue
        key = "完成值" if reviewed.suggestion.achieved_differs else "得分"
        found.warning(f"{reviewed.indicator.path}.{key}", message)


_NONE_ADVICE = {
    Amount: "；确实没有的，填0",
    Decimal: "；确实没有的，填0",
    ThreePublic: "；确实没有的，各项都填0",
    Procurement: "；确实没有的，货物、工程、服务都填0",
    BasicExpenditure: "；确实没有的，写“明细: {}”",
    ProjectExpenditure: "；确实没有的，写“项目: []”",
    str: "；确实没有的，写“无”",
    list: "；确实没有的，写一项“- 无”",
}


# A section that may not be stated as none
_KEY_ADVICE = {"存在问题": "（财政部门要求如实分析存在的问题，至少填写一条）"}


def _unfilled(found: Findings, union: UnionYear, required: tuple[str, ...]) -> None:
    """Each section the outline requires that the file leaves out: the report shows a placeholder
    there, and the clerk is told which key fills it (or states there was none)."""
    reported: list[str] = []
    for key_path in required:
        if key_path.startswith("自评表") or any(key_path.startswith(f"{r}.") for r in reported):
            continue  # an empty 自评表 has its own warning; a missing section covers its keys
        written, hint = _written(union, key_path)
        if written:
            continue
        reported.append(key_path)
        advice = _KEY_ADVICE.get(key_path) or _NONE_ADVICE.get(typing.get_origin(hint) or hint, "")
        found.warning(
            key_path,
            f"报告提纲中的这一部分需要“{key_path}”，但文件中没有填写，报告中将显示“（未填写）”。"
            f"请填写{advice}。",
        )


def _blank_basic_data_rows(found: Findings, view: YearView, required: tuple[str, ...]) -> None:
    """The 基础数据表 is part of the submission, whatever the outline: each of its rows a missing
    key leaves blank is a warning naming the key (unless the report's placeholder warning names
    it already)."""
    union = view.union
    staff = union.overview.staff if union.overview else None
    spend = union.expenditure
    blanks = (
        (
            "支出.三公经费",
            spend is None or spend.three_public is None,
            "“三公”经费各行",
            "；确实没有的，各项都填0",
        ),
        (
            "支出.政府采购",
            spend is None or spend.procurement is None,
            "政府采购金额一行",
            "；确实没有的，货物、工程、服务都填0",
        ),
        (
            "概况.人员.编制",
            staff is None or staff.establishment is None,
            "编制数和控制率两行",
            "核定编制人数",
        ),
        (
            "支出.基本支出.明细.公用经费",
            view.basic is not None and not view.basic.is_nil and view.public_funds is None,
            "“其中：公用经费”一行",
            "：在基本支出明细中列出“公用经费”（一般商品和服务支出）",
        ),
        ("厉行节约", not union.frugality, "厉行节约保障措施一栏", "本单位的厉行节约保障措施"),
    )
    for key_path, blank, rows, advice in blanks:
        if blank and key_path not in required:
            found.warning(
                key_path, f"没有填写“{key_path}”，基础数据表中{rows}将空白。请填写{advice}。"
            )


def _unshown(found: Findings, union: UnionYear, unshown: tuple[str, ...]) -> None:
    """Each key the file fills that no document of its outline shows: one warning, so the clerk
    can move the text to a section the outline has, or drop it."""
    for key_path in unshown:
        written = _written_somewhere(union, key_path.split("."))
        if written:
            found.warning(
                written,
                f"填写了“{written}”，但“{union.outline}”提纲的文件中都没有这一部分，"
                "这些内容不会出现在任何文件中。请把内容移到提纲中有的部分，或删除这一项。",
            )


def _written_somewhere(node: Any, parts: list[str]) -> str | None:
    """The key path of the first place the file writes `parts` (`*`: any item of a list or table),
    None when it writes it nowhere."""
    if not parts:
        return ""
    head, rest = parts[0], parts[1:]
    if head == "*":
        items = node.items() if isinstance(node, dict) else enumerate(node or [])
        for name, item in items:
            below = _written_somewhere(item, rest)
            if below is not None:
                label = f"{name}" if isinstance(node, dict) else f"[{name + 1}]"
                return label + (f".{below}" if below else "")
        return None
    if not isinstance(node, Located):  # a figure or text: nothing below it is a key
        return None
    fields = {f.metadata["key"]: f for f, _ in contract_fields(type(node))}
    if head not in fields or not node.wrote(head):
        return None
    below = _written_somewhere(getattr(node, fields[head].name), rest)
    if below is None:
        return None
    return head + (f".{below}" if below and not below.startswith("[") else below)


def _three_public_items(found: Findings, view: YearView) -> None:
    """三公经费 written without all three items: their total cannot be known."""
    if view.three_public.unwritten:
        names = "、".join(f"“{name}”" for name in view.three_public.unwritten)
        found.warning(
            "支出.三公经费",
            f"“三公”经费中没有填写{names}，无法得出“三公”经费合计：报告中这几项将显示"
            "“（未填写）”，基础数据表中合计一行空白。请填写；确实没有的，填0。",
        )


def _written(node: Any, key_path: str) -> tuple[bool, Any]:
    """Whether the file wrote `key_path` (e.g. `支出.三公经费`), and the key's type."""
    hint: Any = None
    for part in key_path.split("."):
        if not isinstance(node, Located):  # None, or a value
            return False, hint
        fields = {f.metadata["key"]: (f, h) for f, h in contract_fields(type(node))}
        if part not in fields or not node.wrote(part):
            return False, unwrap_optional(fields[part][1]) if part in fields else None
        f, hint = fields[part]
        hint = unwrap_optional(hint)
        node = getattr(node, f.name)
    return True, hint
