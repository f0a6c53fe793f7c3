"""click's own messages in Chinese: a translation function installed where click looks its messages
up, and the parameter types of genreport's commands, which say what they want in Chinese.

click words every message through gettext (`_("Option {name!r} requires an argument.")`), binding
`gettext` and `ngettext` into each of its modules when it is imported. gettext itself only reads
catalogues from files chosen by the LANG variables (which a Windows PC does not set), so the
translation is installed into click's modules instead: each message click can show while parsing
genreport's command lines is looked up here by its English original, before click fills it in.
A message not listed stays as click words it; tests/test_cli.py tries every one a clerk can reach.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

# click's original (msgid) → genreport's wording, with click's placeholders
MESSAGES = {
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写{nargs}个值。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能写值（只写“{name}”即可）。",
    "Got unexpected extra argument ({args})": "多余的参数：{args}。",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such option: {name}": "没有选项“{name}”。",
    "Did you mean {possibility}?": "是否应为{possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否应为其中之一：{possibilities}？）",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Invalid value for {param_hint}: {message}": "{param_hint}的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中断。",
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助后退出。",
    "Show the version and exit.": "显示版本号后退出。",
    "Try '{command} {option}' for help.": "使用 {command} {option} 查看用法。",
}
_CLICK_MODULES = ("core", "parser", "exceptions", "types", "decorators", "formatting", "termui")


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Make click word its messages through `translate`."""
    for name in _CLICK_MODULES:
        module: Any = importlib.import_module(f"click.{name}")  # its gettext names are replaced
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


class Year(click.ParamType):
    """A year such as 2023."""

    name = "年度"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            self.fail(f"应为整数（如 2023），而不是“{value}”。", param, ctx)


class Count(click.ParamType):
    """A number of things at once: a whole number, at least 1."""

    name = "个数"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number < 1:
            self.fail(f"应为1或更大的整数，而不是“{value}”。", param, ctx)
        return number


class Folder(click.ParamType):
    """A folder, which need not exist yet; not a file."""

    name = "文件夹"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.exists() and not path.is_dir():
            self.fail(f"应为一个文件夹，而“{value}”是一个文件。", param, ctx)
        return path


def parameter_name(param: click.Parameter) -> str:
    """A parameter as the clerk typed or read it: `年度`, `-j/--jobs`."""
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name
