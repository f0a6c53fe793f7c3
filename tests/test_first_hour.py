"""A clerk's first hour (issue 26, items 5, 6, 7): the bundled example that shows every kind of
document, the git commands `初始化` prints and the files committing `output/` commits, the schema
after `复制模板 --to`, the year's summary after a render, and `--pdf` without LibreOffice."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.output import pdf as pdf_module
from genreport.workspace import DOCUMENTS, Workspace

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "2023" / "示例区总工会.yaml"
LIUYANG = REPO / "data" / "2022" / "浏阳市总工会.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# --- item 5: the example union shows every document -------------------------------------------


def test_setup_with_the_example_renders_all_four_documents_with_one_teaching_warning(tmp_path):
    set_up = run("初始化", "--示例", "--root", str(tmp_path))
    assert set_up.exit_code == 0, set_up.output
    copied = tmp_path / "data" / "2023" / "示例区总工会.yaml"
    assert f"{copied}：已复制（虚构的示例单位，数字都是编造的）。" in set_up.output.splitlines()
    assert copied.read_bytes() == EXAMPLE.read_bytes()  # the bundled sample is the shipped one
    result = run("2023", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("  警告")]
    assert warnings == [
        f"  警告 {copied}:63 支出.三公经费.公务接待费：执行率为80.00%"
        "（执行0.80万元，预算1.00万元），超出90%～110%的范围，请在“偏差原因”中说明原因。"
    ]
    for document in DOCUMENTS:
        assert Workspace(tmp_path).document_path(2023, "示例区总工会", document).is_file()
    again = run("初始化", "--example", "--root", str(tmp_path))
    assert f"{copied}：已存在，未改动（不会覆盖）。" in again.output.splitlines()


def test_the_readme_says_why_each_warning_of_the_bundled_data_is_expected(tmp_path):
    """Every warning `check` gives on the bundled data is listed, by union and field, in the
    README's section on the sample's warnings."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 示例数据的警告", 1)[1].split("\n## ", 1)[0]
    shutil.copytree(REPO / "data", tmp_path / "data")
    listed = []
    for year in ("2019", "2022", "2023"):
        result = run("check", year, "--root", str(tmp_path))
        for line in result.output.splitlines():
            found = re.match(r"  警告 \S*data/\d+/(.+?)\.yaml(?::\d+)? (\S+?)：", line)
            if found:
                listed.append(found.groups())
    assert len(listed) == 28
    absent = [
        (u, f) for u, f in listed if not any(u in r and f"`{f}`" in r for r in section.splitlines())
    ]
    assert absent == []


# --- item 6: git --------------------------------------------------------------------------------


@needs_git
def test_the_git_commands_setup_prints_run_in_order_in_a_new_folder(tmp_path):
    folder = tmp_path / "单位数据"
    folder.mkdir()
    result = run("初始化", "--root", str(folder))
    assert result.exit_code == 0, result.output
    commands = [line[2:] for line in result.output.splitlines() if line.startswith("  git ")]
    assert commands[0] == "git init" and commands[-1] == "git config core.quotepath false"
    for command in commands:
        subprocess.run(command, shell=True, cwd=folder, check=True, capture_output=True)
    assert git(folder, "config", "core.quotepath").strip() == "false"
    assert "-m genreport textconv" in git(folder, "config", "diff.genreport.textconv")
    (folder / "数据.txt").write_text("x", encoding="utf-8")
    assert git(folder, "status", "--porcelain").splitlines() == [
        "?? .genreport/",
        "?? .gitattributes",
        "?? .gitignore",
        "?? 数据.txt",  # not "\346\225\260…"
    ]
    again = run("初始化", "--root", str(folder))  # now a git work tree: no second `git init`
    assert [line for line in again.output.splitlines() if line.startswith("  git ")] == [
        f"  {command}" for command in commands[1:]
    ]


