"""Assembles a `Spec` from what a Markdown walk reports: headings, prose pieces, list items,
tables, code blocks, HTML comments and front matter, all at exact source offsets.

The walks (`parse_tree` over markdown-it-pyrs' syntax tree, `parse_tokens` over markdown-it-py's
tokens) know Markdown; this module knows sections, ids, prose masking and suppressions, so both
walks give the same `Spec` for the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
# Quoted words are mentioned, not used: "fast" in quotes is talk about the word.
_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”]{1,300}”|‘[^’\n]{1,80}’|(?<!\w)\'[^\'\n]{1,80}\'(?!\w)')
_SUPPRESS = re.compile(
    r"<!--\s*speclint-(?P<kind>disable-next-line|disable-line|disable|enable)\b(?P<rules>[^>]*?)-->"
)
_RFC2119 = re.compile(r"\b(?:RFC\s?2119|RFC\s?8174|BCP\s?14)\b")
_OPEN = 1 << 30  # the last line of a `speclint-disable` that no `enable` closed yet


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _blank(s: str) -> str:
    return " " * len(s)


class SpecBuilder:
    """One document's sections, blocks and suppressions, fed in document order by a walk."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.index = TextIndex(text)
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
        # What the walk reported, in order, in this builder's coordinates: `replay` feeds it to
        # another builder at an offset (incremental parsing re-walks only the changed parts).
        self.log: list[tuple[Any, ...]] = []

    # -- prose ---------------------------------------------------------------------------------
    def prose_block(
        self, pieces: Sequence[tuple[int, int]], kind: str, in_quote: bool, depth: int
    ) -> Block | None:
        """A block from the offsets of its text pieces: everything between them is blanked."""
        if not pieces:
            return None
        text = self.text
        start, end = pieces[0][0], pieces[-1][1]
        raw = text[start:end]
        chunks: list[str] = []
        at = start
        for a, b in pieces:
            chunks.append(" " * (a - at))
            chunks.append(text[a:b])
            at = b
        prose = "".join(chunks)
        if "://" in prose or "www." in prose:
            prose = _URL.sub(lambda m: _blank(m.group(0)), prose)
        if '"' in prose or "“" in prose or "'" in prose or "‘" in prose:
            prose = self.mask_quotes(prose, start)
        if kind == "heading" and "{#" in prose:
            prose = HEADING_ATTR.sub(lambda m: _blank(m.group(0)), prose)
        section = self.stack[-1].id if self.stack else None
        return Block(
            kind=kind,
            start=start,
            end=end,
            text=raw,
            prose=prose,
            section=section,
            in_quote=in_quote,
            list_depth=depth,
        )

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
        for m in _SUPPRESS.finditer(html):
            line = self.index.position(offset + m.start()).line
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
        self.log.append(("heading", level, first_line, last_line, content, plain))
        line = first_line
        explicit = False
        id_range: Range | None = None
        m = HEADING_ATTR.search(content) if "{#" in content else None
        line_text = self.index.line_text(line)
        if m:
            sid = m.group("id")
            explicit = True
            title = content[: m.start()].strip()
            at = line_text.rfind("{#" + sid)
            if at != -1:
                id_range = Range(Position(line, at + 3), Position(line, at + 3 + len(sid)))
        else:
            title = content.strip()
            lead = LEADING_REQ.match(title)
            if lead:
                sid = lead.group("id")
                explicit = True
                at = line_text.find(sid)
                if at != -1:
                    id_range = Range(Position(line, at + 1), Position(line, at + 1 + len(sid)))
            else:
                sid = ""
        plain = plain if not m else plain[: len(title)].strip()
        title = plain or title
        if not sid:
            base = slugify(title) or "section"
            n = self.slug_counts.get(base, 0)
            self.slug_counts[base] = n + 1
            sid = base if n == 0 else f"{base}-{n}"
            while sid in self.sections:
                n += 1
                self.slug_counts[base] = n + 1
                sid = f"{base}-{n}"
        elif sid in self.sections:
            self.duplicate_ids.append(
                (sid, id_range or Range(Position(line, 1), Position(line, 1)))
            )
            n = 1
            while f"{sid}-{n}" in self.sections:
                n += 1
            sid = f"{sid}-{n}"
        while self.stack and self.stack[-1].level >= level:
            self.close_section(self.stack.pop(), line - 1)
        # Positions from line numbers, no offset look-ups: a setext heading ends on its underline.
        heading_range = Range(
            Position(line, 1), Position(last_line, len(self.index.line_text(last_line)) + 1)
        )
        parent = self.stack[-1] if self.stack else None
        section = Section(
            id=sid,
            title=title,
            level=level,
            heading_range=heading_range,
            range=heading_range,
            explicit_id=explicit,
            id_range=id_range,
            parent=parent.id if parent else None,
        )
        if parent:
            parent.children.append(sid)
        self.sections[sid] = section
        self.stack.append(section)

    def close_section(self, section: Section, last_line: int) -> None:
        last_line = max(last_line, section.heading_range.end.line)
        # Trailing blank lines belong to no section's visible body.
        while (
            last_line > section.heading_range.end.line
            and not self.index.line_text(last_line).strip()
        ):
            last_line -= 1
        end = Position(last_line, len(self.index.line_text(last_line)) + 1)
        section.range = Range(section.heading_range.start, end)

    def add_block(self, block: Block) -> None:
        self.blocks.append(block)
        self.log.append(("block", block))
        if self.stack:
            self.stack[-1].blocks.append(block)

    def add_table(self) -> None:
        self.log.append(("table",))
        if self.stack:
            self.stack[-1].tables += 1

    def add_code_block(self) -> None:
        self.log.append(("code",))
        if self.stack:
            self.stack[-1].code_blocks += 1

    def requirement(self, block: Block, first_line: int, last_line: int) -> None:
        """A requirement id leading a list item's first paragraph (`- **FR-001**: ...`); the
        item is on lines [first_line, last_line]."""
        m = LEADING_REQ.match(block.text)
        if not m or not self.stack:
            return
        self.log.append(("requirement", block, first_line, last_line))
        item_range = self.item_range(first_line, last_line)
        rid = m.group("id")
        start = block.start + m.start("id")
        first_start = self.index.line_start(first_line)
        if first_start <= start and "\n" not in self.text[first_start:start]:
            column = start - first_start + 1  # on the item's first line, as ids are
            rng = Range(Position(first_line, column), Position(first_line, column + len(rid)))
        else:
            rng = self.index.range(start, start + len(rid))
        if rid in self.req_ids:
            self.duplicate_ids.append((rid, rng))
            return
        self.req_ids.add(rid)
        self.stack[-1].requirements.append(Requirement(rid, self.stack[-1].id, rng, item_range))

    def item_range(self, first: int, last: int) -> Range:
        """A list item on lines [first, last] (1-based), trailing blank lines left out."""
        last = max(last, first)
        while last > first and not self.index.line_text(last).strip():
            last -= 1
        return Range(Position(first, 1), Position(last, len(self.index.line_text(last)) + 1))

    def read_front_matter(self, first_line: int, last_line: int, content: str) -> None:
        self.log.append(("front", first_line, last_line, content))
        self.front_matter_range = self.index.range(
            self.index.line_start(first_line),
            self.index.line_start(last_line) + len(self.index.line_text(last_line)),
        )
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError:
            data = None
        self.front_matter = data if isinstance(data, dict) else None

    # -- incremental parsing -------------------------------------------------------------------
    def replay(
        self, log: list[tuple[Any, ...]], base: int, base_line: int, reuse: list[Block] | None
    ) -> list[Block]:
        """Feed this builder what another walk reported, at offset `base` and line `base_line`
        (the line of `base`, minus one). `reuse`: the blocks this log made last time, taken
        as they are where offset and section are unchanged. Returns the blocks made."""
        made: list[Block] = []
        for report in log:
            kind = report[0]
            if kind == "block":
                old: Block = report[1]
                section = self.stack[-1].id if self.stack else None
                i = len(made)
                if reuse is not None and i < len(reuse):
                    again = reuse[i]
                    if again.start == old.start + base and again.section == section:
                        made.append(again)
                        self.add_block(again)
                        continue
                block = Block(
                    old.kind,
                    old.start + base,
                    old.end + base,
                    old.text,
                    old.prose,
                    section,
                    old.in_quote,
                    old.list_depth,
                )
                made.append(block)
                self.add_block(block)
            elif kind == "heading":
                _, level, first, last, content, plain = report
                self.open_section(level, first + base_line, last + base_line, content, plain)
            elif kind == "requirement":
                block = made[-1]  # a requirement is reported right after its block
                self.requirement(block, report[2] + base_line, report[3] + base_line)
            elif kind == "quote":
                self.quote(report[1] + base, report[2] + base)
            elif kind == "html":
                self.html_comment(report[1], report[2] + base)
            elif kind == "table":
                self.add_table()
            elif kind == "code":
                self.add_code_block()
            elif kind == "front":
                self.read_front_matter(report[1] + base_line, report[2] + base_line, report[3])
        return made

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
            rfc2119=("RFC" in self.text or "BCP" in self.text) and bool(_RFC2119.search(self.text)),
            duplicate_ids=self.duplicate_ids,
            quoted_ranges=self.quoted,
        )
