"""The `genreport` command: parses arguments, calls the pipeline, prints, picks the exit code."""

from __future__ import annotations

import contextlib
import difflib
import errno
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

import genreport.cli.click_messages as click_messages
from genreport import __version__
from genreport.cli.chinese import (
    CONTEXT,
    alias,
    chinese_help,
    current_folder,
    display_width,
    root_option,
)
from genreport.cli.chinese import ChineseCommand as _Command
from genreport.cli.chinese import ChineseContext as _Context
from genreport.cli.click_messages import Count, Year, parameter_name
from genreport.cli.commands import schema, summary
from genreport.cli.console import make_console_safe
from genreport.cli.printing import print_render_results, print_results, print_scores
from genreport.cli.progress import Progress, cores
from genreport.errors import ClerkError, Terminated, end_as_terminated, stop_reason, visible
from genreport.failures import os_error_message
from genreport.pipeline import (
    Interrupted,
    check_templates,
    check_year,
    make_pdfs,
    render_year,
)
from genreport.workspace import DOCUMENTS, Workspace, shipped_outlines, union_key

if TYPE_CHECKING:
    from collections.abc import Iterator

    from genreport.scaffold.folder import Step
    from genreport.scaffold.new_files import Created


class _ClerkMessage(click.ClickException):
    """A `ClerkError` as the command line shows it: `错误：…` on stderr, exit code 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误：{self.message}", err=True)


class CommandLineError(click.UsageError):
    """A mistake in how the command was typed, explained in Chinese."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
        click.echo(f"错误：{self.message}\n使用 genreport -h 查看全部命令和用法。", err=True)


def _in_chinese(error: click.UsageError) -> CommandLineError:
    """click's usage errors (worded in Chinese by `click_messages`) as one line naming the parameter,
    from the error's own fields (its parameter, option name, possibilities), never its English."""
    message = error.format_message()
    if isinstance(error, click.MissingParameter) and error.param is not None:
        message = f"缺少“{parameter_name(error.param)}”。"
    elif isinstance(error, click.NoSuchOption):
        message = f"没有选项“{error.option_name}”。"
        if error.possibilities:
            message += f"是否应为“{sorted(error.possibilities)[0]}”？"
    elif isinstance(error, click.BadParameter) and error.param is not None:
        message = f"“{parameter_name(error.param)}”{error.message}"
    return CommandLineError(message, error.ctx)


HELP_WORDS = ("帮助", "help")
_GROUP_OPTIONS = ("-h", "--help", "-V", "--version")


def _own_option(arg: str) -> bool:
    """An option of `genreport` itself, not of the `render` command its years stand for."""
    return arg in _GROUP_OPTIONS


