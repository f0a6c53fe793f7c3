"""Starting a year: `genreport new` rolls last year's files forward, `genreport init` writes a blank
file with every key."""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from genreport.cli import main
from genreport.load import contract_fields, load_union, unwrap_optional
from genreport.model import UnionYear
from genreport.pipeline import check_union
from genreport.render import REPORT, document_path, twin_path
from genreport.scaffold import scalar
from genreport.source import Mapping, read_source

REPO = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def project(root: Path) -> Path:
    shutil.copytree(REPO / "templates", root / "templates")
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
    report = twin_path(document_path(root, 2023, "浏阳市总工会", REPORT)).read_text(
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


# Control characters other than tab and newline never reach a file: loading removes them.
@given(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\t\n"), min_size=1)
)
def test_scalar_reads_back_as_the_same_text(text):
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_text(f"k: {scalar(text)}\n", encoding="utf-8", newline="")
        root, problems = read_source(path)
    assert isinstance(root, Mapping), problems
    assert root.items["k"].text == text
