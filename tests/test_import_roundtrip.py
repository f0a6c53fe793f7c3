"""`genreport 导入` of the documents genreport itself rendered: every bundled union's report and
tables import back with no false disagreement in 待核对 (each share against the base its sentence
names, a 三公 budget or 上年 against the lines' own, 政府采购 against its parts) and with the
source's figures; a project named in two hands (quotes, spaces, full-width brackets) is one."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner

from genreport.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
UNIONS = sorted((p.parent.name, p.stem) for p in (ROOT / "data").glob("*/*.yaml"))
DISAGREE = "原文的合计或比例与 genreport 由各项算出的不一致"
PROJECT = "项目支出绩效自评表"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _rendered(tmp_path: Path, year: str, union: str, text: str | None = None) -> list[Path]:
    """The documents genreport renders for `union` (from `text` when given)."""
    first = tmp_path / "first"
    (first / "data" / year).mkdir(parents=True)
    source = ROOT / "data" / year / f"{union}.yaml"
    target = first / "data" / year / source.name
    if text is None:
        shutil.copy(source, target)
    else:
        target.write_text(text, encoding="utf-8")
    run(year, "-j", "1", "--root", str(first))
    return sorted((first / "output" / year / union).glob("*.docx"))


def _imported(tmp_path: Path, files: list[Path]) -> str:
    """The draft `genreport 导入 files` writes, run in `tmp_path` (where it puts its schema)."""
    out = tmp_path / "draft.yaml"
    result = run("导入", *map(str, files), "--to", str(out), "--root", str(tmp_path))
    assert "已生成" in result.output, result.output
    return out.read_text(encoding="utf-8")


def _review(draft: str) -> list[str]:
    """The 待核对 lines that are not agreements."""
    block = draft[draft.index("# 待核对：") :] if "# 待核对：" in draft else ""
    return [
        line for line in block.splitlines() if line.startswith("#   - ") and "一致）" not in line
    ]


def _amounts(node: object, path: str = "") -> dict[str, Decimal]:
    """Every number under `node` by its path (a bare amount as its 执行); lists by 名称 or index."""
    if isinstance(node, dict):
        found: dict[str, Decimal] = {}
        for key, value in node.items():
            found.update(_amounts(value, f"{path}.{key}"))
        return found
    if isinstance(node, list):
        found = {}
        for i, item in enumerate(node):
            name = item.get("名称", item.get("一级", i)) if isinstance(item, dict) else i
            found.update(_amounts(item, f"{path}[{name}]"))
        return found
    if isinstance(node, bool) or not isinstance(node, int | float):
        return {}
    leaf = path.rsplit(".", 1)[-1]
    key = path if leaf in ("执行", "预算", "年初预算", "上年", "上年预算") else f"{path}.执行"
    return {key.removesuffix(".执行"): Decimal(str(node))}


# 待核对 entries that say a stated figure could not be placed or computed from the parts; in a
# document genreport rendered, only these are real (the source holds no figure to compute them
# from: 北塔's documents show no line's 上年预算, 南湖's 建会率 is a narrative's)
UNCOMPUTED = ("genreport 无法由已导入的数算出", "各项之和与", "由原文推算", "不知道是哪一项的数",
              "未读到其下各项")  # fmt: skip
REAL = {
    "北塔区总工会": ["预算比上年减少1.20万元”", "预算比上年减少1.20万元，下降88.89%”"],
    "南湖新区总工会": ["建会率86.5%”"],
}


def test_every_rendered_union_imports_back_with_no_false_disagreement(tmp_path):
    for year, union in UNIONS:
        here = tmp_path / union
        draft = _imported(here, _rendered(here, year, union))
        assert DISAGREE not in draft, "\n".join(_review(draft))
        uncomputed = [line for line in _review(draft) if any(w in line for w in UNCOMPUTED)]
        real = REAL.get(union, [])
        assert len(uncomputed) == len(real), (union, uncomputed)
        assert all(w in line for w, line in zip(real, uncomputed, strict=True)), uncomputed
        # each figure the draft holds is the source's (a total genreport shows is not in it)
        source = _amounts(yaml.safe_load((ROOT / "data" / year / f"{union}.yaml").read_text()))
        read = _amounts(yaml.safe_load(draft))
        assert {k: v for k, v in read.items() if k in source and source[k] != v} == {}, union


def test_the_example_imports_back_with_nothing_to_review_and_its_procurement(tmp_path):
    draft = _imported(tmp_path, _rendered(tmp_path, "2023", "示例区总工会"))
    assert _review(draft) == []
    report = "2023年度部门整体支出绩效自评报告.docx"
    for agreed in (
        # a share of 基本支出 and of 项目支出, against its own base (not the whole's 140.50)
        f"{report} 第19段：“（1）工资福利支出80.00万元，占基本支出的80.00%”（genreport 算得 80.00%，一致）",
        f"{report} 第24段：“（1）困难职工帮扶28.50万元，占项目支出的70.37%”（genreport 算得 70.37%，一致）",
        # the 三公 budget against the lines' 预算 (3.50 + 1.00), its 上年 against theirs
        f"{report} 第27段：““三公”经费：2023年度“三公”经费预算4.50万元”（genreport 算得 4.5万元，一致）",
        f"{report} 第27段：“算4.50万元，实际支出4.00万元，比上年减少0.50万元”（genreport 算得 4.5万元，一致）",
        # 政府采购's total against 货物 + 工程 + 服务, in the report and in the 基础数据表
        f"{report} 第28段：“政府采购：2023年度政府采购支出总额8.00万元”（genreport 算得 8万元，一致）",
        "2023年度部门整体支出绩效评价基础数据表.docx 表1第18行：“政府采购金额（执行：8）”"
        "（genreport 算得 8万元，一致）",
    ):
        assert f"#   - {agreed}" in draft.splitlines(), agreed
    imported = yaml.safe_load(draft)
    assert imported["支出"]["政府采购"] == {"货物": 6, "工程": 0, "服务": 2}
    # 工资福利支出's budget from `较预算减少2.00万元` after its actual
    assert imported["支出"]["基本支出"]["明细"]["工资福利支出"]["预算"] == 82


def test_a_share_that_is_wrong_of_its_own_base_is_listed_with_both(tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text(
        "示例区总工会2023年度部门整体支出绩效自评报告\n"
        "（一）基本支出\n"
        "基本支出100.00万元。其中：\n"
        "（1）工资福利支出80.00万元，占基本支出的79.00%。\n"
        "（2）商品和服务支出20.00万元，占基本支出的20.00%。\n"
        "（二）项目支出\n"
        "项目支出50.00万元。其中：\n"
        "（1）困难职工帮扶50.00万元，占项目支出的100.00%。\n",
        encoding="utf-8",
    )
    draft = _imported(tmp_path, [report])
    assert (
        "#   - 报告.txt 第4行：“（1）工资福利支出80.00万元，占基本支出的79.00%”："
        "原文 79%，genreport 由已导入的各项算得 80.00%"
    ) in draft.splitlines()


def _project_table_named(files: list[Path], name: str) -> Path:
    """The rendered 项目支出绩效自评表 with its project's name written `name`."""
    table = next(p for p in files if p.name.endswith(f"{PROJECT}.docx"))
    document = docx.Document(str(table))
    for cell in document.tables[0]._cells:
        if cell.text == "困难职工帮扶（一期）":
            cell.text = name
    document.save(str(table))
    return table


