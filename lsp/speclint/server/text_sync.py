"""didChange's incremental edits applied in time that does not grow with the document.

pygls applies an incremental change by splitting the whole text into lines and writing them
all out again: about 1 ms per keystroke on a 300 kB spec, on the thread that reads the client's
messages. Here each open document keeps the line index of its current text (`TextIndex`,
shifted past each edit, as the incremental parser's), so an edit is two slices and a join.
Columns are converted by pygls' own codec, through a view of the lines it reads one by one, so
the result is the text pygls would make. Texts whose lines pygls splits at other characters
than "\\n" (`str.splitlines` also splits at "\\r", form feeds, U+2028...) take pygls' path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import overload

from lsprotocol import types
from pygls.workspace import Workspace

from ..model import TextIndex

# What `str.splitlines` ends a line at, besides "\n".
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


class _Lines(Sequence[str]):
    """`text.splitlines(keepends=True)` of a text whose only line break is "\\n", each line
    cut out when it is read."""

    def __init__(self, index: TextIndex) -> None:
        self._index = index
        text = index.text
        # `splitlines` makes no empty last line after a final newline, and none of "".
        self._count = index.line_count - (1 if not text or text.endswith("\n") else 0)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...

    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        index = self._index
        start = index.line_start(i + 1)
        end = index.line_start(i + 2) if i + 1 < index.line_count else len(index.text)
        return index.text[start:end]

    def offset(self, line: int, character: int) -> int:
        return self._index.line_start(line + 1) + character


class TextSync:
    """The line index of each open document's text, kept through its incremental changes."""

    def __init__(self) -> None:
        self._indexes: dict[str, TextIndex] = {}

    def forget(self, uri: str) -> None:
        self._indexes.pop(uri, None)

    def apply(
        self,
        workspace: Workspace,
        document: types.VersionedTextDocumentIdentifier,
        change: types.TextDocumentContentChangeEvent,
    ) -> None:
        """`workspace.update_text_document(document, change)`, faster for an incremental change
        of an open document."""
        uri = document.uri
        if not isinstance(change, types.TextDocumentContentChangePartial) or (
            uri not in workspace.text_documents
        ):
            self._indexes.pop(uri, None)
            workspace.update_text_document(document, change)
            return
        text = workspace.get_text_document(uri).source
        index = self._indexes.get(uri)
        if index is None or index.text is not text:
            if _OTHER_BREAKS.search(text) is not None:
                self._indexes.pop(uri, None)
                workspace.update_text_document(document, change)
                return
            index = TextIndex(text)
        lines = _Lines(index)
        where = workspace.position_codec.range_from_client_units(lines, change.range)
        start, end = where.start, where.end
        if not len(lines) or (end.line, end.character) < (start.line, start.character):
            self._indexes.pop(uri, None)  # an empty text, a reversed range: as pygls does them
            workspace.update_text_document(document, change)
            return
        # (Past the last line, pygls' codec gives the line's length in code units, which may
        # pass the end of the text: the slices stop there, the offsets must too.)
        a = min(lines.offset(start.line, start.character), len(text))
        b = min(lines.offset(end.line, end.character), len(text))
        new = text[:a] + change.text + text[b:]
        if _OTHER_BREAKS.search(change.text) is not None:
            self._indexes.pop(uri, None)
        else:
            self._indexes[uri] = TextIndex.after_edit(index, new, a, b)
        # (An index is used again only for the very text it was made of: `is`, above.)
        workspace.update_text_document(
            document, types.TextDocumentContentChangeWholeDocument(text=new)
        )
