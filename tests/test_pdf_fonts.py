"""`--pdf` says when the PDFs are not in the 公文 fonts (issue 23, item 13): LibreOffice puts
other fonts in place of 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312 and 黑体 when its machine lacks them,
and the fonts a PDF embeds name what it used."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from libreoffice import needs_libreoffice
from test_pdf import office, project  # noqa: F401 (the stand-in LibreOffice, a project)


def warning(fonts: str) -> str:
    return (
        f"警告：PDF没有使用公文字体：转换PDF的电脑上没有安装{fonts}，LibreOffice已用其他字体代替，"
        "PDF的字体与公文格式不符（Word文件不受影响）。请安装这些字体（向单位或财政部门索取字体文件；"
        "Windows：右键字体文件选“为所有用户安装”；Linux：复制到 /usr/share/fonts/ 后运行 fc-cache -f），"
        "然后删除已生成的PDF，重新运行 genreport 2023 --pdf。"
    )


def convert(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["2023", "--root", str(root), "--pdf"])
    assert result.exit_code == 0, result.output  # a warning: the PDFs are made
    assert any(
        line.startswith("已生成 ") and line.endswith(".pdf") for line in result.output.splitlines()
    )
    return result.output.splitlines()


def test_pdfs_without_the_official_fonts_are_a_warning_naming_them(tmp_path, office):  # noqa: F811
    lines = convert(project(tmp_path))
    assert warning("方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体") in lines


def test_pdfs_lacking_some_official_fonts_name_only_those(tmp_path, office, monkeypatch):  # noqa: F811
    monkeypatch.setenv("FAKE_SOFFICE_FONTS", "FangSong_GB2312,黑体,NotoSerifCJKsc-Regular")
    lines = convert(project(tmp_path))
    assert warning("方正小标宋简体、楷体_GB2312") in lines


def test_pdfs_in_the_official_fonts_get_no_warning(tmp_path, office, monkeypatch):  # noqa: F811
    fonts = "FZXBSJW--GB1-0,FangSong_GB2312,楷体_GB2312,SimHei,TimesNewRomanPSMT"
    monkeypatch.setenv("FAKE_SOFFICE_FONTS", fonts)
    lines = convert(project(tmp_path))
    assert not [line for line in lines if "公文字体" in line]


def _official_fonts_installed() -> bool:
    if shutil.which("fc-list") is None:
        return True  # cannot tell: do not run
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(name in families for name in ("仿宋_GB2312", "FangSong_GB2312", "SimHei", "黑体"))


@needs_libreoffice
@pytest.mark.skipif(_official_fonts_installed(), reason="the official fonts are installed here")
def test_real_libreoffice_without_the_official_fonts_is_warned(tmp_path):
    lines = convert(project(tmp_path))
    assert warning("方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体") in lines
