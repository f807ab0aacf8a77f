"""Linting successive versions of one document, as the language server does on every keystroke.

`DocumentLinter.lint(text)` returns what `engine.lint_text(text)` returns, doing less: the text
is parsed incrementally (`incremental_parse`), and the rules whose hits in a block depend only on
that block, its section's heading chain and the spec's RFC 2119 flag (`LOCAL_FAMILIES`: every
`ambiguity/` rule) run only on the parts of the document that changed; their hits in the other
parts are taken from the previous version, moved with their part (and while a part stays on the
same lines, its findings are the very same objects: the server's diagnostic cache then finds them
by identity). The other rules read the whole
spec and run on it every time; those that can keep what they found per section in
`Context.kept` between versions (the `decisions/` rules: each section's question).
`tests/unit/test_incremental.py` checks both promises: that the local rules are local, and
that `lint` equals `lint_text` after random edits.
"""

from __future__ import annotations

import bisect
import dataclasses
import sys
from typing import Any

from .config import Config
from .engine import FileResult, RuleFilter, active_rules, finding_order, findings_from_hits
from .incremental_parse import IncrementalParser, Part
from .model import Edit, Finding, Fix, Position, Range, Severity, Spec
from .rules.context import Context
from .rules.registry import Hit, Rule
from .workspace.sections import heading_chain

LOCAL_FAMILIES = frozenset({"ambiguity"})

# A part's local hits, with offsets relative to the part and lines relative to its first line.
_Local = tuple[str, Severity, Hit]


def _chain(spec: Spec, part: Part) -> tuple[tuple[str, ...], ...]:
    """The heading chains (own title, then ancestors') of the sections of the part's blocks:
    what else their hits read."""
    sids = dict.fromkeys(b.section for b in part.blocks)
    return tuple(
        (spec.sections[sid].title, *heading_chain(spec, spec.sections[sid]))
        for sid in sids
        if sid is not None
    )


def _moved_range(rng: Range, lines: int) -> Range:
    """A range moved by whole lines (parts start at a line start: columns do not change)."""
    if not lines:
        return rng
    return Range(
        Position(rng.start.line + lines, rng.start.column),
        Position(rng.end.line + lines, rng.end.column),
    )


def _moved_hit(hit: Hit, offset: int, lines: int, path: str) -> Hit:
    if not offset and not lines:
        return hit
    fixes = tuple(
        Fix(f.title, tuple(Edit(_moved_range(e.range, lines), e.new_text) for e in f.edits), f.safe)
        for f in hit.fixes
    )
    related = tuple((p, _moved_range(r, lines) if p == path else r, m) for p, r, m in hit.related)
    return Hit(hit.start + offset, hit.end + offset, hit.message, fixes, related)


class _PartKey:
    """What a part's local hits depend on (its text, heading chains, the rule settings), hashed
    once: the same key object is looked up again on every keystroke while its part stands."""

    __slots__ = ("_hash", "value")

    def __init__(self, value: tuple[Any, ...]) -> None:
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, _PartKey) and self._hash == other._hash and self.value == other.value
        )


@dataclasses.dataclass
class _PartFindings:
    """A part's local findings as last built, with what they were built from: reused as the
    same objects while the part, its first line and its sections stay (the language server
    then knows them by identity)."""

    part: Part
    key: _PartKey
    base_line: int
    findings: list[Finding]


class _FindingsByHit:
    """The non-local rules' findings of the last version, by the hit that made each: a hit of
    the same rule, severity, message, fixes and related locations makes the same finding where
    its position cannot have moved, so the finding is taken again as the same object (the
    server's diagnostic cache then knows it by identity). That is before the edit, or, when the
    edit moved no line, from the line after it on (offsets shifted by the edit's length); and
    only while every heading (so every line's section) and every suppression stays."""

    def __init__(self) -> None:
        self._last: dict[tuple[Any, ...], tuple[Hit, Finding]] = {}
        self._now: dict[tuple[Any, ...], tuple[Hit, Finding]] = {}
        self._state: tuple[Any, ...] = ()
        self._before = 0  # hits ending by here are where they were
        self._after = sys.maxsize  # and those starting here, shifted by `_shift`
        self._shift = 0

    def start(self, parser: IncrementalParser, spec: Spec) -> None:
        """Before the findings of `spec`, the parser's last result."""
        state = (parser.headings, tuple(spec.suppressions))
        last_version, last_lines, last_state = self._state or (0, 0, None)
        self._state = (spec.version, spec.index.line_count, state)
        self._now = {}
        edit = parser.edit
        if edit is None or last_version != spec.version - 1 or last_state != state:
            self._last = {}
            return
        start, old_end, new_end = edit
        index = spec.index
        self._before = start
        self._shift = new_end - old_end
        self._after = sys.maxsize
        if last_lines == index.line_count:
            line = index.line(new_end)
            if line < index.line_count:
                self._after = index.line_start(line + 1)

    def find(self, rule_id: str, severity: Severity, hit: Hit) -> Finding | None:
        if hit.end <= self._before:
            shift = 0
        elif hit.start >= self._after:
            shift = self._shift
        else:
            return None
        got = self._last.get((rule_id, severity, hit.start - shift, hit.end - shift, hit.message))
        if got is None or got[0].fixes != hit.fixes or got[0].related != hit.related:
            return None
        return got[1]

    def keep(self, rule_id: str, severity: Severity, hit: Hit, finding: Finding) -> None:
        self._now[rule_id, severity, hit.start, hit.end, hit.message] = (hit, finding)

    def finish(self) -> None:
        self._last, self._now = self._now, {}


