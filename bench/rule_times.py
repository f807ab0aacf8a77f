"""Where lint time goes: the parse, then each rule's time and hit count, over the first N specs
of the bench corpus. `python -m bench.rule_times [N]` (default 200)."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from speclint import gc_policy
from speclint.config import Config
from speclint.engine import active_rules
from speclint.parse import parse
from speclint.rules.context import Context

from .corpus import generate


def main(count: int) -> None:
    folder = Path(__file__).resolve().parent / "out" / "corpus"
    texts = [p.read_text("utf-8") for p in generate(folder)[:count]]
    config = Config(root=folder)
    rules = [(r, s) for r, s in active_rules(config) if r.scope != "workspace"]
    parse(texts[0])  # imports
    gc_policy.tune()  # as `spec-lint` runs: collections would land on whichever rule allocates
    t0 = time.perf_counter()
    specs = [parse(t, f"spec_{i}.md") for i, t in enumerate(texts)]
    parse_s = time.perf_counter() - t0
    seconds: dict[str, float] = defaultdict(float)
    hits: dict[str, int] = defaultdict(int)
    for spec in specs:
        ctx = Context(spec, config, None)
        for r, _ in rules:
            t = time.perf_counter()
            found = list(r.check(ctx))
            seconds[r.id] += time.perf_counter() - t
            hits[r.id] += len(found)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} specs, {mb:.1f} MB: parse {parse_s:.3f} s")
    for rid, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"{rid:36} {s:7.3f} s {hits[rid]:7d} hits")
    print(f"{'all rules':36} {sum(seconds.values()):7.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
