"""Diagnostics ready to send: each open document's, kept from one lint to the next.

Between two keystrokes most findings do not change, so converting all of them to lsprotocol
objects and letting cattrs unstructure them again costs far more than the few that did change.
Here each finding's diagnostic is built once as the JSON pygls would write for it, and kept with
its JSON text; a publish joins the texts. A cached entry is reused only for a finding with the
same diagnostic content (rule, severity, message, related locations), the same LSP
positions of its ranges (which is all the conversion reads of the document text and the
position encoding), the same docs URL and the same root.
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

# What a finding's diagnostic is made of, besides the docs URL and the root (one pair per
# document's cache): rule, severity, message, LSP positions, related locations.
# Plain values, hashed in C (a `Finding`'s dataclass hash walks its ranges in Python).
Content = tuple[str, object, str, tuple[Pair, ...], tuple[object, ...]]


def _content(finding: Finding, where: tuple[Pair, ...]) -> Content:
    return (
        finding.rule,
        finding.severity,
        finding.message,
        where,
        finding.related,
    )


class Entry:
    """One finding's diagnostic as JSON text, and as an lsprotocol object (built only when a
    request's answer needs one)."""

    __slots__ = ("_obj", "docs_url", "finding", "json", "root", "where")

    def __init__(
        self, finding: Finding, where: tuple[Pair, ...], docs_url: str | None, root: Path
    ) -> None:
        self.finding, self.where, self.docs_url, self.root = finding, where, docs_url, root
        self.json = json.dumps(diagnostic_json(finding, where, docs_url, root))
        self._obj: types.Diagnostic | None = None

    def same_for(self, docs_url: str | None, root: Path) -> bool:
        """Whether this entry holds for these docs and root (the root is nearly always the
        very same object: `is` before `==`)."""
        return self.docs_url == docs_url and (self.root is root or self.root == root)

    @property
    def obj(self) -> types.Diagnostic:
        if self._obj is None:
            self._obj = diagnostic_at(self.finding, self.where, self.docs_url, self.root)
        return self._obj


class DiagnosticCache:
    """The entries of each open document. Entries of findings that went away are kept a while
    (typing and undoing brings many back) and dropped when they outnumber the current ones.

    The incremental linter hands back the same `Finding` objects for what did not change, so
    the last call's findings are known by identity first. Such a finding on lines whose text
    did not change since the last call (same numbers, same text) has the same LSP positions
    too: its entry is taken without converting them again."""

    def __init__(self) -> None:
        self._docs: dict[str, tuple[str | None, Path, dict[Content, Entry]]] = {}
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
        known_docs = self._docs.get(uri)
        if known_docs is not None and known_docs[0] == docs_url and known_docs[1] == root:
            cached = known_docs[2]
        else:
            cached = {}
            if keep:
                self._docs[uri] = (docs_url, root, cached)
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
            content = _content(finding, where)
            entry = cached.get(content)
            if entry is None:
                entry = Entry(finding, where, docs_url, root)
                if keep:
                    cached[content] = entry
            seen[id(finding)] = (finding, entry)  # the finding held: its id stays its own
            out.append(entry)
        if keep:
            self._last[uri] = seen
            self._codecs[uri] = codec
            if len(cached) > 2 * len(out) + 64:
                self._docs[uri] = (docs_url, root, {_content(e.finding, e.where): e for e in out})
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
