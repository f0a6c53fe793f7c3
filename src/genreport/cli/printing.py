"""How the command line prints results: problems per union, the scores review, what was written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import click

from genreport.cli.chinese import display_width
from genreport.errors import visible
from genreport.figures.fmt import money, percent, score
from genreport.figures.suggest import Reviewed, Suggestion
from genreport.pipeline import RenderResult, UnionResult


def print_results(results: list[UnionResult]) -> None:
    for result in results:
        if result.misnamed is not None:
            _print_misnamed(result)
            continue
        errors, warnings = result.errors, result.warnings
        if not result.problems:
            click.echo(f"{visible(result.name)}：检查通过。")
            continue
        click.echo(f"{visible(result.name)}：{len(errors)}个错误，{len(warnings)}个警告。")
        for problem in errors + warnings:
            click.echo(f"  {problem}")
    unions = [r for r in results if r.misnamed is None]
    failed = sum(1 for r in unions if r.errors)
    warned = sum(len(r.warnings) for r in unions)
    total = f"共检查{len(unions)}个单位：{failed}个有错误，警告{warned}条。"
    click.echo(total + misnamed_note(len(results) - len(unions)))


def _print_misnamed(result: UnionResult) -> None:
    """A file meant as a data file but misnamed: no union, one line saying what to do."""
    for problem in result.errors:
        click.echo(str(problem))


def misnamed_note(count: int) -> str:
    """What the total line adds for the misnamed files above it."""
    return f"另有{count}个文件名不对的文件没有读取，见上。" if count else ""


def print_scores(results: list[UnionResult]) -> None:
    """Each union's 自评表, then each project table's 绩效指标, one row per 三级指标: typed and
    suggested score and the rule used."""
    for result in results:
        view = result.view
        if view is None:
            continue
        # each table's 得分 as it prints them: the 自评表's by its column, a project table's to
        # 2 places
        tables = (
            [("自评表", view.suggestions, view.scoring.points)] if view.scoring.first_levels else []
        )
        tables += [
            (f"项目“{t.project.name}”绩效指标", t.suggestions, money)
            for t in view.project_tables
            if t.indicators.first_levels
        ]
        for title, suggestions, points in tables:
            click.echo(f"\n{visible(result.name)}：{title}得分建议（财预〔2020〕10号）")
            _print_rows(suggestions, points)


def _print_rows(suggestions: list[Reviewed], points: Callable[[Decimal], str]) -> None:
    header = ("三级指标", "指标值", "完成值", "分值", "得分", "建议得分", "依据")
    rows = [header]
    for row in suggestions:
        i, found = row.indicator, row.suggestion
        suggested = "—" if found.score is None else money(found.score)
        rows.append(
            (i.name, i.target or "", i.achieved or "", score(i.weight), points(i.score),
             suggested, _rule_text(found))
        )  # fmt: skip
    widths = [max(display_width(r[c]) for r in rows) for c in range(len(header) - 1)]
    for r in rows:
        cells = [cell + " " * (w - display_width(cell)) for cell, w in zip(r, widths, strict=False)]
        click.echo("  " + "  ".join([*cells, r[-1]]))


def _rule_text(found: Suggestion) -> str:
    text = found.rule.value
    if found.band is not None:
        text += f"；完成值表明{found.band.label}，得分宜为{found.band.shares}"
    if found.figure is not None:
        text += f"；程序计算的{found.figure.kind.value}为{percent(found.figure.rate)}"
        if found.achieved_differs:
            text += "，与完成值不符"
    return text


def print_render_results(results: list[RenderResult]) -> None:
    for result in results:
        checked = result.check
        if checked.misnamed is not None:
            _print_misnamed(checked)
            continue
        if checked.errors:
            click.echo(
                f"{visible(checked.name)}：有{len(checked.errors)}个错误，未生成（原有文件保持不变）。"
            )
        elif result.stopped:
            click.echo(f"{visible(checked.name)}：未完成。{result.stopped}")
        elif result.failure:
            click.echo(f"{visible(checked.name)}：未生成。{result.failure}")
        elif result.up_to_date:
            click.echo(
                f"{visible(checked.name)}：已是最新（数据、模板和程序都没有改动），未重新生成。"
            )
        else:
            click.echo(f"{visible(checked.name)}：")
        for problem in checked.errors + checked.warnings:
            click.echo(f"  {problem}")
        _print_kept(result)
        for path in result.written:
            click.echo(f"  已生成 {path}")
        for path in result.removed:
            if path.suffix == ".pdf" and path.with_suffix(".docx") in result.written:
                click.echo(f"  已删除 {path}（由原来的文档转换，已过时；加 --pdf 可重新转换）")
            else:
                click.echo(f"  已删除 {path}（按现在的数据不再生成这个文件）")
    unions = [r for r in results if r.check.misnamed is None]
    done = sum(1 for r in unions if r.written)
    current = sum(1 for r in unions if r.up_to_date)
    failed = len(unions) - done - current
    warned = sum(len(r.check.warnings) for r in unions)
    current_part = f"已是最新{current}个，" if current else ""
    click.echo(
        f"共{len(unions)}个单位：生成{done}个，{current_part}未生成{failed}个，警告{warned}条。"
        + misnamed_note(len(results) - len(unions))
    )


def _print_kept(result: RenderResult) -> None:
    """Each file edited by hand that was kept before it was replaced, and what was changed."""
    for edit in result.kept:
        click.echo(
            f"  “{edit.path.name}”与genreport生成的不同（手工改过，或不是genreport生成的），"
            f"已另存为“{edit.kept.name}”保留，再按数据重新生成。"
        )
        if edit.diff:
            click.echo("  手改的内容（-为genreport生成的，+为手改后的）：")
            for line in edit.diff:
                click.echo(f"    {line}")
        elif edit.path.suffix != ".pdf":
            click.echo("  （生成时的文字稿也已改动或不存在，无法列出手改的内容。）")
    if result.kept:
        click.echo(
            f"  手改的内容若要保留，请把它写进数据文件“{result.check.path}”（格式的改动写进模板），"
            "再运行一次：重新生成时会覆盖文档中的手改。另存的手改文件不会被删除，用完可自行删除。"
        )
