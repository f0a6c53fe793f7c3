"""Issue 23: every page agrees with check, and nothing the clerk writes is dropped without a word.

End to end: data files written as a clerk would, `genreport` run on them, the warnings printed and
the pages (.md twins) read.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from genreport.cli.app import main
from genreport.documents.engine import unfilled_keys
from genreport.workspace import REPORT, shipped_templates

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml"
OUTLINES = ("湖南", "长沙", "岳阳", "邵阳")


def _without(data: dict, key_path: str) -> dict:
    node = data
    *parents, last = key_path.split(".")
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return data
    if isinstance(node, dict):
        node.pop(last, None)
    return data


def _run(root: Path, year: int = 2022) -> str:
    result = CliRunner().invoke(main, [str(year), "--root", str(root), "-j", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _write(root: Path, name: str, data: dict, year: int = 2022) -> None:
    data = {**data, "单位名称": name, "年度": year}
    path = root / "data" / str(year) / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _report(root: Path, name: str, year: int = 2022) -> str:
    return (root / "output" / str(year) / name / f"{year}年度{REPORT}.md").read_text("utf-8")


def _warnings_of(output: str, name: str) -> list[str]:
    block = output.split(f"\n{name}：\n", 1)[1] if not output.startswith(f"{name}：") else output
    lines = []
    for line in block.splitlines()[1 if output.startswith(f"{name}：") else 0 :]:
        if not line.startswith("  "):
            break
        lines.append(line.strip())
    return [line for line in lines if line.startswith("警告")]


def test_placeholders_and_check_agree_on_every_section_of_every_outline(tmp_path):
    """Item 5: for each key an outline's report shows `（未填写）` for, a file leaving out only
    that key gets check's promise of the placeholder exactly when the page shows it, and never
    contradictory advice."""
    example = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    cases = {}
    for outline in OUTLINES:
        for key in unfilled_keys(shipped_templates() / outline / f"{REPORT}.docx"):
            if key.startswith("自评表"):
                continue
            name = f"单位{len(cases) + 1}"
            data = _without(yaml.safe_load(EXAMPLE.read_text("utf-8")), key)
            if data == example:
                continue  # the example does not write it: nothing to take out
            _write(tmp_path, name, {**data, "提纲": outline})
            cases[name] = (outline, key)
    assert len(cases) > 20
    output = _run(tmp_path)
    made = [n for n in cases if (tmp_path / "output" / "2022" / n).is_dir()]
    assert len(made) > 20  # taking out 基本支出 leaves 资金来源 without its whole: an error
    for name in made:
        outline, key = cases[name]
        promised = [w for w in _warnings_of(output, name) if "将显示“（未填写）”" in w]
        page = _report(tmp_path, name)
        assert bool(promised) == ("（未填写）" in page), (outline, key, promised)
        assert any(f" {key}：" in w for w in promised), (outline, key, promised)
        for warning in _warnings_of(output, name):
            assert not ("至少填写一条" in warning and "- 无" in warning), warning
        assert sum("存在问题" in w for w in _warnings_of(output, name)) <= 1


def test_budget_only_three_public_is_stated_with_its_fall(tmp_path):
    """Item 6: 北塔's 三公 as a clerk writes it: the budget and its fall on last year's budget are in
    the report, not only “全部为公务接待费”."""
    data = yaml.safe_load((REPO / "data" / "2019" / "北塔区总工会.yaml").read_text("utf-8"))
    data["支出"]["三公经费"] = {
        "因公出国（境）费": 0,
        "公务用车购置及运行维护费": 0,
        "公务接待费": {"预算": 0.15, "上年预算": 1.35},
    }
    _write(tmp_path, "北塔区总工会", data, year=2019)
    _run(tmp_path, 2019)
    report = _report(tmp_path, "北塔区总工会", 2019)
    line = next(x for x in report.splitlines() if x.startswith("“三公”经费："))
    assert (
        line == "“三公”经费：2019年度“三公”经费预算0.15万元，预算比上年减少1.20万元，下降88.89%。"
    )


def test_a_partly_known_three_public_item_is_stated_as_far_as_known(tmp_path):
    data = yaml.safe_load((REPO / "data" / "2019" / "北塔区总工会.yaml").read_text("utf-8"))
    data["支出"]["三公经费"] = {
        "因公出国（境）费": 0,
        "公务用车购置及运行维护费": {"执行": 2, "说明": "全部为公车运行维护"},
        "公务接待费": {"预算": 0.15},
    }
    _write(tmp_path, "北塔区总工会", data, year=2019)
    _run(tmp_path, 2019)
    report = _report(tmp_path, "北塔区总工会", 2019)
    assert "公务用车购置及运行维护费2.00万元，全部为公车运行维护" in report
    assert "公务接待费预算0.15万元" in report


def test_a_filled_key_no_document_shows_is_one_warning_naming_key_and_outline(tmp_path):
    """Item 7: the bundled outlines show what the seeds showed (北塔: 全年完成情况 with its
    含上年结转, the 下拨基层工会经费 note, 资产管理; 专项资金 in 湖南), and a key an outline has no
    place for gets one warning naming the key and the outline."""
    beita = yaml.safe_load((REPO / "data" / "2019" / "北塔区总工会.yaml").read_text("utf-8"))
    _write(tmp_path, "北塔区总工会", beita, year=2019)
    output = _run(tmp_path, 2019)
    report = _report(tmp_path, "北塔区总工会", 2019)
    assert "全年支出（含上年结转资金）" in report
    assert "补助下级支出：全年下拨基层工会经费，补助各基层工会工作经费。" in report
    assert "制定《北塔区总工会固定资产管理制度》" in report
    assert "提纲的文件中都没有" not in output

    hunan = {**beita, "提纲": "湖南"}
    _write(tmp_path, "益阳", hunan, year=2019)
    changsha = {**beita, "提纲": "长沙"}
    _write(tmp_path, "长沙某", changsha, year=2019)
    output = _run(tmp_path, 2019)
    assert "工会工作经费1.60万元" in _report(tmp_path, "益阳", 2019)
    changsha_warnings = [
        w.split("长沙某.yaml:", 1)[1]
        for w in _warnings_of(output, "长沙某")
        if "提纲的文件中都没有" in w
    ]
    lines = (tmp_path / "data" / "2019" / "长沙某.yaml").read_text("utf-8").splitlines()
    expected = []
    for key in ("管理情况",):  # 长沙's seed has no such section
        line = next(n for n, x in enumerate(lines, 1) if x.startswith(f"{key}:"))
        expected.append(
            f"{line} {key}：填写了“{key}”，但“长沙”提纲的文件中都没有这一部分，"
            "这些内容不会出现在任何文件中。请把内容移到提纲中有的部分，或删除这一项。"
        )
    assert changsha_warnings == expected
