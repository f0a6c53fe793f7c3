"""The libraries genreport stands on: every one it imports is declared in pyproject.toml, and the
documents come out right with the declared versions (CI runs this suite again with each
dependency at its lower bound, see scripts/test-lowest.sh)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

from lxml import etree

from genreport.workspace import REPORT, SCORING_TABLE, Workspace

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "src" / "genreport"

# docProps/core.xml: Word's document properties, each in its own namespace
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CORE_NAMESPACES = {
    CORE,
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
}


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised as PyPI does (`python-docx>=1.1` -> python-docx)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> set[str]:
    """The top-level modules genreport's source imports, standard library and itself left out."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"genreport", "__future__"}


def test_every_library_genreport_imports_is_declared_with_a_lower_bound():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(requirement): requirement for requirement in project["dependencies"]}
    distributions = metadata.packages_distributions()
    imported = {
        module: sorted({_name(name) for name in distributions.get(module, [module])})
        for module in _imported_modules()
    }
    undeclared = {
        module: names for module, names in imported.items() if not set(names) & declared.keys()
    }
    assert undeclared == {}
    unbounded = [requirement for requirement in declared.values() if ">=" not in requirement]
    assert unbounded == []


def _assert_properties_once(root: Path) -> None:
    """Each core property of the union's documents once, in its own namespace."""
    for document in (REPORT, SCORING_TABLE):
        with zipfile.ZipFile(Workspace(root).document_path(2022, "浏阳市总工会", document)) as docx:
            core = etree.fromstring(docx.read("docProps/core.xml"))
        tags = [etree.QName(child) for child in core]
        assert [tag.text for tag in tags if tag.namespace not in CORE_NAMESPACES] == []
        names = [tag.localname for tag in tags]
        assert sorted({name for name in names if names.count(name) > 1}) == []
        assert core.findtext(f"{{{CORE}}}lastModifiedBy") == "genreport"


# docxcompose (a dependency of docxtpl before 0.20.2, left installed by an upgrade, and imported by
# docxtpl whenever it is there) rebinds python-docx's `cp:` prefix to the custom-properties
# namespace on import: the core properties were then written a second time, in that namespace.
# This stand-in does to python-docx what docxcompose.utils does, and offers what docxtpl imports.
_DOCXCOMPOSE = {
    "__init__.py": "",
    "utils.py": (
        "from docx.oxml.ns import nsmap\n"
        "NS = {'cp': 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties'}\n"
        "nsmap.update(NS)\n"
        "def xpath(element, xpath_str):\n"
        "    return element.xpath(xpath_str)\n"
    ),
    "properties.py": "from . import utils\nclass CustomProperties:\n    pass\n",
    "composer.py": "class Composer:\n    pass\n",
}


def test_document_properties_are_right_with_docxcompose_installed_beside_docxtpl(tmp_path):
    stand_in = tmp_path / "site" / "docxcompose"
    stand_in.mkdir(parents=True)
    for name, text in _DOCXCOMPOSE.items():
        (stand_in / name).write_text(text, encoding="utf-8")
    root = tmp_path / "folder"
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    path = os.pathsep.join(
        [str(stand_in.parent), str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
    )
    result = subprocess.run(
        [sys.executable, "-m", "genreport", "2022", "--union", "浏阳市总工会", "--root", str(root)],
        env={**os.environ, "PYTHONPATH": path, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    _assert_properties_once(root)
