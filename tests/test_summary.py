"""`genreport 汇总 YEAR`: one workbook of numbers for the federation, read back with openpyxl and
compared with the computed figures; the same bytes on every run; a text twin; the unions missing
or failed listed, and every problem check found."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.figures.fmt import money, percent
from genreport.pipeline import check_year
from genreport.summary.rows import COLUMNS, HEADERS, Kind
from genreport.workspace import Workspace
from libreoffice import needs_libreoffice

REPO = Path(__file__).resolve().parent.parent
WORKBOOK = "2022年度部门整体支出绩效自评汇总表.xlsx"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def copy_project(target: Path) -> Path:
    shutil.copytree(REPO / "data", target / "data")  # the templates ship with the package
    return target


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The bundled project with its 2022 summary written."""
    root = copy_project(tmp_path_factory.mktemp("bundled"))
    result = run("汇总", "2022", "--root", str(root))
    assert result.exit_code == 0, result.output
    return root


def stored(exact: Decimal) -> float:
    """The number a cell holds for `exact`: XlsxWriter writes 16 significant digits (Excel keeps
    15), so it is the exact figure to within one part in 10**15."""
    number = float(format(float(exact), ".16G"))
    assert abs(Decimal(number) - exact) <= abs(exact) * Decimal("1e-15")
    return number


def sheet_rows(path: Path, sheet: str, data_only: bool = False) -> list[list]:
    book = openpyxl.load_workbook(path, data_only=data_only)
    return [[cell.value for cell in row] for row in book[sheet].iter_rows()]


def test_the_command_writes_the_workbook_and_its_twin(bundled):
    folder = bundled / "output" / "2022"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "2022年度部门整体支出绩效自评汇总表.md",
        WORKBOOK,
    ]
    book = openpyxl.load_workbook(folder / WORKBOOK)
    assert book.sheetnames == ["汇总", "错误和警告", "缺少数据或未通过"]


def test_every_figure_cell_is_the_computed_number_with_its_format(bundled):
    book = openpyxl.load_workbook(bundled / "output" / "2022" / WORKBOOK)
    sheet = book["汇总"]
    assert [c.value for c in sheet[2]] == list(HEADERS)
    results = check_year(Workspace(bundled), 2022)
    assert len(results) == 3
    for row, result in enumerate(results, start=3):
        assert sheet.cell(row, 1).value == result.name
        for index, column in enumerate(COLUMNS, start=2):
            cell = sheet.cell(row, index)
            expected = column.value(result.view)
            where = (result.name, column.header)
            if expected is None:
                assert cell.value is None, where
            elif column.kind is Kind.TEXT:
                assert cell.value == expected, where
            elif column.kind is Kind.RATE:
                assert cell.data_type == "n" and cell.number_format == "0.00%", where
                assert cell.value == stored(expected / 100), where
            else:
                shown = "General" if column.kind is Kind.SCORE else "0.00"
                assert cell.data_type == "n" and cell.number_format == shown, where
                assert cell.value == stored(expected), where
        assert sheet.cell(row, len(HEADERS) - 2).value == len(result.errors)
        assert sheet.cell(row, len(HEADERS) - 1).value == len(result.warnings)


def test_the_figures_are_the_reports_figures(bundled):
    rows = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in sheet_rows(
        bundled / "output" / "2022" / WORKBOOK, "汇总")[2:5]}  # fmt: skip
    liuyang = rows["浏阳市总工会"]
    # as the report states them: 全年预算数277.06万元，执行数358.52万元，预算执行率129.40%
    assert money(Decimal(repr(liuyang["整体支出预算"]))) == "277.06"
    assert money(Decimal(repr(liuyang["整体支出执行"]))) == "358.52"
    assert percent(Decimal(repr(liuyang["整体支出执行率"])) * 100) == "129.40%"
    assert (liuyang["基本支出"], liuyang["项目支出"]) == (311.2, 47.32)
    assert (liuyang["人员经费"], liuyang["公用经费"]) == (302.92, 8.28)
    assert (liuyang["总分"], liuyang["等级"]) == (98, "优")
    assert rows["零陵区总工会"]["人员经费"] == 133.7
    assert rows["零陵区总工会"]["总分"] is None  # no 自评表 indicators: no score, as check warns


