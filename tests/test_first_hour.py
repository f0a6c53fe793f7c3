"""A clerk's first hour (issue 26): each dead end met on the way from a fresh install to a
submission, and the message that now shows the way out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def copy_data(root: Path) -> Path:
    shutil.copytree(REPO / "data", root / "data")
    return root


def test_the_readme_example_of_a_warning_is_what_check_prints(tmp_path, monkeypatch):
    example = re.search(r"(浏阳市总工会：.*?\n  警告 .*?)\n", README).group(1)
    monkeypatch.chdir(copy_data(tmp_path))
    result = run("check", "2022")
    first, warning = example.splitlines()
    assert first in result.output.splitlines()
    assert warning in result.output.splitlines()


# --- 2. Windows file names ----------------------------------------------------------------------

NOTEPAD = (
    "文件名是“浏阳市总工会.yaml.txt”，多了“.txt”（记事本保存时加上的；Windows 默认隐藏扩展名，"
    "所以它看起来是“浏阳市总工会.yaml”），genreport 不读它。请把它改名为“浏阳市总工会.yaml”。"
)
COPY = (
    "“零陵区总工会 - 副本.yaml”是“零陵区总工会.yaml”的副本（复制文件时产生），genreport 不读它。"
    "请删除它，或把它移出“2022”文件夹；其中有要用的修改的，请先把修改抄到“零陵区总工会.yaml”中。"
)


def _windows_names(root: Path) -> Path:
    folder = copy_data(root) / "data" / "2022"
    (folder / "浏阳市总工会.yaml").rename(folder / "浏阳市总工会.yaml.txt")
    shutil.copy(folder / "零陵区总工会.yaml", folder / "零陵区总工会 - 副本.yaml")
    return folder


def test_a_notepad_txt_and_an_explorer_copy_are_told_by_check(tmp_path, monkeypatch):
    _windows_names(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"  错误 data/2022/浏阳市总工会.yaml.txt：{NOTEPAD}" in lines
    assert f"  错误 data/2022/零陵区总工会 - 副本.yaml：{COPY}" in lines
    assert lines[-1] == "共检查4个单位：2个有错误，警告5条。"


def test_a_notepad_txt_alone_is_told_not_that_the_folder_is_empty(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会.yaml.txt")
    monkeypatch.chdir(tmp_path)
    result = run("2024")
    assert result.exit_code == 1
    assert f"  错误 data/2024/浏阳市总工会.yaml.txt：{NOTEPAD}" in result.output.splitlines()
    assert not (tmp_path / "output" / "2024" / "浏阳市总工会.yaml").exists()


def test_new_tells_the_files_it_does_not_roll_forward(tmp_path, monkeypatch):
    _windows_names(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("new", "2023")
    lines = result.output.splitlines()
    assert f"data/2022/浏阳市总工会.yaml.txt：{NOTEPAD}" in lines
    assert f"data/2022/零陵区总工会 - 副本.yaml：{COPY}" in lines
    assert not (tmp_path / "data" / "2023" / "零陵区总工会 - 副本.yaml").exists()


def test_a_copy_without_its_original_is_told_to_take_its_name(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2022"
    folder.mkdir(parents=True)
    shutil.copy(
        REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会 - 副本 (2).yaml"
    )
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022")
    assert (
        "  错误 data/2022/浏阳市总工会 - 副本 (2).yaml：“浏阳市总工会 - 副本 (2).yaml”是"
        "“浏阳市总工会.yaml”的副本（复制文件时产生），genreport 不读它。"
        "本文件夹中没有“浏阳市总工会.yaml”：请把它改名为“浏阳市总工会.yaml”。"
    ) in result.output.splitlines()


# --- 3. Wrong folder or command -----------------------------------------------------------------


def test_a_year_not_begun_names_the_folder_and_new(tmp_path, monkeypatch):
    monkeypatch.chdir(copy_data(tmp_path))
    result = run("check", "2024")
    assert result.exit_code == 1
    assert result.output == (
        f"错误：在“{tmp_path}”中没有找到2024年度的数据文件夹“data/2024”。"
        "已有的年度：2019、2022、2023。要由2023年度的文件生成2024年度的，运行 genreport new 2024；"
        "新单位运行 genreport init 单位名称 2024。\n"
    )


def test_a_folder_without_data_suggests_root_and_setup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("2024", "--pdf")
    assert result.exit_code == 1
    assert result.output == (
        f"错误：在“{tmp_path}”中没有找到 data 文件夹，这里不是genreport的数据文件夹。"
        "请先进入数据文件夹再运行，或用 --root 指定数据文件夹；"
        "要在这里新建数据文件夹，运行 genreport 初始化，"
        "再运行 genreport init 单位名称 2024 为每个单位生成数据文件。\n"
    )
