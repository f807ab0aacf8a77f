"""publishDiagnostics written from cached JSON: the same bytes as pygls' cattrs path.

In-process: the server's protocol writes into a buffer, once through `notify` with lsprotocol
objects (what the server sent before the cache) and once through `notify_json`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from speclint.config import Config
from speclint.engine import lint_text
from speclint.model import Finding, Position, Range, Severity, TextIndex
from speclint.server import create_server
from speclint.server.convert import diagnostic, diagnostic_json, lsp_pairs
from speclint.server.positions import PositionCodec
from speclint.server.protocol import SpeclintProtocol
from speclint.server.publish import DiagnosticCache, publish_params_json

SPEC = """\
# 支付 🚀

## Overview

🚀 launch: TBD. The system should respond in a timely manner.

## Empty

## Payment

支付超时 TBD。 The user should be able to pay, etc.
"""
PATH = "specs/intl.md"
DOCS = "file:///docs/rules.md"


class Buffer:
    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data += data

    def close(self) -> None:
        pass


def protocol() -> tuple[SpeclintProtocol, Buffer]:
    server = create_server()
    buffer = Buffer()
    server.protocol.set_writer(buffer)
    return server.protocol, buffer


def r(l1: int, c1: int, l2: int, c2: int) -> Range:
    return Range(Position(l1, c1), Position(l2, c2))


def findings(text: str, root: Path) -> list[Finding]:
    """The engine's findings of `text`, plus made-up ones with what the engine seldom gives."""
    found = list(lint_text(text, PATH, Config(root=root)).findings)
    assert any(f.rule == "structure/empty-section" for f in found)  # tags
    assert any(f.section for f in found)  # data
    made = [
        Finding(
            "links/duplicate-twin-id",
            Severity.ERROR,
            "id « x » is used twice",
            PATH,
            r(5, 3, 5, 9),  # after the emoji
            section="overview",
            related=(
                (PATH, r(11, 1, 11, 7), "first defined here: 支付"),
                ("twins/other.yaml", r(3, 5, 3, 9), "and here"),
            ),
        ),
        Finding("ambiguity/placeholder", Severity.INFO, "past the end", PATH, r(99, 1, 120, 4)),
        Finding("ambiguity/placeholder", Severity.WARNING, "past the line", PATH, r(1, 40, 1, 90)),
    ]
    return found + made


def cattrs_bytes(uri: str, version: int | None, diags: list[types.Diagnostic]) -> bytes:
    proto, buffer = protocol()
    params = types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
    proto.notify(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
    return buffer.data


def cached_bytes(params_json: str) -> bytes:
    proto, buffer = protocol()
    proto.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params_json)
    return buffer.data


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize("docs_url", [DOCS, None])
@pytest.mark.parametrize("version", [7, None])
def test_publish_bytes_equal_the_cattrs_path(
    tmp_path: Path, encoding: str, docs_url: str | None, version: int | None
) -> None:
    uri = (tmp_path / PATH).as_uri()
    cache = DiagnosticCache()
    # The same cache across edits: an edit on a non-ASCII line moves columns but not the
    # finding; a new line moves every finding below it.
    texts = [SPEC, SPEC.replace("支付超时", "支付超时超时")]
    texts.append(SPEC.replace("🚀 launch", "🚀🚀 launch"))
    texts.append("\n" + texts[-1])
    for text in texts:
        codec = PositionCodec(TextIndex(text), encoding)
        found = findings(text, tmp_path)
        diags = [diagnostic(f, codec, docs_url, tmp_path) for f in found]
        entries = cache.entries(uri, found, codec, docs_url, tmp_path)
        expected = cattrs_bytes(uri, version, diags)
        got = cached_bytes(publish_params_json(uri, version, entries))
        assert got == expected
        body = json.loads(got.split(b"\r\n\r\n", 1)[1])
        sent = body["params"]["diagnostics"]
        assert any("relatedInformation" in d for d in sent)
        assert any("tags" in d for d in sent)
        assert not any("data" in d for d in sent)  # nothing reads it back: not sent
        assert any(not d["message"].isascii() for d in sent)  # written as \u escapes
        # Requests get lsprotocol objects from the same entries: equal to a fresh conversion.
        assert [e.obj for e in entries] == diags


