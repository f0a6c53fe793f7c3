"""Writing documents: atomically, so a reader (or a killed run) never leaves a half-written file."""

from __future__ import annotations

import glob
import os
import tempfile
import threading
import time
from pathlib import Path

STALE_TEMP_SECONDS = 600


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write each file as `write_atomically` does, syncing them to disk together: the syncs wait
    on the disk at the same time instead of one after another (most of a union's writing time).
    Each file is replaced only once every file is on disk."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            temps.append((path, _write_temp(path, content, sync=False)))
        _sync_together([temp for _, temp in temps])
        for path, temp in temps:
            os.replace(temp, path)
    except BaseException:
        for _, temp in temps:
            temp.unlink(missing_ok=True)
        raise


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
