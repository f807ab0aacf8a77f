"""`decisions/`: questions a section raises but never answers.

Each rule is a topic from `data/decisions.toml`: trigger patterns that raise its question in a
requirement section (`is_requirement_section`, or one that states what the system does in the
present tense: "The service charges the card through Stripe"), and patterns that show the
question was answered. A question counts as
answered when the section (or a subsection), a section on the topic anywhere in the spec
("## Error handling"), a `## Clarifications` answer (`- Q: ... → A: ...`) that mentions the same
thing, a scenario covering the section, a spec it links to, or the design document of its folder
(`Workspace.companions`: Kiro's design.md, spec-kit's plan.md) settles it; a question the spec
itself asks and leaves open (spec-kit's edge cases as written, a `[NEEDS CLARIFICATION]` marker)
settles nothing. One finding per rule per section, at the words that raised it, with the
question in the message.
Precision over recall: a trigger in a question, after a negation, or in a descriptive section
(Overview, Out of scope...) raises nothing.

Speed without changing a finding: a trigger is split into branches, one per alternative of its
leading group, each starting with a literal, searched case-sensitively in the lower-cased
requirement prose (a spec that lacks a branch's word, or a word every match needs, skips it; the
words come from the pattern's parse tree); branches of one stem that go on alike are one search
(`(?:delete|deletes)rest`). Each branch searches the prose once, and its places serve both the
triggered sections and a section's matches, which are taken lazily, trigger by trigger in
order, until one asks. A section whose scope settles the topic is passed over before any
sentence is split, and settled, required and noun words are searched branch by branch too.
Every short cut falls back to the plain search when it cannot be shown exact. The sections with
a trigger's places are noted, and a section's first trigger is looked for only among those
triggers. Tried, no faster: one look per spec for a settled branch's word
in the joined scopes of the triggered sections (a miss scans all of them; the per-section looks
it saves cost less), and block prose as a cheaper source of scope words (most blocks' text has
characters the prose blanks, list markers first). Also tried, counted in instructions
(callgrind, 100 bench specs, warm): a vocabulary of every section's text, to drop settled
branches in scopes (twice the words to hash, slower), or of the prose with a check per block
that it blanked no word character (+6%: the checks cost more than they save); settled branches
dropped by the vocabulary in sentences (+3.6%: a look in 100 characters costs less than the
set-up); scopes before triggers, scanning only unsettled sections (+40%: every topic then looks
in every section); `str.find` of a branch's word then `match`, for its `search` (+1%); whole
words as needs ("uploaded" does not keep `uploads?\\b` alive: -0.5%); alternatives grouped by
first letter (the same: the engine rejects one by its first literal at once); the vocabulary
from bytes, or without "the" (-3% of its cost). The vocabulary is ~17% of the family's
instructions (~3,300 words a spec, hashed), trigger scans ~15%, the settled words' looks in
scopes ~8%.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import importlib
import posixpath
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache, partial
from importlib import resources
from itertools import accumulate
from typing import Any, TypeVar

from ..model import Block, Section, Spec
from ..workspace.sections import (
    ENDPOINT_TITLE,
    REQUIREMENT_HEADING,
    ServiceMatcher,
    builtin_services,
    has_acceptance_criteria,
    is_requirement_section,
    linked_paths,
    plain_title,
    section_content,
)
from .context import Context, blocks_touch, find_in
from .prose import NEEDS_CLARIFICATION
from .registry import Hit, rule

_QA = re.compile(r"Q:\s*(?P<q>.+?)\s*(?:→|->|=>|⇒)\s*A:\s*(?P<a>.+)", re.S)
_NEGATED = re.compile(r"\b(?:not|never|no|without|nor|n't|cannot)\b(?:\W+\w+){0,2}\W*$", re.I)
# What every match of `_NEGATED` holds, lower-cased, in ASCII text: the search (tried at every
# character, for the `$` at its end) only where one is.
_NEGATION_PARTS = ("no", "never", "without", "n't")
_STOP = frozenset(
    {
        "the",
        "and",
        "with",
        "from",
        "their",
        "each",
        "every",
        "that",
        "this",
        "these",
        "those",
    }
)


@dataclass(frozen=True)
class _Question:
    triggers: tuple[re.Pattern[str] | None, ...]  # None: the external services pattern
    settled: re.Pattern[str] | None
    requires: re.Pattern[str] | None  # the sentence must also match this
    nouns: re.Pattern[str] | None  # ... and this (near the trigger when `near`)
    near: bool
    text: str
    # `requires` names who acts ("users can ..."), which in a section on an HTTP endpoint
    # ("### DELETE /reports/{id}") is its caller: asked there without it.
    caller: bool = False

    @property
    def asks_who(self) -> bool:
        """The question reads "Who may {term}?": its term starts with the verb."""
        return "may {term}" in self.text


@dataclass(frozen=True)
class _Topic:
    name: str
    titles: re.Pattern[str]
    settled: re.Pattern[str]
    questions: tuple[_Question, ...]

    @cached_property
    def asks_services(self) -> bool:
        """A question of the topic is raised by the services' names (`@services`)."""
        return any(t is None for q in self.questions for t in q.triggers)


def _any(patterns: list[str]) -> re.Pattern[str]:
    found = re.compile("|".join(f"(?:{_wrap(p)})" for p in patterns), re.I)
    _SOURCES.setdefault(found, tuple(patterns))
    return found


_T = TypeVar("_T")
_Search = Callable[..., "re.Match[str] | None"]  # a compiled pattern's `search`

# The lists each `_any` pattern was made of, for `_settled_branches` and `_branches`.
_SOURCES: dict[re.Pattern[str], tuple[str, ...]] = {}


def _wrap(pattern: str) -> str:
    """A space outside brackets matches any white space: phrases wrap across lines."""
    out, depth = [], 0
    for ch in pattern:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        out.append(r"\s+" if ch == " " and depth == 0 else ch)
    return "".join(out)


@cache
def _topics() -> dict[str, _Topic]:
    raw = resources.files(__package__).joinpath("data/decisions.toml").read_text("utf-8")
    out = {}
    for name, spec in tomllib.loads(raw).items():
        questions = []
        for q in spec["questions"]:
            objects = q.get("objects", "")
            triggers = tuple(
                None if t == "@services" else _any([t.replace("@objects", objects)])
                for t in q["trigger"]
            )
            questions.append(
                _Question(
                    triggers,
                    _any(q["settled"]) if q.get("settled") else None,
                    _any([q["requires"]]) if q.get("requires") else None,
                    _any([q["data_nouns"]]) if q.get("data_nouns") else None,
                    bool(q.get("near", False)),
                    q["question"],
                    bool(q.get("caller", False)),
                )
            )
        titles = re.compile(r"\b(?:" + "|".join(spec["topic_titles"]) + ")", re.I)
        out[name] = _Topic(name, titles, _any(spec["settled"]), tuple(questions))
    return out


def clarification_answers(spec: Spec) -> list[str]:
    """`Q: ... → A: ...` bullets under a Clarifications section (spec-kit's format), as text."""
    return _answers_in(spec, _answer_sections(spec))


def _answer_sections(spec: Spec) -> list[str]:
    """The sections under a Clarifications heading (it included), in document order."""
    roots = {sid for sid, s in spec.sections.items() if plain_title(s).startswith("clarification")}
    if not roots:
        return []
    out = []
    for section in spec.sections.values():
        current: Section | None = section
        while current is not None and current.id not in roots:
            current = spec.sections.get(current.parent) if current.parent else None
        if current is not None:
            out.append(section.id)
    return out


def _answers_in(spec: Spec, sids: list[str]) -> list[str]:
    out = []
    for sid in sids:
        for block in spec.sections[sid].blocks:
            m = _QA.search(block.text)
            if m:
                out.append(f"{m.group('q')} {m.group('a')}")
    return out


def _answers(ctx: Context) -> list[tuple[str, str]]:
    """`clarification_answers`, each with its lower case, once per lint for the family. Which
    sections are under a Clarifications heading only headings tell: while they stay as they
    were, the list is carried and only those sections' blocks are read again."""
    found: list[tuple[str, str]] | None = ctx.memo.get("decision_answers")
    if found is None:
        sids: list[str] | None = _kept_from_last(ctx, "decision_answer_sections")
        if sids is None:
            sids = _answer_sections(ctx.spec)
        _keep(ctx, "decision_answer_sections", sids)
        texts = _answers_in(ctx.spec, sids)
        found = ctx.memo["decision_answers"] = [(t, t.lower()) for t in texts]
    return found


def _settles(pattern: re.Pattern[str], text: str, folded: str | None) -> bool:
    """`pattern.search(text)`, faster: each branch of the pattern (`_settled_branches`) whose
    leading word `folded` (`_fold(text)`) holds finds there, case-sensitively, every place where
    it may match, and the pattern itself is tried there. The regex engine skips ahead by a
    literal a pattern starts with, and only then: not past an assertion or under IGNORECASE."""
    branches = _settled_branches(pattern) if folded is not None else None
    if branches is None or folded is None:
        return pattern.search(text) is not None
    match = pattern.match
    for word, search in branches:
        if word not in folded:
            continue
        m = search(folded)
        while m is not None:
            if match(text, m.start()):
                return True
            m = search(folded, m.start() + 1)
    return False


def _fold(text: str) -> str | None:
    """The text lower-cased, for `_settled_branches`; None when that would move offsets or keep a
    letter IGNORECASE takes for an ASCII one ("ſ" for s)."""
    folded = text.lower()
    if text.isascii():
        return folded  # (known without a look at the text: no look-alike, the same length)
    if len(folded) != len(text) or any(ch in folded for ch in _UNFOLDED):
        return None
    return folded


def _per_pattern(analyse: Callable[[re.Pattern[str]], _T]) -> Callable[[re.Pattern[str]], _T]:
    """`functools.cache` for an analysis of a compiled pattern, keyed by the pattern's id:
    hashing a pattern hashes its compiled code every time (a microsecond or two for a long one),
    and the rules ask thousands of times per spec. An entry holds its pattern, so the id is not
    reused while the entry lives."""
    found: dict[int, tuple[re.Pattern[str], _T]] = {}

    def cached(pattern: re.Pattern[str]) -> _T:
        entry = found.get(id(pattern))
        if entry is None or entry[0] is not pattern:
            entry = found[id(pattern)] = (pattern, analyse(pattern))
        return entry[1]

    return cached