def test_the_total_row_is_formulas_whose_cached_values_are_the_sums(bundled):
    path = bundled / "output" / "2022" / WORKBOOK
    formulas = dict(zip(HEADERS, sheet_rows(path, "汇总")[5], strict=True))
    values = dict(zip(HEADERS, sheet_rows(path, "汇总", data_only=True)[5], strict=True))
    assert formulas["单位名称"] == values["单位名称"] == "合计"
    assert formulas["整体支出执行"] == '=IF(COUNT(C3:C5)=0,"",SUM(C3:C5))'
    assert values["会议费"] is None  # no union gives one: unknown, not 0
    assert values["整体支出执行"] == float(Decimal("358.52") + Decimal("63.11") + Decimal("482.96"))
    assert formulas["警告"] == "=SUM(S3:S5)" and values["警告"] == 16
    assert formulas["整体支出执行率"].startswith("=IF(AND(SUMPRODUCT(")
    assert values["整体支出执行率"] is None  # two unions have no 预算: no rate of the sums
    assert formulas["总分"] is None and formulas["等级"] is None


def test_the_header_is_frozen_filtered_and_the_columns_sized(bundled):
    book = openpyxl.load_workbook(bundled / "output" / "2022" / WORKBOOK)
    sheet = book["汇总"]
    assert sheet["A1"].value == "2022年度部门整体支出绩效自评汇总表"
    assert sheet.freeze_panes == "B3"
    assert sheet.auto_filter.ref == "A2:T5"
    assert sheet.column_dimensions["A"].width >= 14  # 南湖新区总工会: seven characters
    assert book["错误和警告"].freeze_panes == "A2"
    assert book.properties.created == datetime(2000, 1, 1)
    assert book.properties.creator == "genreport"


def test_two_runs_and_two_folders_give_identical_bytes(bundled, tmp_path):
    first = (bundled / "output" / "2022" / WORKBOOK).read_bytes()
    assert run("summary", "2022", "--root", str(bundled)).exit_code == 0
    assert (bundled / "output" / "2022" / WORKBOOK).read_bytes() == first
    elsewhere = copy_project(tmp_path / "另一个文件夹")
    assert run("汇总", "2022", "--root", str(elsewhere)).exit_code == 0
    assert (elsewhere / "output" / "2022" / WORKBOOK).read_bytes() == first
    twin = (elsewhere / "output" / "2022" / WORKBOOK).with_suffix(".md")
    assert (
        twin.read_bytes()
        == (bundled / "output" / "2022" / WORKBOOK).with_suffix(".md").read_bytes()
    )


def test_every_problem_is_listed_with_its_place(bundled):
    listed = sheet_rows(bundled / "output" / "2022" / WORKBOOK, "错误和警告")
    assert listed[0] == ["单位名称", "类别", "位置", "字段", "说明"]
    expected = [
        [r.name, p.severity.value, f"data/2022/{r.name}.yaml" + (f":{p.line}" if p.line else ""),
         p.key or None, p.message]
        for r in check_year(Workspace(bundled), 2022)
        for p in r.errors + r.warnings
    ]  # fmt: skip
    assert listed[1:] == expected
    assert [
        "浏阳市总工会", "警告", "data/2022/浏阳市总工会.yaml:103", "自评表.指标[1].二级[2].三级[1].得分",
        "得分3低于分值4，请在“偏差原因”中说明扣分原因。",
    ] in listed  # fmt: skip


def test_the_twin_states_the_figures_as_the_documents_do(bundled):
    text = (bundled / "output" / "2022" / WORKBOOK).with_suffix(".md").read_text(encoding="utf-8")
    assert text.startswith("# 2022年度部门整体支出绩效自评汇总表\n\n金额单位：万元\n\n## 汇总\n")
    assert (
        "| 浏阳市总工会 | 277.06 | 358.52 | 129.40% | 311.20 | 47.32 | 302.92 | 8.28 | 0.00 | 0.00 "
        "| 0.00 |  |  |  | 0.00 | 98 | 优 | 0 | 6 |  |"
    ) in text
    # 南湖 has no 整体支出预算 nor 项目支出: those are not totalled over two unions of three
    assert "| 合计 |  | 904.59 |  | 857.27 |  | 463.27 | 394.00 |" in text
    assert text.endswith("## 缺少数据或未通过\n\n无。\n")


