"""Word/WPS-like edits to every shipped template (a tag moved to another paragraph, cell, table or
the footer, split across runs, a closing tag deleted, a loop row duplicated, cells merged, the
table grid deleted, a tag in a field code, a hyperlink or a text box, a table nested in a cell):
`模板检查` and a render of the bundled example each either succeed or end in a Chinese template
message naming the template, never `内部错误`, a traceback or a hang. Seeded and bounded."""

from __future__ import annotations

import copy
import io
import random
import re
import shutil
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from genreport.cli.app import main
from genreport.documents.context import build_context
from genreport.documents.engine import check_template, render_with_text
from genreport.errors import TemplateError
from genreport.pipeline import check_union
from genreport.workspace import REPORT, shipped_templates

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "2023" / "示例区总工会.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
V = "{urn:schemas-microsoft-com:vml}"
TAG = re.compile(r"\{[{%].*?[}%]\}")
DOCUMENT, FOOTER, FOOTNOTES = "word/document.xml", "word/footer1.xml", "word/footnotes.xml"
# Two footnotes, as Word saves them (docxtpl renders footnotes: such a template is not prepared)
NOTES = (
    f'<w:footnotes xmlns:w="{W[1:-1]}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
    '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>注一</w:t></w:r>'
    '</w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>注二</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
Parts = dict[str, etree._Element]


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {f"{W}{k}": v for k, v in attrs.items()})
    element.text = text
    return element


def _run(text: str) -> etree._Element:
    run = etree.Element(f"{W}r")
    _el(run, f"{W}t", text).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _tagged_texts(parts: Parts) -> list[etree._Element]:
    return [t for part in parts.values() for t in part.iter(f"{W}t") if TAG.search(t.text or "")]


def _cut_tag(rng: random.Random, parts: Parts) -> str | None:
    """A tag's text taken out of its run, as a cut in Word leaves it."""
    texts = _tagged_texts(parts)
    if not texts:
        return None
    text = rng.choice(texts)
    found = rng.choice(list(TAG.finditer(text.text or "")))
    text.text = (text.text or "")[: found.start()] + (text.text or "")[found.end() :]
    return found.group()


def _paragraphs(parts: Parts) -> list[etree._Element]:
    return [p for part in parts.values() for p in part.iter(f"{W}p")]


def _target(rng: random.Random, parts: Parts) -> etree._Element:
    """A paragraph to paste into: the footer's or a footnote's as often as a table's or the body's."""
    notes = [name for name in (FOOTER, FOOTNOTES) if name in parts]
    part = parts[rng.choice(notes)] if notes and rng.random() < 0.3 else parts[DOCUMENT]
    return rng.choice(list(part.iter(f"{W}p")))


def move_tag(rng: random.Random, parts: Parts) -> str:
    tag = _cut_tag(rng, parts)
    target = _target(rng, parts)
    if tag is not None:
        target.append(_run(tag))
    return f"moved {tag!r}"


def move_tag_to_new_paragraph(rng: random.Random, parts: Parts) -> str:
    tag = _cut_tag(rng, parts)
    target = _target(rng, parts)
    paragraph = etree.Element(f"{W}p")
    paragraph.append(_run(tag or ""))
    target.addnext(paragraph)
    return f"moved {tag!r} into a paragraph of its own"


def move_paragraph(rng: random.Random, parts: Parts) -> str:
    """A paragraph holding a tag cut and pasted elsewhere (another cell, table, the footer)."""
    text = rng.choice(_tagged_texts(parts))
    paragraph = next(text.iterancestors(f"{W}p"))
    target = _target(rng, parts)
    if target is paragraph or paragraph in target.iterancestors():
        return "not moved"
    target.addnext(paragraph)
    return f"moved the paragraph of {text.text!r}"


def split_tag(rng: random.Random, parts: Parts) -> str:
    """A tag's run split in two at any character, with Word's proofing mark between the halves."""
    texts = _tagged_texts(parts)
    text = rng.choice(texts)
    run = text.getparent()
    at = rng.randrange(1, len(text.text or "x"))
    rest = copy.deepcopy(run)
    rest_text = rest.find(f"{W}t")
    rest_text.text = (text.text or "")[at:]
    text.text = (text.text or "")[:at]
    run.addnext(rest)
    if rng.random() < 0.5:
        run.addnext(etree.Element(f"{W}proofErr", {f"{W}type": "spellStart"}))
    return f"split {text.text!r}|{rest_text.text!r}"


