"""`.speclint-cache/`: the model's validated answers, keyed by a hash of what was asked.

A section whose text, findings, model and question limit are unchanged is answered from here and
never sent again. Entries hold only the model's validated tool input (questions, options,
contradictions): never a request, a header or the API key. A corrupt or unreadable entry is a
miss, never an error: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..atomic import atomic_write

CACHE_DIR = ".speclint-cache"
_IGNORE_ALL = "# Created by speclint: cached clarifying questions, safe to delete.\n*\n"


def cache_key(**parts: Any) -> str:
    """A stable hash of JSON-able parts (key order does not matter)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, root: Path, enabled: bool = True, kind: str = "clarify") -> None:
        self.base = root / CACHE_DIR
        self.folder = self.base / kind
        self.enabled = enabled

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, data: dict[str, Any]) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.base / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, _IGNORE_ALL)
            atomic_write(self._path(key), json.dumps(data, ensure_ascii=False, indent=1))
        except OSError:
            pass  # a read-only checkout still gets its questions, just not cached
