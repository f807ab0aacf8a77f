"""`terms/`: words used as if defined, or one concept under several names."""

from __future__ import annotations

import bisect
import re
import string
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from functools import cache, lru_cache

from ..model import Block, Edit, Fix, Spec
from .context import (
    Context,
    SectionId,
    blocks_touch,
    document_prose,
    own_blocks,
    section_values,
)
from .prose import (
    block_occurrences,
    lexicon_key,
    match_case,
    occurrences,
    sections_titled,
    synonym_groups,
)
from .registry import Hit, rule

# Two to six capitals (digits allowed after the first letter, a plural "s" allowed), not part of
# an identifier (`os.O_RDONLY`, `$HOME`, `FR-001`) or of a longer word.
# The look-behind sits after the first capital so that `re` can skip to capitals quickly.
_ACRONYM = re.compile(r"(?P<a>[A-Z](?<![\w$@./\\-][A-Z])[A-Z0-9]{1,5})(?P<s>s)?(?![\w-]|\.\w|/\w)")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
# Another word in capitals right beside it: a name ("VICTORY HAND SIGN") or a list of
# keywords ("DEBUG, INFO, WARN and ERROR"), not an acronym.
_CAPS_NEIGHBOUR = re.compile(r"(?:[ -]|,?\s*(?:and|or)\s+|,\s*)(?P<w>[A-Z]{3,})\b")
_CAPS_BEFORE = re.compile(r"\b[A-Z]{3,}(?:[ -]|,?\s*(?:and|or)\s+|,\s*)$")
_ROMAN = re.compile(r"[IVXLC]+")
_RFC_KEYWORDS = frozenset(
    (
        "MUST",
        "SHALL",
        "SHOULD",
        "MAY",
        "NOT",
        "REQUIRED",
        "RECOMMENDED",
        "OPTIONAL",
        "WHEN",
        "THEN",
        "WHILE",
        "WHERE",
        "IF",
        "AND",
        "OR",
        "THE",
        "SYSTEM",
    )
)


@cache
def _known_acronyms(known: tuple[str, ...], placeholders: tuple[str, ...]) -> frozenset[str]:
    return frozenset(known) | frozenset(placeholders)


def _glossary_text(ctx: Context) -> str:
    """The prose of glossary-like sections, lower-cased; "" when the spec has none."""
    found: str | None = ctx.memo.get("glossary")
    if found is None:
        ids = sections_titled(ctx, "glossary_title")
        found = (
            "\n".join(b.text for b in ctx.spec.blocks if b.section in ids).lower() if ids else ""
        )
        ctx.memo["glossary"] = found
    return found


def _glossary_defines(glossary: str, term: str) -> bool:
    """The glossary has an entry for `term` (lower-cased): it opens a line, a list item, a
    bold label or a table cell, or it is expanded there ("access control list (acl)")."""
    if term not in glossary:
        return False
    t = re.escape(term)
    return bool(
        re.search(rf"(?:^|\n|\|)\s*(?:[-*+]\s+|\d+\.\s+)?(?:\*\*|__)?{t}s?\b", glossary)
        or re.search(rf"\(\s*{t}s?\s*\)", glossary)
    )


def _has_glossary(ctx: Context) -> bool:
    return bool(sections_titled(ctx, "glossary_title"))


_OPENS_PAREN = re.compile(r"\w[\w\s,'-]{0,60}?\(\s*$")
_CLOSES_PAREN = re.compile(r"s?\s*[),;/]")
_EXPANSION_AFTER = re.compile(
    r"s?[*_]*\s*(?:\(\s*[A-Za-z]|:|=|—|–| - | \(or | stands for | means | is short for )"
)
_STANDS_FOR = re.compile(r"\b(?:stands? for|short for|abbreviation)\b[^.\n]{0,80}")
_HAS_STANDS_FOR = re.compile(r"stands? for|short for|abbreviation")


def _expanded(text: str, acronym: str, stands_for: list[str]) -> bool:
    """ "Full Name (FN)", "FN (Full Name)", "FN: Full Name", "FN stands for / means ..."."""
    n = len(acronym)
    i = text.find(acronym)
    while i != -1:
        if _CLOSES_PAREN.match(text, i + n) and _OPENS_PAREN.search(text, max(0, i - 60), i):
            return True
        if _EXPANSION_AFTER.match(text, i + n):
            return True
        i = text.find(acronym, i + n)
    return any(acronym in phrase for phrase in stands_for)


