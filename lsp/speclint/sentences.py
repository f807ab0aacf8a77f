"""Sentence boundaries in a block's prose, computed only when a rule asks for them."""

from __future__ import annotations

import re

from .model import Sentence

# One boundary: `[.!?]+` with closing quotes or brackets and white space, `[:;]` ending a line, or
# a blank line. Written to start with one character class (the alternatives then check which
# one they follow) because `re` can then skip to candidates in C instead of trying a match at
# every position: the split runs three times faster, with the very same matches.
_SENTENCE_END = re.compile(
    r"[.!?:;\n](?:(?<=[.!?])[.!?]*[\"')\]”’]*\s+|(?<=[:;])\s*\n|(?<=\n)\s*\n)"
)
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "approx",
        "fig",
        "no",
        "nr",
        "sec",
        "ch",
        "eq",
        "ref",
        "resp",
        "incl",
        "excl",
        "min",
        "max",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "ca",
        "viz",
    ]
)


def split_sentences(prose: str, base: int) -> tuple[Sentence, ...]:
    """Sentences of `prose` as document offsets (`base` is the offset of `prose[0]`)."""
    return tuple(Sentence(base + a, base + b) for a, b in sentence_spans(prose))


def _ends_sentence(prose: str, end: int, after: int) -> bool:
    """A boundary match at [end, after) ends a sentence: a period after an abbreviation ("e.g.")
    or an initial, or one followed by a lower-case letter, does not."""
    if prose[end] == ".":
        word = prose[max(0, end - 8) : end].rsplit(None, 1)
        last = word[-1].lower().strip("(") if word else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            return False
        nxt = prose[after : after + 1]
        if nxt and nxt.islower():
            return False
    return True


def sentence_spans(prose: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `prose`, relative to `prose`: the rules' form, with no
    `Sentence` to build for every sentence of a block when one is looked up."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(prose)
    while start < n and prose[start].isspace():
        start += 1
    for m in _SENTENCE_END.finditer(prose):
        end, after = m.span()
        if not _ends_sentence(prose, end, after):
            continue
        # The sentence keeps its punctuation, not the white space after it.
        stop = end + len(prose[end:after].rstrip())
        if stop > start and prose[start:stop].strip():
            out.append((start, stop))
        start = after
    tail = prose[start:].rstrip()
    if tail.strip():
        out.append((start, start + len(tail)))
    return out


_LOOK_BACK = 64  # characters before the offset where `sentence_around` first looks for a start


def sentence_around(prose: str, at: int) -> tuple[int, int] | None:
    """The span of `sentence_spans(prose)` that holds `at`, or None when none does, found from
    the boundaries near `at` only: a rule that needs the sentence of one phrase spares
    splitting a whole block.

    Boundary matches hold no letter or digit, so the matches found from just after one are the
    very matches of a scan from the start; whether a match ends a sentence depends on the text
    around it only. The sentence starts after the last sentence end before `at` (or where the
    text does) and stops at the next one's punctuation (or where the text does)."""
    w = at
    while True:
        w = max(0, w - _LOOK_BACK)
        while w > 0 and not prose[w - 1].isalnum():
            w -= 1
        start, stop = _ends_around(prose, w, at)
        if start >= 0 or w == 0:
            break
    if start < 0:
        start = len(prose) - len(prose.lstrip())
    if stop < 0:
        stop = start + len(prose[start:].rstrip())
    if start <= at < stop and prose[start:stop].strip():
        return start, stop
    return None


def _ends_around(prose: str, w: int, at: int) -> tuple[int, int]:
    """From `w` on: where the last sentence ending before `at` leaves off, and where the next
    one's punctuation stops; -1 for none (for both, when none ends between `w` and `at` and
    `w` is not the start)."""
    start = -1
    for m in _SENTENCE_END.finditer(prose, w):
        end, after = m.span()
        if not _ends_sentence(prose, end, after):
            continue
        if after <= at:
            start = after
        elif start < 0 and w > 0:
            return -1, -1  # the sentence starts before `w`: look further back
        else:
            return start, end + len(prose[end:after].rstrip())
    return (start, -1) if start >= 0 or w == 0 else (-1, -1)
