"""The shipped 湖南 自评表 made a folder's own template with its parts edited as a test needs (a
restyle in Word or WPS), and the sample union's data beside it to render."""

from __future__ import annotations

import zipfile
from pathlib import Path

from genreport.workspace import SCORING_TABLE, shipped_templates

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "submission" / "2023" / "示例区总工会.yaml"


def shipped_scoring_parts() -> dict[str, bytes]:
    """The shipped scoring table's parts, by name, in their order."""
    shipped = shipped_templates() / "湖南" / f"{SCORING_TABLE}.docx"
    with zipfile.ZipFile(shipped) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def own_scoring_table(root: Path, parts: dict[str, bytes]) -> Path:
    """`parts` written as `root`'s own 湖南 scoring table, beside the sample union's 2023 data."""
    path = root / "templates" / "湖南" / f"{SCORING_TABLE}.docx"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    data = root / "data" / "2023" / "示例区总工会.yaml"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return path
