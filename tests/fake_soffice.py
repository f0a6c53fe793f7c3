"""A stand-in for LibreOffice's `soffice --convert-to pdf`, fast and scriptable, for the tests of
what genreport does around LibreOffice (batches, time limits, Ctrl-C, what a PDF is recorded as
made from). Like the real one, it starts a second program that does the work (soffice.bin).

Each `X.docx` given becomes `<outdir>/X.pdf`, holding the sha256 of the .docx converted.
Environment: FAKE_SOFFICE_LOG, a file each start appends its documents' count to;
FAKE_SOFFICE_HANG_AT (n), hang from the n-th start on, with its pid and its worker's in
FAKE_SOFFICE_PIDS; FAKE_SOFFICE_DURING, a command the first start runs before converting (FAKE_SOFFICE_LOG needed);
FAKE_SOFFICE_FONTS, comma-separated font names each PDF embeds, written as a real PDF names them
(`/FontName /BAAAAA+FangSong_GB2312`, other than ASCII as `#E4#BB#BF` escapes); none by default;
FAKE_SOFFICE_FONT_FOLDERS, a file to write the user's font folders fontconfig would see into
($HOME/.fonts and $XDG_DATA_HOME/fonts, resolved, one a line, when they exist)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path


def font_name(name: str) -> str:
    return "".join(c if c.isascii() else "".join(f"#{b:02X}" for b in c.encode()) for c in name)


def convert(outdir: Path, documents: list[Path]) -> None:
    fonts = [f for f in os.environ.get("FAKE_SOFFICE_FONTS", "").split(",") if f]
    for number, document in enumerate(documents):
        digest = hashlib.sha256(document.read_bytes()).hexdigest()
        embedded = "".join(
            f"<</Type/FontDescriptor/FontName/{chr(66 + i % 20)}AAAAA+{font_name(font)}>>\n"
            for i, font in enumerate(fonts, start=number)
        )
        (outdir / f"{document.stem}.pdf").write_bytes(f"%PDF-fake {digest}\n{embedded}".encode())


def main(args: list[str]) -> None:
    if args and args[0] == "--worker":  # the program doing the work: hangs
        time.sleep(3600)
        return
    outdir = Path(args[args.index("--outdir") + 1])
    outdir.mkdir(parents=True, exist_ok=True)
    documents = [Path(a) for a in args if a.endswith(".docx")]
    log = os.environ.get("FAKE_SOFFICE_LOG")
    starts = 0
    if log:
        with open(log, "a", encoding="ascii") as handle:
            handle.write(f"{len(documents)}\n")
        starts = len(Path(log).read_text(encoding="ascii").split())
    seen = os.environ.get("FAKE_SOFFICE_FONT_FOLDERS")
    if seen:
        home, data = os.environ.get("HOME", ""), os.environ.get("XDG_DATA_HOME", "")
        candidates = [Path(home, ".fonts"), Path(data, "fonts")] if data else [Path(home, ".fonts")]
        folders = [str(c.resolve()) for c in candidates if c.is_dir()]
        Path(seen).write_text("".join(f"{f}\n" for f in folders), encoding="utf-8")
    during = os.environ.get("FAKE_SOFFICE_DURING")
    if during and starts == 1:
        subprocess.run(during, shell=True, check=True)
    hang_at = os.environ.get("FAKE_SOFFICE_HANG_AT")
    if hang_at and starts >= int(hang_at):
        worker = subprocess.Popen([sys.executable, __file__, "--worker"])
        Path(os.environ["FAKE_SOFFICE_PIDS"]).write_text(f"{os.getpid()} {worker.pid}")
        worker.wait()
        return
    convert(outdir, documents)


if __name__ == "__main__":
    main(sys.argv[1:])
