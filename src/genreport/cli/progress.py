"""How many unions to render at once, and the progress line shown while a long run renders."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Progress:
    """A progress line on the terminal while a long run works; nothing when the output is not a
    terminal (a log or a pipe gets only the results)."""

    SHOWN_FROM = 5  # unions; fewer are done before a line would help

    def __init__(self, label: str = "生成中", shown_from: int = SHOWN_FROM):
        self.bar: ProgressBar[int] | None = None
        self.label = label
        self.shown_from = shown_from
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.shown_from or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            self.bar.render_progress()  # at once: LibreOffice may take a while for its first
        if done > self.shown:
            self.bar.update(done - self.shown)
            self.shown = done

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