def test_cache_hits_only_for_the_same_positions(tmp_path: Path) -> None:
    cache = DiagnosticCache()
    uri = (tmp_path / PATH).as_uri()
    codec = PositionCodec(TextIndex(SPEC), "utf-16")
    found = findings(SPEC, tmp_path)
    first = cache.entries(uri, found, codec, DOCS, tmp_path)
    again = cache.entries(uri, [replace(f) for f in found], codec, DOCS, tmp_path)
    assert all(a is b for a, b in zip(first, again, strict=True))  # equal findings: hits
    # One more emoji before the first TBD: same finding, other UTF-16 columns: a miss.
    text = SPEC.replace("🚀 launch", "🚀🚀 launch")
    moved = cache.entries(uri, found, PositionCodec(TextIndex(text), "utf-16"), DOCS, tmp_path)
    for f, a, b in zip(found, again, moved, strict=True):
        same = lsp_pairs(f, codec) == lsp_pairs(f, PositionCodec(TextIndex(text), "utf-16"))
        assert (a is b) == same
    assert any(a is not b for a, b in zip(again, moved, strict=True))
    # Another docs URL never reuses an entry.
    other = cache.entries(uri, found, codec, "file:///elsewhere.md", tmp_path)
    assert all(a is not b for a, b in zip(moved, other, strict=True))


def test_the_same_finding_objects_are_found_by_identity_and_still_checked(tmp_path: Path) -> None:
    cache = DiagnosticCache()
    uri = (tmp_path / PATH).as_uri()
    codec = PositionCodec(TextIndex(SPEC), "utf-16")
    found = findings(SPEC, tmp_path)
    first = cache.entries(uri, found, codec, DOCS, tmp_path)
    again = cache.entries(uri, found, codec, DOCS, tmp_path)
    assert all(a is b for a, b in zip(first, again, strict=True))
    # The very same objects in a text whose UTF-16 columns moved: checked, not trusted.
    text = SPEC.replace("🚀 launch", "🚀🚀 launch")
    moved_codec = PositionCodec(TextIndex(text), "utf-16")
    moved = cache.entries(uri, found, moved_codec, DOCS, tmp_path)
    for f, a, b in zip(found, first, moved, strict=True):
        assert (a is b) == (lsp_pairs(f, codec) == lsp_pairs(f, moved_codec))
        assert b.obj == diagnostic(f, moved_codec, DOCS, tmp_path)
    assert any(a is not b for a, b in zip(first, moved, strict=True))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_ascii_documents_take_columns_as_they_are(encoding: str) -> None:
    text = "# Title\n\nshort\n\na longer line here\n"
    fast = PositionCodec(TextIndex(text), encoding)
    # The same text with one non-ASCII character after the last line: the general path.
    slow = PositionCodec(TextIndex(text + "é"), encoding)
    for line in range(0, 6):
        for column in range(0, 25):
            pos = Position(line, column)
            assert fast.pair(pos) == slow.pair(pos), pos


_LINE = st.text(alphabet=st.sampled_from("ab 🚀支\t"), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(_LINE, min_size=1, max_size=8),
    spots=st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 3), st.integers(0, 3)),
        min_size=1,
        max_size=12,
    ),
    edits=st.lists(
        st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 9), _LINE),
        min_size=1,
        max_size=4,
    ),
    encoding=st.sampled_from(["utf-16", "utf-8", "utf-32"]),
)
def test_entries_of_the_same_findings_follow_every_edit(
    lines: list[str],
    spots: list[tuple[int, int, int, int]],
    edits: list[tuple[str, int, str]],
    encoding: str,
) -> None:
    """The same finding objects, kept through edits of any line (as the incremental linter
    keeps those of unmoved parts): each entry is what a fresh conversion gives. Some positions
    lie past a line's end or past the last line."""
    cache = DiagnosticCache()
    found = [
        Finding(
            "ambiguity/vague-term",
            Severity.WARNING,
            "m",
            PATH,
            Range(Position(line, column), Position(line + extra, column + width)),
        )
        for line, column, extra, width in spots
    ]
    root = Path("/tmp")
    for kind, at, new in [("replace", 0, lines[0]), *edits]:
        at = min(at, len(lines) - 1)
        if kind == "replace":
            lines[at] = new
        elif kind == "insert":
            lines.insert(at, new)
        elif len(lines) > 1:
            del lines[at]
        codec = PositionCodec(TextIndex("\n".join(lines)), encoding)
        entries = cache.entries(PATH, found, codec, DOCS, root)
        for finding, entry in zip(found, entries, strict=True):
            assert entry.json == json.dumps(
                diagnostic_json(finding, lsp_pairs(finding, codec), DOCS, root)
            )
