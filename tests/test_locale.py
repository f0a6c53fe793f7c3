"""genreport under locales other than UTF-8: a Linux desktop in zh_CN.GB18030, whose file names and
terminal are GB18030, finds the shipped templates and prints every message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GB18030 = "zh_CN.GB18030"


def _has_locale(name: str) -> bool:
    probe = [sys.executable, "-c", "import locale; locale.setlocale(locale.LC_ALL, '')"]
    env = {**os.environ, "LANG": name, "LC_ALL": name}
    return subprocess.run(probe, env=env, capture_output=True).returncode == 0


needs_gb18030 = pytest.mark.skipif(
    not _has_locale(GB18030) and not os.environ.get("CI"),
    reason="the zh_CN.GB18030 locale is not generated (localedef -i zh_CN -f GB18030 zh_CN.GB18030)",
)


def genreport_in(name: str, root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m genreport ARGS` as typed in a terminal of locale `name`: its arguments, names
    and output in the locale's encoding."""
    encoding = "gb18030" if name == GB18030 else "utf-8"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "PYTHONIO", "PYTHONUTF8"))
    }
    env.update(LANG=name, LC_ALL=name)
    command = [
        os.fsencode(sys.executable),
        b"-m",
        b"genreport",
        *(a.encode(encoding) for a in args),
    ]
    result = subprocess.run(command, env=env, cwd=root, capture_output=True)
    result.out = result.stdout.decode(encoding)
    result.err = result.stderr.decode(encoding)
    return result


def gb18030_project(root: Path) -> Path:
    """The bundled 2022 data under names a GB18030 desktop writes: the bytes of GB18030."""
    folder = os.fsencode(root) + b"/data/2022"
    os.makedirs(folder)
    for data in sorted((REPO / "data" / "2022").glob("*.yaml")):
        with open(folder + b"/" + data.name.encode("gb18030"), "wb") as handle:
            handle.write(data.read_bytes())
    return root


@needs_gb18030
def test_gb18030_desktop_finds_the_shipped_outlines(tmp_path):
    result = genreport_in(GB18030, tmp_path, "提纲")
    assert result.returncode == 0, result.err
    lines = result.out.splitlines()
    assert [line for line in lines if not line.startswith(" ")] == [
        "岳阳（自带）",
        "湖南（自带）",
        "邵阳（自带）",
        "长沙（自带）",
    ]
    assert sum(line.startswith("  部门整体支出绩效自评报告：自带模板 ") for line in lines) == 4


@needs_gb18030
def test_gb18030_desktop_renders_its_own_chinese_named_files(tmp_path):
    root = gb18030_project(tmp_path)
    result = genreport_in(GB18030, root, "2022", "-j", "1")
    assert result.err == ""
    assert "共3个单位：生成3个，未生成0个，" in result.out.splitlines()[-1]
    assert "浏阳市总工会：" in result.out.splitlines()
    folder = os.fsencode(root) + "/output/2022/浏阳市总工会".encode("gb18030")
    assert (folder + "/2022年度部门整体支出绩效自评报告.docx".encode("gb18030")) in [
        os.path.join(folder, name) for name in os.listdir(folder)
    ]

    copied = genreport_in(GB18030, root, "复制模板", "长沙", "--to", "株洲")
    assert copied.returncode == 0, copied.err
    own = os.fsencode(root) + "/templates/株洲".encode("gb18030")
    assert sorted(name.decode("gb18030") for name in os.listdir(own)) == [
        "评分规则.yaml",
        "部门整体支出绩效自评报告.docx",
    ]
    assert "株洲（本文件夹自己的）" in genreport_in(GB18030, root, "提纲").out.splitlines()
