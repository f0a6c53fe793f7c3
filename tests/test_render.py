"""Rendering end to end: every bundled union's documents hold their computed figures and headings
in order, through python-docx and through LibreOffice (the real client)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from genreport.cli.app import main
from genreport.documents.engine import render_document
from genreport.errors import TemplateError
from genreport.workspace import REPORT, SCORING_TABLE, Workspace
from libreoffice import lay_out, needs_libreoffice

REPO = Path(__file__).resolve().parent.parent
UNIONS = [
    (2019, "北塔区总工会"),
    (2022, "南湖新区总工会"),
    (2022, "浏阳市总工会"),
    (2022, "零陵区总工会"),
    (2023, "雁峰区总工会"),
]

HEADINGS = {
    "湖南": [
        "一、基本情况",
        "二、一般公共预算支出情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、社会保险基金预算支出情况",
        "六、部门整体支出绩效情况",
        "七、存在的问题及原因分析",
        "八、下一步改进措施",
        "九、部门整体支出绩效自评结果拟应用和公开情况",
        "十、其他需要说明的情况",
    ],
    "长沙": [
        "一、部门概况",
        "二、部门整体支出资金管理及使用情况",
        "三、部门项目组织实施情况",
        "四、资产管理情况",
        "五、部门整体支出绩效情况",
        "六、存在的主要问题、改进措施和有关建议",
        "七、部门整体支出绩效评价等级",
        "八、其他需要说明的情况",  # shown when 其他说明 is filled, as 浏阳's is
    ],
    "岳阳": [
        "一、部门概况",
        "二、部门整体支出管理及使用情况",
        "三、区本级其他财政性资金实施情况",
        "四、资产管理情况",
        "五、部门整体支出绩效情况",
        "六、存在的主要问题",
        "七、改进措施和有关建议",
    ],
    "邵阳": [
        "一、部门概况",
        "二、部门绩效目标的设立及执行情况",
        "三、部门整体支出管理情况",
        "四、存在的问题",
        "五、改进措施和有关建议",
    ],
}
SUBHEADINGS = {
    "湖南": [
        "（一）部门（单位）基本情况",
        "（二）部门（单位）年度整体支出绩效目标",
        "（一）基本支出情况",
        "（二）项目支出情况",
    ],
    "长沙": [
        "（一）部门职能概述",
        "（二）部门组织机构及人员情况",
        "（三）部门整体支出规模、使用方向、主要内容和涉及范围",
        "（一）基本支出",
        "（二）项目支出",
    ],
    "岳阳": [
        "（一）部门基本情况",
        "（二）部门整体支出规模、使用方向和主要内容及范围",
        "（一）基本支出",
        "（二）项目支出",
        "（三）“三公”经费和政府采购",  # 南湖 gives no 会议费 or 培训费
    ],
    "邵阳": [],
}
OUTLINE_OF = {
    "北塔区总工会": "邵阳",
    "南湖新区总工会": "岳阳",
    "浏阳市总工会": "长沙",
    "零陵区总工会": "湖南",
    "雁峰区总工会": "湖南",
}


def make_project(root: Path, years=(2019, 2022, 2023)) -> Path:
    for year in years:
        shutil.copytree(REPO / "data" / str(year), root / "data" / str(year))
    return root


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("project"))
    runner = CliRunner()
    for year in (2019, 2022, 2023):
        result = runner.invoke(main, [str(year), "--root", str(root)])
        assert result.exit_code == 0, result.output
    return root


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a .docx, in document order."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def headings(path: Path, style: str = "Heading 1") -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == style]


@pytest.mark.parametrize("year, name", UNIONS)
def test_every_union_gets_both_documents_in_its_own_outline(rendered, year, name):
    outline = OUTLINE_OF[name]
    report = Workspace(rendered).document_path(year, name, REPORT)
    table = Workspace(rendered).document_path(year, name, SCORING_TABLE)
    assert headings(report) == HEADINGS[outline]
    subheadings = [h for h in headings(report, "Heading 2") if h in SUBHEADINGS[outline]]
    assert subheadings == SUBHEADINGS[outline]
    titles = [p.text for p in Document(str(report)).paragraphs if p.style.name == "Title"]
    if outline == "长沙":
        assert titles == [f"{year}年度部门整体支出绩效自评报告"]
        assert f"单位名称：{name}" in text_of(report)
    else:  # the 岳阳 and 邵阳 seeds are titled 评价报告
        kind = "评价" if outline in ("岳阳", "邵阳") else "自评"
        assert titles[:2] == [name, f"{year}年度部门整体支出绩效{kind}报告"]
    assert f"部门（单位）名称：{name}" in text_of(table)


def test_liuyang_report_figures(rendered):
    text = text_of(Workspace(rendered).document_path(2022, "浏阳市总工会", REPORT))
    for expected in [
        "2022年度，浏阳市总工会部门整体支出358.52万元，全年预算277.06万元，执行率129.40%。"
        "其中：基本支出311.20万元，占整体支出的86.80%；项目支出47.32万元，占整体支出的13.20%。",
        "按资金来源分：财政拨款358.52万元，占整体支出的100.00%。",  # 其他资金 is none
        "按功能分类分：一般公共服务支出257.03万元，占整体支出的71.69%；社会保障和就业支出54.17万元，"
        "占整体支出的15.11%；其他支出47.32万元，占整体支出的13.20%。",
        "基本支出311.20万元，占整体支出的86.80%。其中：",
        "（1）人员经费302.92万元，占基本支出的97.34%，主要包括：基本工资、津贴补贴、奖金、养老保险缴费、住房公积金、离退休费等。",
        "3．基本支出全年执行311.20万元，较预算增加61.46万元（未说明原因）。",
        "4．项目支出全年执行47.32万元，较预算增加20.00万元（未说明原因）。",
        "根据部门整体支出绩效评价指标，自评得分98分，等级为优（见自评表）。",
        "2022年度本单位无“三公”经费支出。",
        "2022年度本单位无因公出国（境）费支出；2022年度本单位无公务用车购置及运行维护费支出。",
        "2022年度本单位无政府采购支出。",
        "项目支出47.32万元，占整体支出的13.20%，全年预算27.32万元，执行率173.21%。",
    ]:
        assert expected in text


def test_liuyang_scoring_table(rendered):
    path = Workspace(rendered).document_path(2022, "浏阳市总工会", SCORING_TABLE)
    document = Document(str(path))
    scale, target, scores = document.tables
    assert [[c.text for c in row.cells] for row in scale.rows] == [
        ["整体支出规模（万元）", "全年预算数", "全年执行数", "执行率"],
        ["资金来源：（1）财政拨款", "277.06", "358.52", "129.40%"],
        ["（2）其他资金", "0.00", "0.00", ""],
        ["资金结构：（1）基本支出", "249.74", "311.20", "124.61%"],
        ["（2）项目支出", "27.32", "47.32", "173.21%"],
        ["合计", "277.06", "358.52", "129.40%"],
    ]
    assert target.cell(1, 1).text.startswith("落实“三高四新”战略")
    rows = [[c.text for c in row.cells] for row in scores.rows]
    assert rows[0] == [
        "一级指标",
        "权重",
        "二级指标",
        "三级指标",
        "年度指标值",
        "全年完成值",
        "自评得分",
        "偏差及原因分析",
    ]
    assert len(rows) == 1 + 20 + 2
    # merged cells repeat their text on every row they span
    assert [r[0] for r in rows[1:21]] == ["投入管理指标"] * 8 + ["产出指标"] * 7 + ["效益指标"] * 5
    assert [r[1] for r in rows[1:21]] == ["30"] * 8 + ["25"] * 7 + ["45"] * 5
    assert rows[9][2:7] == [
        "数量指标（6）",
        "组织开展困难职工帮扶（3分）",
        "≥500人次",
        "800人次",
        "3",
    ]
    assert rows[10][2] == "数量指标（6）"
    assert rows[21][:2] == ["总分", "100"] and rows[21][6] == "98"
    assert rows[22][0] == "评价等级" and rows[22][6] == "优"  # the grade under 自评得分


def test_union_without_indicators_gets_the_upper_part(rendered):
    document = Document(str(Workspace(rendered).document_path(2022, "零陵区总工会", SCORING_TABLE)))
    assert len(document.tables) == 2
    assert "分解目标自评" not in text_of(
        Workspace(rendered).document_path(2022, "零陵区总工会", SCORING_TABLE)
    )


def test_lingling_deviation_and_disclosure(rendered):
    text = text_of(Workspace(rendered).document_path(2022, "零陵区总工会", REPORT))
    assert "（三）人员经费全年执行133.70万元，较预算增加8.70万元。" in text
    assert "2022年度零陵区总工会无项目支出。" in text
    assert "单位（部门）绩效自评公开网址统计表" in text
    assert "116001\n零陵区总工会\n是\n零陵区财政局网址" in text


def test_yanfeng_changes_on_last_year(rendered):
    text = text_of(Workspace(rendered).document_path(2023, "雁峰区总工会", REPORT))
    assert "基本支出95.08万元，占整体支出的77.57%，比上年减少32.05万元，下降25.21%。" in text
    assert "（1）工资福利支出77.60万元，占基本支出的81.62%，比上年减少8.81万元，下降10.20%" in text
    assert (
        "2023年度本级全部资金收入271.37万元，完成收入预算的129.16%，比上年增加74.94万元，增长38.15%。"
        in text
    )


# For each union, figures its PDF must show: the report's whole expenditure and one computed figure
# each, and the scoring table's totals.
PDF_FIGURES = {
    "北塔区总工会": (
        ["149.35万元", "专项资金共计6.00万元", "预算比上年减少1.20万元", "一、部门概况"],
        ["149.35"],
    ),
    "南湖新区总工会": (
        ["63.11万元", "占基本支出的42.23%", "三、区本级其他财政性资金实施情况", "（未填写）"],
        ["63.11"],
    ),
    "浏阳市总工会": (
        [
            "358.52万元",
            "执行率129.40%",
            "占整体支出的86.80%",
            "占整体支出的13.20%",
            "占基本支出的97.34%",
            "占整体支出的71.69%",
            "占整体支出的15.11%",
            "自评得分98分",
            "自评得分98分，等级为优",
            "一、部门概况",
            "七、部门整体支出绩效评价等级",
        ],
        ["277.06", "358.52", "129.40%", "124.61%", "173.21%", "投入管理指标", "总分", "98"],
    ),
    "零陵区总工会": (
        ["482.96万元", "较预算增加343.95万元", "绩效自评公开网址统计表"],
        ["130.31", "482.96"],
    ),
    "雁峰区总工会": (["122.58万元", "下降25.21%", "完成收入预算的129.16%"], ["122.58"]),
}


@needs_libreoffice
@pytest.mark.parametrize("year, name", UNIONS)
def test_libreoffice_lays_out_every_document_with_its_figures(rendered, tmp_path, year, name):
    report_figures, table_figures = PDF_FIGURES[name]
    report = lay_out(Workspace(rendered).document_path(year, name, REPORT), tmp_path / "pdf")
    for figure in report_figures:
        assert report.shows(figure), figure
    assert not report.lost(), report.lost()
    table = lay_out(Workspace(rendered).document_path(year, name, SCORING_TABLE), tmp_path / "pdf")
    for figure in table_figures:
        assert table.shows(figure), figure
    assert not table.lost(), table.lost()


def test_official_format(rendered):
    from docx.oxml.ns import qn

    document = Document(str(Workspace(rendered).document_path(2022, "浏阳市总工会", REPORT)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    fonts = {}
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        fonts[name] = (
            style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")),
            style.font.size.pt,
        )
    assert fonts == {
        "Normal": ("仿宋_GB2312", 16),
        "Title": ("方正小标宋简体", 22),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
    }
    normal = document.styles["Normal"].paragraph_format
    assert (normal.line_spacing.pt, normal.first_line_indent.pt) == (28, 32)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer._p.xml
    table = Document(
        str(Workspace(rendered).document_path(2022, "浏阳市总工会", SCORING_TABLE))
    ).sections[0]
    assert table.page_width > table.page_height  # landscape


def test_hostile_text_renders_literally(tmp_path):
    root = make_project(tmp_path, years=(2022,))
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("资产管理: ")
    end = text.index("\n", start)
    text = text[:start] + "资产管理: '{{ 7*7 }} <w:p>&amp; & ]]> {% if x %}'" + text[end:]
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["2022", "--root", str(root), "--union", "浏阳市总工会"])
    assert result.exit_code == 0, result.output
    report = text_of(Workspace(root).document_path(2022, "浏阳市总工会", REPORT))
    assert "{{ 7*7 }} <w:p>&amp; & ]]> {% if x %}。" in report


def test_errors_leave_previous_output_untouched(tmp_path):
    root = make_project(tmp_path, years=(2022,))
    runner = CliRunner()
    assert runner.invoke(main, ["2022", "--root", str(root)]).exit_code == 0
    report = Workspace(root).document_path(2022, "浏阳市总工会", REPORT)
    before = report.read_bytes()
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("执行: 8.28", "执行: -8.28"), encoding="utf-8"
    )
    result = runner.invoke(main, ["2022", "--root", str(root)])
    assert result.exit_code == 1
    assert "浏阳市总工会：有1个错误，未生成（原有文件保持不变）。" in result.output
    assert "零陵区总工会：已是最新（数据、模板和程序都没有改动），未重新生成。" in result.output
    assert (
        result.output.splitlines()[-1] == "共3个单位：生成0个，已是最新2个，未生成1个，警告10条。"
    )
    assert report.read_bytes() == before
    assert not list(report.parent.glob(".*.tmp"))


def test_missing_name_in_template_names_template_and_name(tmp_path):
    from docxtpl import DocxTemplate

    template = tmp_path / "坏模板.docx"
    document = Document()
    document.add_paragraph("{{ 单位名称 }}{{ 不存在的名称 }}")
    document.save(str(template))
    assert DocxTemplate  # the template is a plain .docx, as a clerk would save it
    with pytest.raises(TemplateError) as caught:
        render_document(template, {"单位名称": "浏阳市总工会"})
    assert (
        str(caught.value)
        == f"模板“{template}”使用了数据中没有的名称：“不存在的名称”。请检查模板中的拼写。"
    )


def test_unknown_union_is_explained(tmp_path):
    root = make_project(tmp_path, years=(2022,))
    result = CliRunner().invoke(main, ["2022", "--root", str(root), "--union", "不存在总工会"])
    assert result.exit_code == 1
    assert "2022年度没有名为“不存在总工会”的单位" in result.output


def test_rendering_twice_gives_identical_bytes(tmp_path):
    root = make_project(tmp_path, years=(2022,))
    runner = CliRunner()
    assert runner.invoke(main, ["2022", "--root", str(root)]).exit_code == 0
    documents = "output/2022/**/*"  # the prepared templates in output/.cache are not documents
    first = {p: p.read_bytes() for p in sorted(root.glob(documents)) if p.is_file()}
    time.sleep(2.1)  # zip timestamps have a 2-second resolution: a later run must not differ
    assert runner.invoke(main, ["2022", "--root", str(root), "--force"]).exit_code == 0
    second = {p: p.read_bytes() for p in sorted(root.glob(documents)) if p.is_file()}
    assert len(first) == 3 * (3 + 3 + 1)  # per union: three documents, their twins, a stamp
    assert first == second


HOSTILE = (
    "{{ 7*7 }}{% for x in range(10**9) %}x{% endfor %}{# 注释 #}{{ 单位名称 }}"
    "</w:t></w:r><w:r><w:t>注入</w:t></w:r></w:p><w:p><![CDATA[甲]]>乙]]>&amp;&lt;丙😀👨‍👩‍👧"
)


@needs_libreoffice
def test_hostile_text_and_names_render_literally_and_open_in_libreoffice(tmp_path, example_text):
    """Jinja, Word XML, `]]>`, emoji and a 30,000-character paragraph in texts and names come out
    as typed; control characters are dropped with a warning naming file and line."""
    root = make_project(tmp_path / "project", years=())
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    path.parent.mkdir(parents=True)
    quoted = '"' + HOSTILE.replace('"', '\\"') + '"'
    long_paragraph = "很长的段落，" * 5000 + "完。"
    text = (
        example_text.replace("年度: 2022\n", f"年度: 2022\n前言: {quoted}\n", 1)
        .replace("其他说明: 无\n", f"其他说明: {long_paragraph}\n", 1)
        .replace("  - 预算编制准确性有待提高\n", "  - 预算编制\x07准确性\x0b有待提高\x1b\n", 1)
        .replace("- 名称: 工会规范化建设经费\n", f"- 名称: {quoted}\n", 1)
        .replace("      公用经费:\n", f"      {quoted}:\n", 1)
    )
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["2022", "--root", str(root)])
    assert result.exit_code == 0, result.output
    line = text.split("\n").index("  - 预算编制\x07准确性\x0b有待提高\x1b") + 1
    assert (
        f"  警告 {path}:{line}：含有不可见的控制字符（U+0007、U+000B、U+001B），已删除；"
        "请检查是否从别处粘贴时带入。"
    ) in result.output.splitlines()

    report = Workspace(root).document_path(2022, "浏阳市总工会", REPORT)
    written = text_of(report)
    assert HOSTILE in written  # 前言
    assert "项目支出47.32万元，占整体支出的13.20%" in written
    assert f"{HOSTILE}47.32万元，预算" not in written  # one project: no number, no share
    assert f"\n{HOSTILE}47.32万元。" in written  # a project's name
    assert f"（2）{HOSTILE}8.28万元，占基本支出的2.66%" in written  # a 明细 key
    assert "（一）预算编制准确性有待提高。" in written
    assert long_paragraph in written

    pdf = lay_out(report, tmp_path / "pdf")
    for part in [
        "{{ 7*7 }}{% for x in range(10**9) %}x{% endfor %}{# 注释 #}{{ 单位名称 }}",
        "</w:t></w:r><w:r><w:t>注入</w:t></w:r></w:p><w:p><![CDATA[甲]]>乙]]>&amp;&lt;丙",
        "（一）预算编制准确性有待提高。",
        "很长的段落，很长的段落，",
        "很长的段落，完。",
    ]:
        assert pdf.shows(part), part
    assert not pdf.lost(), pdf.lost()
    assert pdf.drawn.count("很") == written.count("很") >= 5000  # the whole paragraph, many pages
    table = lay_out(
        Workspace(root).document_path(2022, "浏阳市总工会", SCORING_TABLE), tmp_path / "pdf"
    )
    assert table.shows("358.52")
    assert not table.lost(), table.lost()
