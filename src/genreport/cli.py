"""The `genreport` command: parses arguments, calls the pipeline, prints, picks the exit code."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .pipeline import NoDataError, UnionResult, check_year

CONTEXT = {"help_option_names": ["-h", "--help"]}


class ClerkError(click.ClickException):
    """A mistake outside any data file (a missing folder, say), shown in Chinese."""

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.message}", err=True)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="项目文件夹（其中有 data/、templates/、output/）。",
)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="genreport %(version)s")
def main() -> None:
    """由每个单位每年一个YAML数据文件，生成部门整体支出绩效自评报告和自评表。"""


@main.command(context_settings=CONTEXT)
@click.argument("year", type=int, metavar="年度")
@root_option
def check(year: int, root: Path) -> None:
    """检查某年度全部单位的数据文件，列出所有错误和警告。

    有错误时退出码为1，只有警告或没有问题时为0。
    """
    try:
        results = check_year(root, year)
    except NoDataError as exc:
        raise ClerkError(str(exc)) from None
    print_results(results)
    if any(r.errors for r in results):
        raise SystemExit(1)


def print_results(results: list[UnionResult]) -> None:
    for result in results:
        errors, warnings = result.errors, result.warnings
        if not result.problems:
            click.echo(f"{result.name}：检查通过。")
            continue
        click.echo(f"{result.name}：{len(errors)}个错误，{len(warnings)}个警告。")
        for problem in errors + warnings:
            click.echo(f"  {problem}")
    failed = sum(1 for r in results if r.errors)
    warned = sum(len(r.warnings) for r in results)
    click.echo(f"共检查{len(results)}个单位：{failed}个有错误，警告{warned}条。")
