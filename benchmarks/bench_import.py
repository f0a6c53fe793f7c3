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
# Narrative items counted one by one: each of the answer's items (a list's element, a text) is
# placed when the draft holds it under the same key: a unit's name exactly, a text when at least
# half of its character pairs stand in one draft item (the answers reword the seeds: 人员变动其主
# 要原因是人员调整、人员退休 → 人员变动主要由于人员调整和人员退休)
ITEMS = (
    "概况.职能", "概况.重点工作", "概况.机构.内设机构", "概况.机构.下属单位", "概况.机构.说明",
    "概况.人员.说明", "绩效情况", "项目实施情况", "存在问题", "原因分析", "改进措施", "结果应用",
    "其他说明", "公开.是否公开", "公开.网址", "公开.联系人", "公开.联系电话",
)  # fmt: skip
NAMES = ("概况.机构.内设机构", "概况.机构.下属单位")


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
    items = {k: _items(_get(answer, k)) for k in ITEMS}
    found = {k: _items(_get(draft, k)) for k in ITEMS}
    placed_items = [
        (k, item) for k in ITEMS for item in items[k] if any(_same(k, item, d) for d in found[k])
    ]
    review = text.count("\n#   - ")
    return {
        "seed": seed.name, "union": draft["单位名称"], "recall": (len(right), len(want)),
        "wrong": wrong, "missing": [k for k in want if k not in right],
        "narrative": (len(placed), len(narrative)), "review": review, "check_errors": errors,
        "items": (len(placed_items), sum(map(len, items.values()))),
        "items_missing": [f"{k}：{i[:16]}" for k in ITEMS for i in items[k]
                          if (k, i) not in placed_items],
    }  # fmt: skip


def _get(data: dict, dotted: str) -> object:
    node: object = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _items(node: object) -> list[str]:
    """A narrative key's items as texts: a list's elements (a 标题 with its 要点 as one), a text."""
    if node is None:
        return []
    if isinstance(node, list):
        return [" ".join(_items(i)) if isinstance(i, (dict, list)) else str(i) for i in node]
    if isinstance(node, dict):
        return [" ".join(t for v in node.values() for t in _items(v))]
    return [str(node)]


def _pairs(text: str) -> set[str]:
    text = re.sub(r"[\W\d_]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _same(key: str, want: str, got: str) -> bool:
    if key in NAMES or len(want) <= 4:
        return want.rstrip("。") == got.rstrip("。")
    pairs = _pairs(want)
    return len(pairs & _pairs(got)) >= len(pairs) / 2


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
            f"文字字段 {r['narrative'][0]}/{r['narrative'][1]}，文字条目 {r['items'][0]}/{r['items'][1]}，"
            f"待核对 {r['review']}，check 错误 {r['check_errors']}"
        )
        for w in r["wrong"]:
            print("   错：", w)
        print("   缺：", "、".join(r["missing"]))
        print("   缺文字：", "；".join(r["items_missing"]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
