"""The outlines of a project and the template check: every template rendered against real data,
reporting each name the data does not provide and each broken tag, with the text around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from .render import (
    DOCUMENTS,
    TemplateError,
    build_context,
    explain_template_error,
    open_template,
    outlines,
    template_path,
    template_text_around,
    unclosed_tags,
)

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

        def __iter__(self):
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

    return jinja2.Environment(undefined=Collecting, autoescape=True)


def check_template(template: Path, contexts: list[dict]) -> TemplateReport:
    report = TemplateReport(template)
    try:
        unclosed = unclosed_tags(open_template(template))
    except TemplateError as exc:
        report.broken.append(str(exc).replace(f"模板“{template}”", "模板文件", 1))
        return report
    if unclosed:
        report.broken.extend(unclosed)
        return report
    for context in contexts:
        try:
            doc = DocxTemplate(str(template))
            doc.render(context, _collecting_environment(report.missing), autoescape=True)
        except jinja2.TemplateSyntaxError as exc:
            report.broken.append(
                f"{explain_template_error(exc)}（出错处附近：{template_text_around(exc)}）"
            )
            break
        except jinja2.TemplateError as exc:
            report.broken.append(str(exc))
            break
    return report


def check_templates(root: Path, views) -> list[TemplateReport]:
    """Every outline's templates, rendered against each of `views`."""
    contexts = [build_context(view) for view in views]
    reports = []
    for outline in outlines(root):
        for document in DOCUMENTS:
            path = template_path(root, outline, document)
            if any(r.template == path for r in reports):
                continue  # a shared scoring table is checked once
            reports.append(check_template(path, contexts))
    return reports
