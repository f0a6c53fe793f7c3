"""Outlines: listing them, a clerk's own copied outline, an unknown 提纲, and the template check.

A scratch project holds only data: the shipped templates are used. A test that edits a template
edits the folder's own copy, which overrides the shipped one.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from genreport.cli.app import main
from genreport.workspace import (
    BASIC_DATA,
    PROJECT_TABLES,
    REPORT,
    RULES_FILE,
    SCORING_TABLE,
    Workspace,
    shipped_templates,
)

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def own_copy(root: Path, outline: str, document: str = REPORT) -> Path:
    """The folder's own copy of a shipped template, to edit as a clerk would."""
    own = root / "templates" / outline / f"{document}.docx"
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped_templates() / outline / f"{document}.docx", own)
    return own


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_outlines_are_listed_with_where_each_template_comes_from(tmp_path):
    root = make_project(tmp_path)
    own = own_copy(root, "湖南", SCORING_TABLE)
    result = run("提纲", "--root", str(root))
    assert result.exit_code == 0
    shipped = shipped_templates()
    common = [
        f"  {BASIC_DATA}：自带模板 {shipped / '湖南' / f'{BASIC_DATA}.docx'}",
        f"  {PROJECT_TABLES}：自带模板 {shipped / '湖南' / f'{PROJECT_TABLES}.docx'}",
    ]
    expected = []
    for outline in ("岳阳", "湖南", "邵阳", "长沙"):
        expected += [
            f"{outline}（自带）",
            f"  {REPORT}：自带模板 {shipped / outline / f'{REPORT}.docx'}",
            f"  {SCORING_TABLE}：本文件夹的模板 {own}",  # the common one, overridden
            *common,
            f"  评分规则：自带提纲“{outline}”的评分规则.yaml（财预〔2020〕10号）：项目表一级指标："
            "预算执行率10分、产出指标50分、效益指标30分、满意度指标10分；等级：优≥90、良≥80、中≥60",
        ]
    assert result.output.splitlines() == expected


def test_a_folders_own_template_overrides_the_shipped_one_document_by_document(tmp_path):
    root = make_project(tmp_path)
    own = own_copy(root, "湖南")
    document = Document(str(own))
    title = next(p for p in document.paragraphs if p.text == HUNAN_TITLE)
    title.runs[0].text = "{{ 年度 }}年度绩效自评报告（本地格式）"
    document.save(str(own))
    result = run("2022", "--root", str(root), "--union", "零陵区总工会")
    assert result.exit_code == 0, result.output
    report = Document(str(Workspace(root).document_path(2022, "零陵区总工会", REPORT)))
    titles = [p.text for p in report.paragraphs if p.style.name == "Title"]
    assert titles[:2] == ["零陵区总工会", "2022年度绩效自评报告（本地格式）"]
    table = Workspace(root).document_path(2022, "零陵区总工会", SCORING_TABLE)
    shipped_table = tmp_path / "shipped"
    (shipped_table / "data" / "2022").mkdir(parents=True)
    shutil.copy(root / "data" / "2022" / "零陵区总工会.yaml", shipped_table / "data" / "2022")
    assert run("2022", "--root", str(shipped_table)).exit_code == 0
    assert (
        table.read_bytes()
        == Workspace(shipped_table).document_path(2022, "零陵区总工会", SCORING_TABLE).read_bytes()
    )  # the scoring table still the shipped one