_EXPANDS = re.compile(
    r"\w[\w\s,'-]{0,60}?\(\s*(?P<a>[A-Z][A-Za-z0-9]*[A-Z0-9])s?\s*[),;/]"
    r"|\b(?P<b>[A-Z][A-Za-z0-9]*[A-Z0-9])s?[*_]*\s*"
    r"(?:\(\s*[A-Za-z]|:|=|—|–| - | \(or | stands for | means | is short for )"
)


def expanded_acronyms(spec: Spec) -> frozenset[str]:
    """Acronyms a spec expands ("Full Name (FN)", "FN: Full Name"...), computed once per parsed
    spec: other specs of the project look them up on every lint."""
    found: frozenset[str] | None = spec.__dict__.get("_expanded_acronyms")
    if found is None:
        found = frozenset(m.group("a") or m.group("b") for m in _EXPANDS.finditer(spec.text))
        spec.__dict__["_expanded_acronyms"] = found
    return found


def _expanded_elsewhere(ctx: Context, acronym: str) -> bool:
    """Expanded in another spec of the project ("Access Request Service (ARS)" in the overview
    spec): a project's specs are read together."""
    ws = ctx.workspace
    if ws is None:
        return False
    others = (getattr(entry, "spec", None) for entry in getattr(ws, "specs", {}).values())
    return any(
        other is not None and other.path != ctx.spec.path and acronym in expanded_acronyms(other)
        for other in others
    )


def _mostly_upper(block: Block) -> bool:
    upper = len(_UPPER.findall(block.prose))
    lower = len(_LOWER.findall(block.prose))
    return upper + lower > 8 and upper > 0.6 * (upper + lower)


# `_ACRONYM` in the prose's shape: every capital written "A", every digit "0" (`_SHAPE`). The
# pattern tells capitals, digits and other characters apart and nothing more, so it matches in
# the shape where `_ACRONYM` matches in the prose; but its match starts with a literal, and
# `re` skips to each one as `str.find` does instead of testing every character against a class
# (the scan takes half the time, the translation included).
_ACRONYM_SHAPE = re.compile(r"(?P<a>A(?<![\w$@./\\-]A)[A0]{1,5})(?P<s>s)?(?![\w-]|\.\w|/\w)")
_SHAPE = str.maketrans(string.ascii_uppercase + string.digits, "A" * 26 + "0" * 10)


def _acronym_matches(
    ctx: Context, dismissed: set[str]
) -> Iterator[tuple[Block, str, str, int, int]]:
    """`_ACRONYM`'s matches in the prose of each block the rule reads (not table cells, which
    often hold identifiers, nor citations, which name organisations: "ACM", "IEEE"), in
    document order: the block, the match and its acronym (group `a`), its block-relative start
    and end. Matches in `dismissed` are skipped before their block is looked up.

    One scan of the document's prose, when a separator stands between every two blocks: the
    pattern treats it as the edge of the text, so the matches are each block's own. Blocks that
    touch (no separator) are scanned one by one."""
    references = sections_titled(ctx, "reference_title")
    spec = ctx.spec
    blocks = spec.blocks
    text, starts = document_prose(spec)
    if blocks_touch(spec):
        for block in blocks:
            if block.kind != "table_cell" and block.section not in references:
                for m in _ACRONYM.finditer(block.prose):
                    if m.group(0) not in dismissed:
                        yield block, m.group(0), m.group("a"), m.start(), m.end()
        return
    # Translating text that is not ASCII takes longer than the scan it would spare.
    found = (
        _ACRONYM_SHAPE.finditer(text.translate(_SHAPE))
        if text.isascii()
        else _ACRONYM.finditer(text)
    )
    for m in found:
        start, end = m.span()
        whole = text[start:end]
        if whole in dismissed:
            continue
        i = bisect.bisect_right(starts, start) - 1
        block = blocks[i]
        if block.kind != "table_cell" and block.section not in references:
            base = starts[i]
            yield block, whole, text[start : m.end("a")], start - base, end - base


def _is_candidate(acronym: str, whole: str, known: frozenset[str]) -> bool:
    """Not a keyword, a numeral, a name with digits (C18, G1, A1), a signal's name (SIGURG,
    SIGIO: an identifier, with nothing to expand) or a known acronym."""
    return not (
        acronym in known
        or whole in known
        or acronym in _RFC_KEYWORDS
        or _ROMAN.fullmatch(acronym)
        or not acronym.isalpha()
        or (acronym.startswith("SIG") and len(acronym) > 4)
    )


