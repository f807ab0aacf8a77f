"""pygls' protocol, made to answer every request, even one whose params cannot be read, and
able to send a notification whose params are JSON text already.

pygls logs a request it cannot deserialize and drops it, so the client would wait forever. Here
such a request gets an InvalidParams error response, and the rest of the stream goes on.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .text_sync import TextSync

log = logging.getLogger(__name__)


class Rejected:
    """A message that could not be read; already answered when it was a request."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


class SpeclintProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writes: set[asyncio.Future[Any]] = set()
        self.text_sync = TextSync()

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, None, None]:
        """pygls' handler, with the changes applied by `TextSync`."""
        for change in params.content_changes:
            self.text_sync.apply(self.workspace, params.text_document, change)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            method = data.get("method")
            if "id" in data and isinstance(method, str):
                cause = exc.__cause__ or exc
                reply = JsonRpcInvalidParams(f"invalid params for {method}: {cause}")
                self._send_response(data["id"], None, reply.to_response_error())
            log.warning("dropped a message that is not valid JSON-RPC for LSP: %s", exc)
            return Rejected(data)

    def handle_message(self, message: Any) -> None:
        if isinstance(message, Rejected):
            return
        if not hasattr(message, "jsonrpc"):  # a JSON array, a bare value: not a message
            log.warning("ignored a message that is not a JSON-RPC object: %r", message)
            return
        super().handle_message(message)

    def notify_json(self, method: str, params_json: str) -> None:
        """Send a notification whose params are JSON text, with the same bytes as
        `notify(method, params)` writes (pygls' key order: params, method, jsonrpc)."""
        body = f'{{"params": {params_json}, "method": {json.dumps(method)}, "jsonrpc": "2.0"}}'
        self.write_body(body)

    def write_body(self, body: str) -> None:
        """What pygls' `_send_data` does once it has the JSON text of a message."""
        if self.writer is None:
            log.error("Unable to send data, no available transport!")
            return
        try:
            if self._include_headers:
                header = (
                    f"Content-Length: {len(body)}\r\n"
                    f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
                )
                body = header + body
            res = self.writer.write(body.encode(self.CHARSET))
            if inspect.isawaitable(res):
                write = asyncio.ensure_future(res)
                self._writes.add(write)  # a reference until it is done
                write.add_done_callback(self._writes.discard)
        except BrokenPipeError:
            log.exception("Error sending data. BrokenPipeError", exc_info=True)
            raise
        except Exception as error:
            log.exception("Error sending data", exc_info=True)
            self._server._report_server_error(error, JsonRpcInternalError)
