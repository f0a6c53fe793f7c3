"""A reproducible zip written in one pass from parts deflated ahead of time.

A template's parts that never change are deflated once when the template is prepared; each
document then only deflates what was rendered. The bytes are exactly those `zipfile` writes for the
same entries with fixed timestamps (a test holds this), so documents do not change with the writer.
"""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass

_DATE_TIME = (2000, 1, 1, 0, 0, 0)
_DOS_DATE = (_DATE_TIME[0] - 1980) << 9 | _DATE_TIME[1] << 5 | _DATE_TIME[2]
_DOS_TIME = _DATE_TIME[3] << 11 | _DATE_TIME[4] << 5 | _DATE_TIME[5] // 2
_VERSION = 20  # zipfile's DEFAULT_VERSION and DEFLATED_VERSION
_DEFLATED = 8
_CREATE_SYSTEM = 0 if sys.platform == "win32" else 3
_EXTERNAL_ATTR = 0o644 << 16
_UTF8_NAME = 0x800
_LIMIT = (1 << 31) - 1  # zipfile's ZIP64_LIMIT: beyond it a part needs zip64, never in a .docx


@dataclass(frozen=True)
class Entry:
    """One part of the zip, already deflated."""

    name: str
    compressed: bytes
    crc: int
    size: int


def deflate(name: str, data: bytes) -> Entry:
    """The part `name` deflated as zipfile deflates it (default level, raw stream)."""
    if len(data) * 1.05 > _LIMIT:
        raise ValueError(f"part {name} is too large for a document")
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    compressed = compressor.compress(data) + compressor.flush()
    return Entry(name, compressed, zlib.crc32(data), len(data))


def write_zip(entries: list[Entry]) -> bytes:
    """The zip holding `entries` in order, with fixed timestamps and ordinary file permissions."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for entry in entries:
        try:
            name, flags = entry.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = entry.name.encode("utf-8"), _UTF8_NAME
        sizes = (entry.crc, len(entry.compressed), entry.size)
        header = struct.pack(
            "<4s2B4HL2L2H", b"PK\003\004", _VERSION, 0, flags, _DEFLATED,
            _DOS_TIME, _DOS_DATE, *sizes, len(name), 0,
        )  # fmt: skip
        directory.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\001\002",
                _VERSION,
                _CREATE_SYSTEM,
                _VERSION,
                0,
                flags,
                _DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                *sizes,
                len(name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )  # fmt: skip
            + name
        )
        chunks += (header, name, entry.compressed)
        offset += len(header) + len(name) + len(entry.compressed)
    central = b"".join(directory)
    end = struct.pack(
        "<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries), len(central), offset, 0
    )
    return b"".join(chunks) + central + end