class DocumentLinter:
    """Lints the versions of one document (one path, one config) as they come."""

    def __init__(self, path: str, config: Config) -> None:
        self.path = path
        self.config = config
        self.parser = IncrementalParser(path)
        self._local: dict[_PartKey, list[_Local]] = {}
        self._part_findings: dict[int, _PartFindings] = {}  # by id(part), the part held
        self._settings: tuple[Any, ...] = ()
        self._headings: tuple[tuple[object, ...], ...] = ()
        self._kept: dict[str, Any] = {}  # what the other rules keep between versions
        self._by_hit = _FindingsByHit()

    def lint(
        self, text: str, workspace: Any = None, rule_filter: RuleFilter | None = None
    ) -> FileResult:
        spec = self.parser.parse(text)
        return FileResult(self.path, spec, self.lint_spec(spec, workspace, rule_filter))

    def lint_spec(
        self, spec: Spec, workspace: Any = None, rule_filter: RuleFilter | None = None
    ) -> list[Finding]:
        """`engine.lint_spec` for the spec the parser gave last."""
        if self.config.rfc2119 and not spec.rfc2119:
            spec.rfc2119 = True
        rules = active_rules(self.config, rule_filter)
        local = [(r, s) for r, s in rules if r.family in LOCAL_FAMILIES]
        findings = self._local_findings(spec, local)
        ctx = Context(spec, self.config, workspace, kept=self._kept)
        hits: list[_Local] = []
        for rule, severity in rules:
            if rule.family in LOCAL_FAMILIES or (rule.scope == "workspace" and workspace is None):
                continue
            hits.extend((rule.id, severity, hit) for hit in rule.check(ctx))
        # Parts' findings come in document order, and each part's sorted; the sort is stable,
        # so ties keep the order `engine.lint_spec` gives them (local hits first).
        by_hit = self._by_hit
        by_hit.start(self.parser, spec)
        findings += findings_from_hits(spec, hits, memo=by_hit)
        by_hit.finish()
        findings.sort(key=finding_order)
        return findings

    def _local_findings(self, spec: Spec, rules: list[tuple[Rule, Severity]]) -> list[Finding]:
        setting = (spec.rfc2119, tuple((r.id, s) for r, s in rules))
        settings = (setting, tuple(spec.suppressions))
        last = self._part_findings if settings == self._settings else {}
        assert spec is self.parser.spec, "lint_spec takes the spec the parser gave last"
        headings = self.parser.headings
        # Same headings everywhere: an unchanged part has the same chains and section ids, so
        # its key and findings stand without looking at its blocks again.
        same_headings = headings == self._headings
        self._settings, self._headings = settings, headings
        line_of = spec.index.line
        local = self._local
        fresh: dict[_PartKey, list[_Local]] = {}
        # Per part in order: its findings as they stand, or what to build them from.
        plan: list[_PartFindings | tuple[Part, _PartKey, int]] = []
        missing: list[Part] = []
        for part in self.parser.parts:
            base_line = line_of(part.start) - 1
            known = last.get(id(part))
            if known is not None and known.part is part and known.base_line == base_line:
                if same_headings:
                    plan.append(known)
                    continue
                key = _PartKey((part.text, _chain(spec, part), setting))
                if known.key == key and _same_sections(spec, known):
                    plan.append(known)
                    continue
            else:
                key = _PartKey((part.text, _chain(spec, part), setting))
            plan.append((part, key, base_line))
            if key not in local and key not in fresh:
                fresh[key] = []
                missing.append(part)
        if missing:
            self._lint_parts(spec, rules, missing, plan, fresh)
            local.update(fresh)
        out: list[Finding] = []
        built: dict[int, _PartFindings] = {}
        for step in plan:
            if isinstance(step, _PartFindings):
                known = step
            else:
                part, key, base_line = step
                moved = [
                    (rid, sev, _moved_hit(hit, part.start, base_line, spec.path))
                    for rid, sev, hit in local[key]
                ]
                known = _PartFindings(part, key, base_line, findings_from_hits(spec, moved))
            built[id(known.part)] = known
            out += known.findings
        if len(local) > 2 * len(built) + 64:  # keys of parts long gone: drop them
            self._local = {k.key: local[k.key] for k in built.values()}
        self._part_findings = built
        return out

    def _lint_parts(
        self,
        spec: Spec,
        rules: list[tuple[Rule, Severity]],
        parts: list[Part],
        plan: list[_PartFindings | tuple[Part, _PartKey, int]],
        cache: dict[_PartKey, list[_Local]],
    ) -> None:
        """Run the local rules on `parts` only (one view of their blocks), and keep each hit
        with its part, relative to it."""
        where = {id(step[0]): (step[1], step[2]) for step in plan if isinstance(step, tuple)}
        view = dataclasses.replace(spec, blocks=[b for p in parts for b in p.blocks])
        ctx = Context(view, self.config, None)
        starts = [p.start for p in parts]
        for rule, severity in rules:
            for hit in rule.check(ctx):
                i = _part_of(starts, hit.start)
                part = parts[i]
                key, base_line = where[id(part)]
                cache[key].append(
                    (rule.id, severity, _moved_hit(hit, -part.start, -base_line, spec.path))
                )


def _same_sections(spec: Spec, last: _PartFindings) -> bool:
    """Whether each finding's section is still the one holding its line (ids are decided
    across the document: a heading elsewhere can change them)."""
    section_at = spec.section_at_line
    for f in last.findings:
        section = section_at(f.range.start.line)
        if (section.id if section else None) != f.section:
            return False
    return True


def _part_of(starts: list[int], offset: int) -> int:
    """The index of the part (by its start offset) that holds `offset`."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)
