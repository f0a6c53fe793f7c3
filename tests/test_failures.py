"""What the system refuses, told in Chinese: a folder without permission, a full disk while `new`,
`init` or `初始化` write (leaving no half-written file behind)."""

from __future__ import annotations

import errno
import io
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from genreport.cli import main
from genreport.failures import disk_of

REPO = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def project(root: Path) -> Path:
    shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
    return root


def no_permission(monkeypatch, refused: Path, method: str = "iterdir") -> None:
    """`refused` cannot be opened by this user (chmod does not stop root, who runs the tests)."""
    real = getattr(Path, method)

    def guarded(self, *args, **kwargs):
        if self == refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, guarded)


@pytest.mark.parametrize("command", [["check", "2022"], ["2022", "-j", "1"], ["汇总", "2022"]])
def test_a_data_folder_without_permission_is_explained(tmp_path, monkeypatch, command):
    root = project(tmp_path)
    folder = root / "data" / "2022"
    no_permission(monkeypatch, folder)
    result = run(*command, "--root", str(root))
    assert result.exit_code == 1
    assert result.output == (
        f"错误：无法读取2022年度的数据文件夹“{folder}”：没有权限。"
        "请让当前用户可以打开这个文件夹（及其上级文件夹）后重新运行。\n"
    )


def test_a_data_file_without_permission_is_explained_in_chinese(tmp_path, monkeypatch):
    root = project(tmp_path)
    path = root / "data" / "2022" / "浏阳市总工会.yaml"
    no_permission(monkeypatch, path, "open")
    result = run("check", "2022", "--root", str(root))
    assert result.exit_code == 1
    assert (
        f"  错误 {path}：无法读取文件（没有权限），请确认文件存在且有读取权限。"
        in result.output.splitlines()
    )


class FillingDisk:
    """A disk with room for `room` more bytes: a file opened for writing takes what fits, then its
    write fails with ENOSPC, as a full disk's does."""

    def __init__(self, monkeypatch, room: int):
        self.room = room
        real_open = Path.open
        disk = self

        class Full(io.RawIOBase):
            def __init__(self, raw):
                self.raw = raw

            def writable(self):
                return True

            def write(self, data):
                fits = data[: max(disk.room, 0)]
                self.raw.write(fits)
                disk.room -= len(fits)
                if len(fits) < len(data):
                    raise OSError(errno.ENOSPC, "No space left on device")
                return len(data)

            def fileno(self):
                return self.raw.fileno()

            def close(self):
                self.raw.close()
                super().close()

        def opened(path, mode="r", *args, **kwargs):
            if not any(c in mode for c in "wxa"):
                return real_open(path, mode, *args, **kwargs)
            raw = real_open(path, mode.replace("t", "") + ("b" if "b" not in mode else ""))
            if "b" in mode:
                return Full(raw)
            encoding = kwargs.get("encoding") or "utf-8"
            return io.TextIOWrapper(
                io.BufferedWriter(Full(raw)), encoding=encoding, newline=kwargs.get("newline")
            )

        monkeypatch.setattr(Path, "open", opened)


def test_new_on_a_full_disk_leaves_no_half_file_and_names_the_disk(tmp_path, monkeypatch):
    root = project(tmp_path)
    assert run("初始化", "--root", str(root)).exit_code == 0
    first = REPO / "data" / "2022" / "南湖新区总工会.yaml"
    room = len(first.read_bytes())  # the first new file fits, the second does not
    with monkeypatch.context() as patched:
        FillingDisk(patched, room)
        result = run("new", "2023", "--root", str(root))
    folder = root / "data" / "2023"
    written = folder / "南湖新区总工会.yaml"
    lost = folder / "浏阳市总工会.yaml"
    assert result.exit_code == 1
    assert f"已生成 {written}" in result.output.splitlines()
    assert (
        f"错误：无法写入“{lost}”：所在的磁盘（{disk_of(lost)}）已满。未写完的文件已删除，"
        "原有文件保持不变。请删除不需要的文件、腾出空间后重新运行。"
    ) in result.output.splitlines()
    assert sorted(p.name for p in folder.iterdir()) == [written.name]  # nothing half-written

    again = run("new", "2023", "--root", str(root))  # room made: the rest is written now
    assert again.exit_code == 0, again.output
    assert f"已生成 {lost}" in again.output.splitlines()
    assert f"{written}：已存在，未改动。" in again.output.splitlines()
    assert run("check", "2023", "--root", str(root)).output.count("：无法读取") == 0


def test_init_on_a_full_disk_leaves_no_half_file(tmp_path, monkeypatch):
    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    target = tmp_path / "data" / "2023" / "新单位.yaml"
    with monkeypatch.context() as patched:
        FillingDisk(patched, 1000)
        result = run("init", "新单位", "2023", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"错误：无法写入“{target}”：所在的磁盘（{disk_of(target)}）已满。未写完的文件已删除，"
        "原有文件保持不变。请删除不需要的文件、腾出空间后重新运行。\n"
    )
    assert list(target.parent.iterdir()) == []
    again = run("init", "新单位", "2023", "--root", str(tmp_path))
    assert again.exit_code == 0
    assert f"已生成 {target}" in again.output.splitlines()


def test_set_up_on_a_full_disk_names_the_file(tmp_path, monkeypatch):
    real_fsync = os.fsync

    def full(fd):  # a disk that fills while the file is flushed to it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("初始化", "--root", str(tmp_path))
    assert result.exit_code == 1
    gitignore = tmp_path / ".gitignore"
    assert result.output.splitlines()[-1] == (
        f"错误：无法写入“{gitignore}”：所在的磁盘（{disk_of(gitignore)}）已满。未写完的文件已删除，"
        "原有文件保持不变。请删除不需要的文件、腾出空间后重新运行。"
    )
    assert not gitignore.exists()
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert run("初始化", "--root", str(tmp_path)).exit_code == 0
    assert gitignore.read_text(encoding="utf-8") == "/output/\n.venv/\n"
