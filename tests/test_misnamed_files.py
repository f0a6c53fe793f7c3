"""Misnamed data files (issue 26, dead end 2): a file a clerk meant as a union's data file but
named otherwise (`X.yaml.txt` from Notepad, `X - 副本.yaml` or `X (2).yaml` from a copy, a hidden
`.X.yaml`, `X.yaml.bak` alone) is never listed, counted, rendered or summed as a union: every
command names it once, with what to do. A file no clerk means as a union (the `~$X.yaml` owner file
Office and WPS keep while a file is open, a backup beside its data file) is left alone unsaid;
`X.YAML` and `X.yml` are data files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from genreport.cli.app import main

REPO = Path(__file__).resolve().parent.parent

NUMBERED = (
    "“{name} (2).yaml”是“{name}.yaml”的另一份（同名的文件复制、下载或从微信、QQ保存到同一文件夹时，"
    "名称后会加上编号），genreport 不读它。"
)
BESIDE = "请删除它，或把它移出“2022”文件夹；其中有要用的修改的，请先把修改抄到“{name}.yaml”中。"
LINGLING = (NUMBERED + BESIDE).format(name="零陵区总工会")
WECHAT = (
    "“浏阳市总工会(1).yaml”是“浏阳市总工会.yaml”的另一份（同名的文件复制、下载或从微信、QQ"
    "保存到同一文件夹时，名称后会加上编号），genreport 不读它。"
    + BESIDE.format(name="浏阳市总工会")
)
HIDDEN = (
    "“.零陵区总工会.yaml”的文件名以“.”开头（在苹果电脑和Linux上是隐藏文件，看不见），genreport 不读它。"
    "本文件夹已有“零陵区总工会.yaml”：要用的若是这个文件，请删除“零陵区总工会.yaml”后"
    "把它改名为“零陵区总工会.yaml”；否则请删除它。"
)
TOLD = [
    f"错误 data/2022/.零陵区总工会.yaml：{HIDDEN}",
    f"错误 data/2022/浏阳市总工会(1).yaml：{WECHAT}",
    f"错误 data/2022/零陵区总工会 (2).yaml：{LINGLING}",
]
NOTEPAD = (
    "文件名是“浏阳市总工会.yaml.txt”，多了“.txt”（记事本保存时加上的；Windows 默认隐藏扩展名，"
    "所以它看起来是“浏阳市总工会.yaml”），genreport 不读它。请把它改名为“浏阳市总工会.yaml”。"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _misnamed_2022(root: Path) -> Path:
    """The bundled 2022 unions, each with a file beside it that is not a union of its own."""
    shutil.copytree(REPO / "data", root / "data")
    folder = root / "data" / "2022"
    lingling = folder / "零陵区总工会.yaml"
    shutil.copy(lingling, folder / "零陵区总工会 (2).yaml")  # Explorer's "keep both"
    shutil.copy(folder / "浏阳市总工会.yaml", folder / "浏阳市总工会(1).yaml")  # WeChat
    shutil.copy(lingling, folder / "零陵区总工会.yaml.bak")  # Notepad++ beside the file
    shutil.copy(lingling, folder / "~$零陵区总工会.yaml")  # an owner file
    shutil.copy(lingling, folder / ".零陵区总工会.yaml")  # hidden where Finder shows no dot files
    (folder / "南湖新区总工会.yaml").rename(folder / "南湖新区总工会.YAML")  # a data file
    return folder


def _unsaid(output: str) -> None:
    for name in ("~$", ".bak", "南湖新区总工会.YAML："):
        assert name not in output


def test_check_names_each_misnamed_file_once_and_counts_the_unions(tmp_path, monkeypatch):
    _misnamed_2022(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == TOLD
    unions = [line for line in lines if not line.startswith(("  ", "错误"))]
    assert unions == [
        "南湖新区总工会：0个错误，5个警告。",
        "浏阳市总工会：0个错误，6个警告。",
        "零陵区总工会：0个错误，5个警告。",
        "共检查3个单位：0个有错误，警告16条。另有3个文件名不对的文件没有读取，见上。",
    ]
    _unsaid(result.output)


def test_bare_genreport_counts_unions_not_files_and_names_the_misnamed(tmp_path, monkeypatch):
    _misnamed_2022(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == (
        f"当前文件夹“{tmp_path}”中的数据：2019年度1个单位，2022年度3个单位，2023年度2个单位。下一步："
    )
    assert lines[5:9] == [
        "文件名不对、没有读取的文件（不算作单位）：",
        f"  data/2022/.零陵区总工会.yaml：{HIDDEN}",
        f"  data/2022/浏阳市总工会(1).yaml：{WECHAT}",
        f"  data/2022/零陵区总工会 (2).yaml：{LINGLING}",
    ]
    _unsaid(result.output)


def test_bare_genreport_with_only_a_notepad_file_says_to_rename_it(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会.yaml.txt")
    monkeypatch.chdir(tmp_path)
    assert run().output.splitlines()[1:6] == [
        f"当前文件夹“{tmp_path}”中的数据文件，文件名都不对，genreport 没有读取：",
        f"  data/2024/浏阳市总工会.yaml.txt：{NOTEPAD}",
        "改正文件名后，下一步：",
        "  genreport check 2024  检查2024年度的数据",
        "  genreport 2024        生成2024年度的报告和自评表（加 --pdf 同时生成PDF）",
    ]


def test_render_makes_no_folder_for_a_misnamed_file(tmp_path, monkeypatch):
    _misnamed_2022(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("2022", "-j", "1")
    assert result.exit_code == 1  # something needs attention
    lines = result.output.splitlines()
    assert lines[:3] == TOLD
    assert lines[-1] == (
        "共3个单位：生成3个，未生成0个，警告16条。另有3个文件名不对的文件没有读取，见上。"
    )
    folders = sorted(p.name for p in (tmp_path / "output" / "2022").iterdir())
    assert folders == ["南湖新区总工会", "浏阳市总工会", "零陵区总工会"]
    _unsaid(result.output)


def test_the_summary_sums_unions_and_lists_the_misnamed_as_problems(tmp_path, monkeypatch):
    _misnamed_2022(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("汇总", "2022")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:3] == TOLD
    assert lines[-1] == (
        "共3个单位：列入数字3个，数据有错误0个；上年有、本年缺少数据文件的0个。"
        "另有3个文件名不对的文件没有读取，见上。"
    )
    twin = (tmp_path / "output" / "2022" / "2022年度部门整体支出绩效自评汇总表.md").read_text(
        encoding="utf-8"
    )
    rows = [line.split(" | ")[0] for line in twin.split("## 错误和警告")[0].splitlines()]
    assert [r for r in rows if r.startswith("| ")] == [
        "| 单位名称",
        "| 南湖新区总工会",
        "| 浏阳市总工会",
        "| 零陵区总工会",
        "| 合计",
    ]
    assert f"| 零陵区总工会 | 错误 | data/2022/零陵区总工会 (2).yaml |  | {LINGLING} |" in twin
    _unsaid(twin)


def test_the_summary_lists_a_union_whose_only_file_is_misnamed_once(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    data = tmp_path / "data"
    shutil.copy(data / "2022" / "浏阳市总工会.yaml", data / "2023" / "浏阳市总工会.yaml.txt")
    monkeypatch.chdir(tmp_path)
    result = run("汇总", "2023")
    twin = (tmp_path / "output" / "2023" / "2023年度部门整体支出绩效自评汇总表.md").read_text(
        encoding="utf-8"
    )
    absent = twin.split("## 缺少数据或未通过")[1]
    assert [line for line in absent.splitlines() if line.startswith("| 浏阳")] == [
        "| 浏阳市总工会 | 数据文件的文件名不对，没有读取，见“错误和警告”表。 "
        "| data/2023/浏阳市总工会.yaml.txt |"
    ]
    assert result.output.splitlines()[-1] == (
        "共2个单位：列入数字2个，数据有错误0个；上年有、本年缺少数据文件的2个。"
        "另有1个文件名不对的文件没有读取，见上。"
    )


def test_new_tells_each_misnamed_file_and_exits_1(tmp_path, monkeypatch):
    _misnamed_2022(tmp_path)
    this_year = tmp_path / "data" / "2023"
    # Last year's file rolled forward by hand and saved by Notepad: renamed, it is the union's.
    shutil.copy(
        tmp_path / "data" / "2022" / "浏阳市总工会.yaml", this_year / "浏阳市总工会.yaml.txt"
    )
    monkeypatch.chdir(tmp_path)
    result = run("new", "2023")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *TOLD,
        f"错误 data/2023/浏阳市总工会.yaml.txt：{NOTEPAD}",
        "已生成 data/2023/南湖新区总工会.YAML",
        "已生成 data/2023/零陵区总工会.yaml",
        "请填写空着的数值，再运行 genreport check 2023 检查。",
        "文件名不对的文件没有读取：请按上面的说明改名或删除；"
        "2022年度的文件改名后，再运行 genreport new 2023 生成它本年度的文件。",
    ]
    assert not (this_year / "浏阳市总工会.yaml").exists()
    assert not (this_year / "零陵区总工会 (2).yaml").exists()


def test_new_exits_1_when_its_only_file_is_misnamed(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会.yaml.txt")
    monkeypatch.chdir(tmp_path)
    result = run("new", "2025")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"错误 data/2024/浏阳市总工会.yaml.txt：{NOTEPAD}"
    assert not (tmp_path / "data" / "2025").exists()


def test_render_union_of_a_notepad_file_says_to_rename_it(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会.yaml.txt")
    shutil.copy(REPO / "data" / "2022" / "零陵区总工会.yaml", folder / "浏阳市总工会X.yaml.txt")
    monkeypatch.chdir(tmp_path)
    result = run("render", "2024", "--union", "浏阳市总工会")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"错误 data/2024/浏阳市总工会.yaml.txt：{NOTEPAD}",
        "共0个单位：生成0个，未生成0个，警告0条。另有1个文件名不对的文件没有读取，见上。",
    ]
    assert not (tmp_path / "output").exists()


def test_a_backup_alone_is_told_and_a_lock_file_alone_is_no_union(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    source = REPO / "data" / "2022" / "浏阳市总工会.yaml"
    shutil.copy(source, folder / "浏阳市总工会.yaml.bak")
    shutil.copy(source, folder / "~$零陵区总工会.yaml")
    shutil.copy(source, folder / "._零陵区总工会.yaml")  # macOS's metadata beside a copied file
    monkeypatch.chdir(tmp_path)
    result = run("check", "2024")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "错误 data/2024/浏阳市总工会.yaml.bak：“浏阳市总工会.yaml.bak”是备份文件（编辑器保存时留下的），"
        "genreport 不读它。本文件夹中没有“浏阳市总工会.yaml”：要用它，请把它改名为“浏阳市总工会.yaml”。",
        "共检查0个单位：0个有错误，警告0条。另有1个文件名不对的文件没有读取，见上。",
    ]


def test_a_union_named_with_a_number_in_brackets_is_read(tmp_path, monkeypatch):
    """`X (2)` is a copy only beside `X.yaml`: a union may be named so, and `init` writes its file."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "机关工会(2)", "2023").exit_code == 0
    result = run("check", "2023")
    assert "机关工会(2)：" in result.output
    assert "文件名不对" not in result.output
    assert "共检查1个单位" in result.output


