"""Markdown text -> `Spec`. The only module that knows Markdown.

markdown-it-py gives block tokens with line maps and inline children without positions. Each
inline token's text children are located in the source in order, which gives exact offsets for the
prose while code spans, HTML, link targets and autolinks (never text children) stay out of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .model import Block, Range, Requirement, Section, Sentence, Spec, Suppression, TextIndex

REQUIREMENT_ID = re.compile(r"[A-Z][A-Z0-9]*-\d+")
_LEADING_REQ = re.compile(
    r"\s*(?:\*\*|__)?\[?(?P<id>[A-Z][A-Z0-9]*-\d+)\b\]?(?:\*\*|__)?(?=\s|:|\.|$|\))"
)
# `{#id}` closing a heading: the attribute syntax of markdown-it-attrs / pandoc. mdit-py-plugins'
# attrs plugin does not read it on headings, so the heading parser does.
_HEADING_ATTR = re.compile(r"\s*\{#(?P<id>[A-Za-z][\w.:-]*)(?:\s[^}]*)?\}\s*$")
_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+")
# Quoted words are mentioned, not used: "fast" in quotes is talk about the word.
_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”]{1,300}”|‘[^’\n]{1,80}’|(?<!\w)\'[^\'\n]{1,80}\'(?!\w)')
_SUPPRESS = re.compile(
    r"<!--\s*speclint-(?P<kind>disable-next-line|disable-line|disable|enable)\b(?P<rules>[^>]*?)-->"
)
_RFC2119 = re.compile(r"\b(?:RFC\s?2119|RFC\s?8174|BCP\s?14)\b")

_md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)

__all__ = ["REQUIREMENT_ID", "parse", "slugify"]


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _blank(s: str) -> str:
    return " " * len(s)


class _Locator:
    """Finds inline children in the document, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text

    def find(self, needle: str, start: int, end: int) -> tuple[int, int] | None:
        if not needle:
            return None
        i = self.text.find(needle, start, end)
        if i != -1:
            return i, i + len(needle)
        # Escapes (`\*`) and entities (`&amp;`) make the source differ from the text token.
        parts = []
        for ch in needle:
            if ch.isalnum() or ch == " ":
                parts.append(re.escape(ch))
            else:
                parts.append(f"(?:\\\\?{re.escape(ch)}|&[#\\w]+;)")
        m = re.compile("".join(parts)).search(self.text, start, end)
        return (m.start(), m.end()) if m else None


