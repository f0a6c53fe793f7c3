"""Render a computed year into the report and the scoring table with the outline's Word templates.

`build_context` turns a `YearView` into the Chinese names the templates use; every figure arrives
as display text (2 decimals, half-up), so templates never compute. Data is passed to the templates
as values and escaped, never compiled as template: `{{ 7*7 }}` typed in YAML stays literally that.
"""

from __future__ import annotations

import functools
import glob
import io
import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from .compute import Line, Procurement, YearView
from .fmt import change_phrase, money, percent, rounded, score
from .model import NarrativeItem
from .twin import document_text

REPORT = "部门整体支出绩效自评报告"
SCORING_TABLE = "部门整体支出绩效自评表"
DOCUMENTS = (REPORT, SCORING_TABLE)
_CHINESE_DIGITS = "零一二三四五六七八九"


class TemplateError(Exception):
    """A template cannot be rendered; the message names the template and the fault, in Chinese."""


class OutputError(Exception):
    """A document cannot be written where it belongs; the message says why, in Chinese."""


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for 一、 and （一）)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CHINESE_DIGITS[tens]
    return f"{head}十{_CHINESE_DIGITS[ones] if ones else ''}"


_END_PUNCTUATION = "。；;，,.、：:！!？? "


def clause(text: str | None) -> str:
    """Text to be set inside a sentence of ours: its own closing punctuation dropped."""
    return (text or "").strip().rstrip(_END_PUNCTUATION)


_SENTENCE_END = "。！？!?；;…"
_CLOSERS = "”’）)》」』"


def sentence(text: str | None) -> str:
    """Text shown as a sentence of its own: closed with 。 unless it already ends a sentence.

    A closing quote or bracket ends the sentence only when the sentence ends inside it
    (“……。”); after a quoted term (开展“职工之家”建设”) the 。 still follows.
    """
    text = (text or "").strip()
    if not text:
        return text
    inner = text.rstrip(_CLOSERS)
    if text[-1] in _SENTENCE_END or (inner != text and inner and inner[-1] in _SENTENCE_END):
        return text
    return text.rstrip("，,、：: ") + "。"


_LEAD_INS = ("主要包括", "主要用于", "主要是", "主要为", "包括", "用于")


def without_lead_in(text: str | None) -> str:
    """A 说明 or 用途 as a clause, without a lead-in the template already writes
    (“主要包括：”“主要用于”), so the text never reads “主要包括：主要用于……”."""
    text = clause(text)
    for lead in _LEAD_INS:
        if text.startswith(lead) and len(text) > len(lead):
            return text[len(lead) :].lstrip("：: ")
    return text