@needs_git
def test_committing_output_commits_the_documents_but_not_the_stamp(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    git(folder, "init", "-q")
    assert run("初始化", "--root", str(folder)).exit_code == 0
    ignore = folder / ".gitignore"
    ignore.write_text(ignore.read_text(encoding="utf-8").replace("/output/\n", ""), "utf-8")
    (folder / "data" / "2022").mkdir()
    shutil.copyfile(LIUYANG, folder / "data" / "2022" / LIUYANG.name)
    assert run("2022", "--root", str(folder)).exit_code == 0
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "2022")
    tracked = git(folder, "-c", "core.quotepath=false", "ls-files", "output").splitlines()
    assert sorted(Path(p).suffix for p in tracked) == [".docx"] * 3 + [".md"] * 3
    assert (folder / "output" / "2022" / "浏阳市总工会" / ".genreport-stamp.json").is_file()
    up_to_date = run("2022", "--root", str(folder))  # the stamp still works on this machine
    assert "已是最新" in up_to_date.output

    clone = tmp_path / "clone"  # another machine: no stamp, the documents told by their twins
    git(tmp_path, "clone", "-q", str(folder), str(clone))
    result = run("2022", "--root", str(clone))
    assert result.exit_code == 0, result.output
    assert "手改" not in result.output
    assert git(clone, "status", "--porcelain") == ""  # the same documents again


def test_copying_an_outline_under_a_new_name_adds_it_to_the_schema(tmp_path):
    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    schema = tmp_path / ".genreport" / "schema.json"
    result = run("复制模板", "湖南", "--to", "株洲", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"{schema}：已更新（加入提纲“株洲”）。" in result.output.splitlines()
    outline = json.loads(schema.read_text(encoding="utf-8"))["properties"]["提纲"]
    assert outline["anyOf"][0]["enum"] == ["岳阳", "株洲", "湖南", "邵阳", "长沙"]


def test_a_render_that_changes_a_union_refreshes_the_years_summary(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    assert run("汇总", "2022", "--root", str(tmp_path)).exit_code == 0
    twin = Workspace(tmp_path).summary_path(2022).with_suffix(".md")
    before = twin.read_text(encoding="utf-8")
    assert run("2022", "--root", str(tmp_path)).exit_code == 0
    data = tmp_path / "data" / "2022" / "浏阳市总工会.yaml"
    text = data.read_text(encoding="utf-8")
    old = "公务接待费: {预算: 0, 执行: 0, 上年: 0}"
    assert old in text
    data.write_text(text.replace(old, "公务接待费: {预算: 0, 执行: 0, 上年: 0.5}"), "utf-8")
    result = run("2022", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = Workspace(tmp_path).summary_path(2022)
    assert f"已更新 {path}（汇总表按现在的数据重新汇总）" in result.output.splitlines()
    after = twin.read_text(encoding="utf-8")
    assert after != before
    reference = tmp_path / "reference"
    shutil.copytree(tmp_path / "data", reference / "data")
    assert run("汇总", "2022", "--root", str(reference)).exit_code == 0
    assert after == Workspace(reference).summary_path(2022).with_suffix(".md").read_text("utf-8")
    unchanged = run("2022", "--root", str(tmp_path))
    assert "汇总表" not in unchanged.output  # nothing changed: the workbook is left alone


# --- item 7: --pdf without LibreOffice ------------------------------------------------------------


def test_without_libreoffice_the_clerk_is_told_to_save_as_pdf_from_wps_or_word(
    tmp_path, monkeypatch
):
    (tmp_path / "data" / "2022").mkdir(parents=True)
    shutil.copyfile(LIUYANG, tmp_path / "data" / "2022" / LIUYANG.name)
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    result = run("2022", "--pdf", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert (
        "也可以不安装：用 WPS 或 Word 打开生成的 .docx 文件，“另存为”（或“输出为PDF”）选择 PDF 格式，"
        "保存在 Word 文件旁边即可。"
    ) in result.output