def test_a_copied_renamed_outline_works_without_code(tmp_path):
    root = make_project(tmp_path)
    copied = run("复制模板", "湖南", "--to", "我的提纲", "--root", str(root))
    assert copied.exit_code == 0, copied.output
    mine = root / "templates" / "我的提纲"
    assert copied.output.splitlines()[:6] == [
        f"{mine / f'{REPORT}.docx'}：已复制。",
        f"{mine / f'{SCORING_TABLE}.docx'}：已复制。",
        f"{mine / f'{BASIC_DATA}.docx'}：已复制。",
        f"{mine / f'{PROJECT_TABLES}.docx'}：已复制。",
        f"{mine / RULES_FILE}：已复制。",
        "在数据文件中写“提纲: 我的提纲”即可使用这个提纲。",
    ]
    listed = run("提纲", "--root", str(root)).output.splitlines()
    assert "我的提纲（本文件夹自己的）" in listed
    data = root / "data" / "2022" / "零陵区总工会.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("年度: 2022\n", "年度: 2022\n提纲: 我的提纲\n", 1),
        encoding="utf-8",
    )
    result = run("2022", "--root", str(root), "--union", "零陵区总工会")
    assert result.exit_code == 0, result.output
    report = Workspace(root).document_path(2022, "零陵区总工会", REPORT)
    headings = [p.text for p in Document(str(report)).paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、基本情况"


def test_unknown_outline_is_an_error_listing_the_known_ones(tmp_path):
    root = make_project(tmp_path)
    data = root / "data" / "2022" / "零陵区总工会.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("年度: 2022\n", "年度: 2022\n提纲: 株洲\n", 1),
        encoding="utf-8",
    )
    result = run("check", "2022", "--root", str(root))
    assert result.exit_code == 1
    assert (
        f"  错误 {data}:9 提纲：没有名为“株洲”的提纲（templates/株洲/ 中没有报告模板）。"
        "现有的提纲：岳阳、湖南、邵阳、长沙。"
    ) in result.output.splitlines()


