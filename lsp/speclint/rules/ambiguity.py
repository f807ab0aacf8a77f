"""`ambiguity/`: words that let the reader guess.

The rules look at normative prose only (`prose.normative_blocks`: no headings, nothing under
Background, Motivation, Alternatives... where a vague word describes rather than requires), except
`placeholder`, which is a hole wherever it is. Words that are ordinary English in a narrative
("a small change") are flagged only inside a requirement sentence (lists named `*_requirement`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..model import Block, Edit, Fix, Severity
from ..spec_builder import LEADING_REQ
from .context import Context
from .prose import (
    HANDLING_VERBS,
    NEEDS_CLARIFICATION,
    NUMBER_WORDS,
    USER_STORY,
    Occurrence,
    after_pattern,
    alternation,
    governed,
    in_requirement,
    is_question,
    is_requirement,
    match_case,
    measure_pattern,
    measured,
    measured_in,
    norm_phrase,
    normative_occurrences,
    occurrences,
    reports_speech,
    requirement_markers,
    requirement_predicate,
    sentence_span,
    word_searcher,
)
from .registry import Hit, rule

_SPEED_WORDS = frozenset(
    (
        "fast",
        "quick",
        "quickly",
        "rapid",
        "rapidly",
        "responsive",
        "performant",
        "high-performance",
        "low latency",
        "low-latency",
        "snappy",
        "instant",
        "instantly",
        "immediately",
        "promptly",
        "timely",
        "slow",
        "blazing fast",
        "lightning fast",
    )
)


def _suggest_edit(ctx: Context, block: Block, start: int, end: int, new: str) -> Edit:
    """An edit replacing block-relative [start, end)."""
    return Edit(ctx.range(block.start + start, block.start + end), new)


def _normative(ctx: Context, listname: str) -> list[Occurrence]:
    """A list's phrases in normative prose (the lexicon scan already dropped exceptions)."""
    return normative_occurrences(ctx, listname)


_NO_SPAN = (0, 0)  # what `_tiered(..., spans=False)` gives where it did not look the sentence up


def _tiered(
    ctx: Context, listname: str, predicative: bool = False, spans: bool = True
) -> Iterator[tuple[Block, int, int, tuple[int, int]]]:
    """Phrases of `listname` anywhere in normative prose and of `listname_requirement` in
    requirement sentences; with each phrase's sentence (block-relative spans). With
    `predicative`, requirement-only words must also be governed as adjectives or adverbs are
    ("must be fast", "must respond quickly"). Without `spans`, phrases of `listname` come with
    `_NO_SPAN`: a rule that does not read the sentence spares splitting the block."""
    for name, only_requirements in ((listname, False), (f"{listname}_requirement", True)):
        for block, start, end in _normative(ctx, name):
            if not (spans or only_requirements):
                yield block, start, end, _NO_SPAN
                continue
            span = sentence_span(block, start)
            if only_requirements and not (
                governed(ctx, block, span, start, end)
                if predicative
                else in_requirement(ctx, block, span, start)
            ):
                continue
            if only_requirements and _weak_frame(ctx, block, span, start):
                continue
            yield block, start, end, span


def _weak_frame(ctx: Context, block: Block, span: tuple[int, int], start: int) -> bool:
    """The modal that governs the word at `start` is a "should" or "may" that `weak-modal`
    finds no obligation ("we should", "it would seem that an implementation should"): what it
    governs is no requirement either."""
    a, b = max(m for m in requirement_markers(ctx, block, span) if m[0] <= start)
    word = block.prose[a:b][:6].lower()
    return word in ("should", "may") and _no_obligation_before(block.prose[span[0] : a])


def _word(block: Block, start: int, end: int) -> str:
    return " ".join(block.prose[start:end].split())


@rule("ambiguity/vague-term")
def vague_term(ctx: Context) -> Iterator[Hit]:
    """Subjective quality word with no measure: fast, user-friendly, robust, scalable...

    ## Why
    "Fast" is 50 ms to one reader and 5 s to another. A coding agent picks a number for you and
    a tester cannot tell whether the requirement is met. A measurable bound in the same sentence
    ("fast (p95 < 200 ms)") makes the word harmless and it is not flagged. Words that are ordinary
    English in a narrative (small, simple, secure, reliable) are flagged only in a sentence that
    states a requirement (must, shall, should, needs to), as what it requires ("must be fast",
    "must load fast"), or in a section titled as requirements, criteria or an HTTP endpoint,
    where a sentence states one without a modal ("## Success criteria" over "The billing page
    loads quickly", "### POST /orders" over "Large orders are split").
    "Must handle the case where the card is declined" says something is done but not what
    (flagged unless the sentence says how: "by showing the reason").
    Size and age words (large, small, long, recent...) are flagged in the requirement's subject
    or condition too ("large exports must run in the background", "... when it is large"): the
    implementer would have to pick the threshold. So would a duration that names none, anywhere
    in a requirement sentence ("flags at 100% for a long time must be marked stale"). A word
    under a "should" that `weak-modal` reads as no obligation ("we should name them
    appropriately", "it would seem that an implementation should") is not flagged.

    ## Bad
    ```markdown
    The search page must be fast and user-friendly.
    ```

    ## Good
    ```markdown
    The search page must show results within 300 ms at the 95th percentile (p95 < 300 ms).
    ```

    ## Fix
    Replace the word with the criterion it stands for: a number and a unit (p95 < 200 ms, 99.9%
    monthly uptime), or a test a person can run (a new user finds X in under a minute). No
    automatic fix: only the author knows the number.

    ## Source
    INCOSE Guide for Writing Requirements, R7 "avoid vague terms"; NASA ARM (Automated Requirement
    Measurement) weak phrases; Femmer et al. 2017, "Rapid quality assurance with Requirements
    Smells" (subjective language). Add words with `[vocabulary] vague = [...]`.
    """
    flagged: set[int] = set()
    for block, s0, e0, span in _tiered(ctx, "vague", predicative=True):
        rest = block.prose[s0 : span[1]]
        if measured_in(ctx, block, rest):
            continue
        if block.prose[s0:e0].lower() in HANDLING_VERBS and not _handling_left_open(rest, e0 - s0):
            continue
        flagged.add(block.start + s0)
        yield _vague_hit(block, s0, e0)
    for block, s0, e0 in _normative(ctx, "vague_requirement"):
        if block.start + s0 in flagged:
            continue
        word = _word(block, s0, e0).lower()
        duration = _DURATION.match(word) is not None
        if word not in _THRESHOLDS and not duration:
            continue
        span = sentence_span(block, s0)
        if duration:
            # Anywhere in the sentence, measured by what follows it ("for a long time (30
            # days)"), not by a number before it ("at 100% for a long time").
            if _obliges(ctx, block, span) and not measured(ctx, block.prose[s0 : span[1]]):
                yield _vague_hit(block, s0, e0)
        elif _draws_a_line(ctx, block, span, s0, e0) and not measured(
            ctx, block.prose[span[0] : span[1]]
        ):
            yield _vague_hit(block, s0, e0)


