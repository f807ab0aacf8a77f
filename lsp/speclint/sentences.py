"""Sentence boundaries in a block's prose, computed only when a rule asks for them."""

from __future__ import annotations

import re

from .model import Sentence

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]”’]*\s+|[:;]\s*\n|\n\s*\n")
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
    out: list[Sentence] = []
    start = 0
    n = len(prose)
    while start < n and prose[start].isspace():
        start += 1
    for m in _SENTENCE_END.finditer(prose):
        end = m.start()
        if m.group(0)[0] == ".":
            word = prose[max(0, end - 8) : end].rsplit(None, 1)
            last = word[-1].lower().strip("(") if word else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            nxt = prose[m.end() : m.end() + 1]
            if nxt and nxt.islower():
                continue
        stop = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
        if stop > start and prose[start:stop].strip():
            out.append(Sentence(base + start, base + stop))
        start = m.end()
    tail = prose[start:].rstrip()
    if tail.strip():
        out.append(Sentence(base + start, base + start + len(tail)))
    return tuple(out)
