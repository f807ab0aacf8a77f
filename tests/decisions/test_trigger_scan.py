"""The decisions rules' short cuts find what the plain searches find: triggers tried only where
their first words occur (against `find_in`), and settled words through the looser scanner
(against `pattern.search`)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from speclint.config import Config
from speclint.parse import parse
from speclint.rules import decisions as d
from speclint.rules.context import Context, find_in
from speclint.workspace import sections

# Words from the triggers and their settled lists, look-alike letters, and the punctuation that
# ends sentences and blocks: the texts most likely to tell two searches apart.
_WORDS = [
    "users",
    "User",
    "submit",
    "uploads",
    "UPLOADED",
    "uploaded",
    "re-send",
    "resends",
    "retries",
    "delete",
    "Deletes",
    "projects",
    "can",
    "be",
    "deleted",
    "stores",
    "the",
    "each",
    "records",
    "audit",
    "log",
    "Stripe",
    "Slack",
    "webhook",
    "external",
    "API",
    "form",
    "signup",
    "sign-up",
    "two",
    "editors",
    "at",
    "same",
    "time",
    "fail",
    "timeout",
    "retry",
    "only",
    "admins",
    "retention",
    "30",
    "days",
    "must",
    "K",
    "`code`",
    "x_y",
    "é",
]
_PHRASES = [
    "users submit the form",
    "A customer uploads an attachment",
    "projects can be deleted",
    "Admins may export all records",
    "delete their account",
    "stores each request body",
    "logs the user's email address",
    "is stored",
    "keeps a history",
    "two editors",
    "at the same time",
    "charges the card through Stripe",
    "sends a webhook",
    "calls the external API",
    "signup form",
    "imports a CSV file",
    "retries the request",
    "polls the status endpoint every",
    "returns all orders",
    "bulk export",
    "not",
    "never",
]
_GLUE = [" ", " ", " ", "\n", ". ", ", ", "-", "/", ": ", "; ", "? "]


@st.composite
def _specs(draw: st.DrawFn) -> str:
    parts = ["## Requirement\nThe service must "]  # normative: a requirement section
    for _ in range(draw(st.integers(1, 40))):
        parts.append(draw(st.sampled_from(_WORDS) | st.sampled_from(_PHRASES)))
        parts.append(draw(st.sampled_from([*_GLUE, "\n\n", "\n- ", "\n### Sub\nIt must "])))
    return "".join(parts) + "\n"


def _context(text: str) -> Context:
    return Context(parse(text, "spec.md"), Config(root=Path(".")))


def _patterns(ctx: Context) -> list[re.Pattern[str]]:
    found = [t for topic in d._topics().values() for q in topic.questions for t in q.triggers]
    services = d._services(ctx)
    return [p for p in (*found, services) if p is not None]


def _plain(ctx: Context, pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
    return [
        (b.start, m.start(), m.end())
        for b, m in find_in(ctx.spec, pattern, sections=d._requirement_ids(ctx))
        if b.kind != "heading" and b.section is not None
    ]


def _by_words(ctx: Context, pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
    return [
        (b.start, m.start(), m.end())
        for hits in d._trigger_matches(ctx, pattern).values()
        for b, m in hits
    ]


def _by_sections(ctx: Context, pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
    return [
        (b.start, m.start(), m.end())
        for section in ctx.spec.sections.values()
        for b, m in d._section_matches(ctx, section, pattern)
    ]


@settings(max_examples=150, deadline=None)
@given(_specs())
def test_triggers_match_as_find_in(text: str) -> None:
    """By first words, by branches in each section, and the sections where one matches."""
    ctx = _context(text)
    for pattern in _patterns(ctx):
        plain = sorted(_plain(ctx, pattern))
        assert sorted(_by_words(ctx, pattern)) == plain, pattern.pattern[:60]
        assert sorted(_by_sections(ctx, pattern)) == plain, pattern.pattern[:60]
    services = d._services(ctx)
    for topic in d._topics().values():
        raised = {
            block.section
            for question in topic.questions
            for trigger in question.triggers
            if (pattern := services if trigger is None else trigger) is not None
            for block, _ in find_in(ctx.spec, pattern, sections=d._requirement_ids(ctx))
            if block.kind != "heading"
        }
        assert d._triggered(ctx, topic, services) == raised


@settings(max_examples=150, deadline=None)
@given(_specs())
def test_settled_words_match_as_search(text: str) -> None:
    patterns = [t.settled for t in d._topics().values()]
    questions = [q for t in d._topics().values() for q in t.questions]
    patterns += [p for q in questions for p in (q.settled, q.requires, q.nouns) if p is not None]
    for pattern in patterns:
        expected = pattern.search(text) is not None
        assert d._settles(pattern, text, d._fold(text)) == expected, pattern.pattern[:60]


def test_look_alike_letters_take_the_plain_search() -> None:
    """ "ſ" and "ı" match s and i under IGNORECASE but stay as they are lower-cased."""
    text = "## Requirement\nThe service must ſtore each request and deletıng projects.\n"
    ctx = _context(text)
    assert d._requirement_prose(ctx) is None
    for pattern in _patterns(ctx):
        assert sorted(_by_words(ctx, pattern)) == sorted(_plain(ctx, pattern))
        assert sorted(_by_sections(ctx, pattern)) == sorted(_plain(ctx, pattern))
    assert d._fold(text) is None


def test_every_trigger_takes_the_short_cut() -> None:
    """A pattern the analysis gives up on is still right (through `find_in`), only slower."""
    ctx = _context("## Requirement\nThe service must store each request.\n")
    assert all(d._word_starts(p) is not None for p in _patterns(ctx))
    triggers = [t for topic in d._topics().values() for q in topic.questions for t in q.triggers]
    assert all(d._branches(t) is not None for t in triggers if t is not None)
    assert all(d._settled_branches(t.settled) is not None for t in d._topics().values())


def test_branches_split_the_leading_group() -> None:
    """Nested groups split too; a repeated group, a class or an escape is left as it is."""
    assert sorted(d._split_leading(r"(?:(?:a|b[)|]) c|d\)e)f") or ()) == [
        r"a cf",
        r"b[)|] cf",
        r"d\)ef",
    ]
    assert d._split_leading(r"(?:a|b)?c") == [r"(?:a|b)?c"]
    assert d._leading_word(r"users?\b") == "user"
    assert d._leading_word(r"re-?sends?") == "re"
    assert d._leading_word(r"\d+") == ""


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("WHEN", "IF", "WHILE", "THEN", "SHALL", "NOTIFY", "xWHEN", "Given", "given"),
                *("when", "then", "the", "system", "acceptance", "criteria", "Acceptance Criteria"),
            ]
        ),
        max_size=30,
    ),
    st.lists(st.sampled_from([" ", "\n", ", ", "-", "_"]), min_size=30, max_size=30),
)
def test_acceptance_criteria_as_search(words: list[str], glue: list[str]) -> None:
    """G/W/T and EARS are tried only where a word they start with is."""
    body = "".join(w + g for w, g in zip(words, glue, strict=False))
    expected = any(
        p.search(body)
        for p in (sections._GIVEN_WHEN_THEN, sections._EARS, sections._ACCEPTANCE_WORDS)
    )
    assert sections._has_criteria(body) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("not", "NOT", "Never", "no", "nor", "n't", "cannot", "without", "now", "know"),
                *("ok", "it", "is", "done", "ſ", "ı", "—", "x"),
            ]
        ),
        max_size=8,
    ),
    st.lists(st.sampled_from([" ", ", ", "-", "", "'"]), min_size=8, max_size=8),
)
def test_negation_is_looked_for_as_the_pattern_does(words: list[str], glue: list[str]) -> None:
    before = "".join(w + g for w, g in zip(words, glue, strict=False))
    assert d._negated(before) == (d._NEGATED.search(before) is not None)
