"""The sentence of one offset, found around it, is the one a split of the whole prose gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from speclint.sentences import sentence_around, sentence_spans

# What sentence boundaries are made of, and what makes a period no boundary.
PIECES = (
    "word", "Word", "x", "e.g.", "i.e.", "etc.", "U.S.", "1.5", "v2", "é", "İ", "(",
    ".", ". ", "! ", "?", "?) ", '." ', ".” ", "...", ";", ":", ";\n", ":\n", "\n", "\n\n",
    "\n \n", " ", "  ", "\t", "- ",
)  # fmt: skip


def holding(prose: str, at: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in sentence_spans(prose) if a <= at < b), None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_sentence_around_is_the_split_s_sentence(pieces: list[str]) -> None:
    prose = "".join(pieces)
    for at in range(len(prose) + 1):
        assert sentence_around(prose, at) == holding(prose, at), (prose, at)


def test_sentence_around_looks_back_past_long_sentences() -> None:
    prose = "First one. " + "Word " * 40 + "should stay. Next."
    at = prose.index("should")
    assert sentence_around(prose, at) == (11, prose.index(" Next"))
    assert sentence_around("  Leading space.", 5) == (2, 16)
    assert sentence_around("One.   Two.", 5) is None  # white space between two sentences
