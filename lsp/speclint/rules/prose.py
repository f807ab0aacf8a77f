"""What the rule families share about prose: which blocks are normative, sentences, measures.

Everything here is computed once per spec and kept in `Context.memo`, so that eleven rules
running on every keystroke pay for a section walk or a sentence test once.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import string
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from ..model import Block, Section, Spec
from ..workspace.sections import REQUIREMENTS_TITLE
from .context import Context, document_prose, folded_prose, sentence_holding

Span = tuple[int, int]
Occurrence = tuple[Block, int, int]  # a block and block-relative [start, end)

# The word lists found by the one lexicon scan (`occurrences`). Exception lists are scanned with
# them: the longest phrase at a position wins, so "fail fast" hides the "fast" inside it.
LEXICON_LISTS = (
    "vague", "vague_requirement", "vague_exceptions",
    "weak_modal", "weak_modal_system",
    "escape_clause", "escape_clause_requirement", "escape_clause_exceptions",
    "open_ended", "open_ended_requirement",
    "placeholder", "placeholder_phrase",
    "unbounded_quantity", "unbounded_quantity_exceptions",
    "quality_attribute", "limit_word", "comparative", "comparative_exceptions",
    "absolute", "absolute_exceptions",
    "quantity_noun", "actor_verb", "synonyms_exceptions",
)  # fmt: skip
CASE_SENSITIVE_LISTS = ("placeholder",)
_FRONT = "\x00"  # no word character: stands in front of the text for the lexicon scan
_WORD_START = string.ascii_lowercase + string.digits + "_"  # what the scan's class leaves out

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|ninety|hundred|thousand|million|billion"
)
_NUM = r"\d+(?:[.,]\d+)*"
# A title may start with a number ("3. Motivation", "A.1 Background"): ignored when matching.
_TITLE_LEAD = r"^\s*(?:[\dA-Z](?:\.\d+)*\.?\s+)?"


@cache
def _title_pattern(words: tuple[str, ...], lead: str = _TITLE_LEAD) -> re.Pattern[str]:
    return re.compile(rf"{lead}(?:{alternation(words)})(?![\w-])", re.IGNORECASE)


# The spec's titles in one string, each after a separator that no title pattern matches: one
# search finds the titles of a list (`sections_titled`), the separator standing for `^`. Only
# whether a title matches counts there, so the words make a trie (titles are tried against a
# few, not against every word of the list).
_TITLES_LEAD = _FRONT + _TITLE_LEAD.removeprefix("^")


@cache
def _titles_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    body = trie_regex(words, fold=False, verbatim=True) if words else ""
    return re.compile(rf"{_TITLES_LEAD}(?:{body})(?![\w-])", re.IGNORECASE)


def _titles(ctx: Context) -> tuple[str, list[str]] | None:
    """The joined titles and the ids of their sections; None when a title holds the
    separator itself."""
    if "titles" not in ctx.memo:
        sections = ctx.spec.sections
        text = "".join([_FRONT + s.title for s in sections.values()])
        ctx.memo["titles"] = (text, list(sections)) if text.count(_FRONT) == len(sections) else None
    found: tuple[str, list[str]] | None = ctx.memo["titles"]
    return found


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
        rf"|(?<![\w.]){_NUM}\s*(?:(?:{body})(?![\w])"
        # A rate of anything: "300 orders/s", "20 exports per hour", "5 logins a minute".
        r"|[a-z-]+\s*(?:/\s*|\bper\s+|\ban?\s+)"
        r"(?:s|sec|secs|seconds?|min|mins|minutes?|h|hr|hours?|days?|weeks?|months?)\b)"
        rf"|\b(?:{NUMBER_WORDS})\s+(?:{body})\b",
        re.IGNORECASE,
    )


# spec-kit's marker of a question the spec leaves open: "[NEEDS CLARIFICATION: auth method?]".
NEEDS_CLARIFICATION = re.compile(r"\[NEEDS CLARIFICATION(?::[^\]]*)?\]")


def norm_phrase(phrase: str) -> str:
    """A phrase lower-cased with single spaces: how the lexicon keys its phrases."""
    return " ".join(phrase.lower().split())


def alternation(words: Iterable[str]) -> str:
    """The words as one regex alternation, each escaped, longest first (so that the longest
    phrase at a place wins)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def trie_regex(phrases: Iterable[str], fold: bool = True, verbatim: bool = False) -> str:
    """One alternation for many phrases, factored by common prefixes.

    Python's `re` tries the alternatives of `a|b|c` one by one at every position; a trie shares
    their prefixes, which makes a scan with a few hundred phrases several times faster. Longer
    phrases are preferred; a space matches any run of white space (phrases wrap across lines).
    Phrases are lower-cased unless `fold` is false (for a pattern that ignores case anyway);
    `verbatim` phrases are matched character for character, spaces included.
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for ch in phrase if verbatim else norm_phrase(phrase) if fold else " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def char(ch: str) -> str:
        if ch.isalnum():
            return ch  # what re.escape gives, without its cost: a lexicon has thousands
        return r"\s+" if ch == " " and not verbatim else re.escape(ch)

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        chain = ""
        while len(node) == 1 and "" not in node:  # the rest of a single phrase: no recursion
            ch, node = next(iter(node.items()))
            chain += char(ch)
        alts = [char(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return chain
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return chain + (f"(?:{body})?" if "" in node else body)

    return emit(root) if root else "(?!x)x"


@cache
def _lexicon(
    entries: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    r"""A case-sensitive pattern over lower-cased prose, and phrase -> the lists that hold it.

    The pattern matches one character, then a phrase: searched in the text with a separator in
    front, a match at i is the phrase at i of the text. It stands for a `(?<![\w-])`
    look-behind, which `re` would try at every position; a leading class lets it skip to
    candidates in C, and an ASCII class (no Unicode category to look up) skips twice as fast.
    The class also takes word characters outside ASCII ("é"): `occurrences` drops those.
    """
    owners: dict[str, set[str]] = {}
    for name, words in entries:
        for w in words:
            if w.strip():
                owners.setdefault(norm_phrase(w), set()).add(name)
    pattern = re.compile(rf"[^a-z0-9_-](?:{trie_regex(owners)})(?![\w-])")
    return pattern, {k: frozenset(v) for k, v in owners.items()}


# The lexicon pattern's leading class, within ASCII, as spaces: `str.translate` makes the
# spaced copy of an ASCII text that `_spaced_lexicon`'s pattern searches.
_SPACED = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in _WORD_START + "-"})


@cache
def _spaced_lexicon(phrases: frozenset[str]) -> tuple[re.Pattern[str], str]:
    r"""A pattern that matches in the spaced copy of an ASCII text wherever the lexicon pattern
    matches in the text, and the first characters of the phrases it cannot find.

    The spaced copy has every character of the lexicon's leading class as a space, so the
    pattern starts with a literal space, to which `re` skips without testing every character
    against the class (a quarter of the scan). Its phrases are spaced alike (a space matching
    any run of spaces): each string the lexicon matches, spaced, is one it matches. It matches
    more (a comma where a phrase has a space): each place is confirmed by the lexicon
    pattern in the text itself. A phrase that starts with a character of the class ("???")
    would start with a space: left out, and a text holding its first character is searched
    with the lexicon pattern."""
    odd = {p[0] for p in phrases if p[0] not in _WORD_START}
    body = trie_regex([p.translate(_SPACED) for p in phrases if p[0] not in odd], fold=False)
    return re.compile(rf" (?:{body})(?![\w-])"), "".join(sorted(odd))


def synonym_groups(ctx: Context) -> list[tuple[str, ...]]:
    """`[synonyms]` entries ("user | customer") as tuples of terms."""
    return list(_synonym_groups(ctx.words("synonyms")))


@cache
def _synonym_groups(lines: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in lines:
        terms = tuple(t.strip() for t in line.split("|") if t.strip())
        if len(terms) >= 2:
            groups.append(terms)
    return tuple(groups)


Lexicon = tuple[
    re.Pattern[str],
    dict[str, tuple[str, ...]],
    dict[str, frozenset[str]],
    tuple[re.Pattern[str], str],  # `_spaced_lexicon`
]


def _spec_lexicon(ctx: Context) -> Lexicon:
    """The lexicon pattern, phrase -> list names, and the case-sensitive lists' words: once per
    config (every spec of a config asks for the same one; no hashing of some thousand words
    per spec)."""
    return ctx.of_config(
        "lexicon",
        lambda: _lexicon_of(
            tuple(ctx.words(name) for name in (*LEXICON_LISTS, "synonyms", *CASE_SENSITIVE_LISTS))
        ),
    )


@cache
def _lexicon_of(lists: tuple[tuple[str, ...], ...]) -> Lexicon:
    n = len(LEXICON_LISTS)
    entries = list(zip(LEXICON_LISTS, lists[:n], strict=True))
    for i, group in enumerate(_synonym_groups(lists[n])):
        entries.append((f"synonyms/{i}", group + tuple(t + "s" for t in group)))
    pattern, owners = _lexicon(tuple(entries))
    case_words = dict(zip(CASE_SENSITIVE_LISTS, map(frozenset, lists[n + 1 :]), strict=True))
    spaced = _spaced_lexicon(frozenset(owners))
    return pattern, {k: tuple(v) for k, v in owners.items()}, case_words, spaced


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters grow when lower-cased ("İ"): keep offsets aligned.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def occurrences(ctx: Context) -> dict[str, list[Occurrence]]:
    """Every block's phrases from the lexicon lists, by list name, from one scan of the spec.

    Synonym terms are listed as `synonyms/<group index>` (plurals included).
    """
    found: dict[str, list[Occurrence]] | None = ctx.memo.get("occurrences")
    if found is None:
        found = ctx.memo["occurrences"] = _scan_lexicon(ctx, ctx.spec)
    return found


def block_occurrences(ctx: Context, blocks: list[Block]) -> dict[str, list[Occurrence]]:
    """`occurrences` in some of the spec's blocks only, from one scan of a view of them: a
    block's phrases depend on its prose alone (blocks are scanned apart, separators between
    them). For what a rule carries between versions of a document edited live."""
    return _scan_lexicon(ctx, dataclasses.replace(ctx.spec, blocks=blocks)) if blocks else {}


def lexicon_key(ctx: Context) -> object:
    """What the lexicon scan finds depends on (the config's lists): the same object for the
    same lists, a key for what is carried between versions."""
    return _spec_lexicon(ctx)


def _scan_lexicon(ctx: Context, spec: Spec) -> dict[str, list[Occurrence]]:
    """The lexicon's phrases in `spec`'s blocks, from one scan of its prose."""
    lexicon = _spec_lexicon(ctx)
    owners, case_words = lexicon[1], lexicon[2]
    found: dict[str, list[Occurrence]] = {}
    # One scan of the whole document (a regex call per block costs more than the search).
    text, starts = document_prose(spec)
    folded = _FRONT + (folded_prose(spec) or _lower(text))
    blocks = spec.blocks
    bisect_right = bisect.bisect_right
    for at, pos in _phrase_spans(folded, lexicon):
        i = bisect_right(starts, at) - 1
        base = starts[i]
        block = blocks[i]
        if pos > base + len(block.prose):
            continue
        phrase = folded[at + 1 : pos + 1]
        names = owners.get(phrase) or owners.get(norm_phrase(phrase)) or ()
        occ = (block, at - base, pos - base)
        for name in names:
            if name in case_words and block.prose[occ[1] : occ[2]] not in case_words[name]:
                continue
            if name in found:
                found[name].append(occ)
            else:
                found[name] = [occ]
    return found


def _phrase_spans(folded: str, lexicon: Lexicon, spaced: bool = True) -> Iterator[tuple[int, int]]:
    """Where the lexicon's phrases are in `folded` (lower-cased prose after `_FRONT`): the
    offsets of each phrase in the prose without the separator, [at, end). Found in the spaced
    copy of an ASCII text (`_spaced_lexicon`) unless not `spaced`: the same phrases."""
    pattern, _, _, (spaced_pattern, odd) = lexicon
    match = pattern.match
    hay, search = folded, pattern.search
    if spaced and folded.isascii() and not any(c in folded for c in odd):
        hay, search = folded.translate(_SPACED), spaced_pattern.search  # places to confirm
    pos = 0
    # Each search starts where the last phrase ended, as finditer would over the bare text: a
    # phrase may begin right after another one ("??? ???"), whose last character then stands
    # in front of it.
    while (m := search(hay, pos)) is not None:
        if hay is not folded:
            confirmed = match(folded, m.start())
            if confirmed is None:
                pos = m.start() + 1
                continue
            m = confirmed
        at, pos = m.span()  # `at`: the offset of the phrase in the text without the separator
        if folded[at] != " " and folded[at].isalnum():  # a word character outside ASCII
            pos = at + 1
            continue
        pos -= 1
        yield at, pos


@cache
def word_searcher(
    words: tuple[str, ...], patterns: tuple[re.Pattern[str], ...]
) -> Callable[[str], bool]:
    """Whether one of `patterns` matches in a text, for patterns that match only where one of
    `words` (in any case) starts after a non-word character or at the start of the text. One
    scan of the lower-cased text finds those words at word starts only, as the lexicon scan
    does (a pattern's own search, or its loosened scanner, tries every position or every
    letter), and the patterns confirm each place. Only for ASCII text, where lower-casing is
    exactly what IGNORECASE compares; other text is searched with the patterns themselves."""
    scan = re.compile(rf"[^a-z0-9_](?:{trie_regex(words)})").search

    def found(text: str) -> bool:
        if not text.isascii():
            return any(p.search(text) for p in patterns)
        hay = _FRONT + text.lower()  # hay[i] is the character before text[i]
        pos = 0
        while (m := scan(hay, pos)) is not None:
            at = m.start()
            for p in patterns:
                if p.match(text, at):
                    return True
            pos = at + 1
        return False

    return found


@cache
def after_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Matches, at a position, one of `words` after white space: "should| be rare". Only
    whether it matches counts, not which word: the words make a trie (a hundred phrases that
    start with "be" are tried at once, not one by one)."""
    body = trie_regex(words, fold=False) if words else ""
    # A sentence adverb may stand between, set off by commas or not: "should however be
    # unlikely", "should, however, be rare".
    return re.compile(
        rf",?\s+(?:(?:however|also|then|thus|therefore|still|hopefully|generally),?\s+)?"
        rf"(?:{body})\b",
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
        sections = ctx.spec.sections
        words = ctx.words(listname)
        kept = ctx.kept
        if kept is not None and ctx.spec.unchanged:
            # A section is said unchanged only when no heading changed: nor did the answer.
            version, last_words, last = kept.get(key, (0, None, found))
            if version == ctx.spec.version - 1 and last_words is words:
                assert isinstance(last, frozenset)
                ctx.memo[key] = last
                kept[key] = (ctx.spec.version, words, last)
                return last
        titles = _titles(ctx)
        if titles is None:
            pattern = _title_pattern(words)
            direct = {sid for sid, s in sections.items() if pattern.match(s.title)}
        else:
            text, ids = titles
            direct = {
                ids[text.count(_FRONT, 0, m.start())]  # the separators before it: its index
                for m in _titles_pattern(words).finditer(text)
            }
        # Most specs have no such title: then no section walks its chain of ancestors.
        found = frozenset(
            sid
            for sid in (sections if direct else ())
            if any(s.id in direct for s in section_chain(ctx.spec, sid))
        )
        ctx.memo[key] = found
        if kept is not None:
            kept[key] = (ctx.spec.version, words, found)
    return found


def normative_occurrences(ctx: Context, listname: str) -> list[Occurrence]:
    """`occurrences` of a list in normative prose (`normative_blocks`), once per lint: a test
    of each phrase's block, not a set of every normative block's start."""
    per_list: dict[str, list[Occurrence]] = ctx.memo.setdefault("normative_occurrences", {})
    found = per_list.get(listname)
    if found is None:
        informative = sections_titled(ctx, "informative_title")
        found = per_list[listname] = [
            occ
            for occ in occurrences(ctx).get(listname, ())
            if occ[0].kind != "heading" and occ[0].section not in informative
        ]
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
    found = sentence_holding(block, rel)
    return found if found is not None else (0, len(block.prose))


_QUESTION_END = re.compile(r"\?[\s)\]\"'”’*_]*$")


def is_question(block: Block, span: Span) -> bool:
    """The sentence ends with "?" (closing brackets, quotes or emphasis may follow)."""
    tail = block.text[span[1] : span[1] + 1]
    return bool(_QUESTION_END.search(block.text, span[0], span[1])) or tail == "?"


def is_requirement(ctx: Context, block: Block, span: Span) -> bool:
    """A sentence that obliges: it has must / shall / should / needs to ... and is no question."""
    return bool(requirement_markers(ctx, block, span)) and not is_question(block, span)


def requirement_markers(ctx: Context, block: Block, span: Span) -> list[Span]:
    """Block-relative spans of the sentence's requirement markers (must, shall, should...)."""
    key = block.start + span[0]
    cache_: dict[int, list[Span]] = ctx.memo.setdefault("markers", {})
    found = cache_.get(key)
    if found is None:
        pattern = ctx.pattern("requirement_marker")
        epistemic = ctx.of_config(
            "epistemic", lambda: after_pattern(ctx.words("epistemic_after_modal")).match
        )
        # "this should be rare" predicts; it obliges nothing and governs no word after it.
        # ("must be small" obliges: only "should" has the predicting sense.)
        found = [
            m.span()
            for m in pattern.finditer(block.prose, span[0], span[1])
            if not (m.group(0)[:6].lower() == "should" and epistemic(block.prose, m.end()))
            # "does not need to", "nor does it need to": no obligation at all.
            and not _NEGATED_BEFORE.search(block.prose, max(0, m.start() - 16), m.start())
            # "Users said the export should be faster": their words, not the spec's.
            and not reports_speech(ctx, block.prose[span[0] : m.start()])
        ]
        if not found and "Then" in block.prose[span[0] : span[1]]:
            # A Given/When/Then step states what must happen: "**Then** the file downloads".
            step = _GHERKIN_THEN.search(block.prose, span[0], span[1])
            if step is not None and _GHERKIN_CONTEXT.search(block.prose, span[0], step.start()):
                found = [step.span()]
        if not found and block.kind != "heading" and _states_criteria(ctx, block.section):
            # "## Success criteria" over "SC-002: The billing page loads quickly.": each
            # sentence states what must hold, modal or not (a user story states a wish). A
            # marker of no width after its label, if it has one.
            label = _LABEL.match(block.prose, span[0], span[1])
            at = label.end() if label is not None else span[0]
            if not USER_STORY.match(block.prose, at, span[1]):
                found = [(at, at)]
        cache_[key] = found
    return found


# "As a user, I want ...": matched at the sentence's start.
USER_STORY = re.compile(r"\W*(?:as an?|as the)\b[^.]{0,120}?\bi\s+(?:want|need|would)", re.I)
# A section whose own title or an ancestor's names requirements or criteria: "## Requirements",
# "### Acceptance Criteria", "## Success Criteria *(mandatory)*", "### POST /orders".
_CRITERIA_TITLE = re.compile(rf"{REQUIREMENTS_TITLE.pattern}|\bcriteria\b", re.IGNORECASE)
# A leading label: "SC-002: ", "**Security**: ", "3. " is not one (the list's marker is no prose).
_LABEL = re.compile(r"\s*[^\w\s]{0,2}[\w][\w .-]{0,30}?[^\w\s]{0,2}:\s+")


def _states_criteria(ctx: Context, sid: str | None) -> bool:
    """The section states requirements or criteria by its title or an ancestor's (what a
    local rule may read of a block: its heading chain), and is no descriptive one."""
    if sid is None:
        return False
    memo: dict[str, bool] = ctx.memo.setdefault("criteria_sections", {})
    found = memo.get(sid)
    if found is None:
        titled = any(_CRITERIA_TITLE.search(s.title) for s in section_chain(ctx.spec, sid))
        found = memo[sid] = titled and sid not in sections_titled(ctx, "informative_title")
    return found


_GHERKIN_THEN = re.compile(r"\bThen\b")
_GHERKIN_CONTEXT = re.compile(r"\b(?:Given|When)\b")
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnor does \w+|\bno)\s+$", re.IGNORECASE)
# What ends the reach of a modal inside a sentence: another clause begins.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|\b(?:because|since|although|though|whereas|but|which|who|unless|so that|"
    r"while|if|otherwise|however)\b",
    re.IGNORECASE,
)
REQUIREMENT_REACH = 60  # characters after the modal: its verb phrase, not the whole sentence