@_per_pattern
def _settled_branches(pattern: re.Pattern[str]) -> tuple[tuple[str, _Search], ...] | None:
    """The `_any` pattern's alternatives, without the `\\b` that starts them, split into branches
    (`_split_leading`), each with the word it starts with; those without one are joined in one
    branch. They match the lower-cased text wherever the pattern matches the text (every letter
    it names is lower case). None when that cannot be shown."""
    sources = _SOURCES.get(pattern)
    if sources is None or _PARSER is None:
        return None
    stripped = [_wrap(p[2:] if p.startswith(r"\b") else p) for p in sources]
    try:
        if not _lower_only(_PARSER.parse("|".join(f"(?:{p})" for p in stripped), 0)):
            return None
    except Exception:  # the parser is private: any surprise means "search as written"
        return None
    out: list[tuple[str, _Search]] = []
    wordless: list[str] = []
    for source in stripped:
        alone = any(depth == 0 and ch == "|" for _, ch, depth in _scan(source))
        for branch in [source] if alone else _split_leading(source) or [source]:
            word = "" if alone else _leading_word(branch)
            if word:
                out.append((word, re.compile(branch).search))
            else:
                wordless.append(branch)
    if wordless:
        out.append(("", re.compile("|".join(f"(?:{b})" for b in wordless)).search))
    return tuple(out)


def _lower_only(items: Any) -> bool:
    """Every character the parsed pattern names is ASCII and lower case, and no flag changes."""
    for op, av in items:
        if op in (_PARSER.LITERAL, _PARSER.NOT_LITERAL):
            if not _lower_char(av):
                return False
        elif op is _PARSER.IN:
            if not _lower_only(av):
                return False
        elif op is _PARSER.RANGE:
            if av[1] - av[0] > 256 or not all(map(_lower_char, range(av[0], av[1] + 1))):
                return False
        elif op is _PARSER.SUBPATTERN:
            if av[1] or av[2] or not _lower_only(av[3]):
                return False
        elif op is _PARSER.BRANCH:
            if not all(_lower_only(alt) for alt in av[1]):
                return False
        elif op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT, _PARSER.POSSESSIVE_REPEAT):
            if not _lower_only(av[2]):
                return False
        elif op in (_PARSER.ASSERT, _PARSER.ASSERT_NOT):
            if not _lower_only(av[1]):
                return False
        elif op in (_PARSER.GROUPREF, _PARSER.GROUPREF_EXISTS, _PARSER.ATOMIC_GROUP):
            return False
    return True


def _lower_char(code: int) -> bool:
    ch = chr(code)
    return ch.isascii() and ch.lower() == ch


def _scope_settled(ctx: Context, pattern: re.Pattern[str], section: Section) -> bool:
    """`pattern` in the section's scope text, once per spec and section. A subsection's scope is
    a part of its parent's, cut at line ends: when the parent's has no match (and the pattern
    tests no more than word boundaries), neither has the subsection's."""
    memo: dict[tuple[int, str], bool] = ctx.memo.setdefault("decision_scope_settled", {})
    key = (id(pattern), section.id)
    found = memo.get(key)
    if found is not None:
        return found
    if _edge_free(pattern) and _ancestor_unsettled(ctx, memo, id(pattern), section):
        found = False
    else:
        found = _settles(pattern, *_answering(ctx, section))
    memo[key] = found
    return found


def _ancestor_unsettled(
    ctx: Context, memo: dict[tuple[int, str], bool], pattern: int, section: Section
) -> bool:
    child, chain = section, []
    while child.parent:
        above = ctx.spec.sections.get(child.parent)
        if above is None:
            return False
        chain.append((child, above))
        if memo.get((pattern, above.id)) is False:
            # ... when the section is inside that ancestor's scope text after all
            return all(c.id in a.children for c, a in chain)
        child = above
    return False


def _scope(ctx: Context, section: Section) -> tuple[str, str | None]:
    """`_scope_text` and its `_fold`, once per spec and section (each decisions rule may ask)."""
    memo: dict[str, tuple[str, str | None]] = ctx.memo.setdefault("decision_scopes", {})
    found = memo.get(section.id)
    if found is None:
        text = _scope_text(ctx.spec, section)
        found = memo[section.id] = (text, _fold(text))
    return found


# Words that capitalised start their sentence and nothing else: "Two approvers edit ..." reads
# "What happens when two approvers change ...?" in the question. (Names keep their capital.)
_SENTENCE_STARTS = frozenset(
    {"two", "three", "multiple", "several", "many", "both", "different", "other", "users", "user",
     "customers", "customer", "the", "a", "an", "each", "every", "all", "any"}
)  # fmt: skip


def _in_a_sentence(term: str, after_modal: bool = False) -> str:
    """The words that raised a question, as they read inside it; `after_modal` (the question
    reads "Who may {term}?"): a verb they start with in its base form, as an endpoint's
    description writes it in the third person ("Deletes a draft report")."""
    first, _, rest = term.partition(" ")
    if after_modal and (verb := _BASE_FORMS.get(first.lower())) is not None:
        return f"{verb} {rest}" if rest else verb
    if first[:1].isupper() and first[1:].islower() and first.lower() in _SENTENCE_STARTS:
        return f"{first.lower()} {rest}" if rest else first.lower()
    return term


# The verbs that raise "Who may ...?", each form of them to its base form.
_BASE_FORMS = {
    form: verb
    for verb in ("delete", "purge", "erase", "export", "approve", "revoke", "refund", "download",
                 "change", "edit", "share", "view", "impersonate")
    for form in (verb, verb + "s", verb + "d" if verb.endswith("e") else verb + "ed",
                 (verb[:-1] if verb.endswith("e") else verb) + "ing")
}  # fmt: skip


def _answering(ctx: Context, section: Section) -> tuple[str, str | None]:
    """`_scope` without the questions it asks (`_statements`), what may settle a question; most
    scopes ask none and are `_scope` itself."""
    memo: dict[str, tuple[str, str | None]] = ctx.memo.setdefault("decision_answering", {})
    found = memo.get(section.id)
    if found is None:
        found = _scope(ctx, section)
        if "?" in found[0] or "NEEDS CLARIFICATION" in found[0]:
            text = _scope_text(ctx.spec, section, _statements)
            found = (text, _fold(text))
        memo[section.id] = found
    return found


def _scope_text(
    spec: Spec, section: Section, text_of: Callable[[Block], str] = lambda b: b.text
) -> str:
    """The section's text and its subsections' (a subsection may settle the question)."""
    return "\n".join(map(text_of, _scope_blocks(spec, section)))


def _scope_blocks(spec: Spec, section: Section) -> Iterator[Block]:
    """The blocks of the section and its subsections but headings, in `_scope_text`'s order."""
    stack = [section]
    while stack:
        s = stack.pop()
        yield from (b for b in s.blocks if b.kind != "heading")
        stack.extend(spec.sections[c] for c in s.children if c in spec.sections)


_AFTER_QUESTION_MARK = ")]\"'*_`” \t\n"  # what may close a question after its "?"


def _asks(sentence: str) -> bool:
    """The sentence is a question (closed by a bracket, a quote or emphasis after its "?")."""
    return sentence.rstrip(_AFTER_QUESTION_MARK).endswith("?")


def _statements(block: Block) -> str:
    """The block's text without the questions it asks: an open question ("How is a failed
    retry handled?", spec-kit's edge cases as written) or a `[NEEDS CLARIFICATION: ...]` marker
    settles nothing. A question's answer after it stays ("... down? Orders are retried.")."""
    text = block.text
    if "?" in text:
        base = block.start
        text = " ".join(
            piece
            for s in block.sentences
            if not _asks(piece := text[s.start - base : s.end - base])
        )
    if "NEEDS CLARIFICATION" in text:
        text = NEEDS_CLARIFICATION.sub(" ", text)
    return text


@lru_cache(maxsize=4096)
def _key_words(term: str) -> tuple[str, ...]:
    """Once per term: the same few terms are asked about again on every keystroke."""
    return tuple(w for w in re.findall(r"[a-z0-9]{4,}", term.lower()) if w not in _STOP)


def _services(ctx: Context) -> re.Pattern[str] | None:
    names: dict[str, str] = {}
    ws = ctx.workspace
    if ws is not None:
        for twin in ws.twins():
            for name in twin.names():
                names.setdefault(" ".join(name.casefold().split()), twin.id)
    if not names:  # the config's services alone: matched once per config, not once per spec
        return ctx.of_config("decision_services", lambda: ServiceMatcher(ctx.config, {}).pattern)
    return ServiceMatcher(ctx.config, names).pattern


def _ask(ctx: Context, name: str) -> Iterator[Hit]:
    topic = _topics()[name]
    spec = ctx.spec
    if _has_topic_section(spec, topic, ctx=ctx):
        return  # a section on the topic ("## Error handling") that answers it answers for all
    linked: list[Spec] | None = None
    companions: list[Spec] = []
    answers: list[tuple[str, str]] | None = None
    asked: set[str] = set()
    services = _services(ctx) if topic.asks_services else None
    for section, found in _section_questions(ctx, name, topic, services):
        question, start, end, term = found
        if answers is None:
            answers = _answers(ctx)
        words = _key_words(term)
        if answers and any(
            any(w in lowered for w in words)
            and (topic.settled.search(qa) or (question.settled and question.settled.search(qa)))
            for qa, lowered in answers
        ):
            continue
        if _settled_by_scenario(ctx, section, topic, question):
            continue
        if linked is None:
            linked = _linked_specs(ctx)
            companions = _companion_specs(ctx)
        if any(_has_topic_section(other, topic, words) for other in linked):
            continue  # e.g. "## Okta failures" in the provisioning spec this one links to
        if any(_has_topic_section(other, topic, words, in_text=True) for other in companions):
            continue  # e.g. Kiro's design.md: "## Error Handling" on "SendGrid errors: ..."
        message = question.text.format(term=_in_a_sentence(term, question.asks_who))
        if message in asked:
            continue  # asked once per spec: "What happens when Jira fails?" needs one answer
        asked.add(message)
        yield Hit(start, end, message)


_Found = tuple[_Question, int, int, str]  # the question, the trigger's offsets, its words


def _section_questions(
    ctx: Context, name: str, topic: _Topic, services: re.Pattern[str] | None
) -> Iterator[tuple[Section, _Found]]:
    """The requirement sections whose own text raises the topic's question and whose scope does
    not settle it, in document order, with the words that raise it. This part reads only the
    section, its subsections and headings; `ctx.kept` (a document being edited) keeps it per
    section, so only changed sections are searched again, on a view of their blocks."""
    spec = ctx.spec
    if ctx.kept is None:
        triggered = _triggered(ctx, topic, services)  # no other section raises the question
        for section in spec.sections.values():
            if section.id in triggered:
                found = _section_question(ctx, section, topic, services)
                if found is not None:
                    yield section, found
        return
    pattern = services.pattern if services is not None else None
    state = _kept_from_last(ctx, f"decisions:{name}:found")
    if state is not None and state[0] == pattern and _carrying(ctx):
        carried = _carry_found(ctx, name, topic, services, state[1])
    else:
        carried = _all_found(ctx, name, topic, services)
    _keep(ctx, f"decisions:{name}:found", (pattern, carried))
    sections = spec.sections
    for sid, rel in carried:
        section = sections[sid]
        base = section.blocks[0].start
        yield section, (rel[0], rel[1] + base, rel[2] + base, rel[3])


