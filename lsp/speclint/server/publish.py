"""Diagnostics ready to send: each open document's, kept from one lint to the next.

Between two keystrokes most findings do not change, so converting all of them to lsprotocol
objects and letting cattrs unstructure them again costs far more than the few that did change.
Here each finding's diagnostic is built once as the JSON pygls would write for it, and kept with
its JSON text; a publish joins the texts. A cached entry is reused only for the same finding
(a frozen, hashable value), the same LSP positions of its ranges (which is all the conversion
reads of the document text and the position encoding), the same docs URL and the same root.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types

from ..incremental_parse import common_prefix, common_suffix
from ..model import Finding
from .convert import Pair, diagnostic_at, diagnostic_json, lsp_pairs
from .positions import PositionCodec

Key = tuple[Finding, tuple[Pair, ...], str | None, Path]


class Entry:
    """One finding's diagnostic as JSON text, and as an lsprotocol object (built only when a
    request's answer needs one)."""

    __slots__ = ("_obj", "json", "key")

    def __init__(self, key: Key) -> None:
        finding, where, docs_url, root = self.key = key
        self.json = json.dumps(diagnostic_json(finding, where, docs_url, root))
        self._obj: types.Diagnostic | None = None

    def same_at(self, where: tuple[Pair, ...], docs_url: str | None, root: Path) -> bool:
        """Whether this entry, made for the same finding, holds for these positions, docs and
        root (the root is nearly always the very same object: `is` before `==`)."""
        _, mine, my_docs, my_root = self.key
        return mine == where and my_docs == docs_url and (my_root is root or my_root == root)

    def same_for(self, docs_url: str | None, root: Path) -> bool:
        """Whether this entry holds for these docs and root (its positions being known)."""
        my_docs, my_root = self.key[2], self.key[3]
        return my_docs == docs_url and (my_root is root or my_root == root)

    @property
    def obj(self) -> types.Diagnostic:
        if self._obj is None:
            self._obj = diagnostic_at(*self.key)
        return self._obj


class DiagnosticCache:
    """The entries of each open document. Entries of findings that went away are kept a while
    (typing and undoing brings many back) and dropped when they outnumber the current ones.

    The incremental linter hands back the same `Finding` objects for what did not change, so
    the last call's findings are known by identity first: no hashing of their fields. Such a
    finding on lines whose text did not change since the last call (same numbers, same text)
    has the same LSP positions too: its entry is taken without converting them again."""

    def __init__(self) -> None:
        self._docs: dict[str, dict[Key, Entry]] = {}
        self._last: dict[str, dict[int, tuple[Finding, Entry]]] = {}
        self._codecs: dict[str, PositionCodec] = {}

    def entries(
        self,
        uri: str,
        findings: Sequence[Finding],
        codec: PositionCodec,
        docs_url: str | None,
        root: Path,
        keep: bool = True,
    ) -> list[Entry]:
        """The entries of `findings`, in order; remembered for the next call when `keep`."""
        cached = self._docs.setdefault(uri, {}) if keep else self._docs.get(uri, {})
        last = self._last.get(uri, {})
        before, after = _unchanged_lines(self._codecs.get(uri), codec)
        seen: dict[int, tuple[Finding, Entry]] = {}
        out: list[Entry] = []
        for finding in findings:
            known = last.get(id(finding))
            if known is not None and known[0] is finding and not finding.related:
                top, bottom = finding.range.start.line, finding.range.end.line
                # (A line before the first converts as the first.)
                if (
                    (0 < top < before and 0 < bottom < before) or (top > after and bottom > after)
                ) and known[1].same_for(docs_url, root):
                    seen[id(finding)] = known
                    out.append(known[1])
                    continue
            where = lsp_pairs(finding, codec)
            if (
                known is not None
                and known[0] is finding
                and known[1].same_at(where, docs_url, root)
            ):
                entry = known[1]
            else:
                key = (finding, where, docs_url, root)
                equal = cached.get(key)
                if equal is None:
                    equal = Entry(key)
                    if keep:
                        cached[key] = equal
                entry = equal
            seen[id(finding)] = (finding, entry)  # the finding held: its id stays its own
            out.append(entry)
        if keep:
            self._last[uri] = seen
            self._codecs[uri] = codec
            if len(cached) > 2 * len(out) + 64:
                self._docs[uri] = {e.key: e for e in out}
        return out

    def forget(self, uri: str) -> None:
        self._docs.pop(uri, None)
        self._last.pop(uri, None)
        self._codecs.pop(uri, None)

    def clear(self) -> None:
        self._docs.clear()
        self._last.clear()
        self._codecs.clear()


def _unchanged_lines(old: PositionCodec | None, new: PositionCodec) -> tuple[int, int]:
    """(b, a): the lines before b, and after a, hold the same text under the same numbers in
    the new text as in the old one, and convert the same way (the same encoding)."""
    if old is None or old.encoding != new.encoding:
        return 0, sys.maxsize
    a, b = old.index.text, new.index.text
    prefix = common_prefix(a, b)
    suffix = common_suffix(a, b, min(len(a), len(b)) - prefix)
    before = new.index.line(prefix)  # the first line that may differ
    count = new.index.line_count
    if old.index.line_count != count:
        return before, sys.maxsize  # the lines after the change moved
    # The line after the one where the common suffix starts begins inside the suffix. (A
    # position past the last line converts by the last line: trusted only if that held.)
    after = new.index.line(len(b) - suffix)
    return before, after if after < count else sys.maxsize


def publish_params_json(uri: str, version: int | None, entries: Sequence[Entry]) -> str:
    """The JSON text of PublishDiagnosticsParams, exactly as pygls would write it."""
    diagnostics = ", ".join(e.json for e in entries)
    version_json = "" if version is None else f', "version": {json.dumps(version)}'
    return f'{{"uri": {json.dumps(uri)}, "diagnostics": [{diagnostics}]{version_json}}}'
