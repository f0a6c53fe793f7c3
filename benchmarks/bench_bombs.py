"""Peak memory of `check`, a render and `textconv` on templates that are zip bombs.

Usage: python benchmarks/bench_bombs.py [SIZE_MB]
Each bomb is the shipped 长沙 report with one part inflating to SIZE_MB (default 1536): the
document part honestly declared, an image part honestly declared, and the document part declaring
a small size (zipfile stops there). Each command runs in a new process; its peak RSS is read from
getrusage. Figures go in closing notes, never into tests.
"""

from __future__ import annotations

import io
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench_pipeline import REPO

from genreport.workspace import REPORT, shipped_templates

UNION = "浏阳市总工会"


def _bomb(template: Path, part: str, size: int, lie: bool) -> None:
    source = zipfile.ZipFile(
        io.BytesIO((shipped_templates() / "长沙" / f"{REPORT}.docx").read_bytes())
    )
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info.filename))
        with target.open(part, "w", force_zip64=True) as bomb:
            bomb.write(b'<?xml version="1.0"?><w:document xmlns:w="urn:w">')
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                bomb.write(chunk)
            bomb.write(b"</w:document>")
    if lie:  # the part's declared size in the central directory set to 1000 bytes
        data = bytearray(template.read_bytes())
        name = part.encode()
        at = data.find(b"PK\001\002")
        while at >= 0:
            length = struct.unpack("<H", data[at + 28 : at + 30])[0]
            if data[at + 46 : at + 46 + length] == name:
                data[at + 24 : at + 28] = struct.pack("<L", 1000)
            at = data.find(b"PK\001\002", at + 4)
        template.write_bytes(bytes(data))


def _peak(command: list[str], cwd: Path) -> tuple[float, int, str]:
    probe = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print(r.returncode); print((r.stderr + r.stdout).strip().splitlines()[0][:160])"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    peak, code, first = out.stdout.split("\n", 2)
    return seconds, int(peak) // 1024, f"exit {code}: {first.strip()}"


def main(size_mb: int = 1536) -> None:
    for label, part, lie in (
        ("document.xml honest", "word/document.xml", False),
        ("image part honest", "word/media/bomb.png", False),
        ("document.xml declared 1000 B", "word/document.xml", True),
    ):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            shutil.copytree(REPO / "data" / "2022", root / "data" / "2022")
            template = root / "templates" / "长沙" / f"{REPORT}.docx"
            template.parent.mkdir(parents=True)
            _bomb(template, part, size_mb << 20, lie)
            print(f"{label}: {template.stat().st_size / 1e6:.1f} MB file inflating to {size_mb} MB")
            genreport = [sys.executable, "-m", "genreport"]
            for name, command in (
                ("check", [*genreport, "check", "2022"]),
                ("render", [*genreport, "2022", "--union", UNION, "--force"]),
                ("textconv", [*genreport, "textconv", str(template)]),
            ):
                seconds, peak, message = _peak(command, root)
                print(f"  {name:8s} peak {peak:5d} MB, {seconds:5.1f} s, {message}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1536)
