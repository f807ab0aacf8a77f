"""`spec-lint lsp`: the language server over stdio (default), TCP or WebSocket."""

from __future__ import annotations

import logging
import sys

import click


def _host_port(value: str | None, option: str) -> tuple[str, int] | None:
    if value is None:
        return None
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(
            f"expected HOST:PORT, e.g. 127.0.0.1:2087, got {value!r}", param_hint=option
        )
    return host or "127.0.0.1", int(port)


@click.command(name="lsp")
@click.option("--tcp", "tcp", metavar="HOST:PORT", default=None, help="Serve on a TCP socket.")
@click.option("--ws", "ws", metavar="HOST:PORT", default=None, help="Serve over WebSocket.")
@click.option(
    "--log-level",
    type=click.Choice(["error", "warning", "info", "debug"]),
    default="warning",
    show_default=True,
    help="What the server writes to stderr.",
)
def lsp(tcp: str | None, ws: str | None, log_level: str) -> None:
    """Run the speclint language server (stdio unless --tcp or --ws).

    \b
    Examples:
      spec-lint lsp                         what editors start
      spec-lint lsp --tcp 127.0.0.1:2087    attach an editor to a running server
      spec-lint lsp --ws 127.0.0.1:2088     for browser clients
    """
    from ..server import create_server

    if tcp and ws:
        raise click.UsageError("choose one of --tcp and --ws")
    logging.basicConfig(stream=sys.stderr, level=log_level.upper())
    server = create_server()
    if (where := _host_port(tcp, "--tcp")) is not None:
        server.start_tcp(*where)
    elif (where := _host_port(ws, "--ws")) is not None:
        server.start_ws(*where)
    else:
        server.start_io()