def _obliges(ctx: Context, block: Block, span: tuple[int, int]) -> bool:
    """A requirement sentence whose modal is no inverted condition ("Should the ratio exceed
    1:1 for some time, ...")."""
    return is_requirement(ctx, block, span) and any(
        block.prose[span[0] : a].strip() for a, _ in requirement_markers(ctx, block, span)
    )


# "must handle the case where ...", "must deal with failures": what happens is left open. Not
# "must handle generic types" (supports them), nor "... gracefully" (that word is the finding).
_HANDLED_CASE = re.compile(
    r"\s+(?:(?:the|all|any|such|these|those|its|their|every|each|[\w-]+)\s+){0,3}?"
    r"(?:cases?|situations?|scenarios?|errors?|failures?|exceptions?|timeouts?|outages?|"
    r"conflicts?|declines?|retries|rejections?|edge cases?)\b",
    re.IGNORECASE,
)
# Words after it that say how, or that are the finding themselves.
_HOW_AFTER = re.compile(
    r"\b(?:by|as follows|as described|according to|gracefully|appropriately)\b|:",
    re.IGNORECASE,
)


def _handling_left_open(rest: str, length: int) -> bool:
    """`rest` (from a handling verb of `length` characters to its sentence's end) names a case
    to handle and does not say how."""
    return bool(_HANDLED_CASE.match(rest, length)) and not _HOW_AFTER.search(rest, length)


_DURATION = re.compile(r"^(?:for|after) (?:a|some) (?:long )?(?:time|while)$", re.I)  # no measure


def _vague_hit(block: Block, start: int, end: int) -> Hit:
    word = _word(block, start, end)
    if word.lower() in _SPEED_WORDS:
        message = f"'{word}' is vague: say how fast with a number, e.g. p95 < 200 ms"
    elif word.lower() in HANDLING_VERBS:
        message = (
            f"'{word}' says nothing about what happens: say what the system does "
            "(retries, rejects, shows a message...)"
        )
    elif _DURATION.match(word):
        message = f"'{word}' is vague: say how long, e.g. 30 days"
    else:
        message = (
            f"'{word}' is vague: replace it with a measurable criterion "
            "(a number and a unit, or a test)"
        )
    return Hit(block.start + start, block.start + end, message)


# Size and age words that draw a line nobody drew, where a requirement depends on them: in its
# subject ("large exports must run in the background") or its condition ("... when they are
# large"), the implementer has to pick the threshold. (As an attribute of the object, "must
# include a short description", the word names a thing: not flagged.)
_THRESHOLDS = frozenset(
    {"large", "small", "huge", "tiny", "long", "short", "slow", "recent", "heavy", "excessive"}
)
_BE_BEFORE = re.compile(
    r"\b(?:is|are|gets?|becomes?|grows?)\s+(?:too\s+|very\s+|quite\s+)?$", re.IGNORECASE
)
# "WHEN a large file is uploaded THEN ...": the word is in the condition the requirement applies
# under, and names a thing ("when a large file"). Not after "for": it opens too many phrases that
# set no condition ("for large allocations, we can ...", "SLO for short").
_WORD_AFTER = re.compile(r"\s+\w")
_CONDITION_BEFORE = re.compile(
    r"\b(?:when|whenever|if|while|once)\s+(?:(?:a|an|the|any|each|every|too|very)\s+)?$",
    re.IGNORECASE,
)


def _draws_a_line(ctx: Context, block: Block, span: tuple[int, int], start: int, end: int) -> bool:
    """A threshold word at [start, end) is the subject's ("large exports must ...") or a
    condition's predicate ("... when it is large") in a requirement sentence."""
    if not is_requirement(ctx, block, span):
        return False
    window = max(span[0], start - 24)
    if _BE_BEFORE.search(block.prose, window, start):
        return True
    if _CONDITION_BEFORE.search(block.prose, window, start) and _WORD_AFTER.match(block.prose, end):
        return True
    stated = [a for a, b in requirement_markers(ctx, block, span) if a == b and a <= start]
    if stated and _STATED_SUBJECT.fullmatch(block.prose, stated[-1], start):
        return True  # a criterion stated without a modal, about "Large orders"
    return not in_requirement(ctx, block, span, start) and (
        requirement_predicate(ctx, block, span, start, end) is not None
    )


# Before a size word that starts a criterion stated without a modal (see `requirement_markers`):
# "Large orders are split", "The long videos are transcoded".
_STATED_SUBJECT = re.compile(r"\s*(?:(?:the|a|an|all|any|each|every|very|too)\s+)?", re.I)


# "Should the request fail, ..." is a conditional; so is "should" after "if/when" in a subordinate
# clause ("if the request should fail").
# "Situations where X should be consumed", "control over where work should run": the clause
# describes or asks, as after "when".
_IF = ("if", "when", "where", "whether", "in case", "unless", "lest", "what", "how", "why")
_TO_WHICH = (
    "to", "for", "in", "by", "from", "on", "with", "into", "at", "under", "over", "through",
    "after", "before", "within", "during",
)  # fmt: skip
_ASKING = (
    "say", "says", "saying", "decide", "decides", "deciding", "specify", "specifies",
    "specifying", "know", "knows", "knowing", "choose", "chooses", "choosing", "determine",
    "determines", "determining", "ask", "asks", "asking", "describe", "describes", "describing",
    "customize", "customizes", "customizing", "configure", "configures", "configuring",
)  # fmt: skip
_CONDITIONAL_BEFORE = re.compile(
    # The condition ends at a comma or at THEN (EARS): "WHEN x THEN the system should" obliges.
    rf"\b(?:{'|'.join(_IF)})\b(?:(?!\bthen\b)[^,;])*$"
    # "the path to which output should be written": a relative clause that describes.
    rf"|\b(?:{'|'.join(_TO_WHICH)}) (?:which|whom)\b[^,;]*$"
    # "saying which operators a constraint should support": an indirect question.
    rf"|\b(?:{'|'.join(_ASKING)})\s+(?:which|what|how|whether)\b[^,;]*$",
    re.I,
)
# "behaves as it should", "as of course it should": an idiom, no obligation.
_AS_IT_SHOULD = re.compile(r"\bas (?:of course )?(?:it|they|one|you|we|he|she) $", re.I)