def _m(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def _p(value: Decimal | None) -> str:
    return "" if value is None else percent(value)


def _against_budget(line: Line) -> str:
    """较预算增加8.70万元 / 较预算减少… / 与预算持平."""
    gap = line.deviation
    if gap is None:
        return ""
    if rounded(gap) == 0:
        return "与预算持平"
    return f"较预算{'增加' if gap > 0 else '减少'}{money(abs(gap))}万元"


class Unknown(dict):
    """A figure the file does not give: false in `{% if %}`, and every field of it is blank, so a
    table cell shows nothing rather than 0.00."""

    def __bool__(self) -> bool:
        return False


FIGURE_FIELDS = (
    "名称", "执行", "预算", "上年", "上年预算", "占比", "占所属", "执行率", "比上年", "预算比上年",
    "较预算", "说明", "用途", "偏差原因", "变动原因", "零",
)  # fmt: skip
UNFILLED = "（未填写）"


def unfilled(key: str) -> str:
    """The placeholder a report shows where the outline needs `key` and the file leaves it out.

    Templates call it as `{{ 未填写('支出.三公经费') }}`; check finds the same calls in the template
    to warn about each such key.
    """
    return UNFILLED


_UNFILLED_CALL = re.compile(r"""未填写\(\s*['"]([^'"]+)['"]\s*\)""")


@functools.lru_cache(maxsize=64)
def _unfilled_keys(template: Path, _stamp: tuple[int, int]) -> tuple[str, ...]:
    try:
        with zipfile.ZipFile(template) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
    except (OSError, KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return ()  # a broken template is reported when it is rendered
    text = re.sub(r"<[^>]+>", "", xml)  # a call Word split across runs reads whole again
    return tuple(dict.fromkeys(_UNFILLED_CALL.findall(text)))


def unfilled_keys(template: Path) -> tuple[str, ...]:
    """The keys a template shows `（未填写）` for when the data file leaves them out: the sections
    its outline requires."""
    try:
        stat = template.stat()
    except OSError:
        return ()
    return _unfilled_keys(template, (stat.st_mtime_ns, stat.st_size))


def figure(line: Line | None) -> dict:
    """A line as display text; `Unknown` when the line does not exist (templates test it with
    `if`). Each figure is blank when the file does not give it; `零` is true for a line stated as
    none (every figure given is 0)."""
    if line is None:
        return Unknown.fromkeys(FIGURE_FIELDS, "")
    return {
        "名称": line.name,
        "执行": _m(line.actual),
        "预算": _m(line.budget),
        "上年": _m(line.last_year),
        "上年预算": _m(line.last_year_budget),
        "占比": _p(line.share),
        "占所属": _p(line.group_share),
        "执行率": _p(line.execution_rate),
        "比上年": change_phrase(line.change) if line.change else "",
        "预算比上年": change_phrase(line.budget_change) if line.budget_change else "",
        "较预算": _against_budget(line),
        "说明": without_lead_in(line.note),
        "用途": without_lead_in(line.purpose),
        "偏差原因": clause(line.deviation_reason),
        "变动原因": clause(line.change_reason),
        "零": line.is_nil,
    }


def _narrative(items: list[NarrativeItem]) -> list[dict]:
    return [
        {
            "标题": item.title or "",
            "标题句": sentence(item.title),
            "内容": sentence(item.text),
            "要点": [{"标题": clause(p.title), "内容": sentence(p.text)} for p in item.points],
        }
        for item in items
    ]


def _scoring_rows(view: YearView) -> list[dict]:
    """One row per 三级指标; the 一级 and 二级 cells only on the first row of their group, so the
    rendered table can merge the empty cells into the one above."""
    rows = []
    for first in view.scoring.first_levels:
        for s_index, second in enumerate(first.children):
            for i_index, indicator in enumerate(second.children):
                top_of_first = s_index == 0 and i_index == 0
                rows.append(
                    {
                        "一级": first.name if top_of_first else "",
                        "权重": score(first.weight) if top_of_first else "",
                        "二级": f"{second.name}（{score(second.weight)}）" if i_index == 0 else "",
                        "三级": f"{indicator.name}（{score(indicator.weight)}分）",
                        "指标值": indicator.target or "",
                        "完成值": indicator.achieved or "",
                        "得分": score(indicator.score),
                        "偏差原因": indicator.deviation_reason or "",
                    }
                )
    return rows


def build_context(view: YearView) -> dict:
    u = view.union
    overview = u.overview
    org = overview.organisation if overview else None
    staff = overview.staff if overview else None
    p = view.procurement
    scoring = view.scoring
    has_indicators = bool(scoring.first_levels)
    three_public = figure(view.three_public_total)
    three_public["明细"] = [figure(x) for x in view.three_public]
    three_public["非零明细"] = [figure(x) for x in view.three_public if not x.is_nil]
    return {
        "单位名称": u.name or "",
        "年度": str(u.year or ""),
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
        "功能分类": [figure(x) for x in view.functional],
        "三公经费": three_public,
        "因公出国费": figure(_named(view.three_public, "因公出国（境）费")),
        "公务用车费": figure(_named(view.three_public, "公务用车购置及运行维护费")),
        "公务接待费": figure(_named(view.three_public, "公务接待费")),
        "会议费": figure(view.meetings),
        "培训费": figure(view.training),
        "政府采购": _procurement(p),
        "政府性基金预算支出": figure(view.government_funds),
        "国有资本经营预算支出": figure(view.state_capital),
        "社会保险基金预算支出": figure(view.social_insurance),
        "专项资金": [figure(x) for x in view.special_funds],
        "专项资金合计": figure(view.special_funds_total),
        "收入": figure(view.income),
        "支出总额": figure(view.spending),
        "结转结余": _m(view.carry_over),
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
            "总分": score(scoring.score) if has_indicators else "",
            "等级": scoring.grade if has_indicators else "",
            "权重合计": score(scoring.weight) if has_indicators else "",
            "一级": [
                {"名称": f.name, "权重": score(f.weight), "得分": score(f.score)}
                for f in scoring.first_levels
            ],
        },
        "指标行": _scoring_rows(view),
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


def _procurement(p: Procurement | None) -> dict:
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
        "货物": _m(p.goods.actual) if p.goods else "",
        "工程": _m(p.works.actual) if p.works else "",
        "服务": _m(p.services.actual) if p.services else "",
        "中小企业": _m(p.sme.actual) if p.sme else "",
        "中小企业占比": _p(p.sme.share) if p.sme else "",
        "小微企业": _m(p.micro.actual) if p.micro else "",
        "小微企业占比": _p(p.micro.share) if p.micro else "",
    }


def _named(lines: list[Line], name: str) -> Line | None:
    return next((line for line in lines if line.name == name), None)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def render_document(template: Path, context: dict) -> bytes:
    """Render one template to .docx bytes; raises TemplateError naming the template and fault."""
    doc = open_template(template)
    unclosed = unclosed_tags(doc)
    if unclosed:
        raise TemplateError(f"模板“{template}”中{unclosed[0]}")
    try:
        doc.render(context, _environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"模板“{template}”使用了数据中没有的名称：{_undefined_name(exc)}。请检查模板中的拼写。"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板“{template}”中有写错的标记：{explain_template_error(exc)}"
            f"（出错处：{template_text_around(exc)}）。"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板“{template}”无法生成：{exc}。") from None
    _merge_scoring_cells(doc.docx)
    _fix_properties(doc.docx.core_properties)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def open_template(template: Path) -> DocxTemplate:
    """The template, opened; TemplateError if it is missing or not a Word document."""
    if not template.is_file():
        raise TemplateError(f"模板文件“{template}”不存在。请检查 templates/ 中的提纲文件夹。")
    try:
        doc = DocxTemplate(str(template))
        doc.init_docx()
    except Exception:  # not a zip, or a zip without a Word document in it
        raise TemplateError(
            f"模板“{template}”不是有效的Word文件（.docx），可能已损坏或是另存为了其他格式。"
            "请用Word或WPS打开后另存为“Word文档（*.docx）”。"
        ) from None
    return doc


_DELIMITERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")


def unclosed_tags(doc: DocxTemplate) -> list[str]:
    """Tags opened but not closed within their paragraph, each as the rest of a message.

    docxtpl would let such a tag run on into the following paragraphs, where a `{%p %}` can swallow
    them silently; a tag never spans paragraphs in a sound template.
    """
    from docx.oxml.ns import qn

    parts = [doc.docx.element.body] + [
        rel.target_part.element
        for rel in doc.docx.part.rels.values()
        if rel.reltype.endswith(("/header", "/footer"))
    ]
    faults = []
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            position = 0
            while match := _OPENER.search(text, position):
                closer = _DELIMITERS[match.group()]
                end = text.find(closer, match.end())
                if end < 0:
                    shown = text[match.start() :][:60]
                    faults.append(
                        f"有一个标记没有闭合：“{match.group()}”缺少对应的“{closer}”"
                        f"（出错处：{shown}）。标记必须在同一段落内写完整。"
                    )
                    break
                position = end + len(closer)
    return faults


_JINJA_MESSAGES = [
    (
        r"No filter named '([^']*)'",
        "没有名为“{0}”的过滤器（“|”后面的名称），请删除“|{0}”或改正拼写",
    ),
    (r"No test named '([^']*)'", "没有名为“{0}”的判断（“is”后面的名称），请改正拼写"),
    (
        r"Encountered unknown tag '([^']*)'",
        "遇到多余或不认识的标记“{0}”，请检查与它配对的标记（如 if 与 endif、for 与 endfor）是否完整",
    ),
    (
        r"The innermost block that needs to be closed is '([^']*)'",
        "“{0}”标记缺少对应的结束标记“end{0}”，请补上",
    ),
    (r"unexpected end of template", "标记没有写完，请检查“{{{{”“}}}}”“{{%”“%}}”是否成对"),
    (r"expected token '([^']*)', got '([^']*)'", "标记写法有误：此处应为“{0}”，却写了“{1}”"),
    (r"unexpected '([^']*)'", "标记中有多余的“{0}”"),
    (r"unexpected char '([^']*)'", "标记中有不能使用的字符“{0}”"),
]


def explain_template_error(exc: jinja2.TemplateSyntaxError) -> str:
    """Jinja's English message about a template fault, in Chinese."""
    for pattern, message in _JINJA_MESSAGES:
        found = re.search(pattern, exc.message or "", re.IGNORECASE)
        if found:
            return message.format(*found.groups())
    return f"标记写法有误（{exc.message}）"


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _fix_properties(properties) -> None:
    """Document properties that do not change from run to run (the template's author is kept)."""
    properties.created = _EPOCH
    properties.modified = _EPOCH
    properties.last_printed = _EPOCH
    properties.last_modified_by = "genreport"
    properties.revision = 1


def _reproducible_zip(content: bytes) -> bytes:
    """The same .docx with fixed entry timestamps, so equal inputs give byte-identical files."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    message = str(exc)
    if "'" in message:
        parts = message.split("'")
        return "“" + parts[-2 if message.endswith("attribute") else 1] + "”"
    return message


def template_text_around(exc: jinja2.TemplateSyntaxError) -> str:
    """The template text around a syntax fault, without the Word XML docxtpl sees."""
    lines = (exc.source or "").splitlines()
    if not exc.lineno or exc.lineno > len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1])
    return text[-120:] if len(text) > 120 else text


_MERGED_HEADERS = ("一级指标", "权重", "二级指标")


def _merge_scoring_cells(document) -> None:
    """In the 分解目标 table, merge each empty 一级/权重/二级 cell into the cell above it."""
    for table in document.tables:
        header = [cell.text.strip() for cell in table.rows[0].cells]
        if "三级指标" not in header:
            continue
        columns = [header.index(h) for h in _MERGED_HEADERS if h in header]
        rows = table.rows
        last = len(rows) - 1
        while last > 0 and rows[last].cells[header.index("三级指标")].text.strip() == "":
            last -= 1  # the 总分 and 等级 rows are not indicator rows
        for column in columns:
            top = None
            for r in range(1, last + 1):
                cell = table.cell(r, column)
                if cell.text.strip():
                    top = cell
                elif top is not None:
                    top = top.merge(cell)
                    for empty in top.paragraphs[1:]:  # merging appends the lower cell's paragraph
                        if not empty.text.strip():
                            empty._p.getparent().remove(empty._p)


@dataclass
class Rendered:
    """What rendering one union wrote: each file's path and content."""

    files: dict[Path, bytes]

    @property
    def paths(self) -> list[Path]:
        return list(self.files)


def output_folder(root: Path, year: int, union_name: str) -> Path:
    """`output/<year>/<union_name>`; raises OutputError for a name that would lead anywhere else
    (the check refuses such names first: this is the last line of defence)."""
    refused = OutputError(f"单位名称“{union_name}”不能用作文件夹名，未生成。请改正单位名称。")
    if not union_name or any(c in "/\\\0" for c in union_name):
        raise refused
    years = (root / "output").resolve() / str(year)
    resolved = (years / union_name).resolve()
    if resolved.parent != years or resolved.name != union_name:
        raise refused
    return root / "output" / str(year) / union_name


def document_path(root: Path, year: int, union_name: str, document: str) -> Path:
    return output_folder(root, year, union_name) / f"{year}年度{document}.docx"


def twin_path(document: Path) -> Path:
    """The text twin (.md) beside a document."""
    return document.with_suffix(".md")


DEFAULT_OUTLINE = "湖南"


def outlines(root: Path) -> list[str]:
    """The outlines of a project: folders under templates/ that hold a report template."""
    folder = root / "templates"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / f"{REPORT}.docx").is_file())


