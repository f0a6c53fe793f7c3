"""`genreport 导入` of a PDF report whose figures stand in ruled tables: a .docx with real Word
tables, printed to PDF by the real LibreOffice, imports into the same figures as the .docx itself,
its tables read by their rules: labels wrapped in narrow cells read whole, a 一级 cell merged down
over its rows read in each, a 自评表 running over page breaks (its header row repeated atop each
page, a row broken by the page, a merged cell going on over the break) read as one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from drafts import imported
from libreoffice import convert, needs_libreoffice

TITLE = "2024年度示范县总工会部门整体支出绩效自评报告"
PARAGRAPHS = [
    "一、部门基本情况",
    # quotation marks, which LibreOffice's PDF draws apart from their line, in another font
    "主要职能是：按照经费使用“三服务”原则，维护职工合法权益；组织职工参加“五一”劳动竞赛。",
    "（二）人员情况",
    "年末在职人员12人，其中：行政人员7人，事业人员5人；退休人员3人。",
    "二、部门整体支出情况",
]
MONEY = [
    ["", "全年预算数", "全年执行数", "执行率"],
    ["资金结构：（1）基本支出", "120.00", "118.50", "98.75%"],
    ["（2）项目支出", "40.00", "36.20", "90.5%"],
]
FIRSTS = ("产出指标", "效益指标")
SECONDS = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "满意度指标")


def _score_rows() -> list[list[str]]:
    """Enough rows for two pages, each 三级 long enough to wrap in its narrow column."""
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"]]
    for n in range(1, 25):
        second = SECONDS[n % len(SECONDS)]
        weight = 2 + n % 4
        rows.append([
            FIRSTS[n > 12], f"{second}（{weight}）",
            f"组织开展第{n}项困难职工帮扶和职工服务工作（{weight}分）",
            f"不少于{100 + n}人次", f"{200 + n}人次", "", str(weight - n % 2),
        ])  # fmt: skip
    return rows


def _table(document, rows: list[list[str]], widths: list[float], header: bool) -> Any:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.autofit = False
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text, width in zip(row.cells, cells, widths, strict=True):
            cell.text = text
            cell.width = Cm(width)
    if header:  # Word's 标题行重复: the first row printed again atop each page
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    return table


def _merge_down(table: Any, column: int) -> None:
    """Each run of one text down `column` made one merged cell, its text once (Word's 合并单元格)."""
    rows = table.rows
    start = 1
    for end in range(2, len(rows) + 1):
        text = rows[start].cells[column].text
        if end < len(rows) and rows[end].cells[column].text == text:
            continue
        for row in rows[start + 1 : end]:
            row.cells[column].text = ""
        table.cell(start, column).merge(table.cell(end - 1, column))
        table.cell(start, column).text = text
        start = end


def _report(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(TITLE)
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    _table(document, MONEY, [3.0, 3.0, 3.0, 3.0], header=False)
    document.add_paragraph("三、部门整体支出绩效情况")
    scores = _table(document, _score_rows(), [2.0, 2.2, 2.6, 2.4, 2.4, 1.4, 1.4], header=True)
    _merge_down(scores, 0)  # one 一级 cell over its rows
    document.add_paragraph("四、存在的问题")
    # a paragraph long enough to run over a page break (past the page's number, if any)
    document.add_paragraph(
        "预算执行进度不均衡，" + "部分项目资金拨付滞后于工作进度，" * 60 + "资金使用效益有待提高。"
    )
    document.save(path)
    return path


def _scores(data: dict) -> list[tuple[str, str, float, float]]:
    return [
        (first["一级"], third["名称"], third["分值"], third["得分"])
        for first in data["自评表"]["指标"]
        for second in first["二级"]
        for third in second["三级"]
    ]


@needs_libreoffice
def test_a_pdf_reads_its_ruled_tables_as_the_docx_does(tmp_path):
    from pypdf import PdfReader

    source = _report(tmp_path / "报告.docx")
    pdf = convert(source, "pdf", tmp_path / "pdf")
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert sum("一级指标" in text for text in pages) >= 2  # the header row printed again
    want, _ = imported(source, tmp_path)
    got, text = imported(pdf, tmp_path)
    expected = [
        (FIRSTS[n > 12], f"组织开展第{n}项困难职工帮扶和职工服务工作", 2 + n % 4, 2 + n % 4 - n % 2)
        for n in range(1, 25)
    ]
    assert _scores(want) == expected
    assert want["概况"]["职能"][0] == "按照经费使用“三服务”原则，维护职工合法权益"
    assert len(want["存在问题"]) == 1
    assert want["概况"]["人员"]["在职构成"] == {"行政人员": 7, "事业人员": 5}
    assert _scores(got) == expected
    assert got == want
    assert "出处：报告.pdf 第1页表2第2行：“产出指标 质量指标（3） 组织开展第1项" in text
    # the money table's rows, read by their columns, wait in 待核对 for their parts
    assert "#   - 报告.pdf 第1页表1第2行：“（1）基本支出（预算：120）”" in text
    assert "#   - 报告.pdf 第1页表1第2行：“（1）基本支出（执行：118.5）”" in text


def _drawn_pdf(path: Path, content: str) -> Path:
    """A one-page PDF drawing `content` (operators) with Helvetica as /F1."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })  # fmt: skip
    stream = DecodedStreamObject()
    stream.set_data(content.encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    writer.write(path)
    return path


def _text(x: float, y: float, words: str) -> str:
    return f"BT /F1 9 Tf 1 0 0 1 {x} {y} Tm ({words}) Tj ET"


def test_rules_drawn_as_thin_filled_boxes_make_a_table_and_a_shaded_box_does_not(tmp_path):
    """Word's 另存为PDF draws a table's borders as thin filled boxes; a shaded paragraph is a
    wide filled box, which frames no cells."""
    from pypdf import PdfReader

    from genreport.importing.pdf_tables import document_items, read_page

    rules = [f"100 {y} 300 0.5 re f" for y in (700, 680, 660)]  # across
    rules += [f"{x} 660 0.5 40.5 re f" for x in (100, 200, 300, 400)]  # down, 3 columns
    shade = "0.9 g 100 500 300 60 re f 300 500 200 60 re f 0 g"  # two shaded boxes side by side
    cells = [_text(105, 685, "Item"), _text(205, 685, "2023"), _text(305, 685, "2024")]
    cells += [_text(105, 665, "Fees"), _text(205, 665, "1.5"), _text(305, 665, "2.0")]
    words = [_text(105, 530, "Shaded"), _text(305, 530, "words"), _text(105, 300, "After")]
    pdf = _drawn_pdf(tmp_path / "t.pdf", "\n".join([shade, *rules, *cells, *words]))
    page = read_page(PdfReader(pdf).pages[0])
    assert [t.rows for t in page.tables] == [[["Item", "2023", "2024"], ["Fees", "1.5", "2.0"]]]
    items = document_items([page])[0]
    assert items is not None
    assert [i if isinstance(i, str) else i.cells for i in items] == [
        ["Item", "2023", "2024"], ["Fees", "1.5", "2.0"], "Shaded words", "After",
    ]  # fmt: skip
