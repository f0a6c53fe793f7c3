"""A section written as `无` states none (issue 23, item 9): `项目支出: 无` is the same as
`项目支出: {项目: []}`, and so for each section the contract lets a clerk write as 无; every
document reads as it does with the section written out."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from genreport.cli.app import main
from genreport.contract.schema import json_schema
from genreport.pipeline import check_union

REPO = Path(__file__).resolve().parent.parent
LINGLING = (REPO / "data" / "2022" / "零陵区总工会.yaml").read_text(encoding="utf-8")
NAME = "零陵区总工会"
EXPENDITURE = "  政府性基金预算支出: 0\n"  # a line of 支出 to write a section before
# 零陵's 基本支出, from its key to the comment before 项目支出
BASIC = LINGLING[LINGLING.index("  基本支出:\n") : LINGLING.index("  # The seed states none")]

CASES = {
    "项目支出": ("  项目支出:\n    项目: []\n", "  项目支出: 无\n", "  项目支出:\n    项目: []\n"),
    "三公经费": (
        EXPENDITURE,
        "  三公经费: 无\n" + EXPENDITURE,
        "  三公经费:\n    因公出国（境）费: 0\n    公务用车购置及运行维护费: 0\n"
        "    公务接待费: 0\n" + EXPENDITURE,
    ),
    "政府采购": (
        EXPENDITURE,
        "  政府采购: 无\n" + EXPENDITURE,
        "  政府采购:\n    货物: 0\n    工程: 0\n    服务: 0\n" + EXPENDITURE,
    ),
    "基本支出": (BASIC, "  基本支出: 无\n", "  基本支出:\n    明细: {}\n"),
    "专项资金": (EXPENDITURE, "  专项资金: 无\n" + EXPENDITURE, "  专项资金: []\n" + EXPENDITURE),
    "内设机构": (
        "    内设机构: [女工财务部, 组宣部, 综合办公室]\n",
        "    内设机构: 无\n",
        "    内设机构: []\n",
    ),
    "存在问题": (
        "存在问题:\n  - 人员经费决算支出超出预算。\n  - 公用经费决算支出远超预算，预算编制与实际收支差距较大。\n",
        "存在问题: 无\n",
        "存在问题:\n  - 无\n",
    ),
}


def render(root: Path, text: str) -> dict[str, str]:
    """The Markdown twins of every document, by file name, and the check's messages."""
    path = root / "data" / "2022" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["2022", "--root", str(root)])
    assert result.exit_code == 0, result.output
    twins = {p.name: p.read_text(encoding="utf-8") for p in (root / "output").rglob("*.md")}
    assert twins
    twins["check"] = "\n".join(f"{p.key}：{p.message}" for p in check_union(path, 2022).problems)
    return twins


@pytest.mark.parametrize("section", CASES)
def test_a_section_written_as_none_reads_as_the_section_written_out(tmp_path, section):
    where, as_none, written_out = CASES[section]
    assert where in LINGLING
    stated = render(tmp_path / "none", LINGLING.replace(where, as_none))
    assert stated == render(tmp_path / "written", LINGLING.replace(where, written_out))


def test_project_expenditure_none_gives_the_outlines_none_sentence(tmp_path):
    where, as_none, _ = CASES["项目支出"]
    twins = render(tmp_path, LINGLING.replace(where, as_none))
    assert "2022年度零陵区总工会无项目支出。" in twins["2022年度部门整体支出绩效自评报告.md"]


@pytest.mark.parametrize("section", CASES)
def test_the_schema_accepts_a_section_written_as_none(section):
    where, as_none, _ = CASES[section]
    data = yaml.safe_load(LINGLING.replace(where, as_none))
    errors = list(Draft202012Validator(json_schema(["湖南", "岳阳"])).iter_errors(data))
    assert errors == []
