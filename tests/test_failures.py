"""What the system refuses, told in Chinese: a folder without permission, a full disk while `new`,
`init` or `初始化` write (leaving no half-written file behind)."""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import genreport.pipeline as pipeline
from genreport.cli.app import main
from genreport.cli.progress import Progress
from genreport.failures import disk_of
from genreport.output.stamp import STAMP_NAME
from genreport.workspace import REPORT, Workspace

REPO = Path(__file__).resolve().parent.parent
REAL_RENDER_PATH = pipeline._render_path


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
    assert gitignore.read_text(encoding="utf-8") == "/output/\n.venv/\n.genreport-stamp.json\n"


LAST = "零陵区总工会"  # the last union of the bundled 2022 data, in the order they are rendered


def _dies_after_the_others(project, year, known, force, path, kin):
    """A render whose process is killed (as by the out-of-memory killer) while rendering the last
    union, once the other unions' documents are written."""
    if path.stem == LAST:
        stamps = [
            project.output_folder(2022, name) / STAMP_NAME
            for name in ("南湖新区总工会", "浏阳市总工会")
        ]
        while not all(stamp.exists() for stamp in stamps):
            time.sleep(0.05)
        time.sleep(1)  # their processes have handed back their results
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_RENDER_PATH(project, year, known, force, path, kin)


def test_a_killed_process_is_told_with_what_was_written(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.setattr(pipeline, "_render_path", _dies_after_the_others)
    result = run("2022", "-j", "2", "--root", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        f"{LAST}：未完成。生成它的进程意外终止（可能是内存不足，或被其他程序结束），"
        "它的文件可能只更新了一部分。请重新运行；内存不足时可加 -j 1 逐个生成。"
    ) in lines
    for name in ("南湖新区总工会", "浏阳市总工会"):
        assert f"{name}：" in lines
        report = Workspace(root).document_path(2022, name, REPORT)
        assert f"  已生成 {report}" in lines and report.is_file()
    assert lines[-1] == "共3个单位：生成2个，未生成1个，警告11条。"  # the last one's unknown

    monkeypatch.undo()  # the next run renders what is missing
    again = run("2022", "-j", "2", "--root", str(root))
    assert again.exit_code == 0, again.output
    assert (
        f"  已生成 {Workspace(root).document_path(2022, LAST, REPORT)}" in again.output.splitlines()
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_is_told_in_chinese_with_what_was_written(tmp_path, monkeypatch, jobs):
    root = project(tmp_path)

    def pressed(self, done, total):  # Ctrl-C once the first union is done
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "__call__", pressed)
    result = run("2022", "-j", jobs, "--root", str(root))
    assert result.exit_code == 130
    lines = result.output.splitlines()
    assert "Aborted!" not in result.output
    assert lines[-1] == "已中断（Ctrl-C）。重新运行即可继续。"
    first = Workspace(root).document_path(2022, "南湖新区总工会", REPORT)
    assert f"  已生成 {first}" in lines
    told = "：未完成。已中断（Ctrl-C），它的文件可能只更新了一部分，重新运行即可补上。"
    if jobs == "1":  # the union being rendered, and those after it
        assert f"浏阳市总工会{told}" in lines and f"{LAST}{told}" in lines
    # with -j 2 the unions already handed to a process are finished, not cut off
    assert "共3个单位：生成" in "\n".join(lines)
