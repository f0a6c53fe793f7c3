"""`genreport 导入` of 项目支出绩效自评表 (财预〔2020〕10号 附1): a project table genreport renders,
or one laid out as the form in Excel (merged label columns, a 一级 or 二级 merged over its rows),
imports back into the project of the source data file, figure for figure and indicator for
indicator; several in one file or one per file; tables alone with --单位 and --年度."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from genreport.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
# the keys a project table shows (its 上年 and 用途 it does not)
TABLE_KEYS = ("名称", "执行", "预算", "年初预算", "资金来源", "主管部门", "实施单位", "年度目标",
              "实际完成", "绩效指标")  # fmt: skip
PROJECT = "项目支出绩效自评表"

# Two projects with tables, added to a copy of 雁峰区总工会 2023 (its projects have none): a 完成值
# that is a bare number ('6') stays text, a source with only some figures, a 二级 over two rows
VOLLEYBALL = """\
      - 名称: 气排球比赛
        执行: 6
        预算: 6.5
        年初预算: 5
        用途: 举办雁峰区第六届干部职工气排球比赛
        资金来源:
          当年财政拨款: {执行: 5, 预算: 5.5, 年初预算: 5}
          其他资金: {执行: 1, 预算: 1}
        实施单位: 雁峰区工青妇事业发展中心
        年度目标: 举办干部职工气排球比赛一届，参赛队伍不少于20支
        实际完成: 举办比赛一届，参赛队伍24支、运动员300余人
        绩效指标:
          - 一级: 产出指标
            二级:
              - 名称: 数量指标
                三级:
                  - {名称: 比赛场次, 分值: 20, 指标值: '6', 完成值: '6', 得分: 20}
                  - {名称: 参赛队伍, 分值: 15, 指标值: ≥20支, 完成值: 24支, 得分: 15}
              - 名称: 质量指标
                三级:
                  - {名称: 赛事安全事故, 分值: 15, 指标值: '0', 完成值: '0', 得分: 15}
          - 一级: 效益指标
            二级:
              - 名称: 社会效益指标
                三级:
                  - {名称: 职工参与度, 分值: 30, 指标值: 明显提高, 完成值: 有所提高, 得分: 26.5, 偏差原因: 部分单位因工作安排未能参赛，明年提前通知}
          - 一级: 满意度指标
            二级:
              - 名称: 服务对象满意度指标
                三级:
                  - {名称: 参赛职工满意度, 分值: 10, 指标值: ≥90%, 完成值: 95.5%, 得分: 10}
"""
COOLING = """\
      - 名称: 夏送清凉
        执行: 1
        预算: 1.2
        用途: 为高温户外一线职工送防暑降温物资
        资金来源:
          当年财政拨款: {执行: 1, 预算: 1.2}
        主管部门: 衡阳市总工会
        年度目标: 为高温户外一线职工送防暑降温物资
        实际完成: 慰问户外一线职工1200人
        绩效指标:
          - 一级: 产出指标
            二级:
              - 名称: 数量指标
                三级:
                  - {名称: 慰问人数, 分值: 50, 指标值: ≥1000人, 完成值: 1200人, 得分: 50}
          - 一级: 效益指标
            二级:
              - 名称: 社会效益指标
                三级:
                  - {名称: 职工获得感, 分值: 30, 指标值: 提高, 完成值: 提高, 得分: 30}
          - 一级: 满意度指标
            二级:
              - 名称: 服务对象满意度指标
                三级:
                  - {名称: 受慰问职工满意度, 分值: 10, 指标值: ≥90%, 完成值: 98%, 得分: 10}
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _union_with_projects(folder: Path) -> Path:
    """A copy of 雁峰区总工会 2023 whose 气排球比赛 and 夏送清凉 have project tables."""
    text = (ROOT / "data" / "2023" / "雁峰区总工会.yaml").read_text(encoding="utf-8")
    for line, block in (
        (
            "      - {名称: 气排球比赛, 执行: 6, 用途: 举办雁峰区第六届干部职工气排球比赛}\n",
            VOLLEYBALL,
        ),
        ("      - {名称: 夏送清凉, 执行: 1, 用途: 为高温户外一线职工送防暑降温物资}\n", COOLING),
    ):
        assert line in text
        text = text.replace(line, block)
    path = folder / "data" / "2023" / "雁峰区总工会.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def _bundled(folder: Path, union: str) -> Path:
    path = folder / "data" / "2023" / f"{union}.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes((ROOT / "data" / "2023" / f"{union}.yaml").read_bytes())
    return path