def _as_it_should(prose: str, at: int) -> bool:
    """`_AS_IT_SHOULD` right before `at`; an ASCII text without "as " is rejected at once."""
    start = max(0, at - 22)
    window = prose[start:at]
    if window.isascii() and "as " not in window.lower():
        return False
    return _AS_IT_SHOULD.search(prose, start, at) is not None


# "should we", "may I": an inverted question or condition, whatever punctuation follows.
_PRONOUN_AFTER = re.compile(r"\s+(?:we|I|you|they|he|she|it|there|this|that|one)\b")
# "probably should", "Perhaps the tool should": the author's opinion, not an obligation.
_HEDGES = ("probably", "perhaps", "maybe", "arguably", "possibly")
_HEDGE_BEFORE = re.compile(rf"\b(?:{'|'.join(_HEDGES)})\b[^,;.]*$", re.I)
# The sentence frames the modal as a guess, an opinion or a consequence: "it's possible that X
# should", "it's clear to me that X should", "we expect that this should", "..., so the result
# should be readable".
# Their first words:
_FRAMES = (
    "it", "i", "we", "in", "hopefully", "presumably", "and", "so", "indicate", "indicates",
    "indicating", "signal", "signals", "specify", "specifies", "specifying", "declare",
    "declares", "declaring",
)  # fmt: skip
_FRAMED_BEFORE = re.compile(
    r"\b(?:(?:it'?s|it is) (?:possible|likely|unlikely|conceivable) that|i think|we think|"
    # "it would seem that an implementation should": a line of reasoning, not a decision.
    r"it (?:would |might )?seems? (?:that|like)|(?:it'?s|it is) (?:not clear|unclear) that|"
    r"(?:it'?s|it is) (?:very |quite )?(?:clear|obvious) to (?:me|us) that|"
    r"i feel|we feel|in my opinion|in our opinion|"
    r"i believe|we believe|i expect|we expect|hopefully|in theory|presumably)\b|"
    # "to indicate that the compiler should", "specifies that the method should be translated":
    # what a signal or an attribute means.
    r"\b(?:indicate|indicates|indicating|signal|signals|specify|specifies|specifying|declare|"
    r"declares|declaring) that\b[^,;]*$|"
    r"\band\s+(?:so|thus|hence|therefore)\s+(?!that\b)|"
    # "This is additive so should not break": a consequence with its subject left out.
    r"\bso\s+$",
    re.IGNORECASE,
)
# "the result should eliminate", "this behavior should reduce": the expected outcome of a
# change, not an obligation. The subject ends right before the modal.
_OUTCOME_SUBJECT = re.compile(
    r"\b(?:(?:the|this|that) (?:(?:overall|net|end|expected) )?(?:result|outcome)s?|"
    r"this (?:behaviou?r|change|approach|optimi[sz]ation))\s+$",
    re.IGNORECASE,
)
_SO_AFTER_COMMA = re.compile(r",\s+(?:so|thus|hence|therefore)\s+(?!that\b)", re.IGNORECASE)
_FIRST_PERSON = ("I", "we", "We", "you", "You")
_FIRST_PERSON_BEFORE = re.compile(rf"\b(?:{'|'.join(_FIRST_PERSON)})\s+(?:\w+\s+){{0,2}}$")
# What in a sentence's start before the modal makes it no obligation, in one scan of its words.
_NOT_AN_OBLIGATION_BEFORE = word_searcher(
    (*_IF, *_TO_WHICH, *_ASKING, *_HEDGES, *_FRAMES, *_FIRST_PERSON),
    (_CONDITIONAL_BEFORE, _FIRST_PERSON_BEFORE, _HEDGE_BEFORE, _FRAMED_BEFORE),
)


def _no_obligation_before(before: str) -> bool:
    """A condition, a first person, a hedge, a frame or a change's outcome before the modal
    ("if it should", "we should", "perhaps the tool should", "..., so it should", "the result
    should")."""
    return (
        _NOT_AN_OBLIGATION_BEFORE(before)
        or ("," in before and _SO_AFTER_COMMA.search(before) is not None)
        or _OUTCOME_SUBJECT.search(before, max(0, len(before) - 48)) is not None
        or _GENERIC_ONE.fullmatch(before) is not None
    )


# "One should not refer to the task after it ran": advice to anyone, as "you should" is. (Not
# "One replica should stay warm", where "one" counts.)
_GENERIC_ONE = re.compile(r"\W*One\s+")


_DETERMINERS = ("the", "this", "that", "our", "each", "every", "a", "an", "its")


@cache
def _subject_pattern(nouns: tuple[str, ...]) -> re.Pattern[str]:
    body = alternation(nouns)
    # "the export service may", "The API could", "each worker might also": the noun ends the
    # subject right before the modal.
    return re.compile(
        rf"\b(?:{'|'.join(_DETERMINERS)})\s+(?:[\w-]+\s+){{0,3}}?(?:{body})s?\s+"
        rf"(?:also\s+|then\s+|still\s+)?$",
        re.IGNORECASE,
    )


