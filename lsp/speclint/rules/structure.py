"""`structure/`: the shape of the document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block, Edit, Fix, Range, Section, Severity, Spec
from .context import Context, block_sentences, section_values
from .prose import sections_titled
from .registry import Hit, rule

_NUMBERED_ID = re.compile(r"(?P<prefix>.*?)(?P<num>\d+)$")


@rule("structure/unreadable-file", Severity.ERROR)
def unreadable_file(ctx: Context) -> Iterator[Hit]:
    """A spec file that cannot be read as Markdown: binary, not UTF-8, or too large.

    ## Why
    A spec the linter cannot read is a spec nobody checked. The engine reports this when it
    reads the file, before parsing, so the other files are still linted.

    ## Bad
    ```text
    specs/export.md saved as Windows-1252, or a 50 MB generated file in the specs folder
    ```

    ## Good
    ```text
    specs/export.md saved as UTF-8, under max_file_size (10 MB by default)
    ```

    ## Fix
    Save the file as UTF-8, split a very large file, or exclude generated files with `exclude`.
    """
    return iter(())  # reported by engine.read_spec_text, never from a parsed spec


def _first_use(ctx: Context, ident: str, before: Range) -> Range | None:
    """Where `ident` was written first, earlier than the duplicate at `before`."""
    places: list[Range] = []
    for section in ctx.spec.sections.values():
        if (
            section.id_range is not None
            and ctx.spec.text[
                ctx.spec.index.offset(section.id_range.start) : ctx.spec.index.offset(
                    section.id_range.end
                )
            ]
            == ident
        ):
            places.append(section.id_range)
        places.extend(r.range for r in section.requirements if r.id == ident)
    earlier = [p for p in places if p.start < before.start]
    return min(earlier) if earlier else None


def _next_free(ident: str, taken: set[str]) -> str | None:
    """`FR-003` when FR-001..FR-002 are taken: the next number with the same prefix and width."""
    m = _NUMBERED_ID.match(ident)
    if m is None:
        return None
    prefix, width = m.group("prefix"), len(m.group("num"))
    numbers = [
        int(t[len(prefix) :]) for t in taken if t.startswith(prefix) and t[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


@rule("structure/duplicate-id", Severity.ERROR)
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    """Section or requirement id used twice in one file: `{#export}` twice, FR-003 twice.

    ## Why
    A scenario that covers `FR-003` covers one requirement; with two `FR-003`, coverage and
    references point at whichever comes first and the other is silently untraced.

    ## Bad
    ```markdown
    ## Export

    - **FR-001**: The service must export a report as CSV.
    - **FR-001**: The service must export a report as JSON.
    ```

    ## Good
    ```markdown
    ## Export

    - **FR-001**: The service must export a report as CSV.
    - **FR-002**: The service must export a report as JSON.
    ```

    ## Fix
    Give the second one a new id. For numbered requirement ids the suggested fix takes the next
    free number; check that no other file or scenario already refers to the old one.
    """
    spec = ctx.spec
    if not spec.duplicate_ids:
        return
    taken = {r.id for s in spec.sections.values() for r in s.requirements}
    taken |= {s.id for s in spec.sections.values() if s.explicit_id}
    taken |= {ident for ident, _ in spec.duplicate_ids}
    for ident, rng in spec.duplicate_ids:
        start, end = spec.index.offset(rng.start), spec.index.offset(rng.end)
        first = _first_use(ctx, ident, rng)
        where = f" (first at line {first.start.line})" if first else ""
        related = ((spec.path, first, f"'{ident}' first used here"),) if first else ()
        fixes: tuple[Fix, ...] = ()
        new = _next_free(ident, taken)
        if new is not None and end > start:
            taken.add(new)
            fixes = (Fix(f"Rename to '{new}'", (Edit(rng, new),)),)
        yield Hit(
            start,
            end,
            f"'{ident}' is already an id in this file{where}: give this one a new id",
            fixes,
            related,
        )


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NOT_SPACE = re.compile(r"\S")


@rule("structure/empty-section")
def empty_section(ctx: Context) -> Iterator[Hit]:
    """Heading with no body and no subsections.

    ## Why
    An empty section promises content that is not there: a reader, or a coding agent, cannot tell
    whether nothing applies or whether the author has not written it yet. HTML comments alone
    (a template's instructions) do not count as content.

    ## Bad
    ```markdown
    ## Error handling

    ## Limits

    Exports hold at most 100,000 rows.
    ```

    ## Good
    ```markdown
    ## Error handling

    A failed export is retried once, then reported to the requester.

    ## Limits

    Exports hold at most 100,000 rows.
    ```

    ## Fix
    Write the section, say explicitly that nothing applies ("No limits: exports are unbounded"),
    or remove the heading.
    """
    spec = ctx.spec
    index = spec.index
    sections = spec.sections
    if ctx.kept is None:
        empty = [s for s in sections.values() if _is_empty(spec, s)]
    else:
        # Edited live: a section's verdict reads its own part of the text (its body up to the
        # next heading) and whether it has subsections: carried while it is unchanged.
        def compute(sids: list[str | None]) -> dict[str | None, bool]:
            return {sid: sid is not None and _is_empty(spec, sections[sid]) for sid in sids}

        verdicts = section_values(ctx, "empty sections", None, compute).now
        empty = [sections[sid] for sid, is_empty in verdicts.items() if is_empty and sid]
    for section in empty:
        start = index.offset(section.heading_range.start)
        heading = spec.text[start : index.offset(section.heading_range.end)]
        # Point at the heading's words, not its `#` marks.
        lead = len(heading) - len(heading.lstrip("# \t"))
        end = start + len(heading.rstrip())
        yield Hit(
            start + lead if start + lead < end else start,
            max(end, start + 1) if end > start else min(start + 1, len(spec.text)),
            f"section '{section.title}' is empty: write it, say that nothing applies, "
            "or remove the heading",
        )


def _is_empty(spec: Spec, section: Section) -> bool:
    if section.children or section.code_blocks or section.tables:
        return False
    index, text = spec.index, spec.text
    body_start = index.offset(section.heading_range.end)
    body_end = index.offset(section.range.end)
    # What is not white space and opens no comment is content (no copy of the body).
    first = _NOT_SPACE.search(text, body_start, body_end)
    if first is not None and first.group() != "<":
        return False
    body = text[body_start:body_end]
    return not (body.strip() and _COMMENT.sub("", body).strip())


_INTERROGATIVE = re.compile(
    r"(?:^|,\s*)[*_\s]*(?:what|why|how|when|where|which|who|whom|whose|should|shall|can|could|"
    r"would|will|do|does|did|is|are|was|were|has|have|had|must|may|might|isn't|aren't|"
    r"doesn't|don't|won't|can't|shouldn't|is there|are there)\b",
    re.IGNORECASE,
)
# A question that asks for a decision, not for information the design will provide
# ("Which variables use the most memory?" lists what a tool answers).
_DECISION = re.compile(
    r"\b(?:should|shall|must|need|needs|do we|will we|can we|could we|would we|are we|"
    r"required|allowed|supported|acceptable|what happens|what if|how long|how many|how often|"
    r"TBD|decide|decided|ok to|okay to|"
    # spec-kit's edge cases as its template writes them: "How does the system handle ...?"
    r"how\s+(?:[\w'-]+\s+){0,8}?(?:handles?|handled|deals? with|dealt with|recovers?|reacts?))\b",
    re.IGNORECASE,
)
_ANSWER_MARK = re.compile(r"^\s*(?:[*_]*\s*)?(?:Q\s*:|Question\s*:)", re.IGNORECASE)


def _last_blocks(ctx: Context) -> frozenset[int]:
    """Starts of the blocks that end their section: nothing after them could answer them."""
    found: frozenset[int] | None = ctx.memo.get("last_blocks")
    if found is None:
        found = frozenset(s.blocks[-1].start for s in ctx.spec.sections.values() if s.blocks)
        ctx.memo["last_blocks"] = found
    return found


def _question_sentence(block: Block) -> tuple[int, int] | None:
    """Block-relative span of the block's last sentence when it is a question."""
    spans = block_sentences(block)
    if not spans:
        return None
    a, b = spans[-1]
    sentence = block.prose[a:b].rstrip()
    if not sentence.endswith("?") and block.text[b : b + 1] != "?":
        return None
    return a, a + len(sentence)


@rule("structure/open-question")
def open_question(ctx: Context) -> Iterator[Hit]:
    """Unanswered question in the body of a spec, outside an FAQ or "Open questions" section.

    ## Why
    A question left in a requirement is a decision nobody took. The rule flags a question that
    ends its paragraph or list item when nothing after it in the section could be its answer (it
    is a list item, or the last paragraph of its section). Questions under FAQ, Open questions,
    Clarifications, Discussion, Alternatives or Rationale headings, questions followed by their
    answer, headings phrased as questions, and questions that ask for information rather than a
    decision ("Which variables use the most memory?") are not flagged.

    ## Bad
    ```markdown
    ## Retention

    - Exports are kept for 30 days.
    - Should deleted users' exports be kept too?
    ```

    ## Good
    ```markdown
    ## Retention

    - Exports are kept for 30 days.
    - A deleted user's exports are deleted with the account.
    ```

    ## Fix
    Answer the question in the spec (`spec-lint clarify` helps), or move it to an
    "Open questions" section with an owner and a date.
    """
    if "?" not in ctx.spec.text:
        return  # no block asks anything (most specs): no block is looked at
    excluded = sections_titled(ctx, "question_title")
    last = _last_blocks(ctx)
    for block in ctx.blocks():
        if "?" not in block.text:
            continue
        if block.kind in ("heading", "table_cell") or block.section in excluded:
            continue
        if block.kind != "list_item" and block.start not in last:
            continue
        span = _question_sentence(block)
        if span is None:
            continue
        sentence = block.prose[span[0] : span[1]]
        if len(sentence.split()) <= 3 or _ANSWER_MARK.match(block.text):
            continue
        if not _INTERROGATIVE.search(sentence) or not _DECISION.search(sentence):
            continue
        lead = len(sentence) - len(sentence.lstrip())
        end = span[1] + (1 if block.text[span[1] : span[1] + 1] == "?" else 0)
        yield Hit(
            block.start + span[0] + lead,
            block.start + end,
            "unanswered question: answer it here, or move it to an 'Open questions' section",
        )