def _rendered(folder: Path, monkeypatch) -> None:
    monkeypatch.chdir(folder)
    result = run("2023", "-j", "1")
    assert "0个有错误" in result.output or "已生成" in result.output, result.output


def _tabled(data: Path) -> list[dict]:
    """The source file's projects that have a table, as far as the table shows them: 主管部门 and
    实施单位 the union where the file leaves them out (as the table shows them)."""
    union = yaml.safe_load(data.read_text(encoding="utf-8"))
    shown = []
    for project in union["支出"]["项目支出"]["项目"]:
        if project.get("绩效指标"):
            defaults = {"主管部门": union["单位名称"], "实施单位": union["单位名称"]}
            shown.append({k: project.get(k, defaults.get(k)) for k in TABLE_KEYS
                          if k in project or k in defaults})  # fmt: skip
    return shown


def _imported(data: Path) -> list[dict]:
    projects = yaml.safe_load(data.read_text(encoding="utf-8"))["支出"]["项目支出"]["项目"]
    return [{k: p[k] for k in TABLE_KEYS if k in p} for p in projects if p.get("绩效指标")]


def _rows(markdown: Path) -> list[str]:
    return [line for line in markdown.read_text(encoding="utf-8").splitlines() if "|" in line]


def test_the_example_projects_table_alone_imports_back_into_its_project(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    source = _bundled(first, "示例区总工会")
    _rendered(first, monkeypatch)
    table = first / "output" / "2023" / "示例区总工会" / f"2023年度{PROJECT}.docx"
    second.mkdir()
    monkeypatch.chdir(second)
    result = run("导入", str(table), "--单位", "示例区总工会")
    assert result.exit_code == 0, result.output
    draft = second / "data" / "2023" / "示例区总工会.yaml"
    assert _imported(draft) == _tabled(source)
    # the project's indicators are its own: none reached the union's 自评表
    assert "自评表" not in yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert "# 待核对：" not in draft.read_text(encoding="utf-8")
    run("2023", "-j", "1")
    again = second / "output" / "2023" / "示例区总工会" / f"2023年度{PROJECT}.md"
    assert _rows(again) == _rows(table.with_suffix(".md"))


def test_several_project_tables_in_one_file_beside_the_basic_data_table(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    source = _union_with_projects(first)
    _rendered(first, monkeypatch)
    rendered = first / "output" / "2023" / "雁峰区总工会"
    tables = rendered / f"2023年度{PROJECT}.docx"
    basic = rendered / "2023年度部门整体支出绩效评价基础数据表.docx"
    second.mkdir()
    monkeypatch.chdir(second)
    result = run("导入", str(basic), str(tables))
    assert result.exit_code == 0, result.output
    assert "0个错误" in result.output
    draft = second / "data" / "2023" / "雁峰区总工会.yaml"
    want = _tabled(source)
    assert [p["名称"] for p in want] == ["气排球比赛", "夏送清凉"]
    assert _imported(draft) == want
    text = draft.read_text(encoding="utf-8")
    assert "完成值: '6'" in text  # text that reads as a number is quoted
    run("2023", "-j", "1")
    again = second / "output" / "2023" / "雁峰区总工会" / f"2023年度{PROJECT}.md"
    assert _rows(again) == _rows(tables.with_suffix(".md"))


# --- Excel, laid out as the form -----------------------------------------------------------------


def _form_sheet(book: openpyxl.Workbook, project: dict, year: int) -> None:
    """One project's table as 财预〔2020〕10号 附1 lays it out in Excel: the label column merged
    over the 资金 rows and over the indicators, 一级 and 二级 merged over their rows, figures as
    numbers, the computed columns as a clerk's sheet states them."""
    sheet = book.create_sheet(project["名称"][:20])
    sheet.append([PROJECT])
    sheet.append([f"（{year}年度）"])
    sheet.append(["项目名称", project["名称"]])
    sheet.merge_cells("B3:I3")
    sheet.append(["主管部门", project.get("主管部门", "雁峰区总工会"), None, None, "实施单位",
                  project.get("实施单位", "雁峰区总工会")])  # fmt: skip
    sheet.merge_cells("B4:D4")
    sheet.merge_cells("F4:I4")
    sheet.append(
        [
            "项目资金（万元）",
            None,
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]
    )
    rate = project["执行"] / project["预算"]
    sheet.append([None, "年度资金总额", project.get("年初预算"), project["预算"], project["执行"],
                  10, f"{rate:.2%}", round(10 * min(rate, 1), 2)])  # fmt: skip
    funds = project.get("资金来源", {})
    for name, label in (("当年财政拨款", "其中：当年财政拨款"), ("上年结转", "上年结转资金"),
                        ("其他资金", "其他资金")):  # fmt: skip
        fund = funds.get(name, {})
        sheet.append([None, label, fund.get("年初预算"), fund.get("预算"), fund.get("执行"), "—",
                      None, "—"])  # fmt: skip
    sheet.merge_cells(start_row=5, start_column=1, end_row=9, end_column=1)
    sheet.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    sheet.append([None, project["年度目标"], None, None, None, project["实际完成"]])
    for cells in ("A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11"):
        sheet.merge_cells(cells)
    header = sheet.max_row + 1
    sheet.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                  "得分", "偏差原因分析及改进措施"])  # fmt: skip
    total = round(10 * min(rate, 1), 2)
    for first in project["绩效指标"]:
        first_row = sheet.max_row + 1
        for second in first["二级"]:
            second_row = sheet.max_row + 1
            for third in second["三级"]:
                shown = [None, first["一级"], second["名称"], third["名称"], third.get("指标值"),
                         third.get("完成值"), third["分值"], third["得分"], third.get("偏差原因")]  # fmt: skip
                if sheet.max_row + 1 != first_row:
                    shown[1] = None
                if sheet.max_row + 1 != second_row:
                    shown[2] = None
                sheet.append(shown)
                total += third["得分"]
            sheet.merge_cells(
                start_row=second_row, start_column=3, end_row=sheet.max_row, end_column=3
            )
        sheet.merge_cells(start_row=first_row, start_column=2, end_row=sheet.max_row, end_column=2)
    sheet.merge_cells(start_row=header, start_column=1, end_row=sheet.max_row, end_column=1)
    sheet.append(["总分", None, None, None, None, None, 100, round(total, 2)])


