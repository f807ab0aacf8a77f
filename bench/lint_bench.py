"""Lint speed: full lint vs markdown-it-py's bare parse of the same files, in one process.

Prints wall time, MB/s, peak memory, and the ratio lint / bare parse (target <= 2.0, >= 5 MB/s).
The machines are shared: one pass varies by a quarter from minute to minute, and neighbours
only ever slow it. So the parse and the lint run in turns, `--rounds` times (default 3), and
each time is printed as the best round's, the least disturbed, with the median beside it; the
ratio is the median of the rounds' own ratios, each from a parse and a lint run back to back.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from speclint import gc_policy
from speclint.config import Config
from speclint.engine import lint_text

from .corpus import generate
from .reference import markdown_it_py


def main(folder: Path, rounds: int = 3) -> dict[str, object]:
    paths = generate(folder)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    config = Config(root=folder)
    lint_text(texts[0], "warmup.md", config)  # imports, rule loading, regex compilation
    gc_policy.tune()  # as `spec-lint` runs (for the reference parse too)

    parse_s: list[float] = []
    lint_s: list[float] = []
    findings = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            markdown_it_py.parse(t)
        parse_s.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        findings = 0
        for i, t in enumerate(texts):
            findings += len(lint_text(t, f"spec_{i}.md", config).findings)
        lint_s.append(time.perf_counter() - t0)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best, median = min(lint_s), statistics.median(lint_s)
    return {
        "files": len(texts),
        "size_mb": round(size_mb, 1),
        "rounds": rounds,
        "bare_parse_s": f"{min(parse_s):.2f} (median {statistics.median(parse_s):.2f})",
        "lint_s": f"{best:.2f} (median {median:.2f})",
        "lint_mb_per_s": f"{size_mb / best:.2f} (median {size_mb / median:.2f})",
        "ratio_lint_to_parse": round(
            statistics.median(lint / parse for lint, parse in zip(lint_s, parse_s, strict=True)),
            2,
        ),
        "findings": findings,
        "peak_rss_mb": round(peak_mb, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("bench/out/corpus"))
    parser.add_argument("--rounds", type=int, default=3, help="parse and lint runs, in turns")
    args = parser.parse_args()
    for k, v in main(args.folder, max(1, args.rounds)).items():
        print(f"{k:>22}: {v}")