_Carried = list[tuple[str, _Found]]  # by section id, offsets relative to its first block


def _carry_found(
    ctx: Context, name: str, topic: _Topic, services: re.Pattern[str] | None, last: _Carried
) -> _Carried:
    """The sections' questions of the version before, for the sections unchanged with their
    subsections; the others' looked up by content (`_all_found`) or searched again."""
    trees = _unchanged_trees(ctx)
    found = [entry for entry in last if entry[0] in trees]
    assert ctx.kept is not None
    # Carried as it is: `_carrying` bounds what the changed sections' old contents leave in it.
    results: dict[tuple[object, ...], _Found | None] = ctx.kept.setdefault(f"decisions:{name}", {})
    keyed = [
        (section, _section_key(ctx, section, services))
        for section in _changed_sections(ctx)
        if _is_requirement(ctx, section)
    ]
    missing = [(section, key) for section, key in keyed if key not in results]
    if missing:
        _search_sections(ctx, topic, services, missing, results)
    sections = ctx.spec.sections
    for section, key in keyed:
        if (rel := results[key]) is not None:
            bisect.insort(found, (section.id, rel), key=lambda e: sections[e[0]].blocks[0].start)
    return found


def _search_sections(
    ctx: Context,
    topic: _Topic,
    services: re.Pattern[str] | None,
    missing: list[tuple[Section, tuple[object, ...]]],
    results: dict[tuple[object, ...], _Found | None],
) -> None:
    """Each section's question into `results`, by its key; searched on a view of their blocks."""
    view = dataclasses.replace(ctx.spec, blocks=[b for s, _ in missing for b in s.blocks])
    vctx = Context(view, ctx.config, ctx.workspace)
    vctx.memo["requirement_sections"] = ctx.memo.setdefault("requirement_sections", {})
    for section, key in missing:
        base = section.blocks[0].start if section.blocks else 0
        found = _section_question(vctx, section, topic, services)
        results[key] = (
            None if found is None else (found[0], found[1] - base, found[2] - base, found[3])
        )


def _all_found(
    ctx: Context, name: str, topic: _Topic, services: re.Pattern[str] | None
) -> _Carried:
    """Every requirement section's question, by the key of what it reads: a section whose
    content was there in the version before (moved, or under a renamed heading) keeps it."""
    assert ctx.kept is not None
    spec = ctx.spec
    last: dict[tuple[object, ...], _Found | None] = ctx.kept.get(f"decisions:{name}", {})
    kept: dict[tuple[object, ...], _Found | None] = {}
    keyed = []
    # Every topic walks every section: the per-lint memos of `_is_requirement` and
    # `_section_key` are read here directly, the functions called only on a miss.
    requirement: dict[str, bool] = ctx.memo.setdefault("requirement_sections", {})
    numbers: dict[str, object] = ctx.memo.setdefault("decision_section_keys", {})
    pattern = services.pattern if services is not None else None
    for section in spec.sections.values():
        sid = section.id
        is_requirement = requirement.get(sid)
        if is_requirement is None:
            is_requirement = _is_requirement(ctx, section)
        if not is_requirement:
            continue
        number = numbers.get(sid)
        key = (pattern, number) if number is not None else _section_key(ctx, section, services)
        keyed.append((section, key))
        if key in last:
            kept[key] = last[key]
    missing = [(s, k) for s, k in keyed if k not in kept]
    if missing:
        _search_sections(ctx, topic, services, missing, kept)
    ctx.kept[f"decisions:{name}"] = kept
    return [(s.id, rel) for s, k in keyed if (rel := kept[k]) is not None]


def _section_key(
    ctx: Context, section: Section, services: re.Pattern[str] | None
) -> tuple[object, ...]:
    """Everything `_section_question` reads of a section (offsets relative to its first block),
    with the services pattern the topic's triggers use."""
    keys: dict[str, object] = ctx.memo.setdefault("decision_section_keys", {})
    key = keys.get(section.id)
    if key is None:
        if ctx.kept is None:
            key = (section_content(ctx.spec, section), _scope(ctx, section)[0])
        else:
            content, number = _carried(
                ctx, "content", section, True, lambda: _numbered(ctx, section)
            )
            _content_number(ctx, ctx.kept, content, number)  # kept for the version after
            key = number
        keys[section.id] = key
    return (services.pattern if services is not None else None, key)


def _numbered(ctx: Context, section: Section) -> tuple[object, int]:
    """The section's content key and its number."""
    assert ctx.kept is not None
    content = (section_content(ctx.spec, section), _scope(ctx, section)[0])
    return content, _content_number(ctx, ctx.kept, content)


def _content_number(
    ctx: Context, kept: dict[str, Any], content: object, number: int | None = None
) -> int:
    """A number per distinct section content, the same from one version of the document to the
    next: every topic's look-up then hashes a pair, not the section's whole content again.
    Only the contents of the current version are kept (`number`: one known already), and
    those of a few versions before while the map is carried."""
    now: dict[object, int] | None = ctx.memo.get("decision_numbers")
    if now is None:
        last = kept.get("decision_contents", {})
        # Carried, the unchanged sections' contents are in it already (see `_carrying`).
        now = ctx.memo["decision_numbers"] = last if _carrying(ctx) else {}
        ctx.memo["decision_numbers_before"] = last
        kept["decision_contents"] = now
    if number is None:
        before: dict[object, int] = ctx.memo["decision_numbers_before"]
        number = before.get(content)
        if number is None:
            number = kept["decision_next"] = kept.get("decision_next", 0) + 1
    now[content] = number
    return number


def _section_question(
    ctx: Context, section: Section, topic: _Topic, services: re.Pattern[str] | None
) -> _Found | None:
    if not _is_requirement(ctx, section):
        return None
    if section.id not in _triggered(ctx, topic, services):
        return None
    open_for: frozenset[str] | None = None
    if _scope_settled(ctx, topic.settled, section):
        open_for = _services_left_open(ctx, section, topic, services)
        if open_for is None:
            return None  # settled whichever trigger comes first: no need to find it
    found = _first_trigger(ctx, section, topic, services, open_for)
    if found is None:
        return None
    question, start, end, term, sentence = found
    if (question.settled and _found_in(question.settled, sentence)) or _found_in(
        topic.settled, sentence
    ):
        return None
    if question.settled and _scope_settled(ctx, question.settled, section):
        return None
    return question, start, end, term


def _services_left_open(
    ctx: Context, section: Section, topic: _Topic, services: re.Pattern[str] | None
) -> frozenset[str] | None:
    """For a section whose scope settles the topic: the services it calls on (case-folded
    names) that no settling sentence names, when every settling sentence names services. "If
    SendGrid is down, emails are queued" answers for SendGrid, not for the Slack of "sends it
    through SendGrid or Slack"; "failed calls are retried" answers for all. None when nothing
    is left open, as in a section that names one service (its answer is that one's)."""
    if services is None or not topic.asks_services:
        return None
    written = {m.group(0) for _, m in _iter_matches(ctx, section, services)}
    if len(written) < 2:
        return None  # (most sections name one service, as often as they like)
    named = set(map(_service_key, written))
    if len(named) < 2:
        return None
    answered: set[str] = set()
    for block in _scope_blocks(ctx.spec, section):
        for sentence in block.sentences:
            text = block.sentence_text(sentence, prose=False)
            if _asks(text) or not _found_in(topic.settled, text):
                continue  # (a question settles nothing: `_statements`)
            names = {_service_key(m.group(0)) for m in services.finditer(text)}
            if not names:
                return None  # an answer for every service
            answered |= names
    left = frozenset(named - answered)
    # No settling sentence at all: the scope's match spans sentences; taken as settled.
    return left if answered and left else None


def _has_topic_section(
    spec: Spec,
    topic: _Topic,
    about: Iterable[str] | None = None,
    ctx: Context | None = None,
    in_text: bool = False,
) -> bool:
    """A section titled after the topic ("Error handling") whose text answers it; with `about`,
    only one whose title also names one of those words ("Okta failures" for Okta), or its text
    when `in_text`. With `ctx` (whose spec this is), scope texts and answers are shared with
    the rest of the lint."""
    if ctx is not None:
        titled: Iterable[Section] = _titled_sections(ctx).get(topic.name, ())
    else:
        titled = (s for s in spec.sections.values() if topic.name in _title_topics(plain_title(s)))
    for s in titled:
        if about is not None:
            named = _scope_text(spec, s, _statements).lower() if in_text else plain_title(s)
            if not any(w[:5] in named for w in about):  # records ~ recorded
                continue
        if ctx is not None:
            if _scope_settled(ctx, topic.settled, s):
                return True
        elif _settles(topic.settled, text := _scope_text(spec, s, _statements), _fold(text)):
            return True
    return False


def _titled_sections(ctx: Context) -> dict[str, list[Section]]:
    """The spec's sections by the topics their titles are about, in document order, once per
    lint: every rule of the family looks for its own."""
    found: dict[str, list[Section]] | None = ctx.memo.get("decision_titled")
    if found is None:
        sections = ctx.spec.sections
        ids: dict[str, list[str]] | None = _kept_from_last(ctx, "decision_titled")
        if ids is None:  # titles are all it reads: carried while every heading is as it was
            ids = {}
            for s in sections.values():
                for name in _title_topics(plain_title(s)):
                    ids.setdefault(name, []).append(s.id)
        _keep(ctx, "decision_titled", ids)
        found = {name: [sections[sid] for sid in sids] for name, sids in ids.items()}
        ctx.memo["decision_titled"] = found
    return found


@lru_cache(maxsize=16384)
def _title_topics(title: str) -> frozenset[str]:
    """The topics a plain title is about, once per title: every rule of the family asks."""
    return frozenset(name for name, topic in _topics().items() if topic.titles.search(title))


def _companion_specs(ctx: Context) -> list[Spec]:
    """The specs that complete this one in its folder (Kiro's design.md, spec-kit's plan.md:
    `Workspace.companions`)."""
    ws = ctx.workspace
    if ws is None:
        return []
    return [s for p in ws.companions(ctx.spec.path) if (s := ws.spec(p)) is not None]


