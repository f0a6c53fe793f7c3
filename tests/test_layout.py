"""The house's shape: the package's folders are the pipeline's stages, a module imports only from its
own stage or the stages before it, and no modules import each other in a loop (imports inside
functions and under TYPE_CHECKING count too: a loop deferred is still a loop)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "genreport"

# The flow, first to last: a module may import its own stage and those listed before it.
STAGES = [
    ("genreport", "errors", "atomic", "failures", "versions", "workspace"),
    ("contract",),
    ("reading",),
    ("figures",),
    ("checks",),
    ("documents",),
    ("output",),
    ("pipeline",),
    ("summary", "scaffold"),
    ("importing",),
    ("cli", "__main__"),
]


def stage_of(module: str) -> int:
    """The stage of `genreport.x.y` by its first part below the package (`genreport` alone: 0)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "genreport"
    for rank, names in enumerate(STAGES):
        if top in names:
            return rank
    raise AssertionError(f"{module} is in no stage: add its folder to STAGES in {__file__}")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def test_every_module_is_in_a_stage():
    for name in modules():
        stage_of(name)


def test_no_module_imports_from_a_later_stage():
    upward = [
        f"{name} ({STAGES[stage_of(name)][0]}) imports {target} ({STAGES[stage_of(target)][0]})"
        for name, targets in graph().items()
        for target in sorted(targets)
        if stage_of(target) > stage_of(name) and target != "genreport"
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_loop():
    edges = graph()
    loops = []
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if target == "genreport" or name == "genreport":
                continue  # the package's own __init__ holds only the version
            if state.get(target) == 1:
                loops.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                walk(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name, [name])
    assert loops == []


@pytest.mark.parametrize("folder", [p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()])
def test_each_stage_says_what_it_is(folder):
    tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{folder.name}/__init__.py needs a docstring"


# The project folder's own names: said once, by the workspace. The package's shipped `templates/`
# (versions, workspace) and the per-user cache's `templates/` (usercache) are other folders.
LAYOUT_NAMES = {"data", "output", "templates", ".genreport", "schema.json"}
LAYOUT_OWNERS = {"genreport.workspace", "genreport.versions", "genreport.documents.usercache"}


def test_only_the_workspace_names_the_project_folders():
    named = [
        f"{name}:{node.lineno} {node.value!r}"
        for name, path in modules().items()
        if name not in LAYOUT_OWNERS
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in LAYOUT_NAMES
    ]
    assert named == []


def test_a_command_builds_one_workspace():
    """The `--root` option gives each command its workspace; below it, functions take one."""
    built = [
        f"{name}:{node.lineno}"
        for name, path in modules().items()
        if name not in ("genreport.workspace", "genreport.cli.chinese")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Workspace"
    ]
    assert built == []