def delete_closing(rng: random.Random, parts: Parts) -> str:
    texts = [t for t in _tagged_texts(parts) if re.search(r"\{%-?\s*\w*\s*end", t.text or "")]
    if not texts:
        return "no closing tag"
    text = rng.choice(texts)
    text.text = re.sub(r"\{%-?\s*\w*\s*end\w+\s*-?%\}", "", text.text or "", count=1)
    return "deleted a closing tag"


def mangle_tag(rng: random.Random, parts: Parts) -> str:
    """One character of a tag deleted (a stray backspace)."""
    text = rng.choice(_tagged_texts(parts))
    found = rng.choice(list(TAG.finditer(text.text or "")))
    at = rng.randrange(found.start(), found.end())
    removed = (text.text or "")[at]
    text.text = (text.text or "")[:at] + (text.text or "")[at + 1 :]
    return f"deleted {removed!r} of {found.group()!r}"


def _rows(parts: Parts, tagged: str = "") -> list[etree._Element]:
    rows = [r for part in parts.values() for r in part.iter(f"{W}tr")]
    return [r for r in rows if tagged in "".join(r.itertext())] or rows


def duplicate_row(rng: random.Random, parts: Parts) -> str:
    rows = _rows(parts, "{%tr")
    if not rows:
        return "no row"
    row = rng.choice(rows)
    row.addnext(copy.deepcopy(row))
    return "duplicated a row"


def merge_cells(rng: random.Random, parts: Parts) -> str:
    """Two neighbouring cells of a row merged (their paragraphs kept, as Word does), or a cell
    merged into the one above."""
    rows = [r for r in _rows(parts, "{") if len(r.findall(f"{W}tc")) >= 2]
    if not rows:
        return "no row"
    row = rng.choice(rows)
    cells = row.findall(f"{W}tc")
    at = rng.randrange(len(cells) - 1)
    left, right = cells[at], cells[at + 1]
    if rng.random() < 0.5:
        for paragraph in right.findall(f"{W}p"):
            left.append(paragraph)
        row.remove(right)
        properties = left.find(f"{W}tcPr")
        if properties is None:
            properties = etree.Element(f"{W}tcPr")
            left.insert(0, properties)
        span = properties.find(f"{W}gridSpan")
        width = 1 if span is None else int(span.get(f"{W}val", "1"))
        if span is not None:
            properties.remove(span)
        properties.insert(0, etree.Element(f"{W}gridSpan", {f"{W}val": str(width + 1)}))
        return "merged two cells of a row"
    properties = left.find(f"{W}tcPr")
    if properties is None:
        properties = etree.Element(f"{W}tcPr")
        left.insert(0, properties)
    properties.append(etree.Element(f"{W}vMerge"))
    return "merged a cell into the one above"


def delete_grid(rng: random.Random, parts: Parts) -> str:
    tables = [t for part in parts.values() for t in part.iter(f"{W}tbl")]
    if not tables:
        return "no table"
    table = rng.choice(tables)
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return "no grid"
    if rng.random() < 0.5:
        table.remove(grid)
        return "deleted a table's grid"
    for column in grid:
        column.attrib.pop(f"{W}w", None)
    return "deleted a table's column widths"


def column_loop(rng: random.Random, parts: Parts) -> str:
    """A `{%tc for %}` column loop added to a row (what a clerk copies from docxtpl's examples)."""
    rows = _rows(parts)
    if not rows:
        return "no row"
    row = rng.choice(rows)
    items = rng.choice(["资金来源", "[]", "[1, 2, 3, 4, 5, 6, 7, 8]"])
    for text in (f"{{%tc for x in {items} %}}", "{{ x }}", "{%tc endfor %}"):
        cell = _el(row, f"{W}tc")
        _el(cell, f"{W}p").append(_run(text))
    if rng.random() < 0.5:
        delete_grid(rng, parts)
    return f"added a column loop over {items}"


def _wrap(rng: random.Random, parts: Parts, wrap: Callable[[etree._Element], None]) -> str:
    text = rng.choice(_tagged_texts(parts))
    run = text.getparent()
    if run.tag != f"{W}r":
        return "not in a run"
    wrap(run)
    return repr(text.text)


