"""Starting a year: `genreport new` rolls last year's files forward, `genreport init` writes a blank
file with every key."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import typing
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genreport.cli.app import main
from genreport.contract.describe import contract_fields, unwrap_optional
from genreport.contract.model import UnionYear
from genreport.pipeline import check_union
from genreport.reading.load import load_union
from genreport.reading.source import Mapping, read_source
from genreport.scaffold.yamlwriter import YamlMap, dump
from genreport.workspace import REPORT, Workspace, readable, twin_path, unsafe_name

REPO = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def fill_with_last_year(text: str) -> str:
    """Every blank a new file leaves, filled with last year's figure (as if nothing changed)."""
    text = re.sub(r"(?m)^( *)执行:\n\1上年: (\S+)\n", r"\1执行: \2\n\1上年: \2\n", text)
    text = re.sub(r"(?m)^( *)预算:\n\1上年预算: (\S+)\n", r"\1预算: \2\n\1上年预算: \2\n", text)
    return re.sub(r"(?m)^( *)([^#\s][^:]*):  # 上年 (\S+)$", r"\1\2: \3", text)


def test_new_year_lists_exactly_the_figures_to_fill(tmp_path):
    root = project(tmp_path)
    result = run("new", "2023", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"已生成 {root / 'data/2023/南湖新区总工会.yaml'}",
        f"已生成 {root / 'data/2023/浏阳市总工会.yaml'}",
        f"已生成 {root / 'data/2023/零陵区总工会.yaml'}",
        "请填写空着的数值，再运行 genreport check 2023 检查。",
    ]
    check = run("check", "2023", "--root", str(root))
    assert check.exit_code == 1
    path = root / "data/2023/南湖新区总工会.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()

    def at(key_line: str) -> int:
        return lines.index(key_line) + 1

    report = check.output.split("浏阳市总工会：")[0].splitlines()
    blank = "还没有填写数值，请填写"
    assert report == [
        "南湖新区总工会：9个错误，0个警告。",
        f"  错误 {path}:{at('    编制:  # 上年 4')} 概况.人员.编制：“编制”{blank}，或删除这一行。",
        f"  错误 {path}:{at('    在职:  # 上年 11')} 概况.人员.在职：“在职”{blank}，或删除这一行。",
        f"  错误 {path}:{at('      在编正式职工:  # 上年 4')} 概况.人员.在职构成.在编正式职工："
        f"“在编正式职工”{blank}，或删除这一行。",
        f"  错误 {path}:{at('      劳务派遣:  # 上年 1')} 概况.人员.在职构成.劳务派遣："
        f"“劳务派遣”{blank}，或删除这一行。",
        f"  错误 {path}:{at('      社会化工会工作者:  # 上年 6')} 概况.人员.在职构成.社会化工会工作者："
        f"“社会化工会工作者”{blank}，或删除这一行。",
        f"  错误 {path}:{at('        执行:')} 支出.基本支出.明细.人员经费.执行：“执行”{blank}。",
        f"  错误 {path}:{at('        执行:') + 4} 支出.基本支出.明细.公用经费.执行：“执行”{blank}。",
        f"  错误 {path}:{at('      执行:')} 支出.资金来源.财政拨款.执行：“执行”{blank}。",
        f"  错误 {path}:{at('      执行:') + 4} 支出.功能分类.一般公共服务支出.执行：“执行”{blank}。",
    ]
    # every error of every union is a blank to fill, and nothing else
    problems = [line for line in check.output.splitlines() if line.startswith("  ")]
    assert problems and all(blank in line for line in problems)


def test_a_new_year_filled_in_checks_clean_and_leaves_last_years_text_out(tmp_path):
    root = project(tmp_path)
    assert run("new", "2023", "--root", str(root)).exit_code == 0
    for path in (root / "data/2023").glob("*.yaml"):
        path.write_text(fill_with_last_year(path.read_text(encoding="utf-8")), encoding="utf-8")
    check = run("check", "2023", "--root", str(root))
    assert check.exit_code == 0, check.output
    result = run("2023", "--root", str(root))
    assert result.exit_code == 0, result.output
    report = twin_path(Workspace(root).document_path(2023, "浏阳市总工会", REPORT)).read_text(
        encoding="utf-8"
    )
    assert "基本支出311.20万元，占整体支出的86.80%，与上年持平" in report
    assert "严格执行中央八项规定" not in report  # last year's narrative stays a comment
    assert "一、部门概况" in report


