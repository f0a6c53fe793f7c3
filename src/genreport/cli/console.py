"""Console output that never stops a run: on a Windows console or file using a code page such as
GBK (936), a character the code page lacks is shown as `?` instead of raising UnicodeEncodeError."""

from __future__ import annotations

import codecs
import sys
from typing import TextIO


def tolerate_unencodable(stream: TextIO | None) -> None:
    """Let `stream` replace what its encoding cannot write, unless it is UTF-8 (which writes all)."""
    encoding = getattr(stream, "encoding", None)
    if stream is None or not hasattr(stream, "reconfigure") or not encoding:
        return
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return
        stream.reconfigure(errors="replace")
    except (LookupError, ValueError, OSError):
        pass  # an unknown codec or a stream that cannot change: leave it as it is


def make_console_safe() -> None:
    """Standard output and error tolerate characters their code page lacks."""
    tolerate_unencodable(sys.stdout)
    tolerate_unencodable(sys.stderr)
