"""The engine's data model: plain frozen dataclasses, no behaviour beyond small conversions.

Positions, decided once for the whole engine:
- `line` is 1-based; `column` is 1-based and counts Unicode code points.
- A `Range` is half-open: `end` is the position just after the last character (as in SARIF), so a
  one-character finding at line 3, column 5 is `Range(Position(3, 5), Position(3, 6))`.
- Offsets (`int`) are 0-based indices into the document's `str`.
Front ends convert: the LSP server to 0-based UTF-16 or UTF-8 positions, SARIF takes them as is.
"""

from __future__ import annotations

import bisect
import enum
import operator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, count


class Severity(enum.IntEnum):
    """Ordered so that `severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r}: use one of info, warning, error"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


# The frozen classes made by the thousand (positions, ranges, blocks, requirements, findings)
# set their fields without a frozen dataclass's own __init__, which goes through
# object.__setattr__ for each field, twice as slow. Blocks and findings write into __dict__;
# positions, ranges and requirements have slots (no dict to make and free) and call their
# fields' slot setters, bound once after each class. They stay frozen, compared, ordered and
# hashed as dataclasses.


@dataclass(frozen=True, order=True, init=False, slots=True)
class Position:
    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        _set_line(self, line)
        _set_column(self, column)


@dataclass(frozen=True, order=True, init=False, slots=True)
class Range:
    start: Position
    end: Position

    def __init__(self, start: Position, end: Position) -> None:
        _set_start(self, start)
        _set_end(self, end)

    def contains(self, other: Range) -> bool:
        return self.start <= other.start and other.end <= self.end


# The slot setters of the classes that `dataclass(slots=True)` made (it makes new ones).
_set_line = Position.line.__set__  # type: ignore[attr-defined,misc]
_set_column = Position.column.__set__  # type: ignore[attr-defined,misc]
_set_start = Range.start.__set__  # type: ignore[attr-defined,misc]
_set_end = Range.end.__set__  # type: ignore[attr-defined,misc]


@dataclass(frozen=True)
class Edit:
    """Replace the text at `range` with `new_text`. An empty range inserts."""

    range: Range
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A change the user may choose: a title for menus and the edits that make it."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = False


@dataclass(frozen=True, init=False)
class Finding:
    rule: str
    severity: Severity
    message: str
    path: str
    range: Range
    section: str | None = None
    fixes: tuple[Fix, ...] = ()
    related: tuple[tuple[str, Range, str], ...] = ()  # (path, range, message)

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        path: str,
        range: Range,
        section: str | None = None,
        fixes: tuple[Fix, ...] = (),
        related: tuple[tuple[str, Range, str], ...] = (),
    ) -> None:
        fields = self.__dict__
        fields["rule"] = rule
        fields["severity"] = severity
        fields["message"] = message
        fields["path"] = path
        fields["range"] = range
        fields["section"] = section
        fields["fixes"] = fixes
        fields["related"] = related

    @property
    def family(self) -> str:
        return self.rule.split("/", 1)[0]

    @cached_property
    def order(self) -> tuple[int, int, str]:
        """Its place among one spec's findings: line, column, rule (`sort_key` without the
        path). Kept with the finding: the language server sorts the same findings again on
        every keystroke."""
        start = self.range.start
        return start.line, start.column, self.rule

    def sort_key(self) -> tuple[str, Position, str]:
        return (self.path, self.range.start, self.rule)


class TextIndex:
    """Converts offsets in one document to positions, in O(log lines)."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Line k starts after the k lines before it and their newlines; in C, not a find per line.
        ends = accumulate(map(len, text.split("\n")))
        starts = [0]
        starts += map(operator.add, ends, count(1))
        starts.pop()  # the "start" after the last line
        self._starts = starts

    @classmethod
    def after_edit(cls, old: TextIndex, text: str, start: int, old_end: int) -> TextIndex:
        """The index of `text`: `old.text` with [start, old_end) replaced by what `text` holds
        there, the rest equal. Lines wholly before or after the edit keep their starts (those
        after, shifted): only the edited span is searched for newlines."""
        index = cls.__new__(cls)
        index.text = text
        starts = old._starts
        delta = len(text) - len(old.text)
        # A line starts after a newline: before the edit (a start <= `start`), in it, or after.
        first = bisect.bisect_right(starts, start)
        after = bisect.bisect_left(starts, old_end + 1)
        new_end = old_end + delta
        fresh = starts[:first]
        at = text.find("\n", start, new_end)
        while at != -1:
            fresh.append(at + 1)
            at = text.find("\n", at + 1, new_end)
        fresh += map(delta.__add__, starts[after:]) if delta else starts[after:]
        index._starts = fresh
        return index

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based `line`."""
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]

    def line_length(self, line: int) -> int:
        """`len(line_text(line))`, without the copy."""
        starts = self._starts
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return end - starts[line - 1]

    def line(self, offset: int) -> int:
        """The 1-based line of `offset`."""
        return bisect.bisect_right(self._starts, offset)

    def lines(self, start: int, end: int) -> tuple[int, int]:
        """The first and last lines of the text [start, end) (one line when it is empty)."""
        starts = self._starts
        return bisect.bisect_right(starts, start), bisect.bisect_right(starts, max(end - 1, start))

    def last_filled(self, first: int, last: int) -> tuple[int, int]:
        """The last line of [first, last] that is not blank (`first` when all are) and its
        length: where a body ends, trailing blank lines left out."""
        starts, text = self._starts, self.text
        while True:
            start = starts[last - 1]
            end = starts[last] - 1 if last < len(starts) else len(text)
            if last <= first or text[start:end].strip():
                return last, end - start
            last -= 1

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset)
        return Position(line, offset - self._starts[line - 1] + 1)

    def offset(self, pos: Position) -> int:
        line = min(max(pos.line, 1), len(self._starts))
        return min(self._starts[line - 1] + pos.column - 1, len(self.text))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))


@dataclass(frozen=True)
class Sentence:
    """A sentence of a prose block: offsets into the document."""

    start: int
    end: int


@dataclass(frozen=True, init=False)
class Block:
    """A run of prose (paragraph, list item paragraph, heading text, table cell).

    `text` is the source of the block, exactly as in the document between `start` and `end`
    except that container prefixes (`> `, list indentation) are kept out of `prose`.
    `prose` has the same length as `text`; every character that must never be linted (code spans,
    HTML, URLs, link targets, quoted speech, container prefixes) is a space in it, so offsets found
    in `prose` are offsets in `text`, and `start + i` is an offset in the document.
    """

    kind: str  # "paragraph" | "heading" | "list_item" | "table_cell"
    start: int
    end: int
    text: str
    prose: str
    section: str | None
    in_quote: bool = False
    list_depth: int = 0

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        text: str,
        prose: str,
        section: str | None,
        in_quote: bool = False,
        list_depth: int = 0,
    ) -> None:
        fields = self.__dict__
        fields["kind"] = kind
        fields["start"] = start
        fields["end"] = end
        fields["text"] = text
        fields["prose"] = prose
        fields["section"] = section
        fields["in_quote"] = in_quote
        fields["list_depth"] = list_depth

    def moved(self, delta: int) -> Block:
        """This block `delta` characters further on in the document (an edit before it): its
        fields copied at once, not passed one by one; its sentences are split again if asked."""
        new = object.__new__(Block)
        fields = new.__dict__
        fields.update(self.__dict__)
        fields.pop("sentences", None)  # (its offsets are the old ones)
        fields["start"] += delta
        fields["end"] += delta
        return new

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Split on first use: most blocks never need their sentences (the hot path skips it)."""
        if self.kind in ("heading", "table_cell"):
            return (Sentence(self.start, self.end),) if self.prose.strip() else ()
        from .sentences import split_sentences

        return split_sentences(self.prose, self.start)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing document offset `offset`."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def sentence_text(self, s: Sentence, prose: bool = True) -> str:
        src = self.prose if prose else self.text
        return src[s.start - self.start : s.end - self.start]