def _linked_specs(ctx: Context) -> list[Spec]:
    """Specs of the workspace that this one links to (`[audit](audit.md)`): a decision taken in
    a sibling spec the author points at is taken."""
    ws = ctx.workspace
    if ws is None:
        return []
    found: list[Spec] | None = ctx.memo.get("decision_linked")
    if found is None:
        found = ctx.memo["decision_linked"] = [
            other for p in linked_paths(ctx.spec) if (other := ws.spec(p)) is not None
        ]
    return found


def _is_requirement(ctx: Context, section: Section) -> bool:
    """`is_requirement_section`, once per section and lint (every decisions rule asks); what it
    reads is the section's own content (title, heading chain, blocks)."""
    memo: dict[str, bool] = ctx.memo.setdefault("requirement_sections", {})
    found = memo.get(section.id)
    if found is None:
        found = memo[section.id] = _carried(
            ctx,
            "requirement",
            section,
            False,
            lambda: is_requirement_section(ctx.spec, section, ctx.config, _behaviour(ctx)),
        )
    return found


def _behaviour(ctx: Context) -> re.Pattern[str]:
    """A sentence that states what the system does in the present tense: "The API returns all
    orders", "The indexer consumes events from Kafka" (a system noun of the config's list as
    its subject, a verb in -s right after it)."""
    return ctx.of_config(
        "decision_behaviour",
        lambda: re.compile(
            r"(?:^|[.!?]\s+|\n\s*)(?:The|Our|Each|Every)\s+(?:[\w-]+\s+){0,2}?"
            rf"(?:{'|'.join(re.escape(w) for w in ctx.words('system_subject'))}|indexer)s?\s+"
            r"(?:(?:also|then|only|first|always)\s+)?(?!is\b|has\b|was\b|does\b)[a-z]+s\b",
            re.IGNORECASE,
        ),
    )


def _carried(
    ctx: Context, name: str, section: Section, tree: bool, compute: Callable[[], _T]
) -> _T:
    """`compute()`, or, for a document edited live, the previous version's value when the parser
    says the section is unchanged (with `tree`: the section and all its subsections, for what
    reads its scope). Only the values of the version before are used: `unchanged` speaks of it."""
    kept = ctx.kept
    if kept is None or not ctx.spec.version:
        return compute()
    memo: tuple[dict[str, Any], dict[str, Any]] | None = ctx.memo.get(f"carried:{name}")
    if memo is None:
        version, last = kept.get(f"carried:{name}", (0, {}))
        memo = ctx.memo[f"carried:{name}"] = (last if version == ctx.spec.version - 1 else {}, {})
        kept[f"carried:{name}"] = (ctx.spec.version, memo[1])
    before, now = memo
    sid = section.id
    if sid in before and sid in (_unchanged_trees(ctx) if tree else ctx.spec.unchanged):
        value: _T = before[sid]
    else:
        value = compute()
    now[sid] = value
    return value


def _unchanged_trees(ctx: Context) -> frozenset[str]:
    """Sections unchanged with every subsection (`Spec.unchanged`), once per lint: all but the
    changed ones and their ancestors (a few, found from them, not by a walk of all sections)."""
    found: frozenset[str] | None = ctx.memo.get("unchanged_trees")
    if found is None:
        spec = ctx.spec
        sections, unchanged = spec.sections, spec.unchanged
        if not unchanged:
            found = frozenset()
        else:
            changed = sections.keys() - unchanged
            for sid in list(changed):
                parent = sections[sid].parent
                while parent is not None and parent not in changed and parent in sections:
                    changed.add(parent)
                    parent = sections[parent].parent
            found = unchanged - changed
        ctx.memo["unchanged_trees"] = found
    return found


def _changed_sections(ctx: Context) -> list[Section]:
    """The sections not in `_unchanged_trees`, in document order, once per lint."""
    found: list[Section] | None = ctx.memo.get("changed_sections")
    if found is None:
        trees = _unchanged_trees(ctx)
        found = ctx.memo["changed_sections"] = [
            s for s in ctx.spec.sections.values() if s.id not in trees
        ]
    return found


def _kept_from_last(ctx: Context, key: str) -> Any:
    """What `_keep` kept under `key` in the version just before, when this version has the same
    sections (the parser says which are unchanged only when every heading is as it was); else
    None."""
    kept, spec = ctx.kept, ctx.spec
    if kept is None or not spec.unchanged:
        return None
    entry = kept.get(key)
    if entry is None or entry[0] != spec.version - 1:
        return None
    return entry[1]


def _keep(ctx: Context, key: str, value: object) -> None:
    if ctx.kept is not None:
        ctx.kept[key] = (ctx.spec.version, value)


def _carrying(ctx: Context) -> bool:
    """Whether the per-content maps of the version before (`_content_number`'s, each topic's
    results) are carried as they are, the changed sections' entries added: while the sections
    are those of the version before and the maps have not grown past twice the sections (the
    changed sections' old contents stay in them until a version that rebuilds them)."""
    found: bool | None = ctx.memo.get("decision_carrying")
    if found is None:
        kept, spec = ctx.kept, ctx.spec
        found = bool(
            kept is not None
            and spec.unchanged
            and kept.get("decision_version") == spec.version - 1
            and len(kept.get("decision_contents", ())) <= 2 * len(spec.sections) + 64
        )
        if kept is not None:
            kept["decision_version"] = spec.version
        ctx.memo["decision_carrying"] = found
    return found


def _requirement_ids(ctx: Context) -> frozenset[str]:
    """Sections that state requirements: the only ones whose triggers raise a question. Only
    those with blocks in the spec count (a view of a few sections asks about those few)."""
    found: frozenset[str] | None = ctx.memo.get("requirement_ids")
    if found is None:
        sections = ctx.spec.sections
        found = frozenset(
            sid
            for sid in dict.fromkeys(b.section for b in ctx.spec.blocks)
            if sid is not None and sid in sections and _is_requirement(ctx, sections[sid])
        )
        ctx.memo["requirement_ids"] = found
    return found


def _trigger_matches(
    ctx: Context, pattern: re.Pattern[str]
) -> dict[str, list[tuple[Block, re.Match[str]]]]:
    """Matches of one trigger in the spec's requirement prose, by section, computed once per
    spec: only where the trigger's first words occur (see `_candidates`), else through `find_in`
    (one search per spec; a regex call per block costs more than the search itself)."""
    memo: dict[int, dict[str, list[tuple[Block, re.Match[str]]]]] = ctx.memo.setdefault(
        "decision_triggers", {}
    )
    found = memo.get(id(pattern))
    if found is None:
        starts = _word_starts(pattern)
        prose = _requirement_prose(ctx) if starts is not None else None
        if starts is not None and prose is not None:
            found = _candidates(prose, pattern, starts)
        else:
            found = defaultdict(list)
            for block, m in find_in(ctx.spec, pattern, sections=_requirement_ids(ctx)):
                if block.kind != "heading" and block.section is not None:
                    found[block.section].append((block, m))
        memo[id(pattern)] = found
    return found


# -- where a trigger may match ------------------------------------------------------------------
# A trigger's matches all begin with one of a few literal words ("delete", "deletes"... for
# "Who may delete?"), most of which a spec never uses. Looking those words up in the spec's
# vocabulary, then trying the trigger only where they occur, finds exactly the matches that
# searching every block would: `find_in` gives the real matches of the pattern in each block's own
# prose, which a match needs no neighbour to make (checked by `_self_contained`).

_RUN_LIMIT = 256  # literal prefixes followed per pattern; past that the shorter run is kept
_SEGMENT = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+")
_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
# Under IGNORECASE these match an ASCII letter but lower-case to something else ("ſ" is an s).
_UNFOLDED = ("\u017f", "\u0131")

try:
    _PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - a Python without the parser module: search everything
    _PARSER = None


@dataclass(frozen=True)
class _Prose:
    """The non-heading prose of the requirement sections, lower-cased, blocks joined by a NUL
    (no word and no literal spans two blocks), with each block's offset in it."""

    text: str
    offsets: list[int]
    blocks: list[Block]
    vocabulary: list[str]  # sorted words, lower-cased: does a word start with "delet"?


def _requirement_prose(ctx: Context) -> _Prose | None:
    """Once per spec; None when the short cut would not be exact (blocks that touch, letters
    that lower-case to more than one or to a non-ASCII look-alike): `find_in` then."""
    if "decision_prose" not in ctx.memo:
        ctx.memo["decision_prose"] = _build_prose(ctx.spec, _requirement_ids(ctx))
    found: _Prose | None = ctx.memo["decision_prose"]
    return found


def _build_prose(spec: Spec, ids: frozenset[str]) -> _Prose | None:
    if blocks_touch(spec):
        return None  # a match at the end of a block could see the next one through find_in
    blocks = [b for b in spec.blocks if b.section in ids and b.kind != "heading"]
    parts = [b.prose for b in blocks]
    offsets = list(accumulate((len(p) + 1 for p in parts), initial=0))
    offsets.pop()  # where the text after the last block would start
    raw = "\x00".join(parts)
    text = raw.lower()
    if not raw.isascii() and (len(text) != len(raw) or any(ch in text for ch in _UNFOLDED)):
        return None
    if text.isascii():
        # Every ASCII character `\w` does not match made a space, the words are the chunks.
        vocabulary = sorted(set(text.translate(_NON_WORD).split()))
    else:
        # Words are found in the distinct white-space separated chunks: far fewer than words.
        vocabulary = sorted(set(_TOKEN.findall(" ".join(set(text.split())))))
    return _Prose(text, offsets, blocks, vocabulary)


def _candidates(
    prose: _Prose, pattern: re.Pattern[str], starts: _Starts
) -> dict[str, list[tuple[Block, re.Match[str]]]]:
    """The pattern's matches in the blocks, by section, left to right and without overlap (as
    `finditer`), tried only where a word of `starts.first` occurs, in a spec that has a word of
    each set of `starts.needed`. The loops are written out: they run for every occurrence."""
    found: dict[str, list[tuple[Block, re.Match[str]]]] = {}
    vocabulary, text = prose.vocabulary, prose.text
    if not all(any(_in_vocabulary(vocabulary, w) for w in ws) for ws in starts.needed):
        return found
    words = [(w, o) for w, o in starts.first if _in_vocabulary(vocabulary, w)]
    at: list[int] = []
    find = text.find
    for word, offset in words:
        i = find(word)
        while i >= 0:
            before = text[i - 1] if i else " "
            if not (before.isalnum() or before == "_"):  # `word` starts a word (as `\w` has it)
                at.append(i - offset)
            i = find(word, i + 1)
    if len(words) > 1:
        at = sorted(set(at))  # one word's positions come in order already
    for block, m in _matches_at(prose, pattern, at):
        hits = found.get(block.section or "")
        if hits is None:
            found[block.section or ""] = [(block, m)]
        else:
            hits.append((block, m))
    return found


