"""Questions without a model: each question comes from one finding of the engine.

Every `decisions/` finding and most `ambiguity/` findings (and a few `terms/` and `structure/`
ones) map to a question with options. Where an option can be written into the sentence safely (a
modal verb replaced, an escape clause or an "etc." removed, a spec-kit marker filled in), the
option carries the rewritten sentence. Options that need a value only the author knows leave it
to "other" (free text) and say so in the recommendation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model import Block, Finding, Sentence, Spec
from .model import OPTION_KEYS, OTHER, Option, Question

_MARKER = re.compile(r"\[NEEDS CLARIFICATION:?\s*(?P<text>[^\]]*)\]")
_TIME_WORDS = re.compile(
    r"\b(?:time-?outs?|expires?|expiry|after|within|wait|delay|every|interval|latency|"
    r"duration|ttl|lasts?|retry|retries|idle)\b",
    re.I,
)
_SIZE_WORDS = re.compile(
    r"\b(?:size|upload|file|attachment|payload|body|storage|disk|memory)\b", re.I
)
_PERF_WORDS = frozenset(
    [
        "fast",
        "quick",
        "quickly",
        "rapid",
        "rapidly",
        "slow",
        "responsive",
        "performant",
        "high-performance",
        "efficient",
        "efficiently",
        "real-time",
        "near real-time",
        "near-real-time",
        "instantly",
        "instant",
        "immediately",
        "promptly",
        "timely",
        "low latency",
        "low-latency",
        "snappy",
    ]
)
_OPEN_LIST = frozenset(
    [
        "etc",
        "etc.",
        "and so on",
        "and so forth",
        "including but not limited to",
        "including, but not limited to",
        "but not limited to",
        "among others",
        "or similar",
        "and similar",
        "and the like",
        "or other",
    ]
)


@dataclass(frozen=True)
class Draft:
    """A question before it has an id: what to ask and the options (label, new sentence)."""

    question: str
    category: str
    options: tuple[tuple[str, str | None], ...]
    recommended: int | str  # option index, or OTHER when only the author knows the value
    reason: str


# -- text surgery ----------------------------------------------------------------------------


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def replace_in(sentence: str, start: int, end: int, new: str) -> str:
    return sentence[:start] + _match_case(new, sentence[start:end]) + sentence[end:]


def remove_from(sentence: str, start: int, end: int) -> str:
    """The sentence without [start, end), commas and spaces tidied, the full stop kept."""
    left, right = sentence[:start].rstrip(), sentence[end:].lstrip()
    if left.endswith(",") and right.startswith(","):  # a parenthetical: both commas go
        left, right = left[:-1].rstrip(), right[1:].lstrip()
    elif left.endswith(",") and (right.startswith((".", ";", ":")) or not right):
        left = left[:-1].rstrip()
    elif right.startswith(",") and not left:
        right = right[1:].lstrip()
    out = f"{left} {right}" if left and right and right[0] not in ".,;:!?" else left + right
    out = re.sub(r",\s*,", ",", out).strip()
    if sentence.rstrip().endswith(".") and not out.endswith((".", "!", "?", ":")):
        out += "."
    if not left and out:
        out = out[:1].upper() + out[1:]
    return out


# -- one template per kind of finding --------------------------------------------------------


def _weak_modal(word: str, sentence: str, a: int, b: int) -> Draft | None:
    low = word.lower()
    if "recommended" in low:
        return Draft(
            f"'{word}': is this required, or only advice?",
            "scope",
            (("Required", None), ("Advice only: implementations may differ", None)),
            0,
            "A coding agent skips what is only recommended.",
        )
    must = "must be able to" if low == "can" else "must"
    options: list[tuple[str, str | None]] = [("Mandatory (MUST)", replace_in(sentence, a, b, must))]
    if low != "may":
        options.append(("Optional (MAY)", replace_in(sentence, a, b, "may")))
    options.append(("Recommended, with the allowed exceptions stated (SHOULD)", None))
    return Draft(
        f"'{word}' leaves it open: is this mandatory or optional?",
        "scope",
        tuple(options),
        0,
        f"An implementer may treat '{word}' as optional; most requirements mean must.",
    )


def _vague(word: str, sentence: str, a: int, b: int) -> Draft | None:
    if word.lower() in _PERF_WORDS:
        return Draft(
            f"'{word}' is not measurable: what bound does it mean here?",
            "performance",
            (
                ("p95 under 200 ms at the expected load", None),
                ("p95 under 1 s at the expected load", None),
                (f"No performance requirement: '{word}' is not a requirement here", None),
            ),
            OTHER,
            "A number with a unit and a percentile is testable; type it.",
        )
    return Draft(
        f"'{word}' is not testable: what must hold for it to be true?",
        "acceptance",
        (
            ("A measurable criterion, written in this section", None),
            (f"No requirement intended: drop '{word}'", None),
            (f"Defined once in the glossary: add '{word}' there", None),
        ),
        OTHER,
        "Only you know the criterion: type it, and it is recorded with the question.",
    )


def _escape(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"'{word}' lets an implementation skip this: when, if ever, may it?",
        "scope",
        (
            (f"Always required: remove '{word}'", remove_from(sentence, a, b)),
            ("Only in stated cases, with a stated fallback", None),
            ("Best effort, never guaranteed", None),
        ),
        0,
        "An escape clause makes the requirement untestable.",
    )


def _open_ended(word: str, sentence: str, a: int, b: int) -> Draft | None:
    low = word.lower()
    if low == "and/or":
        return Draft(
            "'and/or': must both hold, or is one enough?",
            "scope",
            (
                ("Both: 'and'", replace_in(sentence, a, b, "and")),
                ("Exactly one: 'or'", replace_in(sentence, a, b, "or")),
                ("One or both", None),
            ),
            OTHER,
            "Only you know which; 'and/or' reads three ways.",
        )
    if low not in _OPEN_LIST:
        return None  # "such as", "e.g.": examples, fine as they are
    return Draft(
        f"The list with '{word}' is open: is it complete?",
        "scope",
        (
            (f"Complete: remove '{word}'", remove_from(sentence, a, b)),
            ("Examples only: the full list is defined elsewhere (link it)", None),
            ("Open by design: anyone may add items", None),
        ),
        0,
        "An open list cannot be implemented or tested completely.",
    )


def _choices(text: str) -> list[str]:
    """Alternatives named in a marker: 'auth method - email/password, SSO, or OAuth?'."""
    tail = re.split(r"\s[-–—:]\s|\(", text)[-1].strip(" ?.)")
    parts = [p.strip(" ?.") for p in re.split(r",\s*(?:or\s+)?|\s+or\s+", tail)]
    if len(parts) == 1:  # "SSO/OAuth": a slash separates only when nothing else does
        parts = [p.strip(" ?.") for p in tail.split("/")]
    parts = [p for p in parts if p and len(p) <= 60]
    return parts if 2 <= len(parts) <= 4 else []


def _placeholder_marker(marker: re.Match[str], sentence: str, a: int, b: int) -> Draft | None:
    text = marker.group("text").strip()
    question = text if text.endswith("?") else (f"{text}?" if text else "What is the decision?")
    choices = _choices(text)
    # A marker inside a sentence can be filled with the choice; a marker alone cannot.
    stands_in = bool(sentence[:a].strip() or sentence[b:].strip(" ."))
    if choices:
        return Draft(
            question,
            "scope",
            tuple((c, replace_in(sentence, a, b, c) if stands_in else None) for c in choices),
            OTHER,
            "The spec names these alternatives; pick one or type another.",
        )
    return _decide(question)


def _decide(question: str, category: str = "scope") -> Draft:
    return Draft(
        question,
        category,
        (
            ("Out of scope for this version: say so", None),
            ("Keep open: move it to Open questions with an owner and a date", None),
        ),
        OTHER,
        "Only you know the decision: type it, and it is recorded with the question.",
    )


def _placeholder(word: str, sentence: str, a: int, b: int) -> Draft | None:
    # The finding may cover the marker or only its start: the marker is read from the sentence.
    marker = _MARKER.match(sentence, a) if word.startswith("[NEEDS") else None
    if marker:
        return _placeholder_marker(marker, sentence, marker.start(), marker.end())
    return _decide(f"'{word}' stands for a decision: what is it?")


def _unbounded(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"How many is '{word}'? A number or a range leaves nothing to guess.",
        "limits",
        (
            ("One or more, with no upper limit", replace_in(sentence, a, b, "one or more")),
            ("Up to a limit stated in this section", None),
        ),
        OTHER,
        "Type the number or range (e.g. 'up to 5').",
    )


def _unmeasured(word: str, sentence: str, a: int, b: int) -> Draft | None:
    low = word.lower()
    if any(k in low for k in ("uptime", "availab")):
        options: tuple[tuple[str, str | None], ...] = (
            ("99.9% per calendar month", None),
            ("99.5% per calendar month", None),
            ("No availability target", None),
        )
    elif "throughput" in low or "load" in low:
        options = (
            ("100 requests/s sustained", None),
            ("1,000 requests/s sustained", None),
            ("No throughput target", None),
        )
    else:
        options = (
            ("p95 under 200 ms", None),
            ("p95 under 1 s", None),
            ("No target: best effort", None),
        )
    return Draft(
        f"'{word}' has no number: what is the target?",
        "performance",
        options,
        OTHER,
        "A number, a unit and how it is measured make it testable.",
    )


def _comparative(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"'{word}' than what, and by how much?",
        "acceptance",
        (
            ("Than the current version, by a stated margin", None),
            ("Than a named target or competitor", None),
            ("No comparison intended: drop it", None),
        ),
        0,
        "A comparison needs a baseline to be testable.",
    )


def _absolute(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"'{word}': are there really no exceptions?",
        "scope",
        (("No exceptions", None), ("There are exceptions: list them here", None)),
        0,
        "Absolute statements are fine when true; confirming them costs one click.",
    )


def _number_unit(word: str, sentence: str, a: int, b: int) -> Draft | None:
    if _TIME_WORDS.search(sentence):
        units = ("milliseconds", "seconds", "minutes")
    elif _SIZE_WORDS.search(sentence):
        units = ("KB", "MB", "GB")
    else:
        return None  # no context to guess the dimension from: not worth a question
    return Draft(
        f"'{word}' in what unit?",
        "data",
        tuple((u, replace_in(sentence, a, b, f"{word} {u}")) for u in units),
        OTHER,
        "Only you know the unit.",
    )


def _passive(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"Who does it: '{word}'?",
        "scope",
        (
            ("This system (the service this spec describes)", None),
            ("The user", None),
            ("An external service (name it)", None),
        ),
        0,
        "Without an actor, nobody is responsible for it.",
    )


def _term(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"What exactly does '{word}' mean here?",
        "terminology",
        (
            ("Define it in the glossary", None),
            ("Spell it out where it is first used", None),
        ),
        OTHER,
        "Type the definition; it is recorded with the question.",
    )


def _inconsistent(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return Draft(
        f"Is '{word}' the same concept as the term used for it elsewhere in the spec?",
        "terminology",
        (
            ("Same concept: use one term everywhere", None),
            ("Different concepts: define both in the glossary", None),
        ),
        0,
        "Two names for one thing read as two things.",
    )


def _open_question(word: str, sentence: str, a: int, b: int) -> Draft | None:
    return _decide(sentence.strip() if sentence.strip().endswith("?") else f"{word}?")


Template = Callable[[str, str, int, int], Draft | None]
TEMPLATES: dict[str, Template] = {
    "ambiguity/weak-modal": _weak_modal,
    "ambiguity/vague-term": _vague,
    "ambiguity/escape-clause": _escape,
    "ambiguity/open-ended": _open_ended,
    "ambiguity/placeholder": _placeholder,
    "ambiguity/unbounded-quantity": _unbounded,
    "ambiguity/unmeasured-requirement": _unmeasured,
    "ambiguity/comparative": _comparative,
    "ambiguity/absolute": _absolute,
    "ambiguity/number-without-unit": _number_unit,
    "ambiguity/passive-without-actor": _passive,
    "terms/undefined-acronym": _term,
    "terms/undefined-term": _term,
    "terms/inconsistent-term": _inconsistent,
    "structure/open-question": _open_question,
}

# decisions/ rules each name a kind of decision; their ids are matched by these words.
_DECISIONS: tuple[tuple[tuple[str, ...], Draft], ...] = (
    (
        ("fail", "error", "external", "timeout", "unavailable", "retry"),
        Draft(
            "What must happen when this fails (timeout, error response, service unavailable)?",
            "failure",
            (
                (
                    "Retry with backoff (3 attempts), then show an error and keep the user's input",
                    None,
                ),
                ("Fail at once with a clear error; nothing is saved", None),
                ("Queue it, complete it later, and notify the user", None),
            ),
            0,
            "Users keep their work and transient faults heal themselves.",
        ),
    ),
    (
        ("input", "valid"),
        Draft(
            "What happens with invalid input here?",
            "data",
            (
                ("Reject it with a message naming the field and the rule; nothing is saved", None),
                ("Accept and normalise it (trim, lower-case), telling the user", None),
            ),
            0,
            "Rejecting early keeps bad data out and tells the user how to fix it.",
        ),
    ),
    (
        ("limit", "size", "rate", "count", "quota", "bound"),
        Draft(
            "What are the limits here (size, count, rate), and what happens above them?",
            "limits",
            (
                ("A hard limit; above it the request is rejected with a clear message", None),
                ("A soft limit; above it the user is warned but may continue", None),
                ("No limit: say so explicitly", None),
            ),
            0,
            "An unstated limit becomes whatever the first implementation happens to allow.",
        ),
    ),
    (
        ("auth", "permission", "access", "role", "who", "allowed"),
        Draft(
            "Who is allowed to do this?",
            "security",
            (
                ("Only the owner of the resource", None),
                ("Any signed-in user", None),
                ("Administrators only", None),
            ),
            0,
            "Least privilege: widen it later when a need is shown.",
        ),
    ),
    (
        ("retention", "lifetime", "delet", "expir", "data-life", "keep"),
        Draft(
            "How long is this data kept, and how is it deleted?",
            "data",
            (
                ("Kept while the account exists; deleted with it", None),
                ("Deleted after a fixed period (state it)", None),
                ("Kept indefinitely: say so and why", None),
            ),
            0,
            "Data lifetime is a privacy and storage decision; it needs to be explicit.",
        ),
    ),
    (
        ("concurren", "conflict", "simultan", "race", "lock"),
        Draft(
            "What happens when two people update this at the same time?",
            "data",
            (
                (
                    "The second save is rejected and the user asked to reload (optimistic locking)",
                    None,
                ),
                ("Last write wins", None),
                ("Changes are merged field by field", None),
            ),
            0,
            "Silent lost updates are the default otherwise.",
        ),
    ),
    (
        ("accept", "criteria", "done", "scenario"),
        Draft(
            "How will we know this section is done?",
            "acceptance",
            (
                ("Add Given/When/Then scenarios: the main path and one failure", None),
                ("Link existing scenarios that cover it", None),
            ),
            0,
            "Acceptance criteria turn the section into tests.",
        ),
    ),
)
_PRIORITY = ("decisions", "ambiguity/placeholder", "structure", "ambiguity", "terms")


def _decision_draft(finding: Finding) -> Draft:
    name = finding.rule.split("/", 1)[1]
    # decisions/ messages lead with the question itself ("What happens when Slack fails?"):
    # more specific than the template's, so it is asked with the template's options.
    asked = re.match(r"[^?]{5,200}\?", finding.message)
    for words, draft in _DECISIONS:
        if any(w in name for w in words):
            return replace(draft, question=asked.group(0)) if asked else draft
    return _decide(finding.message.rstrip(".") + ("" if finding.message.endswith("?") else "?"))


def _priority(f: Finding) -> int:
    for i, prefix in enumerate(_PRIORITY):
        if f.rule.startswith(prefix):
            return i
    return len(_PRIORITY)


def _sentence_of(spec: Spec, offset: int) -> tuple[int, int]:
    block: Block | None = None
    for b in spec.blocks:
        if b.start <= offset < b.end:
            block = b
            break
    if block is None:
        return offset, offset
    s: Sentence | None = block.sentence_at(offset)
    return (s.start, s.end) if s else (block.start, block.end)


def has_offline_question(finding: Finding) -> bool:
    return finding.family == "decisions" or finding.rule in TEMPLATES


def questions_for(
    spec: Spec, section_id: str, findings: list[Finding], max_questions: int
) -> list[Question]:
    """Offline questions for one section, most important first, one per sentence and rule."""
    out: list[Question] = []
    seen: set[tuple[str, int]] = set()
    for f in sorted(findings, key=lambda f: (_priority(f), f.range.start)):
        if len(out) >= max_questions:
            break
        if f.section != section_id or not has_offline_question(f):
            continue
        start = spec.index.offset(f.range.start)
        end = spec.index.offset(f.range.end)
        s_start, s_end = _sentence_of(spec, start)
        if not (s_start <= start and end <= s_end):
            s_start, s_end = start, end  # a finding wider than one sentence: ask about it whole
        key = (f.rule, s_start)
        if key in seen:
            continue
        seen.add(key)
        sentence = spec.text[s_start:s_end]
        word = spec.text[start:end]
        if f.family == "decisions":
            draft: Draft | None = _decision_draft(f)
        else:
            draft = TEMPLATES[f.rule](word, sentence, start - s_start, end - s_start)
        if draft is None:
            continue
        options = tuple(
            Option(OPTION_KEYS[i], label, new if new and new != sentence else None)
            for i, (label, new) in enumerate(draft.options[: len(OPTION_KEYS)])
        )
        recommended = (
            OPTION_KEYS[draft.recommended] if isinstance(draft.recommended, int) else OTHER
        )
        out.append(
            Question(
                id=f"{section_id}.{len(out) + 1}",
                section=section_id,
                range=spec.index.range(s_start, s_end),
                quote=sentence,
                question=draft.question,
                options=options,
                recommended=recommended,
                reason=draft.reason,
                category=draft.category,
                offline=True,
                rule=f.rule,
            )
        )
    return out
