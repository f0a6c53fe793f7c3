"""Render one union: each document of its job from its template and the year's context, with its
text twin; nothing is written unless every document rendered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compute import YearView
from .context import build_context
from .engine import render_document
from .output import write_atomically
from .twin import document_text
from .workspace import Job, twin_path


@dataclass
class Rendered:
    """What rendering one union wrote: each file's path and content."""

    files: dict[Path, bytes]

    @property
    def paths(self) -> list[Path]:
        return list(self.files)


def render_union(view: YearView, job: Job) -> Rendered:
    context = build_context(view)
    produced = {
        job.outputs[document]: render_document(template, context)
        for document, template in job.templates.items()
    }
    for path, content in list(produced.items()):
        produced[twin_path(path)] = document_text(content).encode("utf-8")
    for path, content in produced.items():
        write_atomically(path, content)
    return Rendered(produced)
