"""`make bench`: every benchmark, one after the other, each printing its figures."""

from __future__ import annotations

import importlib
import subprocess
import sys

BENCHES = ("bench.lint_bench", "bench.workspace_bench", "bench.lsp_bench", "bench.clarify_bench")


def main() -> int:
    status = 0
    for name in BENCHES:
        try:
            importlib.util.find_spec(name)
        except ModuleNotFoundError:
            continue
        if importlib.util.find_spec(name) is None:
            continue
        print(f"== {name}", flush=True)
        # A process each: peak memory and start-up are then per benchmark.
        status |= subprocess.call([sys.executable, "-m", name])
    return status


if __name__ == "__main__":
    sys.exit(main())