class _YearGroup(click.Group):
    """`genreport 2023` means `genreport render 2023`: the everyday command needs no verb."""

    context_class = _Context
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:  # click 8.2 calls that a usage error
            click.echo(next_steps(current_folder()))
            ctx.exit()
        if args and args[0] in HELP_WORDS:  # `genreport 帮助`, `genreport 帮助 检查`
            args = [*args[1:2], "-h"]
        try:
            if args and args[0] not in self.commands and not _own_option(args[0]):
                args = self._everyday(ctx, args)
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise _in_chinese(error) from None

    def _everyday(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`genreport 2023 --pdf` and `genreport --pdf 2023` are `genreport render …`; a word that
        is neither a year nor an option is a command mistyped."""
        word = args[0]
        if word.startswith("-") or any(c.isnumeric() for c in word):  # `2024`, `2O24`, `二〇二四`
            return ["render", *args]
        names = sorted(self.commands)
        close = difflib.get_close_matches(word, names, n=3, cutoff=0.5)
        message = f"没有命令“{word}”。"
        if close:
            message += f"是否应为：{'、'.join(close)}？"
        raise CommandLineError(message + "生成报告直接写年度，如 genreport 2024。", ctx)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        make_console_safe()  # before click prints anything, help and usage errors included
        click_messages.install()
        with _ending_on_signals():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        """The one place that turns genreport's own errors into messages and exit codes."""
        try:
            return super().invoke(ctx)
        except CommandLineError:
            raise
        except click.UsageError as error:  # a subcommand's arguments
            raise _in_chinese(error) from None
        except ClerkError as error:
            raise _ClerkMessage(str(error)) from None
        except KeyboardInterrupt as stop:  # Ctrl-C, or `Terminated`: a signal's conventional code
            click.echo(f"\n{stop_reason(stop)}。重新运行即可继续。", err=True)
            number = stop.number if isinstance(stop, Terminated) else 2  # SIGINT
            raise SystemExit(128 + number) from None
        except OSError as error:  # a full disk, a folder without permission
            if error.errno == errno.EPIPE:
                raise  # the reader went away (`genreport check | head`): click ends quietly
            raise _ClerkMessage(os_error_message(error)) from None


@contextlib.contextmanager
def _ending_on_signals() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP (a scheduler or the system ending the run, its
    window closed) stop it as Ctrl-C does: what was finished is told, and nothing is left
    half-written. A handler set by whoever runs genreport in its own process is kept."""
    import signal

    kept: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) != signal.SIG_DFL:
            continue
        with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
            kept[number] = signal.signal(number, end_as_terminated)
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


@click.group("genreport", cls=_YearGroup, context_settings=CONTEXT)
@chinese_help
@click.version_option(
    __version__, "-V", "--version", message="genreport %(version)s", help="显示版本号后退出。"
)
def main() -> None:
    """由每个单位每年一个YAML数据文件，生成部门整体支出绩效自评报告和自评表。

    \b
    常用命令：
      genreport 2022              生成2022年度全部单位的报告和自评表（即 genreport render 2022）
      genreport 2022 --pdf        同时生成PDF；--pdf、--union、--force、-j 见 genreport render -h
      genreport check 2022        只检查数据，不生成文件
      genreport new 2023          由2022年度的数据文件生成2023年度的
    \b
    命令也可以写中文：生成（render）、检查（check）、新年度（new）、新单位（init）、
    汇总（summary）、初始化（setup）、帮助（-h）；如 genreport 检查 2022。
    只输入 genreport 显示当前文件夹中的数据和下一步要运行的命令。
    """


@main.command(context_settings=CONTEXT)
@chinese_help
@click.argument("year", type=Year(), metavar="年度")
@root_option
@click.option(
    "--scores",
    is_flag=True,
    help="另列出每个单位自评表每个三级指标的填写得分、按财预〔2020〕10号计算的建议得分和依据。",
)
def check(year: int, project: Workspace, scores: bool) -> None:
    """检查某年度全部单位的数据文件，列出所有错误和警告。

    有错误时退出码为1，只有警告或没有问题时为0。
    """
    results = check_year(project, year)
    print_results(results)
    if scores:
        print_scores(results)
    if any(r.errors for r in results):
        raise SystemExit(1)


@main.command(context_settings=CONTEXT)
@chinese_help
@click.argument("year", type=Year(), metavar="年度")
@click.option("--union", "only", metavar="单位名称", help="只生成这一个单位。")
@click.option("--force", is_flag=True, help="全部重新生成，包括数据和模板都没有改动的单位。")
@click.option("--pdf", is_flag=True, help="同时在每个Word文件旁生成PDF（需要安装LibreOffice）。")
@click.option(
    "-j",
    "--jobs",
    type=Count(),
    default=None,
    metavar="N",
    help="同时生成N个单位（默认为本机的处理器核数）。生成的文件与逐个生成的完全相同。",
)
@root_option
def render(
    year: int,
    only: str | None,
    force: bool,
    pdf: bool,
    jobs: int | None,
    project: Workspace,
) -> None:
    """检查并生成某年度各单位的自评报告、自评表、基础数据表和项目支出绩效自评表
    （写入 output/年度/单位名称/）。

    每份文档旁另生成同名的 .md 文本，内容与文档相同，便于在git中比较改动。
    有错误的单位不生成，原有文件保持不变；其他单位照常生成。
    按现在的数据不再生成的文件（如项目都没有绩效指标后的项目支出绩效自评表）会删除，用Word改过的保留。
    数据、上年数据、模板和程序都没有改动的单位不重新生成（--force 全部重新生成）。
    加 --pdf 时，由LibreOffice分批把文档转换为PDF，每批转换完即保存；文档没有改动的，PDF不重新生成。
    """
    try:
        with Progress() as progress:
            results = render_year(project, year, only, force, jobs or cores(), progress)
    except Interrupted as stopped:
        print_render_results(stopped.results)
        raise stopped.stop from None
    print_render_results(results)
    if any(not r.up_to_date for r in results):
        from genreport.summary.workbook import refresh_summary  # XlsxWriter, when there is one

        if refreshed := refresh_summary(project, year):
            click.echo(f"已更新 {refreshed.paths[0]}（汇总表按现在的数据重新汇总）")
    failed = any(r.check.errors or r.failure or r.stopped for r in results)
    if pdf:
        with Progress("转换PDF", shown_from=1) as progress:
            made = make_pdfs(results, progress)
        for edit in made.kept:
            click.echo(
                f"“{edit.path}”与genreport转换的不同（手工改过，或不是genreport生成的），"
                f"已另存为“{edit.kept.name}”保留，再重新转换。"
            )
        for path in made.pdfs:
            click.echo(f"已生成 {path}")
        if made.missing_fonts:
            from genreport.output.fonts import missing_fonts_message

            click.echo(f"警告：{missing_fonts_message(made.missing_fonts, year)}", err=True)
        if made.pdf_failure:
            for line in made.pdf_failure.splitlines():
                click.echo(f"错误：{line}", err=True)
            failed = True
        else:
            click.echo(f"PDF：生成{len(made.pdfs)}个（其余已是最新）。")
    if failed:
        raise SystemExit(1)


@main.command("提纲", context_settings=CONTEXT)
@chinese_help
@root_option
def list_outlines(project: Workspace) -> None:
    """列出可用的提纲及其模板文件：自带的，或本文件夹 templates/ 中自己的。"""
    names = project.outlines()
    if not names:
        raise ClerkError(f"没有任何提纲：自带的模板缺失，“{project.own_templates}”中也没有。")
    shipped = shipped_outlines()
    for name in names:
        click.echo(f"{name}（{'自带' if name in shipped else '本文件夹自己的'}）")
        for document in DOCUMENTS:
            path = project.template(name, document)
            origin = "自带模板" if project.is_shipped(path) else "本文件夹的模板"
            click.echo(f"  {document}：{origin} {path}")
        click.echo(f"  评分规则：{_rules_line(project, name)}")


def _rules_line(project: Workspace, outline: str) -> str:
    """Where the outline's scoring rules come from and what they are, in one line."""
    from genreport.reading.rules import outline_rules

    rules, problems, _ = outline_rules(project, outline)
    errors = [p for p in problems if p.is_error]
    if errors:
        return f"{errors[0]}（共{len(errors)}处错误；改正前使用这个提纲的单位不能生成文件）"
    return f"{rules.source}：{rules.summary}"


@main.command("模板检查", context_settings=CONTEXT)
@chinese_help
@click.argument("year", type=Year(), metavar="年度")
@root_option
def check_template_files(year: int, project: Workspace) -> None:
    """用某年度的数据生成每个提纲的模板，列出模板中写错的名称和标记。"""
    views = [r.view for r in check_year(project, year) if r.view is not None]
    reports = check_templates(project, views)
    for report in reports:
        if report.clean:
            click.echo(f"{report.template}：没有问题。")
            continue
        click.echo(f"{report.template}：")
        for name in report.missing:
            click.echo(f"  数据中没有名称“{name}”，请检查拼写。")
        for fault in report.broken:
            click.echo(f"  标记写错：{fault}")
    bad = sum(1 for r in reports if not r.clean)
    click.echo(f"共检查{len(reports)}个模板：{bad}个有问题。")
    if bad:
        raise SystemExit(1)


@main.command(context_settings=CONTEXT)
@chinese_help
@click.argument("document", type=click.Path(path_type=Path), metavar="文档.docx")
def textconv(document: Path) -> None:
    """输出Word文档的文字（与生成的 .md 相同），供 git diff 比较 .docx 的改动使用。"""
    from genreport.documents.twin import document_text  # lxml, needed by this command alone

    click.echo(document_text(document), nl=False)


@main.command(context_settings=CONTEXT)
@chinese_help
@click.argument("year", type=Year(), metavar="年度")
@click.option("--union", "only", metavar="单位名称", help="只生成这一个单位的文件。")
@root_option
def new(year: int, only: str | None, project: Workspace) -> None:
    """由上一年度的数据文件生成本年度的数据文件（data/年度/单位名称.yaml）。

    上年的执行数、预算数成为“上年”“上年预算”，今年的数值留空待填，上年的文字以注释保留供参考。
    已有的文件不会被改动。
    """
    from genreport.scaffold.new_files import (
        new_year,  # the YAML writer, needed by the writing commands alone
    )

    created = new_year(project, year, only)
    print_created(created)
    if any(item.failure for item in created):
        raise SystemExit(1)
    misnamed = any(item.misnamed for item in created)
    if not misnamed or any(item.written for item in created):
        click.echo(f"请填写空着的数值，再运行 genreport check {year} 检查。")
    if misnamed:
        click.echo(
            "文件名不对的文件没有读取：请按上面的说明改名或删除；"
            f"{year - 1}年度的文件改名后，再运行 genreport new {year} 生成它本年度的文件。"
        )
        raise SystemExit(1)


@main.command(context_settings=CONTEXT)
@chinese_help
@click.argument("name", metavar="单位名称")
@click.argument("year", type=Year(), metavar="年度")
@root_option
def init(name: str, year: int, project: Workspace) -> None:
    """为新单位生成一个空白数据文件，列出全部字段，每个字段有中文注释。已有的文件不会被改动。

    单位名称会用作文件名和文件夹名，不能含有 / \\ : * ? " < > |，不能以空格或“.”开头或结尾。
    """
    from genreport.scaffold.new_files import init_union

    created = init_union(project, name, year)
    print_created([created])
    click.echo(f"请按注释填写，再运行 genreport check {year} 检查。")


@main.command("导入", context_settings=CONTEXT)
@chinese_help
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="文件…")
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path),
    metavar="路径",
    help="写到这个文件，而不是 data/年度/单位名称.yaml。",
)
@click.option(
    "--作为上年",
    "as_last_year_of",
    type=Year(),
    metavar="年度",
    help="把读到的数字作为这一年度的“上年”“上年预算”，生成这一年度的数据文件（同 genreport new）。",
)
@click.option(
    "--单位",
    "--union",
    "given_union",
    metavar="单位名称",
    help="文件所属的单位（只有表格、读不出单位名称时必须写明；写了就以此为准）。",
)
@click.option(
    "--年度",
    "--year",
    "given_year",
    type=Year(),
    metavar="年度",
    help="文件所属的年度（只有表格、读不出年度时必须写明；写了就以此为准）。",
)
@root_option
def import_files(
    files: tuple[Path, ...],
    to: Path | None,
    as_last_year_of: int | None,
    given_union: str | None,
    given_year: int | None,
    project: Workspace,
) -> None:
    """把一个单位上一年手写的自评报告和表格（.docx、.txt、有文字的 .pdf、.xlsx）读成数据文件草稿。

    写入 data/年度/单位名称.yaml（已有的文件不会被改动），每个数字上方注释它的出处；没能放入字段的
    数字和文字、与 genreport 算得不一致的合计和比例，列在文件末尾的“待核对”中。写完后自动检查。
    表格可以是自评表、基础数据表和项目支出绩效自评表（一个文件中可有多个项目的表）；只有表格时，
    用 --单位 和 --年度 写明单位和年度。也可以写作 genreport import 文件…。
    """
    from genreport.importing.draft import (
        import_documents,
    )  # the readers, needed by this command alone

    imported = import_documents(project, list(files), to, as_last_year_of, given_union, given_year)
    click.echo(f"已生成 {imported.path}（导入{imported.placed}项，待核对{imported.to_review}项）")
    print_results([imported.check])
    year = imported.check.view.union.year if imported.check.view else ""
    click.echo(
        f"请核对注释中的出处和文件末尾的“待核对”，改正检查发现的问题，再运行 genreport check {year}。"
    )