def test_template_check_is_clean_for_every_shipped_outline(tmp_path):
    root = make_project(tmp_path)
    result = run("模板检查", "2022", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "共检查7个模板：0个有问题。"


def _edit_template(path: Path, old: str, new: str) -> None:
    """Change the text of a .docx template as a clerk would in Word."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)


def test_template_check_names_every_misspelled_name_and_broken_tag(tmp_path):
    root = make_project(tmp_path)
    changsha = own_copy(root, "长沙")
    _edit_template(changsha, "{{ 单位名称 }}", "{{ 单位名字 }}")
    _edit_template(changsha, "{{ 资产管理 or", "{{ 资产情况 or")
    yueyang = own_copy(root, "岳阳")
    _edit_template(
        yueyang,
        "{{ 其他财政性资金 or 未填写('其他财政性资金') }}",
        "{{ 其他财政性资金 or 未填写('其他财政性资金') ",
    )
    result = run("模板检查", "2022", "--root", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{changsha}：" in lines
    assert "  数据中没有名称“单位名字”，请检查拼写。" in lines
    assert "  数据中没有名称“资产情况”，请检查拼写。" in lines
    broken = [line for line in lines if line.startswith("  标记写错：")]
    assert len(broken) == 1 and "其他财政性资金" in broken[0]
    assert lines[-1] == "共检查7个模板：2个有问题。"


def test_rendering_with_a_broken_template_names_it_and_keeps_going(tmp_path):
    root = make_project(tmp_path)
    changsha = own_copy(root, "长沙")
    _edit_template(changsha, "{{ 单位名称 }}", "{{ 单位名字 }}")
    result = run("2022", "--root", str(root))
    assert result.exit_code == 1
    assert (
        f"浏阳市总工会：未生成。模板“{changsha}”使用了数据中没有的名称：“单位名字”。请检查模板中的拼写。"
        in result.output.splitlines()
    )
    assert result.output.splitlines()[-1] == "共3个单位：生成2个，未生成1个，警告16条。"


HUNAN_TITLE = "{{ 年度 }}年度部门整体支出绩效自评报告"


def _break_in_word(path: Path, fault: str) -> None:
    """Edit the 湖南 report's title paragraph with python-docx, as Word saves a clerk's edit."""
    document = Document(str(path))
    title = next(p for p in document.paragraphs if p.text == HUNAN_TITLE)
    run = title.runs[0]
    if fault == "unclosed":
        run.text = "{{ 年度 年度部门整体支出绩效自评报告"
    elif fault == "unknown filter":
        run.text = "{{ 年度|foo }}年度部门整体支出绩效自评报告"
    elif fault == "unclosed paragraph tag":
        tag = next(p for p in document.paragraphs if p.text == "{%p if 前言 %}")
        tag.runs[0].text = "{%p if 前言"
    elif fault == "split across runs":  # Word splits a tag where formatting or spell check changes
        run.text = "{"
        title.add_run("{ 年").italic = True
        title.add_run("度 }").bold = True
        title.add_run("}年度部门整体支出绩效自评报告")
    document.save(str(path))


BROKEN_TEMPLATES = {
    "unclosed": "有一个标记没有闭合：“{{”缺少对应的“}}”（出错处：{{ 年度 年度部门整体支出绩效自评报告）。"
    "标记必须在同一段落内写完整。",
    "unclosed paragraph tag": "有一个标记没有闭合：“{%”缺少对应的“%}”（出错处：{%p if 前言）。"
    "标记必须在同一段落内写完整。",
    "unknown filter": "没有名为“foo”的过滤器（“|”后面的名称），请删除“|foo”或改正拼写"
    "（出错处附近：{{ 年度|foo }}年度部门整体支出绩效自评报告{% if 前言 %}）",
}


@pytest.mark.parametrize("fault", sorted(BROKEN_TEMPLATES))
def test_a_template_broken_in_word_is_named_with_the_text_around_the_fault(tmp_path, fault):
    root = make_project(tmp_path)
    hunan = own_copy(root, "湖南")
    _break_in_word(hunan, fault)
    message = BROKEN_TEMPLATES[fault]

    checked = run("模板检查", "2022", "--root", str(root))
    assert checked.exit_code == 1
    lines = checked.output.splitlines()
    assert lines[lines.index(f"{hunan}：") + 1] == f"  标记写错：{message}"
    assert lines[-1] == "共检查7个模板：1个有问题。"

    rendered = run("2022", "--root", str(root))
    assert rendered.exit_code == 1
    assert "Traceback" not in rendered.output
    prefix = f"零陵区总工会：未生成。模板“{hunan}”中"
    expected = (
        f"{prefix}{message}"
        if message.startswith("有一个")
        else f"{prefix}有写错的标记：{message.replace('出错处附近', '出错处')}。"
    )
    assert expected in rendered.output.splitlines()
    assert not (root / "output" / "2022" / "零陵区总工会").exists()
    assert rendered.output.splitlines()[-1] == "共3个单位：生成2个，未生成1个，警告16条。"


def test_a_tag_word_split_across_runs_still_renders(tmp_path):
    root = make_project(tmp_path)
    hunan = own_copy(root, "湖南")
    _break_in_word(hunan, "split across runs")
    title = next(p for p in Document(str(hunan)).paragraphs if p.text == HUNAN_TITLE)
    assert [r.text for r in title.runs] == ["{", "{ 年", "度 }", "}年度部门整体支出绩效自评报告"]
    assert run("模板检查", "2022", "--root", str(root)).exit_code == 0
    assert run("2022", "--root", str(root)).exit_code == 0
    report = Workspace(root).document_path(2022, "零陵区总工会", REPORT)
    titles = [p.text for p in Document(str(report)).paragraphs if p.style.name == "Title"]
    assert titles[:2] == ["零陵区总工会", "2022年度部门整体支出绩效自评报告"]


def test_a_template_that_is_not_a_word_file_is_named(tmp_path):
    root = make_project(tmp_path)
    hunan = own_copy(root, "湖南")
    hunan.write_bytes(b"{\\rtf1 saved as RTF}")
    result = run("2022", "--root", str(root), "--union", "零陵区总工会")
    assert result.exit_code == 1
    assert (
        f"零陵区总工会：未生成。模板“{hunan}”不是有效的Word文件（.docx），可能已损坏或是另存为了其他格式。"
        "请用Word或WPS打开后另存为“Word文档（*.docx）”。"
    ) in result.output.splitlines()
    checked = run("模板检查", "2022", "--root", str(root))
    assert (
        "  标记写错：模板文件不是有效的Word文件（.docx），可能已损坏或是另存为了其他格式。"
        "请用Word或WPS打开后另存为“Word文档（*.docx）”。"
    ) in checked.output.splitlines()
