"""Read an outline's rules file (`评分规则.yaml`) into `contract.rules.Rules`, with located Chinese
errors like a data file's. The YAML is read as data files are (`reading/source.py`: bounded, no
tags, no anchors, no implicit types); what the file leaves out is 财预〔2020〕10号's default, and a
local rule is off unless the file turns it on.
"""

from __future__ import annotations

import difflib
import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from genreport.contract.rules import (
    NATIONAL,
    RATE_ROW,
    Grades,
    Rules,
    Switch,
    Weights,
)
from genreport.errors import Problem, Severity
from genreport.reading.source import Mapping, Scalar, read_source_digest

if TYPE_CHECKING:
    from genreport.reading.source import Node
    from genreport.workspace import Workspace

PROJECT, SCORING, GRADES, BASIS = "项目支出绩效自评表", "部门整体支出绩效自评表", "等级", "依据"
FIRST_LEVELS = "一级指标"
SWITCHES = {
    "三级分值不超过一级权重": "within_first_level",
    "执行率封顶": "execution_caps",
    "超标扣分": "overshoot",
}
TOP_KEYS = (BASIS, PROJECT, SCORING, GRADES, *SWITCHES)
_TRUE, _FALSE = {"是", "开", "true", "True", "yes"}, {"否", "关", "false", "False", "no"}
_GRADE_KEYS = ("优", "良", "中")
TOTAL = Decimal(100)


class _Reader:
    """Walks the file's nodes, collecting every problem at once."""

    def __init__(self, path: Path, label: str):
        self.path, self.label = path, label
        self.problems: list[Problem] = []

    def error(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(Severity.ERROR, self.path, line, key, message))

    def at(self, line: int) -> str:
        return f"{self.label}第{line}行"

    def mapping(self, node: Node | None, key: str, known: tuple[str, ...] | None) -> Mapping | None:
        if not isinstance(node, Mapping):
            line = node.line if node is not None else None
            self.error(line, key, f"“{key or '评分规则'}”应为“名称: 值”的若干行。")
            return None
        for name, line in node.key_lines.items():
            if known is not None and name not in known:
                near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                hint = f"是否应为“{near[0]}”？" if near else f"可用的项：{'、'.join(known)}。"
                where = f"{key}.{name}" if key else name
                self.error(line, where, f"评分规则中没有“{name}”这一项。{hint}")
        return node

    def number(self, node: Node, key: str) -> Decimal | None:
        text = node.text if isinstance(node, Scalar) else None
        try:
            value = Decimal(text or "")
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= TOTAL:
            self.error(node.line, key, f"“{key}”应为0到100之间的分数，如“50”。")
            return None
        return value

    def basis(self, node: Mapping, fallback_line: int) -> str:
        given = node.items.get(BASIS)
        if isinstance(given, Scalar) and given.text:
            return given.text.strip()
        return self.at(fallback_line)

    def weights(self, node: Node | None, key: str, line: int) -> Weights | None:
        section = self.mapping(node, key, (BASIS, FIRST_LEVELS))
        if section is None:
            return None
        parts_node = self.mapping(section.items.get(FIRST_LEVELS), f"{key}.{FIRST_LEVELS}", None)
        if parts_node is None:
            return None
        parts = {}
        for name, value in parts_node.items.items():
            number = self.number(value, f"{key}.{FIRST_LEVELS}.{name}")
            if number is not None:
                parts[name] = number
        if len(parts) != len(parts_node.items):
            return None
        total = sum(parts.values(), Decimal(0))
        where = section.key_lines.get(FIRST_LEVELS, line)
        if total != TOTAL:
            self.error(
                where,
                f"{key}.{FIRST_LEVELS}",
                f"“{key}”的一级指标权重合计为{total.normalize():f}分，应为100分。",
            )
            return None
        return Weights(parts, self.basis(section, where))

    def grades(self, node: Node | None, line: int) -> Grades | None:
        section = self.mapping(node, GRADES, (BASIS, *_GRADE_KEYS))
        if section is None:
            return None
        values = []
        for name in _GRADE_KEYS:
            given = section.items.get(name)
            if given is None:
                self.error(section.line, f"{GRADES}.{name}", f"“{GRADES}”缺少“{name}”的最低分。")
                return None
            values.append(self.number(given, f"{GRADES}.{name}"))
        excellent, good, fair = values
        if excellent is None or good is None or fair is None:
            return None
        if not excellent > good > fair:
            self.error(section.line, GRADES, "“等级”的最低分应依次降低：优 > 良 > 中。")
            return None
        return Grades(excellent, good, fair, self.basis(section, line))

    def switch(self, node: Node, key: str, line: int) -> Switch | None:
        text = (node.text or "").strip() if isinstance(node, Scalar) else None
        if text in _TRUE:
            return Switch(True, self.at(line))
        if text in _FALSE:
            return Switch(False, self.at(line))
        self.error(node.line, key, f"“{key}”应为“是”或“否”。")
        return None


