"""Incremental rendering: a union is re-rendered only when something its documents depend on changed.

Beside a union's documents, `.genreport-stamp.json` records a digest of the inputs they were made
from (its data file, last year's data file, the templates in use, genreport's code and version, and
the versions of the libraries that write the .docx) and a digest of each file written. The union is
up to date when the inputs digest is the same and every output is still the file that was written.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from pathlib import Path

from . import __version__
from .output import write_atomically

STAMP_NAME = ".genreport-stamp.json"
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("docxtpl", "python-docx", "jinja2", "lxml")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def _code_digest() -> str:
    """genreport's own source: a change of code renders again even without a new version number."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={library_version(library)}".encode())
    return digest.hexdigest()


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


def inputs_digest(inputs: list[Path | None]) -> str:
    """The digest of the given files (None: a file that does not exist) and of genreport itself."""
    digest = hashlib.sha256(_code_digest().encode())
    for path in inputs:
        if path is None or not path.is_file():
            digest.update(b"-\0")
        else:
            digest.update(_sha256(path.read_bytes()).encode() + b"\0")
    return digest.hexdigest()


def is_up_to_date(folder: Path, digest: str) -> bool:
    """Whether `folder` holds complete outputs made from inputs with this `digest`."""
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
        if stamp["inputs"] != digest or not stamp["outputs"]:
            return False
        return all(
            _sha256((folder / name).read_bytes()) == expected
            for name, expected in stamp["outputs"].items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def outdated(folder: Path, outputs: dict[Path, bytes]) -> list[Path]:
    """The files the previous run wrote into `folder` that these `outputs` no longer include (the
    项目支出绩效自评表 once no project has 绩效指标), each still as it was written, and the PDFs made
    from them. A file changed since it was written (edited by hand) is not among them."""
    previous = _read(folder).get("outputs")
    if not isinstance(previous, dict):
        return []
    now = {path.name for path in outputs}
    found = []
    for name, written in previous.items():
        if name in now or Path(name).name != name or name in ("", ".", ".."):
            continue  # still made, or not a plain file name of this folder
        path = folder / name
        try:
            if _sha256(path.read_bytes()) != written:
                continue
        except OSError:
            continue
        found.append(path)
        if pdf_is_current(path):
            found.append(path.with_suffix(".pdf"))
    return found


def record(folder: Path, digest: str, outputs: dict[Path, bytes]) -> None:
    """Note that `outputs` (already written into `folder`) were made from inputs with `digest`."""
    stamp = {
        "inputs": digest,
        "outputs": {path.name: _sha256(content) for path, content in outputs.items()},
    }
    _write(folder, stamp)


def _write(folder: Path, stamp: dict) -> None:
    text = json.dumps(stamp, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomically(folder / STAMP_NAME, text.encode("utf-8"))


def _read(folder: Path) -> dict:
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) else {}
    except (OSError, ValueError):
        return {}


def pdf_is_current(document: Path) -> bool:
    """Whether the PDF beside `document` was made from the document as it is now."""
    try:
        made_from = _read(document.parent).get("pdf", {}).get(document.name)
        pdf = document.with_suffix(".pdf")
        return (
            made_from is not None
            and made_from[0] == _sha256(document.read_bytes())
            and made_from[1] == _sha256(pdf.read_bytes())
        )
    except (OSError, TypeError, IndexError, AttributeError):
        return False


def record_pdfs(pdfs: dict[Path, bytes], sources: dict[Path, bytes]) -> None:
    """Note, in each union's stamp, which document each PDF was made from: `sources[pdf]` is the
    exact content of the .docx converted, which the document on disk may no longer be (another
    window rendered it meanwhile); such a PDF is then not current, and is made again next run."""
    folders: dict[Path, dict[str, list[str]]] = {}
    for pdf, content in pdfs.items():
        document = pdf.with_suffix(".docx")
        made_from = [_sha256(sources[pdf]), _sha256(content)]
        folders.setdefault(pdf.parent, {})[document.name] = made_from
    for folder, entries in folders.items():
        stamp = _read(folder)
        if "inputs" not in stamp:
            continue  # no stamp to add to: the PDFs are made again next time
        stamp["pdf"] = {**stamp.get("pdf", {}), **entries}
        _write(folder, stamp)
