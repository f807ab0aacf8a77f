"""Language server speed, over stdio with a real client (pytest-lsp), as an editor sees it.

1. A 5,000-line spec is open; 200 one-character edits (insert, then delete, alternately) are
   sent one at a time; for each, the time from sending didChange to the client's having the
   publishDiagnostics of that version read off the pipe and parsed as JSON, what any editor's
   client does before it knows which version it got. Prints p50 and p95 (target p95 <= 30 ms).
   Then, on a line of its own, the same to the publish's handler in pytest-lsp, after pygls
   has structured the ~940 diagnostics into lsprotocol objects (cattrs, ~15 us each): a cost of
   this Python client. Editors read with a native JSON parser: Node's `JSON.parse` of such a
   publish, with a plain object made per diagnostic, takes ~1 ms here (Python's `json.loads`
   ~1.8 ms, the parse counted in the first figure).
2. The generated 1,000-spec workspace: time from `initialize` to the end of the first indexing
   (its work-done progress), and the server's resident memory then (target <= 300 MB).

With --timings, the server runs with the engine's lint timed inside it (a wrapper around
`Index.lint` and `lint_text`, so any version of the server can be measured the same way), and
the report splits each edit's latency into the lint and the rest ("overhead": the server's
own work, the pipe, and the client's reading of the diagnostics). Servers that log
`speclint.server.timing` also report their own time from the change to the written publish.

The client process runs with the project's collector policy (`gc_policy.tune()`, as the CLI,
the server and the other benches do): with CPython's defaults, its full collections walk the
~65k objects of its own imports (lsprotocol, cattrs, pytest-lsp) for ~35 ms every tenth edit or
so, a pause of the measuring client, not of the server. `--client-gc default` measures with
CPython's defaults anyway; either way the client's collection pauses during the edits are
printed.

`python -m bench.lsp_bench [--edits N] [--folder DIR] [--timings] [--skip-index]
[--client-gc tuned|default]`
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import io_ as pygls_io
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from speclint import gc_policy

from .corpus import generate, spec

SERVER = [sys.executable, "-m", "speclint", "lsp"]
# The server, with each engine lint's time appended to the file named by SPECLINT_BENCH_TIMINGS
# ("lint <ms>"), and the server's own timing log (if it has one) written there too.
TIMED_SERVER = [
    sys.executable,
    "-c",
    """
import logging, os, sys, time
out = open(os.environ["SPECLINT_BENCH_TIMINGS"], "a", buffering=1)
handler = logging.StreamHandler(out)
timing = logging.getLogger("speclint.server.timing")
timing.addHandler(handler)
timing.setLevel(logging.DEBUG)
timing.propagate = False
from speclint.server import core, linking
def timed(fn):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            out.write(f"lint {(time.perf_counter() - start) * 1000:.3f}\\n")
    return run
linking.Index.lint = timed(linking.Index.lint)
core.lint_text = timed(core.lint_text)
sys.argv = ["spec-lint", "lsp"]
from speclint.cli import main
main()
""",
]
PUBLISHED = re.compile(r"published \S+ v(\d+): \d+ findings, lint ([\d.]+) ms, total ([\d.]+) ms")
INDEX_TOKEN = "speclint/index"
CAPABILITIES = types.ClientCapabilities(
    window=types.WindowClientCapabilities(work_done_progress=True),
    text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)
    ),
)


class Client:
    """A pytest-lsp client that wakes a waiter on every published version."""

    def __init__(self, server: list[str] | None = None) -> None:
        self.server = server or SERVER
        self.versions: dict[str, int | None] = {}
        self.progress_end = asyncio.Event()
        self._published = asyncio.Event()
        self.lsp = LanguageClient(converter_factory=default_converter)
        features = dict(DEFAULT_CLIENT_FEATURES)
        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda p: self._on_publish(p)
        features["speclint/readiness"] = lambda p: None  # the VS Code client's status bar
        register_lsp_features(self.lsp, features)

    def _on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        self.versions[params.uri] = params.version
        self._published.set()

    async def start(self, root: Path) -> float:
        """Start and initialize; returns the time at which `initialize` was sent."""
        await ClientServerConfig(
            server_command=self.server, client_factory=lambda: self.lsp
        ).start()
        sent = time.perf_counter()
        await self.lsp.initialize_session(
            types.InitializeParams(capabilities=CAPABILITIES, root_uri=root.as_uri())
        )
        return sent

    async def published(self, uri: str, version: int) -> None:
        while self.versions.get(uri) != version:
            self._published.clear()
            await asyncio.wait_for(self._published.wait(), 60)

    async def indexed(self) -> None:
        while not any(
            isinstance(v, types.WorkDoneProgressEnd)
            for v in self.lsp.progress_reports.get(INDEX_TOKEN, [])
        ):
            await asyncio.sleep(0.01)

    def rss_mb(self) -> float:
        server = self.lsp._server
        assert server is not None
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    async def stop(self) -> None:
        await self.lsp.shutdown_session()
        await self.lsp.stop()


class CollectorPauses:
    """The client's own cycle collections while it is on: count and total pause."""

    def __init__(self) -> None:
        self.count = 0
        self.total_ms = 0.0
        self._started = 0.0

    def __enter__(self) -> CollectorPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.total_ms += (time.perf_counter() - self._started) * 1000