@rule("ambiguity/weak-modal")
def weak_modal(ctx: Context) -> Iterator[Hit]:
    """Weak modal verb in a requirement: should, may, might, could, is expected to.

    ## Why
    "Should" leaves the requirement optional: is the system wrong when it does not? "The service
    may retry" does not say whether it must. The rule keeps out of what is not a requirement:
    "the user may cancel" grants a permission to a person, and "the implementation may choose to
    skip it" names who decides, as the fix asks; "should" in a question, a condition ("should
    the call fail, ..."), a prediction ("this should be rare", "the result should eliminate the
    loop", "should add only 40 us"), a line of reasoning ("it would seem that X should"), what a
    signal means ("to indicate that the compiler should"), reported speech or a user story is no
    obligation. When the spec declares RFC 2119 / BCP 14 keywords (or the config sets `rfc2119 =
    true`), upper-case SHOULD and MAY are deliberate and are not flagged; lower-case "should"
    still is. EARS sentences ("WHEN ... THEN the system SHALL ...") are normative.

    ## Bad
    ```markdown
    The export service should retry a failed upload three times.
    ```

    ## Good
    ```markdown
    The export service must retry a failed upload three times.
    The user may cancel an export while it runs.
    ```

    ## Fix
    Decide: if the behaviour is required, write "must" (or "shall"); if it is optional, say who
    decides and when. The suggested fix replaces the modal with "must"; it is not marked safe
    because it changes the meaning.

    ## Source
    RFC 2119 / BCP 14 (RFC 8174 for case); INCOSE Guide for Writing Requirements (state a
    requirement with "shall" or "must"); NASA ARM "options" (may, might, could) and weak phrases.
    """
    rfc = ctx.spec.rfc2119
    epistemic = ctx.of_config(
        "epistemic", lambda: after_pattern(ctx.words("epistemic_after_modal")).match
    )
    possibility = ctx.of_config(
        "possibility", lambda: after_pattern(ctx.words("possibility_after_may")).match
    )
    subject = ctx.of_config(
        "system subject",
        lambda: word_searcher(_DETERMINERS, (_subject_pattern(ctx.words("system_subject")),)),
    )
    for name in ("weak_modal", "weak_modal_system"):
        for block, s0, e0 in _normative(ctx, name):
            prose = block.prose
            word = prose[s0:e0]
            if rfc and word.isupper():
                continue  # an RFC 2119 keyword, used as one
            span = sentence_span(block, s0)
            before = prose[span[0] : s0]
            if not before.strip() or is_question(block, span):
                continue  # "Should the call fail, ..." / "Should we ...?"
            if _no_obligation_before(before):
                continue
            sentence = prose[span[0] : span[1]]
            if reports_speech(ctx, before) or USER_STORY.match(sentence):
                continue
            first_word_end = s0 + len(word.split()[0])  # "should| not significantly"
            if (
                epistemic(prose, e0)
                or (first_word_end != e0 and epistemic(prose, first_word_end))
                or _PRONOUN_AFTER.match(prose, e0)
            ):
                continue
            if _as_it_should(prose, s0):
                continue
            if name == "weak_modal_system" and (not subject(before) or possibility(prose, e0)):
                continue  # a permission ("the user may") or a possibility ("this may cause")
            lemma = " ".join(word.split())
            fix = Fix(
                f"Replace '{lemma}' with 'must'",
                (
                    _suggest_edit(
                        ctx,
                        block,
                        s0,
                        e0,
                        match_case(word, "must not" if lemma.lower().endswith(" not") else "must"),
                    ),
                ),
            )
            yield Hit(
                block.start + s0,
                block.start + e0,
                f"'{lemma}' makes this optional: write 'must' if it is required, "
                "or say who decides",
                (fix,),
            )


@rule("ambiguity/escape-clause")
def escape_clause(ctx: Context) -> Iterator[Hit]:
    """Escape clause that lets the requirement off: if possible, as appropriate, where applicable.

    ## Why
    "The system retries, if possible" is met by never retrying: every reader decides for
    themselves when it was not possible. Hedges such as "usually" or "in general" do the same
    inside a requirement. "As required by RFC 9110" cites an obligation and is not flagged, nor
    is a hedge under a "should" that obliges nobody ("we should reuse it as much as possible").

    ## Bad
    ```markdown
    The service must encrypt exports at rest where applicable.
    ```

    ## Good
    ```markdown
    The service must encrypt every export at rest with AES-256.
    ```

    ## Fix
    Name the condition ("when the export is larger than 1 MB") or delete the clause. The
    suggested fix deletes it; it is not safe, since the condition may be real and unwritten.

    ## Source
    INCOSE Guide for Writing Requirements, "avoid escape clauses"; NASA ARM weak phrases
    ("as appropriate", "if practical").
    """
    for block, s0, e0, _span in _tiered(ctx, "escape_clause", spans=False):
        start, end = (s0, e0)
        prose = block.prose
        # Delete the clause with the comma that sets it off.
        if start >= 2 and prose[start - 2 : start] == ", ":
            start -= 2
        elif prose[end : end + 2] == ", ":
            end += 2
        elif start >= 1 and prose[start - 1] == " ":
            start -= 1
        phrase = _word(block, s0, e0)
        yield Hit(
            block.start + s0,
            block.start + e0,
            f"'{phrase}' lets the requirement off: name the condition, or delete it",
            (Fix(f"Delete '{phrase}'", (_suggest_edit(ctx, block, start, end, ""),)),),
        )


def _close_list_edit(ctx: Context, block: Block, start: int, end: int) -> Edit:
    """Remove ", etc." so that the list ends at its last item; keep a sentence-ending period."""
    prose = block.prose
    phrase = prose[start:end]
    if start >= 2 and prose[start - 2 : start] == ", ":
        start -= 2
    elif start >= 1 and prose[start - 1] == " ":
        start -= 1
    if phrase.endswith(".") and not prose[end:].strip(" )]\n"):
        end -= 1  # "CSV, JSON, etc." -> "CSV, JSON."
    return _suggest_edit(ctx, block, start, end, "")


# "`shape_0`, `shape_1`, etc.", "`SIMD2<T>`, `SIMD3<T>`, and so on", "the first row, then the
# second row, etc.": the last two items differ only in a number or an ordinal, so a description
# goes on by that count and nothing is left to guess. A requirement's "must accept v1, v2, etc."
# still leaves open how far.
_CONTINUING = frozenset({"etc", "etc.", "et cetera", "and so on", "and so forth"})
_SERIES_REACH = 160  # characters before the marker where the series' last two items stand
_COUNT = re.compile(
    r"\d+|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next)\b",
    re.IGNORECASE,
)
_ITEM_SEPARATOR = re.compile(
    r"\s*,\s*(?:(?:and|or|then|followed by)\s+)?|\s+(?:then|followed by)\s+"
)


# "for example, packages for energy, mass, length etc.", "tools like readelf, objdump, and so
# on": the series is given as examples.
_EXAMPLES = re.compile(
    r"\be\.\s?g\.|\bfor (?:example|instance)\b|\bsuch as\b|\blike\b|\bincluding\b", re.I
)


def _given_as_examples(block: Block, at: int) -> bool:
    """The series that the marker at `at` (block-relative) ends was introduced as examples
    ("e.g.", "for example", "such as", "like") in the same clause, or in parentheses after the
    noun whose members they are: the sentence says it is no full list."""
    prose = block.prose
    start = max(sentence_span(block, at)[0], at - _SERIES_REACH, prose.rfind(";", 0, at) + 1)
    if _EXAMPLES.search(prose, start, at) is not None:
        return True
    # "exported definitions (functions, constants, etc.)": members of the thing named right
    # before the parenthesis, which the sentence is about.
    opened = prose.rfind("(", start, at)
    return (
        opened > 1
        and ")" not in prose[opened:at]
        and prose[opened - 1] == " "
        and (prose[opened - 2].isalnum() or prose[opened - 2] == "_")
    )


# "Registries are free to use whatever signals fit (recency, popularity, etc.)": the sentence
# leaves the choice to someone, which is what the rule asks it to say.
_LEFT_TO = re.compile(
    r"\b(?:free to|whatever|at (?:its|their|his|her|the [\w-]+'s) (?:own )?discretion)\b", re.I
)