def _in_capitals(
    block: Block, start: int, end: int, shouting: dict[int, bool], known: frozenset[str]
) -> bool:
    """A name in capitals ("VICTORY HAND SIGN") or a sentence in capitals (shouting), where an
    acronym-like word at [start, end) of the block's prose is not an acronym. A known acronym
    right after it is its head noun, not a name's next word: "the WMS API" asks what WMS is."""
    after = _CAPS_NEIGHBOUR.match(block.prose, end)
    if after is not None and not (after.group("w") in known and after.start("w") == end + 1):
        return True  # (a list of them stays one: "JSON, TOML, XML")
    if _CAPS_BEFORE.search(block.prose, max(0, start - 16), start):
        return True
    loud = shouting.get(id(block))
    if loud is None:
        loud = shouting[id(block)] = _mostly_upper(block)
    return loud


# A capitalised word right beside it, not at a sentence start: the capitals are part of a
# proper name ("Windows XP", "VS Code", "BJ Homer"), not an acronym to expand.
_CAPITALISED_AFTER = re.compile(r" [A-Z][a-z]+\b")
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][a-z]+ $")
# A paragraph of one bracketed word is a renderer's directive ("[TOC]", "[[_TOC_]]").
_DIRECTIVE = re.compile(r"\s*\[+_?[A-Z]+_?\]+\s*")
_PREFIX_AFTER = re.compile(r"-?\s+prefix")


def _in_a_name(block: Block, start: int, end: int) -> bool:
    """The two capitals at [start, end) and a capitalised word beside it make a proper name:
    initials ("BJ Homer") or a product's ("VS Code", "Windows XP"). Longer capitals beside a
    name are mostly an organisation's or a system's acronym ("the CNCF Notary project"), which
    the reader may not know; plurals ("Windows DLLs") are not names. Not in headings, where
    Title Case capitalises every word."""
    prose = block.prose
    if end - start != 2 or block.kind == "heading":
        return False
    if _CAPITALISED_AFTER.match(prose, end):
        return True
    before = _CAPITALISED_BEFORE.search(prose, max(0, start - 24), start)
    return before is not None and not _starts_sentence(prose, before.start())


def _emphasised(text: str, start: int, end: int) -> bool:
    """The word at [start, end) is alone in emphasis ("*NEVER*", "__NOT__"): a word stressed,
    not an acronym (the prose has the markers as spaces; the block's text has them)."""
    mark = text[start - 1 : start]
    return mark in ("*", "_") and text[end : end + 1] == mark


def _linked(text: str, start: int, end: int) -> bool:
    """The word at [start, end) is the whole text of a link ("[OPA](https://...)"), or all of
    it but a parenthesis ("[BCPL (1967)](https://...)"): the link says what it names, which a
    reader follows instead of an expansion."""
    if text[start - 1 : start] != "[":
        return False
    return text[end : end + 2] in ("](", "][") or _LINK_AFTER_NAME.match(text, end) is not None


_LINK_AFTER_NAME = re.compile(r" \([^()\[\]\n]{1,40}\)\][(\[]")


# "the MOV instruction", "MOVQ instructions": a machine instruction's mnemonic, a name.
_INSTRUCTION_AFTER = re.compile(r"\s+(?:instructions?|opcodes?|mnemonics?)\b", re.IGNORECASE)


def _named_prefix(block: Block, acronym: str, end: int) -> bool:
    """ "the NS prefix" of identifiers the block writes ("`NSData`"): a prefix named as such."""
    return bool(
        _PREFIX_AFTER.match(block.prose, end) and re.search(rf"\b{acronym}[A-Z][a-z]", block.text)
    )


