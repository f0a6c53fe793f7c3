"""How well `genreport 导入` reads the five seed reports, measured against the bundled data files
made from them: per seed, the answer's figures recovered (recall), figures imported under a key the
answer lacks or with another value (wrong: must be 0), narrative keys filled, and 待核对 entries.

    PYTHONPATH=src python benchmarks/bench_import.py /work/shared/seeds/*.txt

A figure is a number anywhere in the answer (amounts, staff counts, scores), keyed by its path;
a bare amount and its `执行` are the same figure; names in 明细, 在职构成, 项目 are compared
without 的/和/支出/人员 (the answer rewords some: 事业编制 → 事业编制人员)."""

from __future__ import annotations

import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml

from genreport.importing.draft import import_documents
from genreport.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE = (
    "概况.职能",
    "概况.重点工作",
    "绩效情况",
    "项目实施情况",
    "存在问题",
    "改进措施",
    "结果应用",
)


def _name(text: str) -> str:
    # the contract's note: 公用经费 is the 商品和服务支出 within 基本支出 (the answers use both)
    text = re.sub(r"^商品和?服务支出$", "公用经费", str(text))
    return re.sub(r"的|和|支出$|人员$|\s", "", str(text))


def figures(node, path: str = "") -> dict[str, Decimal]:
    out = {}
    if isinstance(node, dict):
        named = "名称" in node
        for key, value in node.items():
            if key == "名称":
                continue
            step = (
                key
                if named or key in ("执行", "预算", "上年", "上年预算", "年初预算")
                else _name(key)
            )
            out.update(figures(value, f"{path}.{step}" if path else step))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            tag = _name(item["名称"]) if isinstance(item, dict) and "名称" in item else str(i)
            out.update(figures(item, f"{path}[{tag}]"))
    elif isinstance(node, (int, float)) and not isinstance(node, bool) and not _text(path):
        out[re.sub(r"\.执行$", "", path)] = Decimal(str(node))
    return out


def _text(path: str) -> bool:
    # a 自评表 cell the contract holds as text (`完成值: 800` is the words 800, not a figure)
    return path.endswith((".指标值", ".完成值", ".偏差原因"))


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def measure(seed: Path, answers: dict[tuple[str, int], Path]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        project = Workspace(Path(folder))
        imported = import_documents(project, [seed])
        draft = load(imported.path)
        text = imported.path.read_text(encoding="utf-8")
        errors = len(imported.check.errors)
    answer = load(answers[(draft["单位名称"], int(draft["年度"]))])
    want = {k: v for k, v in figures(answer).items() if k != "年度"}
    got = {k: v for k, v in figures(draft).items() if k != "年度"}
    right = [k for k in want if k in got and got[k] == want[k]]
    wrong = [
        f"{k}={got[k]}（答案：{want.get(k, '无')}）"
        for k in got
        if k not in want or got[k] != want[k]
    ]
    narrative = [k for k in NARRATIVE if _has(answer, k)]
    placed = [k for k in narrative if _has(draft, k)]
    review = text.count("\n#   - ")
    return {
        "seed": seed.name, "union": draft["单位名称"], "recall": (len(right), len(want)),
        "wrong": wrong, "missing": [k for k in want if k not in right],
        "narrative": (len(placed), len(narrative)), "review": review, "check_errors": errors,
    }  # fmt: skip


def _has(data: dict, dotted: str) -> bool:
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return bool(node)


def answer_files() -> dict[tuple[str, int], Path]:
    out = {}
    for path in sorted((ROOT / "data").glob("*/*.yaml")):
        data = load(path)
        out[(data["单位名称"], int(data["年度"]))] = path
    return out


def main(seeds: list[str]) -> None:
    answers = answer_files()
    for seed in map(Path, seeds):
        r = measure(seed, answers)
        got, total = r["recall"]
        print(
            f"{r['seed']} {r['union']}: 数字 {got}/{total} ({got / total:.0%})，错误 {len(r['wrong'])}，"
            f"文字字段 {r['narrative'][0]}/{r['narrative'][1]}，待核对 {r['review']}，check 错误 {r['check_errors']}"
        )
        for w in r["wrong"]:
            print("   错：", w)
        print("   缺：", "、".join(r["missing"]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
