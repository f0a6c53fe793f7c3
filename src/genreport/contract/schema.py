"""The contract as a JSON Schema (draft 2020-12), for editors: every key with its Chinese hint.

A walk over the contract's description, like loading. The schema accepts a value as an editor's
YAML reader gives it (`133.7` a number) and as genreport's reader does (every scalar a text), so
figures are a number or a text that is one; the loader stays the judge of the finer rules.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from genreport.contract.describe import LIST, Shape, Walker, keys, shorthand
from genreport.contract.model import UnionYear

if TYPE_CHECKING:
    from genreport.contract.keys import Located

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# What `reading/load.py` reads as a number (non-negative, at most 12 integer digits and 4 decimals)
_NUMBER_TEXT = r"^\s*\+?(0*\d{1,12}(\.\d{0,4}0*)?|\.\d{1,4}0*)\s*$"
_INTEGER_TEXT = r"^\s*\+?0*\d{1,12}\s*$"
_NULL = {"type": "null"}


def json_schema(outlines: list[str]) -> dict[str, Any]:
    """The schema of a data file; `提纲` must be one of `outlines`."""
    walker = _Schema(outlines)
    root = walker.mapping(UnionYear)
    return {
        "$schema": DRAFT,
        "title": "genreport 数据文件（一个单位一个年度）",
        **root,
        "$defs": dict(sorted(walker.defs.items())),
    }


def schema_text(outlines: list[str]) -> str:
    """The schema as JSON text, Chinese kept readable."""
    return json.dumps(json_schema(outlines), ensure_ascii=False, indent=2) + "\n"


class _Schema(Walker[dict[str, Any]]):
    def __init__(self, outlines: list[str]):
        self.outlines = outlines
        self.defs: dict[str, dict[str, Any]] = {}

    def record(self, shape: Shape) -> dict[str, Any]:
        cls = shape.record_class
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # claimed before its keys are walked
            self.defs[name] = self.mapping(cls)
        ref = {"$ref": f"#/$defs/{name}"}
        short = shorthand(cls)  # an amount written as `8.28` means `{执行: 8.28}`
        return ref if short is None else {"anyOf": [self.walk(short.shape), ref]}

    def mapping(self, cls: type[Located]) -> dict[str, Any]:
        properties = {}
        for k in keys(cls):
            value = self.walk(k.shape)
            if cls is UnionYear and k.attr == "outline":
                value = {"type": "string", "enum": list(self.outlines)}
            if k.scalar_ok and k.shape.kind == LIST:
                value = {"anyOf": [value, self.walk(k.shape.item_shape)]}
            if k.none is not None:
                value = {"anyOf": [value, {"const": "无"}]}  # a section stated as none
            if not (k.required or k.shape.is_figure):
                value = {"anyOf": [value, _NULL]}  # written blank: the same as left out
            properties[k.name] = {"description": k.hint, **value}
        mapping = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [k.name for k in keys(cls) if k.required]
        if required:
            mapping["required"] = required
        return mapping

    def list(self, shape: Shape) -> dict[str, Any]:
        return {"type": "array", "items": self.walk(shape.item_shape)}

    def map(self, shape: Shape) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.walk(shape.item_shape)}

    def text(self, shape: Shape) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"]}  # kept as typed, whatever it looks like

    def integer(self, shape: Shape) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": _INTEGER_TEXT},
            ]
        }

    def number(self, shape: Shape) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": _NUMBER_TEXT},
            ]
        }
