"""`genreport 导入` of the old Office formats: a .doc or .wps converted once by the LibreOffice that
`--pdf` finds, then read as the .docx it was saved from; a clear message when LibreOffice is
missing; an .xls read as the .xlsx it was saved from."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from drafts import imported
from genreport.cli.app import main
from libreoffice import convert, needs_libreoffice

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

REPORT = [
    "2024年度示范县总工会部门整体支出绩效自评报告",
    "一、部门基本情况",
    "（一）部门职能",
    "主要职能是：维护职工合法权益；组织职工参加民主管理。",
    "（二）人员情况",
    "年末在职人员12人，其中：行政人员7人，事业人员5人；退休人员3人。",
    "二、部门整体支出情况",
    "基本支出118.50万元，其中：人员经费90.50万元，公用经费28.00万元，比上年减少2.00万元。",
    "全年预算数", "全年执行数", "执行率",
    "资金结构：（1）基本支出", "120.00", "118.50", "98.75%",
    "三、存在的问题",
    "预算执行进度不均衡。",
]  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@needs_libreoffice
def test_a_doc_and_a_wps_import_as_the_docx_they_were_saved_from(tmp_path):
    from seed_docx import make

    seed = tmp_path / "报告.txt"
    seed.write_text("\n".join(REPORT), encoding="utf-8")
    docx = make(seed, tmp_path)  # Word numbering, the money table as a Word table
    doc = convert(docx, "doc", tmp_path / "doc")
    wps = doc.with_name("报告.wps")  # WPS saves its own .wps in the Word 97 format
    shutil.copy(doc, wps)
    want, _ = imported(docx, tmp_path)
    assert want["概况"]["人员"]["在职构成"] == {"行政人员": 7, "事业人员": 5}
    assert want["支出"]["基本支出"]["明细"]["公用经费"] == {"执行": 28, "上年": 30}
    for old in (doc, wps):
        got, text = imported(old, tmp_path)
        assert got == want
        assert f"出处：{old.name} 第" in text
    assert not list(tmp_path.glob("**/genreport-pdf-*"))


def test_without_libreoffice_a_doc_is_refused_with_what_to_do(tmp_path, monkeypatch):
    doc = tmp_path / "报告.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice on it
    result = run("导入", str(doc), "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.startswith(
        "错误：报告.doc：读取.doc文件需要LibreOffice，但没有找到它。请安装LibreOffice后重新运行"
        "（Windows 请从 LibreOffice 官方网站下载安装；Debian/Ubuntu 运行 sudo apt-get install "
        "libreoffice-writer-nogui fonts-noto-cjk），或用Word或WPS打开报告.doc，"
        "“另存为” .docx 格式后导入该 .docx 文件。"
    )
    assert not (tmp_path / "data").exists()


def _basic_table(path: Path) -> None:
    """A 基础数据表 in Excel: a merged title, columns in their own order, amounts in 元."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "基础数据表"
    rows = [
        ["2024年度部门整体支出绩效评价基础数据表"],
        ["单位名称：示范县总工会"],
        ["项目", "本年决算数", "上年决算数", "本年预算数"],
        ["会议费", "12,345.00元", "20,000元", "15,000元"],
        ["培训费", 0, "3,000元", "5,000元"],
        ["公务接待费", "1,200元", "1,500元", "2,000元"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:D1")
    book.save(path)


@needs_libreoffice
def test_an_xls_imports_as_the_xlsx_it_was_saved_from(tmp_path):
    xlsx = tmp_path / "基础数据表.xlsx"
    _basic_table(xlsx)
    xls = convert(xlsx, "xls", tmp_path / "xls")
    want, _ = imported(xlsx, tmp_path)
    assert want["支出"]["会议费"] == {"执行": 1.2345, "预算": 1.5, "上年": 2}
    got, text = imported(xls, tmp_path)
    assert got == want
    assert "出处：基础数据表.xls 工作表“基础数据表”第4行" in text


def test_a_damaged_xls_is_refused(tmp_path):
    xls = tmp_path / "表.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("导入", str(xls), "--root", str(tmp_path))
    assert result.exit_code == 1
    assert "错误：表.xls：不是Excel工作簿（.xls），或文件已损坏。" in result.output
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("suffix", [".doc", ".xls"])
def test_a_new_format_file_under_an_old_name_is_read_as_what_it_is(tmp_path, suffix):
    xlsx = tmp_path / "表.xlsx"
    _basic_table(xlsx)
    if suffix == ".doc":
        import docx

        document = docx.Document()
        document.add_paragraph("2024年度示范县总工会部门整体支出绩效自评报告")
        document.add_paragraph("会议费1.2345万元。")
        document.save(tmp_path / "表.docx")
        source = tmp_path / "表.docx"
    else:
        source = xlsx
    renamed = tmp_path / f"改名{suffix}"
    shutil.copy(source, renamed)
    got, _ = imported(renamed, tmp_path)
    assert got["支出"]["会议费"]["执行"] == 1.2345
