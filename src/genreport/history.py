"""Last year's figures: every `上年` and `上年预算` a data file leaves out comes from last year's file.

`data/2023/X.yaml` may omit all of its `上年`; `data/2022/X.yaml` holds them as its `执行` and `预算`.
A figure is matched by its key path (明细, 资金来源, 三公经费 … by name), a 项目 by its 名称, and the
totals (基本支出, 项目支出, 整体支出) by last year's computed totals. A typed figure wins; when it
disagrees with last year's file the clerk is warned.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .compute import Line, YearView, compute
from .errors import Problem, Severity
from .fmt import money
from .load import Loaded, load_union
from .model import Project


@dataclass
class Carried:
    """What last year's file supplied: the key paths filled in (e.g. `支出.基本支出.上年`) and
    the warnings about it."""

    paths: frozenset[str] = frozenset()
    problems: list[Problem] = dataclasses.field(default_factory=list)


def previous_file(path: Path) -> Path | None:
    """`data/<YEAR-1>/<name>.yaml` beside `data/<YEAR>/<name>.yaml`, if the folder is a year and the
    file exists."""
    folder = path.parent
    if not folder.name.isdigit():
        return None
    previous = folder.parent / str(int(folder.name) - 1) / path.name
    return previous if previous.is_file() else None


def carry_last_year(loaded: Loaded) -> Carried:
    """Fill `loaded.union`'s missing 上年 and 上年预算 from last year's file, in place."""
    previous_path = previous_file(loaded.path)
    if previous_path is None or loaded.union is None:
        return Carried()
    previous = load_union(previous_path)
    errors = [p for p in previous.problems if p.is_error]
    if errors or previous.union is None:
        year = previous_path.parent.name
        return Carried(
            problems=[
                Problem(
                    Severity.WARNING,
                    loaded.path,
                    None,
                    "",
                    f"上年数据文件“{previous_path}”有{len(errors)}个错误，未从中取上年数。"
                    f"请运行 genreport check {year} 查看并改正。",
                )
            ],
        )
    last_year = _figures_of(compute(previous.union))
    filled: set[str] = set()
    problems: list[Problem] = []
    for key, holder in _holders(loaded.union):
        figure = last_year.get(key)
        if figure is None:
            continue
        for attr, label, value, source_label in (
            ("last_year", "上年", figure.actual, "执行数"),
            ("last_year_budget", "上年预算", figure.budget, "预算数"),
        ):
            if value is None:
                continue
            path = f"{holder.path}.{label}"
            typed = getattr(holder, attr)
            if typed is None:
                setattr(holder, attr, value)
                filled.add(path)
            elif typed != value:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        loaded.path,
                        loaded.line_of(path),
                        path,
                        f"填写的{label}数为{money(typed)}万元，但上年数据文件“{previous_path}”"
                        f"中的{source_label}为{money(value)}万元。以本文件为准；"
                        f"请核对，或删除本行由程序从上年文件取数。",
                    )
                )
    return Carried(frozenset(filled), problems)


def _project_key(name: str | None) -> str:
    return f"支出.项目支出.项目：{name}"


def _figures_of(view: YearView) -> dict[str, Line]:
    """Last year's lines by the key that finds them again this year."""
    lines = [
        view.whole,
        view.basic,
        view.projects,
        *view.basic_items,
        *view.funding_sources,
        *view.functional,
        *view.three_public,
        view.meetings,
        view.training,
        view.government_funds,
        view.state_capital,
        view.social_insurance,
        view.income,
        view.spending,
    ]
    if view.procurement:
        p = view.procurement
        lines += [p.goods, p.works, p.services, p.sme, p.micro]
    figures = {line.path: line for line in lines if line is not None}
    figures.update({_project_key(line.name): line for line in view.project_items})
    return figures


def _holders(node) -> list[tuple[str, object]]:
    """Every part of the model that has a 上年, with the key that matches it to last year."""
    found = []
    if dataclasses.is_dataclass(node):
        if hasattr(node, "last_year"):
            key = _project_key(node.name) if isinstance(node, Project) else node.path
            found.append((key, node))
        for f in dataclasses.fields(node):
            found += _holders(getattr(node, f.name))
    elif isinstance(node, dict):
        for value in node.values():
            found += _holders(value)
    elif isinstance(node, list):
        for value in node:
            found += _holders(value)
    return found
