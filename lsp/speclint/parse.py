"""Markdown text -> `Spec`. The only module that knows Markdown syntax.

pyromark (pulldown-cmark, CommonMark with GFM tables, in Rust) gives the document as a stream of
events, each with its exact source span, inline text included: prose pieces need no searching,
and code spans, HTML, link targets and autolinks (never text outside them) stay out of the prose.
`SpecBuilder` turns what this walk reports into sections, blocks and suppressions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from typing import Any

import pyromark
from pyromark.event import Event
from pyromark.event import Range as _Span  # {"start": ..., "end": ...}

from .model import Block, Sentence, Spec
from .spec_builder import REQUIREMENT_ID, SpecBuilder, slugify

__all__ = ["REQUIREMENT_ID", "parse", "slugify"]

_MARKDOWN = pyromark.Markdown(
    options=pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
)
# pulldown-cmark takes a `---` line, text and a later `---` line for a YAML metadata block
# anywhere in the document ("---\n## Next section ... ---" swallows the section); only the
# document's first lines are front matter. Elsewhere those lines are Markdown, parsed again
# without metadata blocks (a thematic break, a heading, a setext underline...).
_MARKDOWN_NO_METADATA = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_LONE_CR = re.compile(r"\r(?!\n)")
_HEADING_LEVEL = {f"H{n}": n for n in range(1, 7)}


class _CharOffsets:
    """UTF-8 byte offsets of one document (not ASCII) -> `str` offsets, line by line."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.byte_starts: list[int] = []
        self.char_starts: list[int] = []
        self.ascii_lines: list[bool] = []
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


def _in_chars(
    events: Iterator[tuple[Event, _Span]], text: str, base: int = 0
) -> Iterator[tuple[Event, _Span]]:
    """The events of a text that is not ASCII (or that starts at `base` in the document),
    their spans in `str` offsets of the document."""
    chars = _CharOffsets(text) if not text.isascii() else None
    for event, span in events:
        if chars is not None:
            span["start"] = chars(span["start"])
            span["end"] = chars(span["end"])
        span["start"] += base
        span["end"] += base
        yield event, span


def _events(markdown: pyromark.Markdown, text: str, base: int = 0) -> Iterator[tuple[Any, _Span]]:
    """`markdown`'s events of `text`, which starts at `base` in the document: spans in `str`
    offsets of the document (pyromark counts UTF-8 bytes)."""
    events: Iterator[tuple[Any, _Span]] = markdown.events_with_range(text)
    if base or not text.isascii():
        return _in_chars(events, text, base)
    return events


