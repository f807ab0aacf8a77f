"""Parsing successive versions of one document, re-walking only the parts that changed.

A document is cut into *parts* at top-level ATX headings (`## Title` at column 1, outside lists,
quotes and code). At such a line every Markdown block is closed, so a part parses alone exactly
as it does inside the whole document (link reference definitions are the exception: they reach
across the document, and a text that has one is parsed whole). Each part keeps the walk's report
log (`SpecBuilder.log`); a new version re-parses the parts its change touches and replays every
part's log into a fresh `SpecBuilder`, which recomputes what depends on the whole document
(section ids, parents, suppressions, duplicate ids) and reuses the blocks of unmoved parts.
The result equals `parse(text)`; `tests/unit/test_incremental.py` checks that on random edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block, Spec, TextIndex
from .parse import parse_into, prepare
from .spec_builder import BuilderState, SpecBuilder, TailRecord

# A link reference definition (`[id]: https://...`), which changes how other parts parse.
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)


@dataclass
class Part:
    start: int  # offset in the document
    text: str
    log: list[tuple[object, ...]]
    blocks: list[Block] = field(default_factory=list)  # made from `log` at `start` last time
    version: int = 0  # the parser's version that parsed it


def _boundaries(builder: SpecBuilder, text: str) -> list[int]:
    """Offsets (in the builder's text) of the lines where a part may start."""
    out = []
    for report in builder.log:
        if report[0] != "block":
            continue
        block = report[1]
        assert isinstance(block, Block)
        if block.kind != "heading" or block.list_depth or block.in_quote:
            continue
        line_start = text.rfind("\n", 0, block.start) + 1
        if text.startswith("#", line_start):
            out.append(line_start)
    return out


def _walk(text: str) -> SpecBuilder:
    builder = SpecBuilder("<part>", text)
    parse_into(builder)
    return builder


def _split(text: str, base: int) -> list[Part]:
    """`text` (at document offset `base`) parsed and cut into parts."""
    whole = _walk(text)
    cuts = [c for c in _boundaries(whole, text) if c > 0]
    if not cuts:
        return [Part(base, text, whole.log)]
    parts = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        piece = text[a:b]
        parts.append(Part(base + a, piece, _walk(piece).log))
    return parts


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix: whole chunks compared in C, then halves of the
    first chunk that differs (about twice the prefix is copied, not the texts log n times)."""
    n = min(len(a), len(b))
    lo, step = 0, 4096
    while lo + step <= n and a[lo : lo + step] == b[lo : lo + step]:
        lo += step
    hi = min(lo + step, n)  # a[:lo] == b[:lo]; the first difference, if any, is before hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most `limit`: `common_prefix` from the
    ends (chunks compared where they are, no reversed copies)."""
    la, lb = len(a), len(b)
    lo, step = 0, 4096
    while lo + step <= limit and a[la - lo - step : la - lo] == b[lb - lo - step : lb - lo]:
        lo += step
    hi = min(lo + step, limit)  # the last lo characters agree; the first difference is by hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _starts_clean(text: str, at: int) -> bool:
    """Whether a part may start at `at`: the line there is a top-level heading when the text
    before it (from a clean start) is parsed with it."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end + 1
    return at in _boundaries(_walk(text[:line_end]), text[:line_end])


class IncrementalParser:
    """`parse` for one document edited again and again (the language server's case)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.text: str | None = None
        self.spec: Spec | None = None
        self.parts: list[Part] = []
        self.reparsed = 0  # characters re-parsed by the last call (for tests and benches)
        self.tail_moved = False  # whether the last call moved the tail (for tests)
        self.version = 0
        # Each section's id, title, level and parent, in order: what a part's sections take
        # from the rest of the document.
        self.headings: tuple[tuple[object, ...], ...] = ()
        # What the last `_update` replaced of the text before (start, end) and where the new
        # text's replacement ends: the new text index is the old one but there.
        self.edit: tuple[int, int, int] | None = None
        # The parts before the one first parsed again last time, and the builder after them.
        self._before: tuple[tuple[Part, ...], BuilderState] | None = None
        # The parts after the last one parsed anew, and what their replay did (`TailRecord`).
        self._tail: tuple[tuple[Part, ...], TailRecord] | None = None

    def parse(self, raw: str) -> Spec:
        text = prepare(raw)
        if text == self.text and self.spec is not None:
            return self.spec
        self.version += 1
        self.edit = None
        self.tail_moved = False
        if "]:" in text and _REFERENCE_DEFINITION.search(text) is not None:
            # `[text][id]` anywhere may depend on the definition: one part, parsed whole.
            self.parts = [Part(0, text, _walk(text).log)]
            self.reparsed = len(text)
        elif self.text is None or len(self.parts) == 1 or self._front_matter_may_change(text):
            self.parts = _split(text, 0)
            self.reparsed = len(text)
        elif text != self.text:
            self._update(self.text, text)
        self.text = text
        self.spec = self._assemble(text)
        return self.spec

    def _front_matter_may_change(self, new: str) -> bool:
        """Whether the edit may open, close or change a YAML front matter block, which only a
        parse of the whole text can tell: a `---` first line not closed yet (any later `---`
        line closes it, turning the headings before it into YAML), or an edit in the first
        part, which holds a closed block whole."""
        old = self.text
        assert old is not None and self.spec is not None
        if not (old.startswith("---") or new.startswith("---")):
            return False
        if self.spec.front_matter_range is None:
            return True
        return common_prefix(old, new) < self.parts[1].start

    def _update(self, old: str, new: str) -> None:
        prefix = common_prefix(old, new)
        suffix = common_suffix(old, new, min(len(old), len(new)) - prefix)
        old_end = len(old) - suffix  # the change replaced old[prefix:old_end]
        delta = len(new) - len(old)
        self.edit = (prefix, old_end, old_end + delta)
        parts = self.parts
        # The first part touched, one earlier when the change is on its heading line (the
        # heading may stop being one), and the first part after the change.
        first = 0
        while first + 1 < len(parts) and parts[first + 1].start <= prefix:
            first += 1
        if first > 0 and "\n" not in old[parts[first].start : prefix]:
            first -= 1
        after = first + 1
        while after < len(parts) and parts[after].start < old_end:
            after += 1
        # Re-parse from the first part touched to a part start that is still clean.
        start = parts[first].start
        while True:
            end = parts[after].start + delta if after < len(parts) else len(new)
            if after >= len(parts) or _starts_clean(new[start:], end - start):
                break
            after += 1
        fresh = _split(new[start:end], start)
        self.reparsed = end - start
        for part in parts[after:]:
            part.start += delta
        self.parts = parts[:first] + fresh + parts[after:]

    def _moved_tail(
        self, builder: SpecBuilder, parts: list[Part], tail: int, base_line: int
    ) -> bool:
        """Give the builder the tail `parts[tail:]` from the record of its last replay, when
        that serves: the same parts on the same lines, reached in the same state."""
        if self._tail is None:
            return False
        recorded, record = self._tail
        if (
            record.base_line != base_line
            or len(recorded) != len(parts) - tail
            or not all(a is b for a, b in zip(recorded, parts[tail:], strict=True))
            or not builder.same_state(record.entry)
        ):
            return False
        for part, blocks in zip(
            recorded, builder.replay_tail(record, parts[tail].start), strict=True
        ):
            part.blocks = blocks
        self.tail_moved = True
        return True

    def _record_tail(
        self, builder: SpecBuilder, parts: list[Part], tail: int, entry: BuilderState
    ) -> None:
        """Remember what replaying the tail `parts[tail:]` did (builder: just after it)."""
        run = tuple(parts[tail:])
        kinds = {report[0] for part in run for report in part.log}
        if "front" in kinds or any(not part.log or part.log[0][0] != "heading" for part in run):
            self._tail = None  # (front matter is the first part's; a tail part starts a section)
            return
        start = run[0].start
        self._tail = (
            run,
            TailRecord(
                start,
                builder.index.line(start) - 1,
                entry,
                builder.snapshot(),
                tuple(part.blocks for part in run),
                "rfc2119" in kinds,
            ),
        )

    def _assemble(self, text: str) -> Spec:
        last = self.spec
        edit = self.edit
        index = TextIndex.after_edit(last.index, text, edit[0], edit[1]) if edit and last else None
        builder = SpecBuilder(self.path, text, index)
        index = builder.index
        version = self.version
        parts = self.parts
        # The parts before the first one parsed anew are the ones before it last time, on
        # the same lines: the builder starts from where it was after them, when that was kept.
        first = next((i for i, part in enumerate(parts) if not part.version), len(parts))
        done = 0
        kept = self._before
        if (
            kept is not None
            and len(kept[0]) <= first
            and all(a is b for a, b in zip(kept[0], parts, strict=False))
        ):
            builder.restore(kept[1])
            done = len(kept[0])
        # The parts after the last one parsed anew: replayed, or, when they and the builder
        # reaching them are as last time, moved from what their replay made then.
        tail = max((i for i in range(first, len(parts)) if not parts[i].version), default=-1) + 1
        entry: BuilderState | None = None
        for i in range(done, len(parts)):
            part = parts[i]
            if i == first:
                self._before = (tuple(parts[:first]), builder.snapshot())
            if not part.version:
                part.version = version
            base_line = index.position(part.start).line - 1
            if i == tail:
                if self._moved_tail(builder, parts, tail, base_line):
                    break
                entry = builder.snapshot()
            part.blocks = builder.replay(part.log, part.start, base_line, part.blocks or None)
        if entry is not None:
            self._record_tail(builder, parts, tail, entry)
        spec = builder.finish()
        spec.version = version
        headings = tuple((s.id, s.title, s.level, s.parent) for s in spec.sections.values())
        if headings == self.headings:
            # A section's own blocks lie in the part of its heading (a part starts at a
            # heading): in a part not parsed again, with every heading as it was, they are too.
            # So the sections with blocks but none in a part parsed again (a few parts).
            fresh = {
                b.section for part in self.parts if part.version == version for b in part.blocks
            }
            spec.unchanged = frozenset(
                sid for sid, s in spec.sections.items() if s.blocks and sid not in fresh
            )
        self.headings = headings
        return spec
