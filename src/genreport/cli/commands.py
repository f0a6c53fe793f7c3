"""The commands for those who read many unions' files or write one: `汇总` (the federation's
workbook) and `schema` (the JSON Schema an editor checks a data file with as it is typed).
`cli/app.py` registers them; like every command, they parse, call one function and print."""

from __future__ import annotations

import click

from genreport.cli.chinese import CONTEXT, ChineseCommand, chinese_help, root_option
from genreport.cli.click_messages import Year
from genreport.cli.printing import misnamed_note
from genreport.workspace import Workspace


@click.command(
    "汇总",
    cls=ChineseCommand,
    context_settings=CONTEXT,
    short_help="把某年度全部单位的主要数字汇总到一个Excel工作簿。",
)
@chinese_help
@click.argument("year", type=Year(), metavar="年度")
@root_option
def summary(year: int, project: Workspace) -> None:
    """把某年度全部单位的主要数字汇总到一个Excel工作簿，供主管单位或财政部门比较。

    写入 output/<年度>/<年度>年度部门整体支出绩效自评汇总表.xlsx（如 output/2022/2022年度部门整体支出绩效自评汇总表.xlsx），
    旁边另有同名 .md 文本。

    \b
    “汇总”表：每个单位一行（整体支出的预算、执行和执行率，基本支出，项目支出，人员经费，
      公用经费，三公经费，会议费，培训费，政府采购，总分，等级，错误和警告条数）；
      金额和比率都是数字，最后一行“合计”是公式，可以自己加行加列；
    “错误和警告”表：检查发现的每个问题；
    “缺少数据或未通过”表：上年有数据文件、本年没有的单位，和数据有错误的单位。
    数据有错误的单位也列出，但不列数字。也可以写作 genreport summary 年度。
    """
    from genreport.summary.workbook import write_summary  # XlsxWriter, needed by this command alone

    written = write_summary(project, year)
    result = written.summary
    for problem in result.misnamed:
        click.echo(f"{problem.severity} {problem.place}：{problem.message}")
    for path in written.paths:
        click.echo(f"已生成 {path}")
    failed = sum(1 for r in result.rows if r.errors)
    missing = sum(1 for a in result.absent if not a.misnamed) - failed
    click.echo(
        f"共{len(result.rows)}个单位：列入数字{len(result.rows) - failed}个，"
        f"数据有错误{failed}个；上年有、本年缺少数据文件的{missing}个。"
        + misnamed_note(len(result.misnamed))
    )


@click.command(
    "schema",
    cls=ChineseCommand,
    context_settings=CONTEXT,
    short_help="输出数据文件的JSON Schema，供编辑器提示字段和检查拼写。",
)
@chinese_help
@click.option(
    "--write",
    is_flag=True,
    help="不输出，写入本文件夹的 .genreport/schema.json（编辑器从这里读取）。",
)
@root_option
def schema(write: bool, project: Workspace) -> None:
    """输出数据文件的JSON Schema（draft 2020-12）：每个字段的中文说明、类型和可选的提纲。

    \b
    VS Code 等编辑器（装有YAML扩展）据此在输入时补全字段、显示说明、标出写错的字段。
    genreport init 和 genreport new 生成的数据文件第一行指向 .genreport/schema.json，
    用 --write 写入或更新这个文件（新增提纲后再运行一次）。
    """
    if write:
        from genreport.scaffold.folder import write_schema  # needed by this option alone

        click.echo(f"已生成 {write_schema(project)}")
    else:
        from genreport.contract.schema import schema_text  # needed by this command alone

        click.echo(schema_text(project.outlines()), nl=False)