def _not_an_acronym(
    block: Block,
    acronym: str,
    start: int,
    end: int,
    shouting: dict[int, bool],
    text: str,
    known: frozenset[str],
) -> bool:
    """The acronym-like word `acronym` at [start, end) of the block's prose is not an acronym
    there: a name or a sentence in capitals, a word emphasised ("*NEVER*"), a link's whole
    text, part of a proper name, a directive, a named prefix or an instruction's mnemonic.
    All of it is read in the block alone, so that what `_kept_first_uses` carries for a
    section depends on its own blocks only; and the markup just before it, in `text` (the
    document's: a block starts at its first word, after the `*` or `[` that opens it), which
    is on the block's own lines."""
    at, to = block.start + start, block.start + end
    return (
        _in_capitals(block, start, end, shouting, known)
        or _emphasised(text, at, to)
        or _linked(text, at, to)
        or _in_a_name(block, start, end)
        or (block.kind == "paragraph" and _DIRECTIVE.fullmatch(block.text) is not None)
        or _named_prefix(block, acronym, end)
        or _INSTRUCTION_AFTER.match(block.prose, end) is not None
    )


def _first_uses(ctx: Context, known: frozenset[str]) -> dict[str, tuple[int, int]]:
    """Each candidate acronym's first use (document offsets), from one scan of the prose."""
    first: dict[str, tuple[int, int]] = {}
    # Matches that are never reported whatever their context (known, keywords, numerals):
    # most matches repeat a few of these (API, MUST), which are then dismissed by one look-up.
    dismissed: set[str] = set()
    shouting: dict[int, bool] = {}  # id of a block -> it is in capitals (no acronym in it)
    text = ctx.spec.text
    for block, whole, acronym, start, end in _acronym_matches(ctx, dismissed):
        if acronym in first:
            continue
        if not _is_candidate(acronym, whole, known):
            dismissed.add(whole)
            continue
        if not _not_an_acronym(block, acronym, start, end, shouting, text, known):
            first[acronym] = (block.start + start, block.start + end)
    return first


def _kept_first_uses(ctx: Context, known: frozenset[str]) -> dict[str, tuple[int, int]]:
    """`_first_uses` for a document being edited: what the scan finds in a section's own blocks
    depends on them and its heading chain alone (reference sections are skipped), so each
    section's first uses (by block index, block-relative) are carried while it is unchanged,
    and only the first section that uses an acronym is looked at."""
    references = sections_titled(ctx, "reference_title")
    spec = ctx.spec

    def compute(ids: list[SectionId]) -> dict[SectionId, dict[str, tuple[int, int, int]]]:
        shouting: dict[int, bool] = {}
        out: dict[SectionId, dict[str, tuple[int, int, int]]] = {}
        for sid in ids:
            first = out[sid] = {}
            if sid in references:
                continue
            for k, block in enumerate(own_blocks(spec, sid)):
                if block.kind == "table_cell":
                    continue
                for m in _ACRONYM.finditer(block.prose):
                    acronym = m.group("a")
                    if (
                        acronym not in first
                        and _is_candidate(acronym, m.group(0), known)
                        and not _not_an_acronym(
                            block, acronym, m.start(), m.end(), shouting, spec.text, known
                        )
                    ):
                        first[acronym] = (k, m.start(), m.end())
        return out

    first: dict[str, tuple[int, int]] = {}
    for sid, uses in section_values(ctx, "acronyms", known, compute).now.items():
        if uses:
            blocks = own_blocks(spec, sid)
            for acronym, (k, start, end) in uses.items():
                if acronym not in first:
                    base = blocks[k].start
                    first[acronym] = (base + start, base + end)
    return first


def _named_in_code(text: str, acronym: str) -> bool:
    """The spec writes `acronym` as a code span of its own, as a shell variable ("`TLSBSS`",
    "$GOPATH"), as a setting given a value ("GOGC=off") or as a variable of a formula with a
    number ("100/(100+GOGC)", "GOGC/100"): it is an identifier, which has no full name to write.
    Looked up only for the acronyms about to be reported, a few per spec."""
    if f"`{acronym}`" in text or f"`${acronym}`" in text:
        return True
    if f"${acronym}" in text and re.search(rf"\${acronym}(?![\w-])", text) is not None:
        return True
    return re.search(_in_formula(acronym), text) is not None


@lru_cache(maxsize=256)
def _in_formula(acronym: str) -> re.Pattern[str]:
    a = re.escape(acronym)
    return re.compile(rf"(?<![\w$]){a}(?:=[\w\"']|\s?[+*/]\s?\d)|\d\s?[+*/]\s?\(?{a}(?![\w-])")


