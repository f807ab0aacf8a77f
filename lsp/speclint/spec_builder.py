"""Assembles a `Spec` from what a Markdown walk reports: headings, prose pieces, list items,
tables, code blocks, HTML comments and front matter, all at exact source offsets.

The walk (`parse.py`, over pyromark's events) knows Markdown; this module knows sections, ids,
prose masking and suppressions. Its `log` lets the incremental parser replay a walk at another
offset without walking again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .model import Block, Position, Range, Requirement, Section, Spec, Suppression, TextIndex

REQUIREMENT_ID = re.compile(r"[A-Z][A-Z0-9]*-\d+")
LEADING_REQ = re.compile(
    r"\s*(?:\*\*|__)?\[?(?P<id>[A-Z][A-Z0-9]*-\d+)\b\]?(?:\*\*|__)?(?=\s|:|\.|$|\))"
)
# `{#id}` closing a heading: the attribute syntax of markdown-it-attrs / pandoc. mdit-py-plugins'
# attrs plugin does not read it on headings, so the heading parser does.
HEADING_ATTR = re.compile(r"\s*\{#(?P<id>[A-Za-z][\w.:-]*)(?:\s[^}]*)?\}\s*$")
_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+")
# Quoted words are mentioned, not used: "fast" in quotes is talk about the word. Every branch
# starts with its quote mark (the single quote's look-behind comes after it: `'(?<!\w')` is
# `(?<!\w)'`), so the search skips to quote marks in C instead of trying each position.
_QUOTED = re.compile(
    r'"[^"\n]{1,300}"|“[^”]{1,300}”|‘[^’\n]{1,80}’|\'(?<!\w\')[^\'\n]{1,80}\'(?!\w)'
)
# A single quote that may open a quotation (not an apostrophe): most have none.
_SINGLE_QUOTE = re.compile(r"'(?<!\w')")
_SUPPRESS = re.compile(
    r"<!--\s*speclint-(?P<kind>disable-next-line|disable-line|disable|enable)\b(?P<rules>[^>]*?)-->"
)
_RFC2119 = re.compile(r"\b(?:RFC\s?2119|RFC\s?8174|BCP\s?14)\b")
_NOT_SLUG = re.compile(r"[^\w\- ]")
_OPEN = 1 << 30  # the last line of a `speclint-disable` that no `enable` closed yet


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = text.strip().lower()
    text = _NOT_SLUG.sub("", text)
    return text.replace(" ", "-")


def _blank(s: str) -> str:
    return " " * len(s)


class _Heading:
    """What a heading says, in the lines of the walk that read it: all of `open_section` that
    does not depend on the rest of the document, so that a replay only adds the line offset."""

    __slots__ = (
        "_at",
        "_ranges",
        "end_column",
        "first",
        "id_columns",
        "last",
        "level",
        "sid",
        "slug",
        "title",
    )

    def __init__(
        self,
        level: int,
        first: int,
        last: int,
        sid: str,
        title: str,
        id_columns: tuple[int, int] | None,
        end_column: int,
    ) -> None:
        self.level = level
        self.first = first
        self.last = last
        self.sid = sid  # written in the file ({#id} or a leading requirement id), or ""
        self.title = title
        self.slug = "" if sid else slugify(title) or "section"
        self.id_columns = id_columns
        self.end_column = end_column  # after the last character of the heading's last line
        self._at = -1
        self._ranges: tuple[Range, Range | None] = _NO_RANGES

    def ranges(self, base_line: int) -> tuple[Range, Range | None]:
        """The heading's range and its id's, `base_line` lines down."""
        if self._at != base_line:  # values: the last ones serve while the lines stay
            line = self.first + base_line
            heading_range = Range(
                Position(line, 1), Position(self.last + base_line, self.end_column)
            )
            id_range = None
            if self.id_columns is not None:
                a, b = self.id_columns
                id_range = Range(Position(line, a), Position(line, b))
            self._ranges = (heading_range, id_range)
            self._at = base_line
        return self._ranges


class _Lead:
    """A requirement id leading a list item, in the lines of the walk that read it."""

    __slots__ = ("_at", "_made", "_ranges", "column", "end_column", "first", "last", "line", "rid")

    def __init__(
        self, rid: str, line: int, column: int, first: int, last: int, end_column: int
    ) -> None:
        self.rid = rid
        self.line = line  # where the id is
        self.column = column
        self.first = first  # the item's lines, trailing blank lines left out
        self.last = last
        self.end_column = end_column
        self._at = -1
        self._ranges: tuple[Range, Range] = _NO_LEAD_RANGES
        self._made: Requirement | None = None

    def ranges(self, base_line: int) -> tuple[Range, Range]:
        """The id's range and the item's, `base_line` lines down."""
        if self._at != base_line:  # values: the last ones serve while the lines stay
            line = self.line + base_line
            rng = Range(Position(line, self.column), Position(line, self.column + len(self.rid)))
            item = Range(
                Position(self.first + base_line, 1),
                Position(self.last + base_line, self.end_column),
            )
            self._ranges = (rng, item)
            self._at = base_line
            self._made = None
        return self._ranges

    def requirement(self, section: str, base_line: int) -> Requirement:
        made = self._made
        if made is None or self._at != base_line or made.section != section:
            rng, item = self.ranges(base_line)
            made = self._made = Requirement(self.rid, section, rng, item)
        return made


_ORIGIN = Range(Position(1, 1), Position(1, 1))
_NO_RANGES: tuple[Range, Range | None] = (_ORIGIN, None)
_NO_LEAD_RANGES: tuple[Range, Range] = (_ORIGIN, _ORIGIN)


@dataclass
class BuilderState:
    """A `SpecBuilder`'s values at one point of a replay (see `SpecBuilder.snapshot`)."""

    sections: dict[str, Section]
    blocks: list[Block]
    suppressions: list[Suppression]
    duplicate_ids: list[tuple[str, Range]]
    quoted: list[tuple[int, int]]
    slug_counts: dict[str, int]
    stack: list[Section]  # copies: their own lists, no builder extends them
    front_matter: dict[str, object] | None
    front_matter_range: Range | None
    req_ids: set[str]
    rfc2119: bool


