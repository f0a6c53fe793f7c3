"""Incremental rendering: a union is re-rendered only when something its documents depend on changed.

Beside a union's documents, `.genreport-stamp.json` records a digest of the inputs they were made
from (its data file, last year's data file, the templates in use, genreport's code and version, and
the versions of the libraries that write the .docx) and a digest of each file written. The union is
up to date when the inputs digest is the same and every output is still the file that was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from genreport import __version__
from genreport.atomic import write_atomically
from genreport.versions import code_digest, library_version

STAMP_NAME = ".genreport-stamp.json"
_LIBRARIES = ("docxtpl", "python-docx", "jinja2", "lxml")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def _code_digest() -> str:
    """genreport's own code and version, and the libraries that write the .docx."""
    digest = hashlib.sha256(__version__.encode() + b"\0" + code_digest().encode())
    for library in _LIBRARIES:
        digest.update(f"{library}={library_version(library)}".encode())
    return digest.hexdigest()


CHANGED = "changed"  # in place of a digest: an input that changed while it was used


def inputs_digest(digests: list[str | None]) -> str:
    """The digest of inputs given by the digests of their bytes as used (None: a file that does
    not exist; CHANGED: one that changed while it was used, so the result is never up to date)
    and of genreport itself."""
    digest = hashlib.sha256(_code_digest().encode())
    for found in digests:
        digest.update(b"-\0" if found is None else found.encode() + b"\0")
    return digest.hexdigest()


def file_digest(content: bytes) -> str:
    return _sha256(content)


Snapshot = tuple[tuple[str, tuple[int, ...]] | None, ...]


def snapshot(paths: list[Path]) -> Snapshot:
    """Each file's digest and identity (inode, size, modification and change times), None for a
    missing one. Taken before and after the files are used, two snapshots are equal only when no
    file was replaced or written in between (a digest alone misses a file changed and changed
    back, which the change time shows); a file changing while it is read gets CHANGED."""
    found: list[tuple[str, tuple[int, ...]] | None] = []
    for path in paths:
        try:
            before = os.stat(path)
            if not stat.S_ISREG(
                before.st_mode
            ):  # a device or pipe: never read (rendering says why)
                found.append(None)
                continue
            identity = _identity(before)
            digest = _digests.get((path, identity))
            if digest is None:  # a template is hashed once a run while it stays as it is
                digest = _stream_sha256(path)
                after = _identity(os.stat(path))
                if after != identity:  # written while read
                    found.append((CHANGED, after))
                    continue
                _digests[(path, identity)] = digest
        except OSError:
            found.append(None)
            continue
        found.append((digest, identity))
    return tuple(found)


# Digests of files already read in this run, by path and identity: the change time moves with
# every write, so a file written since is read again.
_digests: dict[tuple[Path, tuple[int, ...]], str] = {}


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _stream_sha256(path: Path) -> str:
    """The digest of a file read in pieces: a huge template costs time, never memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def digests(taken: Snapshot) -> list[str | None]:
    return [None if entry is None else entry[0] for entry in taken]


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


def read(folder: Path) -> dict[str, Any]:
    """The stamp of `folder` ({} when there is none or it cannot be read)."""
    return _read(folder)


def written(stamp: dict[str, Any]) -> dict[str, set[str]]:
    """The digests of what genreport wrote under each name, by the stamp: the files of its last
    run and, after a run killed while it replaced them, those of the run before."""
    found: dict[str, set[str]] = {}
    for key in ("outputs", "earlier"):
        entries = stamp.get(key)
        if not isinstance(entries, dict):
            continue
        for name, digest in entries.items():
            for one in digest if isinstance(digest, list) else [digest]:
                if isinstance(one, str):
                    found.setdefault(name, set()).add(one)
    return found


def outdated(folder: Path, outputs: dict[Path, bytes]) -> list[Path]:
    """The files the previous run wrote into `folder` that these `outputs` no longer include (the
    项目支出绩效自评表 once no project has 绩效指标), each still as it was written, and the PDFs made
    from them. A file changed since it was written (edited by hand) is not among them."""
    previous = written(_read(folder))
    now = {path.name for path in outputs}
    found = []
    for name, digests_written in previous.items():
        if name in now or Path(name).name != name or name in ("", ".", ".."):
            continue  # still made, or not a plain file name of this folder
        path = folder / name
        try:
            if _sha256(path.read_bytes()) not in digests_written:
                continue
        except OSError:
            continue
        found.append(path)
        if pdf_is_current(path):
            found.append(path.with_suffix(".pdf"))
    return found


def pending(folder: Path, outputs: dict[Path, bytes]) -> tuple[Path, bytes]:
    """The stamp to write before a union's files are replaced: never up to date, and naming both
    the new files and those written before, so that a run killed halfway leaves files the next run
    knows as genreport's own (not hand edits) and renders again."""
    stamp = _read(folder)
    earlier = {name: sorted(found) for name, found in written(stamp).items()}
    stamp.update(
        inputs=CHANGED,
        outputs={path.name: _sha256(content) for path, content in outputs.items()},
        earlier=earlier,
    )
    return folder / STAMP_NAME, _encode(stamp)


def record(
    folder: Path, digest: str, outputs: dict[Path, bytes], pdfs: dict[str, list[str]] | None = None
) -> None:
    """Note that `outputs` (already written into `folder`) were made from inputs with `digest`,
    and which PDFs beside them are still those made from them (`pdfs`, as `record_pdfs` notes)."""
    stamp = {
        "inputs": digest,
        "outputs": {path.name: _sha256(content) for path, content in outputs.items()},
    }
    if pdfs:
        stamp["pdf"] = pdfs
    _write(folder, stamp)


def _encode(stamp: dict[str, Any]) -> bytes:
    return (json.dumps(stamp, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _write(folder: Path, stamp: dict[str, Any]) -> None:
    write_atomically(folder / STAMP_NAME, _encode(stamp))


def _read(folder: Path) -> dict[str, Any]:
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
