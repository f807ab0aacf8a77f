"""A real LSP client (pytest-lsp) talking to `spec-lint lsp` over stdio, one server per test."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = Path(__file__).resolve().parent
SERVER = [sys.executable, "-m", "speclint", "lsp"]
# A server with extra test rules (one with a fix, one that crashes): see servers/with_test_rules.py.
SERVER_WITH_TEST_RULES = [sys.executable, str(HERE / "servers" / "with_test_rules.py")]
WAIT = 20.0  # seconds: generous, the machine is shared; a hang fails instead of blocking


def push_capabilities(**extra: Any) -> types.ClientCapabilities:
    """An editor that takes pushed diagnostics, shows progress and applies versioned edits."""
    return types.ClientCapabilities(
        window=types.WindowClientCapabilities(work_done_progress=True),
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            document_symbol=types.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=True
            ),
        ),
        **extra,
    )


def pull_capabilities() -> types.ClientCapabilities:
    caps = push_capabilities()
    assert caps.text_document is not None
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities()
    return caps


class Session:
    """One client connected to one server, with the helpers the tests share."""

    def __init__(self, root: Path) -> None:
        self.client = self._make_client()
        self.root = root
        self.readiness: list[dict[str, Any]] = []
        self.published: list[types.PublishDiagnosticsParams] = []
        self.versions: dict[str, int] = {}
        self.registrations: list[types.Registration] = []
        self.message_requests: list[types.ShowMessageRequestParams] = []
        self.applied_edits: list[types.WorkspaceEdit] = []
        self._changed = asyncio.Event()

    def uri(self, rel: str) -> str:
        return (self.root / rel).resolve().as_uri()

    def write(self, rel: str, text: str) -> str:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return self.uri(rel)

    def open(self, rel: str, text: str | None = None) -> str:
        """Open a document (its text from disk unless given); returns its URI."""
        uri = self.uri(rel)
        body = (self.root / rel).read_text("utf-8") if text is None else textwrap.dedent(text)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=body)
            )
        )
        return uri

    def change(self, uri: str, text: str, rng: types.Range | None = None) -> int:
        """Replace the whole text (or `rng`); returns the new version."""
        self.versions[uri] += 1
        event: types.TextDocumentContentChangeEvent = (
            types.TextDocumentContentChangeWholeDocument(text=text)
            if rng is None
            else types.TextDocumentContentChangePartial(range=rng, text=text)
        )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    version=self.versions[uri], uri=uri
                ),
                content_changes=[event],
            )
        )
        return self.versions[uri]

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for `uri` (at `version`, when given)."""

        def found() -> types.PublishDiagnosticsParams | None:
            for p in reversed(self.published):
                if p.uri == uri and (version is None or p.version == version):
                    return p
            return None

        async def wait() -> types.PublishDiagnosticsParams:
            while (p := found()) is None:
                self._changed.clear()
                await self._changed.wait()
            return p

        return list((await asyncio.wait_for(wait(), WAIT)).diagnostics)

    def _make_client(self) -> LanguageClient:
        client = LanguageClient(converter_factory=default_converter)
        features = dict(DEFAULT_CLIENT_FEATURES)
        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda p: self.on_publish(p)
        features["speclint/readiness"] = lambda p: self.on_readiness(p)
        features[types.CLIENT_REGISTER_CAPABILITY] = lambda p: self.registrations.extend(
            p.registrations
        )
        features[types.WINDOW_SHOW_MESSAGE_REQUEST] = lambda p: self.on_message_request(p)
        features[types.WORKSPACE_APPLY_EDIT] = lambda p: self.on_apply_edit(p)
        register_lsp_features(client, features)
        return client

    def on_message_request(
        self, params: types.ShowMessageRequestParams
    ) -> types.MessageActionItem | None:
        """A user who clicks the first button offered."""
        self.message_requests.append(params)
        return params.actions[0] if params.actions else None

    def on_apply_edit(
        self, params: types.ApplyWorkspaceEditParams
    ) -> types.ApplyWorkspaceEditResult:
        self.applied_edits.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    def on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        self.published.append(params)
        self._changed.set()

    def on_readiness(self, params: Any) -> None:
        # pygls hands unknown notifications' params over as a namedtuple.
        self.readiness.append(params._asdict() if hasattr(params, "_asdict") else dict(params))
        self._changed.set()

    async def until(self, check: Callable[[], bool]) -> None:
        async def wait() -> None:
            while not check():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.1)

        await asyncio.wait_for(wait(), WAIT)


StartSession = Callable[..., Awaitable[Session]]


@pytest_asyncio.fixture
async def start(tmp_path: Path) -> AsyncIterator[StartSession]:
    """`await start(capabilities=..., root=..., server=..., options=...)` -> a Session."""
    sessions: list[Session] = []

    async def _start(
        capabilities: types.ClientCapabilities | None = None,
        root: Path | None = None,
        server: list[str] | None = None,
        options: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
    ) -> Session:
        session = Session((root or tmp_path).resolve())
        config = ClientServerConfig(
            server_command=server or SERVER, client_factory=lambda: session.client, server_env=env
        )
        await config.start()
        await asyncio.wait_for(
            session.client.initialize_session(
                types.InitializeParams(
                    capabilities=capabilities or push_capabilities(),
                    root_uri=session.root.as_uri(),
                    initialization_options={"debounceMs": 0, **(options or {})},
                )
            ),
            WAIT,
        )
        sessions.append(session)
        return session

    yield _start
    for s in sessions:
        try:
            await asyncio.wait_for(s.client.shutdown_session(), WAIT)
        finally:
            await s.client.stop()


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def rng(l1: int, c1: int, l2: int, c2: int) -> types.Range:
    return types.Range(start=pos(l1, c1), end=pos(l2, c2))


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)
