"""genreport installed as a clerk installs it: a wheel built from this checkout, installed into a
fresh virtualenv, run in an empty folder that holds nothing but what set-up makes and one data file.

The fresh virtualenv reuses this test environment's libraries through a .pth file (installing
them again would only test pip and the network); genreport itself comes from the wheel alone, and
the tests check that it is imported from there, not from src/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.workspace import BASIC_DATA, DOCUMENTS, PROJECT_TABLES, REPORT, RULES_FILE

REPO = Path(__file__).resolve().parent.parent
LIUYANG = REPO / "data" / "2022" / "浏阳市总工会.yaml"
SHIPPED = ["岳阳", "湖南", "邵阳", "长沙"]
MARK = "（本文件夹的模板）"


class Installed:
    """A virtualenv holding genreport from the wheel; `run` runs its `genreport` in a folder."""

    def __init__(self, venv: Path):
        self.venv = venv
        scripts = venv / ("Scripts" if os.name == "nt" else "bin")
        self.genreport = scripts / ("genreport.exe" if os.name == "nt" else "genreport")
        self.python = scripts / ("python.exe" if os.name == "nt" else "python")

    def run(self, folder: Path, *args: str, module: bool = False) -> subprocess.CompletedProcess:
        command = [str(self.python), "-m", "genreport"] if module else [str(self.genreport)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        return subprocess.run(
            [*command, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(REPO)],
        check=True,
        timeout=300,
    )
    (wheel,) = work.glob("genreport-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(n for n in archive.namelist() if n.startswith("genreport/templates/"))
    assert shipped == [
        f"genreport/templates/{outline}/{document}"
        for outline, document in sorted(
            [(o, f"{REPORT}.docx") for o in SHIPPED]
            + [(o, RULES_FILE) for o in SHIPPED]  # each outline states its scoring rules
            + [
                ("湖南", f"{d}.docx")
                for d in ("部门整体支出绩效自评表", BASIC_DATA, PROJECT_TABLES)
            ]
        )
    ]
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = Installed(venv)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target.python)]
        + ["install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )
    site = subprocess.run(
        [str(target.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    libraries = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(site) / "test-libraries.pth").write_text("\n".join(libraries) + "\n", encoding="utf-8")
    return target


def clerk_folder(installed: Installed, folder: Path) -> Path:
    """An empty folder after set-up, holding only 浏阳市总工会's 2022 data file."""
    folder.mkdir()
    set_up = installed.run(folder, "初始化")
    assert set_up.returncode == 0, set_up.stderr
    (folder / "data" / "2022").mkdir()
    shutil.copyfile(LIUYANG, folder / "data" / "2022" / LIUYANG.name)
    return folder


def documents(root: Path) -> dict[str, bytes]:
    """Every document and twin of 浏阳市总工会 2022, by file name."""
    folder = root / "output" / "2022" / "浏阳市总工会"
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".docx", ".md")
    }


def test_from_the_wheel_an_empty_folder_renders_every_document(installed, tmp_path):
    root = clerk_folder(installed, tmp_path / "株洲县总工会的数据")
    assert sorted(p.name for p in root.iterdir()) == [
        ".genreport",
        ".gitattributes",
        ".gitignore",
        "data",
        "output",
    ]
    result = installed.run(root, "2022")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "共1个单位：生成1个，未生成0个，警告6条。"
    expected = sorted(
        f"2022年度{d}{suffix}"
        for d in DOCUMENTS
        if d != PROJECT_TABLES
        for suffix in (".docx", ".md")
    )
    produced = documents(root)
    assert sorted(produced) == expected

    # The same documents, byte for byte, as this checkout renders in a folder of its own
    reference = tmp_path / "reference"
    (reference / "data" / "2022").mkdir(parents=True)
    shutil.copyfile(LIUYANG, reference / "data" / "2022" / LIUYANG.name)
    assert CliRunner().invoke(main, ["2022", "--root", str(reference)]).exit_code == 0
    assert produced == documents(reference)


def test_from_the_wheel_the_outlines_are_shipped_inside_the_installed_package(installed, tmp_path):
    root = clerk_folder(installed, tmp_path / "folder")
    listed = installed.run(root, "提纲")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line for line in lines if not line.startswith(" ")] == [f"{o}（自带）" for o in SHIPPED]
    templates = [line for line in lines if line.startswith(" ") and "：自带模板 " in line]
    assert len(templates) == len(DOCUMENTS) * len(SHIPPED)
    rules = [line.strip() for line in lines if line.startswith("  评分规则：")]
    assert [line.split("的评分规则.yaml")[0] for line in rules] == [  # read from the package
        f"评分规则：自带提纲“{o}”" for o in SHIPPED
    ]
    package = (installed.venv / "lib").resolve()
    for line in templates:
        document, path = line.strip().split("：自带模板 ")
        assert document in DOCUMENTS
        assert Path(path).is_file() and Path(path).resolve().is_relative_to(package)
    assert installed.run(root, "提纲", module=True).stdout == listed.stdout


def test_from_the_wheel_a_template_of_the_folder_overrides_the_shipped_one(installed, tmp_path):
    root = clerk_folder(installed, tmp_path / "folder")
    copied = installed.run(root, "复制模板", "长沙")  # 浏阳市总工会's outline
    assert copied.returncode == 0, copied.stderr
    own = root / "templates" / "长沙" / f"{REPORT}.docx"
    assert copied.stdout.splitlines()[0] == f"{Path('templates', '长沙', own.name)}：已复制。"

    with zipfile.ZipFile(own) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    title = "{{ 年度 }}年度部门整体支出绩效自评报告"
    xml = parts["word/document.xml"].decode("utf-8")
    assert xml.count(title) == 1
    parts["word/document.xml"] = xml.replace(title, title + MARK).encode("utf-8")
    with zipfile.ZipFile(own, "w") as target:  # as a clerk's edit in Word would be saved
        for name, content in parts.items():
            target.writestr(name, content)

    listed = installed.run(root, "提纲").stdout.splitlines()
    changsha = listed[listed.index("长沙（自带）") + 1]
    assert changsha == f"  {REPORT}：本文件夹的模板 {Path('templates', '长沙', own.name)}"

    result = installed.run(root, "2022")
    assert result.returncode == 0, result.stdout + result.stderr
    twin = documents(root)[f"2022年度{REPORT}.md"].decode("utf-8")
    assert f"2022年度部门整体支出绩效自评报告{MARK}" in twin

    again = installed.run(root, "复制模板", "长沙")
    assert again.stdout.splitlines()[0].endswith("：已存在，未改动（不会覆盖）。")
    assert MARK in zipfile.ZipFile(own).read("word/document.xml").decode("utf-8")


def test_from_the_wheel_setup_copies_the_example_union_which_renders_every_document(
    installed, tmp_path
):
    folder = tmp_path / "新文件夹"
    folder.mkdir()
    set_up = installed.run(folder, "初始化", "--示例")
    assert set_up.returncode == 0, set_up.stderr
    example = folder / "data" / "2023" / "示例区总工会.yaml"
    assert example.read_bytes() == (REPO / "data" / "2023" / example.name).read_bytes()
    result = installed.run(folder, "2023")
    assert result.returncode == 0, result.stdout + result.stderr
    produced = sorted(p.name for p in (folder / "output" / "2023" / "示例区总工会").glob("*.docx"))
    assert produced == sorted(f"2023年度{d}.docx" for d in DOCUMENTS)
