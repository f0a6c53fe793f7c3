"""What every command of `genreport` is made of: Chinese help pages, the `--root` option (which
gives the command its one `Workspace`), and a second name for a command."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import click

from genreport.cli.click_messages import Folder
from genreport.workspace import Workspace

CONTEXT: dict[str, Any] = {
    "help_option_names": []
}  # added per command below, with Chinese help text
chinese_help = click.help_option("-h", "--help", help="显示本帮助后退出。")

root_option = click.option(
    "--root",
    "project",
    type=Folder(),
    callback=lambda ctx, param, folder: Workspace(folder),
    default=Path("."),
    metavar="文件夹",
    help="项目文件夹（其中有 data/、output/，可有自己的 templates/），默认为当前文件夹。",
)


class ChineseFormatter(click.HelpFormatter):
    """Help pages in Chinese: click's headings come translated (`click_messages`); the usage line's
    prefix is set here, as click's `_("Usage:")` would be followed by a space."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


def alias(command: click.Command, name: str) -> click.Command:
    """`command` under a second name, left out of the command list."""
    second = copy.copy(command)
    second.name, second.hidden = name, True
    return second