@dataclass(frozen=True)
class TailRecord:
    """What replaying the parts after the last one parsed anew (the *tail*) did to a builder:
    to do again, shifted, while those parts stand on the same lines and the builder reaches
    them in the same state (`SpecBuilder.same_state`). Offsets are those of `start`."""

    start: int  # the tail's first offset when recorded
    base_line: int  # the line before the tail then
    entry: BuilderState  # the builder just before the tail
    exit: BuilderState  # just after it (before `finish`)
    blocks: tuple[list[Block], ...]  # each tail part's blocks
    rfc2119: bool  # a tail part declares RFC 2119 keywords


def _open_copy(section: Section) -> Section:
    """A section still open (children, blocks and its range to come) as a separate object."""
    return dataclasses.replace(
        section,
        children=list(section.children),
        blocks=list(section.blocks),
        requirements=list(section.requirements),
    )


class SpecBuilder:
    """One document's sections, blocks and suppressions, fed in document order by a walk."""

    def __init__(self, path: str, text: str, index: TextIndex | None = None) -> None:
        self.path = path
        self.text = text
        self.index = index or TextIndex(text)  # `index`: of this text, made already
        self.sections: dict[str, Section] = {}
        self.blocks: list[Block] = []
        self.suppressions: list[Suppression] = []
        self.duplicate_ids: list[tuple[str, Range]] = []
        self.quoted: list[tuple[int, int]] = []
        self.slug_counts: dict[str, int] = {}
        self.stack: list[Section] = []
        self.front_matter: dict[str, object] | None = None
        self.front_matter_range: Range | None = None
        self.req_ids: set[str] = set()
        self.rfc2119 = False
        # What the walk reported, in order, in this builder's coordinates: `replay` feeds it to
        # another builder at an offset (incremental parsing re-walks only the changed parts).
        # Position-independent facts are computed once, at the walk: a replay only shifts them.
        # What `replay` feeds a builder is not logged again (nothing replays a replayed log).
        self.log: list[tuple[Any, ...]] = []

    # -- prose ---------------------------------------------------------------------------------
    def add_prose(
        self,
        pieces: Sequence[tuple[int, int]],
        kind: str,
        in_quote: bool,
        depth: int,
        keep: bool = True,
    ) -> Block | None:
        """A block from the offsets of its text pieces (everything between them is blanked),
        added to the document unless not `keep` (quoted text: made for its extent and for the
        quotations in it)."""
        if not pieces:
            return None
        text = self.text
        start, end = pieces[0][0], pieces[-1][1]
        raw = text[start:end]
        if len(pieces) == 1:
            prose = raw
        else:
            chunks: list[str] = []
            at = start
            for a, b in pieces:
                chunks.append(" " * (a - at))
                chunks.append(text[a:b])
                at = b
            prose = "".join(chunks)
        if "://" in prose or "www." in prose:
            prose = _URL.sub(lambda m: _blank(m.group(0)), prose)
        if (
            '"' in prose
            or "“" in prose
            or "‘" in prose
            or ("'" in prose and _SINGLE_QUOTE.search(prose) is not None)
        ):
            prose = self.mask_quotes(prose, start)
        if kind == "heading" and "{#" in prose:
            prose = HEADING_ATTR.sub(lambda m: _blank(m.group(0)), prose)
        stack = self.stack
        section = stack[-1] if stack else None
        block = Block(
            kind, start, end, raw, prose, section.id if section else None, in_quote, depth
        )
        if keep:
            self.blocks.append(block)
            self.log.append(("block", block))
            if section is not None:
                section.blocks.append(block)
        return block

    def mask_quotes(self, prose: str, base: int) -> str:
        def repl(m: re.Match[str]) -> str:
            self.quote(base + m.start(), base + m.end())
            return _blank(m.group(0))

        return _QUOTED.sub(repl, prose)

    def quote(self, start: int, end: int) -> None:
        """[start, end) is quoted speech or a quotation: never linted."""
        self.quoted.append((start, end))
        self.log.append(("quote", start, end))

    def html_comment(self, html: str, offset: int) -> None:
        """Suppression comments (`<!-- speclint-disable ... -->`) in HTML at `offset`."""
        if "speclint-" not in html:
            return
        self.log.append(("html", html, offset))
        self._suppress(html, offset)

    def _suppress(self, html: str, offset: int) -> None:
        for m in _SUPPRESS.finditer(html):
            line = self.index.line(offset + m.start())
            rules = frozenset(r.strip() for r in re.split(r"[\s,]+", m.group("rules")) if r.strip())
            kind = m.group("kind")
            if kind == "disable-next-line":
                self.suppressions.append(Suppression(rules, line + 1, line + 1))
            elif kind == "disable-line":
                self.suppressions.append(Suppression(rules, line, line))
            elif kind == "disable":
                self.suppressions.append(Suppression(rules, line, _OPEN))
            else:  # enable: close the open ranges that it names (all when it names none)
                for i, s in enumerate(self.suppressions):
                    if s.last_line == _OPEN and (not rules or s.rules <= rules):
                        self.suppressions[i] = Suppression(s.rules, s.first_line, line)

    # -- sections ------------------------------------------------------------------------------
    def open_section(
        self, level: int, first_line: int, last_line: int, content: str, plain: str
    ) -> None:
        """A heading on lines [first_line, last_line] (1-based); `content` is its inline source,
        `plain` its text without markup."""
        id_columns: tuple[int, int] | None = None
        m = HEADING_ATTR.search(content) if "{#" in content else None
        if m:
            sid = m.group("id")
            title = content[: m.start()].strip()
            at = self.index.line_text(first_line).rfind("{#" + sid)
            if at != -1:
                id_columns = (at + 3, at + 3 + len(sid))
        else:
            title = content.strip()
            lead = LEADING_REQ.match(title)
            if lead:
                sid = lead.group("id")
                at = self.index.line_text(first_line).find(sid)
                if at != -1:
                    id_columns = (at + 1, at + 1 + len(sid))
            else:
                sid = ""
        plain = plain if not m else plain[: len(title)].strip()
        end_column = len(self.index.line_text(last_line)) + 1
        heading = _Heading(
            level, first_line, last_line, sid, plain or title, id_columns, end_column
        )
        self.log.append(("heading", heading))
        self._open(heading, 0)

    def _open(self, heading: _Heading, base_line: int) -> None:
        line = heading.first + base_line
        heading_range, id_range = heading.ranges(base_line)
        sections = self.sections
        sid = heading.sid
        if not sid:
            base = heading.slug
            n = self.slug_counts.get(base, 0)
            self.slug_counts[base] = n + 1
            sid = base if n == 0 else f"{base}-{n}"
            while sid in sections:
                n += 1
                self.slug_counts[base] = n + 1
                sid = f"{base}-{n}"
        elif sid in sections:
            self.duplicate_ids.append(
                (sid, id_range or Range(Position(line, 1), Position(line, 1)))
            )
            n = 1
            while f"{sid}-{n}" in sections:
                n += 1
            sid = f"{sid}-{n}"
        stack = self.stack
        level = heading.level
        while stack and stack[-1].level >= level:
            self.close_section(stack.pop(), line - 1)
        parent = stack[-1] if stack else None
        section = Section(
            sid,
            heading.title,
            level,
            heading_range,
            heading_range,
            bool(heading.sid),
            id_range,
            parent.id if parent else None,
        )
        if parent:
            parent.children.append(sid)
        sections[sid] = section
        stack.append(section)

    def close_section(self, section: Section, last_line: int) -> None:
        start, end = section.heading_range.start, section.heading_range.end
        # Trailing blank lines belong to no section's visible body.
        line, length = self.index.last_filled(end.line, max(last_line, end.line))
        section.range = Range(start, Position(line, length + 1))

    def add_table(self) -> None:
        self.log.append(("table",))
        if self.stack:
            self.stack[-1].tables += 1

    def add_code_block(self) -> None:
        self.log.append(("code",))
        if self.stack:
            self.stack[-1].code_blocks += 1

    def requirement(self, block: Block, item_start: int, item_end: int) -> None:
        """A list item's first paragraph, which may lead with a requirement id (`- **FR-001**:
        ...`); the item is the text [item_start, item_end)."""
        m = LEADING_REQ.match(block.text)
        if not m or not self.stack:
            return
        index = self.index
        first_line, last_line = index.lines(item_start, item_end)
        at = index.position(block.start + m.start("id"))
        # The item's range: trailing blank lines left out.
        last, length = index.last_filled(first_line, max(last_line, first_line))
        lead = _Lead(m.group("id"), at.line, at.column, first_line, last, length + 1)
        self.log.append(("requirement", lead))
        self._require(lead, 0)

    def _require(self, lead: _Lead, base_line: int) -> None:
        rid = lead.rid
        if rid in self.req_ids:
            self.duplicate_ids.append((rid, lead.ranges(base_line)[0]))
            return
        self.req_ids.add(rid)
        section = self.stack[-1]
        section.requirements.append(lead.requirement(section.id, base_line))

    def read_front_matter(self, first_line: int, last_line: int, content: str) -> None:
        self.log.append(("front", first_line, last_line, content))
        self._front_matter(first_line, last_line, content)

    def _front_matter(self, first_line: int, last_line: int, content: str) -> None:
        self.front_matter_range = self.index.range(
            self.index.line_start(first_line),
            self.index.line_start(last_line) + len(self.index.line_text(last_line)),
        )
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError:
            data = None
        self.front_matter = data if isinstance(data, dict) else None

    def read_declarations(self) -> None:
        """At the end of the walk: whether the text declares RFC 2119 keywords. (A part of a
        document declares them when the document does there: no declaration spans the start of
        a heading line, where parts start.)"""
        text = self.text
        if ("RFC" in text or "BCP" in text) and _RFC2119.search(text) is not None:
            self.rfc2119 = True
            self.log.append(("rfc2119",))

    # -- incremental parsing -------------------------------------------------------------------
    def replay(
        self, log: list[tuple[Any, ...]], base: int, base_line: int, reuse: list[Block] | None
    ) -> list[Block]:
        """Feed this builder what another walk reported, at offset `base` and line `base_line`
        (the line of `base`, minus one). `reuse`: the blocks this log made last time, taken
        as they are where offset and section are unchanged. Returns the blocks made."""
        made: list[Block] = []
        stack = self.stack
        again = reuse or []
        n_again = len(again)
        section = stack[-1] if stack else None  # changes at headings only
        sid = section.id if section is not None else None
        for report in log:
            kind = report[0]
            if kind == "block":
                old: Block = report[1]
                i = len(made)
                if i < n_again and again[i].start == old.start + base and again[i].section == sid:
                    block = again[i]
                else:
                    block = Block(
                        old.kind,
                        old.start + base,
                        old.end + base,
                        old.text,
                        old.prose,
                        sid,
                        old.in_quote,
                        old.list_depth,
                    )
                made.append(block)
                if section is not None:
                    section.blocks.append(block)
            elif kind == "heading":
                self._open(report[1], base_line)
                section = stack[-1]
                sid = section.id
            elif kind == "requirement":
                self._require(report[1], base_line)
            elif kind == "quote":
                self.quoted.append((report[1] + base, report[2] + base))
            elif kind == "html":
                self._suppress(report[1], report[2] + base)
            elif kind == "table":
                if stack:
                    stack[-1].tables += 1
            elif kind == "code":
                if stack:
                    stack[-1].code_blocks += 1
            elif kind == "front":
                self._front_matter(report[1] + base_line, report[2] + base_line, report[3])
            elif kind == "rfc2119":
                self.rfc2119 = True
        self.blocks += made  # nothing else adds blocks meanwhile: the order is the same
        return made

    def same_state(self, state: BuilderState) -> bool:
        """Whether a replay from here makes what it made from `state` (a snapshot of another
        builder): the same open sections, ids taken, slugs counted and suppressions."""
        return (
            len(self.stack) == len(state.stack)
            and all(
                a.id == b.id and a.level == b.level
                for a, b in zip(self.stack, state.stack, strict=True)
            )
            and self.slug_counts == state.slug_counts
            and self.req_ids == state.req_ids
            and self.suppressions == state.suppressions
            and self.sections.keys() == state.sections.keys()
        )

    def replay_tail(self, record: TailRecord, start: int) -> list[list[Block]]:
        """What replaying the recorded tail's logs at `start` would do, from the recorded
        result: its blocks moved, its sections copied around them, and the sections open before
        it given their children and closed where its headings close them. The builder is in
        the recorded entry state (`same_state`) and the tail on the lines it was on. Returns
        each tail part's blocks."""
        delta = start - record.start
        entry, exit_ = record.entry, record.exit
        made = [[b.moved(delta) for b in blocks] for blocks in record.blocks]
        # Every tail block is a tail section's own (each tail part starts at a heading), and
        # the sections come in document order: their blocks are the moved ones, run by run.
        moved = [b for blocks in made for b in blocks]
        at = 0
        open_at_exit = {s.id: s for s in exit_.stack}
        stack = self.stack
        sections = self.sections
        before = entry.sections.keys()
        for sid, old in exit_.sections.items():
            if sid in before:
                continue
            old = open_at_exit.get(sid, old)  # open ones as they were then, not as finished
            while stack and stack[-1].level >= old.level:
                closed = stack.pop()
                if closed.id in before:  # its body may end before the tail: measured again
                    self.close_section(closed, old.heading_range.start.line - 1)
            if stack and stack[-1].id in before:
                stack[-1].children.append(sid)
            section = Section(
                sid,
                old.title,
                old.level,
                old.heading_range,
                old.range,
                old.explicit_id,
                old.id_range,
                old.parent,
                list(old.children),
                moved[at : at + len(old.blocks)],
                list(old.requirements),
                old.code_blocks,
                old.tables,
            )
            at += len(old.blocks)
            sections[sid] = section
            stack.append(section)
        assert at == len(moved), "a tail block outside the tail's sections"
        for blocks in made:
            self.blocks += blocks
        self.quoted += [(a + delta, b + delta) for a, b in exit_.quoted[len(entry.quoted) :]]
        self.duplicate_ids += exit_.duplicate_ids[len(entry.duplicate_ids) :]
        self.suppressions = list(exit_.suppressions)
        self.slug_counts = dict(exit_.slug_counts)
        self.req_ids = set(exit_.req_ids)
        self.rfc2119 = self.rfc2119 or record.rfc2119
        return made

    def snapshot(self) -> BuilderState:
        """What this builder holds now, to start another builder from (`restore`) where the
        document up to here is the same: replaying it again would make the same values."""
        return BuilderState(
            dict(self.sections),
            list(self.blocks),
            list(self.suppressions),
            list(self.duplicate_ids),
            list(self.quoted),
            dict(self.slug_counts),
            [_open_copy(s) for s in self.stack],
            self.front_matter,
            self.front_matter_range,
            set(self.req_ids),
            self.rfc2119,
        )

    def restore(self, state: BuilderState) -> None:
        """Continue from `state` (taken by `snapshot` of a builder of a text with the same
        beginning). Closed sections are shared with that builder's spec: nothing changes a
        section once closed. Open ones, which later headings extend and close, are copied."""
        self.sections = dict(state.sections)
        self.stack = [_open_copy(s) for s in state.stack]
        for section in self.stack:
            self.sections[section.id] = section
        self.blocks = list(state.blocks)
        self.suppressions = list(state.suppressions)
        self.duplicate_ids = list(state.duplicate_ids)
        self.quoted = list(state.quoted)
        self.slug_counts = dict(state.slug_counts)
        self.front_matter = state.front_matter
        self.front_matter_range = state.front_matter_range
        self.req_ids = set(state.req_ids)
        self.rfc2119 = state.rfc2119

    # -- the result ----------------------------------------------------------------------------
    def finish(self) -> Spec:
        last = self.index.line_count
        while self.stack:
            self.close_section(self.stack.pop(), last)
        return Spec(
            path=self.path,
            text=self.text,
            index=self.index,
            sections=self.sections,
            blocks=self.blocks,
            front_matter=self.front_matter,
            front_matter_range=self.front_matter_range,
            suppressions=self.suppressions,
            rfc2119=self.rfc2119,
            duplicate_ids=self.duplicate_ids,
            quoted_ranges=self.quoted,
        )
