"""The server's state: configs, the newest lint result of each open document, pending lints.

Linting runs on one worker thread so the event loop keeps reading messages. A change starts a
lint at once when none of that document is running; changes arriving while one runs are
coalesced: that lint's result is dropped and one lint of the newest text follows it. So a storm
of changes costs at most one lint in flight plus one for the newest text, an idle server lints
without delay, and a published result is always of the current version. (A debounce, a quiet
period before each lint, can be set with the `debounceMs` option; it is 0 by default.)
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__, gc_policy
from ..config import Config, ConfigError, load_config
from ..engine import FileResult, discover, lint_text, matches_any, read_spec_text, relative_path
from ..incremental_lint import DocumentLinter
from ..model import TextIndex
from . import stdio
from .convert import default_docs_url
from .linking import Index, LinkedResult
from .positions import PositionCodec
from .protocol import SpeclintProtocol
from .publish import DiagnosticCache, Entry, publish_params_json

log = logging.getLogger(__name__)
# Per publish: the lint's own time and the time from the change to the written notification.
timing = logging.getLogger("speclint.server.timing")
P = ParamSpec("P")
T = TypeVar("T")

READINESS = "speclint/readiness"
DEFAULT_DEBOUNCE_S = 0.0


@dataclass(frozen=True)
class Linted:
    """One document's lint result, for the exact text (and version) it was computed from."""

    uri: str
    version: int | None
    text: str
    result: FileResult
    codec: PositionCodec
    config: Config
    path: Path | None
    entries: list[Entry]  # its diagnostics, ready to send
    coverage: float | None = None
    lint_s: float = 0.0  # the engine's time, on the worker thread


@dataclass(frozen=True)
class _Job:
    """What a lint on the lint thread needs to know besides the lint itself."""

    uri: str
    text: str
    root: Path
    encoding: str
    keep: bool  # the document is open: keep its diagnostics' entries for its next lint


def _timed(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, float]:
    """Run a lint (on the lint thread), timed, with the cycle collector paused."""
    start = time.perf_counter()
    with gc_policy.paused():
        result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