@rule("terms/undefined-acronym")
def undefined_acronym(ctx: Context) -> Iterator[Hit]:
    """Acronym used but never expanded: write "Full Name (FN)" once, or define it in a glossary.

    ## Why
    An acronym the reader does not know is a word they cannot check. Expand it at first use or in
    the glossary. Well-known ones (API, URL, HTTP, JSON, ID, UI, CPU...) are never flagged; add
    your own with `[vocabulary] acronym_known = [...]`. Only the first use is reported.

    Capitals that are no acronym are not flagged: a word emphasised alone ("*NEVER*"), names
    and keyword lists in capitals, two capitals beside a name (initials or a product's letters:
    "BJ Homer", "Windows XP"), identifiers the spec writes as code ("`TLSBSS`", "$GOPATH"),
    gives a value or puts in a formula ("GOGC=off", "GOGC/100"), a directive alone in its
    paragraph ("[TOC]"), a prefix named as such ("the NS prefix" of `NSData`), a link's whole
    text ("[OPA](https://www.openpolicyagent.org)", "[BCPL (1967)](...)": the link says
    what it names), a machine instruction's mnemonic ("the MOV instruction") and a signal's
    name (SIGURG).

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
    INCOSE Guide for Writing Requirements, R4 "use defined terms" and its rule on
    acronyms (expand or define them); the RFC
    Editor's abbreviations list (well-known abbreviations need no expansion).
    """
    # Placeholders (TBD, TODO) are ambiguity/placeholder's to report.
    known = ctx.of_config(
        "known acronyms",
        lambda: _known_acronyms(ctx.words("acronym_known"), ctx.words("placeholder")),
    )
    text = ctx.spec.text
    first = _first_uses(ctx, known) if ctx.kept is None else _kept_first_uses(ctx, known)
    if not first:
        return
    glossary = _glossary_text(ctx)
    # One scan each, not one per acronym: "stands for" phrases, and the candidates written in
    # lower case as ordinary words (then the capitals are emphasis: "NEVER", "FATAL").
    lower = text.lower()
    stands_for = (
        [m.group(0) for m in _STANDS_FOR.finditer(lower)] if _HAS_STANDS_FOR.search(lower) else []
    )
    words = "|".join(re.escape(a.lower()) for a in first)
    as_words = {m.group(0) for m in re.finditer(rf"\b(?:{words})\b", text)}
    for acronym, (start, end) in first.items():
        if acronym.lower() in as_words or _glossary_defines(glossary, acronym.lower()):
            continue
        if _expanded(text, acronym, [p.upper() for p in stands_for]):
            continue
        if _expanded_elsewhere(ctx, acronym) or _named_in_code(text, acronym):
            continue
        yield Hit(
            start,
            end,
            f"'{acronym}' is never expanded: write the full name once, "
            f"e.g. 'Full Name ({acronym})', or define it in the glossary",
        )


# How often each synonym group's terms are written each way: (as written, in a heading) -> uses.
_Spellings = Counter[tuple[str, bool]]
# A section's uses of each group (by index): their spellings, and where each is (the index of
# its block among the section's own blocks, block-relative start and end).
_SectionUses = dict[int, tuple[_Spellings, list[tuple[int, int, int]]]]


def _may_report(counts: _Spellings, term_of: dict[str, str]) -> bool:
    """What `inconsistent_term` decides from its uses, decided from their counts: it reports
    no use unless two terms are used outside headings, one at least three times, and one at
    most a quarter of the time."""
    per_term: Counter[str] = Counter()
    for (raw, heading), n in counts.items():
        if not heading:
            per_term[term_of[raw]] += n
    total = sum(per_term.values())
    return (
        len(per_term) >= 2 and max(per_term.values()) >= 3 and min(per_term.values()) * 4 <= total
    )


def _synonym_uses(ctx: Context, group: int) -> list[tuple[Block, int, int]]:
    """The group's uses, in document order."""
    if ctx.kept is None:
        return occurrences(ctx).get(f"synonyms/{group}", [])
    found = []
    for sid, uses in _live_synonyms(ctx)[0].items():
        here = uses.get(group)
        if here:
            blocks = own_blocks(ctx.spec, sid)
            found += [(blocks[k], start, end) for k, start, end in here[1]]
    return found


