"""What a rule sees: one spec, the config's vocabulary, and (for links rules) the workspace."""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..config import Config
from ..model import Block, Sentence, Spec


@cache
def builtin_vocabulary() -> dict[str, tuple[str, ...]]:
    """Word lists shipped in `rules/data/vocabulary.toml` (data, not code: Vale's lesson)."""
    raw = resources.files(__package__).joinpath("data/vocabulary.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return {k: tuple(v["words"]) for k, v in data.items() if isinstance(v, dict)}


@cache
def _compile(words: tuple[str, ...], flags: int) -> re.Pattern[str]:
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    body = "|".join(_word_pattern(w) for w in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def _word_pattern(word: str) -> str:
    # Spaces in a phrase match any run of white space, so phrases may wrap across lines.
    return r"\s+".join(re.escape(part) for part in word.split())


_SEPARATOR = "\x00"  # between blocks: neither a word nor white space, so no match spans two


def document_prose(spec: Spec) -> tuple[str, list[int]]:
    """The whole document's prose in one string (offsets are document offsets), and the sorted
    block starts. Searching it once costs far less than one regex call per block."""
    cached = spec.__dict__.get("_document_prose")
    if cached is None:
        parts: list[str] = []
        at = 0
        for block in spec.blocks:
            if block.start < at:  # never expected: blocks are disjoint and in order
                continue
            parts.append(_SEPARATOR * (block.start - at))
            parts.append(block.prose)
            at = block.end
        cached = ("".join(parts), [b.start for b in spec.blocks])
        spec.__dict__["_document_prose"] = cached
    return cached


_LEADING_ASSERTION = re.compile(r"(^|\||\(\?:)(?:\\b|\(\?<!\[\\w-\]\)|\(\?<!\\w\))")


@cache
def _scanner(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A looser, much faster pattern that finds every place `pattern` may match in lower-cased
    text: no IGNORECASE and no word-boundary assertion in front, so the regex engine can skip
    ahead by first character. None when the pattern cannot be loosened safely."""
    src = pattern.pattern
    if not pattern.flags & re.IGNORECASE or "(?-i" in src:
        return None
    if re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", src)):
        return None  # an upper-case literal would never match lower-cased text
    try:
        return re.compile(_LEADING_ASSERTION.sub(r"\1", src), pattern.flags & ~re.IGNORECASE)
    except re.error:
        return None


def _folded_prose(spec: Spec) -> str | None:
    cached = spec.__dict__.get("_folded_prose", False)
    if cached is False:
        text = document_prose(spec)[0]
        folded = text.lower()
        cached = folded if len(folded) == len(text) else None  # 'İ' lower-cases to two chars
        spec.__dict__["_folded_prose"] = cached
    return cached  # type: ignore[no-any-return]


def find_in(
    spec: Spec,
    pattern: re.Pattern[str],
    kinds: tuple[str, ...] | None = None,
    blocks: frozenset[int] | None = None,
) -> Iterator[tuple[Block, re.Match[str]]]:
    """Matches of `pattern` in the prose of the spec's blocks (of `kinds`, or whose start is in
    `blocks`), as real matches against each block's own prose: block-relative offsets."""
    text, starts = document_prose(spec)
    all_blocks = spec.blocks
    scanner = _scanner(pattern)
    folded = _folded_prose(spec) if scanner is not None else None
    if scanner is None or folded is None:
        scanner, folded = pattern, text
    pos, n = 0, len(folded)
    while pos <= n:
        m = scanner.search(folded, pos)
        if m is None:
            return
        at = m.start()
        pos = at + 1
        i = bisect.bisect_right(starts, at) - 1
        if i < 0:
            continue
        block = all_blocks[i]
        if at >= block.end:
            continue
        # The exact pattern, in the block's own string: an ordinary re.Match for the rules.
        own = pattern.match(block.prose, at - block.start)
        if own is None:
            continue
        pos = max(pos, block.start + own.end())
        if kinds is not None and block.kind not in kinds:
            continue
        if blocks is not None and block.start not in blocks:
            continue
        yield block, own


@dataclass
class Context:
    spec: Spec
    config: Config
    workspace: Any = None  # the workspace index, for rules whose scope is "workspace"
    _lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Per-spec analyses that several rules share (lintable blocks, glossary text...): computed
    # once per lint, keyed by the helper that computes them.
    memo: dict[str, Any] = field(default_factory=dict)

    def words(self, name: str) -> tuple[str, ...]:
        """A built-in list plus the config's additions, minus `vocabulary.allow`."""
        found = self._lists.get(name)
        if found is None:
            builtin = builtin_vocabulary().get(name, ())
            extra, allowed = self.config.words(name), self.config.words("allow")
            if not extra and not allowed:
                found = builtin  # the common case, on every keystroke: nothing to merge
            else:
                allow = {w.lower() for w in allowed}
                found = tuple(w for w in builtin + extra if w.lower() not in allow)
            self._lists[name] = found
        return found

    def pattern(self, name: str, case_sensitive: bool = False) -> re.Pattern[str]:
        return _compile(self.words(name), 0 if case_sensitive else re.IGNORECASE)

    def blocks(self) -> Iterator[Block]:
        """Prose blocks the rules lint (quotations are already kept out)."""
        return iter(self.spec.blocks)

    def find(
        self, pattern: re.Pattern[str], kinds: tuple[str, ...] | None = None
    ) -> Iterator[tuple[Block, re.Match[str]]]:
        """Every match of `pattern` in every block's prose; offsets are block-relative."""
        return find_in(self.spec, pattern, kinds)

    @staticmethod
    def sentence(block: Block, rel_offset: int) -> tuple[Sentence, str, int]:
        """The sentence around block-relative `rel_offset`: (sentence, prose, block offset)."""
        absolute = block.start + rel_offset
        for s in block.sentences:
            if s.start <= absolute < s.end:
                a = s.start - block.start
                return s, block.prose[a : s.end - block.start], a
        return Sentence(block.start, block.end), block.prose, 0