def test_a_numbered_copy_alone_is_read_and_told_its_name(tmp_path, monkeypatch):
    """`X (2).yaml` without `X.yaml` is read: its 单位名称 says which name it should have."""
    folder = tmp_path / "data" / "2022"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "data" / "2022" / "浏阳市总工会.yaml", folder / "浏阳市总工会 (2).yaml")
    monkeypatch.chdir(tmp_path)
    result = run("check", "2022")
    assert (
        "  错误 data/2022/浏阳市总工会 (2).yaml:7 单位名称：单位名称为“浏阳市总工会”，"
        "与文件名“浏阳市总工会 (2)”不一致。请把文件改名为“浏阳市总工会.yaml”，或改正单位名称。"
    ) in result.output.splitlines()


def test_init_refuses_a_name_whose_file_would_be_taken_for_a_copy(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for name, original in (
        ("浏阳市总工会 - 副本", "浏阳市总工会"),
        ("浏阳市总工会(1)", "浏阳市总工会"),
    ):
        result = run("init", name, "2022")
        assert result.exit_code == 1
        assert result.output == (
            f"错误：数据文件“{name}.yaml”会被当作“{original}.yaml”的副本，genreport 不读它。"
            "请用单位全称，名称末尾不要带“副本”“copy”或括号中的编号。\n"
        )
        assert not (tmp_path / "data" / "2022" / f"{name}.yaml").exists()


ELSEWISE = [
    "错误 data/2022/南湖新区总工会.yaml ：文件名“南湖新区总工会.yaml ”的末尾多了空格或“.”"
    "（看起来是“南湖新区总工会.yaml”），genreport 不读它。请把它改名为“南湖新区总工会.yaml”。",
    "错误 data/2022/浏阳.txt：“浏阳.txt”中是“浏阳市总工会”的数据（有“单位名称”一行），"
    "但文件名不以“.yaml”结尾（用记事本“另存为”时，保存类型要选“所有文件”），genreport 不读它。"
    "请把它改名为“浏阳市总工会.yaml”。",
    "错误 data/2022/零陵区总工会.yaml.yaml：文件名“零陵区总工会.yaml.yaml”中多了一个“.yaml”，"
    "genreport 不读它。本文件夹已有“零陵区总工会.yaml”：要用的若是这个文件，"
    "请删除“零陵区总工会.yaml”后把它改名为“零陵区总工会.yaml”；否则请删除它。",
]


def _saved_elsewise(root: Path) -> Path:
    """The bundled 2022 data with two unions saved under other names (Notepad's `X.txt`, a trailing
    blank), a doubled suffix beside a union's file, and files of the folder that are no data."""
    shutil.copytree(REPO / "data", root / "data")
    folder = root / "data" / "2022"
    (folder / "浏阳市总工会.yaml").rename(folder / "浏阳.txt")
    (folder / "南湖新区总工会.yaml").rename(folder / "南湖新区总工会.yaml ")
    shutil.copy(folder / "零陵区总工会.yaml", folder / "零陵区总工会.yaml.yaml")
    (folder / "README.txt").write_text("单位的数据文件放在这里。\n  单位名称: 不是顶层\n", "utf-8")
    (folder / "UTF16.txt").write_bytes("年度: 2022\n".encode("utf-16"))
    shutil.copy(
        REPO / "src" / "genreport" / "templates" / "湖南" / "部门整体支出绩效自评报告.docx",
        folder / "上年报告.docx",
    )
    (folder / "盖章页.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    if hasattr(os, "mkfifo"):  # never opened: it could wait for a writer forever
        os.mkfifo(folder / "管道.txt")
    return folder


def test_a_data_file_saved_under_another_name_is_told_by_every_command(tmp_path, monkeypatch):
    _saved_elsewise(tmp_path)
    monkeypatch.chdir(tmp_path)
    checked = run("check", "2022")
    assert checked.exit_code == 1
    assert checked.output.splitlines()[:3] == ELSEWISE
    assert checked.output.splitlines()[-1] == (
        "共检查1个单位：0个有错误，警告5条。另有3个文件名不对的文件没有读取，见上。"
    )
    bare = run().output.splitlines()
    assert bare[1] == (
        f"当前文件夹“{tmp_path}”中的数据：2019年度1个单位，2022年度1个单位，2023年度2个单位。下一步："
    )
    assert bare[6:9] == [f"  {line[len('错误 ') :]}" for line in ELSEWISE]
    rendered = run("2022", "-j", "1")
    assert rendered.output.splitlines()[:3] == ELSEWISE
    assert sorted(p.name for p in (tmp_path / "output" / "2022").iterdir()) == ["零陵区总工会"]
    summed = run("汇总", "2022")
    assert summed.output.splitlines()[:3] == ELSEWISE
    rolled = run("new", "2023")
    assert rolled.exit_code == 1
    assert rolled.output.splitlines()[:3] == ELSEWISE
    for output in (checked, rendered, summed, rolled):
        for other in ("README", "UTF16", "上年报告", "盖章页", "管道"):
            assert other not in output.output
    assert not any(other in line for line in bare for other in ("README", "上年报告", "管道"))


def test_init_refuses_a_file_name_typed_for_the_union(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "浏阳市总工会.yaml", "2024")
    assert result.exit_code == 1
    assert result.output == (
        "错误：单位名称“浏阳市总工会.yaml”末尾带了“.yaml”，数据文件会是“浏阳市总工会.yaml.yaml”，"
        "genreport 不读它。请只写单位名称：genreport init 浏阳市总工会 2024\n"
    )
    assert not (tmp_path / "data" / "2024" / "浏阳市总工会.yaml.yaml").exists()