def template_path(root: Path, outline: str, document: str) -> Path:
    """The outline's own template, or for the scoring table the default outline's (it is common)."""
    own = root / "templates" / outline / f"{document}.docx"
    if own.is_file() or document == REPORT:
        return own
    return root / "templates" / DEFAULT_OUTLINE / f"{document}.docx"


def render_union(view: YearView, root: Path, templates_root: Path) -> Rendered:
    """Render both documents of one union, each with its text twin; nothing is written unless both
    render."""
    context = build_context(view)
    year, name = view.union.year, view.union.name
    produced = {
        document_path(root, year, name, document): render_document(
            template_path(templates_root, view.union.outline, document), context
        )
        for document in DOCUMENTS
    }
    for path, content in list(produced.items()):
        produced[twin_path(path)] = document_text(content).encode("utf-8")
    for path, content in produced.items():
        write_atomically(path, content)
    return Rendered(produced)


STALE_TEMP_SECONDS = 600


def write_atomically(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the old file or the
    new one, never a half-written one, even if the process is killed.

    Each writer's temporary file has a unique name (mkstemp), so runs at the same time never write
    into each other's; the last rename wins with a complete file. Temporary files a killed run left
    behind (hidden, ending in .tmp, never taken for a document) are removed once they are old enough
    not to belong to a run still going.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp, 0o666 & ~_umask())  # as an ordinary new file; mkstemp's is owner-only
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temps(path: Path) -> None:
    now = time.time()
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            pass  # another run removed or replaced it first
