"""PDFs of the documents, as the bureau's system and the disclosure page want them: every document
of a run converted by one LibreOffice process (starting LibreOffice costs more than converting)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ClerkError
from .office import find_soffice
from .output import write_atomically

TIMEOUT_SECONDS = 600


class NoOffice(ClerkError):
    """LibreOffice is not installed where genreport can find it."""


def missing_office_message() -> str:
    return (
        "没有找到LibreOffice，未生成PDF（Word文件已经生成）。请安装LibreOffice后重新运行："
        "Windows 请从 LibreOffice 官方网站下载安装；Debian/Ubuntu 运行 "
        "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk。"
    )


def to_pdf(documents: list[Path], soffice: Path | None = None) -> dict[Path, bytes]:
    """Each document's PDF (written beside it, atomically), all made by one LibreOffice process.

    The documents are copied to a scratch folder under numbered names first: documents of
    different unions share their file names, and one `--outdir` takes them all.
    """
    if not documents:
        return {}
    soffice = soffice or find_soffice()
    if soffice is None:
        raise NoOffice(missing_office_message())
    with tempfile.TemporaryDirectory(prefix="genreport-pdf-") as scratch:
        folder = Path(scratch)
        sources = []
        for index, document in enumerate(documents):
            source = folder / f"{index}.docx"
            shutil.copyfile(document, source)
            sources.append(source)
        profile = (folder / "profile").as_uri()  # never the clerk's own, maybe open, LibreOffice
        command = [
            str(soffice),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *map(str, sources),
        ]
        try:
            subprocess.run(
                command,
                check=False,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                env={**os.environ, "HOME": scratch},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ClerkError(f"LibreOffice转换PDF失败（{exc}），Word文件已经生成。") from None
        made = {}
        for document, source in zip(documents, sources, strict=True):
            pdf = folder / "pdf" / f"{source.stem}.pdf"
            if not pdf.is_file():
                raise ClerkError(
                    f"LibreOffice没有生成“{document.name}”的PDF，Word文件已经生成。"
                    "请用Word或WPS打开该文件另存为PDF，或检查LibreOffice能否正常打开它。"
                )
            made[document.with_suffix(".pdf")] = pdf.read_bytes()
    for path, content in made.items():
        write_atomically(path, content)
    return made