class _Walk:
    """One pass over the events. `run` handles text, the most frequent event, itself; the tags
    that matter go to one method each (`_ON_START`, `_ON_END`), the others cost a dict miss.

    The inline content of the open heading, paragraph or table cell, as it streams past, is
    `pieces` (its prose spans; None between blocks), `first` (where its first inline event
    other than prose text starts: text, the most frequent, only adds its piece; `start_at`
    takes the earlier of the two) and, in a heading only, `plain` (text and code without
    markup: the title)."""

    def __init__(self, b: SpecBuilder) -> None:
        self.b = b
        self.quote_depth = 0
        self.alert_depth = 0  # GitHub alerts (`> [!NOTE]`) are the author's own words: linted
        self.list_depth = 0
        # Per open list item: its span and whether its first paragraph was seen.
        self.items: list[list[Any]] = []
        self.pieces: list[tuple[int, int]] | None = None
        self.first = -1
        self.plain: list[str] | None = None
        self.opaque = 0  # < 0 in an image (alt text), > 0 in an autolink (its URL): no prose
        self.code = 0  # inside a code block: no prose at all
        self.front: list[str] | None = None  # the YAML of the front matter, while it streams
        self.html: tuple[int, list[str]] | None = None  # an HTML block: its start and lines
        self.heading: tuple[int, int, int] | None = None  # level, start, end
        self.prose_text = True  # text is prose: not in front matter, code, images or autolinks
        self.events: Iterator[tuple[Any, _Span]] = iter(())  # what `walk` walks

    def run(self) -> None:
        self.walk(_events(_MARKDOWN, self.b.text))

    def walk(self, events: Iterator[tuple[Any, _Span]]) -> None:
        self.events = events  # (a handler may take events from it: `start_front`)
        on_start, on_end = _ON_START, _ON_END
        for event, span in events:
            if type(event) is str:  # SoftBreak, HardBreak, Rule: nothing to read
                continue
            # One key, the event's kind; the value's type depends on it (pyromark's TypedDicts).
            kind, arg = event.popitem()
            if kind == "Text":
                if not self.prose_text:
                    self.other_text(arg, span)
                    continue
                pieces = self.pieces
                if pieces is None:  # text straight in a tight list item: its paragraph
                    pieces = self.tight_inline()
                pieces.append((span["start"], span["end"]))
                if self.plain is not None:
                    self.plain.append(arg)
            elif kind == "Start":
                if arg == "TableCell":  # the most frequent tags, handled here
                    self.pieces, self.first = [], -1
                    continue
                if arg == "Strong" or arg == "Emphasis":
                    if self.pieces is None:
                        self.tight_inline()
                    if self.first < 0:
                        self.first = span["start"]
                    continue
                handler = on_start.get(arg if type(arg) is str else next(iter(arg)))
                if handler is not None:
                    handler(self, arg, span)
            elif kind == "End":
                handler = on_end.get(arg if type(arg) is str else next(iter(arg)))
                if handler is not None:
                    handler(self, arg, span)
            elif kind == "Code":
                self.start_inline(arg, span)
                if self.plain is not None:
                    self.plain.append(arg)
            elif kind == "InlineHtml":
                self.start_inline(arg, span)
                self.b.html_comment(arg, span["start"])
            elif kind == "Html" and self.html is not None:
                self.html[1].append(arg)

    # -- inline --------------------------------------------------------------------------------
    def start_at(self, pieces: list[tuple[int, int]]) -> int:
        """Where the open block's first inline event starts (-1: it has none)."""
        first = self.first
        if pieces and (first < 0 or pieces[0][0] < first):
            return pieces[0][0]
        return first

    def tight_inline(self) -> list[tuple[int, int]]:
        """Text straight in a tight list item: the item's paragraph."""
        pieces: list[tuple[int, int]] = []
        self.pieces, self.first = pieces, -1
        return pieces

    def start_inline(self, what: Any, span: _Span) -> None:
        """An inline event that may be the block's first."""
        if self.pieces is None:
            self.tight_inline()
        if self.first < 0:
            self.first = span["start"]

    def other_text(self, text: str, span: _Span) -> None:
        if self.front is not None:
            self.front.append(text)
            return
        if self.code:
            return
        self.start_inline(text, span)
        if self.opaque > 0 and self.plain is not None:  # an autolink's URL is part of a title
            self.plain.append(text)

    def opaque_by(self, step: int) -> None:
        self.opaque += step
        self.prose_text = self.front is None and not self.code and not self.opaque

    def start_image(self, what: Any, span: _Span) -> None:
        self.start_inline(what, span)
        self.opaque_by(-1)  # alt text: no prose, no title

    def end_image(self, what: Any, span: _Span) -> None:
        self.opaque_by(1)

    def start_link(self, what: Any, span: _Span) -> None:
        self.start_inline(what, span)
        if what["Link"].get("link_type") in ("Autolink", "Email"):
            self.opaque_by(1)

    def end_link(self, what: Any, span: _Span) -> None:
        if self.opaque > 0:
            self.opaque_by(-1)

    # -- blocks --------------------------------------------------------------------------------
    def start_paragraph(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.pieces, self.first = [], -1

    def start_heading(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.heading = (_HEADING_LEVEL[what["Heading"]["level"]], span["start"], span["end"])
        self.pieces, self.first, self.plain = [], -1, []

    def start_item(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.items.append([span["start"], span["end"], False])

    def end_item(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.items.pop()

    def start_list(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.list_depth += 1

    def end_list(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.list_depth -= 1

    def start_quote(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.quote_depth += 1

    def end_quote(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        if self.alert_depth == self.quote_depth:
            self.alert_depth = 0
        self.quote_depth -= 1

    def start_table(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.b.add_table()

    def start_code(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.b.add_code_block()
        self.code += 1
        self.prose_text = False

    def end_code(self, what: Any, span: _Span) -> None:
        self.code -= 1
        self.prose_text = self.front is None and not self.code and not self.opaque

    def start_front(self, what: Any, span: _Span) -> None:
        if span["start"] > 0:  # not the document's start: Markdown after all
            events = self.events
            for event, _ in events:  # (the block's text, up to its end)
                tag = event.get("End") if type(event) is dict else None
                if type(tag) is dict and "MetadataBlock" in tag:
                    break
            start, end = span["start"], span["end"]
            self.walk(_events(_MARKDOWN_NO_METADATA, self.b.text[start:end], start))
            self.events = events
            return
        self.front = []
        self.prose_text = False

    def end_front(self, what: Any, span: _Span) -> None:
        first, last = self.b.index.lines(span["start"], span["end"])
        self.b.read_front_matter(first, last, "".join(self.front or ()))
        self.front = None
        self.prose_text = not self.code and not self.opaque

    def start_html(self, what: Any, span: _Span) -> None:
        self.flush_item_text()
        self.html = (span["start"], [])

    def end_html(self, what: Any, span: _Span) -> None:
        if self.html is not None:
            self.b.html_comment("".join(self.html[1]), self.html[0])
            self.html = None

    def flush_item_text(self) -> None:
        """Text straight in a list item (a tight list) is the item's paragraph."""
        if self.pieces is not None and self.heading is None and self.items:
            self.end_paragraph(None, None)

    def end_paragraph(self, what: Any, span: _Span | None) -> None:
        pieces, self.pieces = self.pieces, None
        if pieces is None:
            return
        b = self.b
        quoted = self.quote_depth > self.alert_depth
        if self.quote_depth and (at := self.start_at(pieces)) >= 0 and b.text.startswith("[!", at):
            self.alert_depth = self.quote_depth
            quoted = False
        kind = "list_item" if self.list_depth else "paragraph"
        item = self.items[-1] if self.items else None
        if quoted:
            block = b.add_prose(pieces, kind, quoted, self.list_depth, keep=False)
            if block is not None:
                b.quote(block.start, block.end)
        else:
            block = b.add_prose(pieces, kind, quoted, self.list_depth)
            if block is not None and item is not None and not item[2]:
                b.requirement(block, item[0], item[1])
        if item is not None and (block is None or not quoted):
            item[2] = True  # its first paragraph was seen (a quoted one does not count)

    def end_heading(self, what: Any, span: _Span) -> None:
        pieces, self.pieces = self.pieces, None
        plain, self.plain = self.plain, None
        assert self.heading is not None
        level, start, end = self.heading
        self.heading = None
        b = self.b
        first, last = b.index.lines(start, end)
        content = ""
        at = self.start_at(pieces) if pieces is not None else -1
        if at >= 0:
            if last > first:  # setext: the text above the underline
                content = b.text[at : b.index.line_start(last)].strip()
            else:
                content = b.text[at:end].rstrip()
                if content.endswith("#"):  # else the pattern, anchored at the end, cannot match
                    content = _CLOSING_HASHES.sub("", content)
        b.open_section(level, first, last, content, "".join(plain).strip() if plain else "")
        b.add_prose(pieces or [], "heading", self.quote_depth > 0, self.list_depth)

    def end_cell(self, what: Any, span: _Span) -> None:
        pieces, self.pieces = self.pieces, None
        if pieces is None:
            return
        if self.quote_depth <= self.alert_depth:
            self.b.add_prose(pieces, "table_cell", self.quote_depth > 0, self.list_depth)
        else:  # made for its quoted ranges, not kept
            self.b.add_prose(pieces, "table_cell", True, self.list_depth, keep=False)


# The walk's handler per tag name. Plain functions, not bound methods kept on the walk: those
# would make each walk a reference cycle, holding its whole parse until a cycle collection.
_Handler = Callable[[_Walk, Any, _Span], None]
_ON_START: dict[str, _Handler] = {
    "Paragraph": _Walk.start_paragraph,
    "Heading": _Walk.start_heading,
    "Item": _Walk.start_item,
    "List": _Walk.start_list,
    "BlockQuote": _Walk.start_quote,
    "Table": _Walk.start_table,
    "CodeBlock": _Walk.start_code,
    "MetadataBlock": _Walk.start_front,
    "HtmlBlock": _Walk.start_html,
    "Image": _Walk.start_image,
    "Link": _Walk.start_link,
    "Emphasis": _Walk.start_inline,
    "Strong": _Walk.start_inline,
    "Strikethrough": _Walk.start_inline,
}
_ON_END: dict[str, _Handler] = {
    "Paragraph": _Walk.end_paragraph,
    "Heading": _Walk.end_heading,
    "TableCell": _Walk.end_cell,
    "Item": _Walk.end_item,
    "List": _Walk.end_list,
    "BlockQuote": _Walk.end_quote,
    "CodeBlock": _Walk.end_code,
    "MetadataBlock": _Walk.end_front,
    "HtmlBlock": _Walk.end_html,
    "Image": _Walk.end_image,
    "Link": _Walk.end_link,
}

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
    builder.read_declarations()


def parse(text: str, path: str = "<memory>") -> Spec:
    """Parse Markdown `text` (already decoded) into a `Spec`."""
    builder = SpecBuilder(path, prepare(text))
    parse_into(builder)
    return builder.finish()


def iter_sentences(spec: Spec) -> Iterator[tuple[Block, Sentence]]:
    for block in spec.blocks:
        for s in block.sentences:
            yield block, s
