"""`genreport 导入` reads `一是…`, `二是…` enumerations as items: under 绩效情况 (or 项目实施情况)
each ordinal opens an item, titled by its first sentence when that is short; under 管理情况 of a
report with no 绩效情况 section (邵阳's outline states 绩效情况 there) they are 绩效情况's items;
and a clause counting people of a kind of their own, outside the staff's breakdown, is 其他人员."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from genreport.cli.app import main

MANAGEMENT = [
    "2021年度示范区总工会部门整体支出绩效评价报告",
    "一、部门概况",
    "1、职能职责",
    "维护职工合法权益，竭诚服务职工群众。",
    "二、部门整体支出管理情况",
    "本会严格执行财务管理制度，经费支出审批手续齐全。全年围绕中心工作主要做了以下工作：",
    "一是深化产业工人队伍建设改革。举办技能竞赛6场，参赛职工420人。",
    "二是做实困难职工帮扶。走访慰问困难职工35户，发放慰问金。",
    "三是开展普法宣传活动，在企业、社区发放法律宣传资料1500余份，并组织律师现场答疑。",
    "三、存在的问题",
    "（一）预算编制不够细化。",
]  # fmt: skip

PERFORMANCE = ["四、部门整体支出绩效情况", "全年各项工作任务均按计划完成，职工满意度较高。"]


def _import(tmp_path: Path, lines: list[str]) -> dict:
    seed = tmp_path / "报告.txt"
    seed.write_text("\n".join(lines), encoding="utf-8")
    target = tmp_path / "d.yaml"
    result = CliRunner().invoke(
        main, ["导入", str(seed), "--root", str(tmp_path), "--to", str(target)]
    )
    assert result.exit_code == 0, result.output
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def test_an_enumeration_under_management_is_the_performance_when_no_section_states_it(tmp_path):
    data = _import(tmp_path, MANAGEMENT)
    assert data["绩效情况"] == [
        {"标题": "深化产业工人队伍建设改革", "要点": ["举办技能竞赛6场，参赛职工420人。"]},
        {"标题": "做实困难职工帮扶", "要点": ["走访慰问困难职工35户，发放慰问金。"]},
        # a first sentence too long for a title: the whole is the item's 要点
        {"要点": ["开展普法宣传活动，在企业、社区发放法律宣传资料1500余份，并组织律师现场答疑。"]},
    ]  # fmt: skip
    assert data["管理情况"] == (
        "本会严格执行财务管理制度，经费支出审批手续齐全。全年围绕中心工作主要做了以下工作："
    )
    assert data["存在问题"] == ["预算编制不够细化。"]
    # a report with a 绩效情况 section of its own: the enumeration is management's, and stays
    (tmp_path / "b").mkdir()
    data = _import(tmp_path / "b", [*MANAGEMENT[:9], *PERFORMANCE])
    assert data["绩效情况"] == ["全年各项工作任务均按计划完成，职工满意度较高。"]
    assert data["管理情况"].startswith("本会严格执行财务管理制度")
    assert "一是深化产业工人队伍建设改革。" in data["管理情况"]
    assert "三是开展普法宣传活动" in data["管理情况"]


def test_each_ordinal_of_a_run_on_paragraph_under_performance_opens_an_item(tmp_path):
    lines = [
        *MANAGEMENT[:5],
        "本会严格执行财务管理制度。",
        "三、部门整体支出绩效情况",
        "一是建家。新建职工之家12个；二是维权。办理劳动争议调解案件8件。",
    ]
    data = _import(tmp_path, lines)
    assert data["绩效情况"] == [
        {"标题": "建家", "要点": ["新建职工之家12个"]},
        {"标题": "维权", "要点": ["办理劳动争议调解案件8件。"]},
    ]
    assert data["管理情况"] == "本会严格执行财务管理制度。"
    # after a text of the section, an enumeration stays text: the draft keeps the report's order
    (tmp_path / "b").mkdir()
    data = _import(tmp_path / "b", [*lines[:7], "全年工作成效明显。", lines[7]])
    assert data["绩效情况"] == [
        "全年工作成效明显。",
        "一是建家。新建职工之家12个；二是维权。办理劳动争议调解案件8件。",
    ]


def test_people_of_a_kind_outside_the_staff_breakdown_are_其他人员(tmp_path):
    stated = (
        "截至2021年末，本会共有人员7人（其中在职5人、退休2人），另有公益性岗位人员2人，遗属1人。"
    )
    people = _import(tmp_path, [*MANAGEMENT[:4], "2、人员情况", stated])["概况"]["人员"]
    assert people == {"在职": 5, "退休": 2, "其他人员": {"公益性岗位人员": 2, "遗属": 1}}
    # the kinds after `其中` break 在职 down: 在职构成, not 其他人员
    stated = "在职人员8人，其中行政人员5人，劳务派遣人员3人。退休人员2人。"
    (tmp_path / "b").mkdir()
    people = _import(tmp_path / "b", [*MANAGEMENT[:4], "2、人员情况", stated])["概况"]["人员"]
    assert people == {"在职": 8, "退休": 2, "在职构成": {"行政人员": 5, "劳务派遣人员": 3}}
