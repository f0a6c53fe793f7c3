"""A clerk's data folder: `genreport 初始化` (`setup`) from nothing, again and over what is there,
and `genreport 复制模板`, which never overwrites."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from jsonschema import Draft202012Validator

from genreport.cli.app import main
from genreport.scaffold.folder import textconv_command, write_schema
from genreport.workspace import REPORT, RULES_FILE, SCORING_TABLE, Workspace, shipped_templates

REPO = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_set_up_an_empty_folder(tmp_path):
    result = run("初始化", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        ".genreport",
        ".genreport/rules-schema.json",
        ".genreport/schema.json",
        ".gitattributes",
        ".gitignore",
        "data",
        "output",
    ]
    assert (tmp_path / ".gitignore").read_text(
        encoding="utf-8"
    ) == "/output/\n.venv/\n.genreport-stamp.json\n"
    assert (tmp_path / ".gitattributes").read_text(encoding="utf-8") == "*.docx diff=genreport\n"
    lines = result.output.splitlines()
    assert lines[:5] == [
        f"{tmp_path / 'data'}：已建立。",
        f"{tmp_path / 'output'}：已建立。",
        f"{tmp_path / '.gitignore'}：已建立，写入 /output/、.venv/、.genreport-stamp.json（git 不保存生成的文件、.venv 和生成记录）。",
        f"{tmp_path / '.gitattributes'}：已建立，写入 *.docx diff=genreport"
        "（git diff 比较 .docx 的文字）。",
        f"{tmp_path / '.genreport' / 'schema.json'}：已生成（数据文件的 JSON Schema，编辑器据此提示字段）。",
    ]
    assert f"  {textconv_command()}" in lines


def test_set_up_again_changes_nothing_and_setup_is_the_same_command(tmp_path):
    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    before = snapshot(tmp_path)
    again = run("setup", "--root", str(tmp_path))
    assert again.exit_code == 0, again.output
    assert snapshot(tmp_path) == before
    assert again.output.splitlines()[:5] == [
        f"{tmp_path / 'data'}：已存在。",
        f"{tmp_path / 'output'}：已存在。",
        f"{tmp_path / '.gitignore'}：已存在，未改动。",
        f"{tmp_path / '.gitattributes'}：已存在，未改动。",
        f"{tmp_path / '.genreport' / 'schema.json'}：已是最新。",
    ]


def test_set_up_keeps_what_is_there_and_adds_only_missing_lines(tmp_path):
    (tmp_path / "data" / "2022").mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", tmp_path / "data" / "2022")
    (tmp_path / ".gitignore").write_bytes(b"*.bak\r\n/output/")  # Notepad's, no last newline
    (tmp_path / ".gitattributes").write_bytes(b"*.docx diff=genreport\n*.yaml text\n")
    data = snapshot(tmp_path / "data")
    result = run("setup", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        tmp_path / ".gitignore"
    ).read_bytes() == b"*.bak\r\n/output/\r\n.venv/\r\n.genreport-stamp.json\r\n"
    assert (tmp_path / ".gitattributes").read_bytes() == b"*.docx diff=genreport\n*.yaml text\n"
    assert snapshot(tmp_path / "data") == data
    assert (
        f"{tmp_path / '.gitignore'}：已加入 .venv/、.genreport-stamp.json（git 不保存生成的文件、.venv 和生成记录）。"
        in (result.output.splitlines())
    )


def test_set_up_refuses_a_file_where_a_folder_belongs(tmp_path):
    (tmp_path / "output").write_text("not a folder", encoding="utf-8")
    result = run("初始化", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"错误：“{tmp_path / 'output'}”已存在，但不是文件夹。请把它改名或移走，再运行 genreport 初始化。\n"
    )
    assert (tmp_path / "output").read_text(encoding="utf-8") == "not a folder"


def test_the_schema_lists_the_shipped_outlines_and_the_folders_own(tmp_path):
    assert run("复制模板", "湖南", "--to", "株洲", "--root", str(tmp_path)).exit_code == 0
    path = write_schema(Workspace(tmp_path))
    assert path == tmp_path / ".genreport" / "schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    (outline,) = [a for a in schema["properties"]["提纲"]["anyOf"] if "enum" in a]
    assert outline["enum"] == ["岳阳", "株洲", "湖南", "邵阳", "长沙"]
    assert not list(path.parent.glob("*.tmp"))


def test_copy_a_shipped_outline_to_restyle_and_never_overwrite(tmp_path):
    result = run("复制模板", "长沙", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    own = tmp_path / "templates" / "长沙"
    shipped = shipped_templates() / "长沙"
    assert sorted(p.name for p in own.iterdir()) == sorted([f"{REPORT}.docx", RULES_FILE])
    assert (own / f"{REPORT}.docx").read_bytes() == (shipped / f"{REPORT}.docx").read_bytes()
    common = shipped_templates() / "湖南" / f"{SCORING_TABLE}.docx"
    assert result.output.splitlines() == [
        f"{own / f'{REPORT}.docx'}：已复制。",
        f"{own / RULES_FILE}：已复制。",
        f"{SCORING_TABLE}各提纲通用，使用“{common}”；如需单独的格式，也复制一份放入“{own}”。",
        "用Word或WPS修改后，运行 genreport 模板检查 年度 检查模板。",
    ]
    (own / f"{REPORT}.docx").write_bytes(b"edited in WPS")
    again = run("复制模板", "长沙", "--root", str(tmp_path))
    assert again.exit_code == 0
    assert again.output.splitlines()[0] == f"{own / f'{REPORT}.docx'}：已存在，未改动（不会覆盖）。"
    assert (own / f"{REPORT}.docx").read_bytes() == b"edited in WPS"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["株洲"], "错误：没有名为“株洲”的自带提纲。自带的提纲：岳阳、湖南、邵阳、长沙。"),
        (
            ["湖南", "--to", "株洲/县"],
            "错误：提纲名“株洲/县”中含有不能用于文件夹名的字符（/），生成的文件放在以单位名称命名的文件夹中。"
            "请删除这些字符或改用全角字符（如“／”“：”），并让文件名与单位名称一致。",
        ),
    ],
)
def test_copy_refuses_an_unknown_outline_or_an_unusable_name(tmp_path, args, message):
    result = run("复制模板", *args, "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == message + "\n"
    assert not (tmp_path / "templates").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_printed_textconv_line_lets_git_diff_a_template_as_text(tmp_path):
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    git("init", "-q")
    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    subprocess.run(textconv_command(), shell=True, cwd=tmp_path, check=True)
    assert run("复制模板", "湖南", "--root", str(tmp_path)).exit_code == 0
    git("add", ".")
    git("commit", "-q", "-m", "templates")
    template = tmp_path / "templates" / "湖南" / f"{REPORT}.docx"
    document = Document(str(template))
    document.add_paragraph("本单位补充说明")
    document.save(str(template))
    assert "+本单位补充说明" in git("diff").splitlines()