# "transfers control to the next handler, and so on, until one returns", "testing the first
# error, then the next, and so on, to the end of the chain": a step repeated up to a stated end
# is no open list.
_BOUNDED_AFTER = re.compile(
    r",?\s+(?:until|till|up to|down to|all the way to|to the (?:end|last|top|bottom|root))\b", re.I
)


def _repeated_to_an_end(block: Block, end: int) -> bool:
    """The "and so on" ending at `end` (block-relative) is followed by where the repetition
    stops."""
    return _BOUNDED_AFTER.match(block.prose, end) is not None


def _left_to_someone(block: Block, at: int) -> bool:
    """The sentence of the marker at `at` leaves the list's membership to someone's choice,
    before the marker."""
    return _LEFT_TO.search(block.prose, sentence_span(block, at)[0], at) is not None


def _counts_on(text: str, at: int) -> bool:
    """The series that the marker at `at` continues counts on: its last item is the one
    before it (or that one's end) with another number or ordinal in the same places."""
    before = text[max(0, at - _SERIES_REACH) : at].rstrip(" ,")
    items = [i for i in _ITEM_SEPARATOR.split(before) if i.strip()]
    if len(items) < 2:
        return False
    last, previous = " ".join(items[-1].split()), " ".join(items[-2].split())
    if last == previous or not _COUNT.search(last):
        return False
    shape, shape_before = _COUNT.sub("#", last), _COUNT.sub("#", previous)
    return shape == shape_before or shape_before.endswith(" " + shape)


def _required_list(ctx: Context, block: Block, start: int) -> bool:
    """The list at `start` is what a requirement requires: within a modal's reach, or anywhere
    in a criterion stated without one ("Flags can target users by attributes like country,
    plan, etc." under "## Requirements"), where the list is the scope to build."""
    span = sentence_span(block, start)
    # (In parentheses, the list is what the words before them require: "must support the
    # usual formats (CSV, JSON, etc.)".)
    opened = block.prose.rfind("(", span[0], start)
    if opened >= 0 and ")" in block.prose[opened:start]:
        opened = -1
    if in_requirement(ctx, block, span, start if opened < 0 else opened):
        return True
    markers = requirement_markers(ctx, block, span)
    return bool(markers) and markers[0][0] == markers[0][1] and not is_question(block, span)


@rule("ambiguity/open-ended")
def open_ended(ctx: Context) -> Iterator[Hit]:
    """Open-ended list or clause: etc., and so on, including but not limited to, and/or.

    ## Why
    A list that ends in "etc." asks the reader to guess the rest; "and/or" in a requirement
    leaves open whether both may happen (a description, "names of parameter and/or result
    types", says just that, and is not flagged). Inside a requirement, "such as" and "for
    example" leave the scope open too, if configured (see the word lists).
    A series that counts on in a description ("shapes are named `shape_0`, `shape_1`, etc.",
    "the first row, then the second row, and so on") leaves nothing to guess and is not flagged,
    nor is a series the description gives as examples ("for example, packages for energy, mass,
    etc.", "tools like readelf, objdump, and so on", "exported definitions (functions,
    constants, etc.)"); in a requirement ("must accept v1, v2,
    etc.", "must accept, e.g., CSV, JSON, etc.") either still leaves open how far. A list whose
    sentence leaves the choice to someone ("registries are free to use whatever signals fit:
    recency, popularity, etc.") says what decides, and is not flagged; nor is a step repeated up
    to a stated end ("the next handler above it, and so on, until one handles it").

    ## Bad
    ```markdown
    The export must support CSV, JSON, etc.
    ```

    ## Good
    ```markdown
    The export must support CSV and JSON.
    ```

    ## Fix
    List every item, or name the rule that decides membership ("every format in
    `formats.yaml`"). For "and/or" write "A or B or both", or pick one. Suggested fixes (never
    safe): delete "etc." and close the list; replace "and/or" with "or".

    ## Source
    INCOSE Guide for Writing Requirements, "avoid open-ended clauses"; NASA ARM incompletes
    ("and so on", "etc.").
    """
    for block, s0, e0, _span in _tiered(ctx, "open_ended", spans=False):
        phrase = _word(block, s0, e0)
        low = phrase.lower()
        if (
            low in _CONTINUING
            and (_counts_on(block.text, s0) or _given_as_examples(block, s0))
            and not _required_list(ctx, block, s0)
        ):
            continue
        if low in _CONTINUING and _left_to_someone(block, s0):
            continue
        if low in ("and so on", "and so forth") and _repeated_to_an_end(block, e0):
            continue
        fixes: tuple[Fix, ...] = ()
        if low.startswith("etc") or low == "et cetera":
            message = f"'{phrase}' leaves the list open: list every item, or say what decides"
            edit = _close_list_edit(ctx, block, s0, e0)
            fixes = (Fix(f"Delete '{phrase}' and close the list", (edit,)),)
        elif low == "and/or":
            message = "'and/or' is ambiguous: write 'A or B or both', or pick one"
            fixes = (
                Fix(
                    "Replace 'and/or' with 'or'",
                    (_suggest_edit(ctx, block, s0, e0, "or"),),
                ),
            )
        else:
            message = f"'{phrase}' leaves the scope open: list every case the requirement covers"
        yield Hit(block.start + s0, block.start + e0, message, fixes)


# "To be determined" is a placeholder when it stands for a value: "the encoding is to be
# determined", "(to be decided)", "still to be defined"; not in "bytecodes to be defined" or
# "to be determined by each operator", which say who decides.
_VALUE_BEFORE = re.compile(
    r"(?:\b(?:is|are|was|were|remains?|still|yet|currently|be)\s+|[(\[:—–-]\s*|^\s*)$", re.I
)
_BY_AFTER = re.compile(r"\s+by\b", re.I)


def _stands_for_value(prose: str, start: int, end: int) -> bool:
    return bool(_VALUE_BEFORE.search(prose, max(0, start - 20), start)) and not _BY_AFTER.match(
        prose, end
    )