def test_uncommenting_last_years_text_gives_it_back(tmp_path):
    root = project(tmp_path)
    assert run("new", "2023", "--root", str(root), "--union", "浏阳市总工会").exit_code == 0
    path = root / "data/2023/浏阳市总工会.yaml"
    text = path.read_text(encoding="utf-8")
    body = text.split("单位名称:", 1)[1]  # the header's comments are not YAML
    path.write_text("单位名称:" + re.sub(r"(?m)^( *)# ", r"\1", body), encoding="utf-8")
    previous = load_union(root / "data/2022/浏阳市总工会.yaml").union
    restored = load_union(path).union
    assert restored.performance == previous.performance
    assert restored.implementation == previous.implementation
    assert restored.problems == previous.problems
    assert restored.target == previous.target
    assert restored.overview.functions == previous.overview.functions


def test_new_and_init_never_overwrite(tmp_path):
    root = project(tmp_path)
    target = root / "data/2023/浏阳市总工会.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("clerk's own work\n", encoding="utf-8")
    result = run("new", "2023", "--root", str(root))
    assert f"{target}：已存在，未改动。" in result.output.splitlines()
    result = run("init", "浏阳市总工会", "2023", "--root", str(root))
    assert f"{target}：已存在，未改动。" in result.output.splitlines()
    assert target.read_text(encoding="utf-8") == "clerk's own work\n"


def test_new_without_last_year_is_explained(tmp_path):
    result = run("new", "2031", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"错误：没有找到2030年度数据文件（{tmp_path / 'data' / '2030'}/*.yaml），"
        "无法生成2031年度的文件。新单位请用 genreport init 单位名称 2031。\n"
    )


def _all_keys(cls: type) -> set[str]:
    keys = set()
    for f, hint in contract_fields(cls):
        keys.add(f.metadata["key"])
        kind = unwrap_optional(hint)
        for inner in (kind, *typing.get_args(kind)):
            if dataclasses.is_dataclass(inner):
                keys |= _all_keys(inner)
    return keys


def test_init_writes_every_key_with_a_comment_and_loads(tmp_path):
    result = run("init", "新区总工会", "2024", "--root", str(tmp_path))
    assert result.exit_code == 0
    path = tmp_path / "data/2024/新区总工会.yaml"
    text = path.read_text(encoding="utf-8")
    written = set(re.findall(r"(?m)^[ #-]*([^\s#:{},-][^:{},\n]*):", text))
    written |= set(re.findall(r"“([^”]+)”", text.split("单位名称:")[0]))  # named in the header
    assert _all_keys(UnionYear) - written == set()
    for line_number, line in enumerate(text.splitlines(), 1):
        key = re.match(r"^ *([^\s#-][^:]*):", line)
        if key and key.group(1) not in (
            "执行",
            "预算",
            "工资福利支出",
            "商品和服务支出",
            "对个人和家庭的补助",
            "财政拨款",
        ):
            assert text.splitlines()[line_number - 2].lstrip().startswith("#"), line
    checked = check_union(path, 2024)
    assert checked.errors, "a blank file has figures to fill"
    assert all("还没有填写" in p.message for p in checked.errors), [str(p) for p in checked.errors]


# --- the writer: whatever the text, the file reads back as that text ----------------------------

# Pieces that mean something to YAML, to build texts that are hard to write.
_TRICKY = [
    ": ",
    ":",
    "#",
    " #",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "yes",
    "no",
    "null",
    "~",
    "010",
    "1e3",
    "0x1F",
    "&a",
    "*a",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    ",",
    "\\",
    "---",
    "...",
    " ",
    "  ",
    "\n",
    "\t",
    "\u3000",
    "，",
    "：",
    "😀",
    "项目",
    "|-",
]
# Every character a loaded text can hold: loading removes the invisible ones (C0 and C1 controls
# but tab and newline, U+2028/U+2029, U+FFFE/U+FFFF, lone surrogates), so no file carries them.
_VISIBLE = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\t\n")
TEXTS = st.lists(st.sampled_from(_TRICKY) | st.text(_VISIBLE, max_size=4), max_size=8).map("".join)
# Keys are read with the white space around them removed (a key is a name, never a text).
KEYS = TEXTS.map(str.strip).filter(bool)


