"""What the operating system refused, told to a clerk: a full disk, a folder without permission, a
file another program holds; each naming the file and what to do. Also how a file that must not
exist yet is written whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM}


def os_error_message(error: OSError) -> str:
    """`error` as a Chinese sentence naming its file (a rename names the target, not the temporary
    file) and, for a full disk, the disk."""
    name = error.filename2 or error.filename
    where = f"“{os.fsdecode(name)}”" if name is not None else "文件"
    if error.errno in _FULL:
        disk = f"（{disk_of(name)}）" if name is not None else ""
        return (
            f"无法写入{where}：所在的磁盘{disk}已满。未写完的文件已删除，原有文件保持不变。"
            "请删除不需要的文件、腾出空间后重新运行。"
        )
    if error.errno in _DENIED or isinstance(error, PermissionError):
        return (
            f"无法读写{where}：没有权限。请检查这个文件或文件夹的权限"
            "（也可能是它正在Word、WPS或其他程序中打开：请先关闭），然后重新运行。"
        )
    if error.errno == errno.EROFS:
        return f"无法写入{where}：所在的磁盘是只读的。请换一个可以写入的文件夹。"
    return f"无法读写{where}（{reason(error)}）。"


def reason(error: OSError) -> str:
    """In a few Chinese words, why the system refused (its own wording is English on Linux; a
    wording already in the clerk's language, as Windows gives it, is kept: it tells a file another
    program holds from one without permission)."""
    if error.strerror and not error.strerror.isascii():
        return error.strerror
    if error.errno in _FULL:
        return "磁盘已满"
    if error.errno in _DENIED or isinstance(error, PermissionError):
        return "没有权限"
    if error.errno == errno.ENOENT:
        return "文件不存在"
    if error.errno == errno.EISDIR:
        return "这是一个文件夹"
    if error.errno == errno.EROFS:
        return "磁盘是只读的"
    if error.errno == errno.EIO:
        return "磁盘读写出错"
    if error.errno == errno.ELOOP:
        return "快捷方式（符号链接）循环指向自己，找不到实际的文件"
    if error.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    if error.errno == errno.ENOTDIR:
        return "路径中有一项不是文件夹"
    return error.strerror or str(error)


def disk_of(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """The disk a path is on, as the clerk knows it: its drive on Windows, its mount point else."""
    folder = Path(os.path.abspath(os.fsdecode(path)))
    if sys.platform == "win32":
        return folder.anchor
    while not os.path.ismount(folder) and folder.parent != folder:
        folder = folder.parent
    return str(folder)


def create_whole(path: Path, content: bytes) -> None:
    """Write the new file `path` whole or not at all, never replacing a file already there.

    The content goes to a temporary file beside it first, which gets the name only once complete:
    a full disk or a killed run leaves no half-written file that the next `new` would keep as
    existing. The name is given by a hard link, which fails if the name exists (a file another run
    made meanwhile is kept); where links are not supported (FAT), by a rename after a check."""
    import tempfile  # imported by the writing commands alone: it is slow to import

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        os.chmod(temp, 0o666 & ~_umask())  # as an ordinary new file; mkstemp's is owner-only
        with naming(path), temp.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system
            if path.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
            os.rename(temp, path)  # on Windows a rename never replaces a file either
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """A failed write names no file (a full disk is found out by `write` or `fsync`): name the one
    being made, for the message."""
    try:
        yield
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class NotRegularFile(OSError):
    """A path that is a device, pipe or folder: never read, it could hang or never end."""


class TooLarge(OSError):
    """A regular file larger than its reader's bound (`size`: what it held when read)."""

    def __init__(self, path: Path, size: int) -> None:
        super().__init__(errno.EFBIG, "too large", str(path))
        self.size = size


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them: NotRegularFile for a
    device, pipe or folder (opened without blocking, so a named pipe cannot wait for a writer),
    TooLarge past `limit` (before reading, or grown while read), OSError if it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFile(errno.EISDIR, "not a regular file", str(path)) from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        if status.st_size > limit:
            raise TooLarge(path, status.st_size)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, len(data))
    return data
