"""Clarifying questions against the fake Messages API with a fixed 300 ms latency.

Reports the wall time to get questions for every section of a 40-section spec (sections asked
concurrently, bounded by [clarify] concurrency), and the request count of a second run over the
unchanged spec (target 0: everything comes from .speclint-cache/).

    python -m bench.clarify_bench [--sections 40] [--latency 0.3] [--concurrency 4 8]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from speclint.clarify import ask
from speclint.config import from_dict
from speclint.parse import parse

from tests.fakes.fake_anthropic import FakeAnthropic


def make_spec(sections: int) -> str:
    parts = ["# Generated service\n"]
    for i in range(sections):
        parts.append(
            f"\n## Feature {i}\n\nThe service should store record {i} for a reasonable time. "
            f"Users can export it as CSV, JSON, etc. Requests time out after {i + 5} seconds.\n"
        )
    return "".join(parts)


def run(sections: int, latency: float, concurrency: int) -> None:
    text = make_spec(sections)
    with tempfile.TemporaryDirectory() as tmp, FakeAnthropic(latency=latency) as fake:
        os.environ["ANTHROPIC_BASE_URL"] = fake.url
        os.environ["ANTHROPIC_API_KEY"] = "sk-bench-not-a-real-key"
        conf = from_dict({"clarify": {"concurrency": concurrency}}, root=Path(tmp))
        spec = parse(text, "bench.md")
        started = time.perf_counter()
        first = ask(spec, conf)
        cold = time.perf_counter() - started
        requests_cold = fake.count
        started = time.perf_counter()
        second = ask(parse(text, "bench.md"), conf)
        warm = time.perf_counter() - started
        requests_warm = fake.count - requests_cold
    serial = sections * latency
    print(
        f"concurrency {concurrency:>2}: {sections} sections, {len(first.questions)} questions, "
        f"{requests_cold} requests in {cold:.2f} s (serial would be >= {serial:.1f} s; "
        f"max in flight {fake.max_active}); cache-read {first.usage.cache_read_input_tokens} / "
        f"cache-write {first.usage.cache_creation_input_tokens} tokens"
    )
    print(
        f"concurrency {concurrency:>2}: second run {requests_warm} requests (target 0), "
        f"{len(second.questions)} questions in {warm:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8])
    args = parser.parse_args()
    print(f"clarify bench: fake Messages API, {args.latency * 1000:.0f} ms per request")
    started = time.perf_counter()
    import anthropic  # noqa: F401  (timed apart: a one-off cost, not the asking)

    print(f"importing the anthropic SDK: {time.perf_counter() - started:.2f} s")
    for c in args.concurrency:
        run(args.sections, args.latency, c)


if __name__ == "__main__":
    main()
