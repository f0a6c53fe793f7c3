"""Render one union: each document of its job from its template and the year's context, with its
text twin, in memory; the caller writes them as one set once every document rendered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from genreport.documents.context import build_context
from genreport.documents.engine import render_with_text
from genreport.figures.year import YearView
from genreport.workspace import Job, twin_path


@dataclass
class Rendered:
    """What rendering one union made: each file's path and content."""

    files: dict[Path, bytes]

    @property
    def paths(self) -> list[Path]:
        return list(self.files)


def render_union(view: YearView, job: Job, cache_folder: Path | None = None) -> Rendered:
    """Render the union's documents and their twins (nothing is written); `cache_folder` keeps
    prepared templates between runs."""
    context = build_context(view)
    documents, twins = {}, {}
    for document, template in job.templates.items():
        path = job.outputs[document]
        documents[path], text = render_with_text(template, context, cache_folder)
        twins[twin_path(path)] = text.encode("utf-8")
    return Rendered(documents | twins)