@rule("ambiguity/placeholder")
def placeholder(ctx: Context) -> Iterator[Hit]:
    """Placeholder left in the spec: TBD, TODO, ???, [NEEDS CLARIFICATION].

    ## Why
    A placeholder is a decision nobody has taken yet. A coding agent that meets "TBD" fills the
    gap with a guess, silently. It is flagged wherever it stands, headings and background
    included.

    ## Bad
    ```markdown
    The session timeout is TBD.
    ```

    ## Good
    ```markdown
    The session expires after 30 minutes without a request.
    ```

    ## Fix
    Take the decision and write it down, or move the open point to an explicit "Open questions"
    list with an owner and a date.

    ## Source
    NASA ARM (Automated Requirement Measurement) "incompletes": TBD, TBS, TBR; GitHub spec-kit's
    `[NEEDS CLARIFICATION: ...]` marker.
    """
    found = occurrences(ctx)
    for name in ("placeholder", "placeholder_phrase"):
        for block, start, end in found.get(name, ()):
            if name == "placeholder_phrase" and not _stands_for_value(block.prose, start, end):
                continue  # "bytecodes to be defined", "to be determined by the operator"
            yield Hit(
                block.start + start,
                block.start + end,
                f"'{_word(block, start, end)}' is a placeholder: "
                "take the decision and write it here",
            )
    if "NEEDS CLARIFICATION" not in ctx.spec.text:
        return
    for block in ctx.blocks():
        # The marker is prose for spec-kit; its brackets may read as a link label to markdown-it.
        text = block.text
        if "NEEDS CLARIFICATION" not in text:
            continue
        for m in NEEDS_CLARIFICATION.finditer(text):
            if not block.prose[m.start() + 1 : m.start() + 6].strip():
                continue  # inside a code span or a quotation
            yield Hit(
                block.start + m.start(),
                block.start + m.end(),
                "open clarification: answer it (spec-lint clarify) and replace the marker",
            )


_BOUND_AFTER = re.compile(r"\s*\(\s*(?:at most|at least|up to|about|~|≤|<=|<)?\s*\d")
# A list that ends the sentence after a colon counts the quantity out ("a couple of built-ins:
# `panic` and `recover`"): two items or more, each a code span or at most two words (an article
# aside), joined by commas, "and" or "or"; "etc." leaves it open. A clause after the colon
# ("it backs off and logs") opens with its subject, a pronoun: not a list.
_ITEM = r"(?:`[^`\n]+`|(?!(?:etc|others|more)\b)(?:(?:the|a|an) )?[\w'-]+(?: [\w'-]+)?)"
_ENUMERATION = re.compile(
    rf"\s*(?!(?:it|they|we|you|he|she|this|that|these|those|there)\b)"
    rf"{_ITEM}(?:,? (?:and|or) {_ITEM}|, {_ITEM})+[\s.;)]*"
)


def _counted_out(block: Block, end: int, span: tuple[int, int]) -> bool:
    """After the quantity ending at `end`, the sentence `span` (block-relative) ends with a
    colon and the list of its items."""
    colon = block.prose.find(":", end, span[1])
    return colon != -1 and _ENUMERATION.fullmatch(block.text, colon + 1, span[1]) is not None


@rule("ambiguity/unbounded-quantity")
def unbounded_quantity(ctx: Context) -> Iterator[Hit]:
    """Indefinite quantity in a requirement: some, several, many, a few, various.

    ## Why
    "Retries several times" is met by two retries and by twenty. Quantities in a requirement need
    a number, a range or a limit. A number right after the word ("several (at most 5)") bounds it,
    and so does the list of the items closing the sentence after a colon ("a couple of
    built-ins: `panic` and `recover`").
    Only requirement sentences (must, shall, should, needs to) are checked: "many users asked for
    this" in a narrative is no requirement.

    ## Bad
    ```markdown
    The client must retry several times before it reports an error.
    ```

    ## Good
    ```markdown
    The client must retry 3 times, 2 seconds apart, before it reports an error.
    ```

    ## Fix
    Write the number, the range ("2 to 5") or the limit ("at most 10").

    ## Source
    INCOSE Guide for Writing Requirements, R7 "avoid vague terms" (some, several, many);
    Femmer et al.
    2017 (vague quantifiers).
    """
    for block, s0, e0, span in _tiered(ctx, "unbounded_quantity"):
        if not in_requirement(ctx, block, span, s0):
            continue
        if _BOUND_AFTER.match(block.prose, e0) or _counted_out(block, e0, span):
            continue
        word = _word(block, s0, e0)
        yield Hit(
            block.start + s0,
            block.start + e0,
            f"'{word}' is no number: write how many (a number, a range or a limit)",
        )


_CONFIGURABLE = re.compile(r"\bconfigur\w*|\bsetting|\boption|\bparameter|\btunable\b", re.I)
# A limit on a count or a rate, matched where a `limit_word` starts: "limit invitations per
# owner", "limit the number of retries", "rate-limited", "throttles uploads", "a quota". Not
# "limit the scope of the change" or "limited to admins", which bound no number.
_COUNT_LIMIT = re.compile(
    r"(?:rate[- ]limit\w*|throttl\w+|quotas?\b"
    r"|(?:limit|cap)\w* (?:the )?(?:number|count|rate|size|amount|frequency|length) of\b"
    r"|(?:limit|cap)\w* (?:[\w-]+ ){1,3}?per [\w-]+)",
    re.IGNORECASE,
)
_A_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS}|once|twice|unlimited)\b|\bno (?:limit|cap)", re.I)


def _sets_a_number(sentence: str) -> bool:
    """The sentence gives a value: a number, "twice", "no limit"... The id a requirement leads
    with ("**FR-007**: The system MUST rate-limit ...") is its label, not a value."""
    lead = LEADING_REQ.match(sentence)
    return _A_NUMBER.search(sentence, lead.end() if lead else 0) is not None


# The kind of target a quality needs, by a word of its name (time, the default, last).
_TARGETS = (
    (("page load", "load time", "startup", "start-up", "recovery time"), "p95 < 2 s"),
    (("uptime", "availability"), "99.9% per month"),
    (("throughput", "per second", "traffic", "load", "concurrent"), "500 requests per second"),
    (("memory", "cpu"), "512 MiB per instance"),
    (("error rate",), "< 0.1% of requests"),
    (("retention",), "30 days"),
    (("rto", "rpo"), "RPO 5 minutes, RTO 1 hour"),
)


def _example_target(word: str) -> str:
    low = word.lower()
    for keys, example in _TARGETS:
        if any(k in low for k in keys):
            return example
    return "p95 < 200 ms"


def _subject_of(ctx: Context, block: Block, span: tuple[int, int], start: int) -> bool:
    """The word at `start` is in the subject of a requirement: before its first modal, in
    the same clause ("Latency of the address lookup must be low")."""
    if not is_requirement(ctx, block, span):
        return False
    a, b = requirement_markers(ctx, block, span)[0]
    return a > start and a != b and _CLAUSE_OR_SUBORDINATE.search(block.prose, start, a) is None


# A clause break between a word and the modal: it is no subject of the requirement ("when
# latency spikes, the service must shed load").
_CLAUSE_OR_SUBORDINATE = re.compile(
    r"[,;:()]|\b(?:when|whenever|if|once|after|before|until|while|because|since|unless)\b", re.I
)