class Reading:
    """How the client reads each large message while it is on (pygls reads every message through
    `json.loads` with its protocol's structuring hook): when its body had been read off the pipe,
    the body, and how long the structured decoding took (milliseconds), in order."""

    LARGE = 100_000  # bytes: a publish of the big spec's diagnostics, not the small replies

    def __init__(self) -> None:
        self.read_at: list[float] = []
        self.bodies: list[bytes] = []
        self.decode_ms: list[float] = []
        self._json: Any = None

    def __enter__(self) -> Reading:
        self._json = pygls_io.json
        outer = self

        class TimedJson:
            @staticmethod
            def loads(body: bytes, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return outer._json.loads(body, **kwargs)
                finally:
                    if len(body) > outer.LARGE:
                        outer.read_at.append(start)
                        outer.bodies.append(body)
                        outer.decode_ms.append((time.perf_counter() - start) * 1000)

        pygls_io.json = TimedJson  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        pygls_io.json = self._json

    def received(self, uri: str) -> dict[int, float]:
        """Per published version of `uri`: when the client had its publish read and parsed as
        plain JSON, what any editor's client does before it knows which version it got. Each
        body is parsed again here, after the edits, and that parse's time is added to when
        it was read: parsing it twice on the clock would delay the structured decoding."""
        out: dict[int, float] = {}
        for at, body in zip(self.read_at, self.bodies, strict=True):
            start = time.perf_counter()
            message = json.loads(body)
            parsed = time.perf_counter() - start
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and (
                params.get("uri") == uri and params.get("version") is not None
            ):
                out[params["version"]] = at + parsed
        return out


def big_spec(lines: int) -> str:
    rng = random.Random(11)
    text = spec(rng, 0, lines * 80)
    return "\n".join(text.splitlines()[:lines]) + "\n"


def quantiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=100)
    return q[49], q[94]


async def edit_latency(folder: Path, edits: int, timings: bool = False) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.md"
    text = big_spec(5000)
    path.write_text(text, encoding="utf-8")
    log = folder / "timings.log"
    log.unlink(missing_ok=True)
    if timings:
        os.environ["SPECLINT_BENCH_TIMINGS"] = str(log)
    client = Client(TIMED_SERVER if timings else SERVER)
    await client.start(folder)
    uri = path.as_uri()
    client.lsp.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await client.published(uri, 1)
    line = 2500
    sent: dict[int, float] = {}
    times: list[float] = []
    pauses = CollectorPauses()
    reading = Reading()
    with pauses, reading:
        await _edits(client, uri, line, edits, sent, times)
    await client.stop()
    arrived = reading.received(uri)
    received = [(arrived[v] - at) * 1000 for v, at in sent.items() if v in arrived]
    q = statistics.quantiles(received, n=100)
    out = {
        "lines": 5000,
        "bytes": len(text.encode()),
        "edits": edits,
        "p50_ms": q[49],
        "p95_ms": q[94],
        "max_ms": max(received),
        "received": len(received),
        "client_gc_count": pauses.count,
        "client_gc_ms": pauses.total_ms,
    }
    out["structured_p50_ms"], out["structured_p95_ms"] = quantiles(times)
    out["decode_p50_ms"], out["decode_p95_ms"] = quantiles(reading.decode_ms[-edits:])
    if timings:
        out.update(split_timings(log.read_text(), received))
    return out


