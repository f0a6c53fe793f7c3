"""How many unions to render at once, and the progress line shown while a long run renders."""

from __future__ import annotations

import os
import sys

import click


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Progress:
    """A progress line on the terminal while many unions render; nothing when the output is not a
    terminal (a log or a pipe gets only the results)."""

    SHOWN_FROM = 5  # unions; fewer are done before a line would help

    def __init__(self):
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.SHOWN_FROM or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label="生成中", file=sys.stderr)
            self.bar.__enter__()
            done_before = done - 1
            if done_before:
                self.bar.update(done_before)
        self.bar.update(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
