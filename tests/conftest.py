"""Shared fixtures: the contract example and a scratch project folder to plant mistakes in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The contract's worked example, byte for byte (data/ has the same file with `提纲: 长沙` added).
EXAMPLE = REPO / "tests" / "fixtures" / "contract" / "2022" / "浏阳市总工会.yaml"


@pytest.fixture(autouse=True, scope="session")
def _template_cache(tmp_path_factory):
    """Prepared templates in a cache folder of the test session's own (and of the commands it
    runs), not in the user's."""
    os.environ["GENREPORT_CACHE_DIR"] = str(tmp_path_factory.mktemp("template-cache"))


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path):
    """A function writing a union's YAML into tmp_path/data/<year>/<name>.yaml."""

    def write(text: str, name: str = "浏阳市总工会", year: int = 2022) -> Path:
        path = tmp_path / "data" / str(year) / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    write.root = tmp_path
    return write