@rule("ambiguity/unmeasured-requirement")
def unmeasured_requirement(ctx: Context) -> Iterator[Hit]:
    """Requirement on latency, throughput, uptime, or a limit, with no number in the sentence.

    ## Why
    "Latency must be low" names the quality to measure and then does not measure it. A quality
    requirement is testable when it has a number, a unit and a condition (p95 < 200 ms at 100
    requests per second). A limit on a count or a rate is a number too: "the system shall limit
    invitations per owner", "uploads must be rate-limited" leave the implementer to pick it
    (not "limit the scope" or "limited to admins", which bound no number). A sentence that makes
    the value configurable is not flagged, nor a table cell whose row gives the target ("|
    Payment API latency | p99 < 800 ms |").

    ## Bad
    ```markdown
    The API must keep latency low under load.
    ```

    ## Good
    ```markdown
    The API must keep p95 latency under 200 ms at 500 requests per second.
    ```

    ## Fix
    State the target with its unit and the conditions under which it is measured.

    ## Source
    ISO/IEC 25010 quality characteristics; INCOSE Guide for Writing Requirements, R6 "units"
    (every number with its unit) and "quantify" performance.
    """
    seen: set[int] = set()
    for block, s0, e0 in _normative(ctx, "quality_attribute"):
        span = sentence_span(block, s0)
        key = block.start + span[0]
        if key in seen or not (
            in_requirement(ctx, block, span, s0) or _subject_of(ctx, block, span, s0)
        ):
            continue
        sentence = block.prose[span[0] : span[1]]
        if measured_in(ctx, block, sentence) or _CONFIGURABLE.search(sentence):
            continue
        seen.add(key)
        word = _word(block, s0, e0)
        yield Hit(
            block.start + s0,
            block.start + e0,
            f"'{word}' has no target: give a number and a unit, e.g. {_example_target(word)}",
        )
    for block, s0, _ in _normative(ctx, "limit_word"):
        limit = _COUNT_LIMIT.match(block.prose, s0)
        if limit is None:
            continue
        span = sentence_span(block, s0)
        if not in_requirement(ctx, block, span, s0):
            continue
        sentence = block.prose[span[0] : span[1]]
        if _sets_a_number(sentence) or _CONFIGURABLE.search(sentence):
            continue
        phrase = _word(block, s0, limit.end())
        yield Hit(
            block.start + s0,
            block.start + limit.end(),
            f"'{phrase}' sets no value: say how many (e.g. 20 per owner per day) "
            "and what happens above it",
        )


@rule("ambiguity/comparative")
def comparative(ctx: Context) -> Iterator[Hit]:
    """Comparative or superlative with no baseline: faster, better, improved, the best.

    ## Why
    "The new importer must be faster" than what, and by how much? A comparative in a requirement
    needs its baseline ("than release 2.3") and an amount. "Lower case" and "upper bound" are
    names, not claims, and are not flagged; narrative sentences are not checked.

    ## Bad
    ```markdown
    The new importer must be faster and use fewer resources.
    ```

    ## Good
    ```markdown
    The new importer must be 30% faster than release 2.3 on the 1 GB benchmark file.
    ```

    ## Fix
    Name the baseline ("than release 2.3", "than today's p95 of 800 ms") and the amount, or
    replace the comparison with an absolute target.

    ## Source
    INCOSE Guide for Writing Requirements, R7 "avoid vague terms" and "avoid comparative
    phrases"; Femmer et al.
    2017 (comparative and superlative adjectives).
    """
    baseline = ctx.pattern("comparative_baseline")
    for block, s0, e0, span in _tiered(ctx, "comparative"):
        if not governed(ctx, block, span, s0, e0):
            continue
        sentence = block.prose[span[0] : span[1]]
        if baseline.search(sentence) or measured(ctx, sentence):
            continue
        word = _word(block, s0, e0)
        yield Hit(
            block.start + s0,
            block.start + e0,
            f"'{word}' compared with what? Name the baseline and the amount",
        )


# "Held at all times while writing": the times are bounded by what follows, an invariant over a
# stated period, not a promise without exception.
# "at 100%", "rolled out to 100%", "from 0 to 100%": a level on a scale, no promise.
_LEVEL_BEFORE = re.compile(r"\b(?:at|to|from|reach(?:es|ed)?|between|and)\s+$", re.I)
_WHILE_AFTER = re.compile(r",?\s+(?:while|during|whenever|when|between|until|as long as)\b", re.I)
_FREQUENCY_AFTER = re.compile(
    r"\s+(?:\d|other\b|few\b|one\b|two\b|three\b|four\b|five\b|ten\b|second\b|minute\b|hour\b|"
    r"day\b|week\b|month\b|year\b|night\b|morning\b|time\b)",
    re.I,
)


@rule("ambiguity/absolute", Severity.INFO)
def absolute(ctx: Context) -> Iterator[Hit]:
    """Absolute that promises an outcome: always respond, never fail, 100% uptime. Confirm it.

    ## Why
    "The service must always respond within 2 seconds" admits no exception: not during an
    outage, not for a 1 GB export. No system keeps such a promise and no test verifies it, so
    it hides the exception nobody wrote down. Flagged: an absolute that qualifies an outcome
    or quality (always respond, succeed, available, correct, secure; never fail, lose, crash,
    time out; a time bound), in the requirement's own clause, and absolutes that are such a
    claim by themselves (100%, impossible, at all times, under all circumstances). Not flagged:
    an absolute that quantifies over a defined set in a rule ("must specify all type
    arguments", "must never refer to itself", "must always be loaded"), which is meant and
    which nobody would write an exception for; "must always fail" (a required failure); a
    sentence that names its exceptions ("except", "unless"); "every 5 minutes" (a frequency);
    "at all times while a batch is open" (an invariant over a stated period). Info severity:
    confirm, do not necessarily change.

    ## Bad
    ```markdown
    The service must always respond within 2 seconds.
    ```

    ## Good
    ```markdown
    The service must respond within 2 seconds, except for exports larger than 1 GB.
    ```

    ## Fix
    Confirm the absolute, or name its exceptions in the same sentence.

    ## Source
    INCOSE Guide for Writing Requirements, "avoid absolutes" (100% reliability, 100%
    availability) and "universal qualification" (all, always, never); ISO/IEC 25010 quality
    characteristics.
    """
    limiters = ctx.pattern("absolute_limiters")
    for block, s0, e0, span in _tiered(ctx, "absolute"):
        predicate = requirement_predicate(ctx, block, span, s0, e0)
        if predicate is None or limiters.search(block.prose, span[0], span[1]):
            continue
        word = _word(block, s0, e0)
        if word.lower() == "every" and _FREQUENCY_AFTER.match(block.prose, e0):
            continue
        if word.lower() == "at all times" and _WHILE_AFTER.match(block.prose, e0):
            continue
        if word[:3] == "100" and _LEVEL_BEFORE.search(block.prose, span[0], s0):
            continue
        if not _promises_outcome(ctx, block.prose, word, predicate):
            continue
        yield Hit(
            block.start + s0,
            block.start + e0,
            f"'{word}' admits no exception: confirm it, or name the exceptions",
        )


