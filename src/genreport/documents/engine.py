"""The template engine: a Word template rendered with docxtpl under a strict Jinja environment
into reproducible .docx bytes, faults explained in Chinese, and the template check (every name a
template uses that the data lacks, every broken tag, in one pass).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genreport.documents.docx_template import (
    fix_properties,
    open_template,
    template_bytes,
    template_class,
    unclosed_tags,
)
from genreport.errors import TemplateError

if TYPE_CHECKING:  # imported where used: `check` needs neither Jinja nor the docx libraries
    from collections.abc import Iterator

    import jinja2

    from genreport.documents.sandbox import Exceeded

_UNFILLED_CALL = re.compile(r"""未填写\(\s*['"]([^'"]+)['"]\s*\)""")


@functools.lru_cache(maxsize=64)
def _unfilled_keys(template: Path, _stamp: tuple[int, int]) -> tuple[str, ...]:
    data = template_bytes(template)  # an unsound template: TemplateError, check reports it
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
    except (KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return ()  # not a Word document: reported when it is rendered
    text = re.sub(r"<[^>]+>", "", xml)  # a call Word split across runs reads whole again
    return tuple(dict.fromkeys(_UNFILLED_CALL.findall(text)))


def unfilled_keys(template: Path) -> tuple[str, ...]:
    """The keys a template shows `（未填写）` for when the data file leaves them out: the sections
    its outline requires. TemplateError when the template is unsound (a zip bomb, a DOCTYPE, not a
    regular file): nothing could be made from it."""
    try:
        stat = template.stat()
    except OSError:
        return ()  # missing: rendering names where it should be
    return _unfilled_keys(template, (stat.st_mtime_ns, stat.st_size))


@functools.cache
def _environment() -> jinja2.Environment:
    """The one strict environment every document is rendered in (compiled templates belong to it):
    Jinja's sandbox within bounds, since a template is data from anywhere (`sandbox.py`)."""
    import jinja2

    from genreport.documents.sandbox import BoundedSandbox

    return BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=True)


def render_document(
    template: Path, context: dict[str, Any], cache_folder: Path | None = None
) -> bytes:
    """Render one template to .docx bytes; raises TemplateError naming the template and fault."""
    return render_with_text(template, context, cache_folder)[0]


def render_with_text(
    template: Path, context: dict[str, Any], cache_folder: Path | None = None
) -> tuple[bytes, str]:
    """The .docx bytes of one template rendered, and their text twin.

    The template is prepared once per content (`compiled.py`, cached in the per-user cache folder,
    or in `cache_folder` when given)
    and each document is written straight from the compiled form; a template using a docxtpl feature
    the compiled form does not reproduce is rendered by docxtpl, with the same result.
    """
    import jinja2

    from genreport.documents.compiled import BrokenPart, NotPreparable, compiled
    from genreport.documents.sandbox import document
    from genreport.documents.twin import twin_text

    if not template.is_file():
        raise TemplateError(f"模板文件“{template}”不存在。请检查 templates/ 中的提纲文件夹。")
    try:
        prepared = compiled(template, _environment(), cache_folder)
    except NotPreparable:
        content = _render_with_docxtpl(template, context)
        from genreport.documents.twin import document_text

        return content, document_text(content)
    except jinja2.TemplateError as exc:
        raise _explained(template, exc) from None
    if prepared.prepared.unclosed:
        raise TemplateError(f"模板“{template}”中{prepared.prepared.unclosed[0]}")
    try:
        with document():
            content, body = prepared.render(context)
    except BrokenPart as exc:
        raise TemplateError(f"模板“{template}”{_broken_part(exc.part)}") from None
    except (jinja2.TemplateError, *_RUNAWAY) as exc:
        raise _explained(template, exc) from None
    return content, twin_text(body, prepared.prepared.headings)


def _render_with_docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    import jinja2

    doc = open_template(template)
    unclosed = unclosed_tags(doc)
    if unclosed:
        raise TemplateError(f"模板“{template}”中{unclosed[0]}")
    from lxml import etree

    from genreport.documents.sandbox import document

    try:
        with document():
            doc.render(context, _environment(), autoescape=True)
    except etree.XMLSyntaxError:
        raise TemplateError(f"模板“{template}”{_broken_part('')}") from None
    except (jinja2.TemplateError, *_RUNAWAY) as exc:
        raise _explained(template, exc) from None
    fix_properties(doc.docx.core_properties)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _broken_part(part: str) -> str:
    where = f"（{part}）" if part else ""
    return (
        f"的页眉、页脚或脚注{where}中的标记在生成时把段落或表格拆坏了，生成的内容不是有效的Word文件。"
        "请检查页眉、页脚和脚注中的“{%p …%}”“{%tr …%}”标记：成对的标记须在同一段落、同一单元格或"
        "同一文本框中，最好把这类标记移到正文中。"
    )


