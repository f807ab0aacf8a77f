"""The server's own stdin reader (`server/stdio.py`): when it is used, and that it reads messages
as pygls' reader does (the end-to-end tests run the server over it)."""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
from pathlib import Path

from speclint.server import stdio


def test_watchable_only_for_a_pipe_or_socket_apart_from_stdout() -> None:
    r1, w1 = os.pipe()
    r2, w2 = os.pipe()
    a, b = socket.socketpair()
    with tempfile.TemporaryDirectory() as tmp:
        regular = Path(tmp) / "input"
        regular.write_bytes(b"")
        with (
            open(r1, "rb") as pipe_in,
            open(w2, "wb") as pipe_out,
            open(w1, "wb"),
            open(r2, "rb"),
            regular.open("rb") as file_in,
            a,
            b,
        ):
            sock_in = os.fdopen(os.dup(a.fileno()), "rb")
            sock_out = os.fdopen(os.dup(a.fileno()), "wb")
            with sock_in, sock_out:
                assert stdio.watchable(pipe_in, pipe_out)
                # One socket both ways: making it non-blocking would change the writes.
                assert not stdio.watchable(sock_in, sock_out)
                assert stdio.watchable(sock_in, pipe_out)
                assert not stdio.watchable(file_in, pipe_out)


def test_reader_reads_headers_and_bodies_and_the_end() -> None:
    message = b'{"jsonrpc": "2.0", "method": "exit"}'
    data = b"Content-Length: %d\r\n\r\n%s" % (len(message), message) + b"Content-Length: 10\r\n"

    async def read_all(source: object) -> list[bytes]:
        reader = await stdio.PipeReader.connect(source)  # type: ignore[arg-type]
        got = [await reader.readline(), await reader.readline()]
        got.append(await reader.readexactly(len(message)))
        got.append(await reader.readline())
        got.append(await reader.readexactly(10))  # the input ends first: what there is
        got.append(await reader.readline())
        return got

    r, w = os.pipe()
    os.write(w, data)
    os.close(w)
    with open(r, "rb") as source:
        got = asyncio.run(read_all(source))
    assert got == [
        b"Content-Length: %d\r\n" % len(message),
        b"\r\n",
        message,
        b"Content-Length: 10\r\n",
        b"",
        b"",
    ]
