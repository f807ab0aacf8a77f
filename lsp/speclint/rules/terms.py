"""`terms/`: words used as if defined, or one concept under several names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache

from ..model import Block, Edit, Fix
from .context import Context
from .prose import exception_spans, match_case, overlaps, sections_titled
from .registry import Hit, rule

# Two to six capitals (digits allowed after the first letter, a plural "s" allowed), not part of
# an identifier (`os.O_RDONLY`, `$HOME`, `FR-001`) or of a longer word.
_ACRONYM = re.compile(r"(?<![\w$@./\\-])(?P<a>[A-Z][A-Z0-9]{1,5})(?P<s>s)?(?![\w-]|\.\w|/\w)")
_ROMAN = re.compile(r"[IVXLC]+")
_RFC_KEYWORDS = frozenset(
    (
        "MUST", "SHALL", "SHOULD", "MAY", "NOT", "REQUIRED", "RECOMMENDED", "OPTIONAL",
        "WHEN", "THEN", "WHILE", "WHERE", "IF", "AND", "OR", "THE", "SYSTEM",
    )
)


def _glossary_text(ctx: Context) -> str:
    """The prose of glossary-like sections, lower-cased; "" when the spec has none."""
    found: str | None = ctx.memo.get("glossary")
    if found is None:
        ids = sections_titled(ctx, "glossary_title")
        found = "\n".join(b.text for b in ctx.spec.blocks if b.section in ids).lower()
        ctx.memo["glossary"] = found
    return found


def _has_glossary(ctx: Context) -> bool:
    return bool(sections_titled(ctx, "glossary_title"))


def _expanded(text: str, acronym: str) -> bool:
    """"Full Name (FN)", "FN (Full Name)", "FN: Full Name", "FN stands for / means ..."."""
    a = re.escape(acronym)
    return bool(
        re.search(rf"\w\s*\(\s*{a}s?\s*[),;]", text)
        or re.search(rf"(?<![\w-]){a}s?\s*\(\s*[A-Za-z][^)]*\)", text)
        or re.search(rf"(?<![\w-]){a}s?\s*(?:\*\*|__)?\s*(?::|—|–| - | stands for | means )", text)
        or re.search(rf"\b(?:stands? for|short for|abbreviation)\b[^.\n]{{0,80}}\b{a}\b", text)
    )


def _mostly_upper(block: Block) -> bool:
    letters = [c for c in block.prose if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


@rule("terms/undefined-acronym")
def undefined_acronym(ctx: Context) -> Iterator[Hit]:
    """Acronym used but never expanded: write "Full Name (FN)" once, or define it in a glossary.

    ## Why
    An acronym the reader does not know is a word they cannot check. Expand it at first use or in
    the glossary. Well-known ones (API, URL, HTTP, JSON, ID, UI, CPU...) are never flagged; add
    your own with `[vocabulary] acronym_known = [...]`. Only the first use is reported.

    ## Bad
    ```markdown
    Requests are checked against the ACL before the export starts.
    ```

    ## Good
    ```markdown
    Requests are checked against the access control list (ACL) before the export starts.
    The ACL is read once per request.
    ```

    ## Fix
    Write the expansion once, at the first use: "access control list (ACL)", or add the acronym
    to a Glossary, Definitions or Terminology section.

    ## Source
    INCOSE Guide for Writing Requirements, R12 and R14 (define terms and abbreviations); the RFC
    Editor's abbreviations list (well-known abbreviations need no expansion).
    """
    known = {w for w in ctx.words("acronym_known")}
    text = ctx.spec.text
    glossary = _glossary_text(ctx)
    first: dict[str, tuple[int, int]] = {}
    for block in ctx.blocks():
        if _mostly_upper(block):
            continue  # a sentence in capitals is shouting, not acronyms
        for m in _ACRONYM.finditer(block.prose):
            acronym = m.group("a")
            if acronym in first or acronym in known or m.group(0) in known:
                continue
            if acronym in _RFC_KEYWORDS or _ROMAN.fullmatch(acronym) or acronym.isdigit():
                continue
            first[acronym] = (block.start + m.start(), block.start + m.end())
    for acronym, (start, end) in first.items():
        if acronym.lower() in glossary and re.search(rf"\b{acronym.lower()}\b", glossary):
            continue
        if _expanded(text, acronym):
            continue
        yield Hit(
            start,
            end,
            f"'{acronym}' is never expanded: write the full name once, "
            f"e.g. 'Full Name ({acronym})', or define it in the glossary",
        )


@cache
def _group_patterns(groups: tuple[str, ...]) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """Each synonym group as (its terms, one regex matching any of them, plural allowed)."""
    out = []
    for line in groups:
        terms = tuple(t.strip() for t in line.split("|") if t.strip())
        if len(terms) < 2:
            continue
        body = "|".join(
            r"\s+".join(map(re.escape, t.split()))
            for t in sorted(terms, key=len, reverse=True)
        )
        out.append((terms, re.compile(rf"(?<![\w-])(?P<t>{body})(?P<s>s)?(?![\w-])", re.I)))
    return out


def _canonical(found: str, terms: tuple[str, ...]) -> str:
    norm = " ".join(found.lower().split())
    for t in terms:
        if t.lower() == norm:
            return t
    return norm


@rule("terms/inconsistent-term")
def inconsistent_term(ctx: Context) -> Iterator[Hit]:
    """One concept under several names in one spec: user and customer, log in and sign in.

    ## Why
    A reader who meets "user" on one line and "customer" on the next asks whether they are two
    roles. Use one term. The majority term wins; the rule reports the few uses of the others, and
    only when they are few (at most a quarter of the group's uses): two terms used equally often
    probably name two things.

    ## Bad
    ```markdown
    The user opens the export page. The user picks a format.
    The user starts the export. The user may cancel it.
    When it ends, the customer gets an email.
    ```

    ## Good
    ```markdown
    The user opens the export page. The user picks a format.
    The user starts the export. The user may cancel it.
    When it ends, the user gets an email.
    ```

    ## Fix
    Replace the minority term with the majority one (suggested fix), or, if they are two
    concepts, define both in the glossary. Groups are data: add yours with
    `[vocabulary] synonyms = ["purchaser | buyer"]`.

    ## Source
    INCOSE Guide for Writing Requirements, R13 and R14 (one term per concept, defined); Femmer et
    al. 2017 (inconsistent terminology).
    """
    blocks = [b for b in ctx.blocks() if b.kind != "heading"]
    glossary = _glossary_text(ctx)
    for terms, pattern in _group_patterns(ctx.words("synonyms")):
        uses: dict[str, list[tuple[Block, re.Match[str]]]] = defaultdict(list)
        for block in blocks:
            for m in pattern.finditer(block.prose):
                if overlaps(exception_spans(ctx, block, "synonyms_exceptions"), *m.span()):
                    continue
                uses[_canonical(m.group("t"), terms)].append((block, m))
        if len(uses) < 2:
            continue
        counts = Counter({t: len(v) for t, v in uses.items()})
        total = sum(counts.values())
        major, major_count = counts.most_common(1)[0]
        if major_count < 3:
            continue
        for term, found in uses.items():
            if term == major or len(found) * 4 > total:
                continue
            if glossary and re.search(rf"\b{re.escape(term.lower())}\b", glossary):
                continue  # the glossary defines it: a concept of its own
            for block, m in found:
                written = m.group("t")
                new = match_case(written, major) + (m.group("s") or "")
                edit = Edit(
                    ctx.spec.index.range(block.start + m.start(), block.start + m.end()), new
                )
                yield Hit(
                    block.start + m.start(),
                    block.start + m.end(),
                    f"'{written}' and '{major}' name one thing here ({major} {major_count}×): "
                    f"use '{major}' throughout",
                    (Fix(f"Replace with '{new}'", (edit,)),),
                )


# Two to four capitalised words in a row ("Access Request", "Approval Window", "Time to Live"
# allows short lower-case joiners).
_CAP_TERM = re.compile(
    r"(?<![\w-])(?P<t>[A-Z][a-z]+(?:[- ](?:(?:of|to|for|in|on)\s)?[A-Z][a-z]+){1,3})(?![\w-])"
)
_BOLD_TERM = re.compile(r"(?:\*\*|__)(?P<t>[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3})(?:\*\*|__)")


def _starts_sentence(prose: str, at: int) -> bool:
    """Only sentence-ending punctuation, a line break, or nothing stands before `at`."""
    before = prose[max(0, at - 40) : at]
    stripped = before.rstrip(" \t*_([\"'")
    if not stripped.strip():
        return True
    return stripped.endswith((".", "!", "?", ":", ";")) or "\n" in before[len(stripped) :]


@rule("terms/undefined-term")
def undefined_term(ctx: Context) -> Iterator[Hit]:
    """Capitalised term used as if defined but missing from the spec's glossary.

    ## Why
    Writing "Access Window" in capitals, in bold, or again and again tells the reader it is a
    defined term. When the spec has a Glossary (or Definitions, Terminology) section, such a term
    belongs there. Specs without a glossary are not checked; terms that are a section's title are
    defined by that section.

    ## Bad
    ```markdown
    ## Glossary

    - **Requester**: the person who asks for access.

    ## Approval

    A request stays open for one Approval Window. When the Approval Window ends, the
    request expires.
    ```

    ## Good
    ```markdown
    ## Glossary

    - **Requester**: the person who asks for access.
    - **Approval Window**: the 4 hours in which an approver may answer.

    ## Approval

    A request stays open for one Approval Window. When the Approval Window ends, the
    request expires.
    ```

    ## Fix
    Add the term and its definition to the glossary, or write it in lower case if it is plain
    English.

    ## Source
    INCOSE Guide for Writing Requirements, R12 and R14 (define terms); ISO/IEC/IEEE 29148
    (a glossary of the specification's terms).
    """
    if not _has_glossary(ctx):
        return
    glossary = _glossary_text(ctx)
    glossary_ids = sections_titled(ctx, "glossary_title")
    titles = " ".join(s.title.lower() for s in ctx.spec.sections.values())
    seen: dict[str, list[tuple[int, int]]] = defaultdict(list)
    bold: set[str] = set()
    for block in ctx.blocks():
        if block.kind == "heading" or block.section in glossary_ids:
            continue
        for m in _CAP_TERM.finditer(block.prose):
            start, end = m.span("t")
            if _starts_sentence(block.prose, start):
                # The first word is capitalised anyway: the term, if any, starts after it.
                start = block.prose.find(" ", start, end) + 1
                if not start or " " not in block.prose[start:end]:
                    continue
            term = " ".join(block.prose[start:end].split())
            seen[term].append((block.start + start, block.start + end))
        for m in _BOLD_TERM.finditer(block.text):
            term = " ".join(m.group("t").split())
            bold.add(term)
            if not seen[term]:
                seen[term].append((block.start + m.start("t"), block.start + m.end("t")))
    for term, places in seen.items():
        if len(places) < 2 and term not in bold:
            continue
        low = term.lower()
        if low in glossary or low in titles:
            continue
        start, end = places[0]
        yield Hit(
            start,
            end,
            f"'{term}' is used as a defined term but is not in the glossary: define it there",
        )