def print_created(created: list[Created]) -> None:
    for item in created:
        if item.written:
            click.echo(f"已生成 {item.path}")
        elif item.failure:
            click.echo(f"错误：{item.failure}", err=True)
        elif item.misnamed:
            click.echo(f"错误 {item.path}：{item.reason}。")
        else:
            click.echo(f"{item.path}：{item.reason}。")


@main.command("复制模板", context_settings=CONTEXT)
@chinese_help
@click.argument("outline", metavar="提纲")
@click.option(
    "--to", "to", metavar="新提纲名", help="复制为这个名字的新提纲（默认同名，即修改自带的提纲）。"
)
@root_option
def copy_template(outline: str, to: str | None, project: Workspace) -> None:
    """把一个自带提纲的模板复制到本文件夹的 templates/ 中，供用Word或WPS修改。已有的文件不会被覆盖。

    \b
    genreport 复制模板 湖南              本文件夹的 templates/湖南/ 取代自带的湖南模板
    genreport 复制模板 湖南 --to 株洲    新建提纲“株洲”，数据文件中写“提纲: 株洲”使用
    """
    from genreport.scaffold.folder import (  # needed by the folder commands alone
        copy_outline,
        scoring_table_note,
    )

    steps = copy_outline(project, outline, to)
    print_steps(steps)
    name = to or outline
    if note := scoring_table_note(project, name):
        click.echo(note)
    if name != outline:
        click.echo(f"在数据文件中写“提纲: {name}”即可使用这个提纲。")
    click.echo("用Word或WPS修改后，运行 genreport 模板检查 年度 检查模板。")


