"""A .docx read within bounds, and a reproducible zip written in one pass from parts deflated
ahead of time.

Reading: a template or document comes from anywhere, so before anything parses it the file must
be a regular file of sane size, a zip of sane entries whose declared sizes (zipfile never inflates
an entry past its declared size: the rest fails its CRC) stay within bounds, and no XML part may
declare a DOCTYPE or an entity (Word never writes one; they are how XML bombs work).

Writing: a template's parts that never change are deflated once when the template is prepared;
each document then only deflates what was rendered. The bytes are exactly those `zipfile` writes
for the same entries with fixed timestamps (a test holds this), so documents do not change with the
writer.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from genreport.failures import NotRegularFile, TooLarge, read_regular

if TYPE_CHECKING:
    from collections.abc import Iterator

# Far beyond any document Word saves (the shipped templates are under 100 KB, their largest part
# under 400 KB), far below what would take the memory of a clerk's PC.
MAX_FILE = 64 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_XML_PART = 16 * 1024 * 1024  # an XML part is parsed into a tree many times its size
MAX_PART = 48 * 1024 * 1024
MAX_TOTAL = 96 * 1024 * 1024
_MB = 1024 * 1024
_DECLARATIONS = tuple(
    mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)  # fmt: skip


class UnsafePackage(ValueError):
    """A file that is no sound .docx; the message, in Chinese, says what is wrong with it and is
    written to follow the file's name."""


def read_package(path: Path, check: bool = True) -> bytes:
    """The bytes of the .docx at `path` (a regular file of sane size), after `check_package`
    unless told the caller checks before it parses; OSError if it cannot be read."""
    try:
        data = read_regular(path, MAX_FILE)
    except NotRegularFile:
        raise UnsafePackage("不是普通文件（可能是设备、管道或文件夹）") from None
    except TooLarge:
        raise UnsafePackage(f"大于{MAX_FILE // _MB}MB，不像是Word保存的文件") from None
    if check:
        check_package(data)
    return data


def check_package(data: bytes) -> None:
    """Raise UnsafePackage unless `data` is a zip within bounds without DOCTYPE or entities.

    Each part is inflated here, in bounded steps, from its raw bytes: zipfile's `read()` inflates
    a part's whole stream before cutting it to the declared size, so a part is refused unless its
    stream ends exactly at its declared size with its checksum; every later reader then inflates
    no more than was declared.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        return  # not a zip at all: the reader says it is not a Word document
    with package:
        entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnsafePackage(f"含有{len(entries)}个部件，不像是Word保存的文件")
    total = 0
    for entry in entries:
        xml = entry.filename.lower().endswith((".xml", ".rels"))
        limit = MAX_XML_PART if xml else MAX_PART
        total += entry.file_size
        if entry.file_size > limit or total > MAX_TOTAL:
            raise UnsafePackage(_too_large(entry.filename, entry.file_size))
        _inflate(data, entry, xml)


def _too_large(name: str, size: int) -> str:
    return f"中的“{name}”解压后有{size // _MB}MB，不像是Word保存的文件（可能是恶意构造的压缩炸弹）"


def _inflate(data: bytes, entry: zipfile.ZipInfo, xml: bool) -> None:
    """Inflate `entry` a megabyte at a time, holding it to its declared size and checksum, and
    look through an XML part for a DOCTYPE or an entity declaration."""
    damaged = UnsafePackage(f"中的“{entry.filename}”已损坏")
    header = data[entry.header_offset : entry.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\003\004":
        raise damaged
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    start = entry.header_offset + 30 + name_length + extra_length
    raw = data[start : start + entry.compress_size]
    if len(raw) != entry.compress_size:
        raise damaged
    if entry.compress_type == zipfile.ZIP_STORED:
        chunks = iter([raw])
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        chunks = _inflated(raw)
    else:
        raise UnsafePackage(f"中的“{entry.filename}”使用了Word不用的压缩方式")
    crc, size, tail = 0, 0, b""
    try:
        for chunk in chunks:
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            if size > entry.file_size:
                raise UnsafePackage(
                    f"中的“{entry.filename}”解压后超过了它声明的大小（可能是恶意构造的压缩炸弹）"
                )
            if xml:
                window = tail + chunk  # XML spells both in capitals only
                if any(mark in window for mark in _DECLARATIONS):
                    raise UnsafePackage(
                        f"中的“{entry.filename}”含有Word从不写入的DOCTYPE或实体声明，不能使用"
                    )
                tail = window[-32:]
    except zlib.error:
        raise damaged from None
    if size != entry.file_size or crc != entry.CRC:
        raise damaged


def _inflated(raw: bytes) -> Iterator[bytes]:
    """The raw deflate stream `raw`, inflated a megabyte at a time."""
    inflater = zlib.decompressobj(-15)
    pending = raw
    while not inflater.eof:
        chunk = inflater.decompress(pending, _MB)
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            return  # the stream stops short: its size and checksum say so
        yield chunk


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