async def _edits(
    client: Client, uri: str, line: int, edits: int, sent: dict[int, float], times: list[float]
) -> None:
    """`edits` one-character changes at `line`: when each version was sent (into `sent`), and
    the time to its publish's handler, structured into lsprotocol objects (into `times`)."""
    for i in range(edits):
        version = i + 2
        # Type a character, then delete it: the text alternates, the work stays the same.
        if i % 2 == 0:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)), text="x"
            )
        else:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 1)), text=""
            )
        sent[version] = start = time.perf_counter()
        client.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                content_changes=[change],
            )
        )
        await client.published(uri, version)
        times.append((time.perf_counter() - start) * 1000)


def split_timings(log: str, times: list[float]) -> dict[str, float]:
    """Each edit's latency minus its lint; and the server's own figures when it logs them."""
    lints = [float(line.split()[1]) for line in log.splitlines() if line.startswith("lint ")]
    lints = lints[-len(times) :]  # one lint per edit, after the one of didOpen
    out: dict[str, float] = {}
    out["lint_p50_ms"], out["lint_p95_ms"] = quantiles(lints)
    rest = [t - lint for t, lint in zip(times, lints, strict=True)]
    out["rest_p50_ms"], out["rest_p95_ms"] = quantiles(rest)
    server = [
        (int(m[1]), float(m[2]), float(m[3])) for m in PUBLISHED.finditer(log) if int(m[1]) >= 2
    ]
    if len(server) >= 2:
        own = [total - lint for _, lint, total in server]
        out["server_p50_ms"], out["server_p95_ms"] = quantiles(own)
    return out


async def first_index(folder: Path) -> dict[str, float]:
    paths = generate(folder / "corpus")
    client = Client()
    sent = await client.start(folder / "corpus")
    await client.indexed()
    seconds = time.perf_counter() - sent
    rss = client.rss_mb()
    await client.stop()
    mb = sum(p.stat().st_size for p in paths) / 1_000_000
    return {"specs": len(paths), "mb": mb, "index_s": seconds, "rss_mb": rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument(
        "--timings", action="store_true", help="split each edit into the lint and the rest"
    )
    parser.add_argument("--skip-index", action="store_true", help="skip the first-index part")
    parser.add_argument(
        "--client-gc",
        choices=["tuned", "default"],
        default="tuned",
        help="the client's collector: the project's policy (default) or CPython's defaults",
    )
    args = parser.parse_args()
    if args.client_gc == "tuned":
        gc_policy.tune()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        lat = asyncio.run(edit_latency(folder / "edit", args.edits, args.timings))
        print(
            f"didChange -> publishDiagnostics received (read and parsed as JSON), "
            f"{lat['lines']:.0f}-line spec ({lat['bytes'] / 1000:.0f} kB), {lat['edits']:.0f} "
            f"edits: p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms, "
            f"max {lat['max_ms']:.1f} ms "
            f"(target p95 <= 30 ms: {'met' if lat['p95_ms'] <= 30 else 'NOT met'})"
        )
        print(
            f"  and structured into lsprotocol objects by pytest-lsp's client (its decoding: "
            f"p50 {lat['decode_p50_ms']:.1f} ms, p95 {lat['decode_p95_ms']:.1f} ms): "
            f"p50 {lat['structured_p50_ms']:.1f} ms, p95 {lat['structured_p95_ms']:.1f} ms"
        )
        print(
            f"  client's collector ({args.client_gc}): {lat['client_gc_count']:.0f} collections "
            f"during the edits, {lat['client_gc_ms']:.0f} ms in all"
        )
        if args.timings:
            print(
                f"  lint inside the server: p50 {lat['lint_p50_ms']:.1f} ms, "
                f"p95 {lat['lint_p95_ms']:.1f} ms; the rest (server, pipe, client reading): "
                f"p50 {lat['rest_p50_ms']:.1f} ms, p95 {lat['rest_p95_ms']:.1f} ms"
            )
            if "server_p50_ms" in lat:
                print(
                    f"  server's own time from the change to the written publish, lint "
                    f"excluded: p50 {lat['server_p50_ms']:.1f} ms, "
                    f"p95 {lat['server_p95_ms']:.1f} ms"
                )
        if args.skip_index:
            return 0
        idx = asyncio.run(first_index(folder))
        print(
            f"first index of {idx['specs']:.0f} specs ({idx['mb']:.1f} MB): "
            f"{idx['index_s']:.2f} s; "
            f"server memory after indexing {idx['rss_mb']:.0f} MB "
            f"(target <= 300 MB: {'met' if idx['rss_mb'] <= 300 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
