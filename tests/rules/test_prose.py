"""Shortcuts of the prose helpers answer what the plain patterns answer."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from speclint.config import Config
from speclint.parse import parse
from speclint.rules import ambiguity
from speclint.rules.context import Context
from speclint.rules.prose import (
    _FRONT,
    _phrase_spans,
    _spec_lexicon,
    measure_pattern,
    measured,
    word_searcher,
)

# Words the patterns look for, in several cases, with what stands around words.
PIECES = (
    "if", "When", "WHEN", "whether", "in case", "to which", "saying what", "Probably",
    "perhaps", "it's possible that", "I think", "we", "We", "You", "and so", ", so", ", thus that",
    "then", "the", "The", "this", "service", "API", "users say", "according to", "said",
    "two", "Five", "seconds", "ms", "30", "p95", "<", "ſ", "é", "x", "-", "_", " ", "  ", "\n",
    ",", ";", ".", "(", "should",
)  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
CTX = Context(parse("x"), Config(root=Path(".")))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_word_searchers_answer_as_the_patterns(text: str) -> None:
    patterns = (
        ambiguity._CONDITIONAL_BEFORE,
        ambiguity._FIRST_PERSON_BEFORE,
        ambiguity._HEDGE_BEFORE,
        ambiguity._FRAMED_BEFORE,
    )
    assert ambiguity._NOT_AN_OBLIGATION_BEFORE(text) == any(p.search(text) for p in patterns)
    reported = CTX.pattern("reported_speech")
    assert word_searcher(CTX.words("reported_speech"), (reported,))(text) == bool(
        reported.search(text)
    )
    subject = ambiguity._subject_pattern(CTX.words("system_subject"))
    searcher = word_searcher(ambiguity._DETERMINERS, (subject,))
    assert searcher(text) == bool(subject.search(text))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_measured_answers_as_the_measure_pattern(text: str) -> None:
    assert measured(CTX, text) == bool(measure_pattern(CTX).search(text))


# Lexicon phrases (some with punctuation, one holding a comma), parts of them, and what stands
# between words, separators between blocks included.
PHRASES = (
    "etc.", "and/or", "e-mail", "100%", "100 %", "including, but not limited to", "including",
    "but", "real-time", "near real-time", "fast", "should", "sign-in", "user", "users",
    "customer", "as appropriate", "as", "if possible", "tbd", "???", "?", "x", "-", "_", " ",
    "  ", "\n", ",", ", ", ".", "/", "(", "%", "\x00", "é",
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), max_size=16).map("".join))
def test_the_spaced_lexicon_scan_finds_what_the_lexicon_pattern_does(text: str) -> None:
    lexicon = _spec_lexicon(CTX)
    folded = _FRONT + text
    assert list(_phrase_spans(folded, lexicon)) == list(
        _phrase_spans(folded, lexicon, spaced=False)
    )