def in_field(rng: random.Random, parts: Parts) -> str:
    """A tag made a field's code (Insert > Field), between the field's begin and end marks."""

    def wrap(run: etree._Element) -> None:
        text = run.find(f"{W}t")
        text.tag = f"{W}instrText"
        for kind in ("begin", "separate", "end"):
            mark = etree.Element(f"{W}r")
            _el(mark, f"{W}fldChar", fldCharType=kind)
            if kind == "begin":
                run.addprevious(mark)
            else:
                run.addnext(mark) if kind == "separate" else run.getnext().addnext(mark)

    return "field code " + _wrap(rng, parts, wrap)


def in_hyperlink(rng: random.Random, parts: Parts) -> str:
    def wrap(run: etree._Element) -> None:
        link = etree.Element(f"{W}hyperlink", {f"{W}anchor": "_Toc1", f"{W}history": "1"})
        run.addprevious(link)
        link.append(run)

    return "hyperlink " + _wrap(rng, parts, wrap)


def in_text_box(rng: random.Random, parts: Parts) -> str:
    """A tag's paragraph moved into a text box (VML, as WPS saves one)."""
    text = rng.choice(_tagged_texts(parts))
    _into_text_box(next(text.iterancestors(f"{W}p")))
    return f"text box {text.text!r}"


def _into_text_box(paragraph: etree._Element) -> None:
    holder = etree.Element(f"{W}p")
    paragraph.addprevious(holder)
    pict = _el(_el(holder, f"{W}r"), f"{W}pict")
    box = etree.SubElement(etree.SubElement(pict, f"{V}shape"), f"{V}textbox")
    _el(box, f"{W}txbxContent").append(paragraph)


def nest_table(rng: random.Random, parts: Parts) -> str:
    tables = [t for t in parts[DOCUMENT].iter(f"{W}tbl")]
    if len(tables) < 1:
        return "no table"
    table = rng.choice(tables)
    cells = [c for c in parts[DOCUMENT].iter(f"{W}tc") if table not in c.iterancestors()]
    cells = [c for c in cells if c not in table.iter(f"{W}tc")]
    if not cells:
        return "no other cell"
    cell = rng.choice(cells)
    cell.insert(len(cell) - 1, table)
    return "nested a table in a cell"


def in_content_control(rng: random.Random, parts: Parts) -> str:
    """A tag's cell, row or paragraph wrapped in a content control (Developer > Controls)."""
    text = rng.choice(_tagged_texts(parts))
    kind = rng.choice(["tc", "tr", "p"])
    element = next(text.iterancestors(f"{W}{kind}"), None)
    if element is None:
        return "not wrapped"
    control = etree.Element(f"{W}sdt")
    _el(control, f"{W}sdtPr")
    element.addprevious(control)
    _el(control, f"{W}sdtContent").append(element)
    return f"content control around the {kind} of {text.text!r}"


def grid_in_other_units(rng: random.Random, parts: Parts) -> str:
    """A grid whose widths are written with a unit or a span that is not a number."""
    columns = [c for part in parts.values() for c in part.iter(f"{W}gridCol")]
    if not columns:
        return "no grid"
    rng.choice(columns).set(f"{W}w", rng.choice(["2.5cm", "auto", "", "-3"]))
    spans = [s for part in parts.values() for s in part.iter(f"{W}gridSpan")]
    if spans:
        rng.choice(spans).set(f"{W}val", rng.choice(["x", "0", "-1"]))
    return "widths in other units"


MUTATIONS = [
    move_tag,
    move_tag_to_new_paragraph,
    move_paragraph,
    split_tag,
    delete_closing,
    mangle_tag,
    duplicate_row,
    merge_cells,
    delete_grid,
    column_loop,
    in_field,
    in_hyperlink,
    in_text_box,
    nest_table,
    in_content_control,
    grid_in_other_units,
]