@pytest.fixture
def mixed(project, example_text):
    """2021: 浏阳, 零陵; 2022: 浏阳 clean, 雁峰 with an error, 零陵 missing."""
    project(example_text.replace("年度: 2022", "年度: 2021"), year=2021)
    project(example_text.replace("浏阳市总工会", "零陵区总工会").replace("年度: 2022", "年度: 2021"),
            "零陵区总工会", 2021)  # fmt: skip
    project(example_text)
    broken = example_text.replace("浏阳市总工会", "雁峰区总工会").replace(
        "    执行: 8.28", "    执行: -8.28"
    )
    project(broken + '=HYPERLINK("http://x"): 1\n', "雁峰区总工会")
    return project.root


def test_missing_and_failed_unions_are_listed_and_failed_ones_show_no_figures(mixed):
    result = run("汇总", "2022", "--root", str(mixed))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "共2个单位：列入数字1个，数据有错误1个；上年有、本年缺少数据文件的1个。"
    )
    path = mixed / "output" / "2022" / WORKBOOK
    rows = sheet_rows(path, "汇总")
    failed = dict(zip(HEADERS, rows[3], strict=True))
    assert failed["单位名称"] == "雁峰区总工会"
    assert all(failed[c.header] is None for c in COLUMNS)
    assert (failed["错误"], failed["备注"]) == (2, "数据有错误，未生成报告，数字未列入汇总。")
    assert sheet_rows(path, "缺少数据或未通过") == [
        ["单位名称", "情况", "数据文件"],
        ["雁峰区总工会", "数据有2个错误，未生成报告，见“错误和警告”表。", "data/2022/雁峰区总工会.yaml"],
        ["零陵区总工会", "2021年度有数据文件，2022年度没有（应有 data/2022/零陵区总工会.yaml）。",
         "data/2021/零陵区总工会.yaml"],
    ]  # fmt: skip


def test_text_from_a_data_file_is_never_a_formula(mixed):
    run("汇总", "2022", "--root", str(mixed))
    book = openpyxl.load_workbook(mixed / "output" / "2022" / WORKBOOK)
    keys = [row[3] for row in book["错误和警告"].iter_rows(min_row=2)]
    unknown = next(cell for cell in keys if cell.value and cell.value.startswith("="))
    assert unknown.value == '=HYPERLINK("http://x")' and unknown.data_type == "s"


def test_a_year_without_data_is_explained(tmp_path):
    result = run("汇总", "2022", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.startswith(f"错误：在“{tmp_path}”中没有找到 data 文件夹")
    assert not (tmp_path / "output").exists()


def test_the_total_rate_is_stated_when_every_listed_union_has_both_figures(mixed):
    run("汇总", "2022", "--root", str(mixed))
    path = mixed / "output" / "2022" / WORKBOOK
    total = dict(zip(HEADERS, sheet_rows(path, "汇总", data_only=True)[4], strict=True))
    assert total["单位名称"] == "合计"
    assert percent(Decimal(repr(total["整体支出执行率"])) * 100) == "129.40%"


RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@needs_libreoffice
def test_libreoffice_recalculates_the_totals_and_shows_the_twins_figures(bundled, mixed, tmp_path):
    """LibreOffice Calc, told to recalculate every formula on loading, shows exactly the figures
    of the twin: the cached totals are what the formulas give, and the formats round as fmt does."""
    run("汇总", "2022", "--root", str(mixed))
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE, encoding="utf-8")
    books = {name: root / "output" / "2022" / WORKBOOK for name, root in
             (("bundled", bundled), ("mixed", mixed))}  # fmt: skip
    for name, path in books.items():
        shutil.copyfile(path, tmp_path / f"{name}.xlsx")
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}",
         "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(tmp_path / "csv"), *(str(tmp_path / f"{n}.xlsx") for n in books)],
        capture_output=True, timeout=300, check=False, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    for name, path in books.items():
        produced = tmp_path / "csv" / f"{name}.csv"
        if not produced.is_file() and not os.environ.get("CI"):
            pytest.skip("LibreOffice Calc is not installed (scripts/test.sh installs it)")
        shown = list(csv.reader(produced.read_text(encoding="utf-8").splitlines()))[1:]
        twin = path.with_suffix(".md").read_text(encoding="utf-8").split("## 错误和警告")[0]
        table = [line[2:-2].split(" | ") for line in twin.splitlines() if line.startswith("| ")]
        assert [[c.strip() for c in row] for row in shown] == [
            [c.strip() for c in row] for row in table
        ]
