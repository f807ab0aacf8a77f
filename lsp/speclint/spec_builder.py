"""Assembles a `Spec` from what a Markdown walk reports: headings, prose pieces, list items,
tables, code blocks, HTML comments and front matter, all at exact source offsets.

The walks (`parse_tree` over markdown-it-pyrs' syntax tree, `parse_tokens` over markdown-it-py's
tokens) know Markdown; this module knows sections, ids, prose masking and suppressions, so both
walks give the same `Spec` for the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from .model import Block, Range, Requirement, Section, Spec, Suppression, TextIndex

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
            self.quoted.append((base + m.start(), base + m.end()))
            return _blank(m.group(0))

        return _QUOTED.sub(repl, prose)

    def html_comment(self, html: str, offset: int) -> None:
        """Suppression comments (`<!-- speclint-disable ... -->`) in HTML at `offset`."""
        if "speclint-" not in html:
            return
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
        line = first_line
        explicit = False
        id_range: Range | None = None
        m = HEADING_ATTR.search(content) if "{#" in content else None
        line_start = self.index.line_start(line)
        line_text = self.index.line_text(line)
        if m:
            sid = m.group("id")
            explicit = True
            title = content[: m.start()].strip()
            at = line_text.rfind("{#" + sid)
            if at != -1:
                id_range = self.index.range(line_start + at + 2, line_start + at + 2 + len(sid))
        else:
            title = content.strip()
            lead = LEADING_REQ.match(title)
            if lead:
                sid = lead.group("id")
                explicit = True
                at = line_text.find(sid)
                if at != -1:
                    id_range = self.index.range(line_start + at, line_start + at + len(sid))
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
            self.duplicate_ids.append((sid, id_range or self.index.range(line_start, line_start)))
            n = 1
            while f"{sid}-{n}" in self.sections:
                n += 1
            sid = f"{sid}-{n}"
        while self.stack and self.stack[-1].level >= level:
            self.close_section(self.stack.pop(), line - 1)
        last_start = self.index.line_start(last_line)  # a setext heading ends on its underline
        heading_range = Range(
            self.index.position(line_start),
            self.index.position(last_start + len(self.index.line_text(last_line))),
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
        end = self.index.line_start(last_line) + len(self.index.line_text(last_line))
        section.range = Range(section.heading_range.start, self.index.position(end))

    def add_block(self, block: Block) -> None:
        self.blocks.append(block)
        if self.stack:
            self.stack[-1].blocks.append(block)

    def add_table(self) -> None:
        if self.stack:
            self.stack[-1].tables += 1

    def add_code_block(self) -> None:
        if self.stack:
            self.stack[-1].code_blocks += 1

    def requirement(self, block: Block, item_range: Range) -> None:
        """A requirement id leading a list item's first paragraph (`- **FR-001**: ...`)."""
        m = LEADING_REQ.match(block.text)
        if not m or not self.stack:
            return
        rid = m.group("id")
        start = block.start + m.start("id")
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
        start = self.index.line_start(first)
        end = self.index.line_start(last) + len(self.index.line_text(last))
        return self.index.range(start, end)

    def read_front_matter(self, first_line: int, last_line: int, content: str) -> None:
        self.front_matter_range = self.index.range(
            self.index.line_start(first_line),
            self.index.line_start(last_line) + len(self.index.line_text(last_line)),
        )
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError:
            data = None
        self.front_matter = data if isinstance(data, dict) else None

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
