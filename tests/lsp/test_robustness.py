"""The server keeps serving through bad input, failing rules, unknown methods and cancellation.

Malformed messages cannot be sent through a well-behaved client, so these tests speak raw
JSON-RPC over the server's stdio.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from lsprotocol import types

from .conftest import SERVER, SERVER_WITH_TEST_RULES, WAIT, StartSession, doc, pos, rng


class RawServer:
    """`spec-lint lsp` driven byte by byte."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.seen: list[dict[str, Any]] = []
        self._next_id = 0

    @classmethod
    async def start(cls, command: list[str] = SERVER) -> RawServer:
        proc = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return cls(proc)

    def send_bytes(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def request(self, method: str, params: Any = None) -> int:
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, "params": params})
        return self._next_id

    async def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                raise EOFError("server closed its output")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            elif line in (b"\r\n", b"\n") and length:
                message: dict[str, Any] = json.loads(await self.proc.stdout.readexactly(length))
                self.seen.append(message)
                return message

    async def response(self, msg_id: int) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                m = await self._read()
                if m.get("id") == msg_id and "method" not in m:
                    return m

        return await asyncio.wait_for(wait(), WAIT)

    async def notification(self, method: str) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            while True:
                m = await self._read()
                if m.get("method") == method:
                    return m

        return await asyncio.wait_for(wait(), WAIT)

    async def initialize(self, root: Path) -> None:
        rid = self.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        assert "result" in await self.response(rid)
        self.send({"method": "initialized", "params": {}})

    async def stop(self) -> None:
        if self.proc.returncode is None:
            rid = self.request("shutdown")
            await self.response(rid)
            self.send({"method": "exit"})
            await asyncio.wait_for(self.proc.wait(), WAIT)


async def test_malformed_messages_are_survived(tmp_path: Path) -> None:
    server = await RawServer.start()
    try:
        server.send_bytes(b"{this is not json")
        server.send_bytes(json.dumps({"jsonrpc": "2.0", "no": "method"}).encode())
        server.send_bytes(b"[1, 2, 3]")
        await server.initialize(tmp_path)
        # A request whose params do not fit the method: an error for it alone.
        bad = server.request("textDocument/hover", {"textDocument": 42})
        reply = await server.response(bad)
        assert reply["error"]["code"] in (
            types.ErrorCodes.InvalidParams,
            types.ErrorCodes.InternalError,
        )
        # Still serving.
        ok = server.request("textDocument/documentSymbol", {"textDocument": {"uri": "x:y"}})
        assert "id" in await server.response(ok)
    finally:
        await server.stop()
    assert server.proc.returncode == 0


async def test_unknown_methods(tmp_path: Path) -> None:
    server = await RawServer.start()
    try:
        await server.initialize(tmp_path)
        server.send({"method": "speclint/noSuchNotification", "params": {}})
        rid = server.request("speclint/noSuchRequest", {})
        reply = await server.response(rid)
        assert reply["error"]["code"] == types.ErrorCodes.MethodNotFound
    finally:
        await server.stop()


async def test_cancelled_request_is_answered_as_cancelled(tmp_path: Path) -> None:
    # Enough specs that a workspace diagnostic takes a while.
    specs = tmp_path / "specs"
    specs.mkdir()
    body = "# Spec\n\n" + "".join(f"## Part {i}\n\nThe value is TBD.\n\n" for i in range(200))
    for i in range(150):
        (specs / f"s{i}.md").write_text(body, encoding="utf-8")
    server = await RawServer.start()
    try:
        await server.initialize(tmp_path)
        rid = server.request("workspace/diagnostic", {"previousResultIds": []})
        server.send({"method": "$/cancelRequest", "params": {"id": rid}})
        reply = await server.response(rid)
        assert reply["error"]["code"] == types.LSPErrorCodes.RequestCancelled
        # The server goes on answering.
        again = server.request("textDocument/documentSymbol", {"textDocument": {"uri": "x:y"}})
        assert "id" in await server.response(again)
    finally:
        await server.stop()


async def test_document_never_opened_and_not_on_disk(start: StartSession) -> None:
    s = await start()
    missing = s.uri("specs/missing.md")
    try:
        await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(missing), position=pos(0, 0))
        )
    except Exception as exc:  # pygls raises the server's error response
        assert "is not open and is not a file on disk" in str(exc)
    else:
        raise AssertionError("expected an error response")
    # A file on disk that was never opened is read from disk.
    on_disk = s.write("specs/closed.md", "# Closed\n\nTBD\n")
    symbols = await s.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(on_disk))
    )
    assert symbols is not None and [sym.name for sym in symbols] == ["Closed"]


async def test_positions_outside_the_document(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/a.md", "# A\n\nThe value is TBD.\n")
    await s.diagnostics(uri, version=1)
    for p in (pos(99, 0), pos(2, 500), pos(0, 10_000)):
        h = await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=p)
        )
        assert h is None or h.range is not None
    got = await s.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=rng(50, 0, 60, 0),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert list(got or []) == []


async def test_a_crashing_rule_is_logged_and_other_files_still_work(start: StartSession) -> None:
    s = await start(server=SERVER_WITH_TEST_RULES)
    broken = s.open("specs/broken.md", "# Broken\n\nCRASH-ME\n")
    await s.until(
        lambda: any("test rule crashed on purpose" in m.message for m in s.client.log_messages)
    )
    (log,) = [m for m in s.client.log_messages if "test rule crashed on purpose" in m.message]
    assert log.type == types.MessageType.Error
    # A request on the broken file gets an error answer, not a hang.
    try:
        await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(broken), position=pos(0, 0))
        )
    except Exception as exc:
        assert "crashed on purpose" in str(exc)
    else:
        raise AssertionError("expected an error response")
    fine = s.open("specs/fine.md", "# Fine\n\nThe value is ???.\n")
    assert [d.code for d in await s.diagnostics(fine, version=1)] == ["ambiguity/placeholder"]