# Between a modal and a predicative adjective: "must be", "should remain very", "must be kept",
# and earlier members of a list ("must be fast, reliable and").
_PREDICATE_TAIL = (
    r"(?:(?:[\w-]+ly|very|as|more|less|most|kept|made|designed to be|considered|quite|always|"
    r"still|equally|both|either)\s+)*"
    r"(?:[\w-]+(?:\s*,\s*|\s+(?:and|or)\s+)(?:(?:[\w-]+ly|very|more|less)\s+)?){0,4}$"
)
_PREDICATE = re.compile(
    r"\s+(?:not\s+)?(?:be|become|remain|stay|feel|look|appear|seem|get|keep)\s+" + _PREDICATE_TAIL,
    re.IGNORECASE,
)
# The same after a verb in the present tense, for a criterion stated without a modal ("the
# page is fast", "exports stay small").
_STATED_PREDICATE = re.compile(
    r"\b(?:is|are|be|becomes?|remains?|stays?|feels?|looks?|appears?|seems?)\s+(?:not\s+)?"
    + _PREDICATE_TAIL,
    re.IGNORECASE,
)
# Between a modal and its verb: "must", "should also", "needs to quickly".
_VERB_NEXT = re.compile(
    r"\s+(?:(?:not|also|always|[\w-]+ly|try to|aim to|strive to)\s+){0,2}$", re.IGNORECASE
)


