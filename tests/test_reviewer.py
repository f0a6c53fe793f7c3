"""Issue 23, what a county reviewer would still send back: the 基础数据表 rows a missing key leaves
blank, per-project year-on-year changes, headings and sections that promise what is not there.

End to end: data files written as a clerk would, `genreport` run on them, the warnings printed and
the pages (.md twins) read.
"""

from __future__ import annotations

import copy
from itertools import takewhile
from pathlib import Path

import yaml
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.workspace import REPORT

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml"
OUTLINES = ("湖南", "长沙", "岳阳", "邵阳")
BASIC_DATA = "部门整体支出绩效评价基础数据表"


def _example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _write(root: Path, name: str, data: dict, year: int = 2022) -> None:
    data = {**data, "单位名称": name, "年度": year}
    path = root / "data" / str(year) / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _page(root: Path, name: str, title: str, year: int = 2022) -> str:
    return (root / "output" / str(year) / name / f"{year}年度{title}.md").read_text("utf-8")


def test_every_basic_data_row_left_blank_by_a_missing_key_is_a_warning_in_every_outline(tmp_path):
    """Item 8: without 三公经费, 政府采购, 编制, 公用经费 or 厉行节约, the 基础数据表 leaves rows
    blank; each outline's check names each key (the report's placeholder warning names it where
    the outline's report has a section for it)."""
    names = {}
    for outline in OUTLINES:
        data = copy.deepcopy(_example())
        data["提纲"] = outline
        del data["支出"]["三公经费"], data["支出"]["政府采购"]
        items = data["支出"]["基本支出"]["明细"]
        items["对个人和家庭的补助"] = items.pop("公用经费")  # no 公用经费 named: sums unchanged
        assert "编制" not in data["概况"]["人员"] and "厉行节约" not in data
        names[outline] = f"{outline}样本总工会"
        _write(tmp_path, names[outline], data)
    output = _run(tmp_path, "check", "2022")
    for outline, name in names.items():
        lines = ("\n" + output).split(f"\n{name}：", 1)[1].splitlines()[1:]
        block = "\n".join(takewhile(lambda line: line.startswith("  "), lines))
        for key in (
            "支出.三公经费",
            "支出.政府采购",
            "概况.人员.编制",
            "支出.基本支出.明细.公用经费",
            "厉行节约",
        ):
            warned = [line for line in block.splitlines() if f" {key}：" in line]
            assert len(warned) == 1, (outline, key, block)
            assert "基础数据表" in warned[0] or "报告中将显示“（未填写）”" in warned[0], warned
    _run(tmp_path, "2022", "-j", "1")
    table = _page(tmp_path, names["湖南"], BASIC_DATA)
    assert "| 编制数（人） |  |  |  |" in table
    assert "| 4．政府采购金额 |  |  |  |" in table
    assert "| 其中：公用经费 |  |  |  |" in table


def test_each_projects_change_on_last_year_is_stated_in_every_outline_that_lists_projects(tmp_path):
    """Item 7: a project with 上年 has its change on last year in the report's project sentence
    (益阳's three: 持平, 减少45.94万元 / 23.54%, 增加0.50万元 / 0.29%)."""
    projects = [
        {"名称": "职工文体活动", "执行": 20, "上年": 20},
        {"名称": "困难职工帮扶", "执行": 149.22, "上年": 195.16},
        {"名称": "工会规范化建设", "执行": 172.91, "上年": 172.41},
    ]
    for outline in ("湖南", "长沙", "岳阳"):
        data = copy.deepcopy(_example())
        data["提纲"] = outline
        data["支出"]["项目支出"] = {"预算": 340, "项目": projects, "管理情况": "归口管理。"}
        data["支出"]["资金来源"] = {"财政拨款": {"预算": 589.74, "执行": 653.33}}
        data["支出"]["功能分类"] = {"一般公共服务支出": 653.33}
        _write(tmp_path, f"{outline}样本总工会", data)
    output = _run(tmp_path, "2022", "-j", "1")
    for outline in ("湖南", "长沙", "岳阳"):
        report = _page(tmp_path, f"{outline}样本总工会", REPORT)
        assert "职工文体活动20.00万元，占项目支出的5.85%，与上年持平。" in report, (outline, output)
        assert (
            "困难职工帮扶149.22万元，占项目支出的43.62%，比上年减少45.94万元，下降23.54%。"
            in report
        )
        assert (
            "工会规范化建设172.91万元，占项目支出的50.54%，比上年增加0.50万元，增长0.29%。"
            in report
        )


def test_a_share_names_its_base_and_a_part_stated_as_none_has_no_zero_line(tmp_path):
    """Item 10: `占86.80%` names its base; `其他资金0.00万元，占整体支出的0.00%` and
    `项目支出0.00万元，占0.00%` are not printed beside the outline's `无项目支出`."""
    data = _example()
    _write(tmp_path, "浏阳市总工会", data)
    none = copy.deepcopy(data)
    none["支出"]["项目支出"] = "无"
    none["支出"]["基本支出"]["预算"] = 277.06
    none["支出"]["功能分类"] = {"一般公共服务支出": 257.03, "社会保障和就业支出": 54.17}
    none["支出"]["资金来源"] = {"财政拨款": {"预算": 277.06, "执行": 311.20}, "其他资金": 0}
    _write(tmp_path, "零项目总工会", none)
    output = _run(tmp_path, "2022", "-j", "1")
    report = _page(tmp_path, "浏阳市总工会", REPORT)
    assert (
        "其中：基本支出311.20万元，占整体支出的86.80%；\n项目支出47.32万元，占整体支出的13.20%。"
        in report
    )
    assert "按资金来源分：财政拨款358.52万元，占整体支出的100.00%。" in report
    assert "其他资金" not in report
    report = _page(tmp_path, "零项目总工会", REPORT)
    assert "2022年度零项目总工会无项目支出。" in report, output
    assert "其他资金" not in report and "项目支出0.00万元" not in report
    assert "的0.00%" not in report and "占0.00%" not in report
