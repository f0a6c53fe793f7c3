"""Time and peak memory of `genreport check` on every hostile corpus case, and the kill test's figures.

Usage: python benchmarks/bench_hostile.py [--kills N]   (default 200)
Each corpus case runs in a fresh interpreter (`python -m genreport check 2022`), as a clerk runs it:
wall time includes starting Python. Peak RSS is the child's. Then N kills as in
tests/test_output.py, reporting how many landed after documents had been written and how many left
a temporary file. Figures go in closing notes, never into tests.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import test_hostile  # noqa: E402
import test_output  # noqa: E402


def corpus() -> None:
    rows = []
    for name in sorted(test_hostile.EXPECTED):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            test_hostile.plant(root, name)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "genreport", "check", "2022", "--root", str(root)],
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows.append((seconds, name, result.returncode, peak, peak > before))
    rows.sort(reverse=True)
    print(f"corpus: {len(rows)} cases, each in a fresh interpreter")
    for seconds, name, code, _, _ in rows[:5]:
        print(f"  {seconds:.2f} s  exit {code}  {name}")
    print(f"  median {rows[len(rows) // 2][0]:.2f} s")
    print(f"  peak RSS of any case: {max(r[3] for r in rows) / 1024:.0f} MB")


def kills(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        roots = [test_output.make_project(Path(scratch) / f"p{n}") for n in range(2)]
        start = time.perf_counter()
        targets = test_output.kill_many(roots, count)
        seconds = time.perf_counter() - start
    print(f"kills: {sum(t.kills for t in targets)} in {seconds:.0f} s")
    print(f"  after which documents had changed: {sum(t.changed for t in targets)}")
    print(f"  temporary files seen after a kill: {sum(t.temps for t in targets)}")
    print(
        "  run durations (s): "
        + ", ".join(
            f"{'real' if real else 'fork'} {t.durations[real]:.2f}"
            for t in targets[:1]
            for real in (True, False)
        )
    )


if __name__ == "__main__":
    corpus()
    kills(int(sys.argv[sys.argv.index("--kills") + 1]) if "--kills" in sys.argv else 200)