@dataclass(frozen=True, init=False, slots=True)
class Requirement:
    """A requirement id leading a list item or heading (`FR-001`, `REQ-12`)."""

    id: str
    section: str
    range: Range  # the id itself
    item_range: Range  # the whole list item

    def __init__(self, id: str, section: str, range: Range, item_range: Range) -> None:
        _set_id(self, id)
        _set_section(self, section)
        _set_range(self, range)
        _set_item_range(self, item_range)


_set_id = Requirement.id.__set__  # type: ignore[attr-defined,misc]
_set_section = Requirement.section.__set__  # type: ignore[attr-defined,misc]
_set_range = Requirement.range.__set__  # type: ignore[attr-defined,misc]
_set_item_range = Requirement.item_range.__set__  # type: ignore[attr-defined,misc]


@dataclass
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    id: str
    title: str
    level: int
    heading_range: Range
    range: Range  # heading through the last line of the body
    explicit_id: bool = False  # written in the file ({#id} or a leading requirement id)
    id_range: Range | None = None  # where the id is written, when it is
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    code_blocks: int = 0
    tables: int = 0

    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind != "heading")

    def prose_word_count(self) -> int:
        return sum(len(b.prose.split()) for b in self.blocks)


@dataclass(frozen=True)
class Suppression:
    """`<!-- speclint-disable... -->` comments: rules (empty = all) off for lines [first, last]."""

    rules: frozenset[str]
    first_line: int
    last_line: int

    def covers(self, rule: str, line: int) -> bool:
        if not (self.first_line <= line <= self.last_line):
            return False
        return not self.rules or rule in self.rules or rule.split("/", 1)[0] in self.rules


@dataclass
class Spec:
    """One parsed Markdown file."""

    path: str  # relative to the project root, with forward slashes
    text: str
    index: TextIndex
    sections: dict[str, Section]  # in document order
    blocks: list[Block]
    front_matter: dict[str, object] | None = None
    front_matter_range: Range | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    rfc2119: bool = False  # the spec declares RFC 2119 / BCP 14 keywords
    duplicate_ids: list[tuple[str, Range]] = field(default_factory=list)
    quoted_ranges: list[tuple[int, int]] = field(default_factory=list)
    # Ids of the sections whose own content (`workspace.sections.section_content`) is the same
    # as in version `version - 1` of this document: told by the incremental parser, which
    # numbers the versions it parses (0: not parsed incrementally, nothing said).
    unchanged: frozenset[str] = frozenset()
    version: int = 0

    def section_at_line(self, line: int) -> Section | None:
        """The innermost section whose range holds `line` (1-based)."""
        if not 1 <= line <= self.index.line_count:
            return None
        starts = self.__dict__.get("_section_starts")
        if starts is None:
            starts = self.__dict__["_section_starts"] = [
                s.range.start.line for s in self.sections.values()
            ]
            self.__dict__["_section_list"] = list(self.sections.values())
        # Ranges nest (a section closes at the next heading of its level or above): the
        # sections holding `line` are the last one starting by then and some of its ancestors.
        at = bisect.bisect_right(starts, line) - 1
        section: Section | None = self.__dict__["_section_list"][at] if at >= 0 else None
        while section is not None and section.range.end.line < line:
            section = self.sections[section.parent] if section.parent is not None else None
        return section

    def word_count(self) -> int:
        return sum(len(b.prose.split()) for b in self.blocks)
