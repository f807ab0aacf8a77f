"""What a rule sees: one spec, the config's vocabulary, and (for links rules) the workspace."""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate, pairwise, takewhile
from typing import Any, Generic, TypeVar

from ..config import Config
from ..model import Block, Range, Sentence, Spec
from ..sentences import sentence_around, sentence_spans


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


T = TypeVar("T")

_SEPARATOR = "\x00"  # between blocks: neither a word nor white space, so no match spans two


def document_prose(spec: Spec, sections: frozenset[str] | None = None) -> tuple[str, list[int]]:
    """The prose of the spec's blocks in one string, one separator between two blocks (none
    where two blocks touch, as in the text), and where each block's prose starts in it; with
    `sections`, the blocks of other sections are blanked. Searching one string costs far less
    than one regex call per block, and a view of a few blocks (the language server's) costs
    what they hold, not what the document holds."""
    views: dict[frozenset[str] | None, tuple[str, list[int]]] = spec.__dict__.setdefault(
        "_prose_views", {}
    )
    cached = views.get(sections)
    if cached is None:
        blocks = spec.blocks
        if sections is None:
            proses = [b.prose for b in blocks]
        else:
            proses = [
                b.prose if b.section in sections else _SEPARATOR * len(b.prose) for b in blocks
            ]
        # The proses with what goes between two of them (a separator, or nothing where they
        # touch) interleaved: built by list operations, not a step per block.
        parts = [_SEPARATOR] * (2 * len(blocks) - 1) if blocks else []
        parts[0::2] = proses
        parts[1::2] = between = [_SEPARATOR if b.start > a.end else "" for a, b in pairwise(blocks)]
        if sections is None:
            spec.__dict__["_blocks_touch"] = "" in between
        starts = list(accumulate(map(len, parts), initial=0))[::2] if blocks else []
        cached = views[sections] = ("".join(parts), starts)
    return cached


def blocks_touch(spec: Spec) -> bool:
    """Two of the spec's blocks touch: no separator stands between them in `document_prose`."""
    document_prose(spec)
    touch: bool = spec.__dict__["_blocks_touch"]
    return touch


# A zero-width check in front of an alternative: `\b`, `(?<![\w-])`, `(?<![\w/.-])`, `(?<!\w)`.
_LEADING_ASSERTION = re.compile(r"(^|\||\(\?:)(?:\\b|\(\?<!\[[^\]]*\]\)|\(\?<!\\w\))")


