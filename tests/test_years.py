"""One year after another: last year's figures from last year's file, the text twin, readable diffs
and incremental rendering."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from genreport.cli.app import main
from genreport.documents.twin import document_text
from genreport.pipeline import check_union, render_year
from genreport.workspace import REPORT, SCORING_TABLE, Workspace, shipped_templates, twin_path

REPO = Path(__file__).resolve().parent.parent
YANFENG_2023 = REPO / "data" / "2023" / "雁峰区总工会.yaml"

# 雁峰's 2022 figures, as its 2023 file states them in 上年.
YANFENG_2022 = """\
单位名称: 雁峰区总工会
年度: 2022
收支总额:
  收入: 196.43
  支出: 250.17
支出:
  基本支出:
    明细:
      工资福利支出: 86.41
      商品和服务支出: 31.95
      对个人和家庭的补助: 8.77
  项目支出:
    预算: 0
  三公经费:
    因公出国（境）费: 0
    公务用车购置及运行维护费: 0
    公务接待费: 0
  会议费: 5.50
  培训费: 6.26
存在问题:
  - 无
"""


def without_last_year(text: str) -> str:
    """The data file with every typed 上年 figure taken out."""
    text = re.sub(r", 上年: [\d.]+", "", text)
    return re.sub(r"(?m)^ *上年: [\d.]+\n", "", text)


def project(root: Path, files: dict[str, str]) -> Path:
    """A project with the given data files (`2023/name.yaml` → text) and the shipped templates."""
    for name, text in files.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def twin(root: Path, year: int, name: str, document: str = REPORT) -> str:
    return twin_path(Workspace(root).document_path(year, name, document)).read_text(
        encoding="utf-8"
    )


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff shows as removed or added, in order."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_last_years_file_gives_the_same_document_as_typed_figures(tmp_path):
    typed_text = YANFENG_2023.read_text(encoding="utf-8")
    stripped = without_last_year(typed_text)
    assert "上年:" not in re.sub(r"#.*", "", stripped)
    typed = project(tmp_path / "typed", {"2023/雁峰区总工会.yaml": typed_text})
    carried = project(
        tmp_path / "carried",
        {"2023/雁峰区总工会.yaml": stripped, "2022/雁峰区总工会.yaml": YANFENG_2022},
    )
    results = {}
    for root in (typed, carried):
        result = run("2023", "--root", str(root))
        assert result.exit_code == 0, result.output
        results[root] = result.output.replace(str(root), "")
    assert results[typed] == results[carried]  # the same warnings, and none about 上年
    for document in (REPORT, SCORING_TABLE):
        assert twin(carried, 2023, "雁峰区总工会", document) == twin(
            typed, 2023, "雁峰区总工会", document
        )
    report = twin(carried, 2023, "雁峰区总工会")
    assert "基本支出95.08万元，占整体支出的77.57%，比上年减少32.05万元，下降25.21%。" in report
    assert (
        "2023年度本级全部资金收入271.37万元，完成收入预算的129.16%，比上年增加74.94万元，增长38.15%。"
        in report
    )


def test_typed_figure_wins_and_a_disagreement_is_warned(tmp_path):
    text = YANFENG_2023.read_text(encoding="utf-8").replace("上年: 5.50", "上年: 5.60")
    root = project(
        tmp_path, {"2023/雁峰区总工会.yaml": text, "2022/雁峰区总工会.yaml": YANFENG_2022}
    )
    path = root / "data" / "2023" / "雁峰区总工会.yaml"
    result = check_union(path, 2023)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "上年: 5.60" in s)
    assert [str(p) for p in result.problems if "上年" in p.message] == [
        f"警告 {path}:{line} 支出.会议费.上年：填写的上年数为5.60万元，但上年数据文件"
        f"“{root / 'data' / '2022' / '雁峰区总工会.yaml'}”中的执行数为5.50万元。"
        "以本文件为准；请核对，或删除本行由程序从上年文件取数。"
    ]
    assert result.view.meetings.last_year == Decimal("5.60")


def test_last_years_total_counts_parts_that_are_gone(tmp_path):
    previous = YANFENG_2022.replace(
        "      对个人和家庭的补助: 8.77\n", "      对个人和家庭的补助: 8.77\n      其他支出: 1.00\n"
    )
    root = project(
        tmp_path,
        {
            "2023/雁峰区总工会.yaml": without_last_year(YANFENG_2023.read_text(encoding="utf-8")),
            "2022/雁峰区总工会.yaml": previous,
        },
    )
    result = check_union(root / "data" / "2023" / "雁峰区总工会.yaml", 2023)
    assert result.errors == []
    assert result.view.basic.last_year == Decimal("128.13")
    assert [line.last_year for line in result.view.basic_items] == [
        Decimal("86.41"),
        Decimal("31.95"),
        Decimal("8.77"),
    ]
    assert result.view.whole.last_year == Decimal("128.13")


def test_a_broken_last_year_file_is_not_used_and_said_so(tmp_path):
    root = project(
        tmp_path,
        {
            "2023/雁峰区总工会.yaml": without_last_year(YANFENG_2023.read_text(encoding="utf-8")),
            "2022/雁峰区总工会.yaml": YANFENG_2022.replace("会议费: 5.50", "会议费: 5,50"),
        },
    )
    result = check_union(root / "data" / "2023" / "雁峰区总工会.yaml", 2023)
    previous = root / "data" / "2022" / "雁峰区总工会.yaml"
    assert (
        f"上年数据文件“{previous}”有1个错误，未从中取上年数。请运行 genreport check 2022 查看并改正。"
        in [p.message for p in result.warnings]
    )
    assert result.view.meetings.last_year is None


def test_twin_has_the_documents_content_in_order(tmp_path):
    root = project(
        tmp_path, {"2022/浏阳市总工会.yaml": (REPO / "data/2022/浏阳市总工会.yaml").read_text()}
    )
    assert run("2022", "--root", str(root)).exit_code == 0
    report = twin(root, 2022, "浏阳市总工会")
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## 一、部门概况", "## 二、部门整体支出资金管理及使用情况"]
    assert report.startswith("# 2022年度部门整体支出绩效自评报告\n\n单位名称：浏阳市总工会\n")
    # one sentence a line: a figure's sentence stands alone in a diff
    assert (
        "2022年度，浏阳市总工会部门整体支出358.52万元，全年预算277.06万元，执行率129.40%。\n其中：基本支出311.20万元，占整体支出的86.80%；\n项目支出47.32万元，占整体支出的13.20%。\n"
        in report
    )
    table = twin(root, 2022, "浏阳市总工会", SCORING_TABLE)
    assert "| 资金结构：（1）基本支出 | 249.74 | 311.20 | 124.61% |" in table
    assert "| 总分 | 100 |  |  |  |  | 98 |  |" in table
    docx = Workspace(root).document_path(2022, "浏阳市总工会", REPORT)
    result = run("textconv", str(docx))
    assert result.exit_code == 0
    assert result.output == report == document_text(docx)


def test_textconv_of_something_else_is_explained(tmp_path):
    (tmp_path / "a.docx").write_text("不是文档", encoding="utf-8")
    result = run("textconv", str(tmp_path / "a.docx"))
    assert result.exit_code == 1
    assert result.output == f"错误：“{tmp_path / 'a.docx'}”不是Word（.docx）文档，或文件已损坏。\n"


def test_one_corrected_score_changes_exactly_its_sentences(tmp_path):
    text = (REPO / "data/2022/浏阳市总工会.yaml").read_text(encoding="utf-8")
    root = project(tmp_path, {"2022/浏阳市总工会.yaml": text})
    assert run("2022", "--root", str(root)).exit_code == 0
    before = {d: twin(root, 2022, "浏阳市总工会", d) for d in (REPORT, SCORING_TABLE)}
    wrong = "{名称: 预算执行管理, 三级: [{名称: 根据财政管理工作绩效考核相关办法规定填报, 分值: 4, 完成值: 100%, 得分: 3}]}"
    assert text.count(wrong) == 1
    (root / "data/2022/浏阳市总工会.yaml").write_text(
        text.replace(wrong, wrong.replace("得分: 3", "得分: 4")), encoding="utf-8"
    )
    assert run("2022", "--root", str(root)).exit_code == 0
    after = {d: twin(root, 2022, "浏阳市总工会", d) for d in (REPORT, SCORING_TABLE)}
    assert changed_lines(before[REPORT], after[REPORT]) == [
        "-根据部门整体支出绩效评价指标，自评得分98分，等级为优（见自评表）。",
        "+根据部门整体支出绩效评价指标，自评得分99分，等级为优（见自评表）。",
    ]
    assert changed_lines(before[SCORING_TABLE], after[SCORING_TABLE]) == [
        "-|  |  | 预算执行管理（4） | 根据财政管理工作绩效考核相关办法规定填报（4分） |  | 100% | 3 |  |",
        "+|  |  | 预算执行管理（4） | 根据财政管理工作绩效考核相关办法规定填报（4分） |  | 100% | 4 |  |",
        "-| 总分 | 100 |  |  |  |  | 98 |  |",
        "+| 总分 | 100 |  |  |  |  | 99 |  |",
    ]


def test_a_correction_in_last_years_file_reaches_this_years_report(tmp_path):
    root = project(
        tmp_path,
        {
            "2023/雁峰区总工会.yaml": without_last_year(YANFENG_2023.read_text(encoding="utf-8")),
            "2022/雁峰区总工会.yaml": YANFENG_2022,
        },
    )
    assert run("2023", "--root", str(root)).exit_code == 0
    before = twin(root, 2023, "雁峰区总工会")
    previous = root / "data/2022/雁峰区总工会.yaml"
    previous.write_text(YANFENG_2022.replace("会议费: 5.50", "会议费: 5.00"), encoding="utf-8")
    result = run("2023", "--root", str(root))
    assert (
        "  已生成 " + str(Workspace(root).document_path(2023, "雁峰区总工会", REPORT))
        in result.output
    )
    changes = changed_lines(before, twin(root, 2023, "雁峰区总工会"))
    assert len(changes) == 2
    assert "5.50" in changes[0] and "5.00" in changes[1]


def test_git_diff_of_a_regenerated_report_shows_the_changed_sentence(tmp_path):
    text = (REPO / "data/2022/浏阳市总工会.yaml").read_text(encoding="utf-8")
    root = project(tmp_path, {"2022/浏阳市总工会.yaml": text})
    assert run("2022", "--root", str(root)).exit_code == 0

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "core.quotepath=false", *args],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    git("init", "-q")
    git("config", "user.email", "clerk@example.com")
    git("config", "user.name", "clerk")
    # The README's lines, with this interpreter standing in for the installed command.
    (root / ".gitattributes").write_text("*.docx diff=genreport\n", encoding="utf-8")
    git("config", "diff.genreport.textconv", f"'{sys.executable}' -m genreport textconv")
    git("add", "-A")
    git("commit", "-q", "-m", "2022")
    (root / "data/2022/浏阳市总工会.yaml").write_text(
        text.replace("分值: 4, 完成值: 100%, 得分: 3", "分值: 4, 完成值: 100%, 得分: 4"),
        encoding="utf-8",
    )
    assert run("2022", "--root", str(root)).exit_code == 0
    diff = git("diff", "--", "*.docx")
    assert "-根据部门整体支出绩效评价指标，自评得分98分，等级为优（见自评表）。" in diff
    assert "+根据部门整体支出绩效评价指标，自评得分99分，等级为优（见自评表）。" in diff
    assert "Binary files" not in diff


def test_only_unions_whose_inputs_changed_are_rendered_again(tmp_path):
    files = {
        f"2022/{p.name}": p.read_text(encoding="utf-8") for p in (REPO / "data/2022").glob("*.yaml")
    }
    root = project(tmp_path, files)

    def rendered(force: bool = False) -> list[str]:
        return sorted(
            r.check.name for r in render_year(Workspace(root), 2022, force=force) if r.written
        )

    everyone = ["南湖新区总工会", "浏阳市总工会", "零陵区总工会"]
    assert rendered() == everyone
    assert rendered() == []
    data = root / "data/2022/零陵区总工会.yaml"
    data.write_text(
        data.read_text(encoding="utf-8") + "\n# a comment changes the file\n", encoding="utf-8"
    )
    assert rendered() == ["零陵区总工会"]
    (root / "data/2021").mkdir()
    shutil.copy(data, root / "data/2021/零陵区总工会.yaml")  # last year's file appears
    assert rendered() == ["零陵区总工会"]
    shipped = (shipped_templates() / "长沙/部门整体支出绩效自评报告.docx").read_bytes()  # 浏阳's
    template = root / "templates/长沙/部门整体支出绩效自评报告.docx"  # the folder's own, overriding
    template.parent.mkdir(parents=True)
    template.write_bytes(shipped + b"\0")  # a byte more: still a valid .docx
    assert rendered() == ["浏阳市总工会"]
    template.write_bytes(template.read_bytes()[:-1])
    assert rendered() == ["浏阳市总工会"]
    twin_path(Workspace(root).document_path(2022, "南湖新区总工会", REPORT)).unlink()
    assert rendered() == ["南湖新区总工会"]
    Workspace(root).document_path(2022, "零陵区总工会", SCORING_TABLE).write_bytes(
        b"edited by hand"
    )
    assert rendered() == ["零陵区总工会"]
    assert rendered(force=True) == everyone
    result = run("2022", "--root", str(root))
    assert "浏阳市总工会：已是最新（数据、模板和程序都没有改动），未重新生成。" in result.output
    assert (
        result.output.splitlines()[-1] == "共3个单位：生成0个，已是最新3个，未生成0个，警告16条。"
    )


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
names = st.text(st.characters(whitelist_categories=("Lo",)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(
    last_year=st.dictionaries(names, amounts, min_size=1, max_size=5),
    this_year=st.dictionaries(names, amounts, min_size=1, max_size=5),
)
def test_every_items_last_year_comes_from_last_years_file(last_year, this_year):
    def file(year: int, items: dict) -> str:
        lines = [f"单位名称: 某区总工会\n年度: {year}\n支出:\n  基本支出:\n    明细:\n"]
        lines += [f"      {name}: {value}\n" for name, value in items.items()]
        return "".join(lines)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for year, items in ((2022, last_year), (2023, this_year)):
            (root / str(year)).mkdir()
            (root / str(year) / "某区总工会.yaml").write_text(file(year, items), encoding="utf-8")
        result = check_union(root / "2023" / "某区总工会.yaml", 2023)
    assert result.errors == []
    for line in result.view.basic_items:
        assert line.last_year == last_year.get(line.name)
    assert result.view.basic.last_year == sum(last_year.values())  # gone items included
    assert result.view.whole.last_year == sum(last_year.values())