def _matches_at(
    prose: _Prose, pattern: re.Pattern[str], at: list[int]
) -> Iterator[tuple[Block, re.Match[str]]]:
    """The pattern's matches starting at the sorted places `at` of the prose (negative ones
    skipped), each in its block and without overlap within a block (as `finditer`)."""
    offsets, blocks, match = prose.offsets, prose.blocks, pattern.match
    k, last_end = -1, 0
    for pos in at:
        if pos < 0:
            continue
        i = bisect.bisect_right(offsets, pos) - 1
        if i != k:
            k, last_end = i, 0
        rel = pos - offsets[k]
        if rel < last_end:
            continue
        block = blocks[k]
        m = match(block.prose, rel)
        if m is not None:
            last_end = m.end()
            yield block, m


# A trigger `\b(?:delete|export|...) ...` is, case aside, one pattern per alternative of its
# leading group ("delete ...", "export ..."), each starting with a literal. Searched as such in
# the lower-cased prose (no `\b`, no IGNORECASE), the regex engine skips ahead by that literal
# and stops only where the rest of the trigger follows too: far fewer places to try than every
# occurrence of a first word. Every match of the trigger starts where a branch matches (the
# trigger's assertions see a block's end as they see the NUL after it: `_self_contained`).

_BRANCH_LIMIT = 64  # branches per trigger; past that it is searched by its first words


_Needed = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class _Branch:
    source: str
    word: str  # the letters every match of it starts with ("" if none): absent, it is skipped
    # Words one of each set of which every match holds at a word start (`_needed`), from the
    # part of the trigger it shares with its neighbours ("form" for "order form", "web form").
    needed: _Needed = ()


@_per_pattern
def _branches(pattern: re.Pattern[str]) -> tuple[_Branch, ...] | None:
    """None when the trigger is not one `_any` source that starts with `\\b` and has no other
    alternative, or a branch could miss a match (a letter that is not lower case, a flag, a
    back-reference). Only strings here: a branch is compiled when a spec has its word."""
    sources = _SOURCES.get(pattern)
    if _PARSER is None or sources is None or len(sources) != 1 or _word_starts(pattern) is None:
        return None
    source = _wrap(sources[0])
    if not source.startswith(r"\b") or any(d == 0 and ch == "|" for _, ch, d in _scan(source)):
        return None
    try:
        # The pattern's own tree: `(?:\b...)`, a group without flags around the source.
        items = _parsed(pattern)
        if items is None or not _lower_only(items):
            return None
    except Exception:  # the parser is private: any surprise means "search by first words"
        return None
    split = _split_pairs(source[2:])
    return None if split is None else _stems(split)


_STEM = 4  # letters two branches' words must share to be searched as one


def _stems(split: list[tuple[str, str]]) -> tuple[_Branch, ...]:
    """Branches whose words begin alike ("delete", "deletes", "deleting") and that go on alike
    joined in one, `(?:delete|deletes|deleting)rest`, of the letters their words share: the
    regex engine takes those out of the alternatives and skips ahead by them, so the prose is
    searched once for all instead of once each, and the rest is compiled once. A match of the
    joined branch starts where one of its parts matches, and only there."""
    groups: list[tuple[str, str, list[str]]] = []  # the shared letters, the rest, the heads
    for head, rest in split:
        word = _leading_word(head + rest)
        for i, (letters, after, heads) in enumerate(groups):
            shared = posixpath.commonprefix([letters, word])
            if after == rest and shared and (len(shared) >= _STEM or shared == letters == word):
                groups[i] = (shared, after, [*heads, head])
                break
        else:
            groups.append((word, rest, [head]))
    return tuple(
        _Branch(
            (heads[0] if len(heads) == 1 else f"(?:{'|'.join(heads)})") + rest,
            letters,
            _rest_needed(rest),
        )
        for letters, rest, heads in groups
    )


@lru_cache(maxsize=1024)
def _rest_needed(rest: str) -> tuple[frozenset[str], ...]:
    """`_needed` of what follows a branch's alternative, parsed once for all that share it."""
    if not rest:
        return ()
    try:
        return tuple(_needed(list(_PARSER.parse(rest, 0)), False))
    except Exception:  # the parser is private: any surprise means "no words needed"
        return ()


def _split_leading(source: str) -> list[str] | None:
    """`(?:a|b)rest` as `arest` and `brest`, again while a branch starts with a group."""
    pairs = _split_pairs(source)
    return None if pairs is None else [head + rest for head, rest in pairs]


def _split_pairs(source: str) -> list[tuple[str, str]] | None:
    """`_split_leading`'s branches, each as the alternative it starts with and the rest of the
    group that alternative was taken from (or the whole branch and nothing)."""
    out: list[tuple[str, str]] = []
    todo = [(source, "")]
    while todo:
        branch, after = todo.pop()
        group = _leading_group(branch)
        if group is None:
            out.append((branch[: len(branch) - len(after)], after))
        else:
            alternatives, rest = group
            todo.extend((alternative + rest, rest) for alternative in reversed(alternatives))
        if len(out) + len(todo) > _BRANCH_LIMIT:
            return None
    return out


def _leading_group(source: str) -> tuple[list[str], str] | None:
    """The alternatives of the `(?:...)` group `source` starts with, and what follows it; None
    when it starts otherwise or the group is repeated."""
    if not source.startswith("(?:"):
        return None
    alternatives: list[str] = []
    start = 3
    for i, ch, depth in _scan(source):
        if ch == "|" and depth == 1:
            alternatives.append(source[start:i])
            start = i + 1
        elif ch == ")" and depth == 0:
            alternatives.append(source[start:i])
            rest = source[i + 1 :]
            return None if rest[:1] in ("?", "*", "+", "{") else (alternatives, rest)
    return None


def _scan(source: str) -> Iterator[tuple[int, str, int]]:
    """The characters of a pattern outside escapes and character classes, with the depth of
    groups they are in (a closing parenthesis has the depth after it)."""
    depth, i = 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if source[i : i + 1] == "^":
                i += 1
            if source[i : i + 1] == "]":
                i += 1  # a "]" first in a class is a literal
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
            i += 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield i, ch, depth
        i += 1


def _leading_word(source: str) -> str:
    """The word characters a branch starts with, up to the first one a quantifier follows."""
    n = 0
    while n < len(source) and source[n] in _WORD_CHARS and source[n + 1 : n + 2] not in _REPEATS:
        n += 1
    return source[:n]


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_REPEATS = ("?", "*", "+", "{")


@cache
def _branch_scanner(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _live_branches(
    ctx: Context, prose: _Prose, pattern: re.Pattern[str]
) -> list[re.Pattern[str]] | None:
    """The scanners of the trigger's branches whose word the spec has, once per spec; None when
    the trigger has no branches."""
    memo: dict[int, list[re.Pattern[str]] | None] = ctx.memo.setdefault("decision_branches", {})
    key = id(pattern)
    if key not in memo:
        branches = _branches(pattern)
        starts = _word_starts(pattern)
        if branches is None or starts is None:
            memo[key] = None
        else:
            has = _word_test(ctx, prose)
            if not all(any(map(has, ws)) for ws in starts.needed):
                memo[key] = []
            else:
                memo[key] = [
                    _branch_scanner(b.source)
                    for needed, group in _by_needed(pattern)
                    if all(any(map(has, ws)) for ws in needed)
                    for b in group
                    if not b.word or has(b.word)
                ]
    return memo[key]


@_per_pattern
def _by_needed(pattern: re.Pattern[str]) -> tuple[tuple[_Needed, tuple[_Branch, ...]], ...]:
    """The trigger's `_branches` grouped by the words they need, in order within a group: the
    54 branches of `@objects ... be deleted` need the same words, looked up once per spec."""
    groups: dict[_Needed, list[_Branch]] = {}
    for b in _branches(pattern) or ():
        groups.setdefault(b.needed, []).append(b)
    return tuple((needed, tuple(group)) for needed, group in groups.items())


def _word_test(ctx: Context, prose: _Prose) -> Callable[[str], bool]:
    """Does a word of the prose start with this one? Once per word and spec: triggers share
    words ("user", "records", "export")."""
    found: Callable[[str], bool] | None = ctx.memo.get("decision_word_test")
    if found is None:
        vocabulary, n = prose.vocabulary, len(prose.vocabulary)
        known: dict[str, bool] = {}
        bisect_left = bisect.bisect_left

        def has(word: str) -> bool:
            got = known.get(word)
            if got is None:
                i = bisect_left(vocabulary, word)
                got = known[word] = i < n and vocabulary[i].startswith(word)
            return got

        found = ctx.memo["decision_word_test"] = has
    return found


def _in_vocabulary(vocabulary: list[str], word: str) -> bool:
    i = bisect.bisect_left(vocabulary, word)
    return i < len(vocabulary) and vocabulary[i].startswith(word)


@dataclass(frozen=True)
class _Starts:
    """What every match of a trigger holds, at word starts."""

    # One of these words, at this offset from the start of the match ("delet" at 0 for
    # `\\bdelete`, "send" at 3 for `\\bre-send`): where to try the pattern.
    first: tuple[tuple[str, int], ...]
    # One word of each set, anywhere in the match ("stored" in "is stored"): a spec whose
    # vocabulary misses a set has no match at all.
    needed: tuple[frozenset[str], ...]


@_per_pattern
def _word_starts(pattern: re.Pattern[str]) -> _Starts | None:
    """None when the pattern gives no words to start from or a match could depend on the text
    around its block."""
    if _PARSER is None or pattern.flags & (re.ASCII | re.LOCALE):
        return None
    items = _parsed(pattern)
    if items is None:
        return None
    try:
        return _analyse(items)
    except Exception:  # the parser is private: any surprise means "search everything"
        return None


@_per_pattern
def _parsed(pattern: re.Pattern[str]) -> list[Any] | None:
    """The pattern's parse tree, once for every analysis of it (the parser is slow)."""
    try:
        return list(_PARSER.parse(pattern.pattern, pattern.flags))
    except Exception:  # the parser is private: any surprise means "no analysis"
        return None


def _analyse(items: list[Any]) -> _Starts | None:
    if not items:
        return None
    word_start = _is_word_start(items[0])
    if word_start:
        items = items[1:]
    if not _self_contained(items):
        return None
    found: set[tuple[str, int]] = set()
    for prefix in _prefixes(items):
        best = _best_word(prefix.lower(), word_start)
        if best is None:
            return None
        found.add(best)
    first = tuple(
        sorted(
            (w, o)
            for w, o in found
            if not any(o2 == o and w != w2 and w.startswith(w2) for w2, o2 in found)
        )
    )
    own = frozenset(w for w, o in first if o == 0)
    needed = tuple(ws for ws in _needed(items, word_start) if ws != own)  # `first` checks those
    return _Starts(first, needed)


def _needed(items: Any, word_start: bool) -> Iterator[frozenset[str]]:
    """Sets of words one of which every match of `items` holds at a word start: each run of
    literal text gives one (its longest word), and so does each part that must match."""
    run, run_start = {""}, word_start
    for op, av in items:
        if op is _PARSER.AT and av is _PARSER.AT_BOUNDARY and run == {""}:
            run_start = True  # `\b` then a letter: a word starts here
            continue
        exact = _exact(op, av)
        crossed = _cross(run, exact) if exact is not None else None
        if crossed is not None:
            run = crossed
            continue
        yield from _run_words(run, run_start)
        if exact is not None:  # too many strings to follow: start a new run with this item
            run, run_start = exact, False
            continue
        yield from _item_needed(op, av, run_start and run == {""})
        run, run_start = {""}, _ends_off_word(op, av)
    yield from _run_words(run, run_start)


def _run_words(run: set[str], run_start: bool) -> Iterator[frozenset[str]]:
    words = set()
    for text in run:
        best = _best_word(text.lower(), run_start)
        if best is None:
            return  # one string of the run has no word to look for: the run says nothing
        words.add(best[0])
    if words:
        yield _shortest(words)


def _item_needed(op: Any, av: Any, word_start: bool) -> Iterator[frozenset[str]]:
    if op is _PARSER.SUBPATTERN:
        yield from _needed(av[3], word_start)
    elif op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT) and av[0] >= 1:
        yield from _needed(av[2], word_start)
    elif op is _PARSER.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            sets = list(_needed(alt, word_start))
            if not sets:
                return  # an alternative that needs no word: the branch needs none
            union |= min(sets, key=lambda ws: (-min(map(len, ws)), len(ws)))
        yield _shortest(union)