# Adjectives that are adverbs as they stand: "must load fast", "must not take long", "should
# respond faster". Governed right after the modal's verb, where the clause ends or goes on with
# a condition ("fast on a 3G connection"), not before a noun ("must accept long names").
FLAT_ADVERBS = frozenset({"fast", "faster", "quick", "quicker", "slow", "slower", "long", "longer"})
_AFTER_ITS_VERB = re.compile(
    r"\s+(?:(?:not|also|always|still|[\w-]+ly)\s+){0,2}[a-z]+(?:\s+(?:up|down|out|back))?\s+"
    r"(?:(?:very|as|more|less|really|quite|reasonably|too|so)\s+)?",
    re.IGNORECASE,
)
_ADVERB_ENDS = re.compile(
    r"\s*(?:[.,;:!?)\]]|$|(?:and|or|but|enough|when|while|if|under|on|in|at|for|even|with|"
    r"without|during|as|after|before|so|than|to|from|across|over|regardless)\b)",
    re.IGNORECASE,
)

# Verbs of a requirement-only list that say something is done but not what: "must handle the
# case where ...". Governed as a verb is, right after the modal.
HANDLING_VERBS = frozenset({"handle", "deal with"})


def governed(ctx: Context, block: Block, span: Span, start: int, end: int) -> bool:
    """A word of a requirement-only list is governed by a modal in the way its kind needs:
    an adverb anywhere in the modal's reach ("must respond quickly"), a verb right after the
    modal ("must minimize"), an adjective as the predicate ("must be fast", "must remain small
    and simple"), not as an attribute somewhere in the object ("include a short description")."""
    if not in_requirement(ctx, block, span, start):
        return False
    word = block.prose[start:end].lower()
    if word.endswith("ly") and " " not in word:
        return True
    marker, marker_end = max(m for m in requirement_markers(ctx, block, span) if m[0] <= start)
    if marker == marker_end:  # a criterion stated without a modal: its predicate only
        return bool(_STATED_PREDICATE.search(block.prose, marker_end, start))
    if start <= marker_end:
        return True
    if word.endswith(("ize", "ise", "izes", "ises")) or word in HANDLING_VERBS:
        return bool(_VERB_NEXT.fullmatch(block.prose, marker_end, start))
    if word in FLAT_ADVERBS and _AFTER_ITS_VERB.fullmatch(block.prose, marker_end, start):
        return _ADVERB_ENDS.match(block.prose, end) is not None
    return bool(_PREDICATE.fullmatch(block.prose, marker_end, start))


