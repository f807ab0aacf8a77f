"""Engine positions (1-based lines, 1-based code point columns) <-> LSP positions.

LSP columns count code units of the negotiated encoding (UTF-16 unless the client offered
UTF-8 or UTF-32), so a column depends on the characters before it on its line. This is the only
place where speclint converts; everything else speaks the engine's positions.
"""

from __future__ import annotations

from lsprotocol import types

from ..model import Position, Range, TextIndex


def _utf16_units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _utf8_units(s: str) -> int:
    return len(s.encode("utf-8"))


def _code_points(s: str) -> int:
    return len(s)


_COUNTERS = {
    types.PositionEncodingKind.Utf16: _utf16_units,
    types.PositionEncodingKind.Utf8: _utf8_units,
    types.PositionEncodingKind.Utf32: _code_points,
}


class PositionCodec:
    """Converts positions of one document text in one encoding."""

    def __init__(self, index: TextIndex, encoding: str | None) -> None:
        self.index = index
        self._count = index.line_count
        # Most documents are ASCII: then every encoding counts code points, and a column is
        # the engine's column (clamped to the line) without looking at the text.
        self._ascii = index.text.isascii()
        utf16 = types.PositionEncodingKind.Utf16
        kind = types.PositionEncodingKind(encoding) if encoding else utf16
        self.encoding = kind if kind in _COUNTERS else utf16
        self._units = _COUNTERS[self.encoding]

    def _line(self, line: int) -> str:
        return self.index.line_text(min(max(line, 1), self.index.line_count))

    def pair(self, pos: Position) -> tuple[int, int]:
        """The LSP (line, character) of an engine position, as plain ints."""
        line = pos.line
        if line > self._count:
            # Past the last line: the end of the document.
            return self._count - 1, self._units(self.index.line_text(self._count))
        if self._ascii:
            length = self.index.line_length(line if line >= 1 else 1)
            column = pos.column - 1
            return line - 1, (length if column > length else column) if column > 0 else 0
        text = self.index.line_text(line if line >= 1 else 1)
        prefix = text[: pos.column - 1] if pos.column > 1 else ""
        return line - 1, len(prefix) if prefix.isascii() else self._units(prefix)

    def to_lsp(self, pos: Position) -> types.Position:
        return types.Position(*self.pair(pos))

    def range_to_lsp(self, rng: Range) -> types.Range:
        return types.Range(self.to_lsp(rng.start), self.to_lsp(rng.end))

    def from_lsp(self, pos: types.Position) -> Position:
        """The engine position of an LSP position; clamped into the document."""
        if pos.line >= self.index.line_count:
            last = self.index.line_count
            return Position(last, len(self._line(last)) + 1)
        text = self._line(pos.line + 1)
        if text.isascii():
            return Position(pos.line + 1, min(pos.character, len(text)) + 1)
        units = 0
        for i, ch in enumerate(text):
            if units >= pos.character:
                return Position(pos.line + 1, i + 1)
            units += self._units(ch)
        # A position inside the last character's code units, or past the end, ends the line.
        return Position(pos.line + 1, len(text) + 1)

    def range_from_lsp(self, rng: types.Range) -> Range:
        return Range(self.from_lsp(rng.start), self.from_lsp(rng.end))

    def offset(self, pos: types.Position) -> int:
        return self.index.offset(self.from_lsp(pos))