def load_rules(path: Path, label: str) -> tuple[Rules | None, list[Problem], str | None]:
    """The rules in `path` (cited as `label`, e.g. “templates/湖南/评分规则.yaml”), or None with the
    problems that make them unusable; and the SHA-256 of the bytes read."""
    root, problems, digest = read_source_digest(path)
    reader = _Reader(path, label)
    reader.problems = list(problems)
    if root is None or any(p.is_error for p in problems):
        return None, reader.problems, digest
    top = reader.mapping(root, "", TOP_KEYS)
    if top is None:
        return None, reader.problems, digest
    lines = top.key_lines
    project, scoring, grades = NATIONAL.project, NATIONAL.scoring, NATIONAL.grades
    if PROJECT in top.items:
        project = reader.weights(top.items[PROJECT], PROJECT, lines[PROJECT]) or project
        if project.parts.get(RATE_ROW) != Decimal(10):
            reader.error(
                lines[PROJECT],
                f"{PROJECT}.{FIRST_LEVELS}",
                f"项目支出绩效自评表的一级指标应有“{RATE_ROW}: 10”（该行由程序计算，分值为10分）。",
            )
    if SCORING in top.items:
        scoring = reader.weights(top.items[SCORING], SCORING, lines[SCORING])
    if GRADES in top.items:
        grades = reader.grades(top.items[GRADES], lines[GRADES]) or grades
    switches = {}
    for key, attr in SWITCHES.items():
        if key in top.items:
            switches[attr] = reader.switch(top.items[key], key, lines[key]) or Switch()
    if any(p.is_error for p in reader.problems):
        return None, reader.problems, digest
    source = top.items.get(BASIS)
    named = source.text.strip() if isinstance(source, Scalar) and source.text else ""
    rules = Rules(
        source=f"{label}（{named}）" if named else label,
        project=project,
        grades=grades,
        scoring=scoring,
        **switches,
    )
    return rules, reader.problems, digest


def outline_rules(project: Workspace, outline: str) -> tuple[Rules, list[Problem], str | None]:
    """The rules the outline's unions are scored by: its rules file's, else 财预〔2020〕10号's; the
    file's problems (errors stop the union's documents: the national rules are then only a
    stand-in for check) and the digest of its bytes."""
    path = project.rules_file(outline)
    if path is None:
        return NATIONAL, [], None
    label = project.rules_label(path)
    try:
        status = path.stat()
    except OSError:  # load_rules says why it cannot be read
        rules, problems, digest = load_rules(path, label)
        return rules or NATIONAL, problems, digest
    # every union of the outline shares one reading while the file stays as it is
    identity = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    rules, shared, digest = _load_rules_once(path, label, identity)
    return rules or NATIONAL, list(shared), digest


@functools.lru_cache(maxsize=16)
def _load_rules_once(
    path: Path, label: str, _identity: tuple[int, int, int, int]
) -> tuple[Rules | None, tuple[Problem, ...], str | None]:
    rules, problems, digest = load_rules(path, label)
    return rules, tuple(problems), digest
