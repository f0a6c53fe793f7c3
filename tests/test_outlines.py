"""Outlines: listing them, a clerk's own copied outline, an unknown 提纲, and the template check."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from genreport.cli import main
from genreport.render import REPORT, document_path

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path) -> Path:
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_outlines_are_listed(tmp_path):
    root = make_project(tmp_path)
    result = run("提纲", "--root", str(root))
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if not line.startswith(" ")] == [
        "岳阳",
        "湖南",
        "邵阳",
        "长沙",
    ]


def test_a_copied_renamed_outline_works_without_code(tmp_path):
    root = make_project(tmp_path)
    shutil.copytree(root / "templates" / "湖南", root / "templates" / "我的提纲")
    data = root / "data" / "2022" / "零陵区总工会.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("年度: 2022\n", "年度: 2022\n提纲: 我的提纲\n", 1),
        encoding="utf-8",
    )
    result = run("2022", "--root", str(root), "--union", "零陵区总工会")
    assert result.exit_code == 0, result.output
    report = document_path(root, 2022, "零陵区总工会", REPORT)
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
    assert result.output.splitlines()[-1] == "共检查5个模板：0个有问题。"


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
    changsha = root / "templates" / "长沙" / "部门整体支出绩效自评报告.docx"
    _edit_template(changsha, "{{ 单位名称 }}", "{{ 单位名字 }}")
    _edit_template(changsha, "{{ 资产管理 or", "{{ 资产情况 or")
    yueyang = root / "templates" / "岳阳" / "部门整体支出绩效自评报告.docx"
    _edit_template(yueyang, "{{ 其他财政性资金 or '无。' }}", "{{ 其他财政性资金 or '无。' ")
    result = run("模板检查", "2022", "--root", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{changsha}：" in lines
    assert "  数据中没有名称“单位名字”，请检查拼写。" in lines
    assert "  数据中没有名称“资产情况”，请检查拼写。" in lines
    broken = [line for line in lines if line.startswith("  标记写错：")]
    assert len(broken) == 1 and "其他财政性资金" in broken[0]
    assert lines[-1] == "共检查5个模板：2个有问题。"


def test_rendering_with_a_broken_template_names_it_and_keeps_going(tmp_path):
    root = make_project(tmp_path)
    changsha = root / "templates" / "长沙" / "部门整体支出绩效自评报告.docx"
    _edit_template(changsha, "{{ 单位名称 }}", "{{ 单位名字 }}")
    result = run("2022", "--root", str(root))
    assert result.exit_code == 1
    assert (
        f"浏阳市总工会：未生成。模板“{changsha}”使用了数据中没有的名称：“单位名字”。请检查模板中的拼写。"
        in result.output.splitlines()
    )
    assert result.output.splitlines()[-1] == "共3个单位：生成2个，未生成1个，警告6条。"
