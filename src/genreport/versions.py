"""What genreport's outputs depend on besides their inputs: its own code, and the versions of the
libraries that write them. The stamp and the prepared-template cache both digest these."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """A digest of every module of the package, sub-packages included, by its path relative to
    the package (sorted, so the digest does not depend on the order a folder lists): a change of
    code counts even without a new version number, wherever the module lives. `templates/` is left
    out: the templates a document is made from are inputs of their own."""
    digest = hashlib.sha256()
    for name, path in code_files(PACKAGE):
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def code_files(package: Path) -> list[tuple[str, Path]]:
    """Each module of `package` with its path relative to it, sorted; none under `templates/`."""
    found = []
    for path in package.rglob("*.py"):
        relative = path.relative_to(package)
        if relative.parts[0] != "templates":
            found.append((relative.as_posix(), path))
    return sorted(found)


def library_version(distribution: str) -> str:
    """The installed version of a library ("-" when it is not installed).

    Read from the name of its `.dist-info` folder on sys.path, as importlib.metadata finds it first:
    importing importlib.metadata (and the email package it parses metadata with) is a visible part
    of a cold one-union run. importlib.metadata answers when the folder name does not tell.
    """
    version = _dist_info_versions().get(_normal(distribution))
    if version is not None:
        return version
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def _dist_info_versions() -> dict[str, str]:
    """Each distribution's version by its normalized name, from one look at sys.path: the first
    `.dist-info` folder of a name wins, as it does for importlib.metadata."""
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = [p.name for p in Path(entry or ".").iterdir()]
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                found, version = name[: -len(".dist-info")].split("-", 1)
                versions.setdefault(_normal(found), version)
    return versions


def _normal(distribution: str) -> str:
    return distribution.lower().replace("-", "_").replace(".", "_")
