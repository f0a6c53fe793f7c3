"""A template a clerk restyled in Word or WPS: a `{%tr for %}` dragged into another table, or a
`{%p if %}` and its `{%p endif %}` left in different cells, is refused by 模板检查 and by every
run that prepares it, saying where the pair was split."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from genreport.cli.app import main
from own_template import own_scoring_table, shipped_scoring_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def restyled(root: Path, moves: list[tuple[str, int, int, int]]) -> Path:
    """The shipped scoring table with each tag's text moved into (table, row, column), as a cut and
    paste in Word leaves it; written as the folder's own template."""
    parts = shipped_scoring_parts()
    tree = etree.fromstring(parts["word/document.xml"])
    tables = list(tree.iter(f"{W}tbl"))
    texts = list(tree.iter(f"{W}t"))
    after = -1  # each tag is the first of its text after the tag moved before it (an endif is
    for tag, table, row, column in moves:  # the one closing the if just moved, not an earlier one)
        at = next(i for i, t in enumerate(texts) if t.text == tag and i > after)
        text, after = texts[at], at
        text.text = ""
        cell = tables[table - 1].findall(f"{W}tr")[row - 1].findall(f"{W}tc")[column - 1]
        paragraph = cell.find(f"{W}p")
        run = etree.SubElement(paragraph, f"{W}r")
        etree.SubElement(run, f"{W}t").text = tag
    parts["word/document.xml"] = etree.tostring(
        tree, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    return own_scoring_table(root, parts)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_row_loop_moved_into_another_table_is_refused_with_both_places(tmp_path):
    (tmp_path / "data").mkdir()
    shipped = run("模板检查", "2023", "--root", str(tmp_path))
    assert "拆开" not in shipped.output  # the shipped templates pair every tag in place
    path = restyled(tmp_path, [("{%tr for r in 指标行 %}", 2, 1, 1)])
    result = run("模板检查", "2023", "--root", str(tmp_path))
    message = (
        "成对的表格行标记被拆开了：“{%tr for r in 指标行 %}”在正文第2个表格，对应的"
        "“{%tr endfor %}”却在正文第3个表格。这两个标记必须在同一个表格中，否则生成的文件中"
        "表格会消失或段落会重复。请在Word或WPS中把它们移回同一处。"
    )
    assert f"{path}：" in result.output.splitlines()
    assert f"  标记写错：{message}" in result.output.splitlines()
    rendered = run("2023", "--root", str(tmp_path))
    assert rendered.exit_code != 0
    assert message in rendered.output


def test_a_paragraph_if_and_its_endif_in_different_cells_are_refused(tmp_path):
    path = restyled(tmp_path, [("{%p if 指标行 %}", 1, 1, 1), ("{%p endif %}", 1, 2, 1)])
    result = run("模板检查", "2023", "--root", str(tmp_path))
    assert f"{path}：" in result.output.splitlines()
    assert (
        "  标记写错：成对的段落标记被拆开了：“{%p if 指标行 %}”在正文第1个表格第1行第1列，"
        "对应的“{%p endif %}”却在正文第1个表格第2行第1列。这两个标记必须在同一个单元格、文本框或脚注"
        "（或同在表格外的正文）中，否则生成的文件中表格会消失或段落会重复。"
        "请在Word或WPS中把它们移回同一处。"
    ) in result.output.splitlines()