@main.command("初始化", context_settings=CONTEXT)
@chinese_help
@click.option(
    "--示例",
    "--example",
    "example",
    is_flag=True,
    help="同时把虚构的示例单位复制到 data/2023/示例区总工会.yaml（四种文件都能生成）。",
)
@root_option
def set_up_folder(example: bool, project: Workspace) -> None:
    """把本文件夹（可以是空的）建成数据文件夹，可重复运行；也可写作 genreport setup。

    建立 data/、output/、.gitignore（git 不保存 output/ 和生成记录）、.gitattributes（git diff 比较 .docx 的文字）
    和数据文件的 JSON Schema（.genreport/schema.json）。可以重复运行：已有的文件夹和文件不会被覆盖，只补上缺少的。
    """
    from genreport.scaffold.folder import copy_example, git_commands, set_up

    steps = set_up(project)
    if example:
        steps.append(copy_example(project))
    print_steps(steps)
    click.echo("要让 git diff 直接比较 .docx 的文字、显示中文文件名，在本文件夹中依次执行：")
    for command in git_commands(project.root):
        click.echo(f"  {command}")
    if example:
        click.echo("运行 genreport 2023 即可由示例生成四种文件。")
    click.echo(
        "然后在 data/年度/ 中为每个单位放一个数据文件（或运行 genreport init 单位名称 年度），再运行 genreport 年度。"
    )


