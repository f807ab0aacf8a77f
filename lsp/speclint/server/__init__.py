"""The speclint language server: adapts engine results to LSP, one module per feature area."""

from __future__ import annotations

from . import (
    actions,
    clarify,
    completion,
    diagnostics,
    hover,
    lifecycle,
    navigation,
    rename,
    symbols,
    workspace_symbols,
)
from .core import SpeclintServer


def create_server() -> SpeclintServer:
    server = SpeclintServer()
    for feature in (
        lifecycle,
        diagnostics,
        hover,
        symbols,
        actions,
        navigation,
        clarify,
        completion,
        rename,
        workspace_symbols,
    ):
        feature.register(server)
    return server


__all__ = ["SpeclintServer", "create_server"]
