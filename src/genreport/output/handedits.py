"""A union's files replaced as one set without destroying a hand edit.

Before a union's documents, twins and PDFs are replaced, each file on disk is compared with what
genreport wrote (the stamp's digests). One that differs was edited by hand: it is kept beside under
a dated name, `…（手改 2026-11-30 1012）.docx` (the time it was last saved; a second edit gets its own
copy), and what was changed is shown as a diff of its text against the twin genreport wrote. A PDF
made from a document that changes is removed when it is as genreport made it, kept as a hand edit
otherwise, so that no PDF of the old figures stands beside a new document.

A file the stamp has no record of (a folder written before stamps, a file genreport did not write)
is judged by its twin: a document whose text is its .md twin's is genreport's; any other is kept.
"""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from genreport.atomic import Change
from genreport.output.stamp import file_digest, outdated, written
from genreport.output.stamp import read as read_stamp
from genreport.workspace import twin_path

MAX_DIFF_LINES = 60
_DOCUMENT, _TWIN, _PDF = ".docx", ".md", ".pdf"


@dataclass
class KeptEdit:
    """A file edited by hand, kept as `kept` before it was replaced (or, a PDF, removed); `diff`
    is what was changed, as unified diff lines of its text against the twin genreport wrote
    (empty when there is nothing to compare it with)."""

    path: Path
    kept: Path
    diff: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What replacing a union's files means: the changes to make together, the hand edits kept,
    the files removed, and the PDF records that still hold (document → [its digest, the PDF's])."""

    changes: list[Change]
    kept: list[KeptEdit]
    removed: list[Path]
    pdfs: dict[str, list[str]]


def plan(folder: Path, files: dict[Path, bytes], stamp: dict[str, Any]) -> Plan:
    """The changes that put `files` (a union's new documents and twins) into `folder`."""
    known = written(stamp)
    on_disk = _Disk()
    changes: list[Change] = []
    kept: list[KeptEdit] = []
    removed: list[Path] = []
    taken: set[Path] = set()
    for path, content in files.items():
        current = on_disk.read(path)
        if current is None or current == content:
            changes.append(Change(path, current, content))
            continue
        if not _is_genreports(path, current, known, on_disk):
            kept.append(_keep(path, current, known, on_disk, changes, taken))
        changes.append(Change(path, current, content))
    pdfs: dict[str, list[str]] = {}
    records = stamp.get("pdf")
    if not isinstance(records, dict):
        records = {}
    for path, content in files.items():
        if path.suffix != _DOCUMENT:
            continue
        pdf = path.with_suffix(_PDF)
        current = on_disk.read(pdf)
        if current is None:
            continue
        made_from: Any = records.get(path.name)  # as the stamp's JSON holds it
        as_made = (
            isinstance(made_from, list)
            and len(made_from) == 2
            and made_from[1] == file_digest(current)
        )
        if as_made and made_from[0] == file_digest(content):
            pdfs[path.name] = made_from  # made from this very document: still current
        elif as_made:
            changes.append(Change(pdf, current, None))
            removed.append(pdf)
        elif on_disk.read(path) != content:  # edited, or not genreport's: keep it out of the way
            kept.append(_keep(pdf, current, known, on_disk, changes, taken))
            changes.append(Change(pdf, current, None))
    for path in outdated(folder, files):
        if path not in removed:
            changes.append(Change(path, on_disk.read(path), None))
            removed.append(path)
    return Plan(changes, kept, removed, pdfs)


class _Disk:
    """Files as read once during planning (None: absent, or not a plain readable file: writing
    then says why)."""

    def __init__(self) -> None:
        self._seen: dict[Path, bytes | None] = {}

    def read(self, path: Path) -> bytes | None:
        if path not in self._seen:
            content = None
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    content = path.read_bytes()
            self._seen[path] = content
        return self._seen[path]


def _is_genreports(path: Path, content: bytes, known: dict[str, set[str]], on_disk: _Disk) -> bool:
    """Whether `content` at `path` is a file genreport wrote (so replacing it loses nothing)."""
    if path.name in known:
        return file_digest(content) in known[path.name]
    # No record: the document and its twin agree when neither was edited.
    document: bytes | None
    if path.suffix == _DOCUMENT:
        document, twin = content, on_disk.read(twin_path(path))
    elif path.suffix == _TWIN:
        document, twin = on_disk.read(path.with_suffix(_DOCUMENT)), content
    else:
        return False
    if document is None or twin is None:
        return False
    text = _document_text(document)
    return text is not None and text == _decoded(twin)


def _keep(
    path: Path,
    content: bytes,
    known: dict[str, set[str]],
    on_disk: _Disk,
    changes: list[Change],
    taken: set[Path],
) -> KeptEdit:
    """Add the change that keeps `content` (the hand-edited `path`) beside it; its diff."""
    kept = _kept_name(path, content, on_disk, taken)
    taken.add(kept)
    changes.append(Change(kept, on_disk.read(kept), content))
    return KeptEdit(path, kept, _diff(path, content, kept, known, on_disk))


def _kept_name(path: Path, content: bytes, on_disk: _Disk, taken: set[Path]) -> Path:
    """`…（手改 2026-11-30 1012）.docx`, by the time the edit was saved; a number is added when that
    name holds another file (two edits saved in one minute), none when it holds this one."""
    try:
        saved = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        saved = datetime.now()
    stem = f"{path.stem}（手改 {saved:%Y-%m-%d %H%M}"
    number = 1
    while True:
        name = f"{stem}）{path.suffix}" if number == 1 else f"{stem} {number}）{path.suffix}"
        candidate = path.with_name(name)
        if candidate not in taken:
            there = on_disk.read(candidate)
            if (there is None and not candidate.exists()) or there == content:
                return candidate
        number += 1


def _diff(
    path: Path, content: bytes, kept: Path, known: dict[str, set[str]], on_disk: _Disk
) -> list[str]:
    """What was changed by hand: the text of the edited file against the twin genreport wrote."""
    if path.suffix == _DOCUMENT:
        twin = twin_path(path)
        original = on_disk.read(twin)
        if original is None or not _is_genreports_or_unknown(twin, original, known):
            return []
        before, after = _decoded(original), _document_text(content)
        original_name = twin.name
    elif path.suffix == _TWIN:
        document = path.with_suffix(_DOCUMENT)
        original = on_disk.read(document)
        if original is None or not _is_genreports_or_unknown(document, original, known):
            return []
        before, after = _document_text(original), _decoded(content)
        original_name = path.name
    else:
        return []
    if before is None or after is None:
        return []
    lines = list(
        difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            f"genreport生成的 {original_name}",
            f"手改后的 {kept.name}",
            n=1,
            lineterm="",
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"……（另有{len(lines) - MAX_DIFF_LINES}行改动未列出）"]
    return lines


def _is_genreports_or_unknown(path: Path, content: bytes, known: dict[str, set[str]]) -> bool:
    return path.name not in known or file_digest(content) in known[path.name]


def _document_text(content: bytes) -> str | None:
    from genreport.documents.twin import document_text

    try:
        return document_text(content)
    except Exception:  # not a Word document (any more): nothing to compare
        return None


def _decoded(content: bytes) -> str | None:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def keep_edited_pdfs(documents: list[Path]) -> list[KeptEdit]:
    """Before PDFs of `documents` are made again: each PDF beside them that is not as genreport
    made it (edited by hand, or not genreport's) is copied to `…（手改 …）.pdf` first, so that
    converting never destroys it. A PDF that cannot be read is left to the conversion to report."""
    from genreport.atomic import write_atomically

    on_disk = _Disk()
    kept: list[KeptEdit] = []
    for document in documents:
        pdf = document.with_suffix(_PDF)
        current = on_disk.read(pdf)
        if current is None:
            continue
        records = read_stamp(document.parent).get("pdf")
        made_from = records.get(document.name) if isinstance(records, dict) else None
        if isinstance(made_from, list) and made_from[1:] == [file_digest(current)]:
            continue  # as genreport made it: replacing it loses nothing
        name = _kept_name(pdf, current, on_disk, set())
        write_atomically(name, current)
        kept.append(KeptEdit(pdf, name))
    return kept
