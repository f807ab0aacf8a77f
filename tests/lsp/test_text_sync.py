"""Incremental changes applied by `TextSync` give the text pygls' own handling gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace import Workspace
from speclint.server.text_sync import TextSync

URI = "file:///spec.md"
# Mostly texts broken at "\n" only (the fast path); some with breaks pygls also splits at.
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("ab \n🚀支é"), max_size=30),
    st.text(alphabet=st.sampled_from("ab \n🚀\r\u2028"), max_size=30),
)
_CHANGE = st.tuples(
    st.integers(0, 6), st.integers(0, 8), st.integers(0, 6), st.integers(0, 8), _TEXT
)


def _change(
    l1: int, c1: int, l2: int, c2: int, text: str
) -> types.TextDocumentContentChangePartial:
    rng = types.Range(types.Position(l1, c1), types.Position(l2, c2))
    return types.TextDocumentContentChangePartial(range=rng, text=text)


def _workspace(encoding: str, text: str) -> Workspace:
    ws = Workspace(None, types.TextDocumentSyncKind.Incremental, position_encoding=encoding)
    ws.put_text_document(types.TextDocumentItem(URI, "markdown", 1, text))
    return ws


@settings(max_examples=400, deadline=None)
@given(
    text=_TEXT,
    changes=st.lists(_CHANGE, min_size=1, max_size=6),
    encoding=st.sampled_from([types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8]),
)
def test_changes_give_the_text_pygls_gives(
    text: str, changes: list[tuple[int, int, int, int, str]], encoding: str
) -> None:
    theirs, ours = _workspace(encoding, text), _workspace(encoding, text)
    sync = TextSync()
    for version, (l1, c1, l2, c2, new) in enumerate(changes, 2):
        doc = types.VersionedTextDocumentIdentifier(version=version, uri=URI)
        # A change each: pygls' codec may clamp the positions it is given, in place.
        theirs.update_text_document(doc, _change(l1, c1, l2, c2, new))
        sync.apply(ours, doc, _change(l1, c1, l2, c2, new))
        mine, expected = ours.get_text_document(URI), theirs.get_text_document(URI)
        assert mine.source == expected.source
        assert mine.version == expected.version == version


def test_a_whole_document_change_replaces_the_text() -> None:
    ws = _workspace(types.PositionEncodingKind.Utf16, "a\nb\n")
    sync = TextSync()
    doc = types.VersionedTextDocumentIdentifier(version=2, uri=URI)
    sync.apply(ws, doc, types.TextDocumentContentChangeWholeDocument(text="new\n"))
    assert ws.get_text_document(URI).source == "new\n"
