"""Notebook panel speed: first lint of a big folder, the cost of one file-watch poll, and how long
the event loop is held while the panel lints in the background.

`python -m bench.jupyter_bench` lints a generated corpus (500 specs, about 5 MB) three ways and
prints the figures: the engine alone (`lint_paths`), a synchronous `SpecPanel` (engine + table
building + HTML), and a `SpecPanel` inside a running asyncio loop, where a heartbeat coroutine
measures the longest stall of the loop while the worker thread lints (the kernel answers other
requests within that time; the longest stalls measured were Python's own full garbage
collections of the growing heap, not speclint code). It also times one file-watch poll.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from speclint.config import from_dict
from speclint.engine import lint_paths
from speclint_jupyter import SpecPanel
from speclint_jupyter.review import snapshot_changed, take_snapshot

from .corpus import generate

FILES, MEGABYTES = 500, 5.0


async def background_refresh(folder: Path) -> tuple[float, float, int]:
    """(seconds until the refresh ended, longest loop stall in seconds, heartbeats)."""
    gaps: list[float] = []

    async def heartbeat() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beating = asyncio.create_task(heartbeat())
    start = time.perf_counter()
    panel = SpecPanel(folder, auto_refresh=False)
    await panel.wait_idle()
    took = time.perf_counter() - start
    beating.cancel()
    return took, max(gaps, default=0.0), len(gaps)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "speclint.toml").write_text('specs = ["specs/**/*.md"]\n', encoding="utf-8")
        folder = root / "specs"
        paths = generate(folder, FILES, MEGABYTES)
        size = sum(p.stat().st_size for p in paths) / 1_000_000
        config = from_dict({}, root=root)

        start = time.perf_counter()
        run = lint_paths([folder], config)
        engine = time.perf_counter() - start

        start = time.perf_counter()
        panel = SpecPanel(folder, auto_refresh=False)
        synchronous = time.perf_counter() - start
        html_kb = len(panel.findings_table.value) / 1000

        full, cheap = [], []
        for _ in range(5):
            start = time.perf_counter()
            snapshot = take_snapshot(folder)
            full.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert not snapshot_changed(snapshot)
            cheap.append(time.perf_counter() - start)

        took, stall, beats = asyncio.run(background_refresh(folder))

    print(f"corpus: {len(paths)} specs, {size:.1f} MB, {len(run.findings)} findings")
    print(f"engine lint_paths:            {engine:6.2f} s")
    print(
        f"SpecPanel, synchronous:       {synchronous:6.2f} s  (x{synchronous / engine:.2f} engine)"
    )
    print(f"findings table HTML:          {html_kb:6.0f} kB")
    print(f"watch poll, nothing changed:  {statistics.median(cheap) * 1000:6.1f} ms  (median of 5)")
    print(f"full snapshot (folder moved): {statistics.median(full) * 1000:6.1f} ms")
    print(f"SpecPanel in a running loop:  {took:6.2f} s")
    print(f"  longest loop stall:         {stall * 1000:6.1f} ms  ({beats} heartbeats ran)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
