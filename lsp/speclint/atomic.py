"""Writing files safely: nothing half-written, nothing overwritten that changed under us."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class ChangedOnDiskError(Exception):
    """The file changed since it was read: refuse to write over someone else's edit."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same folder, then rename over `path`."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_unchanged(path: Path, expected_digest: str, text: str) -> None:
    """Atomic write that refuses when the file's content no longer has `expected_digest`."""
    try:
        # Bytes, not read_text: universal newlines would turn CRLF into LF and the digest of an
        # unchanged CRLF file would never match.
        current = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise ChangedOnDiskError(f"{path}: deleted since it was read; nothing written") from None
    if digest(current) != expected_digest:
        raise ChangedOnDiskError(
            f"{path}: changed on disk since it was read; nothing written. "
            "Run again on the new text."
        )
    atomic_write(path, text)