_OUTCOME_REACH = 3  # words between the modal and the outcome: "must always be available"


def _promises_outcome(ctx: Context, prose: str, word: str, predicate: tuple[int, int]) -> bool:
    """The absolute is a claim by itself ("100%"), or what its requirement requires holds an
    outcome it promises without exception: a good one after a promising absolute ("always
    respond"), a bad one after a negative absolute ("never fail"), or a time bound."""
    key = word.lower()
    if key in ctx.of_config("absolute claims", lambda: _phrases(ctx.words("absolute_claim"))):
        return True
    a, b = predicate
    bound = ctx.of_config("time bound", lambda: _time_bound(ctx.words("absolute_time_unit")))
    if bound.search(prose, a, b):
        return True
    negative = key in ctx.of_config(
        "absolute negatives", lambda: _phrases(ctx.words("absolute_negative"))
    )
    outcomes = ctx.pattern("absolute_failure" if negative else "absolute_outcome")
    found = outcomes.search(prose, a, b)
    # Near the modal, the outcome is what is required ("must never be lost"); further on it
    # belongs to an object of its own ("must ensure sufficient space is available").
    return found is not None and len(prose[a : found.start()].split()) <= _OUTCOME_REACH


def _phrases(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(norm_phrase, words))


def _time_bound(units: tuple[str, ...]) -> re.Pattern[str]:
    """A bound on time: "within 2 seconds", "more than 10 ms", "exceed 1 min"."""
    return re.compile(
        r"\b(?:within|under|(?:less|more|longer) than|at most|exceed(?:s|ing)?)\s+"
        rf"\d+(?:\.\d+)?\s*(?:{alternation(units)})(?![\w-])",
        re.IGNORECASE,
    )


_BRIDGE = re.compile(
    r"(?:\s*(?:of|is|are|=|:|to|at|be|must|shall|should|set|defaults?|equals?|will|up|"
    r"maximum|max|minimum|min|value|limit|a|the|configured|fixed)\b)*\s*[:=]?\s*"
    r"(?P<num>\d+(?:\.\d+)?)(?![\d.,]\d|[\w/-])"
)
# Words after a number that are not its unit: the number is bare.
_NOT_A_UNIT = re.compile(
    r"\s*(?:$|[.,;:!?)\]]|(?:and|or|to|for|in|on|at|is|are|was|by|with|when|if|but|after|"
    r"before|the|a|an|so|which|that|unless|until|then|while|because)\b)",
    re.I,
)
_SIZE_NOUN = re.compile(r"size|memory|bandwidth|quota|cache", re.I)


@rule("ambiguity/number-without-unit")
def number_without_unit(ctx: Context) -> Iterator[Hit]:
    """Number with no unit where one is needed: "a timeout of 30", "max size 10".

    ## Why
    "A timeout of 30" is 30 seconds to one reader and 30 milliseconds to the next; "max size 10"
    may be megabytes or items. The rule looks at settings that need a unit (timeouts, intervals,
    sizes, rate limits) followed by a bare number.

    ## Bad
    ```markdown
    Each call to Okta has a timeout of 30.
    ```

    ## Good
    ```markdown
    Each call to Okta has a timeout of 30 seconds.
    ```

    ## Fix
    Write the unit after the number: "30 seconds", "10 MB", "100 requests per minute".

    ## Source
    INCOSE Guide for Writing Requirements, R6 "units" (state the unit of every number).
    """
    units = measure_pattern(ctx)
    for block, s0, e0 in _normative(ctx, "quantity_noun"):
        bridge = _BRIDGE.match(block.prose, e0)
        if bridge is None or bridge.end() - e0 > 40:
            continue
        num_start = bridge.start("num")
        if units.match(block.prose, num_start):
            continue
        if not _NOT_A_UNIT.match(block.prose, bridge.end()):
            continue  # some word follows the number: it may well be the unit ("30 workers")
        noun = _word(block, s0, e0)
        if _SIZE_NOUN.search(noun):
            example = f"{bridge.group('num')} MB"
        elif "rate" in noun.lower():
            example = f"{bridge.group('num')} requests per minute"
        else:
            example = f"{bridge.group('num')} seconds"
        yield Hit(
            block.start + num_start,
            block.start + bridge.end("num"),
            f"'{bridge.group('num')}' has no unit: write it, e.g. '{example}'",
        )


# The auxiliary right before a participle: "is approved", "must be quickly reviewed".
_PASSIVE_AUX = re.compile(
    r"\b(?:is|are|was|were|be|been|being|gets|get|got)\s+(?:\w+ly\s+|not\s+)?$", re.I
)


_BY_ACTOR = re.compile(r"\bby\b|\bvia\b|\bthrough\b", re.I)
_IDIOM_AFTER = re.compile(r"\s+for\s+granted\b", re.I)


@rule("ambiguity/passive-without-actor")
def passive_without_actor(ctx: Context) -> Iterator[Hit]:
    """Decision in the passive with no actor: "the request is approved" (by whom?).

    ## Why
    "The request is approved" hides the one fact an implementation needs: who approves, and so
    who the system asks, waits for and records. The rule looks only at decisions and actions
    whose actor matters (approved, granted, revoked, reviewed, notified...) and only when no
    "by ..." follows in the sentence.

    ## Bad
    ```markdown
    Access is granted once the request is approved.
    ```

    ## Good
    ```markdown
    Access is granted by the service once the team lead approves the request in Slack.
    ```

    ## Fix
    Name the actor: "approved by the requester's team lead", or turn the sentence around
    ("the team lead approves the request").

    ## Source
    INCOSE Guide for Writing Requirements, R2 "use active voice" (with the responsible
    entity as subject); Femmer et
    al. 2017 (passive voice smell).
    """
    for block, start, end in _normative(ctx, "actor_verb"):
        aux = _PASSIVE_AUX.search(block.prose, max(0, start - 30), start)
        if aux is None:
            continue
        span = sentence_span(block, start)
        if is_question(block, span) or _IDIOM_AFTER.match(block.prose, end):
            continue
        if _BY_ACTOR.search(block.prose, end, span[1]):
            continue
        phrase = _word(block, aux.start(), end)
        verb = _word(block, start, end)
        yield Hit(
            block.start + aux.start(),
            block.start + end,
            f"'{phrase}' by whom? Name the actor: '{verb} by <role>'",
        )
