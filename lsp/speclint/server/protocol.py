"""pygls' protocol, made to answer every request, even one whose params cannot be read.

pygls logs a request it cannot deserialize and drops it, so the client would wait forever. Here
such a request gets an InvalidParams error response, and the rest of the stream goes on.
"""

from __future__ import annotations

import logging
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class Rejected:
    """A message that could not be read; already answered when it was a request."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


class SpeclintProtocol(LanguageServerProtocol):
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