def _read_back(text: str) -> Mapping:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text(text, encoding="utf-8", newline="")
        root, problems = read_source(path)
    assert problems == []
    assert isinstance(root, Mapping)
    return root


@given(key=KEYS, value=TEXTS)
def test_every_key_and_text_reads_back_as_written(key, value):
    root = _read_back(dump(YamlMap().entry(key, value)))
    assert list(root.items) == [key]
    assert root.items[key].text == value


@given(key=KEYS, value=TEXTS)
def test_every_key_and_text_shown_as_a_comment_reads_back_when_uncommented(key, value):
    document = YamlMap().entry("单位名称", "x")
    document.commented(YamlMap().entry(key, value))  # last year's text
    live, shown = dump(document).split("\n", 1)
    assert live == "单位名称: x"
    assert all(line.startswith("#") for line in shown.splitlines())
    root = _read_back(re.sub(r"(?m)^# ?", "", shown))
    assert list(root.items) == [key]
    assert root.items[key].text == value


def _yaml_text(value: str) -> str:
    """`value` as a YAML double-quoted scalar written by another hand than genreport's (JSON)."""
    return json.dumps(value, ensure_ascii=False)


def _last_year_file(texts: dict[str, str]) -> str:
    """A 2022 file that loads without errors, holding `texts` where names and narrative go."""
    q = {name: _yaml_text(value) for name, value in texts.items()}
    return f"""\
单位名称: 测试区总工会
年度: 2022
单位代码: {q["code"]}
前言: {q["preface"]}
概况:
  职能:
    - {q["function"]}
  机构:
    内设机构:
      - {q["department"]}
      - 办公室
    下属单位: [{q["subordinate"]}]
  人员:
    在职构成:
      {q["staff_kind"]}: 3
支出:
  基本支出:
    明细:
      {q["basic_item"]}:
        执行: 3.5
        预算: 4
        说明: {q["note"]}
  项目支出:
    项目:
      - 名称: {q["project"]}
        执行: 10
        预算: 12
        用途: {q["purpose"]}
  专项资金:
    - 名称: {q["fund"]}
      执行: 1
自评表:
  指标:
    - 一级: {q["first"]}
      权重: 100
      二级:
        - 名称: {q["second"]}
          三级:
            - 名称: {q["indicator"]}
              分值: 100
              指标值: {q["target"]}
              得分: 100
存在问题:
  - {q["problem"]}
公开:
  联系人: {q["contact"]}
"""


_KEPT = {  # names and texts a new year starts with unchanged
    "code": lambda u: u.unit_code,
    "department": lambda u: u.overview.organisation.departments[0],
    "subordinate": lambda u: u.overview.organisation.subordinates[0],
    "project": lambda u: u.expenditure.projects.projects[0].name,
    "fund": lambda u: u.expenditure.special_funds[0].name,
    "first": lambda u: u.scoring.first[0].name,
    "second": lambda u: u.scoring.first[0].second[0].name,
    "indicator": lambda u: u.scoring.first[0].second[0].indicators[0].name,
    "target": lambda u: u.scoring.first[0].second[0].indicators[0].target,
    "contact": lambda u: u.disclosure.contact,
}
_NARRATIVE = {  # last year's texts, which a new year shows commented out
    "preface": lambda u: u.preface,
    "function": lambda u: u.overview.functions[0],
    "note": lambda u: next(iter(u.expenditure.basic.items.values())).note,
    "purpose": lambda u: u.expenditure.projects.projects[0].purpose,
    "problem": lambda u: u.problems[0],
}
_KEYED = {  # names written as keys, read from the file: blank figures leave them out of the model
    "staff_kind": ("概况", "人员", "在职构成"),
    "basic_item": ("支出", "基本支出", "明细"),
}


def _key_in(path: Path, at: tuple[str, ...]) -> str:
    node, problems = read_source(path)
    for key in at:
        node = node.items[key]
    (name,) = node.items
    return name