main.add_command(alias(set_up_folder, "setup"))


def print_steps(steps: list[Step]) -> None:
    for step in steps:
        click.echo(f"{step.path}：{step.done}。")


main.add_command(summary)
main.add_command(alias(summary, "summary"))
main.add_command(schema)
main.add_command(alias(import_files, "import"))
for _command, _chinese in ((render, "生成"), (check, "检查"), (new, "新年度"), (init, "新单位")):
    main.add_command(alias(_command, _chinese))


def next_steps(project: Workspace) -> str:
    """What bare `genreport` shows: what the folder holds and the command to run next. Misnamed
    files (`X.yaml.txt`) are no unions: each is named with what to do."""
    here = project.root.resolve()
    listings = [(year, project.listing_or_none(year)) for year in project.years()]
    years = [(year, len({union_key(p.stem) for p in found.data})) for year, found in listings]
    years = [(year, count) for year, count in years if count]
    misnamed = [m for _, found in listings for m in found.misnamed]
    told = [
        f"  {visible(m.path.relative_to(project.root).as_posix())}：{m.message}" for m in misnamed
    ]
    if not years and misnamed:
        first = misnamed[0].path.parent.name
        situation = [
            f"当前文件夹“{here}”中的数据文件，文件名都不对，genreport 没有读取：",
            *told,
            "改正文件名后，下一步：",
        ]
        commands = [
            (f"genreport check {first}", f"检查{first}年度的数据"),
            (f"genreport {first}", f"生成{first}年度的报告和自评表（加 --pdf 同时生成PDF）"),
        ]
        after = []
    elif not years:
        situation = [f"当前文件夹“{here}”中还没有数据文件。下一步："]
        commands = [
            ("genreport 初始化", "把当前文件夹建成数据文件夹（也可写作 genreport setup）"),
            ("genreport init 单位名称 年度", "为一个单位生成空白数据文件，按其中的注释填写"),
        ]
        after = ["数据文件夹在别处的，先进入那个文件夹，或加 --root 数据文件夹。"]
    else:
        found = "，".join(f"{year}年度{count}个单位" for year, count in years)
        last = years[-1][0]
        situation = [f"当前文件夹“{here}”中的数据：{found}。下一步："]
        commands = [
            (f"genreport check {last}", f"检查{last}年度的数据"),
            (f"genreport {last}", f"生成{last}年度的报告和自评表（加 --pdf 同时生成PDF）"),
            (f"genreport new {last + 1}", f"由{last}年度的数据文件生成{last + 1}年度的"),
        ]
        after = ["文件名不对、没有读取的文件（不算作单位）：", *told] if told else []
    width = max(display_width(command) for command, _ in commands) + 2
    lines = [
        "genreport：由每个单位每年一个YAML数据文件，生成部门整体支出绩效自评报告和自评表。",
        *situation,
        *(f"  {c}{' ' * (width - display_width(c))}{what}" for c, what in commands),
        *after,
        "全部命令和用法：genreport -h",
    ]
    return "\n".join(lines)
