"""`genreport 导入` of a file the system will not read: the clerk is told why in Chinese (the
system's own words are English on Linux), and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _refused(tmp_path: Path, path: Path) -> str:
    result = run("导入", str(path), "--root", str(tmp_path))
    assert result.exit_code == 1
    assert not (tmp_path / "data").exists()
    return result.output


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".xlsx", ".pdf"])
def test_a_link_that_points_at_itself(tmp_path, suffix):
    loop = tmp_path / f"报告{suffix}"
    loop.symlink_to(loop.name)
    assert _refused(tmp_path, loop) == (
        f"错误：报告{suffix}：无法读取（快捷方式（符号链接）循环指向自己，找不到实际的文件）。\n"
    )


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_a_path_through_a_file(tmp_path, suffix):
    (tmp_path / "报告.txt").write_text("2023年度", encoding="utf-8")
    path = tmp_path / "报告.txt" / f"表{suffix}"
    assert _refused(tmp_path, path) == f"错误：表{suffix}：无法读取（路径中有一项不是文件夹）。\n"


def test_a_missing_file_or_a_dangling_link_of_any_kind(tmp_path):
    for suffix in (".docx", ".txt", ".xlsx"):
        missing = tmp_path / f"没有{suffix}"
        assert _refused(tmp_path, missing) == f"错误：找不到文件 {missing}。\n"
        dangling = tmp_path / f"链接{suffix}"
        dangling.symlink_to(missing.name)
        assert _refused(tmp_path, dangling) == f"错误：找不到文件 {dangling}。\n"


def test_a_file_without_read_permission(tmp_path):
    locked = tmp_path / "报告.docx"
    locked.write_bytes(b"PK")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as root (or on a file system without permissions): readable anyway")
    assert _refused(tmp_path, locked) == "错误：报告.docx：无法读取（没有权限）。\n"
