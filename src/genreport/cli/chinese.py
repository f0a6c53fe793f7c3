"""What every command of `genreport` is made of: Chinese help pages, the `--root` option (which
gives the command its one `Workspace`), and a second name for a command."""

from __future__ import annotations

import copy
import inspect
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


# A line never starts with closing punctuation nor ends with opening punctuation (禁则).
_CLOSING = set("，。、；：？！）」』”’》〉】…%,;:?!)")
_OPENING = set("（「『“‘《〈【(")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one: with a space between two Latin words, as click joins them, and
    with none beside a Chinese character or full-width punctuation (`自评表（写入…`, not
    `自评表 （写入…`)."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and not _wide(text[-1]) and not _wide(line[0]):
            text += " "
        text += line
    return text


def _pieces(run: str) -> list[str]:
    """A run of text without spaces, cut where a line may break: beside a Chinese character, but
    not before closing punctuation nor after opening punctuation, and never inside a Latin word
    or a path or file name (`data/年度/单位名称.yaml`)."""
    segments = [""]
    for ch in run:
        last = segments[-1][-1:]
        if last and (
            ch in _OPENING and last not in _OPENING or last in _CLOSING and ch not in _CLOSING
        ):
            segments.append("")
        segments[-1] += ch
    pieces: list[str] = []
    for segment in segments:
        if "/" in segment or "." in segment:
            pieces.append(segment)
            continue
        piece = ""
        for ch in segment:
            last = piece[-1:]
            if last and (_wide(ch) or _wide(last)) and ch not in _CLOSING and last not in _OPENING:
                pieces.append(piece)
                piece = ""
            piece += ch
        pieces.append(piece)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a piece longer than that alone on its line),
    broken at spaces and where `_pieces` allows: click breaks only at spaces and counts
    characters, not columns."""
    lines, line = [], ""
    for run in text.split():
        for number, piece in enumerate(_pieces(run)):
            joined = line + (" " if number == 0 and line else "") + piece
            if line and display_width(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
    return [*lines, line] if line else lines


class ChineseFormatter(click.HelpFormatter):
    """Help pages in Chinese: click's headings come translated (`click_messages`); the usage line's
    prefix is set here, as click's `_("Usage:")` would be followed by a space, and a heading ends
    with a full-width colon like it; paragraphs are joined and wrapped for Chinese (`join_lines`,
    `wrap`); the option and command columns are aligned by the columns their text takes
    (`--union 单位名称` is 18 wide, not 14), which click counts in characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        """Each paragraph joined and wrapped to the page; one after a `\\b` line as written."""
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        blocks = [block.splitlines() for block in text.split("\n\n")]
        for number, lines in enumerate(blocks):
            if number:
                self.write("\n")
            if lines and lines[0].strip() == "\b":
                self.write("".join(f"{indent}{line}\n" for line in lines[1:]))
                continue
            self.write("".join(f"{indent}{line}\n" for line in wrap(join_lines(lines), width)))

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
            lines = wrap(join_lines(second.splitlines()), text_width) or [""]
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

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, joined as Chinese is (click joins it with spaces and
        cuts it at the first "." past `limit` characters); the command list wraps it."""
        if self.short_help:
            return join_lines(self.short_help.splitlines())
        if not self.help:
            return ""
        first = inspect.cleandoc(self.help).partition("\f")[0].split("\n\n")[0]
        return join_lines(first.splitlines())


def alias(command: click.Command, name: str) -> click.Command:
    """`command` under a second name, left out of the command list."""
    second = copy.copy(command)
    second.name, second.hidden = name, True
    return second