def _new_from(texts: dict[str, str], root: Path):
    last_year = root / "data/2022/测试区总工会.yaml"
    last_year.parent.mkdir(parents=True)
    last_year.write_text(_last_year_file(texts), encoding="utf-8")
    loaded = load_union(last_year)
    assert not loaded.has_errors, [str(p) for p in loaded.problems]
    for name, read in {**_KEPT, **_NARRATIVE}.items():
        assert read(loaded.union) == texts[name], name  # the test's own file says what it means
    for name, at in _KEYED.items():
        assert _key_in(last_year, at) == texts[name], name
    result = run("new", "2023", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"已生成 {root / 'data/2023/测试区总工会.yaml'}"
    return root / "data/2023/测试区总工会.yaml"


def _uncommented(path: Path) -> Path:
    """The file with last year's text taken back: each `#` (and the space after it) at a line's start removed."""
    text = path.read_text(encoding="utf-8")
    header, body = text.split("\n单位名称:", 1)
    restored = path.with_name("restored.yaml")
    restored.write_text("单位名称:" + re.sub(r"(?m)^( *)# ?", r"\1", body), encoding="utf-8")
    return restored


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: TEXTS for name in {**_KEPT, **_NARRATIVE, **_KEYED}}))
def test_new_writes_any_name_and_text_back_as_it_was(texts):
    for name in _KEYED:
        texts[name] = texts[name].strip() or "名称"
    with TemporaryDirectory() as folder:
        path = _new_from(texts, Path(folder))
        loaded = load_union(path)
        assert not [p for p in loaded.problems if "还没有填写" not in p.message]
        for name, read in _KEPT.items():
            assert read(loaded.union) == texts[name], name
        for name, at in _KEYED.items():
            assert _key_in(path, at) == texts[name], name
        restored = load_union(_uncommented(path)).union
        for name, read in _NARRATIVE.items():
            assert read(restored) == texts[name], name


def test_new_quotes_what_yaml_would_misread(tmp_path):
    texts = {
        "code": "010",
        "preface": "前言: 本单位 # 不是注释",
        "function": "- 维护职工合法权益",
        "department": "办公室:",
        "subordinate": "[职工服务中心]",
        "staff_kind": "行政人员: 在编",
        "basic_item": "{商品和服务支出}",
        "note": "yes",
        "project": "项目:",
        "purpose": "用于: 困难职工帮扶\n第二行 # 也是文字",
        "fund": "'专项'资金",
        "first": "~",
        "second": "null",
        "indicator": " 预算执行率 ",
        "target": "100% #",
        "problem": '"问题"：一是',
        "contact": "1e3",
    }
    path = _new_from(texts, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "      - 名称: '项目:'\n" in text
    assert "      '{商品和服务支出}':\n" in text
    assert (
        "        # 用途: |-\n        #   用于: 困难职工帮扶\n        #   第二行 # 也是文字\n"
        in text
    )
    loaded = load_union(path)
    blank, or_delete = "还没有填写数值，请填写。", "还没有填写数值，请填写，或删除这一行。"
    assert [(p.key, p.message) for p in loaded.problems] == [  # this year's figures, and only they
        ("概况.人员.在职构成.行政人员: 在编", f"“行政人员: 在编”{or_delete}"),
        ("支出.基本支出.明细.{商品和服务支出}.执行", f"“执行”{blank}"),
        ("支出.基本支出.明细.{商品和服务支出}.预算", f"“预算”{or_delete}"),
        ("支出.项目支出.项目[1].执行", f"“执行”{blank}"),
        ("支出.项目支出.项目[1].预算", f"“预算”{or_delete}"),
        ("支出.专项资金[1].执行", f"“执行”{blank}"),
        ("自评表.指标[1].二级[1].三级[1].得分", f"“得分”{blank}"),
    ]
    assert {name: read(loaded.union) for name, read in _KEPT.items()} == {
        name: texts[name] for name in _KEPT
    }
    assert {name: _key_in(path, at) for name, at in _KEYED.items()} == {
        name: texts[name] for name in _KEYED
    }
    restored = load_union(_uncommented(path)).union
    assert {name: read(restored) for name, read in _NARRATIVE.items()} == {
        name: texts[name] for name in _NARRATIVE
    }


# --- init: a name that cannot be a file is refused; any other is written back as typed -----------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../x", "中含有不能用于文件夹名的字符（/），"),
        ("a/b", "中含有不能用于文件夹名的字符（/），"),
        ("../../逃出", "中含有不能用于文件夹名的字符（/），"),
        ("a\\b", "中含有不能用于文件夹名的字符（\\），"),
        ("CON", "是Windows保留的设备名，不能用作文件夹名。请填写单位的正式名称。"),
        ("..", "以空格或“.”开头或结尾，不能用作文件夹名。请删除开头和结尾的空格和“.”。"),
    ],
)
def test_init_refuses_a_name_that_cannot_be_a_file_and_writes_nothing(tmp_path, name, why):
    root = tmp_path / "project"
    root.mkdir()
    result = run("init", name, "2030", "--root", str(root))
    assert result.exit_code == 1
    message = f"单位名称“{name}”{unsafe_name(name)}"
    assert why in message
    assert result.output == f"错误：{message}\n"
    assert list(tmp_path.rglob("*")) == [root]  # no file, no folder, inside or outside


