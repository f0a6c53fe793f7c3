"""The contract's one description: every key of the model as a `Key` (name, shape, hint, what
`new` does with it), read from the `key()` declarations in `model.py`, and the one walker over it.

Loading (`reading/load.py`), writing new files (`scaffold/new_files.py`) and the JSON Schema
(`schema.py`) are each a `Walker` over the same shapes, so a key declared once in the model reaches
all of them.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from genreport.contract.keys import Located

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def _per_class(function: Callable[[type[Located]], T]) -> Callable[[type[Located]], T]:
    """`functools.cache` for a function of a model class, typed by what it takes."""
    # typeshed's cache takes Hashable arguments and mypy does not see a class as one
    # (python/mypy#11470); a class is hashable.
    return cache(function)  # type: ignore[return-value]


TEXT, INTEGER, NUMBER, LIST, MAP, RECORD = "text", "integer", "number", "list", "map", "record"
_SCALARS = {str: TEXT, int: INTEGER, Decimal: NUMBER}


@dataclass(frozen=True)
class Shape:
    """What a value is: a text, integer or number; a list or a name → value mapping of `item`; or
    a `record` (a model dataclass, written as `字段: 值` lines)."""

    kind: str
    item: Shape | None = None
    record: type[Located] | None = None

    @property
    def is_figure(self) -> bool:
        return self.kind in (INTEGER, NUMBER)

    @property
    def item_shape(self) -> Shape:
        """The shape of each item of a list or a map."""
        if self.item is None:
            raise TypeError(f"a {self.kind} shape has no items")
        return self.item

    @property
    def record_class(self) -> type[Located]:
        """The model class of a record."""
        if self.record is None:
            raise TypeError(f"a {self.kind} shape is not a record")
        return self.record


@dataclass(frozen=True)
class Key:
    """One key of a record, as the contract describes it (see `model.key`)."""

    name: str  # the Chinese key
    attr: str  # the model's attribute
    shape: Shape
    hint: str
    required: bool
    scalar_ok: bool  # a list may be written as one scalar
    keep: bool  # `new` writes last year's value unchanged
    drop: bool  # `new` leaves it out: this year's only
    seldom: bool  # `init` shows it commented out
    carried_from: str | None  # the key whose last-year value fills it when left out
    none: Any  # what `无` written for the section stands for (None: `无` is not accepted)
    default: Any
    field: dataclasses.Field[Any]


def unwrap_optional(hint: Any) -> Any:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def shape_of(hint: Any) -> Shape:
    hint = unwrap_optional(hint)
    origin = typing.get_origin(hint)
    if origin is list:
        return Shape(LIST, item=shape_of(typing.get_args(hint)[0]))
    if origin is dict:
        return Shape(MAP, item=shape_of(typing.get_args(hint)[1]))
    if isinstance(hint, type) and issubclass(hint, Located):
        return Shape(RECORD, record=hint)
    return Shape(_SCALARS[hint])


@_per_class
def contract_fields(cls: type[Located]) -> list[tuple[dataclasses.Field[Any], Any]]:
    """The contract's fields of `cls` with their type hints, in the order the keys are written."""
    hints = _type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if "key" in f.metadata]
    fields.sort(key=lambda f: f.metadata["place"])  # stable: declaration order within a place
    return [(f, hints[f.name]) for f in fields]


def _type_hints(cls: type[Located]) -> dict[str, Any]:
    """`typing.get_type_hints(cls)` for the model's classes, each annotation's text compiled once
    however many classes write it (`Amount | None`): compiling them is a cold run's visible cost."""
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        namespace = vars(sys.modules[base.__module__])
        for name, annotation in base.__dict__.get("__annotations__", {}).items():
            if isinstance(annotation, str):  # our own source's annotations, never data
                annotation = eval(_compiled(annotation), namespace)
            hints[name] = annotation
    return hints


@cache
def _compiled(annotation: str) -> types.CodeType:
    return compile(annotation, "<annotation>", "eval")


@_per_class
def keys(cls: type[Located]) -> tuple[Key, ...]:
    """Every key of the record `cls`, in order, with what `cls` restates about shared keys."""
    described = []
    for f, hint in contract_fields(cls):
        meta = {**f.metadata, **cls.RESTATE.get(f.metadata["key"], {})}
        default = None if f.default is dataclasses.MISSING else f.default
        described.append(
            Key(
                name=meta["key"],
                attr=f.name,
                shape=shape_of(hint),
                hint=meta["hint"],
                required=meta["required"],
                scalar_ok=meta["scalar_ok"],
                keep=meta["keep"],
                drop=meta["drop"],
                seldom=meta["seldom"],
                carried_from=meta["carried_from"],
                none=meta["none"],
                default=default,
                field=f,
            )
        )
    return tuple(described)


def key_named(cls: type[Located], name: str) -> Key | None:
    return next((k for k in keys(cls) if k.name == name), None)


def shorthand(cls: type[Located]) -> Key | None:
    """The key a bare scalar fills when `cls` is written as one value, if it may be."""
    return next((k for k in keys(cls) if k.attr == cls.SHORTHAND), None)


def valid_keys(cls: type[Located]) -> list[str]:
    return [k.name for k in keys(cls)]


R = TypeVar("R")


class Walker(Generic[R]):
    """A visitor over the contract's shapes: `walk` calls the method named by the shape's kind.

    A walker defines `text`, `integer`, `number`, `list`, `map` and `record`; each receives the
    shape and whatever the walk carries (a YAML node, a value, a key path), and walks a record key
    by key with `keys(shape.record_class)`.
    """

    def walk(self, shape: Shape, *args: Any, **kwargs: Any) -> R:
        visit: Callable[..., R] = getattr(self, shape.kind)
        return visit(shape, *args, **kwargs)