def reports_speech(ctx: Context, before: str) -> bool:
    """The words before a modal report what someone said ("users said", "according to
    support"): what follows is theirs. Only the words before it: "errors should be reported"
    and "each feedback message must" are the spec's own."""
    found = ctx.of_config(
        "reported speech",
        lambda: word_searcher(ctx.words("reported_speech"), (ctx.pattern("reported_speech"),)),
    )
    return bool(before) and found(before)


def in_requirement(ctx: Context, block: Block, span: Span, start: int) -> bool:
    """The words at `start` are governed by a requirement marker: they follow one in the same
    clause, close after it ("must be fast", "should retry several times"), in a sentence that
    is no question."""
    markers = requirement_markers(ctx, block, span)
    if not markers or is_question(block, span):
        return False
    before = [m for m in markers if m[0] <= start]
    if not before:
        return False
    _, b = before[-1]
    if start < b:
        return True  # inside the marker phrase itself
    if start - b > REQUIREMENT_REACH:
        return False
    return _CLAUSE_BREAK.search(block.prose, b, start) is None


# A clause that starts before a subject makes it no subject of the requirement: "once all
# replicas are up, the service must respond".
_SUBORDINATOR = re.compile(
    r"\b(?:when|whenever|once|after|before|until|as soon as|where|whether)\b", re.IGNORECASE
)