def _add_footnotes(raw: dict[zipfile.ZipInfo, bytes]) -> None:
    names = {info.filename: info for info in raw}
    types, rels = names["[Content_Types].xml"], names["word/_rels/document.xml.rels"]
    raw[types] = raw[types].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    raw[rels] = raw[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    raw[zipfile.ZipInfo(FOOTNOTES)] = NOTES.encode("utf-8")


def mutated(template: Path, target: Path, rng: random.Random, edits: int) -> list[str]:
    """The template with `edits` random edits, written to `target`; what was done."""
    with zipfile.ZipFile(template) as package:
        raw = {info: package.read(info) for info in package.infolist()}
    if rng.random() < 0.2:
        _add_footnotes(raw)
    names = {info.filename: info for info in raw}
    parts = {
        name: etree.fromstring(raw[names[name]])
        for name in (DOCUMENT, FOOTER, FOOTNOTES)
        if name in names
    }
    done = [rng.choice(MUTATIONS)(rng, parts) for _ in range(edits)]
    for name, tree in parts.items():
        raw[names[name]] = etree.tostring(
            tree, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in raw.items():
            package.writestr(info, data)
    return done


TEMPLATES = sorted(shipped_templates().glob("*/*.docx"))
PER_TEMPLATE = 20  # 7 templates: 140 restyled templates, each checked and rendered (~30 s)
CHINESE = re.compile(r"[\u4e00-\u9fff“]")


@pytest.fixture(scope="module")
def example() -> dict[str, object]:
    return build_context(check_union(EXAMPLE, 2023).view)


def _within(seconds: int) -> Callable[[], None]:
    """A hang ends the test (where the platform has alarms) instead of stalling CI."""
    if not hasattr(signal, "SIGALRM"):
        return lambda: None

    def stop(*_: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    return lambda: signal.alarm(0)


@pytest.mark.parametrize("seed", range(PER_TEMPLATE))
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: f"{t.parent.name}-{t.stem}")
def test_a_restyled_template_renders_or_is_refused_in_chinese(template, seed, example, tmp_path):
    rng = random.Random(f"{template.parent.name}/{template.name}/{seed}")
    path = tmp_path / template.parent.name / template.name
    edits = mutated(template, path, rng, rng.choice([1, 2, 3, 5, 8]))
    done = _within(30)
    try:
        report = check_template(path, [example])
        for fault in report.broken:
            assert CHINESE.match(fault), (edits, fault)
            assert "内部错误" not in fault and "Traceback" not in fault, (edits, fault)
        try:
            content, _ = render_with_text(path, example, tmp_path / "cache")
        except TemplateError as exc:
            assert str(exc).startswith(f"模板“{path}”"), (edits, str(exc))
            assert "内部错误" not in str(exc), (edits, str(exc))
        else:  # a document Word opens: every part well formed
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                for name in package.namelist():
                    if name.endswith((".xml", ".rels")):
                        etree.fromstring(package.read(name))
    finally:
        done()


# The two faults the issue names, end to end: the 长沙 report restyled in the folder's own outline.


def _own_report(root: Path, part: str, edit: Callable[[etree._Element], None]) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    path = root / "templates" / "长沙" / f"{REPORT}.docx"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(shipped_templates() / "长沙" / f"{REPORT}.docx") as package:
        raw = {info: package.read(info) for info in package.infolist()}
    (info,) = (i for i in raw if i.filename == part)
    tree = etree.fromstring(raw[info])
    edit(tree)
    raw[info] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for i, data in raw.items():
            package.writestr(i, data)
    return path


def _refused(root: Path, path: Path, message: str) -> None:
    """`模板检查` and a render both say `message`; the other unions' documents are made."""
    runner = CliRunner()
    checked = runner.invoke(main, ["模板检查", "2022", "--root", str(root)])
    assert checked.exit_code == 1, checked.output
    assert f"{path}：" in checked.output.splitlines()
    assert f"  标记写错：{message}" in checked.output.splitlines()
    rendered = runner.invoke(main, ["2022", "--root", str(root)])
    assert rendered.exit_code == 1
    assert f"浏阳市总工会：未生成。模板“{path}”中{message}" in rendered.output.splitlines()
    assert "内部错误" not in checked.output + rendered.output
    made = sorted(p.parent.name for p in (root / "output" / "2022").glob(f"*/*{REPORT}.docx"))
    assert made == ["南湖新区总工会", "零陵区总工会"]


@pytest.mark.parametrize("grid", ["widths", "grid"])
def test_a_column_loop_over_a_grid_without_widths_is_refused_where_it_is(tmp_path, grid):
    def edit(document: etree._Element) -> None:
        table = next(document.iter(f"{W}tbl"))
        if grid == "grid":
            table.remove(table.find(f"{W}tblGrid"))
        for column in table.iter(f"{W}gridCol"):
            del column.attrib[f"{W}w"]
        row = table.find(f"{W}tr")
        for text in ("{%tc for x in 三公经费.非零明细 %}", "{{ x.名称 }}", "{%tc endfor %}"):
            _el(_el(row, f"{W}tc"), f"{W}p").append(_run(text))

    path = _own_report(tmp_path, DOCUMENT, edit)
    _refused(
        tmp_path,
        path,
        "正文第1个表格有按列重复的标记“{%tc for x in 三公经费.非零明细 %}”，但这个表格没有记录"
        "各列的宽度（表格网格缺少列宽），生成时无法为重复出的列分配宽度。请在Word或WPS中选中"
        "这个表格，在“表格属性”中为每一列设定宽度后保存（或把内容复制到新插入的表格中）。",
    )


@pytest.mark.parametrize("width", ["1e400", "INF"])
def test_a_column_loop_beside_a_width_that_is_no_finite_number_is_refused(example, tmp_path, width):
    """A width that is no finite number of twips counts as none wide, as one in another unit does:
    the loop is refused in Chinese, where sharing it out stopped the rendering with a ValueError."""

    def edit(document: etree._Element) -> None:
        table = next(document.iter(f"{W}tbl"))
        next(table.iter(f"{W}gridCol")).set(f"{W}w", width)
        row = table.find(f"{W}tr")
        for text in ("{%tc for x in [1, 2, 3] %}", "{{ x }}", "{%tc endfor %}"):
            _el(_el(row, f"{W}tc"), f"{W}p").append(_run(text))

    path = _own_report(tmp_path, DOCUMENT, edit)
    published = {"是否公开": "是", "网址": "", "联系人": "", "联系电话": "", "备注": ""}
    with pytest.raises(TemplateError) as refused:
        render_with_text(path, {**example, "公开": published}, tmp_path / "cache")
    assert str(refused.value) == (
        f"模板“{path}”中正文第1个表格有按列重复的标记“{{%tc for x in [1, 2, 3] %}}”，但这个表格"
        "没有记录各列的宽度（表格网格缺少列宽），生成时无法为重复出的列分配宽度。请在Word或WPS中选中"
        "这个表格，在“表格属性”中为每一列设定宽度后保存（或把内容复制到新插入的表格中）。"
    )


def test_a_paragraph_pair_split_by_a_text_box_in_the_footer_is_refused_where_it_is(tmp_path):
    def edit(footer: etree._Element) -> None:
        first = footer.find(f"{W}p")
        opened, closed = etree.Element(f"{W}p"), etree.Element(f"{W}p")
        opened.append(_run("{%p if not 机构 %}"))
        closed.append(_run("{%p endif %}"))
        first.addprevious(opened)
        first.addnext(closed)
        _into_text_box(opened)

    path = _own_report(tmp_path, FOOTER, edit)
    _refused(
        tmp_path,
        path,
        "成对的段落标记被拆开了：“{%p if not 机构 %}”在页脚第1个文本框，对应的“{%p endif %}”"
        "却在页脚（表格外）。这两个标记必须在同一个单元格、文本框或脚注（或同在表格外的正文）中，"
        "否则生成的文件中表格会消失或段落会重复。请在Word或WPS中把它们移回同一处。",
    )


def test_a_paragraph_pair_split_across_two_footnotes_is_refused(example, tmp_path):
    """docxtpl cut the footnotes part between the two: the second footnote was gone without a word."""
    path = tmp_path / f"{REPORT}.docx"
    with zipfile.ZipFile(shipped_templates() / "湖南" / f"{REPORT}.docx") as package:
        raw = {info: package.read(info) for info in package.infolist()}
    _add_footnotes(raw)
    notes = next(info for info in raw if info.filename == FOOTNOTES)
    raw[notes] = raw[notes].replace("注一".encode(), "{%p if not 机构 %}".encode())
    raw[notes] = raw[notes].replace("注二".encode(), b"{%p endif %}")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in raw.items():
            package.writestr(info, data)
    message = (
        "成对的段落标记被拆开了：“{%p if not 机构 %}”在第1条脚注，对应的“{%p endif %}”却在第2条脚注。"
        "这两个标记必须在同一个单元格、文本框或脚注（或同在表格外的正文）中，否则生成的文件中表格会"
        "消失或段落会重复。请在Word或WPS中把它们移回同一处。"
    )
    assert check_template(path, [example]).broken == [message]
    with pytest.raises(TemplateError) as refused:
        render_with_text(path, example, tmp_path / "cache")
    assert str(refused.value) == f"模板“{path}”中{message}"
