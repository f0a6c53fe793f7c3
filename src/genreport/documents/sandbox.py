"""The environment templates run in: data, never a program.

A template comes from anywhere (the README invites clerks to exchange and restyle them), so it is
rendered and checked in Jinja's immutable sandbox (no attribute starting with `_`, no call that
changes a list or a dict) and within bounds a real report never comes near: loop iterations and
calls, the text written, the size of every value a template makes, the size of integers, and the
time spent, all per document. Each bound ends in `Exceeded`, whose message is Chinese.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateRuntimeError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from jinja2.compiler import Frame
    from jinja2.runtime import Context


@dataclass(frozen=True)
class Limits:
    """Per document. The bundled data's largest report takes 91 steps, writes 45,517 characters
    (its largest value 2,113) in 10 ms: 11,000, 88 and 6,000 times below."""

    steps: int = 1_000_000  # loop iterations and calls
    text: int = 4_000_000  # characters written, and the size of any one value
    bits: int = 20_000  # an integer's size (about 6,000 digits)
    seconds: float = 60.0


LIMITS = Limits()


class Exceeded(TemplateRuntimeError):
    """A template went past a bound; the message says which, in Chinese."""


class Refused(SecurityError):
    """A template reached for something that is not data (`__globals__`, a list's `append`)."""


class _Budget:
    """What one document has used so far."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.steps = 0
        self.text = 0
        self.writes = 0
        self.deadline = time.monotonic() + limits.seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.steps:
            raise Exceeded(f"循环和调用超过了{self.limits.steps:,}次")
        if not self.steps & 255:
            self.clock()

    def wrote(self, count: int) -> None:
        self.text += count
        self.writes += 1
        if self.text > self.limits.text:
            raise Exceeded(f"生成的文字超过了{self.limits.text:,}个字符")
        if not self.writes & 63:
            self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise Exceeded(f"生成一份文档超过了{self.limits.seconds:g}秒")


_budget: ContextVar[_Budget | None] = ContextVar("genreport_template_budget", default=None)


@contextlib.contextmanager
def document() -> Iterator[None]:
    """One document's budget, shared by all its parts (body, headers, footers, properties)."""
    token = _budget.set(_Budget(LIMITS))
    try:
        yield
    finally:
        _budget.reset(token)


def _current() -> _Budget:
    # Outside a render (Jinja folds constant expressions when it compiles), a budget of its own
    return _budget.get() or _Budget(LIMITS)


def _weight(value: object, limit: int) -> int:
    """About how many characters `value` prints as; the walk stops once past `limit`, so a list
    holding itself a million times over costs no more than the limit to weigh."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        else:
            total += 1  # our own objects, numbers, undefined: printed small
    return total


def _sized(value: Any) -> Any:
    """`value`, if it is no bigger than a document may be."""
    limit = LIMITS.text
    if isinstance(value, str):  # most values: no walk
        if len(value) > limit:
            raise Exceeded(f"模板中算出的一个值超过了{limit:,}个字符")
        return value
    if _weight(value, limit) > limit:
        raise Exceeded(f"模板中算出的一个值超过了{limit:,}个字符")
    return value


def _check_numbers(args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        # A width, a count, a size: no report needs one larger than its number of steps
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LIMITS.steps:
            raise Exceeded(
                f"模板中的数{value if value.bit_length() < 64 else '（极大）'}超出了范围"
            )


def _check_arguments(args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    _check_numbers(args, kwargs)
    limit = LIMITS.text
    total = 0
    for value in (*args, *kwargs.values()):
        total += _weight(value, limit)
        if total > limit:
            raise Exceeded(f"模板中算出的一个值超过了{limit:,}个字符")


def _expect(size: int) -> None:
    if size > LIMITS.text:
        raise Exceeded(f"模板中算出的一个值超过了{LIMITS.text:,}个字符")


def _longest(values: Iterable[object]) -> int:
    return max((_weight(v, LIMITS.text) for v in values), default=0)


_NUMBER_IN_FORMAT = re.compile(r"\d+")


def _format_size(form: str, args: Sequence[Any]) -> None:
    """A `%` or `str.format` result's size, bounded before it is made: widths and precisions, and
    as many fields as the form has, each as long as the longest argument."""
    if any(len(n) > 7 or int(n) > LIMITS.text for n in _NUMBER_IN_FORMAT.findall(form)):
        raise Exceeded("模板中的格式宽度超出了范围")
    fields = form.count("%") + form.count("{")
    _expect(len(form) + fields * (_longest(args) + 2))


def _replace_size(text: str, old: str, new: str) -> None:
    found = len(text) + 1 if not old else text.count(old)
    _expect(len(text) + found * len(new))


def _indent_size(text: str, width: int | str = 4, *_args: Any, **_kwargs: Any) -> None:
    width = len(width) if isinstance(width, str) else width
    _expect(len(text) + (text.count("\n") + 1) * int(width))


def _join_size(separator: str, items: list[Any]) -> None:
    _expect(_weight(items, LIMITS.text) + len(separator) * len(items))


# Calls whose result can be far larger than their arguments, each sized before it runs.
def _method_size(text: str, name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    if name == "replace" and len(args) >= 2:
        _replace_size(text, str(args[0]), str(args[1]))
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _expect(len(text) + text.count("\t") * int(size))
    elif name in ("format", "format_map"):
        _format_size(text, (*args, *kwargs.values()))
    elif name == "translate":
        table = args[0] if args else {}
        values = table.values() if isinstance(table, dict) else ()
        _expect(len(text) * max(_longest(values), 1))
    elif name == "join" and args:
        _join_size(text, list(args[0]))


def _filter_size(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """The arguments of filter `name`, with a lazy sequence made a list where its size matters."""
    if name == "replace" and len(args) >= 4:  # (eval context, text, old, new…)
        _replace_size(str(args[1]), str(args[2]), str(args[3]))
    elif name == "indent" and args:
        _indent_size(str(args[0]), *args[1:], **kwargs)
    elif name == "format" and args:
        _format_size(str(args[0]), (*args[1:], *kwargs.values()))
    elif name == "join" and len(args) >= 2:  # (eval context, sequence, separator…)
        items = list(args[1])
        _join_size(str(args[2]) if len(args) > 2 else str(kwargs.get("d", "")), items)
        args = (args[0], items, *args[2:])
    return args


# Filters that never turn their arguments into text: only their numbers are bounded beforehand (a
# list they make is weighed after); every other filter's arguments are weighed first, since
# printing a list that holds one long text a million times over is where memory would go.
_NOT_PRINTING = frozenset(
    [
        "abs",
        "attr",
        "batch",
        "count",
        "d",
        "default",
        "dictsort",
        "first",
        "float",
        "groupby",
        "int",
        "items",
        "last",
        "length",
        "list",
        "map",
        "max",
        "min",
        "random",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "slice",
        "sort",
        "sum",
        "unique",
    ]
)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    weigh = name not in _NOT_PRINTING

    @functools.wraps(function)  # keeps Jinja's pass_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _current().step()
        if weigh:
            _check_arguments(args, kwargs)
        else:
            _check_numbers(args, kwargs)
        args = _filter_size(name, args, kwargs)
        return _sized(function(*args, **kwargs))

    return bounded


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > LIMITS.steps:
        raise Exceeded(f"range的范围超过了{LIMITS.steps:,}个数")
    return numbers


class _Counted:
    """An iterable a `{% for %}` walks, each item one step of the document's budget."""

    def __init__(self, iterable: Any):
        self.iterable = iterable

    def __len__(self) -> int:  # loop.length and loop.last, as for the iterable itself
        return len(self.iterable)

    def __iter__(self) -> Iterator[Any]:
        budget = _current()
        for item in self.iterable:
            budget.step()
            yield item


class _Buffer(list[str]):
    """Where a macro, a `{% set %}` block or a recursive loop writes: every piece is counted."""

    def append(self, piece: str) -> None:
        _current().wrote(len(piece))
        super().append(piece)

    def extend(self, pieces: Iterable[str]) -> None:
        pieces = tuple(pieces)
        _current().wrote(sum(len(p) for p in pieces))
        super().extend(pieces)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's sandboxed code, with each loop counted, each buffer counted and each `~` sized."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        counted = nodes.EnvironmentAttribute("counted", lineno=node.iter.lineno)
        if not (isinstance(node.iter, nodes.Call) and node.iter.node == counted):
            node.iter = nodes.Call(counted, [node.iter], [], None, None, lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(Template):
    """A template whose rendering counts what it writes against the document's budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if _budget.get() is None:  # rendered alone: a document of its own
            with document():
                return self.render(*args, **kwargs)
        context = self.new_context(dict(*args, **kwargs))
        budget = _current()
        pieces = []
        try:
            for piece in self.root_render_func(context):
                budget.wrote(len(piece))
                pieces.append(piece)
            return self.environment.concat(pieces)
        except Exception:
            self.environment.handle_exception()


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox within `LIMITS`: the only environment a template runs in."""

    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.globals.pop("lipsum", None)  # placeholder text by the thousand words: no report's
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.finalize = _sized
        self.counted = _Counted
        self.output_buffer = _Buffer

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise Refused(f"使用了不允许的名称“{attribute}”（模板只能显示数据，不能调用程序）")

    def call(  # noqa: N805 (Jinja's signature)
        __self, __context: Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if __obj is _Counted:  # our own wrapping of a loop's iterable: its items are counted
            return _Counted(*args)
        _current().step()
        _check_arguments(args, kwargs)
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (_Counted(args[0]), *args[1:])
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            _method_size(owner, getattr(method, "__name__", ""), args, kwargs)
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _current().step()
        if operator == "*":
            _multiplied_size(left, right)
        elif operator == "**":
            _power_size(left, right)
        elif operator == "%" and isinstance(left, str):
            values = right if isinstance(right, tuple) else (right,)
            _check_arguments(values, right if isinstance(right, dict) else {})
            _format_size(left, values)
        return _sized(super().call_binop(context, operator, left, right))

    def joined(self, join: Callable[[Iterable[str]], str], pieces: tuple[Any, ...]) -> str:
        _expect(sum(_weight(p, LIMITS.text) for p in pieces))
        return join(pieces)


def _multiplied_size(left: object, right: object) -> None:
    for times, other in ((left, right), (right, left)):
        if isinstance(times, int) and not isinstance(times, bool):
            if isinstance(other, str):
                _expect(len(other) * max(times, 0))
            elif isinstance(other, list | tuple):
                _expect(_weight(other, LIMITS.text) * max(times, 0))
            elif isinstance(other, int) and times.bit_length() + other.bit_length() > LIMITS.bits:
                raise Exceeded("模板中算出的数太大")


def _power_size(base: object, exponent: object) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and exponent * base.bit_length() > LIMITS.bits
    ):
        raise Exceeded("模板中算出的数太大")