class SpeclintServer(LanguageServer):
    """pygls server holding speclint's state; features live in the sibling modules."""

    protocol: SpeclintProtocol

    def __init__(self) -> None:
        super().__init__(
            "speclint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=SpeclintProtocol,
        )
        self.linted: dict[str, Linted] = {}
        self.published: dict[str, int | None] = {}
        self.debounce = DEFAULT_DEBOUNCE_S
        self.docs_url = default_docs_url()
        self.indexed = asyncio.Event()
        self.index_task: asyncio.Future[None] | None = None
        self.index_runs = 0
        self.watch_task: asyncio.Future[None] | None = None
        self.index: Index | None = None  # the workspace index; touched on the lint thread only
        self._pending: dict[str, asyncio.Task[None]] = {}  # the running lint loop of each uri
        self._again: set[str] = set()  # uris changed since their running lint began
        self._changed_at: dict[str, float] = {}  # loop time of the last change (for a debounce)
        self._scheduled_at: dict[str, float] = {}  # perf_counter of the last change (timing)
        self.diagnostic_cache = DiagnosticCache()
        self._live: dict[str, DocumentLinter] = {}  # open documents outside the index
        self.lint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speclint-lint")
        self._configs: dict[Path, Config] = {}
        self._relative: dict[tuple[Path, Path], str] = {}
        self._reported: set[str] = set()
        # Lint results replaced by newer ones, freed once the newer one is published: freeing
        # a 5,000-line spec's objects takes ~0.5 ms, which the publish need not wait for.
        self._retired: list[Linted] = []

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls' stdio server; stdin read by the event loop when it is a pipe (`stdio`)."""
        source, sink = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
        if not stdio.watchable(source, sink):
            super().start_io(stdin, stdout)
            return
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(sink))
        try:
            asyncio.run(self._serve(source))
        except BrokenPipeError:
            log.error("the connection to the client is lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    async def _serve(self, source: BinaryIO) -> None:
        assert self._stop_event is not None
        await run_async(
            stop_event=self._stop_event,
            reader=await stdio.PipeReader.connect(source),
            protocol=self.protocol,
            logger=log,
            error_handler=self.report_server_error,
        )

    # -- client facts ------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    @property
    def pull_diagnostics(self) -> bool:
        """The client asks for diagnostics (LSP 3.17 pull): then none are pushed."""
        td = self.client_capabilities.text_document
        return td is not None and td.diagnostic is not None

    def client_supports(self, dotted: str) -> bool:
        node: Any = self.client_capabilities
        for part in dotted.split("."):
            node = getattr(node, part, None)
            if node is None:
                return False
        return bool(node)

    def root(self) -> Path:
        root = self.workspace.root_path
        return Path(root) if root else Path.cwd()

    # -- messages ------------------------------------------------------------------------------
    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_once(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """A problem the user must fix (a bad config): logged once, not on every keystroke."""
        if message not in self._reported:
            self._reported.add(message)
            self.log_message(message, kind)

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Requests already carry their error back; log every error so the user can find it,
        # and keep serving. No pop-up: one failing file must not interrupt typing.
        detail = "".join(traceback.format_exception(error)).strip()
        self.log_message(f"speclint server error: {error}\n{detail}", types.MessageType.Error)

    # -- configs and paths ---------------------------------------------------------------------
    def config_for(self, path: Path | None) -> Config:
        start = path.parent if path is not None else self.root()
        if start not in self._configs:
            try:
                config = load_config(start)
                root = self.root()
                if config.path is None and start != root and root in start.parents:
                    # No config file above: the workspace folder is the project root.
                    config = load_config(root)
                self._configs[start] = config
            except ConfigError as exc:
                self.report_once(f"{exc}; using the default settings until it is fixed")
                self._configs[start] = Config(root=self.root())
        return self._configs[start]

    def forget_configs(self) -> None:
        self._configs.clear()
        self._reported.clear()
        self.forget_paths()

    def forget_paths(self) -> None:
        self._relative.clear()

    def relative(self, path: Path, root: Path) -> str:
        """`relative_path`, remembered: resolving symlinks costs syscalls on every keystroke.
        Forgotten with the configs and when watched files change."""
        known = self._relative.get((path, root))
        if known is None:
            known = self._relative[path, root] = relative_path(path, root)
        return known

    @staticmethod
    def path_of(uri: str) -> Path | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None

    def indexed_config(self, path: Path | None) -> Config | None:
        """The config of the workspace index when `path` belongs to it."""
        if self.index is None or path is None:
            return None
        config = self.config_for(path)
        return config if config.root == self.index.config.root else None

    def is_spec(self, uri: str) -> bool:
        """Whether the server lints this document: specs with the spec rules, and, once the
        workspace index exists, scenario and twin files with the links rules. Before that,
        scenario and twin files are skipped: the spec rules would misread them."""
        path = self.path_of(uri)
        if path is None or self.indexed_config(path) is not None:
            return True
        config = self.config_for(path)
        rel = self.relative(path, config.root)
        return not matches_any(rel, (*config.scenarios, *config.twins))

    def uri_of(self, rel: str, config: Config) -> str:
        return from_fs_path(str((config.root / rel).resolve())) or rel

    async def workspace_spec_uris(self) -> list[str]:
        """Every file of the workspace on disk (specs; scenarios and twins once indexed), then
        open documents that are elsewhere."""
        root = self.root()
        loop = asyncio.get_running_loop()
        if self.index is not None:
            index = self.index
            rels = await loop.run_in_executor(self.lint_pool, index.ws.paths)
            uris = [self.uri_of(rel, index.config) for rel in rels]
        else:
            config = self.config_for(root / "speclint.toml")
            files = await loop.run_in_executor(self.lint_pool, discover, [root], config)
            found = (from_fs_path(str(f.resolve())) for f in files)
            uris = [u for u in found if u and self.is_spec(u)]
        known = set(uris)
        uris += [u for u in self.workspace.text_documents if u not in known and self.is_spec(u)]
        return uris

    # -- linting -------------------------------------------------------------------------------
    def _snapshot(self, uri: str) -> tuple[str, int | None]:
        if uri in self.workspace.text_documents:
            doc = self.workspace.get_text_document(uri)
            return doc.source, doc.version
        path = self.path_of(uri)
        if path is None or not path.is_file():
            raise JsonRpcInvalidParams(f"{uri} is not open and is not a file on disk")
        config = self.config_for(path)
        text, problem, _ = read_spec_text(path, config)
        if text is None:
            raise JsonRpcInvalidParams(f"{uri}: {problem}")
        return text, None

    def _version(self, uri: str) -> int | None:
        if uri in self.workspace.text_documents:
            return self.workspace.get_text_document(uri).version
        return None

    async def lint(self, uri: str) -> Linted:
        """Lint the document's current text on the worker thread and remember the result."""
        text, version = self._snapshot(uri)
        path = self.path_of(uri)
        config = self.config_for(path)
        rel = self.relative(path, config.root) if path else uri
        loop = asyncio.get_running_loop()
        coverage = None
        affected: set[str] = set()
        live = uri in self.workspace.text_documents  # edited keystroke by keystroke
        job = _Job(uri, text, config.root, self.encoding, live)
        if self.index is not None and self.indexed_config(path) is not None:
            linked, lint_s, codec, entries = await loop.run_in_executor(
                self.lint_pool, self._on_lint_thread, job, self.index.lint, rel, text, live
            )
            assert isinstance(linked, LinkedResult)
            result, affected, coverage = linked.result, linked.affected, linked.coverage
        else:
            alone, lint_s, codec, entries = await loop.run_in_executor(
                self.lint_pool,
                self._on_lint_thread,
                job,
                self._lint_alone,
                uri,
                rel,
                text,
                config,
                live,
            )
            assert isinstance(alone, FileResult)
            result = alone
        linted = Linted(uri, version, text, result, codec, config, path, entries, coverage, lint_s)
        if self._version(uri) == version and uri in self.workspace.text_documents:
            replaced = self.linted.get(uri)
            self.linted[uri] = linted
            if replaced is not None and len(self._retired) < 8:
                self._retired.append(replaced)
        # Linked files that are open (a scenario covering this spec...) are checked again.
        for other in (self.uri_of(r, config) for r in affected):
            if other != uri and other in self.workspace.text_documents:
                self.published.pop(other, None)
                self.schedule(other)
        return linted

    async def current(self, uri: str) -> Linted:
        """The lint result of the text the client sees now (linting it if needed)."""
        for _ in range(5):
            got = self.linted.get(uri)
            if got is not None and got.version == self._version(uri):
                return got
            linted = await self.lint(uri)
            if linted.version == self._version(uri):
                return linted
        # The document kept changing under us: answer for the text we last linted.
        return linted

    def schedule(self, uri: str) -> None:
        """Lint now, or, while a lint of the document runs, once more after it (coalesced)."""
        self._scheduled_at[uri] = time.perf_counter()
        if self.debounce:
            self._changed_at[uri] = asyncio.get_running_loop().time()
        pending = self._pending.get(uri)
        if pending is not None and not pending.done():
            self._again.add(uri)
            return
        self._again.discard(uri)
        self._pending[uri] = asyncio.ensure_future(self._lint_and_publish(uri))

    def cancel(self, uri: str) -> None:
        self._again.discard(uri)
        self._changed_at.pop(uri, None)
        self._scheduled_at.pop(uri, None)
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    async def _quiet(self, uri: str) -> None:
        """Wait out the debounce: until `debounce` seconds passed without a change."""
        loop = asyncio.get_running_loop()
        while (wait := self._changed_at.get(uri, 0.0) + self.debounce - loop.time()) > 0:
            await asyncio.sleep(wait)

    async def _lint_and_publish(self, uri: str) -> None:
        try:
            while True:
                if self.debounce:
                    await self._quiet(uri)
                self._again.discard(uri)
                try:
                    linted: Linted | None = await self.lint(uri)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # one file's failure must not stop the server
                    self.report_server_error(exc, None)
                    linted = None
                if uri in self._again:
                    continue  # asked again meanwhile: this result may be stale, lint anew
                if (
                    linted is not None
                    and self._version(uri) == linted.version
                    and uri in self.workspace.text_documents
                ):
                    self.publish(linted)
                    if timing.isEnabledFor(logging.DEBUG):
                        total = time.perf_counter() - self._scheduled_at.get(uri, 0.0)
                        timing.debug(
                            "published %s v%s: %d findings, lint %.2f ms, total %.2f ms",
                            uri,
                            linted.version,
                            len(linted.result.findings),
                            linted.lint_s * 1000,
                            total * 1000,
                        )
                    self._retired.clear()  # the publish is written: now free what it replaced
                return
        finally:
            if self._pending.get(uri) is asyncio.current_task():
                del self._pending[uri]

    def _on_lint_thread(
        self, job: _Job, fn: Callable[..., LinkedResult | FileResult], *args: Any
    ) -> tuple[LinkedResult | FileResult, float, PositionCodec, list[Entry]]:
        """A lint, then its diagnostics' entries (kept for the next lint when the document is
        open): on the lint thread, the only one that touches the diagnostic cache, while what
        the lint built is still in the processor's caches."""
        out, lint_s = _timed(fn, *args)
        result = out.result if isinstance(out, LinkedResult) else out
        index = result.spec.index if result.spec is not None else TextIndex(job.text)
        codec = PositionCodec(index, job.encoding)
        entries = self.diagnostic_cache.entries(
            job.uri, result.findings, codec, self.docs_url, job.root, keep=job.keep
        )
        return out, lint_s, codec, entries

    def diagnostics(self, linted: Linted) -> list[types.Diagnostic]:
        return [e.obj for e in linted.entries]

    def push_diagnostics(self, linted: Linted) -> None:
        """publishDiagnostics of a lint result, written from the cached JSON of each finding."""
        params = publish_params_json(linted.uri, linted.version, linted.entries)
        self.protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)

    def publish(self, linted: Linted) -> None:
        """Push the diagnostics (unless the client pulls them), then the readiness summary."""
        if self.published.get(linted.uri, -1) == linted.version and linted.version is not None:
            return
        self.published[linted.uri] = linted.version
        if not self.pull_diagnostics:
            self.push_diagnostics(linted)
        self.send_readiness(linted)

    def send_readiness(self, linted: Linted) -> None:
        self.protocol.notify(
            READINESS,
            {
                "uri": linted.uri,
                "findings": len(linted.result.findings),
                "coverage": linted.coverage,
            },
        )

    def _lint_alone(self, uri: str, rel: str, text: str, config: Config, live: bool) -> FileResult:
        """A document outside the workspace index (on the lint thread): open ones are linted
        incrementally, by a linter kept per document and config."""
        if not live:
            return lint_text(text, rel, config)
        linter = self._live.get(uri)
        if linter is None or linter.config is not config or linter.path != rel:
            linter = self._live[uri] = DocumentLinter(rel, config)
        return linter.lint(text)

    def _forget_live(self, uri: str) -> None:
        """On the lint thread, like every use of the incremental linters and the cache."""
        self._live.pop(uri, None)
        self.diagnostic_cache.forget(uri)
        path = self.path_of(uri)
        if self.index is not None and path is not None:
            self.index.close(relative_path(path, self.index.config.root))

    def clear(self, uri: str) -> None:
        self.lint_pool.submit(self._forget_live, uri)
        self.cancel(uri)
        self.linted.pop(uri, None)
        self.published.pop(uri, None)
        self.protocol.text_sync.forget(uri)
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def shutdown(self) -> None:
        self.lint_pool.shutdown(wait=False, cancel_futures=True)
        super().shutdown()  # type: ignore[no-untyped-call]
