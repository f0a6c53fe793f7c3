"""What a reviewer sends back as amateurish (issue 23, item 10): a heading that names parts its
section does not have, a paragraph under the wrong heading, budget deviations as unnumbered lines
without a reason, 年 beside the tables' 年度, and a 自评表 without indicators not marked a draft."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent
REPORT = "{year}年度部门整体支出绩效自评报告.md"
TABLE = "{year}年度部门整体支出绩效自评表.md"
UNIONS = {
    "北塔区总工会": 2019,
    "南湖新区总工会": 2022,
    "浏阳市总工会": 2022,
    "零陵区总工会": 2022,
    "示例区总工会": 2023,
    "雁峰区总工会": 2023,
}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """The documents of the bundled data, made by `genreport <year>` on a copy."""
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "data", root / "data")
    for year in sorted(set(UNIONS.values())):
        result = CliRunner().invoke(main, [str(year), "--root", str(root)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return root / "output"


def twin(output: Path, union: str, name: str) -> str:
    year = UNIONS[union]
    return (output / str(year) / union / name.format(year=year)).read_text(encoding="utf-8")


def test_a_composite_heading_names_only_the_parts_its_section_has(output):
    # 雁峰 (湖南 outline) gives 三公, 会议费 and 培训费, no 政府采购
    report = twin(output, "雁峰区总工会", REPORT)
    assert "### （三）“三公”经费、会议费和培训费情况\n" in report
    assert "政府采购情况" not in report
    # 南湖 (岳阳 outline): 三公 and 政府采购 stand as placeholders, no 会议费 or 培训费
    report = twin(output, "南湖新区总工会", REPORT)
    assert "### （三）“三公”经费和政府采购\n" in report
    assert "会议费" not in report


def test_nanhu_management_paragraph_is_under_the_management_heading(output):
    report = twin(output, "南湖新区总工会", REPORT)
    paragraph = report.index("项目资金按区财政局要求安排使用")
    assert report.index("## 二、部门整体支出管理及使用情况") < paragraph
    assert paragraph < report.index("### （一）基本支出")
    assert paragraph < report.index("### （三）“三公”经费")


def test_budget_deviations_are_numbered_problems_with_their_reason(output):
    # 零陵: two problems, then its two deviations; its 原因分析 follows and gives the reasons
    report = twin(output, "零陵区总工会", REPORT)
    assert "（三）人员经费全年执行133.70万元，较预算增加8.70万元。\n" in report
    assert "（四）公用经费全年执行349.26万元，较预算增加343.95万元。\n" in report
    assert "原因分析：人员调整" in report
    # 示例: a deviation without 偏差原因 says so
    report = twin(output, "示例区总工会", REPORT)
    assert "（一）项目预算编制不够精准。\n" in report
    assert "（二）工资福利支出全年执行80.00万元，较预算减少2.00万元（未说明原因）。\n" in report
    assert "（三）商品和服务支出全年执行20.00万元，较预算增加2.00万元，主要原因是" in report
    # 浏阳 (长沙 outline) numbers 1．2．
    report = twin(output, "浏阳市总工会", REPORT)
    assert "4．项目支出全年执行47.32万元，较预算增加20.00万元（未说明原因）。\n" in report


@pytest.mark.parametrize("union", UNIONS)
def test_the_report_says_the_year_as_its_tables_do(output, union):
    """The tables say 2022年度; the report's own phrases too (年末 is the year's end)."""
    year = UNIONS[union]
    report = twin(output, union, REPORT)
    assert f"# {year}年度部门整体支出绩效" in report
    ours = re.findall(rf"^[^\n]*{year}年(?![度末])[^\n]*$", report, flags=re.M)
    # what is left is the clerk's own text, word for word from the file
    data = (REPO / "data" / str(year) / f"{union}.yaml").read_text(encoding="utf-8")
    for line in ours:
        phrase = re.search(rf"[^，。：；\n]*{year}年(?![度末])[^，。；\n]*", line)
        assert phrase and phrase.group().lstrip("0123456789．") in data, line


def test_a_scoring_table_without_indicators_is_marked_a_draft(output):
    for union in UNIONS:
        table = twin(output, union, TABLE)
        year = UNIONS[union]
        title = f"# {year}年度部门整体支出绩效自评表\n\n"
        assert table.startswith(title)
        if union in ("示例区总工会", "浏阳市总工会"):  # the files with indicators
            assert "草稿" not in table
        elif union in ("南湖新区总工会", "雁峰区总工会"):  # without a 绩效目标 either
            assert table.startswith(title + "（草稿：未填写指标、年度总体目标）\n"), union
        else:
            assert table.startswith(title + "（草稿：未填写指标）\n"), union
