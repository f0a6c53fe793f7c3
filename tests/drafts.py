"""`genreport 导入` run on one file as a clerk runs it, its draft read back."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from genreport.cli.app import main


def imported(path: Path, root: Path) -> tuple[dict, str]:
    """The draft `导入` writes for `path` under `root` (it must succeed), as data and as text."""
    target = root / f"{path.name}.yaml"
    result = CliRunner().invoke(
        main, ["导入", str(path), "--root", str(root), "--to", str(target)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    return yaml.safe_load(text), text
