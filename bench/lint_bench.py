"""Lint speed: full lint vs markdown-it-py's bare parse of the same files, in one process.

Prints wall time, MB/s, peak memory, and the ratio lint / bare parse (target <= 2.0, >= 5 MB/s).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from speclint import gc_policy
from speclint.config import Config
from speclint.engine import lint_text

from .corpus import generate
from .reference import markdown_it_py


def main(folder: Path) -> dict[str, float]:
    paths = generate(folder)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    config = Config(root=folder)
    lint_text(texts[0], "warmup.md", config)  # imports, rule loading, regex compilation
    gc_policy.tune()  # as `spec-lint` runs (for the reference parse too)

    t0 = time.perf_counter()
    for t in texts:
        markdown_it_py.parse(t)
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    findings = 0
    for i, t in enumerate(texts):
        findings += len(lint_text(t, f"spec_{i}.md", config).findings)
    lint_s = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "files": len(texts),
        "size_mb": round(size_mb, 1),
        "bare_parse_s": round(parse_s, 2),
        "lint_s": round(lint_s, 2),
        "lint_mb_per_s": round(size_mb / lint_s, 2),
        "ratio_lint_to_parse": round(lint_s / parse_s, 2),
        "findings": findings,
        "peak_rss_mb": round(peak_mb, 1),
    }
    return figures


if __name__ == "__main__":
    out = main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/out/corpus"))
    for k, v in out.items():
        print(f"{k:>22}: {v}")
