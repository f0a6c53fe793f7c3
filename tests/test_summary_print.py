"""The 汇总 workbook's 合计 row sums the same unions in every column (issue 23, item 12): a column
some listed unions lack is left blank, with a comment and the row's 备注 naming them; and the
workbook prints on landscape A4, one page wide, the title and header on every page."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.summary.rows import HEADERS

REPO = Path(__file__).resolve().parent.parent
WORKBOOK = Path("output") / "2022" / "2022年度部门整体支出绩效自评汇总表.xlsx"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The bundled 2022 unions' workbook: 浏阳 and 零陵 state a budget, 南湖 does not."""
    root = tmp_path_factory.mktemp("summary")
    shutil.copytree(REPO / "data", root / "data")
    result = CliRunner().invoke(main, ["汇总", "2022", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(root / WORKBOOK)


def total_row(sheet) -> dict:
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "合计")
    return dict(zip(HEADERS, row, strict=True))


def test_a_total_never_adds_fewer_unions_than_another_column(book):
    sheet = book["汇总"]
    total = total_row(sheet)
    unions = [r for r in sheet.iter_rows(min_row=3) if r[0].value != "合计"]
    assert len(unions) == 3
    for header in ("整体支出预算", "项目支出", "三公经费执行", "政府采购"):
        column = HEADERS.index(header)
        given = [r[0].value for r in unions if r[column].value is not None]
        assert 0 < len(given) < 3, header  # some unions have it, some do not
        assert total[header].value is None, header
    assert total["整体支出预算"].comment.text == (
        "南湖新区总工会没有整体支出预算的数字，合计只在列入的单位都有时计算。"
    )
    assert total["政府采购"].comment.text == (
        "南湖新区总工会、零陵区总工会没有政府采购的数字，合计只在列入的单位都有时计算。"
    )
    assert total["整体支出执行"].value == '=IF(COUNT(C3:C5)=0,"",SUM(C3:C5))'  # all three
    assert total["备注"].value == (
        "南湖新区总工会没有整体支出预算、项目支出的数字，这些列不合计；"
        "南湖新区总工会、零陵区总工会没有三公经费执行、三公经费预算、三公经费上年、政府采购的数字，"
        "这些列不合计。"
    )


def test_the_summary_prints_one_page_wide_on_landscape_a4(book):
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert int(sheet.page_setup.paperSize) == 9, name  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        # one page wide (fitToWidth is 1 when the file leaves it out), as many pages high as needed
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0), name
    assert book["汇总"].print_title_rows == "$1:$2"  # the title and the header on every page
    assert book["错误和警告"].print_title_rows == "$1:$1"
    assert book["汇总"].oddFooter.center.text == "第 &P 页，共 &N 页"