def requirement_predicate(
    ctx: Context, block: Block, span: Span, start: int, end: int
) -> Span | None:
    """Block-relative span of what the requirement marker governing the words at [start, end)
    requires: from the marker to the end of its clause, at most `REQUIREMENT_REACH` past the
    words; a clause ends where a subordinate one begins ("once", "when"), too. The words
    follow the marker in its clause (`in_requirement`: "must always respond") or are its
    subject ("all requests must succeed": no clause or comma between them and the marker, and
    no clause begun before them); else None."""
    if in_requirement(ctx, block, span, start):
        begin = [b for a, b in requirement_markers(ctx, block, span) if a <= start][-1]
    else:
        after = [m for m in requirement_markers(ctx, block, span) if m[0] >= end]
        if not after or is_question(block, span):
            return None
        marker, begin = after[0]
        prose = block.prose
        if (
            marker - end > REQUIREMENT_REACH
            or "," in prose[end:marker]
            or _CLAUSE_BREAK.search(prose, end, marker)
            or _CLAUSE_BREAK.search(prose, span[0], start)
            or _SUBORDINATOR.search(prose, span[0], start)
        ):
            return None
    stop = min(span[1], max(begin, end) + REQUIREMENT_REACH)
    for pattern in (_CLAUSE_BREAK, _SUBORDINATOR):
        found = pattern.search(block.prose, begin, stop)
        stop = found.start() if found else stop
    # Words after the clause's end are in a condition: "must be empty once all queues drain".
    return (begin, stop) if start < stop else None


