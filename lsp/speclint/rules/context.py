"""What a rule sees: one spec, the config's vocabulary, and (for links rules) the workspace."""

from __future__ import annotations

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
        for block in self.spec.blocks:
            if kinds is not None and block.kind not in kinds:
                continue
            for m in pattern.finditer(block.prose):
                yield block, m

    @staticmethod
    def sentence(block: Block, rel_offset: int) -> tuple[Sentence, str, int]:
        """The sentence around block-relative `rel_offset`: (sentence, prose, block offset)."""
        absolute = block.start + rel_offset
        for s in block.sentences:
            if s.start <= absolute < s.end:
                a = s.start - block.start
                return s, block.prose[a : s.end - block.start], a
        return Sentence(block.start, block.end), block.prose, 0
