"""The clerk-facing problems genreport reports: where they are and what to do, in Chinese.

Loading and checking never raise for a mistake in a data file; they collect `Problem`s. Everything
else a clerk can put right (a missing folder, a broken template, a file open in Word) is a
`ClerkError`: the command line turns each into `错误：…` and exit code 1, in one place.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


def visible(text: str) -> str:
    """`text` as a terminal may show it: each control, format (bidi, zero-width) or line-separator
    character written as `[U+202E]`, so that a file name holding one cannot reorder or hide part of
    the line it is printed in."""
    return "".join(
        f"[U+{ord(c):04X}]" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in text
    )


class Severity(Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Problem:
    """One mistake or doubt in a data file: file, line, key path and a Chinese message."""

    severity: Severity
    file: Path
    line: int | None
    key: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        place = visible(f"{self.file}:{self.line}" if self.line else f"{self.file}")
        key = f" {self.key}" if self.key else ""
        return f"{self.severity.value} {place}{key}：{self.message}"


class ClerkError(Exception):
    """A mistake outside any data file's contents, with its Chinese message."""


class NoDataError(ClerkError):
    """The year has no data folder or no data files."""


class TemplateError(ClerkError):
    """A template cannot be rendered; the message names the template and the fault."""


class OutputError(ClerkError):
    """A document cannot be written where it belongs."""


class ScaffoldError(ClerkError):
    """A data file cannot be started (`new`, `init`)."""


class NotADocument(ClerkError):
    """A file given as a Word document is not one."""


class Terminated(KeyboardInterrupt):
    """The run was told to end by a signal other than Ctrl-C: SIGTERM (a scheduler, the task
    manager, `kill`, the system shutting down) or SIGHUP (its terminal window closed). It stops as
    on Ctrl-C, cleaning up, and says which."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


def end_as_terminated(number: int, frame: object) -> None:
    """A handler for SIGTERM and SIGHUP: the run stops as on Ctrl-C (`Terminated`)."""
    raise Terminated(number)


def stop_reason(stop: KeyboardInterrupt) -> str:
    """Why a run stopped, as its messages begin: `已中断（Ctrl-C）` or `已停止（…）`."""
    if not isinstance(stop, Terminated):
        return "已中断（Ctrl-C）"
    import signal  # only once a run is stopped

    if stop.number == getattr(signal, "SIGHUP", None):
        return "已停止（运行它的窗口已关闭）"
    return "已停止（被其他程序结束，如计划任务或关机）"