def _shortest(words: set[str]) -> frozenset[str]:
    """The words no other one begins: a word that starts with "user" starts with "use" too."""
    return frozenset(w for w in words if not any(o != w and w.startswith(o) for o in words))


def _ends_off_word(op: Any, av: Any) -> bool:
    """Does the item always end on a character that is not a word character (`\\s+`)?"""
    if op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        return _ends_off_word(*next(iter(av[2])))
    if op is _PARSER.IN:
        return all(o is _PARSER.CATEGORY and a is _PARSER.CATEGORY_SPACE for o, a in av)
    return False


def _best_word(prefix: str, word_start: bool) -> tuple[str, int] | None:
    """The longest word of `prefix` known to start a word of the text: after a non-word
    character, or first when the match starts at a word start."""
    if not prefix.isascii():
        return None  # a non-ASCII letter may match one that lower-cases differently
    best: tuple[str, int] | None = None
    for m in _SEGMENT.finditer(prefix):
        if m.start() == 0 and not word_start:
            continue
        if best is None or len(m.group(0)) > len(best[0]):
            best = (m.group(0), m.start())
    return best


def _is_word_start(item: tuple[Any, Any]) -> bool:
    """`\\b`, or a look-behind that rules out a word character before the match."""
    op, av = item
    if op is _PARSER.AT:
        return bool(av is _PARSER.AT_BOUNDARY)
    if op is _PARSER.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
        sub_op, sub_av = next(iter(av[1]))
        return bool(
            sub_op is _PARSER.IN
            and (_PARSER.CATEGORY, _PARSER.CATEGORY_WORD) in sub_av
            and all(op is not _PARSER.NEGATE for op, _ in sub_av)
        )
    return False


def _self_contained(items: Any) -> bool:
    """No assertion that tells the end of a block's prose from the NUL `find_in` puts after it:
    word boundaries and look-aheads of a character class without NUL only."""
    for op, av in _assertions(items):
        if op is _PARSER.AT:
            if av not in (_PARSER.AT_BOUNDARY, _PARSER.AT_NON_BOUNDARY):
                return False
        elif op is not _PARSER.ASSERT_NOT or av[0] != 1 or not _nul_free_class(list(av[1])):
            return False
    return True


_ZERO_WIDTH = (
    ()
    if _PARSER is None
    else (_PARSER.AT, _PARSER.ASSERT, _PARSER.ASSERT_NOT, _PARSER.GROUPREF, _PARSER.GROUPREF_EXISTS)
)


def _assertions(items: Any) -> Iterator[tuple[Any, Any]]:
    """Every zero-width test in a parsed pattern (and back-references, which look elsewhere)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            yield op, av
        elif op is _PARSER.SUBPATTERN:
            yield from _assertions(av[3])
        elif op is _PARSER.BRANCH:
            for alt in av[1]:
                yield from _assertions(alt)
        elif op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT, _PARSER.POSSESSIVE_REPEAT):
            yield from _assertions(av[2])
        elif op is _PARSER.ATOMIC_GROUP:
            yield from _assertions(av)


def _nul_free_class(items: list[tuple[Any, Any]]) -> bool:
    if len(items) != 1 or items[0][0] is not _PARSER.IN:
        return False
    for op, av in items[0][1]:
        if op is _PARSER.LITERAL and av != 0:
            continue
        if op is _PARSER.RANGE and av[0] > 0:
            continue
        if op is _PARSER.CATEGORY and av in (
            _PARSER.CATEGORY_WORD,
            _PARSER.CATEGORY_DIGIT,
            _PARSER.CATEGORY_SPACE,
        ):
            continue
        return False
    return True


def _prefixes(items: Any) -> set[str]:
    """Strings one of which begins every match of `items` (possibly only "")."""
    run = {""}
    for op, av in items:
        exact = _exact(op, av)
        if exact is None:
            return _cross(run, _item_prefixes(op, av)) or run
        crossed = _cross(run, exact)
        if crossed is None:
            return run
        run = crossed
    return run


def _item_prefixes(op: Any, av: Any) -> set[str]:
    if op is _PARSER.SUBPATTERN:
        return _prefixes(av[3])
    if op is _PARSER.BRANCH:
        return set().union(*(_prefixes(alt) for alt in av[1]))
    if op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT) and av[0] >= 1:
        return _prefixes(av[2])
    return {""}


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every string the item can match, when there are few (zero-width assertions match "")."""
    if op is _PARSER.LITERAL:
        return {chr(av)}
    if op is _PARSER.IN:
        if all(o is _PARSER.LITERAL for o, _ in av):
            return {chr(a) for _, a in av}
        return None
    if op in (_PARSER.AT, _PARSER.ASSERT, _PARSER.ASSERT_NOT):
        return {""}
    if op is _PARSER.SUBPATTERN:
        return _exact_all(av[3])
    if op is _PARSER.BRANCH:
        alts = [_exact_all(alt) for alt in av[1]]
        if any(a is None for a in alts):
            return None
        union: set[str] = set().union(*(a for a in alts if a is not None))
        return union if len(union) <= _RUN_LIMIT else None
    if op in (_PARSER.MAX_REPEAT, _PARSER.MIN_REPEAT) and av[:2] in ((0, 1), (1, 1)):
        inner = _exact_all(av[2])
        if inner is None:
            return None
        return inner | {""} if av[0] == 0 else inner
    return None


def _exact_all(items: Any) -> set[str] | None:
    run: set[str] | None = {""}
    for op, av in items:
        exact = _exact(op, av)
        if exact is None or run is None:
            return None
        run = _cross(run, exact)
    return run