@cache
def _scanner(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], bool] | None:
    """A looser, much faster pattern that finds every place `pattern` may match: no leading
    word-boundary assertion and, for a case-insensitive pattern, no IGNORECASE (it then runs on
    lower-cased text, the bool). The regex engine can then skip ahead by first character. None
    when the pattern cannot be loosened safely."""
    src = pattern.pattern
    loose = _LEADING_ASSERTION.sub(r"\1", src)
    folded = bool(pattern.flags & re.IGNORECASE)
    if folded and ("(?-i" in src or re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", src))):
        return None  # an upper-case literal would never match lower-cased text
    if not folded and loose == src:
        return None  # nothing to gain
    try:
        return re.compile(loose, pattern.flags & ~re.IGNORECASE), folded
    except re.error:
        return None


def has_match(pattern: re.Pattern[str], text: str) -> bool:
    """`pattern.search(text) is not None`, faster for a word-list pattern: its loosened scanner
    finds the candidates (on lower-cased text, when the pattern ignores case) and the pattern
    itself confirms one. Only for ASCII text, where lower-casing is exactly what IGNORECASE
    compares ("ſ" matches "s" under IGNORECASE, and lower-cases to itself)."""
    loose = _scanner(pattern)
    if loose is None or not text.isascii():
        return pattern.search(text) is not None
    scanner, folded = loose
    hay = text.lower() if folded else text
    search, match = scanner.search, pattern.match
    pos = 0
    while (m := search(hay, pos)) is not None:
        if match(text, m.start()):
            return True
        pos = m.start() + 1
    return False


def folded_prose(spec: Spec, sections: frozenset[str] | None = None) -> str | None:
    """`document_prose` lower-cased, or None when lower-casing would move offsets."""
    views: dict[frozenset[str] | None, str | None] = spec.__dict__.setdefault("_folded_views", {})
    if sections not in views:
        text = document_prose(spec, sections)[0]
        folded = text.lower()
        views[sections] = folded if len(folded) == len(text) else None  # 'İ' lowers to 2 chars
    return views[sections]


def find_in(
    spec: Spec,
    pattern: re.Pattern[str],
    kinds: tuple[str, ...] | None = None,
    blocks: frozenset[int] | None = None,
    sections: frozenset[str] | None = None,
) -> Iterator[tuple[Block, re.Match[str]]]:
    """Matches of `pattern` in the prose of the spec's blocks (of `kinds`, whose start is in
    `blocks`, in `sections`), as real matches against each block's own prose: block-relative
    offsets."""
    text, starts = document_prose(spec, sections)
    all_blocks = spec.blocks
    loose = _scanner(pattern)
    scanner, folded = pattern, text
    if loose is not None:
        lowered = folded_prose(spec, sections) if loose[1] else text
        if lowered is not None:
            scanner, folded = loose[0], lowered
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
        base = starts[i]
        if at >= base + len(block.prose):
            continue
        # The exact pattern, in the block's own string: an ordinary re.Match for the rules.
        own = pattern.match(block.prose, at - base)
        if own is None:
            continue
        pos = max(pos, base + own.end())
        if kinds is not None and block.kind not in kinds:
            continue
        if blocks is not None and block.start not in blocks:
            continue
        yield block, own


_ONE_SENTENCE = ("heading", "table_cell")  # as `Block.sentences`: the whole block is one


def block_sentences(block: Block) -> list[tuple[int, int]]:
    """Block-relative spans of `block.sentences`, kept on the block like them (a parsed spec is
    linted again and again). Building them from the prose skips a `Sentence` per sentence and
    the lock of `cached_property`; blocks already split are not split again."""
    found: list[tuple[int, int]] | None = block.__dict__.get("_sentence_spans")
    if found is None:
        split: tuple[Sentence, ...] | None = block.__dict__.get("sentences")
        if split is not None:
            found = [(s.start - block.start, s.end - block.start) for s in split]
        elif block.kind in _ONE_SENTENCE:
            found = [(0, block.end - block.start)] if block.prose.strip() else []
        else:
            found = sentence_spans(block.prose)
        block.__dict__["_sentence_spans"] = found
    return found


Lists = dict[str, tuple[str, ...]]
Patterns = dict[tuple[str, bool], re.Pattern[str]]
_last_vocabulary: list[tuple[Config, Lists, Patterns, dict[str, Any]]] = []


def _vocabulary(config: Config) -> tuple[Lists, Patterns, dict[str, Any]]:
    """The merged word lists, compiled patterns and what else is built from the lists alone
    (`Context.of_config`) for `config`, filled as rules ask. Every spec of a run is linted with
    one config: its Contexts share them, the last config's, instead of merging each list and
    hashing it to find its pattern again for every spec."""
    if _last_vocabulary:
        last = _last_vocabulary[0]
        if last[0] is config:
            return last[1], last[2], last[3]
    found: tuple[Lists, Patterns, dict[str, Any]] = ({}, {}, {})
    _last_vocabulary[:] = [(config, *found)]
    return found


def sentence_holding(block: Block, rel: int) -> tuple[int, int] | None:
    """The span of `block_sentences(block)` that holds block-relative `rel`, or None. A block
    not split yet is not split for it: the sentence is found around `rel` (a rule needs the
    sentence of one or two phrases in most blocks it looks at)."""
    d = block.__dict__
    if "_sentence_spans" not in d and "sentences" not in d and block.kind not in _ONE_SENTENCE:
        return sentence_around(block.prose, rel)
    for span in block_sentences(block):
        if span[0] <= rel < span[1]:
            return span
    return None


SectionId = str | None  # None: the blocks before the first heading


@dataclass
class SectionValues(Generic[T]):
    """What `section_values` gives: every section's value, in document order; and, when values
    were carried from the version before, the ones it replaced or dropped (`gone`), so that a
    sum over sections is updated by the difference. `gone` is None when nothing was carried."""

    now: dict[SectionId, T]
    fresh: dict[SectionId, T]
    gone: list[T] | None


def own_blocks(spec: Spec, sid: SectionId) -> list[Block]:
    """A section's own blocks; for None, the blocks before the first heading."""
    if sid is not None:
        return spec.sections[sid].blocks
    found: list[Block] | None = spec.__dict__.get("_preamble")
    if found is None:
        found = spec.__dict__["_preamble"] = list(
            takewhile(lambda b: b.section is None, spec.blocks)
        )
    return found


def section_values(
    ctx: Context,
    name: str,
    key: object,
    compute: Callable[[list[SectionId]], dict[SectionId, T]],
) -> SectionValues[T]:
    """Each section's value of `compute` (given the sections to compute, in document order,
    all at once: one scan of their blocks) for a document edited live: a value that reads only
    the section's own blocks and its heading chain is carried from the version just before
    when the parser says the section is unchanged (`Spec.unchanged`: same content, same
    headings everywhere), and `key` (what else it reads: the config's lists) is the same
    object. Kept in `ctx.kept` under `name`."""
    assert ctx.kept is not None
    spec = ctx.spec
    version, last_key, before = ctx.kept.get(name, (0, None, {}))
    carried = bool(spec.version) and version == spec.version - 1 and last_key is key
    preamble = bool(own_blocks(spec, None))
    now: dict[SectionId, T]
    if carried and spec.unchanged and (None in before) == preamble:
        # The parser says a section is unchanged only when no heading changed: the sections
        # are those of the version before, in the same order, and only the changed ones are
        # visited (a keystroke changes one section of hundreds).
        sections = spec.sections
        # In document order, as a scan of their blocks needs (blocks out of order would touch).
        changed: list[str] = sorted(
            sections.keys() - spec.unchanged, key=lambda sid: sections[sid].heading_range.start.line
        )
        todo: list[SectionId] = [None, *changed] if preamble else [*changed]
        gone: list[T] | None = [before[sid] for sid in todo]
        fresh = compute(todo)
        now = before
        now.update(fresh)
    else:
        ids: list[SectionId] = [None] if preamble else []
        ids += spec.sections
        reuse = spec.unchanged & before.keys() if carried else frozenset()
        fresh = compute([sid for sid in ids if sid not in reuse])
        now = {sid: before[sid] if sid in reuse else fresh[sid] for sid in ids}
        gone = [v for sid, v in before.items() if sid not in reuse] if carried else None
    ctx.kept[name] = (spec.version, key, now)
    return SectionValues(now, fresh, gone)


@dataclass
class Context:
    spec: Spec
    config: Config
    workspace: Any = None  # the workspace index, for rules whose scope is "workspace"
    _lists: Lists = field(init=False)
    _patterns: Patterns = field(init=False)
    _built: dict[str, Any] = field(init=False)
    # Per-spec analyses that several rules share (lintable blocks, glossary text...): computed
    # once per lint, keyed by the helper that computes them.
    memo: dict[str, Any] = field(default_factory=dict)
    # What outlives one lint of a document being edited (the language server keeps it per open
    # document): analyses keyed by everything they read, reused by the next version. None: a
    # one-off lint.
    kept: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self._lists, self._patterns, self._built = _vocabulary(self.config)

    def of_config(self, key: str, build: Callable[[], T]) -> T:
        """What `build` makes from the config's word lists alone (a pattern, a searcher), made
        once per config instead of once per spec; `key` names it."""
        found: T | None = self._built.get(key)
        if found is None:
            found = self._built[key] = build()
        return found

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

    def range(self, start: int, end: int) -> Range:
        """`spec.index.range`, once per pair of offsets: a fix's edit often spans its finding."""
        ranges: dict[tuple[int, int], Range] = self.memo.setdefault("ranges", {})
        found = ranges.get((start, end))
        if found is None:
            found = ranges[start, end] = self.spec.index.range(start, end)
        return found

    def pattern(self, name: str, case_sensitive: bool = False) -> re.Pattern[str]:
        # Kept per lint: rules ask for a pattern per sentence, and the compile cache would hash
        # the whole word list each time.
        key = (name, case_sensitive)
        found = self._patterns.get(key)
        if found is None:
            flags = 0 if case_sensitive else re.IGNORECASE
            found = self._patterns[key] = _compile(self.words(name), flags)
        return found

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
        found = sentence_holding(block, rel_offset)
        if found is None:
            return Sentence(block.start, block.end), block.prose, 0
        a, b = found
        return Sentence(block.start + a, block.start + b), block.prose[a:b], a