# What a template's own computation can raise beyond Jinja's errors: a macro calling itself, a
# number too large for a float, a division by zero, memory a bound did not foresee.
_RUNAWAY = (RecursionError, ArithmeticError, MemoryError)


def _explained(template: Path, exc: Exception) -> TemplateError:
    import jinja2

    from genreport.documents.sandbox import Exceeded

    if isinstance(exc, Exceeded | RecursionError | MemoryError):
        return TemplateError(f"模板“{template}”{_runaway(exc)}")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return TemplateError(f"模板“{template}”{_refused(exc)}")
    if isinstance(exc, ArithmeticError):
        return TemplateError(f"模板“{template}”中的计算无法进行（{type(exc).__name__}）。")
    if isinstance(exc, jinja2.UndefinedError):
        name = _undefined_name(exc)
        if name == "“loop”":  # a tag cut out of its loop: `loop` exists only between for and endfor
            return TemplateError(
                f"模板“{template}”在循环之外使用了“loop”：它只能写在“{{% for %}}”与"
                "“{% endfor %}”之间，这个标记可能被移到了循环外。请在Word或WPS中把它移回原处。"
            )
        return TemplateError(
            f"模板“{template}”使用了数据中没有的名称：{name}。请检查模板中的拼写。"
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            f"模板“{template}”中有写错的标记：{explain_template_error(exc)}"
            f"（出错处：{template_text_around(exc)}）。"
        )
    return TemplateError(f"模板“{template}”无法生成：{exc}。")


def _runaway(exc: Exceeded | RecursionError | MemoryError) -> str:
    if isinstance(exc, RecursionError):
        what = "宏或循环调用自身的层数过多"
    elif isinstance(exc, MemoryError):
        what = "用尽了内存"
    else:
        what = exc.message or ""  # an Exceeded always says which bound
    return f"无法生成：{what}。正常的报告远达不到这个限度，请检查模板中的循环、宏和计算。"


def _refused(exc: Exception) -> str:
    from genreport.documents.sandbox import Refused

    if isinstance(exc, Refused):
        return f"无法生成：{exc.message}。请删除这个标记。"
    return "无法生成：模板试图调用不允许的内容，模板只能显示数据，不能调用程序。请删除这个标记。"


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


# The template check

_QUOTED = re.compile(r"'([^']*)'")


@dataclass
class TemplateReport:
    """What the check found in one template file."""

    template: Path
    missing: list[str] = field(default_factory=list)  # names the data does not provide
    broken: list[str] = field(default_factory=list)  # syntax faults, with the text around them

    @property
    def clean(self) -> bool:
        return not self.missing and not self.broken


def _collecting_environment(sink: list[str]) -> jinja2.Environment:
    import jinja2

    from genreport.documents.sandbox import BoundedSandbox

    class Collecting(jinja2.ChainableUndefined):
        """Renders as nothing but remembers the name, so one pass finds every missing name."""

        def _note(self) -> None:
            names = _QUOTED.findall(self._undefined_message)
            name = names[-1] if names else self._undefined_message
            if name not in sink:
                sink.append(name)

        def __str__(self) -> str:
            self._note()
            return ""

        def __iter__(self) -> Iterator[Any]:
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

    return BoundedSandbox(undefined=Collecting, autoescape=True)


def check_template(template: Path, contexts: list[dict[str, Any]]) -> TemplateReport:
    import jinja2

    report = TemplateReport(template)
    try:
        data = template_bytes(template, check=False)  # checked by open_template
        unclosed = unclosed_tags(open_template(template, data))
    except TemplateError as exc:
        report.broken.append(str(exc).replace(f"模板“{template}”", "模板文件", 1))
        return report
    if unclosed:
        report.broken.extend(unclosed)
        return report
    from lxml import etree

    from genreport.documents.sandbox import Exceeded, document

    for context in contexts:
        try:
            doc = template_class()(io.BytesIO(data))
            with document():
                doc.render(context, _collecting_environment(report.missing), autoescape=True)
        except jinja2.TemplateSyntaxError as exc:
            report.broken.append(
                f"{explain_template_error(exc)}（出错处附近：{template_text_around(exc)}）"
            )
            break
        except (
            Exceeded,
            jinja2.exceptions.SecurityError,
            jinja2.UndefinedError,
            *_RUNAWAY,
        ) as exc:
            report.broken.append(
                str(_explained(template, exc)).replace(f"模板“{template}”", "模板", 1)
            )
            break
        except etree.XMLSyntaxError:
            report.broken.append(f"模板{_broken_part('')}")
            break
        except jinja2.TemplateError as exc:
            report.broken.append(str(exc))
            break
    return report
