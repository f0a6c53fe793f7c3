"""Last year's figures: every `上年` and `上年预算` a data file leaves out comes from last year's file.

`data/2023/X.yaml` may omit all of its `上年`; `data/2022/X.yaml` holds them as its `执行` and `预算`.
`carry` returns a copy of this year's model with those figures filled in (the model itself is never
changed): every amount is matched by its key path (明细, 资金来源, 三公经费 … by name), a 项目 by its
名称. A typed figure wins; where it differs from last year's file the difference is returned for
check to warn about. The totals (基本支出, 项目支出, 整体支出) are last year's computed totals, which
`compute` takes from last year's view itself.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from genreport.contract.model import Project, UnionYear
from genreport.figures.line import FROM_LAST_YEAR, LastYearDisagreement

if TYPE_CHECKING:
    from collections.abc import Callable


def carry(union: UnionYear, previous: UnionYear) -> tuple[UnionYear, list[LastYearDisagreement]]:
    """`union` with each 上年 and 上年预算 it leaves out taken from last year's model `previous`,
    and the typed ones that differ from it."""
    found = {_match_key(node): node for node in _carried_nodes(previous)}
    disagreements: list[LastYearDisagreement] = []

    def fill(node: Any) -> Any:
        previous = found.get(_match_key(node))
        if previous is None:
            return node
        changes = {}
        for attr, label, source, found_as in FROM_LAST_YEAR:
            value, typed = getattr(previous, source), getattr(node, attr)
            if value is None:
                continue
            if typed is None:
                changes[attr] = value
            elif typed != value:
                disagreements.append(
                    LastYearDisagreement(f"{node.path}.{label}", label, typed, value, found_as)
                )
        return dataclasses.replace(node, **changes) if changes else node

    return _rebuild(union, fill), disagreements


def _carries(node: Any) -> bool:
    """A figure line with a 执行 of its own and a 上年 (a total's 执行 is summed: compute carries
    totals from last year's computed view)."""
    names = {f.name for f in dataclasses.fields(node)}
    return "actual" in names and "last_year" in names


def _match_key(node: Any) -> str:
    return f"项目：{node.name}" if isinstance(node, Project) else node.path


def _carried_nodes(node: Any) -> list[Any]:
    """Every figure line of a model, in file order."""
    found = []
    if dataclasses.is_dataclass(node):
        if _carries(node):
            found.append(node)
        for f in dataclasses.fields(node):
            found += _carried_nodes(getattr(node, f.name))
    elif isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:
            found += _carried_nodes(value)
    return found


def _rebuild(node: Any, fill: Callable[[Any], Any]) -> Any:
    """A copy of `node` whose figure lines went through `fill`; parts that do not change are shared."""
    if isinstance(node, list):
        return [_rebuild(value, fill) for value in node]
    if isinstance(node, dict):
        return {key: _rebuild(value, fill) for key, value in node.items()}
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    changes = {}
    for f in dataclasses.fields(node):
        if not f.init:
            continue
        value = getattr(node, f.name)
        rebuilt = _rebuild(value, fill)
        if rebuilt is not value:
            changes[f.name] = rebuilt
    node = dataclasses.replace(node, **changes) if changes else node
    return fill(node) if _carries(node) else node
