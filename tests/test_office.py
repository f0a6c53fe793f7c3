"""Finding LibreOffice's `soffice`: on PATH, else where its installer puts it on Windows."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

import genreport.output.office as office

VARIABLES = ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)")


def test_soffice_on_path_is_found(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", {"soffice": "/opt/lo/soffice"}.get)
    assert office.find_soffice() == Path("/opt/lo/soffice")


def test_the_usual_windows_install_paths(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert [str(PureWindowsPath(p)) for p in office.windows_install_paths()] == [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    ]


def test_on_windows_without_path_the_install_folder_is_searched(monkeypatch, tmp_path):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    monkeypatch.setenv("PROGRAMW6432", str(tmp_path / "Program Files"))
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path / "Program Files (x86)"))
    assert office.find_soffice() is None
    x86 = tmp_path / "Program Files (x86)" / "LibreOffice" / "program" / "soffice.exe"
    x86.parent.mkdir(parents=True)
    x86.write_bytes(b"")
    assert office.find_soffice() == x86
    native = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    native.parent.mkdir(parents=True)
    native.write_bytes(b"")
    assert office.find_soffice() == native  # the 64-bit install first


def test_not_installed_is_none_on_linux(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "platform", "linux")
    assert office.find_soffice() is None
