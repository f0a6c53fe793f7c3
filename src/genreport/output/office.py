"""Where LibreOffice is: its `soffice` program, which converts documents (to PDF) without a window."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

_PROGRAM = ("LibreOffice", "program", "soffice.exe")
_MACOS = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")


def windows_install_paths() -> list[Path]:  # os.environ ignores case on Windows
    """Where the LibreOffice installer puts `soffice.exe`: Program Files, then Program Files (x86)."""
    bases = [
        os.environ.get("PROGRAMFILES") or r"C:\Program Files",
        os.environ.get("PROGRAMW6432") or r"C:\Program Files",
        os.environ.get("PROGRAMFILES(X86)") or r"C:\Program Files (x86)",
    ]
    return [Path(base, *_PROGRAM) for base in dict.fromkeys(bases)]


def find_soffice() -> Path | None:
    """LibreOffice's `soffice`: on PATH, else at its usual install path; None when not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return Path(found)
    if sys.platform == "win32":
        candidates = windows_install_paths()
    elif sys.platform == "darwin":
        candidates = [_MACOS]
    else:
        candidates: list[Path] = []
    return next((path for path in candidates if path.is_file()), None)
