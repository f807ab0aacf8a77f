"""Markdown text -> `Spec`. The only module that knows Markdown syntax.

pyromark (pulldown-cmark, CommonMark with GFM tables, in Rust) gives the document as a stream of
events, each with its exact source span, inline text included: prose pieces need no searching,
and code spans, HTML, link targets and autolinks (never text outside them) stay out of the prose.
`SpecBuilder` turns what this walk reports into sections, blocks and suppressions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any, cast

import pyromark

from .model import Block, Sentence, Spec
from .spec_builder import LEADING_REQ, REQUIREMENT_ID, SpecBuilder, slugify

__all__ = ["REQUIREMENT_ID", "parse", "slugify"]

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
_LONE_CR = re.compile(r"\r(?!\n)")
_LISTS_OPEN = frozenset({"List"})
_INLINE_CONTAINERS = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image"})
_HEADING_LEVEL = {f"H{n}": n for n in range(1, 7)}


class _CharOffsets:
    """UTF-8 byte offsets of one document -> `str` offsets, line by line (free for ASCII)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.ascii = len(self.data) == len(text)
        self.byte_starts: list[int] = []
        self.char_starts: list[int] = []
        self.ascii_lines: list[bool] = []
        if self.ascii:
            return
        byte_at = char_at = 0
        for line in text.split("\n"):
            n = len(line.encode("utf-8"))
            self.byte_starts.append(byte_at)
            self.char_starts.append(char_at)
            self.ascii_lines.append(n == len(line))
            byte_at += n + 1
            char_at += len(line) + 1

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.byte_starts, offset) - 1
        start = self.byte_starts[i]
        if self.ascii_lines[i]:
            return self.char_starts[i] + offset - start
        return self.char_starts[i] + len(self.data[start:offset].decode("utf-8", "replace"))


class _Inline:
    """The inline content of one heading, paragraph or table cell, as it streams past."""

    __slots__ = ("first", "pieces", "plain")

    def __init__(self) -> None:
        self.pieces: list[tuple[int, int]] = []  # prose spans
        self.plain: list[str] = []  # text and code, without markup (a heading's title)
        self.first = -1  # where the first inline event starts


