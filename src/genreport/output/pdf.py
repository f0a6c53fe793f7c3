"""PDFs of the documents, as the bureau's system and the disclosure page want them.

LibreOffice converts the documents in batches, each batch one LibreOffice process (starting it costs
more than converting a document) with a time limit that grows with the batch's work. Each batch's
PDFs are kept as soon as it ends, so a run stopped by a time limit, Ctrl-C or a closed window keeps
what was done, and the next run converts only the rest. LibreOffice runs in a process group of its
own, which is ended with its scratch folder however the run ends (short of being killed outright:
then the next run removes the scratch folder, and LibreOffice ends with its batch).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genreport.errors import ClerkError, end_as_terminated
from genreport.failures import reason
from genreport.output.office import find_soffice

if TYPE_CHECKING:
    from types import FrameType

    # what signal.signal takes and gives back: a function, SIG_DFL or SIG_IGN, or None
    SignalHandler = Callable[[int, FrameType | None], Any] | int | None

BATCH_DOCUMENTS = 12  # a few unions: one LibreOffice start each
START_SECONDS = 180  # LibreOffice's first start makes its profile: slow on an old office PC
SECONDS_PER_DOCUMENT = 60
SECONDS_PER_MEGABYTE = 60  # images make a document large and its conversion long
ABANDONED_SECONDS = 86400  # a scratch folder without owner this old is no run's
_SCRATCH_PREFIX = "genreport-pdf-"
_OWNER = "owner.pid"


class NoOffice(ClerkError):
    """LibreOffice is not installed where genreport can find it."""


INSTALL_OFFICE = (
    "Windows 请从 LibreOffice 官方网站下载安装；Debian/Ubuntu 运行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk。"
)


class ConversionFailed(Exception):
    """LibreOffice did not convert a document; the message says why (Chinese, no file name)."""


def missing_office_message() -> str:
    return (
        "没有找到LibreOffice，未生成PDF（Word文件已经生成）。请安装LibreOffice后重新运行："
        + INSTALL_OFFICE
        + "也可以不安装：用 WPS 或 Word 打开生成的 .docx 文件，“另存为”（或“输出为PDF”）选择 PDF 格式，"
        "保存在 Word 文件旁边即可。"
    )


@dataclass(frozen=True)
class Pdf:
    """A PDF made, and the exact bytes of the document it was made from (the copy converted,
    which the document on disk may no longer be: another window may have rendered it since)."""

    content: bytes
    source: bytes


@dataclass
class Converted:
    """What a run of `to_pdf` made (already written beside the documents), and what it could not."""

    pdfs: dict[Path, Pdf] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def time_limit(documents: list[bytes]) -> float:
    """Seconds a batch of documents of these contents may take, start included."""
    megabytes = sum(len(content) for content in documents) / 1_000_000
    return START_SECONDS + SECONDS_PER_DOCUMENT * len(documents) + SECONDS_PER_MEGABYTE * megabytes


def to_pdf(
    documents: list[Path],
    soffice: Path | None = None,
    kept: Callable[[dict[Path, Pdf]], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Converted:
    """A PDF beside each document (written atomically), converted in batches.

    `kept(pdfs)` is called after each batch's PDFs are written (to record them), and
    `progress(done, total)` whenever LibreOffice has finished another document. A batch past its
    time limit ends the conversion: what earlier batches made is kept, the rest is named."""
    from genreport.atomic import write_atomically

    converted = Converted()
    if not documents:
        return converted
    soffice = soffice or find_soffice()
    if soffice is None:
        raise NoOffice(missing_office_message())
    remove_abandoned_scratch()
    done = 0

    def advanced(in_batch: int) -> None:
        if progress is not None:
            progress(done + in_batch, len(documents))

    with _Scratch() as scratch:
        for batch in _batches(documents):
            advanced(0)
            made, failures = scratch.convert(soffice, batch, advanced)
            for path, pdf in made.items():
                write_atomically(path, pdf.content)
            converted.pdfs.update(made)
            converted.failures += failures
            if kept is not None and made:
                kept(made)
            done += len(batch)
            if progress is not None:
                progress(done, len(documents))
            if scratch.timed_out:
                rest = documents[done:]
                if rest:
                    converted.failures.append(
                        f"其余{len(rest)}个文档未转换，重新运行 genreport 年度 --pdf 会接着转换。"
                    )
                break
    return converted


def convert_copy(content: bytes, suffix: str, to: str, soffice: Path) -> bytes:
    """A document's `content` (a `suffix` file: `.doc`, `.wps`) converted by LibreOffice to the
    format `to` (`docx`), in a scratch folder of its own, within the time limit `--pdf` gives one
    document; ConversionFailed when LibreOffice cannot start, runs out of time or makes nothing."""
    remove_abandoned_scratch()
    with _Scratch() as scratch:
        folder = scratch.folder / "1"
        outdir = folder / "out"
        outdir.mkdir(parents=True)
        copy = folder / f"0{suffix}"
        copy.write_bytes(content)
        command = _command(soffice, scratch.folder, to, outdir, [copy])
        limit = time_limit([content])
        try:
            scratch._run(command, limit, outdir, lambda made: None)
        except OSError as exc:
            raise ConversionFailed(f"无法启动LibreOffice（{reason(exc)}）") from None
        if scratch.timed_out:
            raise ConversionFailed(f"LibreOffice在{limit:.0f}秒内没有转换完，已停止它")
        made = outdir / f"0.{to}"
        if not made.is_file():
            raise ConversionFailed("LibreOffice没有转换它（文件可能已损坏、设有密码或不是该格式）")
        return made.read_bytes()


def _command(soffice: Path, scratch: Path, to: str, outdir: Path, files: list[Path]) -> list[str]:
    """LibreOffice converting `files` to `to` into `outdir`, with its profile in `scratch`."""
    return [
        str(soffice),
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
        *(str(file) for file in files),
    ]


def _batches(documents: list[Path]) -> Iterator[list[Path]]:
    for start in range(0, len(documents), BATCH_DOCUMENTS):
        yield documents[start : start + BATCH_DOCUMENTS]


class _Scratch:
    """A scratch folder for LibreOffice's copies, PDFs and profile (never the clerk's own, maybe
    open, LibreOffice), removed at the end with any LibreOffice still running, on Ctrl-C and when
    the run is ended by its window or `kill` (SIGTERM, SIGHUP) too."""

    folder: Path  # made on entering

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.timed_out = False
        self.batch = 0
        self._handlers: dict[int, SignalHandler] = {}

    def __enter__(self) -> _Scratch:
        self.folder = Path(tempfile.mkdtemp(prefix=_SCRATCH_PREFIX))
        (self.folder / _OWNER).write_text(str(os.getpid()), encoding="ascii")
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                self._handlers[number] = signal.signal(number, end_as_terminated)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._end_office()
        finally:
            for number, handler in self._handlers.items():
                signal.signal(number, handler)
            shutil.rmtree(self.folder, ignore_errors=True)

    def convert(
        self, soffice: Path, batch: list[Path], progress: Callable[[int], None]
    ) -> tuple[dict[Path, Pdf], list[str]]:
        """Convert one batch; its PDFs by path, and a message for each document not converted."""
        self.batch += 1
        folder = self.folder / str(self.batch)
        outdir = folder / "pdf"
        outdir.mkdir(parents=True)
        # Numbered copies: documents of different unions share their file names, and one
        # --outdir takes them all. The copy is what is converted, and what the PDF is recorded
        # as made from.
        sources = []
        for index, document in enumerate(batch):
            content = document.read_bytes()
            copy = folder / f"{index}.docx"
            copy.write_bytes(content)
            sources.append((document, copy, content))
        command = _command(soffice, self.folder, "pdf", outdir, [copy for _, copy, _ in sources])
        limit = time_limit([content for _, _, content in sources])
        failures = []
        try:
            self._run(command, limit, outdir, progress)
        except OSError as exc:
            failures.append(f"无法启动LibreOffice（{reason(exc)}），Word文件已经生成。")
        if self.timed_out:
            failures.append(
                f"LibreOffice在{limit:.0f}秒内没有转换完{len(batch)}个文档，已停止它。"
                "已转换的PDF已保存，Word文件已经生成。"
            )
        made = {}
        for document, copy, content in sources:
            pdf = outdir / f"{copy.stem}.pdf"
            if pdf.is_file():
                made[document.with_suffix(".pdf")] = Pdf(pdf.read_bytes(), content)
            elif not self.timed_out and not failures:
                failures.append(
                    f"LibreOffice没有生成“{document}”的PDF，Word文件已经生成。"
                    "请用Word或WPS打开该文件另存为PDF，或检查LibreOffice能否正常打开它。"
                )
        return made, failures

    def _run(
        self, command: list[str], limit: float, outdir: Path, progress: Callable[[int], None]
    ) -> None:
        """Run LibreOffice in a process group of its own until it ends or `limit` seconds pass."""
        group: dict[str, Any]
        if sys.platform == "win32":
            group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        else:
            group = {"start_new_session": True}
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **self._own_folders()},
            **group,
        )
        deadline = time.monotonic() + limit
        shown = 0
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.timed_out = True
                self._end_office()
                return
            time.sleep(0.2)
            made = sum(1 for _ in outdir.glob("*.pdf"))
            if made != shown:
                shown = made
                progress(made)
        self.process = None

    def _own_folders(self) -> dict[str, str]:
        """LibreOffice's home and temporary folder inside the scratch folder: what a LibreOffice
        ended midway leaves there (its lu*.tmp files) goes with it."""
        temp = self.folder / "tmp"
        temp.mkdir(exist_ok=True)
        folders = {
            "HOME": str(self.folder),
            "TMPDIR": str(temp),
            "TMP": str(temp),
            "TEMP": str(temp),
        }
        # Fonts the clerk installed for their own user (~/.local/share/fonts, ~/.fonts) stay
        # visible to fontconfig under the scratch home: the 公文 fonts are often installed so.
        home = Path.home()
        folders.setdefault(
            "XDG_DATA_HOME", os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
        )
        legacy = home / ".fonts"
        if legacy.is_dir() and not (self.folder / ".fonts").exists():
            with contextlib.suppress(OSError):
                (self.folder / ".fonts").symlink_to(legacy, target_is_directory=True)
        return folders

    def _end_office(self) -> None:
        """End LibreOffice, the program it started with it included."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)],
                capture_output=True,
                check=False,
            )
        else:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def remove_abandoned_scratch() -> None:
    """Remove the scratch folders of runs that were killed outright (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_SCRATCH_PREFIX}*"):
        try:
            owner = int((folder / _OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            owner = None  # a run still writing its owner, or of genreport before owners
        try:
            old = time.time() - folder.stat().st_mtime > ABANDONED_SECONDS
        except OSError:
            continue
        if (owner is not None and not _alive(owner)) or (owner is None and old):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # query limited
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
