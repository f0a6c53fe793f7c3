"""Time and peak memory of checking and rendering the bundled unions, scaled to many unions.

Usage: python benchmarks/bench_pipeline.py [UNIONS]   (default 50)
Copies the bundled 2022 unions under new names into a scratch project until it holds UNIONS files,
then times `check_year`, a full `render_year`, a second run with nothing changed (every union up
to date) and a run after one union's data changed, and reports peak RSS. Figures go in closing notes, never
into tests.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from genreport.pipeline import check_year, render_year
from genreport.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path, count: int) -> None:
    sources = sorted((REPO / "data" / "2022").glob("*.yaml"))
    folder = root / "data" / "2022"
    folder.mkdir(parents=True)
    for index in range(count):
        source = sources[index % len(sources)]
        name = f"{source.stem}{index:03d}"
        text = source.read_text(encoding="utf-8").replace(
            f"单位名称: {source.stem}", f"单位名称: {name}", 1
        )
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make_project(root, count)
        project = Workspace(root)
        start = time.perf_counter()
        checked = check_year(project, 2022)
        check_seconds = time.perf_counter() - start
        start = time.perf_counter()
        rendered = render_year(project, 2022)
        render_seconds = time.perf_counter() - start
        start = time.perf_counter()
        unchanged = render_year(project, 2022)
        unchanged_seconds = time.perf_counter() - start
        one = next((root / "data" / "2022").glob("*.yaml"))
        one.write_text(one.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        start = time.perf_counter()
        after_edit = render_year(project, 2022)
        edit_seconds = time.perf_counter() - start
    written = sum(len(r.written) for r in rendered)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"unions: {len(checked)}")
    print(f"check:  {check_seconds:.2f} s ({check_seconds / count * 1000:.1f} ms per union)")
    print(
        f"render: {render_seconds:.2f} s for {written} files (documents and text twins) "
        f"({render_seconds / count * 1000:.0f} ms per union, check included)"
    )
    print(
        f"again, nothing changed: {unchanged_seconds:.2f} s "
        f"({sum(r.up_to_date for r in unchanged)} up to date)"
    )
    print(
        f"again, one union edited: {edit_seconds:.2f} s "
        f"({sum(bool(r.written) for r in after_edit)} rendered)"
    )
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
