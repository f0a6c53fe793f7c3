"""One data file per union: `X.yaml` beside `X.yml` (or `X.YAML`, or the same name written
decomposed as macOS may write it) is an error naming both, and every command (check, render, new,
init, 汇总, last year's lookup) reads the same set of files."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.pipeline import check_union

REPO = Path(__file__).resolve().parent.parent
NAME = "浏阳市总工会"
EXAMPLE = REPO / "data" / "2022" / f"{NAME}.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def project(root: Path, *names: str, year: int = 2022, text: str | None = None) -> Path:
    """A project whose year folder holds the bundled 浏阳 file under each of `names`."""
    folder = root / "data" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(text or EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def twins_error(folder: Path, *names: str, why: str = "文件名只差扩展名或大小写") -> str:
    listed = "、".join(f"“{n}”" for n in names)
    return (
        f"{listed}是同一个单位的数据文件（{why}），生成的文件会放进同一个文件夹，无法确定以哪一个"
        f"为准，都未使用。请保留一个，把其余的删除或移出“{folder.name}”文件夹。"
    )


@pytest.mark.parametrize(
    "names",
    [(f"{NAME}.yaml", f"{NAME}.yml"), (f"{NAME}.YAML", f"{NAME}.yaml")],
    ids=["yaml-yml", "suffix-case"],
)
def test_check_names_both_files_of_one_union_as_an_error(tmp_path, names):
    root = project(tmp_path, *names)
    folder = root / "data" / "2022"
    result = run("check", "2022", "--root", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for name in sorted(names):
        assert f"  错误 {folder / name}：{twins_error(folder, *sorted(names))}" in lines
    assert lines[-1] == "共检查2个单位：2个有错误，警告12条。"


def test_render_uses_neither_file_so_the_documents_cannot_mix_them(tmp_path):
    root = project(tmp_path, f"{NAME}.yaml")
    # the second file says another figure: with -j 2 the documents took either, run to run
    other = EXAMPLE.read_text(encoding="utf-8").replace("在职: 22", "在职: 23", 1)
    assert other != EXAMPLE.read_text(encoding="utf-8")
    (root / "data" / "2022" / f"{NAME}.yml").write_text(other, encoding="utf-8")
    result = run("2022", "-j", "2", "--root", str(root))
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if line.startswith(f"{NAME}：有")]
    assert len(refused) == 2
    assert all(line.endswith("个错误，未生成（原有文件保持不变）。") for line in refused)
    assert not (root / "output" / "2022" / NAME).exists()


def test_names_that_differ_only_in_normalization_are_one_union(tmp_path):
    composed = "Café职工总工会"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    text = EXAMPLE.read_text(encoding="utf-8").replace(f"单位名称: {NAME}", f"单位名称: {composed}")
    root = project(tmp_path, f"{composed}.yaml", f"{decomposed}.yml", text=text)
    folder = root / "data" / "2022"
    names = sorted([f"{composed}.yaml", f"{decomposed}.yml"])
    result = run("check", "2022", "--root", str(root))
    assert result.exit_code == 1
    why = "文件名看起来相同，但字符的编码方式不同，多由苹果电脑复制产生"
    assert f"  错误 {folder / names[0]}：{twins_error(folder, *names, why=why)}" in (
        result.output.splitlines()
    )


def test_a_decomposed_file_name_agrees_with_its_composed_union_name(tmp_path):
    composed = "Café职工总工会"
    text = EXAMPLE.read_text(encoding="utf-8").replace(f"单位名称: {NAME}", f"单位名称: {composed}")
    root = project(tmp_path, f"{unicodedata.normalize('NFD', composed)}.yaml", text=text)
    result = run("check", "2022", "--root", str(root))
    assert "不一致" not in result.output
    assert result.exit_code == 0, result.output


def test_new_rolls_a_yml_file_forward(tmp_path):
    root = project(tmp_path, f"{NAME}.yml")
    result = run("new", "2023", "--root", str(root))
    assert result.exit_code == 0, result.output
    target = root / "data" / "2023" / f"{NAME}.yml"
    assert result.output.splitlines()[0] == f"已生成 {target}"
    assert "        上年: 302.92\n" in target.read_text(encoding="utf-8")


def test_new_refuses_a_union_with_two_files_naming_both(tmp_path):
    root = project(tmp_path, f"{NAME}.yaml", f"{NAME}.yml")
    folder = root / "data" / "2022"
    result = run("new", "2023", "--root", str(root))
    assert result.output.splitlines()[0] == (
        f"{root / 'data' / '2023' / f'{NAME}.yaml'}：“{NAME}.yaml”、“{NAME}.yml”是同一个单位的"
        "数据文件（文件名只差扩展名或大小写），无法确定以哪一个为准，未生成。请保留一个，"
        f"把其余的删除或移出“{folder.name}”文件夹。"
    )
    assert not (root / "data" / "2023").exists()


def test_new_and_init_never_write_a_second_file_for_a_union(tmp_path):
    root = project(tmp_path, f"{NAME}.yaml")
    project(root, f"{NAME}.yml", year=2023)
    existing = root / "data" / "2023" / f"{NAME}.yml"
    before = existing.read_bytes()
    result = run("new", "2023", "--root", str(root))
    assert result.output.splitlines()[0] == f"{existing}：已存在，未改动。"
    result = run("init", NAME, "2023", "--root", str(root))
    assert result.output.splitlines()[0] == f"{existing}：已存在，未改动。"
    assert sorted(p.name for p in (root / "data" / "2023").iterdir()) == [f"{NAME}.yml"]
    assert existing.read_bytes() == before


def test_last_years_file_is_found_whatever_its_suffix(tmp_path):
    root = project(tmp_path, f"{NAME}.yml")
    assert run("new", "2023", "--root", str(root)).exit_code == 0
    rolled = root / "data" / "2023" / f"{NAME}.yml"
    # this year's file as .yaml without the 上年 new wrote, last year's as .yml: 上年 still comes
    # from last year's file
    text = rolled.read_text(encoding="utf-8")
    rolled.unlink()
    assert "        上年: 302.92\n" in text
    this_year = root / "data" / "2023" / f"{NAME}.yaml"
    this_year.write_text(text.replace("        上年: 302.92\n", ""), encoding="utf-8")
    checked = check_union(this_year, 2023)
    assert checked.view.disagreements.last_year_file == root / "data" / "2022" / f"{NAME}.yml"
    assert [line.last_year for line in checked.view.basic_items][:1] == [Decimal("302.92")]


def test_two_files_last_year_are_named_and_neither_is_used(tmp_path):
    root = project(tmp_path, f"{NAME}.yaml")
    assert run("new", "2023", "--root", str(root)).exit_code == 0
    project(root, f"{NAME}.yml")
    folder = root / "data" / "2022"
    result = run("check", "2023", "--root", str(root))
    assert (
        f"  警告 {root / 'data' / '2023' / f'{NAME}.yaml'}：“{NAME}.yaml”、“{NAME}.yml”是同一个"
        "单位的数据文件（文件名只差扩展名或大小写），未从中取上年数。请保留一个，把其余的删除或"
        f"移出“{folder.name}”文件夹。"
    ) in result.output.splitlines()


def test_the_summary_lists_the_error_for_both_files(tmp_path):
    root = project(tmp_path, f"{NAME}.yaml", f"{NAME}.yml")
    result = run("汇总", "2022", "--root", str(root))
    assert result.exit_code == 0, result.output
    twin = (root / "output" / "2022" / "2022年度部门整体支出绩效自评汇总表.md").read_text(
        encoding="utf-8"
    )
    message = twins_error(Path("data/2022"), f"{NAME}.yaml", f"{NAME}.yml")
    for name in (f"{NAME}.yaml", f"{NAME}.yml"):
        assert f"| {NAME} | 错误 | data/2022/{name} |  | {message} |" in twin


def test_a_yml_file_last_year_is_not_reported_missing_this_year(tmp_path):
    root = project(tmp_path, f"{NAME}.yml", year=2022)
    project(
        root,
        f"{NAME}.YAML",
        year=2023,
        text=EXAMPLE.read_text(encoding="utf-8").replace("年度: 2022", "年度: 2023"),
    )
    assert run("汇总", "2023", "--root", str(root)).exit_code == 0
    twin = (root / "output" / "2023" / "2023年度部门整体支出绩效自评汇总表.md").read_text(
        encoding="utf-8"
    )
    assert "2022年度有数据文件，2023年度没有" not in twin
