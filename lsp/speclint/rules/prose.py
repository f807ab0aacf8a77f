"""What the rule families share about prose: which blocks are normative, sentences, measures.

Everything here is computed once per spec and kept in `Context.memo`, so that eleven rules
running on every keystroke pay for a section walk or a sentence test once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from ..model import Block, Section, Spec
from .context import Context

Span = tuple[int, int]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|ninety|hundred|thousand|million|billion"
)
_NUM = r"\d+(?:[.,]\d+)*"
# A title may start with a number ("3. Motivation", "A.1 Background"): ignored when matching.
_TITLE_LEAD = r"^\s*(?:[\dA-Z](?:\.\d+)*\.?\s+)?"


@cache
def _title_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"{_TITLE_LEAD}(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def _measure_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(
        r"\s*".join(re.escape(p) for p in u.split())
        for u in sorted({u.lower() for u in units}, key=len, reverse=True)
    )
    return re.compile(
        rf"(?:[<>≤≥]=?|~|±|\bup to|\bwithin|\bunder|\bat (?:most|least)|\bno (?:more|less) than)"
        rf"\s*{_NUM}"
        rf"|\b[pP](?:50|75|90|95|99|999)\b"
        rf"|(?<![\w.]){_NUM}\s*(?:{body})(?![\w])"
        rf"|\b(?:{_NUMBER_WORDS})\s+(?:{body})\b",
        re.IGNORECASE,
    )


def title_matches(ctx: Context, title: str, listname: str) -> bool:
    return bool(_title_pattern(ctx.words(listname)).match(title))


def section_chain(spec: Spec, sid: str | None) -> Iterator[Section]:
    """A section and its ancestors, innermost first."""
    while sid is not None:
        section = spec.sections.get(sid)
        if section is None:
            return
        yield section
        sid = section.parent


def sections_titled(ctx: Context, listname: str) -> frozenset[str]:
    """Ids of the sections whose own title, or an ancestor's, is in a list of titles."""
    key = f"sections:{listname}"
    found: frozenset[str] | None = ctx.memo.get(key)
    if found is None:
        pattern = _title_pattern(ctx.words(listname))
        direct = {sid for sid, s in ctx.spec.sections.items() if pattern.match(s.title)}
        found = frozenset(
            sid
            for sid in ctx.spec.sections
            if any(s.id in direct for s in section_chain(ctx.spec, sid))
        )
        ctx.memo[key] = found
    return found


def normative_blocks(ctx: Context) -> list[Block]:
    """Prose blocks that state requirements: not headings, not in informative sections."""
    found: list[Block] | None = ctx.memo.get("normative")
    if found is None:
        informative = sections_titled(ctx, "informative_title")
        found = [
            b
            for b in ctx.spec.blocks
            if b.kind != "heading" and (b.section is None or b.section not in informative)
        ]
        ctx.memo["normative"] = found
    return found


def scan(
    pattern: re.Pattern[str], blocks: Iterable[Block]
) -> Iterator[tuple[Block, re.Match[str]]]:
    """Every match of `pattern` in the prose of `blocks`; match offsets are block-relative."""
    for block in blocks:
        for m in pattern.finditer(block.prose):
            yield block, m


def sentence_span(block: Block, rel: int) -> Span:
    """Block-relative [start, end) of the sentence holding block-relative offset `rel`."""
    absolute = block.start + rel
    for s in block.sentences:
        if s.start <= absolute < s.end:
            return s.start - block.start, s.end - block.start
    return 0, len(block.prose)


def is_question(block: Block, span: Span) -> bool:
    tail = block.text[span[1] : span[1] + 1]
    return block.prose[span[0] : span[1]].rstrip().endswith("?") or tail == "?"


def is_requirement(ctx: Context, block: Block, span: Span) -> bool:
    """A sentence that obliges: it has must / shall / should / needs to ... and is no question."""
    key = (block.start + span[0], block.start + span[1])
    cache_: dict[Span, bool] = ctx.memo.setdefault("requirement", {})
    found = cache_.get(key)
    if found is None:
        text = block.prose[span[0] : span[1]]
        found = bool(ctx.pattern("requirement_marker").search(text)) and not is_question(
            block, span
        )
        cache_[key] = found
    return found


def measured(ctx: Context, text: str) -> bool:
    """Text holds a measurable bound: a number with a unit, a percentile, a comparison."""
    return bool(_measure_pattern(ctx.words("unit")).search(text))


def measure_pattern(ctx: Context) -> re.Pattern[str]:
    return _measure_pattern(ctx.words("unit"))


def exception_spans(ctx: Context, block: Block, listname: str) -> list[Span]:
    """Block-relative spans of a list's phrases in a block (terms that must not be flagged)."""
    key = f"exc:{listname}"
    per_block: dict[int, list[Span]] = ctx.memo.setdefault(key, {})
    spans = per_block.get(block.start)
    if spans is None:
        spans = [m.span() for m in ctx.pattern(listname).finditer(block.prose)]
        per_block[block.start] = spans
    return spans


def overlaps(spans: Iterable[Span], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def match_case(template: str, word: str) -> str:
    """`word` written in the case of `template`: SHOULD -> MUST, Should -> Must."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
