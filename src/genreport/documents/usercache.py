"""The per-user cache of prepared templates: where it is, and files in it that prove their origin.

Nothing genreport loads from a folder the clerk shares may run code, and a prepared template holds
compiled Jinja code; so the cache lives in the user's own cache folder (platformdirs knows where
that is on Windows, macOS and Linux; `GENREPORT_CACHE_DIR` overrides it), never in `output/`, and
each file carries an HMAC keyed by a random secret kept beside it (readable by the user alone). A
file that does not authenticate (damaged, copied from elsewhere, written by anyone without the
secret) is never decoded: the template is prepared again and the file written anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from genreport.atomic import write_atomically
from genreport.failures import read_regular

_MAGIC = b"genreport prepared template\n"
_SECRET = "secret"
_SECRET_SIZE = 32


def default_folder() -> Path:
    """The folder prepared templates are kept in for this user."""
    chosen = os.environ.get("GENREPORT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs  # only a render needs it

    return Path(platformdirs.user_cache_dir("genreport", appauthor=False)) / "templates"


def load(folder: Path, key: str) -> bytes | None:
    """The payload stored under `key`, if its file authenticates; None otherwise."""
    secret = _secret(folder, create=False)
    if secret is None:
        return None
    try:
        content = _read_regular(folder / f"{key}.prepared")
    except OSError:
        return None
    head = len(_MAGIC) + hashlib.sha256().digest_size
    if len(content) < head or not content.startswith(_MAGIC):
        return None
    mac, payload = content[len(_MAGIC) : head], content[head:]
    expected = hmac.digest(secret, key.encode() + b"\0" + payload, "sha256")
    return payload if hmac.compare_digest(mac, expected) else None


def store(folder: Path, key: str, payload: bytes) -> None:
    """Keep `payload` under `key`; a cache that cannot be written only costs time."""
    with contextlib.suppress(OSError):
        secret = _secret(folder, create=True)
        if secret is None:
            return
        mac = hmac.digest(secret, key.encode() + b"\0" + payload, "sha256")
        write_atomically(folder / f"{key}.prepared", _MAGIC + mac + payload)


def _secret(folder: Path, create: bool) -> bytes | None:
    path = folder / _SECRET
    try:
        secret = _read_regular(path)
    except OSError:
        secret = b""
    if len(secret) == _SECRET_SIZE:
        return secret
    if not create:
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_bytes(_SECRET_SIZE)
    temp = folder / f".{_SECRET}.{secrets.token_hex(8)}.tmp"
    descriptor = os.open(
        temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
    )
    with os.fdopen(descriptor, "wb") as file:
        file.write(secret)
    os.replace(temp, path)  # a secret replaced under another run only costs that run its files
    return secret


def _read_regular(path: Path, limit: int = 256 * 1024 * 1024) -> bytes:
    return read_regular(path, limit)  # a device, pipe or oversized file: OSError, prepared again
