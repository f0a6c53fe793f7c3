"""The `genreport check` command end to end, through click's CliRunner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_example_checks_clean_with_warnings(project, example_text):
    project(example_text)
    result = run("check", "2022", "--root", str(project.root))
    assert result.exit_code == 0, result.output
    path = project.root / "data" / "2022" / "浏阳市总工会.yaml"
    assert result.output.splitlines() == [
        "浏阳市总工会：0个错误，7个警告。",
        # The 基础数据表 rows the file leaves blank (issue 23 item 8)
        f"  警告 {path}:20 概况.人员.编制：没有填写“概况.人员.编制”，基础数据表中编制数和控制率两行将空白。"
        "请填写核定编制人数。",
        f"  警告 {path}:25 支出.基本支出：执行率为124.61%（执行311.20万元，预算249.74万元），"
        "超出90%～110%的范围，请在“偏差原因”中说明原因。",
        f"  警告 {path}:34 支出.项目支出：执行率为173.21%（执行47.32万元，预算27.32万元），"
        "超出90%～110%的范围，请在“偏差原因”中说明原因。",
        f"  警告 {path}:102 自评表.指标[1].二级[2].三级[1].得分：得分3低于分值4，请在“偏差原因”中说明扣分原因。",
        f"  警告 {path}:134 自评表.指标[3].二级[2].三级[1].得分：得分6低于分值7，请在“偏差原因”中说明扣分原因。",
        # The folder has no templates/: the shipped 湖南 outline (the default) requires this part
        f"  警告 {path} 结果应用：报告提纲中的这一部分需要“结果应用”，但文件中没有填写，"
        "报告中将显示“（未填写）”。请填写；确实没有的，写“无”。",
        f"  警告 {path} 厉行节约：没有填写“厉行节约”，基础数据表中厉行节约保障措施一栏将空白。"
        "请填写本单位的厉行节约保障措施。",
        "共检查1个单位：0个有错误，警告7条。",
    ]


def test_errors_exit_1_and_other_unions_still_checked(project, example_text):
    project(example_text)
    project("单位名称: 坏例子总工会\n年度: 2022\n支出:\n  会议费: 三万\n", name="坏例子总工会")
    result = run("check", "2022", "--root", str(project.root))
    assert result.exit_code == 1
    bad = project.root / "data" / "2022" / "坏例子总工会.yaml"
    lines = result.output.splitlines()
    assert lines[:2] == [
        "坏例子总工会：1个错误，0个警告。",
        f"  错误 {bad}:4 支出.会议费：“三万”不是数字，请只填写阿拉伯数字（如 133.70），"
        "不要带“万元”等单位或千分位逗号。",
    ]
    assert "浏阳市总工会：0个错误，7个警告。" in lines
    assert lines[-1] == "共检查2个单位：1个有错误，警告7条。"
    assert "Traceback" not in result.output


def test_root_defaults_to_the_current_folder(project, example_text, monkeypatch):
    project(example_text)
    monkeypatch.chdir(project.root)
    result = run("check", "2022")
    assert result.exit_code == 0
    assert "  警告 data/2022/浏阳市总工会.yaml:25 支出.基本支出：" in result.output


def test_missing_year_folder_is_explained(tmp_path):
    result = run("check", "2031", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"错误：在“{tmp_path}”中没有找到 data 文件夹，这里不是genreport的数据文件夹。"
        "请先进入数据文件夹再运行，或用 --root 指定数据文件夹；"
        "要在这里新建数据文件夹，运行 genreport 初始化，"
        "再运行 genreport init 单位名称 2031 为每个单位生成数据文件。\n"
    )


def test_bundled_data_checks_clean():
    for year in ("2019", "2022", "2023"):
        result = run("check", year, "--root", str(REPO))
        assert result.exit_code == 0, result.output
        assert "错误 " not in result.output


def test_example_is_the_contract_file_unchanged():
    contract = REPO.parent / "shared" / "contract" / "2022" / "浏阳市总工会.yaml"
    if not contract.exists():
        pytest.skip("shared/ is not beside this clone")
    assert (
        REPO / "tests" / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml"
    ).read_bytes() == (contract.read_bytes())


def test_bundled_liuyang_is_the_contract_example_in_the_changsha_outline(example_text):
    bundled = (REPO / "data" / "2022" / "浏阳市总工会.yaml").read_text(encoding="utf-8")
    assert bundled == example_text.replace("年度: 2022\n", "年度: 2022\n提纲: 长沙\n", 1)


def test_unchanged_contract_example_renders(project, example_text):
    project(example_text)  # no templates/ folder: the shipped templates are used
    result = run("2022", "--root", str(project.root))
    assert result.exit_code == 0, result.output
    assert "  已生成 " in result.output


def test_help_is_chinese():
    result = run("--help")
    assert "生成部门整体支出绩效自评报告和自评表" in result.output
    assert "检查某年度全部单位的数据文件" in result.output
    assert result.output.startswith("用法：genreport [选项] 命令 [参数]...\n")
    assert "\n选项：\n" in result.output and "\n命令：\n" in result.output
    assert "Usage" not in result.output and "Options" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "错误：缺少“年度”。"),
        (["check", "二〇二二"], "错误：“年度”应为整数（如 2023），而不是“二〇二二”。"),
        (["二〇二二"], "错误：“年度”应为整数（如 2023），而不是“二〇二二”。"),
        (["check", "2022", "--roo", "x"], "错误：没有选项“--roo”。是否应为“--root”？"),
        (["check", "2022", "2023"], "错误：多余的参数：2023。"),
        (["2022", "--union"], "错误：选项“--union”后面要写一个值。"),
    ],
)
def test_mistyped_commands_are_explained_in_chinese(args, message):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert message in lines
    assert lines[-1] == "使用 genreport -h 查看全部命令和用法。"
    assert "Error" not in result.output and "Usage" not in result.output


def test_check_scores_lists_every_indicator_with_its_suggestion(project, example_text):
    project(example_text.replace("完成值: 800人次, 得分: 3", "完成值: 400人次, 得分: 3"))
    result = run("check", "2022", "--scores", "--root", str(project.root))
    assert result.exit_code == 0, result.output
    table = result.output.split("浏阳市总工会：自评表得分建议（财预〔2020〕10号）\n")[
        1
    ].splitlines()
    assert len(table) == 1 + 20  # the header and every 三级指标
    assert table[0].split() == ["三级指标", "指标值", "完成值", "分值", "得分", "建议得分", "依据"]
    rows = {line.split()[0]: line.split() for line in table[1:]}
    assert rows["组织开展困难职工帮扶"] == [
        "组织开展困难职工帮扶", "≥500人次", "400人次", "3", "3", "2.40",
        "未达到指标值，按完成值÷指标值计分（第十六条）",
    ]  # fmt: skip
    assert rows["建议提案办理满意率"][-2:] == [
        "10.00",
        "超过指标值，得满分；如因指标值设定明显偏低，可按偏离度适度调减（第十六条）",
    ]
    assert rows["开展党建志愿服务活动"][-2:] == [
        "—",
        "定性指标，不计算；完成值表明达成年度指标，得分宜为分值的80%～100%",
    ]
    assert rows["文明单位建设"][-2:] == ["—", "定性指标，不计算"]


def test_check_without_scores_prints_no_table(project, example_text):
    project(example_text)
    result = run("check", "2022", "--root", str(project.root))
    assert "自评表得分建议" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2022", "-j", "0"], "错误：“-j/--jobs”应为1或更大的整数，而不是“0”。"),
        (["2022", "--jobs", "二"], "错误：“-j/--jobs”应为1或更大的整数，而不是“二”。"),
        (["2022", "--pdf=yes"], "错误：选项“--pdf”后面不能写值（只写“--pdf”即可）。"),
        (
            ["check", "2022", "--root", __file__],
            f"错误：“--root”应为一个文件夹，而“{__file__}”是一个文件。",
        ),
        (
            ["初始化", "--root", __file__],
            f"错误：“--root”应为一个文件夹，而“{__file__}”是一个文件。",
        ),
        (["汇总", "x"], "错误：“年度”应为整数（如 2023），而不是“x”。"),
    ],
)
def test_clicks_own_messages_are_in_chinese(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output.splitlines()
    assert lines_in_english(result.output) == []


COMMANDS = ["check", "render", "提纲", "模板检查", "textconv", "new", "init", "复制模板", "初始化",
            "setup", "汇总", "summary", "schema"]  # fmt: skip
# What click says in English (its messages' words), none of which a Chinese message holds
CLICK_ENGLISH = re.compile(
    r"Usage|Error|Options|Commands|Missing|Invalid|Option |argument|unexpected|No such|Try |"
    r"Show this|Aborted|is not|does not|Directory|File |Path |Did you mean|requires|range"
)


def lines_in_english(output: str) -> list[str]:
    return [line for line in output.splitlines() if CLICK_ENGLISH.search(line)]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_mistake_click_can_report_is_in_chinese(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # 初始化 sets up the current folder
    tried = ([], ["--help"], ["-x"], ["--root"], ["2022", "2023", "x"], ["--root", __file__])
    for args in tried:
        result = run(command, *args)
        assert lines_in_english(result.output) == [], (args, result.output)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output


def test_genreport_alone_shows_what_to_do_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0
    assert result.output.endswith("全部命令和用法：genreport -h\n")
    assert "错误：" not in result.output
