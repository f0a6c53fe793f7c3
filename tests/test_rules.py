"""An outline's scoring rules (评分规则.yaml beside its templates): 成本指标 among the 一级
categories, local rules a county turns on (执行率封顶, 超标扣分, 三级分值不超过一级权重), each
message citing where its rule comes from; the shipped outlines state 财预〔2020〕10号 and change
nothing."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main
from genreport.figures.suggest import Rule
from genreport.pipeline import check_union
from genreport.workspace import PROJECT_TABLES, Workspace, shipped_outlines

RULES_FILE = "评分规则.yaml"  # written out: the tests run against code without it too

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"
NAME = "示例区总工会"
SHIPPED_RULES = REPO / "src" / "genreport" / "templates" / "湖南" / RULES_FILE
KEY = "支出.项目支出.项目[1].绩效指标"

COST_RULES = """\
依据: 蒸财绩〔2023〕6号
项目支出绩效自评表:
  一级指标:
    预算执行率: 10
    产出指标: 40
    成本指标: 10
    效益指标: 30
    满意度指标: 10
"""

# 产出 40 (帮扶人次 20 → 10) and a 成本指标 of 10: one cost met, one over its ≤ target
WITH_COST = (
    FIXTURE.read_text(encoding="utf-8")
    .replace(
        "{名称: 帮扶人次, 分值: 20, 指标值: ≥300人次, 完成值: 320人次, 得分: 20}",
        "{名称: 帮扶人次, 分值: 10, 指标值: ≥300人次, 完成值: 320人次, 得分: 10}",
    )
    .replace(
        "          - 一级: 效益指标\n",
        "          - 一级: 成本指标\n"
        "            二级:\n"
        "              - 名称: 经济成本指标\n"
        "                三级:\n"
        "                  - {名称: 人均帮扶成本, 分值: 5, 指标值: ≤10万元, 完成值: 9.5万元, 得分: 5}\n"
        "                  - {名称: 活动经费, 分值: 5, 指标值: ≤2万元, 完成值: 2.5万元, 得分: 5}\n"
        "          - 一级: 效益指标\n",
    )
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def submission(root: Path, text: str, rules: str | None = None) -> Path:
    path = root / "data" / "2023" / f"{NAME}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    if rules is not None:
        run("复制模板", "湖南", "--root", str(root))
        (root / "templates" / "湖南" / RULES_FILE).write_text(rules, encoding="utf-8")
    return path


def twin(root: Path) -> str:
    document = Workspace(root).document_path(2023, NAME, PROJECT_TABLES)
    return document.with_suffix(".md").read_text(encoding="utf-8")


def test_a_cost_category_the_outline_names_checks_clean_and_gets_suggestions(tmp_path):
    path = submission(tmp_path, WITH_COST, COST_RULES)
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert result.errors == []
    assert [p.message for p in result.warnings if p.key == KEY] == []
    assert [f"{p.key}：{p.message}" for p in result.warnings if "绩效指标[2]" in p.key] == [
        "支出.项目支出.项目[1].绩效指标[2].二级[1].三级[2].得分：“活动经费”完成值2.5万元超出指标值"
        "≤2万元，按完成比例（5×2÷2.5，财预〔2020〕10号第十六条）应得4.00分，填写的是5分。"
        "请核对得分。"
    ]
    assert result.view is not None
    suggested = {
        r.indicator.name: r.suggestion.score for r in result.view.project_tables[0].suggestions
    }
    assert (suggested["人均帮扶成本"], suggested["活动经费"]) == (5, 4)
    rules = {r.indicator.name: r.suggestion.rule for r in result.view.project_tables[0].suggestions}
    assert (rules["人均帮扶成本"], rules["活动经费"]) == (Rule.MET, Rule.INVERSE)

    # the same table under the shipped 湖南 rules: the one warning it gets today
    shutil.rmtree(tmp_path / "templates")
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert [p.message for p in result.warnings if p.key == KEY] == [
        "项目“困难职工帮扶”的一级指标权重（产出指标40分）与财预〔2020〕10号第十三条"
        "原则上的预算执行率10分、产出指标50分、效益指标30分、满意度指标10分不同；"
        "有特殊情况可以调整，请确认。"
    ]


def test_cost_rows_render_merged_like_the_others(tmp_path):
    submission(tmp_path, WITH_COST, COST_RULES)
    result = run("2023", "--root", str(tmp_path))
    assert result.exit_code == 0
    assert "一级指标权重" not in result.output
    assert (
        "| 成本指标 | 经济成本指标 | 人均帮扶成本 | ≤10万元 | 9.5万元 | 5 | 5.00 |  |\n"
        "|  |  | 活动经费 | ≤2万元 | 2.5万元 | 5 | 5.00 |  |\n"
    ) in twin(tmp_path)
    document = Workspace(tmp_path).document_path(2023, NAME, PROJECT_TABLES)
    xml = zipfile.ZipFile(document).read("word/document.xml").decode("utf-8")
    cost = [row for row in re.findall(r"<w:tr[ >].*?</w:tr>", xml) if "活动经费" in row]
    assert len(cost) == 1
    # its 一级 and 二级 cells continue the merge begun on the row above
    assert cost[0].count('<w:vMerge w:val="continue"/>') == 2


def test_weights_other_than_the_outlines_cite_its_rules_file_and_line(tmp_path):
    rules = COST_RULES.replace("依据: 蒸财绩〔2023〕6号\n", "")
    path = submission(tmp_path, FIXTURE.read_text(encoding="utf-8"), rules)
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert [p.message for p in result.warnings if p.key == KEY] == [
        "项目“困难职工帮扶”的一级指标权重（产出指标50分、成本指标未设）与"
        "templates/湖南/评分规则.yaml第2行规定的预算执行率10分、产出指标40分、成本指标10分、"
        "效益指标30分、满意度指标10分不同；有特殊情况可以调整，请确认。"
    ]


# 执行率 75% (22.5 of 30): 7.50 for the 预算执行率 row, 87.5 for the indicators: 95 in all
AT_75 = (
    FIXTURE.read_text(encoding="utf-8")
    .replace("        执行: 28.5\n", "        执行: 22.5\n", 1)
    .replace("当年财政拨款: {执行: 24.5,", "当年财政拨款: {执行: 18.5,")
    .replace("完成值: 18家, 得分: 9,", "完成值: 18家, 得分: 7.5,")
)


TOTAL = "| 总分 |  |  |  |  | 100 | {} |  |\n| 评价等级 |  |  |  |  |  | {} |  |\n"


def test_execution_caps_turned_on_score_a_75_percent_project_89_good(tmp_path):
    path = submission(tmp_path, AT_75, "执行率封顶: 是\n")
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert result.errors == []
    assert [p.message for p in result.warnings if p.key == "支出.项目支出.项目[1].执行"] == [
        "项目“困难职工帮扶”预算执行率75.00%，按templates/湖南/评分规则.yaml第1行的执行率封顶，"
        "总分最高89分：各项得分合计95.00分，项目支出绩效自评表的总分记为89.00分，等级为“良”。"
    ]
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    assert TOTAL.format("89.00", "良") in twin(tmp_path)
    # the shipped outlines cap nothing
    shutil.rmtree(tmp_path / "templates")
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert not [p for p in result.warnings if p.key == "支出.项目支出.项目[1].执行"]
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
    assert TOTAL.format("95.00", "优") in twin(tmp_path)


def test_overshoot_deduction_turned_on_suggests_two_points_off(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "指标值: ≥300人次, 完成值: 320人次", "指标值: ≥200人次, 完成值: 320人次"
    )
    path = submission(tmp_path, text, "超标扣分: 是\n")
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert [p.message for p in result.warnings if "三级[1].得分" in p.key][:1] == [
        "“帮扶人次”完成值320人次超过指标值≥200人次达30%以上，按templates/湖南/评分规则.yaml"
        "第1行的超标扣分扣2分，应得18.00分，填写的是20分。请核对得分。"
    ]


def test_within_first_level_turned_on_refuses_an_oversized_category(tmp_path):
    rules = "三级分值不超过一级权重: 是\n"
    text = (
        FIXTURE.read_text(encoding="utf-8")
        .replace(
            "{名称: 帮扶人次, 分值: 20, 指标值: ≥300人次, 完成值: 320人次, 得分: 20}",
            "{名称: 帮扶人次, 分值: 30, 指标值: ≥300人次, 完成值: 320人次, 得分: 30}",
        )
        .replace(
            "{名称: 困难职工生活改善, 分值: 30, 指标值: 明显改善, 完成值: 明显改善, 得分: 30}",
            "{名称: 困难职工生活改善, 分值: 20, 指标值: 明显改善, 完成值: 明显改善, 得分: 20}",
        )
    )
    path = submission(tmp_path, text, rules)
    result = check_union(path, 2023, project=Workspace(tmp_path))
    assert [p.message for p in result.errors] == [
        "项目“困难职工帮扶”的一级指标“产出指标”下各三级指标分值合计60分，超过产出指标的权重50分"
        "（templates/湖南/评分规则.yaml第1行：三级分值不超过一级权重），请调整。"
    ]


def test_a_broken_rules_file_is_refused_with_located_chinese_errors(tmp_path):
    rules = COST_RULES.replace("产出指标: 40", "产出指标: 30").replace("依据:", "依剧:")
    path = submission(tmp_path, FIXTURE.read_text(encoding="utf-8"), rules)
    result = check_union(path, 2023, project=Workspace(tmp_path))
    rules_path = tmp_path / "templates" / "湖南" / RULES_FILE
    assert [(p.file, p.line, p.key, p.message) for p in result.errors] == [
        (rules_path, 1, "依剧", "评分规则中没有“依剧”这一项。是否应为“依据”？"),
        (
            rules_path,
            3,
            "项目支出绩效自评表.一级指标",
            "“项目支出绩效自评表”的一级指标权重合计为90分，应为100分。",
        ),
    ]
    assert run("2023", "--root", str(tmp_path)).exit_code != 0
    assert not Workspace(tmp_path).document_path(2023, NAME, PROJECT_TABLES).exists()


def test_outlines_show_where_their_rules_come_from(tmp_path):
    submission(tmp_path, FIXTURE.read_text(encoding="utf-8"), COST_RULES + "执行率封顶: 是\n")
    result = run("提纲", "--root", str(tmp_path))
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines() if "评分规则：" in line]
    assert len(lines) == len(shipped_outlines())
    assert lines[shipped_outlines().index("湖南")] == (
        "评分规则：templates/湖南/评分规则.yaml（蒸财绩〔2023〕6号）：项目表一级指标：预算执行率10分、"
        "产出指标40分、成本指标10分、效益指标30分、满意度指标10分；等级：优≥90、良≥80、中≥60；"
        "项目表执行率封顶"
    )
    assert lines[shipped_outlines().index("长沙")] == (
        "评分规则：自带提纲“长沙”的评分规则.yaml（财预〔2020〕10号）：项目表一级指标：预算执行率10分、"
        "产出指标50分、效益指标30分、满意度指标10分；等级：优≥90、良≥80、中≥60"
    )


def test_copying_an_outline_copies_its_rules(tmp_path):
    result = run("复制模板", "湖南", "--to", "衡阳县", "--root", str(tmp_path))
    assert result.exit_code == 0
    copied = tmp_path / "templates" / "衡阳县" / RULES_FILE
    assert copied.read_bytes() == SHIPPED_RULES.read_bytes()


def test_the_rules_schema_is_written_with_the_data_schema_and_holds_the_shipped_rules(tmp_path):
    import json

    import yaml
    from jsonschema import Draft202012Validator

    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    schema = json.loads((tmp_path / ".genreport" / "rules-schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    for outline in shipped_outlines():
        shipped = REPO / "src" / "genreport" / "templates" / outline / RULES_FILE
        assert list(validator.iter_errors(yaml.safe_load(shipped.read_text("utf-8")))) == []
    assert [e.message for e in validator.iter_errors(yaml.safe_load("执行率封顶: 也许\n"))] == [
        "'也许' is not one of ['是', '否', True, False]"
    ]
    data_schema = (tmp_path / ".genreport" / "schema.json").read_text("utf-8")
    assert "项目绩效指标（产出、成本、效益、满意度，各一级的权重见提纲的评分规则）" in data_schema
