"""What every command of `genreport` is made of: Chinese help pages, the `--root` option (which
gives the command its one `Workspace`), and a second name for a command."""

from __future__ import annotations

import copy
import unicodedata
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


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def current_folder() -> Workspace:
    """The project `--root` defaults to, for `genreport` typed alone (which takes no options)."""
    return Workspace(Path("."))


class ChineseFormatter(click.HelpFormatter):
    """Help pages in Chinese: click's headings come translated (`click_messages`); the usage line's
    prefix is set here, as click's `_("Usage:")` would be followed by a space; the option and
    command columns are aligned by the columns their text takes (`--union 单位名称` is 18 wide,
    not 14), which click counts in characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = click.formatting.wrap_text(
                second, text_width, preserve_paragraphs=True
            ).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


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