def _cross(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > _RUN_LIMIT:
        return None
    return {a + b for a in left for b in right}


def _triggered(ctx: Context, topic: _Topic, services: re.Pattern[str] | None) -> frozenset[str]:
    """The sections where a trigger of the topic matches (before any check of its sentence),
    once per spec and topic."""
    memo: dict[int, frozenset[str]] = ctx.memo.setdefault("decision_triggered", {})
    found = memo.get(id(topic))
    if found is None:
        ids: set[str] = set()
        for question in topic.questions:
            for trigger in question.triggers:
                pattern = services if trigger is None else trigger
                if pattern is not None:
                    _mark_triggered(ctx, pattern, ids)
        found = memo[id(topic)] = frozenset(ids)
    return found


def _mark_triggered(ctx: Context, pattern: re.Pattern[str], ids: set[str]) -> None:
    """Adds the sections where `pattern` matches to `ids`: where it matches at one of its
    branches' places (a section in `ids` already is not tried). The sections with a place are
    noted (`decision_seen`): in no other may the pattern match, so `_first_trigger` need not
    look there."""
    seen: set[str] = ctx.memo.setdefault("decision_seen", {}).setdefault(id(pattern), set())
    prose = _requirement_prose(ctx)
    places = _branch_places(ctx, prose, pattern) if prose is not None else None
    if prose is None or places is None:
        seen.update(k for k, v in _trigger_matches(ctx, pattern).items() if v)
        ids.update(seen)
        return
    offsets, blocks, match = prose.offsets, prose.blocks, pattern.match
    for section, (first, at) in places.items():
        seen.add(section)
        if section in ids:
            continue
        for pos in at:
            while first + 1 < len(offsets) and offsets[first + 1] <= pos:
                first += 1  # the places come in order: the block moves forward only
            if match(blocks[first].prose, pos - offsets[first]):
                ids.add(section)
                break


def _branch_places(
    ctx: Context, prose: _Prose, pattern: re.Pattern[str]
) -> dict[str, tuple[int, list[int]]] | None:
    """Where the trigger's branches match in the requirement prose, by section, with the
    index of the block of its first place: every match of the trigger starts at one of them.
    Each branch searches the whole prose once, for both `_mark_triggered` and
    `_section_matches` (a search per section costs a call per branch and section). None when
    the trigger has no branches."""
    memo: dict[int, dict[str, tuple[int, list[int]]] | None] = ctx.memo.setdefault(
        "decision_places", {}
    )
    key = id(pattern)
    if key in memo:
        return memo[key]
    scanners = _live_branches(ctx, prose, pattern)
    if scanners is None:
        memo[key] = None
        return None
    found: dict[str, tuple[int, list[int]]] = {}
    text, offsets, blocks = prose.text, prose.offsets, prose.blocks
    bisect_right = bisect.bisect_right
    for scanner in scanners:
        search = scanner.search
        m = search(text)
        while m is not None:
            at = m.start()
            k = bisect_right(offsets, at) - 1
            section = blocks[k].section or ""
            entry = found.get(section)
            if entry is None:
                found[section] = (k, [at])
            else:
                entry[1].append(at)
                if k < entry[0]:
                    found[section] = (k, entry[1])
            m = search(text, at + 1)
    if len(scanners) > 1:  # one branch's places come in order already
        for section, (k, places) in found.items():
            found[section] = (k, sorted(set(places)))
    memo[key] = found
    return found


def _section_matches(
    ctx: Context, section: Section, pattern: re.Pattern[str]
) -> list[tuple[Block, re.Match[str]]]:
    """The trigger's matches in the section's blocks, left to right and without overlap (as
    `finditer`), tried where one of its branches matches in the section's part of the prose."""
    return list(_iter_matches(ctx, section, pattern))


def _iter_matches(
    ctx: Context, section: Section, pattern: re.Pattern[str]
) -> Iterator[tuple[Block, re.Match[str]]]:
    """`_section_matches`, found as they are taken."""
    prose = _requirement_prose(ctx)
    places = _branch_places(ctx, prose, pattern) if prose is not None else None
    if prose is None or places is None:
        return iter(_trigger_matches(ctx, pattern).get(section.id, ()))
    entry = places.get(section.id)
    return iter(()) if entry is None else _matches_at(prose, pattern, entry[1])


def _accepted(ctx: Context, section: Section) -> bool:
    """`has_acceptance_criteria`; a section without subsections is its scope, whose text the
    other rules of the family search too: it is joined and lower-cased once for all."""
    if section.children:
        return has_acceptance_criteria(ctx.spec, section)
    return has_acceptance_criteria(ctx.spec, section, _scope(ctx, section))


def _first_trigger(
    ctx: Context,
    section: Section,
    topic: _Topic,
    services: re.Pattern[str] | None,
    open_for: frozenset[str] | None = None,
) -> tuple[_Question, int, int, str, str] | None:
    """The first trigger of the section that raises a question; with `open_for` (services
    the settled scope leaves open: `_services_left_open`), the first of those services."""
    seen: dict[int, set[str]] = ctx.memo.get("decision_seen", {})
    sid = section.id
    endpoint: bool | None = None
    for question in topic.questions:
        requires = question.requires
        if question.caller and requires is not None:
            if endpoint is None:
                endpoint = ENDPOINT_TITLE.match(plain_title(section)) is not None
            if endpoint:
                requires = None  # the endpoint's caller acts
        each: list[Iterator[_Candidate]] = []
        for i, trigger in enumerate(question.triggers):
            if open_for is not None and trigger is not None:
                continue  # the scope settles all but those services
            pattern = services if trigger is None else trigger
            if pattern is None or sid not in seen.get(id(pattern), (sid,)):
                continue  # `_mark_triggered` found no place in the section: no match there
            each.append(_candidates_of(i, trigger is None, _iter_matches(ctx, section, pattern)))
        # Block order first, then trigger order, then position: the first question asked. Each
        # trigger's matches come in that order: merged, a match is found only when its turn
        # comes (most sections ask at their first).
        if not each:
            continue
        merged = each[0] if len(each) == 1 else heapq.merge(*each, key=_candidate_order)
        for _, _, _, is_service, block, m in merged:
            begin = m.start()  # of the words the question quotes
            if question.near and question.nouns is not None:
                noun_at = _near_noun(question.nouns, block, m)
                if noun_at is None:
                    continue
                begin = min(begin, noun_at)  # the subject of a passive: "audit logs are stored"
            if not _may_hold(ctx, question, requires, block, m):
                continue  # rejected before the block is split into sentences
            _, sentence, at = ctx.sentence(block, m.start())
            if sentence.rstrip().endswith("?"):
                continue
            before = sentence[: m.start() - at]
            if _negated(before):
                continue
            if requires and not _found_in(requires, sentence):
                continue
            if question.nouns and not question.near and not _found_in(question.nouns, sentence):
                continue
            end = m.end()
            if is_service:
                term = _service_name(" ".join(m.group(0).split()))
                if open_for is not None and term.casefold() not in open_for:
                    continue
            else:
                tail = _TRAILING_LINKS.search(m.group(0))
                if tail is not None and tail.start() > 0:
                    end = m.start() + tail.start()  # (the finding's range ends with it too)
                term = " ".join(block.prose[begin:end].split())
                if question.asks_who and (active := _active(term, before)) is not None:
                    term = active
            if len(term) > 50:
                term = term[:50].rsplit(" ", 1)[0] + "…"
            return question, block.start + begin, block.start + end, term, sentence
    return None


# "The audit log can be exported": asked as "Who may export the audit log?".
_PASSIVE = re.compile(
    r"(?P<object>.+?) (?:\w+ ){0,3}?(?:can|may|must|will|should|shall|are|is) be (?P<verb>\w+)",
    re.IGNORECASE,
)
# The object's words before the trigger: after a determiner ("the audit log"), or one word
# that starts the sentence ("Audit logs").
_OBJECT_LEAD = re.compile(
    r"(?:\b(?:the|a|an|all|any|every|each|their|its|our|your)\s+(?:[\w-]+\s+)?|^\s*[\w-]+\s+)$",
    re.IGNORECASE,
)


def _active(term: str, before: str) -> str | None:
    """A passive trigger's words in the active voice, with the object's words before it; None
    for a trigger in the active voice."""
    passive = _PASSIVE.fullmatch(term)
    verb = _BASE_FORMS.get(passive.group("verb").lower()) if passive is not None else None
    if passive is None or verb is None:
        return None
    lead = _OBJECT_LEAD.search(before)
    words = (lead.group(0) if lead is not None else "").split()
    obj = passive.group("object")
    if words and words[0].lower() in _SENTENCE_STARTS:
        words[0] = words[0].lower()
    elif not words and obj[1:].islower():
        obj = obj.lower()  # one of the trigger's objects, a common noun: "Reports can be ..."
    return " ".join([verb, *words, obj])


_Candidate = tuple[int, int, int, bool, Block, "re.Match[str]"]
# Words a trigger's last words may stop on, which the question should not quote: "(stores
# every sent notification with)" reads "(stores every sent notification)".
_TRAILING_LINKS = re.compile(
    r"(?:\s+(?:in|into|with|as|and|or|for|to|of|on|at|from|by|the|a|an|its|their|that|which|"
    r"when|if|before|after|until|using|via|through))+$",
    re.IGNORECASE,
)


def _negated(before: str) -> bool:
    """`_NEGATED.search(before)`."""
    if before.isascii():
        lowered = before.lower()
        if not any(part in lowered for part in _NEGATION_PARTS):
            return False
    return _NEGATED.search(before) is not None


def _found_in(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern.search(text)` for an `_any` pattern, through its branches (`_settles`)."""
    return _settles(pattern, text, _fold(text))


def _candidates_of(
    i: int, is_service: bool, matches: Iterator[tuple[Block, re.Match[str]]]
) -> Iterator[_Candidate]:
    for block, m in matches:
        yield block.start, i, m.start(), is_service, block, m


def _candidate_order(c: _Candidate) -> tuple[int, int, int]:
    return c[0], c[1], c[2]


def _may_hold(
    ctx: Context,
    question: _Question,
    requires: re.Pattern[str] | None,
    block: Block,
    m: re.Match[str],
) -> bool:
    """The checks that need no sentence (the nouns near the trigger come first: `_near_noun`):
    `requires` (the question's, unless an endpoint's caller stands for it) and `nouns`
    anywhere in the block (a sentence is a part of its block, cut where no word goes on)."""
    for pattern in (requires, None if question.near else question.nouns):
        if pattern is not None and not _in_block(ctx, pattern, block):
            return False
    return True


_NEAR = 40  # characters after a trigger in which its noun is looked for
_PASSIVE_START = re.compile(r"(?:is|are|be|been|being|gets?|got|was|were)\s", re.IGNORECASE)
_UNASSERTED = re.compile(r"\b(?:whether|if|unless|when|for)\b", re.IGNORECASE)
_CLAUSE_ENDS = (".", ";", ":", "!", "?")  # the subject of a passive comes after the last


def _near_noun(nouns: re.Pattern[str], block: Block, m: re.Match[str]) -> int | None:
    """Where the words the question is about start: `m`'s own start when they follow it
    ("stores the patient's phone number"), else their start in the clause before it: the
    subject of a passive ("Audit logs are stored in S3"), unless the clause asks whether or
    sets a condition; None when neither has them."""
    prose, start = block.prose, m.start()
    if _found_in(nouns, prose[start : m.end() + _NEAR]):
        return start
    if not _PASSIVE_START.match(m.group(0)):
        return None
    low = max(0, start - _NEAR - 20)  # (20: room for a "whether" before the subject)
    before = prose[low:start]
    cut = max(before.rfind(p) for p in _CLAUSE_ENDS)
    clause = low + cut + 1 if cut >= 0 else low
    subject = max(clause, start - _NEAR)
    if not _found_in(nouns, prose[subject:start]) or _UNASSERTED.search(prose, clause, start):
        return None  # "whether or not attachments are saved", "save attachments if an issue is"
    found = nouns.search(prose, subject, start)
    return found.start() if found is not None else None


def _in_block(ctx: Context, pattern: re.Pattern[str], block: Block) -> bool:
    """Does `pattern` match somewhere in the block's prose? True when unsure: a pattern whose
    assertions could tell a sentence's edge from the blank before or after it."""
    if not _edge_free(pattern):
        return True
    memo: dict[tuple[int, int], bool] = ctx.memo.setdefault("decision_in_block", {})
    key = (id(pattern), block.start)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _found_in(pattern, block.prose)
    return found


@_per_pattern
def _edge_free(pattern: re.Pattern[str]) -> bool:
    """Only word-boundary assertions: a match in a sentence is then a match in its block."""
    items = _parsed(pattern) if _PARSER is not None else None
    if items is None:
        return False
    try:
        return _only_boundaries(items)
    except Exception:  # the parser is private: any surprise means "split the sentence"
        return False


def _only_boundaries(items: Any) -> bool:
    return all(
        op is _PARSER.AT and av in (_PARSER.AT_BOUNDARY, _PARSER.AT_NON_BOUNDARY)
        for op, av in _assertions(items)
    )


def _service_key(written: str) -> str:
    """The service a match names, case-folded: one key for "Slack" and "Slack Web API"."""
    return _service_name(" ".join(written.split())).casefold()


def _service_name(text: str) -> str:
    """ "Slack Web API" (a twin's `clones`) is asked about as Slack, like the built-in name."""
    folded = text.casefold()
    for name, key in _services_longest_first():
        if folded.startswith(key):
            return name
    return text


@cache
def _services_longest_first() -> tuple[tuple[str, str], ...]:
    """The built-in names, longest first, each with its case-folded form: sorted once."""
    return tuple((n, n.casefold()) for n in sorted(builtin_services(), key=len, reverse=True))


def _settled_by_scenario(ctx: Context, section: Section, topic: _Topic, q: _Question) -> bool:
    ws = ctx.workspace
    if ws is None or not ws.has_scenarios:
        return False  # only scenario files cover sections
    for sc in ws.scenarios_for(ctx.spec.path, section.id):
        if topic.settled.search(sc.text) or (q.settled and q.settled.search(sc.text)):
            return True
    return False


@rule("decisions/external-failure")
def external_failure(ctx: Context) -> Iterator[Hit]:
    """A requirement calls an external service but never says what happens when it fails.

    ## Why
    Every call to Stripe, Okta or a partner API will one day time out or answer 503. If the spec
    is silent, the implementer picks a behaviour (retry forever, fail the whole request, swallow
    the error) and the user finds out in production. Services are the built-in list (Stripe,
    Slack, Okta...), `[vocabulary] services`, twins' names, and phrases such as "external API" or
    "webhook". Settled by words about failure (timeout, retry, unavailable, fallback, error) in the
    section, a failure-handling section, a clarification or a covering scenario; not by a
    question left open there ("How does the system handle a Stripe outage?"). An answer that
    names services answers for those: "If SendGrid is down, emails are queued" leaves Slack
    open in a section that sends through both.

    ## Bad
    ```markdown
    ## Payment
    The service must charge the card through Stripe when the order is placed.
    ```

    ## Good
    ```markdown
    ## Payment
    The service must charge the card through Stripe when the order is placed. If Stripe does
    not answer within 10 seconds, the order stays pending and the customer sees "payment delayed".
    ```

    ## Fix
    Say the timeout, how often and how long to retry, and what the user sees meanwhile.

    ## Source
    INCOSE Guide for Writing Requirements (completeness: failure conditions); spec-kit's clarify
    taxonomy ("external dependencies and failure modes").
    """
    return _ask(ctx, "external-failure")


@rule("decisions/invalid-input")
def invalid_input(ctx: Context) -> Iterator[Hit]:
    """A requirement accepts input but never says what is rejected, and how.

    ## Why
    A form, an upload or an API parameter without validation rules lets the implementer decide
    what "valid" means, and what error the user sees, one field at a time.

    ## Bad
    ```markdown
    ## Profile
    The user must be able to submit the profile form with a display name and a phone number.
    ```

    ## Good
    ```markdown
    ## Profile
    The user must be able to submit the profile form with a display name and a phone number. A
    name over 40 characters or a phone number not in E.164 format is rejected, naming the field.
    ```

    ## Fix
    List what is checked (length, format, allowed values, required fields) and the error shown.

    ## Source
    OWASP ASVS V5 (validation); IEEE 29148 (a complete requirement states its error cases).
    """
    return _ask(ctx, "invalid-input")


@rule("decisions/limits")
def limits(ctx: Context) -> Iterator[Hit]:
    """Uploads, lists, retries or polling with no size, count or rate.

    ## Why
    "Users can upload attachments" without a size will one day meet a 4 GB video; "the client
    retries" without a count retries forever. Limits are decisions with cost and security
    consequences, not implementation details. An upload is asked about where someone uploads
    ("users can upload ..."), and in a section on an HTTP endpoint, whose caller does.

    ## Bad
    ```markdown
    ## Attachments
    A requester must be able to upload attachments to a ticket.
    ```

    ## Good
    ```markdown
    ## Attachments
    A requester must be able to upload up to 5 attachments of at most 10 MB each to a ticket.
    ```

    ## Fix
    Give the number and unit (size, count, page size, attempts, interval) and what happens above.

    ## Source
    OWASP ASVS V12.1 (file size limits), V11 (anti-automation); Release It! (timeouts, retries).
    """
    return _ask(ctx, "limits")


@rule("decisions/authorization")
def authorization(ctx: Context) -> Iterator[Hit]:
    """An action on data (delete, export, approve, refund...) with no word on who may do it.

    ## Why
    Broken access control is the most common serious web weakness (OWASP Top 10, A01). When the
    spec says "records can be deleted" but not by whom, anyone who can reach the endpoint can.
    Asked where someone acts ("users can delete ..."), and in a section on an HTTP endpoint
    ("### DELETE /reports/{id}": "Deletes a draft report"), whose caller acts. Settled by
    roles or permissions in the section, a Roles/Permissions/Security section, a
    clarification or a covering scenario.

    ## Bad
    ```markdown
    ## Cleanup
    Users must be able to delete projects from the project settings page.
    ```

    ## Good
    ```markdown
    ## Cleanup
    The project owner must be able to delete the project from the project settings page; other
    members do not see the button.
    ```

    ## Fix
    Name the roles allowed, and what the others see (hidden button, 403).

    ## Source
    OWASP Top 10 2021 A01 (broken access control); OWASP ASVS V4.
    """
    return _ask(ctx, "authorization")


@rule("decisions/data-lifetime")
def data_lifetime(ctx: Context) -> Iterator[Hit]:
    """A requirement stores data but never says how long it is kept or when it is deleted.

    ## Why
    Stored data outlives the feature that wrote it: logs with personal data, uploads, audit
    trails. Retention is a legal decision (GDPR storage limitation) and a cost decision; an
    implementer who is not told keeps everything forever.

    ## Bad
    ```markdown
    ## Audit
    The service must record each decision with the approver's name and comment.
    ```

    ## Good
    ```markdown
    ## Audit
    The service must record each decision with the approver's name and comment, and keep it for
    2 years; records are then deleted.
    ```

    ## Fix
    Say how long the data is kept, what happens at the end (deleted, anonymised, archived) and
    whether a user may ask for deletion sooner.

    ## Source
    GDPR art. 5(1)(e) (storage limitation); ISO/IEC 27001 A.8.10 (information deletion).
    """
    return _ask(ctx, "data-lifetime")


@rule("decisions/concurrency")
def concurrency(ctx: Context) -> Iterator[Hit]:
    """Several actors update the same thing, with no rule for conflicts.

    ## Why
    Two approvers click at once; two editors save the same page. Without a decision (lock, first
    wins, last write wins, merge), the behaviour depends on timing and is found in production.

    ## Bad
    ```markdown
    ## Review
    Multiple reviewers must be able to approve the same change request.
    ```

    ## Good
    ```markdown
    ## Review
    Multiple reviewers must be able to approve the same change request; the first decision wins
    and a later one is rejected with "already decided".
    ```

    ## Fix
    Say how a conflict is detected (version, lock, ETag) and which write wins.

    ## Source
    spec-kit's clarify taxonomy ("concurrency, conflicts"); HTTP conditional requests (RFC 9110
    §13, If-Match).
    """
    return _ask(ctx, "concurrency")


@rule("decisions/acceptance")
def acceptance(ctx: Context) -> Iterator[Hit]:
    """A requirement (REQ-12, Requirement 3, User Story 1) with no acceptance criteria or scenario.

    ## Why
    Without acceptance criteria nobody, human or agent, can tell when the requirement is done.
    Checked in specs that number at least two requirements (one numbered heading is more likely
    a citation, like "SE-0196"). Counted as acceptance: a subsection titled Acceptance Criteria,
    Scenarios or Examples, Given/When/Then steps, EARS criteria (WHEN ... THEN the system
    SHALL ...), or a scenario in the workspace that covers the section. In a project with
    scenarios, `links/uncovered-section` reports the requirements no scenario covers, and this
    rule stays quiet.

    ## Bad
    ```markdown
    ## REQ-3 Sign-in
    The service must sign a user in with an email and a password.

    Given a registered user, when the right password is entered, then the dashboard opens.

    ## REQ-4 Password reset
    The service must email a reset link that expires after 30 minutes.
    ```

    ## Good
    ```markdown
    ## REQ-3 Sign-in
    The service must sign a user in with an email and a password.

    Given a registered user, when the right password is entered, then the dashboard opens.

    ## REQ-4 Password reset
    The service must email a reset link that expires after 30 minutes.

    ### Acceptance criteria
    - Given a registered email, when a reset is requested, then one email arrives within 1 minute.
    - Given a link older than 30 minutes, when it is opened, then the page says it expired.
    ```

    ## Fix
    Add Given/When/Then acceptance criteria under the requirement, or a scenario that covers it.
    """
    spec = ctx.spec
    ws = ctx.workspace
    last: tuple[int, list[_Unaccepted]] | None = _kept_from_last(ctx, "decisions:acceptance")
    if last is None:
        numbered = [s for s in spec.sections.values() if REQUIREMENT_HEADING.match(s.title)]
        count, unaccepted = len(numbered), _unaccepted(ctx, numbered)
    else:
        # The same headings, so the same numbered ones: only the changed trees are looked at.
        trees = _unchanged_trees(ctx)
        count, unaccepted = last[0], [e for e in last[1] if e[0] in trees]
        sections = spec.sections
        for entry in _unaccepted(
            ctx, [s for s in _changed_sections(ctx) if REQUIREMENT_HEADING.match(s.title)]
        ):
            bisect.insort(unaccepted, entry, key=lambda e: sections[e[0]].heading_range.start.line)
    _keep(ctx, "decisions:acceptance", (count, unaccepted))
    if count < 2:
        return  # one "SE-0196" heading is a citation; a requirements document numbers several
    if ws is not None and ws.has_scenarios:
        # links/uncovered-section speaks for requirements without a scenario. (Only scenario
        # files cover sections: without them, no section has a scenario to look up.)
        return
    offset = spec.index.offset
    for sid, start, end, message in unaccepted:
        section = spec.sections[sid]
        if start is None or end is None:
            heading = section.heading_range
            start, end = offset(heading.start), offset(heading.end)
        else:
            base = section.blocks[0].start
            start, end = start + base, end + base
        yield Hit(start, end, message)


# A numbered requirement section without acceptance criteria: its id, its heading's offsets
# relative to its first block (None when it has none) and the message.
_Unaccepted = tuple[str, int | None, int | None, str]


def _unaccepted(ctx: Context, numbered: list[Section]) -> list[_Unaccepted]:
    """The numbered requirement sections without acceptance criteria: what `acceptance` reads
    of a section and its subsections alone, carried while they are unchanged."""
    out: list[_Unaccepted] = []
    offset = ctx.spec.index.offset
    for section in numbered:
        if not _is_requirement(ctx, section):
            continue
        if _carried(ctx, "acceptance", section, True, partial(_accepted, ctx, section)):
            continue
        name = section.title.split(" ")[0] if section.explicit_id else section.title
        message = (
            f"How will anyone know {name} is done? Add acceptance criteria (Given/When/Then) or"
            " a scenario that covers it"
        )
        start: int | None = None
        end: int | None = None
        if section.blocks:
            base = section.blocks[0].start
            start = offset(section.heading_range.start) - base
            end = offset(section.heading_range.end) - base
        out.append((section.id, start, end, message))
    return out
