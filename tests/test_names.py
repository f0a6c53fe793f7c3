"""Names that cannot spoof: a 单位名称 (and so a file and folder name) with a bidi control, an
invisible character, white space of any kind at either end or a look-alike of a common ideograph is
refused by check, init and render with one message naming each character as U+XXXX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.errors import OutputError, visible
from genreport.workspace import Workspace, unsafe_name

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "data" / "2022" / "零陵区总工会.yaml"

INVISIBLE = (
    "看不见的字符（{codes}），它们会打乱文字的显示顺序或让两个名称看起来相同，不能用于文件名和"
    "文件夹名。请删除这些字符：删掉单位名称后重新输入，不要从网页或其他文件中复制。"
)
BLANK_END = (
    "的开头或结尾有空白字符（{codes}），不能用作文件夹名。请删除开头和结尾的空白（包括全角空格）。"
)

# name, how the message quotes it, the rest of the message
SPOOFS = [
    pytest.param(
        "a\u202etxt.exe",
        "a[U+202E]txt.exe",
        "中含有" + INVISIBLE.format(codes="U+202E 文字方向控制符"),
        id="right-to-left-override",
    ),
    pytest.param(
        "零陵\u200b区总工会",
        "零陵[U+200B]区总工会",
        "中含有" + INVISIBLE.format(codes="U+200B 零宽字符"),
        id="zero-width-space",
    ),
    pytest.param(
        "\ufeff零陵区总工会",
        "[U+FEFF]零陵区总工会",
        "中含有" + INVISIBLE.format(codes="U+FEFF 零宽字符"),
        id="byte-order-mark",
    ),
    pytest.param(
        "零陵区总工会\u3000",
        "零陵区总工会[U+3000]",
        BLANK_END.format(codes="U+3000 全角空格"),
        id="trailing-ideographic-space",
    ),
    pytest.param(
        "\u00a0零陵区总工会",
        "[U+00A0]零陵区总工会",
        BLANK_END.format(codes="U+00A0 不换行空格"),
        id="leading-no-break-space",
    ),
    pytest.param(
        "零陵\u2066区\u2069总工会",
        "零陵[U+2066]区[U+2069]总工会",
        "中含有" + INVISIBLE.format(codes="U+2066 文字方向控制符、U+2069 文字方向控制符"),
        id="bidi-isolates",
    ),
    pytest.param(
        "零陵区\u00ad总工会",
        "零陵区[U+00AD]总工会",
        "中含有" + INVISIBLE.format(codes="U+00AD 软连字符"),
        id="soft-hyphen",
    ),
    pytest.param(
        "零陵区总工会\ufe00",
        "零陵区总工会[U+FE00]",
        "中含有" + INVISIBLE.format(codes="U+FE00 异体字选择符"),
        id="variation-selector",
    ),
    pytest.param(
        "\u2fa6华市总工会",  # the Kangxi radical 金, as a PDF's text gives it
        "\u2fa6华市总工会",
        "中含有外形与常用汉字相同的部首或兼容汉字：“\u2fa6”（U+2FA6）应为“金”（U+91D1）。"
        "这类字符多由从PDF复制带入，会让两个名称看起来相同。请删除这些字，用输入法重新输入。",
        id="kangxi-radical",
    ),
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def union_file(root: Path, name: str) -> Path:
    """The bundled 零陵 file under `name`, as file name and 单位名称."""
    path = root / "data" / "2022" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    quoted = json.dumps(name)  # escaped: the file's text shows what it holds
    path.write_text(text.replace("单位名称: 零陵区总工会", f"单位名称: {quoted}", 1), "utf-8")
    return path


@pytest.mark.parametrize(("name", "quoted", "why"), SPOOFS)
def test_check_refuses_the_name_naming_each_character(tmp_path, name, quoted, why):
    path = union_file(tmp_path, name)
    result = run("check", "2022", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert (
        f"  错误 {visible(str(path))}:7 单位名称：单位名称“{quoted}”{why}"
        in result.output.splitlines()
    )


@pytest.mark.parametrize(("name", "quoted", "why"), SPOOFS)
def test_init_refuses_the_name_and_writes_nothing(tmp_path, name, quoted, why):
    result = run("init", "--root", str(tmp_path), "--", name, "2022")
    assert result.exit_code == 1
    assert result.output == f"错误：单位名称“{quoted}”{why}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "quoted", "why"), SPOOFS)
def test_render_makes_no_folder_of_the_name(tmp_path, name, quoted, why):
    path = union_file(tmp_path, name)
    result = run("2022", "--root", str(tmp_path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"  错误 {visible(str(path))}:7 单位名称：单位名称“{quoted}”{why}" in lines
    assert not (tmp_path / "output" / "2022").exists()


@pytest.mark.parametrize(("name", "quoted", "why"), SPOOFS)
def test_output_folder_refuses_the_name_with_checks_message(tmp_path, name, quoted, why):
    with pytest.raises(OutputError) as refused:
        Workspace(tmp_path).output_folder(2022, name)
    assert str(refused.value) == f"单位名称“{quoted}”{why}"


def test_no_message_carries_the_bidi_control_itself(tmp_path):
    union_file(tmp_path, "a\u202etxt.exe")
    result = run("check", "2022", "--root", str(tmp_path))
    messages = [
        line.split("：", 1)[1] for line in result.output.splitlines() if "单位名称“" in line
    ]
    assert messages
    assert not any("\u202e" in message for message in messages)


@pytest.mark.parametrize(
    "name",
    [
        "长沙市（望城区）总工会",
        "湘乡·东山街道总工会",
        "株洲市第2中学工会",
        "某某县　总工会",  # an ideographic space inside a name is typesetting, not a trick
        "ＡＢ区总工会",
    ],
)
def test_real_names_still_pass_and_init_writes_them(tmp_path, name):
    assert unsafe_name(name) is None
    result = run("init", name, "2022", "--root", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "2022" / f"{name}.yaml").is_file()


def test_a_file_name_with_a_bidi_control_cannot_reorder_the_lines_printed(tmp_path):
    """The data file's own name is printed in every problem line and in the union's heading: its
    bidi control is shown as [U+202E] there too, never raw."""
    name = "a\u202etxt.exe"
    data = tmp_path / "data" / "2022"
    data.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8").replace("零陵区总工会", name)
    (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "2022", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "\u202e" not in result.output
    assert "a[U+202E]txt.exe：" in result.output
    assert f"{data}/a[U+202E]txt.exe.yaml" in result.output