def _live_synonyms(ctx: Context) -> tuple[dict[SectionId, _SectionUses], dict[int, _Spellings]]:
    """For a document edited live: each section's uses of the synonym groups, carried while it
    is unchanged (they depend on its own prose alone), and their sums over the document, kept
    up to date with the sections that changed (a keystroke looks at one section, not all)."""
    found: tuple[dict[SectionId, _SectionUses], dict[int, _Spellings]] | None = ctx.memo.get(
        "synonyms"
    )
    if found is not None:
        return found
    assert ctx.kept is not None
    groups = len(synonym_groups(ctx))

    def compute(ids: list[SectionId]) -> dict[SectionId, _SectionUses]:
        spec = ctx.spec
        where: dict[int, int] = {}  # id of a block -> its index in its section
        blocks: list[Block] = []
        for sid in ids:
            own = own_blocks(spec, sid)
            where.update((id(b), k) for k, b in enumerate(own))
            blocks += own
        out: dict[SectionId, _SectionUses] = {sid: {} for sid in ids}
        found = block_occurrences(ctx, blocks)
        for i in range(groups):
            for block, start, end in found.get(f"synonyms/{i}", ()):
                here = out[block.section].get(i)
                if here is None:
                    here = out[block.section][i] = (Counter(), [])
                here[0][block.prose[start:end], block.kind == "heading"] += 1
                here[1].append((where[id(block)], start, end))
        return out

    values = section_values(ctx, "synonym uses", lexicon_key(ctx), compute)
    version, totals = ctx.kept.get("synonym totals", (0, {}))
    if values.gone is None or version != ctx.spec.version - 1:
        totals, added, removed = {}, list(values.now.values()), []
    else:
        added, removed = list(values.fresh.values()), values.gone
    for uses in removed:
        for i, (spellings, _) in uses.items():
            total = totals[i]
            total.subtract(spellings)
            for spelling in spellings:
                if not total[spelling]:
                    del total[spelling]
    for uses in added:
        for i, (spellings, _) in uses.items():
            totals.setdefault(i, Counter()).update(spellings)
    ctx.kept["synonym totals"] = (ctx.spec.version, totals)
    found = ctx.memo["synonyms"] = (values.now, totals)
    return found


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
    INCOSE Guide for Writing Requirements, R4 "use defined terms" and its rules on consistent
    terms (one term per concept); Femmer et
    al. 2017 (inconsistent terminology).
    """
    glossary = _glossary_text(ctx)
    live = _live_synonyms(ctx)[1] if ctx.kept is not None else None
    found = occurrences(ctx) if live is None else {}
    for i, terms in enumerate(synonym_groups(ctx)):
        # How the spec writes the group's terms (headings included).
        spellings: Collection[str]
        if live is None:
            spellings = {block.prose[s:e] for block, s, e in found.get(f"synonyms/{i}", ())}
        else:
            spellings = {raw for raw, _ in live.get(i, ())}
        if not spellings:
            continue
        by_term = {t.lower(): t for t in terms}
        term_of: dict[str, str] = {}  # as written -> the term: a spec writes a term a few ways
        for raw in spellings:
            written = " ".join(raw.lower().split())
            term_of[raw] = by_term.get(written) or by_term.get(written[:-1], written)
        if len(set(term_of.values())) < 2:
            continue  # one term only, however written (the usual case): no use is counted
        if live is not None and not _may_report(live[i], term_of):
            continue  # live: told by the counts alone, without a look at the uses
        uses: dict[str, list[tuple[Block, int, int]]] = defaultdict(list)
        for block, start, end in _synonym_uses(ctx, i):
            if block.kind != "heading":
                uses[term_of[block.prose[start:end]]].append((block, start, end))
        if len(uses) < 2:
            continue
        by_count = Counter({t: len(v) for t, v in uses.items()})
        total = sum(by_count.values())
        major, major_count = by_count.most_common(1)[0]
        if major_count < 3:
            continue
        for term, places in uses.items():
            if term == major or len(places) * 4 > total:
                continue
            if glossary and re.search(rf"\b{re.escape(term.lower())}\b", glossary):
                continue  # the glossary defines it: a concept of its own
            for block, start, end in places:
                written = block.prose[start:end]
                plural = written.lower() != term.lower() and written.lower().endswith("s")
                stem = written[:-1] if plural else written
                new = match_case(stem, major) + ("s" if plural else "")
                edit = Edit(ctx.range(block.start + start, block.start + end), new)
                yield Hit(
                    block.start + start,
                    block.start + end,
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
    INCOSE Guide for Writing Requirements, R4 "use defined terms"; ISO/IEC/IEEE 29148
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
        if block.kind in ("heading", "table_cell") or block.section in glossary_ids:
            continue  # headings and table headers are capitalised by style
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