def test_project_tables_laid_out_as_the_form_in_excel_one_per_file(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    source = _union_with_projects(first)
    want = _tabled(source)
    files = []
    for project in want:
        book = openpyxl.Workbook()
        book.remove(book.active)
        _form_sheet(book, project, 2023)
        files.append(tmp_path / f"{project['名称']}.xlsx")
        book.save(files[-1])
    second.mkdir()
    monkeypatch.chdir(second)
    result = run("导入", *map(str, files), "--union", "雁峰区总工会")
    assert result.exit_code == 0, result.output
    draft = second / "data" / "2023" / "雁峰区总工会.yaml"
    assert _imported(draft) == want
    assert "# 待核对：" not in draft.read_text(encoding="utf-8")


def _form_in_word(sheets: list, path: Path) -> None:
    """The form's sheets as Word tables, one after another: its title lines as paragraphs, each
    merged range of cells merged in Word too."""
    document = docx.Document()
    for sheet in sheets:
        document.add_paragraph(sheet.cell(1, 1).value)
        document.add_paragraph(sheet.cell(2, 1).value)
        table = document.add_table(rows=sheet.max_row - 2, cols=9)
        for merged in sheet.merged_cells.ranges:
            if merged.min_row > 2:
                top = table.cell(merged.min_row - 3, merged.min_col - 1)
                top.merge(table.cell(merged.max_row - 3, merged.max_col - 1))
        for row in range(3, sheet.max_row + 1):
            for column in range(1, 10):
                value = sheet.cell(row, column).value
                if value is not None:
                    table.cell(row - 3, column - 1).text = str(value)
        document.add_paragraph("单位负责人签字：王五　　填表人：赵六　　联系电话：　　填报日期：")
    document.save(path)


def test_project_tables_laid_out_as_the_form_in_word_several_in_one_file(tmp_path, monkeypatch):
    source = _union_with_projects(tmp_path / "first")
    want = _tabled(source)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for project in want:
        _form_sheet(book, project, 2023)
    path = tmp_path / "项目表.docx"
    _form_in_word(book.worksheets, path)
    monkeypatch.chdir(tmp_path)
    result = run("导入", str(path), "--单位", "雁峰区总工会", "--to", "d.yaml")
    assert result.exit_code == 0, result.output
    assert _imported(tmp_path / "d.yaml") == want
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "# 待核对：" not in text
    assert (
        "填报:\n  # 出处：项目表.docx 第3段：“单位负责人签字：王五”\n  单位负责人: 王五\n" in text
    )


def test_a_stated_total_that_is_not_genreports_goes_to_review(tmp_path, monkeypatch):
    source = _union_with_projects(tmp_path / "first")
    project = _tabled(source)[1]
    book = openpyxl.Workbook()
    book.remove(book.active)
    _form_sheet(book, project, 2023)
    sheet = book.worksheets[0]
    sheet.cell(sheet.max_row, 8).value = 95  # genreport: 10 × 1/1.2 = 8.33, + 90 = 98.33
    path = tmp_path / "表.xlsx"
    book.save(path)
    monkeypatch.chdir(tmp_path)
    result = run("导入", str(path), "--单位", "雁峰区总工会", "--to", "d.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    row = sheet.max_row
    assert (
        f"表.xlsx 工作表“夏送清凉”第{row}行：“总分 100 95”（原文总分95，genreport 由执行率和各项得分算得98.33）"
        in text
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ((), "单位名称和年度"),
        (("--年度", "2023"), "单位名称"),
        (("--单位", "示范县总工会"), "年度"),
    ],
)
def test_tables_alone_need_the_union_and_year_given(tmp_path, given, missing):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目", "上年决算数", "本年预算数", "本年决算数"])
    sheet.append(["会议费", 1.2, 1.5, 1.1])
    path = tmp_path / "表.xlsx"
    book.save(path)
    result = run("导入", str(path), "--root", str(tmp_path), *given)
    assert result.exit_code == 1
    example = {"单位名称": " --单位 某某区总工会", "年度": " --年度 2023"}
    wanted = "".join(example[w] for w in ("单位名称", "年度") if w in missing)
    assert result.output == (
        f"错误：表.xlsx：读不出{missing}（只有表格、没有报告标题时常常如此）；"
        f"请写明，如 genreport 导入 表.xlsx{wanted}。\n"
    )
    assert not (tmp_path / "data").exists()
    both = run(
        "导入", str(path), "--root", str(tmp_path), "--单位", "示范县总工会", "--year", "2023"
    )
    assert both.exit_code == 0, both.output
    text = (tmp_path / "data" / "2023" / "示范县总工会.yaml").read_text(encoding="utf-8")
    assert "会议费:" in text and "执行: 1.1" in text


def test_the_example_scoring_table_alone_imports_its_union_and_indicators(tmp_path, monkeypatch):
    """`部门（单位）名称：示例区总工会` names the union; rows whose cells say 预算 and 执行
    (`预算执行管理（20）` … `项目支出未全部执行`) are indicators, not a money table's header; the
    合计 row's 预算 waits in 待核对 while no part of it was read."""
    first, second = tmp_path / "first", tmp_path / "second"
    source = _bundled(first, "示例区总工会")
    _rendered(first, monkeypatch)
    table = first / "output" / "2023" / "示例区总工会" / "2023年度部门整体支出绩效自评表.docx"
    second.mkdir()
    monkeypatch.chdir(second)
    result = run("导入", str(table))
    assert result.exit_code == 0, result.output
    assert "示例区总工会：0个错误" in result.output
    draft = yaml.safe_load((second / "data" / "2023" / "示例区总工会.yaml").read_text("utf-8"))
    want = yaml.safe_load(source.read_text(encoding="utf-8"))["自评表"]
    # the table states the 预算执行率 row's 完成值, which the source leaves to genreport
    want["指标"][0]["二级"][0]["三级"][0]["完成值"] = "93.67%"
    assert draft["自评表"] == want
    assert "预算" not in draft.get("支出", {})


def test_the_example_report_puts_no_budget_under_a_wrong_name_or_line(tmp_path, monkeypatch):
    """`…占整体支出的28.83%，全年预算50.00万元` is the 预算 of what the sentence is about, never a
    project named 预算; `预算3.50万元；公务接待费0.80万元` gives the 公务接待费 no 预算."""
    first, second = tmp_path / "first", tmp_path / "second"
    source = _bundled(first, "示例区总工会")
    _rendered(first, monkeypatch)
    report = first / "output" / "2023" / "示例区总工会" / "2023年度部门整体支出绩效自评报告.docx"
    second.mkdir()
    monkeypatch.chdir(second)
    assert run("导入", str(report)).exit_code == 0
    draft = yaml.safe_load((second / "data" / "2023" / "示例区总工会.yaml").read_text("utf-8"))
    spending = yaml.safe_load(source.read_text(encoding="utf-8"))["支出"]
    names = {p["名称"] for p in spending["项目支出"]["项目"]}
    assert {p["名称"] for p in draft["支出"]["项目支出"]["项目"]} <= names
    reception = draft["支出"]["三公经费"]["公务接待费"]
    assert reception.get("预算", 1) == spending["三公经费"]["公务接待费"]["预算"] == 1