def measured(ctx: Context, text: str) -> bool:
    """Text holds a measurable bound: a number with a unit, a percentile, a comparison."""
    if not text.isascii() or _DIGIT.search(text):
        return measure_pattern(ctx).search(text) is not None
    # With no digit only a number in words can be the measure ("two seconds"): the pattern is
    # tried where one starts, not at every position of the text.
    pattern = measure_pattern(ctx)
    found = ctx.of_config(
        "measure in words", lambda: word_searcher(tuple(NUMBER_WORDS.split("|")), (pattern,))
    )
    return found(text)


_DIGIT = re.compile("[0-9]")


def measured_in(ctx: Context, block: Block, text: str) -> bool:
    """`measured(text)`, where `text` is of the block; a table cell is measured by its row too
    ("| Checkout page load | p95 < 1.5 s on 4G |")."""
    if measured(ctx, text):
        return True
    if block.kind != "table_cell":
        return False
    return measured(ctx, " ".join(b.prose for b in _row(ctx, block)))


def _row(ctx: Context, cell: Block) -> list[Block]:
    """The cells of a table cell's row: the table-cell blocks on its line."""
    spec = ctx.spec
    starts: list[int] | None = ctx.memo.get("block_starts")
    if starts is None:
        starts = ctx.memo["block_starts"] = [b.start for b in spec.blocks]
    text = spec.text
    low = text.rfind("\n", 0, cell.start) + 1
    high = text.find("\n", cell.start)
    i = bisect.bisect_left(starts, low)
    j = bisect.bisect_left(starts, high if high >= 0 else len(text))
    return [b for b in spec.blocks[i:j] if b.kind == "table_cell"]


def measure_pattern(ctx: Context) -> re.Pattern[str]:
    # Once per config, not a hash of the unit list per phrase.
    return ctx.of_config("measure", lambda: _measure_pattern(ctx.words("unit")))


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
