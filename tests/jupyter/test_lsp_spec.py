"""speclint registered with jupyter-lsp, and its server reached through jupyter-lsp's websocket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
import websockets
from jupyter_lsp.manager import LanguageServerManager
from jupyter_lsp.schema import SPEC_VERSION
from speclint_jupyter.lsp_spec import speclint_spec

from .jupyter_server import JupyterServer, running_jupyter

WAIT_SECONDS = 60.0


def test_spec_is_found_through_the_entry_point() -> None:
    manager = LanguageServerManager()
    manager.initialize()
    spec = manager.language_servers["speclint"]
    assert spec == speclint_spec()["speclint"]
    assert spec["version"] == SPEC_VERSION
    assert {"markdown", "ipythongfm", "gfm"} <= set(spec["languages"])
    assert spec["argv"][1:] == ["-m", "speclint", "lsp"]


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    from .conftest import CHECKOUT, SEARCH, write_project

    root = write_project(
        tmp_path_factory.mktemp("lsp") / "project",
        {"specs/checkout.md": CHECKOUT, "specs/search.md": SEARCH},
    )
    with running_jupyter(root, root.parent / "home") as server:
        yield server


@pytest.mark.slow
def test_status_lists_speclint(jupyter: JupyterServer) -> None:
    status = jupyter.get("/lsp/status")
    assert status.status_code == 200
    body = status.json()
    assert "speclint" in body["sessions"]
    assert body["sessions"]["speclint"]["spec"]["languages"] == ["markdown", "ipythongfm", "gfm"]


class Client:
    """A minimal LSP client over jupyter-lsp's websocket: one JSON-RPC message per frame."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.notifications: list[dict[str, Any]] = []

    async def send(self, msg: dict[str, Any]) -> None:
        await self.ws.send(json.dumps({"jsonrpc": "2.0", **msg}))

    async def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        wanted = self.next_id
        await self.send({"id": wanted, "method": method, "params": params})
        msg = await self.receive(lambda m: m.get("id") == wanted and "method" not in m)
        assert "error" not in msg, msg
        return msg["result"]

    async def receive(self, match: Any) -> dict[str, Any]:
        async def loop() -> dict[str, Any]:
            while True:
                msg = json.loads(await self.ws.recv())
                if "method" in msg and "id" in msg:
                    # a request from the server (configuration, progress, registration)
                    await self.send({"id": msg["id"], "result": None})
                    continue
                if "method" in msg:
                    self.notifications.append(msg)
                if match(msg):
                    return msg

        return await asyncio.wait_for(loop(), WAIT_SECONDS)


@pytest.mark.slow
async def test_diagnostics_through_the_websocket(jupyter: JupyterServer) -> None:
    spec = jupyter.root / "specs" / "checkout.md"
    uri = spec.as_uri()
    url = f"{jupyter.ws_url}/lsp/ws/speclint"
    headers = {"Authorization": f"token {jupyter.token}"}
    async with websockets.connect(url, additional_headers=headers) as ws:
        client = Client(ws)
        init = await client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": jupyter.root.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {}}},
            },
        )
        assert init["serverInfo"]["name"].startswith("speclint")
        await client.send({"method": "initialized", "params": {}})
        await client.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "markdown",
                        "version": 1,
                        "text": spec.read_text(encoding="utf-8"),
                    }
                },
            }
        )
        published = await client.receive(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"]["diagnostics"]
            )
        )
        placeholders = [
            d
            for d in published["params"]["diagnostics"]
            if d.get("code") == "ambiguity/placeholder"
        ]
        # 'The payment provider is TBD.' is line 9 of the spec: 8 counted from 0 in LSP
        assert [(d["range"]["start"]["line"], d["source"]) for d in placeholders] == [
            (8, "speclint"),
            (12, "speclint"),
        ]
        await client.request("shutdown", {})
