"""The client's messages read from stdin by the event loop itself, when stdin is a pipe.

pygls reads stdin on a worker thread, one `readline` or `read` per call: three or four thread
hand-offs per message (its header lines, then its body), each waking the event loop. On a
keystroke that was ~0.5 ms before the server even saw the change. A pipe (or a socket, as
Node-based editors give their servers) can be watched by the event loop instead: a message
that arrived whole is then read in one wake-up.

The event loop makes stdin non-blocking. That also changes stdout when both are one open file
(a terminal, or a single socket for both directions), and pygls writes stdout with blocking
writes; so this is used only when stdin and stdout are different pipes or sockets. Anything
else keeps pygls' reader.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from typing import BinaryIO

# A header line may be as long as the client makes it: pygls' reader has no limit either.
_LINE_LIMIT = 1 << 31


def watchable(stdin: BinaryIO, stdout: BinaryIO) -> bool:
    """Whether the event loop may watch `stdin` without changing `stdout`."""
    try:
        inp, out = os.fstat(stdin.fileno()), os.fstat(stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    if not (stat.S_ISFIFO(inp.st_mode) or stat.S_ISSOCK(inp.st_mode)):
        return False
    return (inp.st_dev, inp.st_ino) != (out.st_dev, out.st_ino)


class PipeReader:
    """pygls' `AsyncReader` over a pipe the event loop watches."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream

    @classmethod
    async def connect(cls, stdin: BinaryIO | None = None) -> PipeReader:
        loop = asyncio.get_running_loop()
        stream = asyncio.StreamReader(limit=_LINE_LIMIT)
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stream), stdin or sys.stdin.buffer
        )
        return cls(stream)

    async def readline(self) -> bytes:
        return await self._stream.readline()

    async def readexactly(self, n: int) -> bytes:
        """Like a file's `read(n)`: at the end of input, what there is (maybe nothing)."""
        try:
            return await self._stream.readexactly(n)
        except asyncio.IncompleteReadError as exc:
            return exc.partial