class _Builder:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.index = TextIndex(text)
        self.locate = _Locator(text)
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
    def inline_block(
        self, tok: Token, kind: str, in_quote: bool, depth: int, cursor: int | None = None
    ) -> Block | None:
        """Locate an inline token's text children and build a prose block from them."""
        if tok.map is None:
            return None
        text = self.text
        lo = self.index.line_start(tok.map[0] + 1) if cursor is None else cursor
        last_line = min(tok.map[1], self.index.line_count)
        hi = (
            self.index.line_start(last_line + 1) - 1
            if last_line < self.index.line_count
            else len(text)
        )
        pieces: list[tuple[int, int]] = []
        pos = lo
        skip_link_text = 0
        for child in tok.children or ():
            ctype = child.type
            if ctype == "text":
                found = self.locate.find(child.content, pos, hi)
                if found is None:
                    continue
                if not skip_link_text:
                    pieces.append(found)
                pos = found[1]
            elif ctype == "code_inline":
                found = self.locate.find(child.content, pos, hi)
                if found is not None:
                    pos = found[1]
            elif ctype == "html_inline":
                found = self.locate.find(child.content, pos, hi)
                if found is not None:
                    self.html_comment(child.content, found[0])
                    pos = found[1]
            elif ctype == "link_open":
                if child.markup == "autolink":
                    skip_link_text += 1
            elif ctype == "link_close":
                if child.markup == "autolink":
                    skip_link_text -= 1
                    gt = text.find(">", pos, hi)
                    pos = gt + 1 if gt != -1 else pos
                else:
                    # Step over `](target "title")` so that words in a link target never match.
                    close = text.find("](", pos, hi)
                    if close != -1 and close <= pos + 1:
                        paren = text.find(")", close, hi)
                        pos = paren + 1 if paren != -1 else pos
            elif ctype == "image":
                found = self.locate.find(child.content, pos, hi) if child.content else None
                if found is not None:
                    pos = found[1]
        if not pieces:
            return None
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
            prose = _HEADING_ATTR.sub(lambda m: _blank(m.group(0)), prose)
        section = self.stack[-1].id if self.stack else None
        block = Block(
            kind=kind,
            start=start,
            end=end,
            text=raw,
            prose=prose,
            section=section,
            in_quote=in_quote,
            list_depth=depth,
        )
        return block

    def mask_quotes(self, prose: str, base: int) -> str:
        def repl(m: re.Match[str]) -> str:
            self.quoted.append((base + m.start(), base + m.end()))
            return _blank(m.group(0))

        return _QUOTED.sub(repl, prose)

    def html_comment(self, html: str, offset: int) -> None:
        for m in _SUPPRESS.finditer(html):
            line = self.index.position(offset + m.start()).line
            rules = frozenset(r.strip() for r in re.split(r"[\s,]+", m.group("rules")) if r.strip())
            kind = m.group("kind")
            if kind == "disable-next-line":
                self.suppressions.append(Suppression(rules, line + 1, line + 1))
            elif kind == "disable-line":
                self.suppressions.append(Suppression(rules, line, line))
            elif kind == "disable":
                self.suppressions.append(Suppression(rules, line, 1 << 30))
            else:  # enable: close the open ranges that it names (all when it names none)
                for i, s in enumerate(self.suppressions):
                    if s.last_line == 1 << 30 and (not rules or s.rules <= rules):
                        self.suppressions[i] = Suppression(s.rules, s.first_line, line)

    # -- sections ------------------------------------------------------------------------------
    def open_section(self, level: int, tok: Token, inline: Token) -> None:
        assert tok.map is not None
        line = tok.map[0] + 1
        content = inline.content
        explicit = False
        id_range: Range | None = None
        m = _HEADING_ATTR.search(content)
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
            lead = _LEADING_REQ.match(title)
            if lead:
                sid = lead.group("id")
                explicit = True
                at = line_text.find(sid)
                if at != -1:
                    id_range = self.index.range(line_start + at, line_start + at + len(sid))
            else:
                sid = ""
        plain = _plain_text(inline) if not m else _plain_text(inline)[: len(title)].strip()
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
        end_line = tok.map[1]
        heading_range = Range(
            self.index.position(line_start),
            self.index.position(line_start + len(self.index.line_text(end_line))),
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

    def requirement(self, block: Block, item_range: Range) -> None:
        m = _LEADING_REQ.match(block.text)
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

    # -- the token walk ------------------------------------------------------------------------
    def build(self) -> Spec:
        tokens = _md.parse(self.text)
        quote_depth = 0
        alert_depth = 0  # GitHub alerts (`> [!NOTE]`) are the author's own words: linted
        list_depth = 0
        item_starts: list[tuple[Token, bool]] = []  # list_item_open, first paragraph seen
        row_cursor = 0
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.type
            if t == "inline":
                i += 1
                continue
            if t == "heading_open":
                inline = tokens[i + 1]
                self.open_section(int(tok.tag[1:]), tok, inline)
                block = self.inline_block(inline, "heading", quote_depth > 0, list_depth)
                if block is not None:
                    self.add_block(block)
                i += 3
                continue
            if t == "paragraph_open":
                inline = tokens[i + 1]
                quoted = quote_depth > alert_depth
                if quote_depth and inline.content.startswith("[!"):
                    alert_depth = quote_depth
                    quoted = False
                kind = "list_item" if list_depth else "paragraph"
                block = self.inline_block(inline, kind, quoted, list_depth)
                if block is not None:
                    if quoted:
                        self.quoted.append((block.start, block.end))
                    else:
                        self.add_block(block)
                        if item_starts and not item_starts[-1][1]:
                            item_tok = item_starts[-1][0]
                            item_starts[-1] = (item_tok, True)
                            self.requirement(block, self.item_range(item_tok))
                elif item_starts and not item_starts[-1][1]:
                    item_starts[-1] = (item_starts[-1][0], True)
                i += 3
                continue
            if t in ("th_open", "td_open"):
                inline = tokens[i + 1]
                if inline.map is not None:
                    line_start = self.index.line_start(inline.map[0] + 1)
                    row_cursor = max(row_cursor, line_start)
                    block = self.inline_block(
                        inline, "table_cell", quote_depth > 0, list_depth, cursor=row_cursor
                    )
                    if block is not None:
                        row_cursor = block.end
                        if quote_depth <= alert_depth:
                            self.add_block(block)
                i += 3
                continue
            if t == "tr_open":
                row_cursor = 0
            elif t == "table_open":
                if self.stack:
                    self.stack[-1].tables += 1
            elif t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                if alert_depth == quote_depth:
                    alert_depth = 0
                quote_depth -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif t == "list_item_open":
                item_starts.append((tok, False))
            elif t == "list_item_close":
                if item_starts:
                    item_starts.pop()
            elif t in ("fence", "code_block"):
                if self.stack:
                    self.stack[-1].code_blocks += 1
            elif t == "html_block":
                if "speclint-" in tok.content and tok.map is not None:
                    self.html_comment(tok.content, self.index.line_start(tok.map[0] + 1))
            elif t == "front_matter":
                self.read_front_matter(tok)
            i += 1
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
            rfc2119=bool(_RFC2119.search(self.text)),
            duplicate_ids=self.duplicate_ids,
            quoted_ranges=self.quoted,
        )

    def item_range(self, item: Token) -> Range:
        assert item.map is not None
        first, last = item.map[0] + 1, max(item.map[1], item.map[0] + 1)
        while last > first and not self.index.line_text(last).strip():
            last -= 1
        start = self.index.line_start(first)
        end = self.index.line_start(last) + len(self.index.line_text(last))
        return self.index.range(start, end)

    def read_front_matter(self, tok: Token) -> None:
        if tok.map is None:
            return
        self.front_matter_range = self.index.range(
            self.index.line_start(tok.map[0] + 1),
            self.index.line_start(tok.map[1]) + len(self.index.line_text(tok.map[1])),
        )
        try:
            data = yaml.safe_load(tok.content)
        except yaml.YAMLError:
            data = None
        self.front_matter = data if isinstance(data, dict) else None


def _plain_text(inline: Token) -> str:
    return "".join(
        c.content for c in inline.children or () if c.type in ("text", "code_inline")
    ).strip()


_LONE_CR = re.compile(r"\r(?!\n)")


def parse(text: str, path: str = "<memory>") -> Spec:
    """Parse Markdown `text` (already decoded) into a `Spec`."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep offsets stable: a BOM becomes a space nobody lints
    if "\r" in text:
        # markdown-it breaks lines at a lone \r too; the index counts \n only. A lone \r becomes
        # \n (same length, same offsets); CRLF files stay as they are, so writers keep them CRLF.
        text = _LONE_CR.sub("\n", text)
    return _Builder(path, text).build()


def iter_sentences(spec: Spec) -> Iterator[tuple[Block, Sentence]]:
    for block in spec.blocks:
        for s in block.sentences:
            yield block, s