class _Walk:
    def __init__(self, b: SpecBuilder) -> None:
        self.b = b
        chars = _CharOffsets(b.text)
        self.chars = None if chars.ascii else chars
        self.quote_depth = 0
        self.alert_depth = 0  # GitHub alerts (`> [!NOTE]`) are the author's own words: linted
        self.list_depth = 0
        # Per open list item: its span and whether its first paragraph was seen.
        self.items: list[list[Any]] = []
        self.inline: _Inline | None = None
        self.opaque = 0  # < 0 in an image (alt text), > 0 in an autolink (its URL): no prose
        self.code = 0  # inside a code block: no prose at all
        self.front: list[str] | None = None  # the YAML of the front matter, while it streams
        self.html: tuple[int, list[str]] | None = None  # an HTML block: its start and lines
        self.heading: tuple[int, int, int] | None = None  # level, start, end

    def lines(self, start: int, end: int) -> tuple[int, int]:
        position = self.b.index.position
        return position(start).line, position(max(end - 1, start)).line

    def run(self) -> None:
        chars = self.chars
        for event, span in pyromark.events_with_range(self.b.text, options=_OPTIONS):
            start, end = span["start"], span["end"]
            if chars is not None:
                start, end = chars(start), chars(end)
            if isinstance(event, str):  # SoftBreak, HardBreak, Rule: nothing to read
                continue
            # One key, the event's kind; the value's type depends on it (pyromark's TypedDicts).
            ((kind, arg),) = cast("dict[str, Any]", event).items()
            if kind == "Text":
                self.text(arg, start, end)
            elif kind == "Start":
                self.start(arg, start, end)
            elif kind == "End":
                self.end(arg, start, end)
            elif kind == "Code":
                self.code_span(arg, start)
            elif kind == "InlineHtml":
                self.note_first(start)
                self.b.html_comment(arg, start)
            elif kind == "Html" and self.html is not None:
                self.html[1].append(arg)

    # -- inline --------------------------------------------------------------------------------
    def note_first(self, start: int) -> None:
        inline = self.inline
        if inline is None:
            inline = self.inline = _Inline()  # text straight in a tight list item
        if inline.first < 0:
            inline.first = start

    def text(self, text: str, start: int, end: int) -> None:
        if self.front is not None:
            self.front.append(text)
            return
        if self.code:
            return
        self.note_first(start)
        inline = self.inline
        assert inline is not None
        if not self.opaque:
            inline.pieces.append((start, end))
            inline.plain.append(text)
        elif self.opaque > 0:  # an autolink's URL is part of a heading's title, as written
            inline.plain.append(text)

    def code_span(self, code: str, start: int) -> None:
        self.note_first(start)
        assert self.inline is not None
        self.inline.plain.append(code)

    # -- blocks --------------------------------------------------------------------------------
    def start(self, what: Any, start: int, end: int) -> None:
        name = what if type(what) is str else next(iter(what))
        if name in _INLINE_CONTAINERS:
            self.note_first(start)
        if name == "Paragraph":
            self.flush_item_text()
            self.inline = _Inline()
        elif name == "Heading":
            self.flush_item_text()
            self.heading = (_HEADING_LEVEL[what["Heading"]["level"]], start, end)
            self.inline = _Inline()
        elif name == "TableCell":
            self.inline = _Inline()
        elif name == "Item":
            self.flush_item_text()
            self.items.append([start, end, False])
        elif name in _LISTS_OPEN:
            self.flush_item_text()
            self.list_depth += 1
        elif name == "BlockQuote":
            self.flush_item_text()
            self.quote_depth += 1
        elif name == "Table":
            self.flush_item_text()
            self.b.add_table()
        elif name == "CodeBlock":
            self.flush_item_text()
            self.b.add_code_block()
            self.code += 1
        elif name == "MetadataBlock":
            self.front = []
        elif name == "HtmlBlock":
            self.flush_item_text()
            self.html = (start, [])
        elif name == "Image":
            self.opaque -= 1  # alt text: no prose, no title
        elif name == "Link":
            link = what["Link"]
            if link.get("link_type") in ("Autolink", "Email"):
                self.opaque += 1

    def end(self, what: Any, start: int, end: int) -> None:
        name = what if type(what) is str else next(iter(what))
        if name == "Paragraph":
            self.paragraph()
        elif name == "Heading":
            self.close_heading()
        elif name == "TableCell":
            self.cell()
        elif name == "Item":
            self.flush_item_text()
            self.items.pop()
        elif name in _LISTS_OPEN:
            self.flush_item_text()
            self.list_depth -= 1
        elif name == "BlockQuote":
            self.flush_item_text()
            if self.alert_depth == self.quote_depth:
                self.alert_depth = 0
            self.quote_depth -= 1
        elif name == "CodeBlock":
            self.code -= 1
        elif name == "MetadataBlock":
            first, last = self.lines(start, end)
            self.b.read_front_matter(first, last, "".join(self.front or ()))
            self.front = None
        elif name == "HtmlBlock" and self.html is not None:
            self.b.html_comment("".join(self.html[1]), self.html[0])
            self.html = None
        elif name == "Image":
            self.opaque += 1
        elif name == "Link" and self.opaque > 0:
            self.opaque -= 1

    def flush_item_text(self) -> None:
        """Text straight in a list item (a tight list) is the item's paragraph."""
        if self.inline is not None and self.heading is None and self.items:
            self.paragraph()

    def paragraph(self) -> None:
        inline, self.inline = self.inline, None
        if inline is None:
            return
        b = self.b
        quoted = self.quote_depth > self.alert_depth
        if self.quote_depth and inline.first >= 0 and b.text.startswith("[!", inline.first):
            self.alert_depth = self.quote_depth
            quoted = False
        kind = "list_item" if self.list_depth else "paragraph"
        block = b.prose_block(inline.pieces, kind, quoted, self.list_depth)
        item = self.items[-1] if self.items else None
        if block is not None:
            if quoted:
                b.quote(block.start, block.end)
            else:
                b.add_block(block)
                if item is not None and not item[2]:
                    item[2] = True
                    if LEADING_REQ.match(block.text):
                        b.requirement(block, *self.lines(item[0], item[1]))
        elif item is not None:
            item[2] = True

    def close_heading(self) -> None:
        inline, self.inline = self.inline, None
        assert self.heading is not None
        level, start, end = self.heading
        self.heading = None
        b = self.b
        first, last = self.lines(start, end)
        content = ""
        if inline is not None and inline.first >= 0:
            if last > first:  # setext: the text above the underline
                content = b.text[inline.first : b.index.line_start(last)].strip()
            else:
                content = _CLOSING_HASHES.sub("", b.text[inline.first : end].rstrip())
        plain = "".join(inline.plain).strip() if inline is not None else ""
        b.open_section(level, first, last, content, plain)
        pieces = inline.pieces if inline is not None else []
        block = b.prose_block(pieces, "heading", self.quote_depth > 0, self.list_depth)
        if block is not None:
            b.add_block(block)

    def cell(self) -> None:
        inline, self.inline = self.inline, None
        if inline is None:
            return
        block = self.b.prose_block(
            inline.pieces, "table_cell", self.quote_depth > 0, self.list_depth
        )
        if block is not None and self.quote_depth <= self.alert_depth:
            self.b.add_block(block)


# An ATX heading's optional closing sequence: `## Title ##`.
_CLOSING_HASHES = re.compile(r"(?:^|\s+)#+\s*$")


def prepare(text: str) -> str:
    """The text the parser reads: offsets and lines are those of `text`."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep offsets stable: a BOM becomes a space nobody lints
    if "\r" in text:
        # A lone \r breaks a line for the parser; the index counts \n only. A lone \r becomes
        # \n (same length, same offsets); CRLF files stay as they are, so writers keep them CRLF.
        text = _LONE_CR.sub("\n", text)
    return text


def parse_into(builder: SpecBuilder) -> None:
    """Walk `builder.text` (already prepared), reporting to `builder`."""
    _Walk(builder).run()


def parse(text: str, path: str = "<memory>") -> Spec:
    """Parse Markdown `text` (already decoded) into a `Spec`."""
    builder = SpecBuilder(path, prepare(text))
    parse_into(builder)
    return builder.finish()


def iter_sentences(spec: Spec) -> Iterator[tuple[Block, Sentence]]:
    for block in spec.blocks:
        for s in block.sentences:
            yield block, s