def _example_with_project_named(name: str) -> str:
    text = (ROOT / "data" / "2023" / "示例区总工会.yaml").read_text(encoding="utf-8")
    return text.replace("名称: 困难职工帮扶", f"名称: {name}", 1)


def test_a_project_named_with_other_quotes_spaces_and_brackets_is_one(tmp_path):
    files = _rendered(
        tmp_path, "2023", "示例区总工会", _example_with_project_named("困难职工帮扶（一期）")
    )
    _project_table_named(files, "“困难职工帮扶” (一期)")
    draft = _imported(tmp_path, files)
    projects = yaml.safe_load(draft)["支出"]["项目支出"]["项目"]
    assert [p["名称"] for p in projects] == ["困难职工帮扶（一期）", "职工文体活动"]
    assert projects[0]["资金来源"]["当年财政拨款"]["执行"] == 24.5
    assert _review(draft) == []


def test_a_project_whose_name_really_differs_stays_two_and_is_said_to_look_alike(tmp_path):
    files = _rendered(
        tmp_path, "2023", "示例区总工会", _example_with_project_named("困难职工帮扶（一期）")
    )
    _project_table_named(files, "困难职工帮扶（二期）")
    draft = _imported(tmp_path, files)
    names = [p["名称"] for p in yaml.safe_load(draft)["支出"]["项目支出"]["项目"]]
    assert names == ["困难职工帮扶（一期）", "职工文体活动", "困难职工帮扶（二期）"]
    assert (
        f"#   - 2023年度{PROJECT}.docx 表1第1行：“项目名称 困难职工帮扶（二期）”"
        "（项目名称与“困难职工帮扶（一期）”相近但不相同，已按两个项目导入；是同一项目的，请改成同一名称）"
    ) in draft.splitlines()