def test_init_refuses_the_exact_message_check_gives(tmp_path):
    result = run("init", "a/b", "2030", "--root", str(tmp_path))
    assert result.output == (
        "错误：单位名称“a/b”中含有不能用于文件夹名的字符（/），生成的文件放在以单位名称命名的文件夹中。"
        "请删除这些字符或改用全角字符（如“／”“：”），并让文件名与单位名称一致。\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_a_name_with_an_invisible_character(tmp_path):
    result = run("init", "新区\u2028总工会", "2030", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        "错误：单位名称“新区[U+2028]总工会”中含有看不见的字符（U+2028 换行符），它们会打乱文字的"
        "显示顺序或让两个名称看起来相同，不能用于文件名和文件夹名。请删除这些字符：删掉单位名称后"
        "重新输入，不要从网页或其他文件中复制。\n"
    )
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_init_writes_any_safe_name_back_as_typed_and_refuses_the_rest(name):
    with TemporaryDirectory() as folder:
        root = Path(folder)
        result = run(
            "init", "--root", str(root), "--", name, "2030"
        )  # "--": a name may start with "-"
        unsafe = unsafe_name(name)
        if unsafe:
            assert result.exit_code == 1
            assert (
                result.output
                == f"错误：单位名称“{readable(name[:40])}{'…' if len(name) > 40 else ''}”{unsafe}\n"
            )
            assert list(root.iterdir()) == []
            return
        assert result.exit_code == 0, result.output
        path = root / "data" / "2030" / f"{name}.yaml"
        assert list((root / "data" / "2030").iterdir()) == [path]
        loaded = load_union(path)
        assert loaded.union.name == name
        assert loaded.union.year == 2030
        assert all("还没有填写" in p.message for p in loaded.problems), loaded.problems


def test_init_and_new_files_link_the_projects_schema_by_a_relative_path(tmp_path):
    root = project(tmp_path)
    assert run("init", "新区总工会", "2022", "--root", str(root)).exit_code == 0
    assert run("new", "2023", "--root", str(root)).exit_code == 0
    written = [root / "data" / "2022" / "新区总工会.yaml", *sorted(root.glob("data/2023/*.yaml"))]
    assert len(written) == 4
    schema = root / ".genreport" / "schema.json"
    for path in written:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../.genreport/schema.json"
        assert (path.parent / first.split("=", 1)[1]).resolve() == schema.resolve()
    assert json.loads(schema.read_text(encoding="utf-8"))["required"] == ["单位名称", "年度"]
    moved = shutil.move(root, tmp_path.parent / f"{tmp_path.name}-moved")  # the link moves along
    assert (Path(moved) / "data" / "2023" / "../../.genreport/schema.json").is_file()


def test_the_schema_line_is_a_comment_loading_ignores(tmp_path):
    root = project(tmp_path)
    run("init", "新区总工会", "2024", "--root", str(root))
    path = root / "data" / "2024" / "新区总工会.yaml"
    plain = path.read_text(encoding="utf-8").split("\n", 1)[1]
    other = tmp_path / "plain" / "data" / "2024" / "新区总工会.yaml"
    other.parent.mkdir(parents=True)
    other.write_text(plain, encoding="utf-8")
    assert [(p.key, p.message) for p in load_union(path).problems] == [
        (p.key, p.message) for p in load_union(other).problems
    ]
