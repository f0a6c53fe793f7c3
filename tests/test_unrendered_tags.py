"""A tag a clerk types where docxtpl never fills it in (a Word comment, an endnote, a document
property other than 标题, 主题, 作者 and 备注) would stay in every generated file as typed: 模板检查
and every run that prepares the template refuse it, naming the template, the place and what to do."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main
from genreport.workspace import SCORING_TABLE
from own_template import own_scoring_table, shipped_scoring_parts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _comment(number: int, text: str) -> str:
    return (
        f'<w:comment w:id="{number}" w:author="办事员" w:initials="B"><w:p><w:r><w:t>{text}'
        "</w:t></w:r></w:p></w:comment>"
    )


def commented(root: Path, comments: list[str], keywords: str = "") -> Path:
    """The shipped scoring table with Word comments (as Word writes them: a comments part, its
    relationship and content type) and the 关键词 property, as the folder's own template."""
    parts = shipped_scoring_parts()
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W_NS}">'
        + "".join(_comment(i, text) for i, text in enumerate(comments))
        + "</w:comments>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdC1" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_TYPE}"/></Types>',
    ).encode()
    if keywords:
        core = parts["docProps/core.xml"].decode()
        core = re.sub(r"<cp:keywords\s*/>|<cp:keywords>.*?</cp:keywords>", "", core)
        parts["docProps/core.xml"] = core.replace(
            "</cp:coreProperties>", f"<cp:keywords>{keywords}</cp:keywords></cp:coreProperties>"
        ).encode()
    return own_scoring_table(root, parts)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


COMMENT = (
    "第2条批注中有标记“{{ 单位名称 }}”：批注不会被填写，生成的文件中会原样留下这个标记。"
    "请把标记移到正文中，或删除这条批注。模板中的标记只能写在正文（包括表格和文本框）、页眉、页脚和脚注中。"
)
KEYWORDS = (
    "文档属性“关键词”中有标记“{{ 年度 }}”：这一属性不会被填写，生成的文件中会原样留下这个标记。"
    "请在Word或WPS的“文件 → 属性”中删除这个标记；文档属性中只有标题、主题、作者和备注里的标记会被填写。"
)


def test_a_tag_in_a_comment_or_a_property_left_as_typed_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    shipped = run("模板检查", "2023", "--root", str(tmp_path))
    assert "不会被填写" not in shipped.output  # the shipped templates have no such tag
    path = commented(tmp_path, ["请核对", "{{ 单位名称 }}"], keywords="{{ 年度 }}")
    result = run("模板检查", "2023", "--root", str(tmp_path))
    lines = result.output.splitlines()
    assert f"{path}：" in lines
    assert f"  标记写错：{COMMENT}" in lines
    assert f"  标记写错：{KEYWORDS}" in lines
    rendered = run("2023", "--root", str(tmp_path))
    assert rendered.exit_code != 0
    assert f"模板“{path}”中{COMMENT}" in rendered.output
    assert not (
        tmp_path / "output" / "2023" / "示例区总工会" / f"2023年度{SCORING_TABLE}.docx"
    ).exists()


def test_a_comment_without_a_tag_is_no_fault(tmp_path):
    commented(tmp_path, ["请核对“单位名称”和{年度}"])
    result = run("模板检查", "2023", "--root", str(tmp_path))
    assert "批注" not in result.output
    assert run("2023", "--root", str(tmp_path)).exit_code == 0
