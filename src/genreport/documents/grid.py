"""A table's grid after a column loop (`{%tc for %}`) changed its rows: docxtpl's fix_tables,
reproduced, and reading a grid Word or WPS left without widths or with a number it cannot read
as none wide instead of failing. Used by the compiled renderer and by docxtpl's own rendering."""

from __future__ import annotations

import math

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fix_tables(tree: etree._Element) -> etree._Element:
    """Each table's grid widened to its widest row, or narrowed to it, keeping the table's width."""
    for table in tree.iter(f"{W}tbl"):
        grid = table.find(f"{W}tblGrid")
        if grid is None:  # required by Word's schema; docxtpl would stop here
            continue
        columns = grid.findall(f"{W}gridCol")
        rows = list(table.iter(f"{W}tr"))
        widest = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
        to_add = max(widest - len(columns), 0)
        if to_add:
            width = sum(width_of(c) for c in columns)
            if width > 0:
                old_average = width / len(columns)
                new_average = width / (len(columns) + to_add)
                for c in columns:
                    c.set(f"{W}w", str(int(width_of(c) * new_average / old_average)))
                for _ in range(to_add):
                    etree.SubElement(grid, f"{W}gridCol", {f"{W}w": str(int(new_average))})
        columns = grid.findall(f"{W}gridCol")
        spanned = max((sum(span_of(c) for c in r.findall(f"{W}tc")) for r in rows), default=0)
        to_remove = len(columns) - spanned
        if to_remove > 0:
            removed = 0.0
            for c in columns[-to_remove:]:
                removed += width_of(c)
                grid.remove(c)
            left = grid.findall(f"{W}gridCol")
            extra = int(removed / len(left)) if left else 0
            for c in left:
                c.set(f"{W}w", str(int(width_of(c) + extra)))
    return tree


def width_of(column: etree._Element) -> float:
    """A grid column's width in twips; one without (never in Word's tables), written in another
    unit, or no finite number (`inf`, `1e400`, `nan`: shared out, it would stop the rendering),
    counts as none wide."""
    try:
        width = float(column.get(f"{W}w", "0"))
    except ValueError:
        return 0.0
    return width if math.isfinite(width) else 0.0


def has_widths(table: etree._Element) -> bool:
    """Whether the table's grid gives every column a width a column loop can share out."""
    grid = table.find(f"{W}tblGrid")
    columns = [] if grid is None else grid.findall(f"{W}gridCol")
    return bool(columns) and all(width_of(c) > 0 for c in columns)


def span_of(cell: etree._Element) -> int:
    """How many grid columns a cell spans (1 when its span is not a number)."""
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    if span is None:
        return 1
    try:
        return max(int(span.get(f"{W}val", "1")), 1)
    except ValueError:
        return 1
