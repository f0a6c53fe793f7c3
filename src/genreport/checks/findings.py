"""What the checks found in one data file: each rule adds an error or a warning at a key path, and
`Findings` locates it (the file, and the line where the key, or its nearest written parent, is)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genreport.errors import Problem, Severity

if TYPE_CHECKING:
    from genreport.reading.load import Loaded


class Findings:
    """The problems found so far in `loaded`, in the order the rules found them."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(self, severity: Severity, key: str, message: str) -> None:
        line = self.loaded.line_of(key)
        self.problems.append(Problem(severity, self.loaded.path, line, key, message))

    def error(self, key: str, message: str) -> None:
        self.add(Severity.ERROR, key, message)

    def warning(self, key: str, message: str) -> None:
        self.add(Severity.WARNING, key, message)
