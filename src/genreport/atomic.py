"""Writing documents: atomically, so a reader (or a killed run) never leaves a half-written file,
and a union's files as one set, all replaced or none."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

STALE_TEMP_SECONDS = 600


@dataclass(frozen=True)
class Change:
    """One file of a set: its content as last seen (None: absent) and as it is to be (None: removed)."""

    path: Path
    before: bytes | None
    after: bytes | None


class NotReplaced(OSError):
    """A file of a set that could not be replaced; no file of the set was changed (those already
    replaced were put back). `reason`: "open" (in use or read-only), "not_a_file" (a folder or
    another kind of entry stands in its place) or "changed" (changed by someone else meanwhile)."""

    def __init__(self, path: Path, reason: str, cause: OSError | None = None):
        strerror = cause.strerror if cause is not None else None
        super().__init__(getattr(cause, "errno", None), strerror or reason, str(path))
        self.path = path
        self.reason = reason


def replace_together(changes: list[Change], first: tuple[Path, bytes] | None = None) -> None:
    """Make every change of the set, or none: a file open in Word or WPS (on Windows it cannot be
    replaced), a read-only file, a folder in a file's place or a file changed meanwhile stops the
    set before anything is replaced; a replacement that still fails puts back the files already
    replaced. `first` (the stamp) is written before the set and restored with it.

    The new contents and a copy of each old file are written to hidden temporary files first, so a
    file is at every moment complete, its old content or its new one, even when the run is killed.
    Raises NotReplaced naming the file."""
    for change in changes:
        _remove_stale_temps(change.path)  # also beside files that stay as they are
    changes = [c for c in changes if c.before != c.after and _still_needed(c)]
    if first is not None:
        path, content = first
        try:
            old = path.read_bytes()
        except OSError:
            old = None
        changes = [Change(path, old, content), *changes]
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[Change] = []
    try:
        for change in changes:
            if change.after is not None:
                temps[change.path] = _write_temp(change.path, change.after, sync=False)
        _sync_together(list(temps.values()))
        for change in changes:
            if change.before is not None:
                backups[change.path] = _write_temp(change.path, change.before, sync=False)
        for change in changes:
            try:
                if change.after is None:
                    change.path.unlink(missing_ok=True)
                else:
                    os.replace(temps[change.path], change.path)
                    del temps[change.path]
            except OSError as exc:
                raise NotReplaced(change.path, "open", exc) from exc
            done.append(change)
    except BaseException:
        for change in reversed(done):  # put back what was replaced
            with contextlib.suppress(OSError):
                if change.path in backups:
                    os.replace(backups.pop(change.path), change.path)
                else:
                    change.path.unlink(missing_ok=True)
        for temp in [*temps.values(), *backups.values()]:
            temp.unlink(missing_ok=True)
        raise
    for backup in backups.values():
        backup.unlink(missing_ok=True)


def _still_needed(change: Change) -> bool:
    """Whether `change` is still to be made (False: the file already holds the new content, as
    another run at the same time wrote it); raises NotReplaced unless the file is as last seen and
    can be replaced now: a plain file (or absent) that can be opened for writing (Word and WPS on
    Windows keep an open document from being written, renamed or deleted; a read-only file cannot
    be written)."""
    path = change.path
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        if change.after is None:
            return False
        if change.before is not None:
            raise NotReplaced(path, "changed") from None
        return True
    except OSError as exc:
        raise NotReplaced(path, "open", exc) from exc
    if not stat.S_ISREG(found.st_mode):
        raise NotReplaced(path, "not_a_file")
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise NotReplaced(path, "open", exc) from exc
    longest = max(len(change.before or b""), len(change.after or b""))
    with os.fdopen(fd, "rb") as handle:
        now = handle.read(longest + 1)
    if now == change.after:
        return False
    if now != change.before:
        raise NotReplaced(path, "changed")
    return True


def _sync_together(temps: list[Path], threads: int = 8) -> None:
    """`_sync` every file, up to `threads` at a time; raises the first failure once all are done.
    (Plain threads: importing concurrent.futures, and logging with it, is a visible part of a cold
    one-union run.)"""
    failures: list[BaseException] = []

    def sync_each(share: list[Path]) -> None:
        for temp in share:
            try:
                _sync(temp)
            except BaseException as exc:
                failures.append(exc)

    shares = [temps[start::threads] for start in range(min(threads, len(temps)))]
    if len(shares) == 1:
        sync_each(shares[0])
    else:
        workers = [threading.Thread(target=sync_each, args=(share,)) for share in shares]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    if failures:
        raise failures[0]


def _sync(temp: Path) -> None:
    fd = os.open(temp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(path: Path, content: bytes, sync: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp, 0o666 & ~_umask())  # as an ordinary new file; mkstemp's is owner-only
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def write_atomically(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the old file or the
    new one, never a half-written one, even if the process is killed.

    Each writer's temporary file has a unique name (mkstemp), so runs at the same time never write
    into each other's; the last rename wins with a complete file. Temporary files a killed run left
    behind (hidden, ending in .tmp, never taken for a document) are removed once they are old enough
    not to belong to a run still going.
    """
    temp = _write_temp(path, content, sync=True)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temps(path: Path) -> None:
    now = time.time()
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            pass  # another run removed or replaced it first
