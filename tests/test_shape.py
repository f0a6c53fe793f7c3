"""The data keeps its shape: each name is imported from the module that defines it (no re-exports to
trace through), a computed type is never named like the contract type it is computed from, and the
score suggestions are worked out once, with the figures, for the checks and the command line to
read."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "genreport"


def module_path(module: str) -> Path | None:
    """The file of `genreport.x.y`, or None when it is not a module of the package."""
    parts = module.split(".")
    if parts[0] != "genreport":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def defined_in(path: Path) -> set[str]:
    """The names a module defines itself (not those it imports), at any depth of its top level."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def python_files() -> list[Path]:
    return sorted(
        p
        for folder in ("src", "tests", "benchmarks", "scripts")
        for p in (ROOT / folder).rglob("*.py")
        if ".venv" not in p.parts
    )


def test_every_name_is_imported_from_where_it_is_defined():
    reexported = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            source = module_path(node.module)
            if source is None:
                continue
            own = defined_in(source)
            for alias in node.names:
                submodule = module_path(f"{node.module}.{alias.name}")
                if alias.name not in own and submodule is None:
                    where = path.relative_to(ROOT).as_posix()
                    reexported.append(f"{where}:{node.lineno} {alias.name} from {node.module}")
    assert reexported == []


def classes_of(folder: str) -> dict[str, str]:
    found = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                found[node.name] = path.relative_to(PACKAGE).as_posix()
    return found


def test_no_computed_type_is_named_like_a_contract_type():
    contract, figures = classes_of("contract"), classes_of("figures")
    both = contract.keys() & figures.keys()
    assert {name: (contract[name], figures[name]) for name in both} == {}


SUGGESTING = ("review", "suggest")  # figures/suggest.py's functions that work suggestions out


def test_score_suggestions_are_worked_out_only_with_the_figures():
    callers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in SUGGESTING:
                callers.append(path.relative_to(PACKAGE).parts[0])
    assert callers and set(callers) == {"figures"}
