"""`genreport 导入` places the narrative of 机构 (内设机构, 下属单位, 说明), 人员 (说明), 原因分析 and
公开 under the contract's keys; sentences that only restate figures stay out, and a list that
contradicts one read before goes to 待核对."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from genreport.cli.app import main

REPORT = [
    "2023年度示范县总工会部门整体支出绩效自评报告",
    "一、基本情况",
    "1．主要职能。",
    "维护职工合法权益，竭诚服务职工群众。",
    "2．机构设置。",
    "示范县总工会内设机构为三个：办公室、权益保障部、经费审查委员会，"
    "下属单位1个：示范县职工服务中心，其中职工服务中心实行独立核算。",
    "本单位为参照公务员法管理的群团机关，内设科室为办公室、组织部。",
    "3．人员情况",
    "截至2023年底，在职人员9人，退休人员4人。人员减少的原因是两人调出。",
    "二、部门整体支出情况",
    "基本支出98.50万元，其中：人员经费90.50万元，公用经费8.00万元。",
    "三、存在的问题及原因分析",
    "公用经费决算支出8.00万元，较预算增加2.00万元，主要原因是职工服务阵地维修。",
    "（一）绩效目标设置不够细化。",
    "（二）资金使用监管有待加强。",
    "4、 [bookmark: _GoBack]下一步改进措施",
    "（一）细化预算编制，严格预算执行。",
]  # fmt: skip


def _import(tmp_path: Path, lines: list[str]) -> tuple[dict, str]:
    seed = tmp_path / "报告.txt"
    seed.write_text("\n".join(lines), encoding="utf-8")
    target = tmp_path / "d.yaml"
    result = CliRunner().invoke(
        main, ["导入", str(seed), "--root", str(tmp_path), "--to", str(target)]
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def test_organisation_staff_causes_and_problems_go_to_their_keys(tmp_path):
    data, text = _import(tmp_path, REPORT)
    overview = data["概况"]
    assert overview["机构"] == {
        "内设机构": ["办公室", "权益保障部", "经费审查委员会"],
        "下属单位": ["示范县职工服务中心"],
        "说明": "其中职工服务中心实行独立核算。本单位为参照公务员法管理的群团机关。",
    }
    assert overview["人员"] == {"在职": 9, "退休": 4, "说明": "人员减少的原因是两人调出。"}
    assert data["原因分析"] == ["职工服务阵地维修。"]
    assert data["存在问题"] == [
        "公用经费决算支出8.00万元，较预算增加2.00万元。",
        "绩效目标设置不够细化。",
        "资金使用监管有待加强。",
    ]
    # `4、` under `三、`: the closing section it names, not an item of 存在问题
    assert data["改进措施"] == ["细化预算编制，严格预算执行。"]
    # a second, different list of 内设机构 is not merged: it waits in 待核对
    assert (
        "报告.txt 第7行：“内设科室为办公室、组织部”（与报告.txt 第6行读到的内设机构不同）" in text
    )


def test_a_count_that_does_not_match_the_names_places_no_list(tmp_path):
    stated = "示范县总工会内设机构4个：办公室、权益保障部，下属单位1个：示范县职工服务中心。"
    data, _ = _import(tmp_path, [*REPORT[:5], stated, *REPORT[7:11]])
    # two names for four: no list, the words kept as they are for the clerk
    assert data["概况"]["机构"] == {
        "下属单位": ["示范县职工服务中心"],
        "说明": "示范县总工会内设机构4个：办公室、权益保障部。",
    }


def test_no_internal_units_is_an_empty_list(tmp_path):
    lines = [*REPORT[:5], "2023年预算组成单位共1个，无内设机构，在职人员3名。", *REPORT[8:11]]
    data, _ = _import(tmp_path, lines)
    assert data["概况"]["机构"] == {"内设机构": [], "说明": "2023年预算组成单位共1个。"}


DISCLOSURE = ["附件：", "单位（部门）绩效自评公开网址统计表", "单位代码", "单 位 名 称",
              "自评报告公开是/否", "公开网址", "联系人", "联系电话", "备注"]  # fmt: skip


def test_the_disclosure_table_one_cell_a_line_fills_公开(tmp_path):
    row = ["116001", "示范县总工会", "是", "示范县财政局网站", "张三", "0731-1234567"]
    data, _ = _import(tmp_path, [*REPORT[:12], *DISCLOSURE, *row])
    assert data["公开"] == {
        "是否公开": "是", "网址": "示范县财政局网站", "联系人": "张三", "联系电话": "0731-1234567"
    }  # fmt: skip


def test_a_disclosure_row_whose_cells_moved_waits_in_review(tmp_path):
    row = ["116001", "示范县总工会", "示范县财政局网站", "张三"]  # 是/否 left blank: cells moved
    data, text = _import(tmp_path, [*REPORT[:12], *DISCLOSURE, *row])
    assert "公开" not in data
    assert "“116001 示范县总工会 示范县财政局网站 张三”（公开网址统计表的一行，各栏对不上）" in text


def test_the_disclosure_table_in_word_fills_公开(tmp_path):
    import docx

    document = docx.Document()
    for line in REPORT[:12]:
        document.add_paragraph(line)
    rows = [
        ["单位代码", "单位名称", "是否公开", "公开网址", "联系人", "联系电话", "备注"],
        ["116001", "示范县总工会", "否", "", "", "", "未建网站"],
    ]
    table = document.add_table(rows=2, cols=7)
    for cells, texts in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, texts, strict=True):
            cell.text = value
    report = tmp_path / "报告.docx"
    document.save(report)
    target = tmp_path / "d.yaml"
    result = CliRunner().invoke(
        main, ["导入", str(report), "--root", str(tmp_path), "--to", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["公开"] == {
        "是否公开": "否", "备注": "未建网站"
    }  # fmt: skip
