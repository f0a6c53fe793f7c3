"""A clerk's first hour (issue 26): each dead end met on the way from a fresh install to a
submission, and the message that now shows the way out."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
    assert f"错误 data/2022/浏阳市总工会.yaml.txt：{NOTEPAD}" in lines
    assert f"错误 data/2022/零陵区总工会 - 副本.yaml：{COPY}" in lines
    assert (
        lines[-1] == "共检查2个单位：0个有错误，警告10条。另有2个文件名不对的文件没有读取，见上。"
    )


def test_a_notepad_txt_alone_is_told_not_that_the_folder_is_empty(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会.yaml.txt")
    monkeypatch.chdir(tmp_path)
    result = run("2024")
    assert result.exit_code == 1
    assert f"错误 data/2024/浏阳市总工会.yaml.txt：{NOTEPAD}" in result.output.splitlines()
    assert not (tmp_path / "output" / "2024" / "浏阳市总工会.yaml").exists()


def test_new_tells_the_files_it_does_not_roll_forward(tmp_path, monkeypatch):
    _windows_names(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("new", "2023")
    lines = result.output.splitlines()
    assert f"错误 data/2022/浏阳市总工会.yaml.txt：{NOTEPAD}" in lines
    assert f"错误 data/2022/零陵区总工会 - 副本.yaml：{COPY}" in lines
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
        "错误 data/2022/浏阳市总工会 - 副本 (2).yaml：“浏阳市总工会 - 副本 (2).yaml”是"
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


def test_an_unknown_command_word_is_told_with_the_nearest_commands():
    result = run("chek", "2024")
    assert result.exit_code == 2
    assert (
        "错误：没有命令“chek”。是否应为：check、schema？生成报告直接写年度，如 genreport 2024。"
        in (result.output.splitlines())
    )


def test_the_chinese_command_names_work(tmp_path, monkeypatch):
    monkeypatch.chdir(copy_data(tmp_path))
    assert run("检查", "2019").output.splitlines()[-1] == "共检查1个单位：0个有错误，警告4条。"
    assert run("生成", "2019", "-j", "1").exit_code == 0
    assert (tmp_path / "output" / "2019" / "北塔区总工会").is_dir()
    assert run("新年度", "2020").output.startswith("已生成 data/2020/北塔区总工会.yaml\n")
    assert run("新单位", "新区总工会", "2020").output.startswith(
        "已生成 data/2020/新区总工会.yaml\n"
    )


def test_help_in_chinese_shows_the_help():
    assert run("帮助").output == run("-h").output
    assert run("帮助", "检查").output.startswith("用法：genreport 检查 [选项] 年度\n")


def test_an_option_of_render_before_the_year_works(tmp_path, monkeypatch):
    monkeypatch.chdir(copy_data(tmp_path))
    result = run("--force", "2019", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "共1个单位：生成1个，未生成0个，警告4条。"


def test_genreport_alone_in_an_empty_folder_says_to_set_it_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0
    assert result.output == (
        "genreport：由每个单位每年一个YAML数据文件，生成部门整体支出绩效自评报告和自评表。\n"
        f"当前文件夹“{tmp_path}”中还没有数据文件。下一步：\n"
        "  genreport 初始化              把当前文件夹建成数据文件夹（也可写作 genreport setup）\n"
        "  genreport init 单位名称 年度  为一个单位生成空白数据文件，按其中的注释填写\n"
        "数据文件夹在别处的，先进入那个文件夹，或加 --root 数据文件夹。\n"
        "全部命令和用法：genreport -h\n"
    )


def test_genreport_alone_in_a_data_folder_names_the_years_and_the_next_command(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(copy_data(tmp_path))
    result = run()
    assert result.exit_code == 0
    assert result.output.splitlines()[1:5] == [
        f"当前文件夹“{tmp_path}”中的数据：2019年度1个单位，2022年度3个单位，2023年度2个单位。下一步：",
        "  genreport check 2023  检查2023年度的数据",
        "  genreport 2023        生成2023年度的报告和自评表（加 --pdf 同时生成PDF）",
        "  genreport new 2024    由2023年度的数据文件生成2024年度的",
    ]


def test_the_summary_help_names_its_file_once():
    result = run("汇总", "-h")
    assert "年度年度" not in result.output
    assert "output/2022/2022年度部门整体支出绩效自评汇总表.xlsx" in result.output


def test_option_columns_with_chinese_names_are_aligned():
    lines = run("render", "-h", terminal_width=120).output.splitlines()  # no option wraps
    options = lines[lines.index("选项：") + 1 :]
    starts = set()
    for line in options:
        term, _, text = line[2:].partition("  ")
        starts.add(display_width("  " + term + "  " + (len(text) - len(text.lstrip())) * " "))
    assert len(options) == 6
    assert starts == {20}


def test_render_and_its_options_are_named_in_the_help_and_the_readme():
    help_text = run("-h").output
    assert (
        "genreport 2022 --pdf        同时生成PDF；--pdf、--union、--force、-j 见 genreport render -h"
        in (help_text)
    )
    assert "genreport render" in README


# --- 4. The init file agrees with the README: absent is unknown, 0 / 无 is stated none ------------


def test_the_init_header_says_a_missing_line_is_unknown_not_zero(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "新区总工会", "2024").exit_code == 0
    text = (tmp_path / "data" / "2024" / "新区总工会.yaml").read_text(encoding="utf-8")
    assert "删除这一行" not in text
    assert (
        "# 金额单位均为万元，只写数字（如 133.70），不带单位。空着的数值都要填写：确实没有的，"
        "金额写0、文字写“无”，\n"
        "# 报告就写“无……”；空着的或删除了的是“不知道”，不是“没有”，报告中显示“（未填写）”。\n"
    ) in text
    assert "没有的，要明确写出来：金额写 `0`" in README


# --- 8. Scores: the score genreport suggests needs no 扣分原因 -------------------------------------


def _satisfaction(root: Path, typed: str) -> str:
    path = copy_data(root) / "data" / "2022" / "浏阳市总工会.yaml"
    text = path.read_text(encoding="utf-8")
    old = "帮扶困难职工满意率, 分值: 3, 指标值: 100%, 完成值: 100%, 得分: 3}"
    assert old in text
    path.write_text(
        text.replace(
            old, f"帮扶困难职工满意率, 分值: 3, 指标值: 100%, 完成值: 97.7%, 得分: {typed}}}"
        ),
        encoding="utf-8",
    )
    return "自评表.指标[2].二级[1].三级[2].得分"


def test_the_suggested_score_asks_for_no_reason(tmp_path, monkeypatch):
    key = _satisfaction(tmp_path, "2.93")
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022", "--scores")
    assert "  帮扶困难职工满意率" in result.output  # the review shows the suggestion…
    row = next(line for line in result.output.splitlines() if "帮扶困难职工满意率" in line)
    assert row.split()[1:6] == ["100%", "97.7%", "3", "2.93", "2.93"]
    assert key not in result.output  # …and check asks nothing of the score typed as suggested


def test_a_score_below_the_suggestion_still_asks_for_its_reason(tmp_path, monkeypatch):
    key = _satisfaction(tmp_path, "2.5")
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022")
    assert (
        f"  警告 data/2022/浏阳市总工会.yaml:115 {key}：得分2.5低于分值3，"
        "请在“偏差原因”中说明扣分原因。"
    ) in result.output.splitlines()
