"""The workspace index: every spec, scenario and twin of a project, linked, updated one file at a
time.

Three front ends share it. The CLI builds it once (`load`) and asks for findings and `coverage()`;
the language server calls `update(path, text)` on every keystroke and re-publishes `lint(p)` for
each path it returns; the notebook widget does the same for a cell. Lookups (`resolve`,
`scenarios_for`, `references_to`, `twins_needed`) serve go-to-definition, references, rename and
completion.

Paths are relative to the project root with forward slashes; files outside it (a holdout scenario
folder beside the repo) are `../holdout/...`. Every range is the engine's 1-based half-open `Range`.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..config import Config
from ..engine import (
    RuleFilter,
    glob_regex,
    lint_spec,
    read_spec_text,
    relative_path,
    unreadable_finding,
    walk_files,
)
from ..model import Finding, Range, Section, Spec
from ..parse import REQUIREMENT_ID, parse
from ..scenarios import (
    MALFORMED,
    Problem,
    Reference,
    Scenario,
    ScenarioFile,
    Target,
    parse_target,
    read_scenario_file,
)
from ..twins import Twin, TwinFile, read_twin_file
from .sections import (
    COMPANION_NAMES,
    Mention,
    ServiceMatcher,
    has_in_spec_scenario,
    is_requirement_section,
    linked_paths,
    section_content,
)

Kind = Literal["spec", "scenario", "twin"]
_GLOB_CHARS = frozenset("*?[")

__all__ = ["Location", "SectionInfo", "Workspace"]


@dataclass(frozen=True)
class Location:
    """Where something is written: a file and a range in it."""

    path: str
    range: Range


@dataclass(frozen=True)
class Resolved:
    """What a `covers` reference points at: a section, or a requirement item inside one."""

    path: str
    section: str
    requirement: str | None
    range: Range  # the heading, or the requirement id


@dataclass(slots=True)
class SectionInfo:
    """What the index knows about one section of one spec."""

    path: str
    section: Section
    requirement: bool  # needs a scenario
    in_spec_scenario: bool  # Given/When/Then in its own text
    mentions: list[Mention] = field(default_factory=list)

    @property
    def needs(self) -> list[str]:
        """Service names (twin ids where a twin clones the service), first mention first; only
        requirement sections need twins (a glossary naming Stripe runs nothing)."""
        if not self.requirement:
            return []
        return list(dict.fromkeys(m.twin or m.name for m in self.mentions))


# What `_analyse` finds in one section: a requirement section?, with in-spec scenarios?, and
# its service mentions (name, twin, start and end relative to its first block).
_SectionAnalysis = tuple[bool, bool, list[tuple[str, str | None, int, int]]]


@dataclass
class _SpecEntry:
    spec: Spec | None
    problem: Finding | None
    infos: dict[str, SectionInfo]
    requirement_ids: set[str]  # heading ids and list-item ids that look like REQ-12


@dataclass
class _LiveAnalysis:
    """What the last analysis of a spec edited live made: each section's analysis by content
    and, for the sections the parser says are unchanged, by id (no content key to build), the
    infos given, the ids each section defines and their union."""

    by_content: dict[tuple[object, ...], _SectionAnalysis] = field(default_factory=dict)
    by_id: dict[str, tuple[tuple[object, ...], _SectionAnalysis]] = field(default_factory=dict)
    version: int = 0  # the parser's version of the spec analysed
    infos: dict[str, SectionInfo] = field(default_factory=dict)
    own_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)


class Workspace:
    """The project's specs, scenarios and twins, and the links between them."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = config.root
        self.specs: dict[str, _SpecEntry] = {}
        self.scenario_files: dict[str, ScenarioFile] = {}
        self.twin_files: dict[str, TwinFile] = {}
        # Reverse indexes, kept exact through every update.
        self._requirement_defs: dict[str, set[str]] = {}  # REQ id -> spec paths defining it
        self._covers: dict[Target, list[tuple[Scenario, Reference]]] = {}
        self._refs_to_path: dict[str, set[str]] = {}  # spec path -> scenario files naming it
        self._refs_to_bare: dict[str, set[str]] = {}  # bare id -> scenario files naming it
        self._twin_users: dict[str, set[str]] = {}  # twin id -> scenario files using it
        self._linkers: dict[str, set[str]] = {}  # path -> specs linking to it (`](audit.md)`)
        self._links: dict[str, list[str]] = {}  # spec path -> the paths it links to
        self._twins: dict[str, Twin] = {}  # id -> the first twin with it (by path)
        self._matcher: ServiceMatcher | None = None
        # Specs edited live: what the last analysis of each made (see `_analyse`).
        self._live_sections: dict[str, _LiveAnalysis] = {}
        self._rels: dict[str | Path, str] = {}
        self._patterns = {
            "spec": tuple(_clean(p) for p in config.specs),
            "scenario": tuple(_clean(p) for p in config.scenarios),
            "twin": tuple(_clean(p) for p in config.twins),
        }

    # -- files ---------------------------------------------------------------------------------

    def rel(self, path: str | Path) -> str:
        """A path (absolute, or relative to the project root) as the index names it."""
        # Remembered per path: resolving symlinks takes syscalls and pathlib work (~0.15 ms),
        # and an edited document asks on every keystroke. Forgotten when files come and go.
        known = self._rels.get(path)
        if known is None:
            p = Path(path)
            if not p.is_absolute():
                p = self.root / p
            known = self._rels[path] = relative_path(p, self.root)
        return known

    def absolute(self, rel: str) -> Path:
        return Path(os.path.normpath(self.root / rel))

    def kind(self, path: str | Path) -> Kind | None:
        """Which globs a path matches: scenario and twin globs win over spec globs."""
        return self._kind_of(self.rel(path))

    def _kind_of(self, rel: str) -> Kind | None:
        for kind in ("scenario", "twin"):
            if _matches(rel, self._patterns[kind]):
                return kind
        if _matches(rel, self._patterns["spec"]) and not _matches(rel, self.config.exclude):
            return "spec"
        return None

    def discover(self) -> dict[str, Kind]:
        """Every file the config's globs name, including those outside the project root."""
        bases: dict[Path, None] = {}
        for patterns in self._patterns.values():
            for p in patterns:
                bases[self.absolute(_literal_prefix(p))] = None
        found: dict[str, Kind] = {}
        walked: list[Path] = []
        for base in sorted(bases, key=lambda b: len(b.parts)):
            if any(base == w or w in base.parents for w in walked) or not base.is_dir():
                continue
            walked.append(base)
            root = str(self.root)
            for f in walk_files(base):
                # relpath on the walked (absolute, normalised) path: no resolve() per file
                rel = os.path.relpath(f, root).replace(os.sep, "/")
                kind = self._kind_of(rel)
                if kind is not None:
                    found.setdefault(rel, kind)
        return found

    def load(
        self,
        progress: Callable[[int, int], None] | None = None,
        files: dict[str, Kind] | None = None,
    ) -> None:
        """Read every spec, scenario and twin the config names (forgetting what was indexed);
        `files` is a `discover()` result to reuse."""
        self.__init__(self.config)  # type: ignore[misc]
        files = self.discover() if files is None else files
        total = len(files)
        # Twins first: their names decide which services a spec's sections need.
        rank = {"twin": 0, "spec": 1, "scenario": 2}
        ordered = sorted(files.items(), key=lambda kv: (rank[kv[1]], kv[0]))
        for i, (rel, kind) in enumerate(ordered, 1):
            if kind == "twin":
                self._set_twin(rel, self._read_twin(rel, None))
            elif kind == "spec":
                if i == 1 or self._matcher is None:
                    self._rebuild_matcher()
                self._set_spec(rel, self._read_spec(rel, None))
            else:
                self._set_scenario(rel, self._read_scenario(rel, None))
            if progress is not None:
                progress(i, total)

    def update(
        self, path: str | Path, text: str | None = None, spec: Spec | None = None
    ) -> set[str]:
        """Re-read one file (`text`: an unsaved editor buffer; a missing file is a deletion;
        `spec`: that buffer already parsed, by the language server's incremental parser).

        Returns the paths whose findings may have changed, this one included.
        """
        rel = self.rel(path)
        kind = self.kind(rel)
        if kind is None:
            return self.remove(rel)
        if text is None and not self.absolute(rel).is_file():
            return self.remove(rel)
        if kind == "spec":
            if spec is not None and text is not None:
                return self._update_spec(rel, self._analyse(spec, live=True))
            return self._update_spec(rel, self._read_spec(rel, text))
        if kind == "scenario":
            return self._update_scenario(rel, self._read_scenario(rel, text))
        return self._update_twin(rel, self._read_twin(rel, text))

    def remove(self, path: str | Path) -> set[str]:
        """Forget one file; returns the paths whose findings may have changed."""
        rel = self.rel(path)
        self._rels.clear()  # a file went: a symlink may point elsewhere now
        self._live_sections.pop(rel, None)
        if rel in self.specs:
            return self._update_spec(rel, None)
        if rel in self.scenario_files:
            return self._update_scenario(rel, None)
        if rel in self.twin_files:
            return self._update_twin(rel, None)
        return set()

    def folder(self, kind: Kind) -> str:
        """Where a new file of this kind goes: the folder before the first glob character of the
        first pattern the config gives for it (`scenarios`, `twins`, `../holdout`)."""
        patterns = self._patterns[kind]
        return _literal_prefix(patterns[0]) if patterns else "."

    def paths(self) -> list[str]:
        return sorted({*self.specs, *self.scenario_files, *self.twin_files})

    @property
    def has_scenarios(self) -> bool:
        return bool(self.scenario_files)

    @property
    def has_twins(self) -> bool:
        return bool(self.twin_files)

    # -- reading -------------------------------------------------------------------------------

    def _text(self, rel: str, text: str | None) -> tuple[str | None, str | None, int]:
        if text is not None:
            return text, None, 0
        return read_spec_text(self.absolute(rel), self.config)

    def _read_spec(self, rel: str, text: str | None) -> _SpecEntry:
        body, problem, line = self._text(rel, text)
        if body is None:
            return _SpecEntry(None, unreadable_finding(rel, problem or "", line), {}, set())
        return self._analyse(parse(body, rel))

    def _analyse(self, spec: Spec, live: bool = False) -> _SpecEntry:
        """What the index keeps of a spec. `live`: a document being edited, analysed again on
        every keystroke, whose unchanged sections reuse their last analysis."""
        infos: dict[str, SectionInfo] = {}
        matcher = self._matcher or self._rebuild_matcher()
        last = self._live_sections.get(spec.path) if live else None
        if last is None:
            last = _LiveAnalysis()
        # `unchanged` speaks of the version before: what an older one made is not used by id.
        by_id = last.by_id if spec.unchanged and last.version == spec.version - 1 else {}
        unchanged = spec.unchanged if by_id else frozenset()
        by_content = last.by_content
        kept_by_id: dict[str, tuple[tuple[object, ...], _SectionAnalysis]] = {}
        own_ids: dict[str, tuple[str, ...]] = {}
        same_ids = bool(by_id)  # every section defines the ids it defined: the same set
        for sid, section in spec.sections.items():
            base = section.blocks[0].start if section.blocks else 0
            known = by_id.get(sid) if sid in unchanged else None
            if known is not None:
                kept_by_id[sid] = known
                own_ids[sid] = last.own_ids[sid]
                info = last.infos.get(sid)
                if info is not None and info.section is section:
                    # The very section object (the parser shares the ones it did not rebuild):
                    # the same info, its mentions at the same offsets.
                    infos[sid] = info
                    continue
                found = known[1]
            else:
                key = section_content(spec, section) if live else None
                again = by_content.get(key) if key is not None else None
                if again is not None:
                    found = again
                else:
                    mentions = matcher.mentions(section)
                    found = (
                        is_requirement_section(spec, section, self.config),
                        has_in_spec_scenario(section),
                        [(m.name, m.twin, m.start - base, m.end - base) for m in mentions],
                    )
                if key is not None:
                    by_content[key] = found
                    kept_by_id[sid] = (key, found)
                mine = own_ids[sid] = _defined_ids(sid, section)
                if same_ids and last.own_ids.get(sid) != mine:
                    same_ids = False
            infos[sid] = SectionInfo(
                spec.path,
                section,
                found[0],
                found[1],
                [Mention(name, twin, a + base, b + base) for name, twin, a, b in found[2]]
                if found[2]
                else [],
            )
        ids = last.ids if same_ids else {i for found in own_ids.values() for i in found}
        if live:
            if len(by_content) > 2 * len(kept_by_id) + 64:
                by_content = dict(kept_by_id.values())
            self._live_sections[spec.path] = _LiveAnalysis(
                by_content, kept_by_id, spec.version, infos, own_ids, ids
            )
        return _SpecEntry(spec, None, infos, ids)

    def _read_scenario(self, rel: str, text: str | None) -> ScenarioFile:
        body, problem, line = self._text(rel, text)
        if body is None:
            return ScenarioFile(rel, (), (Problem(MALFORMED, problem or "", _line(line)),))
        return read_scenario_file(body, rel)

    def _read_twin(self, rel: str, text: str | None) -> TwinFile:
        body, problem, line = self._text(rel, text)
        if body is None:
            return TwinFile(rel, None, (Problem(MALFORMED, problem or "", _line(line)),))
        return read_twin_file(body, rel)

    # -- keeping the indexes -------------------------------------------------------------------

    def _set_spec(self, rel: str, entry: _SpecEntry | None) -> None:
        self._set_links(rel, linked_paths(entry.spec) if entry and entry.spec else [])
        old = self.specs.pop(rel, None)
        if old is not None and entry is not None and old.requirement_ids == entry.requirement_ids:
            self.specs[rel] = entry  # a keystroke, mostly: the same ids, defined where they were
            return
        if old is not None:
            for rid in old.requirement_ids:
                defs = self._requirement_defs.get(rid)
                if defs is not None:
                    defs.discard(rel)
                    if not defs:
                        del self._requirement_defs[rid]
        if entry is not None:
            self.specs[rel] = entry
            for rid in entry.requirement_ids:
                self._requirement_defs.setdefault(rid, set()).add(rel)

    def _set_links(self, rel: str, links: list[str]) -> None:
        old = self._links.get(rel, [])
        if links == old:
            return
        for path in old:
            _discard(self._linkers, path, rel)
        for path in links:
            self._linkers.setdefault(path, set()).add(rel)
        if links:
            self._links[rel] = links
        else:
            self._links.pop(rel, None)

    def _update_spec(self, rel: str, entry: _SpecEntry | None) -> set[str]:
        old = self.specs.get(rel)
        old_ids = old.requirement_ids if old else set()
        old_needs = _twins_needed(old)
        self._set_spec(rel, entry)
        new_ids = entry.requirement_ids if entry else set()
        changed = {rel} if (entry is not None or old is not None) else set()
        if posixpath.basename(rel) in COMPANION_NAMES:
            changed.update(self.companions(rel))  # their decisions read this one
        changed |= self._linkers.get(rel, set())  # so do those of the specs linking to it
        if (old is None or old.spec is None) != (entry is None or entry.spec is None):
            changed |= self._refs_to_path.get(rel, set())  # the whole file came or went
        elif not _same_ids(old, entry):
            # Only references to ids that appeared or vanished change status.
            for sid in _addressable(old) ^ _addressable(entry):
                changed |= {sc.path for sc, _ in self._covers.get(Target(rel, sid), ())}
        for rid in old_ids ^ new_ids:
            changed |= self._refs_to_bare.get(rid, set())
        for twin_id in old_needs ^ _twins_needed(entry):
            twin = self._twins.get(twin_id)
            if twin is not None:
                changed.add(twin.path)
        return changed

    def _set_scenario(self, rel: str, sf: ScenarioFile | None) -> None:
        old = self.scenario_files.pop(rel, None)
        if old is not None:
            for sc in old.scenarios:
                for ref in sc.covers:
                    target = parse_target(ref.target)
                    if isinstance(target, Target):
                        entries = self._covers.get(target, [])
                        entries[:] = [e for e in entries if e[0].path != rel]
                        if not entries:
                            self._covers.pop(target, None)
                        _discard(
                            self._refs_to_path if target.path else self._refs_to_bare,
                            target.path or target.id or "",
                            rel,
                        )
                for ref in sc.twins:
                    _discard(self._twin_users, ref.target.strip(), rel)
        if sf is None:
            return
        self.scenario_files[rel] = sf
        for sc in sf.scenarios:
            for ref in sc.covers:
                target = parse_target(ref.target)
                if isinstance(target, Target):
                    self._covers.setdefault(target, []).append((sc, ref))
                    index = self._refs_to_path if target.path else self._refs_to_bare
                    index.setdefault(target.path or target.id or "", set()).add(rel)
            for ref in sc.twins:
                self._twin_users.setdefault(ref.target.strip(), set()).add(rel)

    def _update_scenario(self, rel: str, sf: ScenarioFile | None) -> set[str]:
        old = self.scenario_files.get(rel)
        was_empty = not self.scenario_files
        self._set_scenario(rel, sf)
        changed = {rel} if (sf is not None or old is not None) else set()
        if was_empty != (not self.scenario_files):
            return changed | set(self.specs) | set(self.twin_files)  # coverage turned on or off
        for f in (old, sf):
            if f is None:
                continue
            for sc in f.scenarios:
                for ref in sc.covers:
                    target = parse_target(ref.target)
                    if isinstance(target, Target):
                        if target.path:
                            changed.add(target.path)
                        elif target.id:
                            changed |= self._requirement_defs.get(target.id, set())
                for ref in sc.twins:
                    twin = self._twins.get(ref.target.strip())
                    if twin is not None:
                        changed.add(twin.path)
        return {
            p
            for p in changed
            if p in self.specs or p in self.scenario_files or p in self.twin_files or p == rel
        }

    def _set_twin(self, rel: str, tf: TwinFile | None) -> None:
        if tf is None:
            self.twin_files.pop(rel, None)
        else:
            self.twin_files[rel] = tf
        self._twins = {}
        for path in sorted(self.twin_files):
            twin = self.twin_files[path].twin
            if twin is not None:
                self._twins.setdefault(twin.id, twin)
        self._matcher = None

    def _update_twin(self, rel: str, tf: TwinFile | None) -> set[str]:
        old = self.twin_files.get(rel)
        ids = {t.twin.id for t in (old, tf) if t is not None and t.twin is not None}
        was_empty = not self.twin_files
        self._set_twin(rel, tf)
        changed = {rel}
        for twin_id in ids:
            changed |= self._twin_users.get(twin_id, set())
            changed |= {
                p for p, f in self.twin_files.items() if f.twin is not None and f.twin.id == twin_id
            }
        # Twins' names decide which sections need one: re-scan the sections' prose.
        matcher = self._rebuild_matcher()
        for path, entry in self.specs.items():
            if entry.spec is None:
                continue
            before = [info.needs for info in entry.infos.values()]
            for info in entry.infos.values():
                info.mentions = matcher.mentions(info.section)
            if was_empty != (not self.twin_files) or before != [
                info.needs for info in entry.infos.values()
            ]:
                changed.add(path)
        return changed

    def _rebuild_matcher(self) -> ServiceMatcher:
        names: dict[str, str] = {}
        for twin in self._twins.values():
            for name in twin.names():
                names.setdefault(" ".join(name.casefold().split()), twin.id)
        self._matcher = ServiceMatcher(self.config, names)
        self._live_sections.clear()  # analyses made with the old matcher
        return self._matcher

    # -- lookups -------------------------------------------------------------------------------

    def parsed(self, path: str, text: str) -> Spec | None:
        """The indexed spec for `path` if it was parsed from exactly `text` (the engine reuses it
        instead of parsing twice)."""
        entry = self.specs.get(path)
        if entry is not None and entry.spec is not None and entry.spec.text == text:
            return entry.spec
        return None

    def spec(self, path: str | Path) -> Spec | None:
        entry = self.specs.get(self.rel(path))
        return entry.spec if entry else None

    def companions(self, rel: str) -> list[str]:
        """The other specs of `rel`'s folder that complete it, or that it completes
        (`COMPANION_NAMES`): a design document answers its requirements' questions."""
        folder, name = posixpath.split(rel)
        if name in COMPANION_NAMES:  # completes every spec of its folder
            return sorted(p for p in self.specs if p != rel and posixpath.dirname(p) == folder)
        paths = (posixpath.join(folder, n) for n in sorted(COMPANION_NAMES))
        return [p for p in paths if p in self.specs]

    def section_info(self, path: str, section_id: str) -> SectionInfo | None:
        entry = self.specs.get(path)
        return entry.infos.get(section_id) if entry else None

    def sections(self) -> Iterator[SectionInfo]:
        for path in sorted(self.specs):
            yield from self.specs[path].infos.values()

    def twins(self) -> list[Twin]:
        return [self._twins[k] for k in sorted(self._twins)]

    def twin(self, twin_id: str) -> Twin | None:
        return self._twins.get(twin_id)

    def twin_users(self, twin_id: str) -> set[str]:
        """Scenario files whose scenarios name this twin."""
        return set(self._twin_users.get(twin_id, ()))

    def scenarios(self) -> Iterator[Scenario]:
        for path in sorted(self.scenario_files):
            yield from self.scenario_files[path].scenarios

    def resolve(self, reference: str) -> Resolved | str:
        """A `covers` reference -> what it points at, or a message saying why it dangles."""
        target = parse_target(reference)
        if isinstance(target, str):
            return target
        if target.path is None:
            assert target.id is not None
            defs = sorted(self._requirement_defs.get(target.id, ()))
            if not defs:
                if _is_requirement_id(target.id):
                    return f"no spec defines requirement {target.id}"
                return (
                    f"'{target.id}' is not a requirement id: write specs/FILE.md#"
                    f"{target.id} for a section"
                )
            found = self._find_in_spec(defs[0], target.id)
            assert not isinstance(found, str)
            return found
        entry = self.specs.get(target.path)
        if entry is None or entry.spec is None:
            hint = self._similar_spec(target.path)
            return f"no spec at {target.path}" + (
                f": did you mean {hint}?" if hint else " (paths are relative to the project root)"
            )
        if target.id is None:
            first = next(iter(entry.spec.sections.values()), None)
            if first is None:
                return f"{target.path} has no heading to cover"
            return Resolved(target.path, first.id, None, first.heading_range)
        return self._find_in_spec(target.path, target.id)

    def _find_in_spec(self, path: str, sid: str) -> Resolved | str:
        spec = self.specs[path].spec
        assert spec is not None
        section = spec.sections.get(sid)
        if section is not None:
            return Resolved(path, sid, None, section.id_range or section.heading_range)
        for s in spec.sections.values():
            for req in s.requirements:
                if req.id == sid:
                    return Resolved(path, s.id, req.id, req.range)
        ids = [*spec.sections, *(r.id for s in spec.sections.values() for r in s.requirements)]
        close = difflib.get_close_matches(sid, ids, n=1)
        return f"{path} has no section #{sid}" + (f": did you mean #{close[0]}?" if close else "")

    def _similar_spec(self, path: str) -> str | None:
        name = posixpath.basename(path)
        same = sorted(p for p in self.specs if posixpath.basename(p) == name)
        if same:
            return same[0]
        close = difflib.get_close_matches(path, list(self.specs), n=1)
        return close[0] if close else None

    def covering(self, path: str, section_id: str) -> list[tuple[Scenario, Reference]]:
        """Scenarios that cover a section: directly, through an ancestor, the whole file, or one
        of its requirement ids."""
        entry = self.specs.get(path)
        if entry is None or entry.spec is None or not self._covers:
            return []  # (no scenario covers anything: asked per section on every keystroke)
        spec = entry.spec
        keys: list[Target] = [Target(path, None)]
        current = spec.sections.get(section_id)
        first = True
        while current is not None:
            keys.append(Target(path, current.id))
            if _is_requirement_id(current.id):
                keys.append(Target(None, current.id))
            if first:
                for req in current.requirements:
                    keys += [Target(path, req.id), Target(None, req.id)]
                first = False
            current = spec.sections.get(current.parent) if current.parent else None
        out: list[tuple[Scenario, Reference]] = []
        seen: set[tuple[str, str]] = set()
        for key in keys:
            for sc, ref in self._covers.get(key, ()):
                if (sc.path, sc.id) not in seen:
                    seen.add((sc.path, sc.id))
                    out.append((sc, ref))
        return out

    def requirement_covered(self, path: str, section_id: str, requirement: str) -> bool:
        """Is one requirement item covered, by its id or by its section (or an ancestor)?"""
        if self._covers.get(Target(None, requirement)) or self._covers.get(
            Target(path, requirement)
        ):
            return True
        entry = self.specs.get(path)
        if entry is None or entry.spec is None:
            return False
        spec = entry.spec
        current = spec.sections.get(section_id)
        if self._covers.get(Target(path, None)):
            return True
        while current is not None:
            if self._covers.get(Target(path, current.id)) or (
                _is_requirement_id(current.id) and self._covers.get(Target(None, current.id))
            ):
                return True
            current = spec.sections.get(current.parent) if current.parent else None
        return False

    def scenarios_for(self, path: str, section_id: str) -> list[Scenario]:
        return [sc for sc, _ in self.covering(path, section_id)]

    def twins_needed(self, path: str, section_id: str) -> list[str]:
        info = self.section_info(path, section_id)
        return info.needs if info else []

    def references_to(self, path: str, section_id: str) -> list[Location]:
        """Where scenarios name this section (or one of its requirement ids): for references and
        rename."""
        out: list[Location] = []
        for sf_path in sorted(self._refs_to_path.get(path, set())):
            for sc in self.scenario_files[sf_path].scenarios:
                for ref in sc.covers:
                    found = self.resolve(ref.target)
                    if (
                        isinstance(found, Resolved)
                        and found.path == path
                        and (found.section == section_id or found.requirement == section_id)
                    ):
                        out.append(Location(sf_path, ref.range))
        entry = self.specs.get(path)
        ids = {section_id}
        if entry and entry.spec and section_id in entry.spec.sections:
            ids |= {r.id for r in entry.spec.sections[section_id].requirements}
        for rid in sorted(i for i in ids if _is_requirement_id(i)):
            for sf_path in sorted(self._refs_to_bare.get(rid, set())):
                for sc in self.scenario_files[sf_path].scenarios:
                    out += [
                        Location(sf_path, r.range) for r in sc.covers if r.target.strip() == rid
                    ]
        return list(dict.fromkeys(out))

    def reference_at(self, path: str, line: int, column: int) -> Reference | None:
        """The covers or twins reference written at a position of a scenario file."""
        sf = self.scenario_files.get(path)
        if sf is None:
            return None
        for sc in sf.scenarios:
            for ref in (*sc.covers, *sc.twins):
                r = ref.range
                if r.start.line == line and r.start.column <= column <= r.end.column:
                    return ref
        return None

    def completions(self) -> list[str]:
        """Every reference a scenario may write: path#id for each section, and bare REQ ids."""
        out = []
        for path in sorted(self.specs):
            spec = self.specs[path].spec
            if spec is None:
                continue
            out += [f"{path}#{sid}" for sid in spec.sections]
        out += sorted(self._requirement_defs)
        return out

    # -- results -------------------------------------------------------------------------------

    def lint(self, path: str | Path, rule_filter: RuleFilter | None = None) -> list[Finding]:
        """Every finding for one indexed file, whatever its kind: what a front end publishes
        for each path `update` returns."""
        rel = self.rel(path)
        entry = self.specs.get(rel)
        if entry is not None:
            if entry.spec is None:
                return [entry.problem] if entry.problem is not None else []
            return lint_spec(entry.spec, self.config, self, rule_filter)
        found = self.findings(rel)
        return [f for f in found if rule_filter is None or rule_filter.allows(f.rule)]

    def findings(self, path: str | Path) -> list[Finding]:
        """Findings for one scenario or twin file (specs go through the engine's rules)."""
        from ..rules.links import scenario_file_findings, twin_file_findings

        rel = self.rel(path)
        if rel in self.scenario_files:
            return self._with_severity(scenario_file_findings(self, self.scenario_files[rel]))
        if rel in self.twin_files:
            return self._with_severity(twin_file_findings(self, self.twin_files[rel]))
        return []

    def _with_severity(self, raw: Iterable[Finding]) -> list[Finding]:
        from ..rules.registry import get

        out = []
        for f in raw:
            rule = get(f.rule)
            sev = self.config.severity_for(f.rule, rule.severity if rule else f.severity)
            if sev is not None:
                out.append(
                    Finding(f.rule, sev, f.message, f.path, f.range, f.section, f.fixes, f.related)
                )
        return sorted(out, key=Finding.sort_key)

    def coverage(self) -> dict[str, object]:
        from .coverage import coverage_graph

        return coverage_graph(self)


def _addressable(entry: _SpecEntry | None) -> set[str]:
    """Every id a `path#id` reference may name in this spec: sections and requirement items."""
    if entry is None or entry.spec is None:
        return set()
    sections = entry.spec.sections
    return set(sections) | {r.id for s in sections.values() for r in s.requirements}


def _defined_ids(sid: str, section: Section) -> tuple[str, ...]:
    """The requirement ids a section defines: its own (`{#REQ-1}`), its list items'."""
    own = (sid,) if section.explicit_id and _is_requirement_id(sid) else ()
    return (*own, *(r.id for r in section.requirements)) if section.requirements else own


def _same_ids(old: _SpecEntry | None, new: _SpecEntry | None) -> bool:
    """Whether both give the same `_addressable` ids, told cheaply (a keystroke, mostly): the
    same section ids and the same requirement ids (the rest of what is addressable)."""
    if old is None or new is None or old.spec is None or new.spec is None:
        return False
    return (
        old.requirement_ids == new.requirement_ids
        and old.spec.sections.keys() == new.spec.sections.keys()
    )


def _twins_needed(entry: _SpecEntry | None) -> set[str]:
    if entry is None:
        return set()
    return {m.twin for info in entry.infos.values() for m in info.mentions if m.twin}


def _discard(index: dict[str, set[str]], key: str, value: str) -> None:
    values = index.get(key)
    if values is not None:
        values.discard(value)
        if not values:
            del index[key]


def _is_requirement_id(text: str) -> bool:
    return REQUIREMENT_ID.fullmatch(text) is not None


def _clean(pattern: str) -> str:
    p = pattern.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def _literal_prefix(pattern: str) -> str:
    """The folders before the first glob character: where to start walking."""
    parts = pattern.split("/")
    prefix: list[str] = []
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            break
        prefix.append(part)
    return "/".join(prefix) or "."


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    return any(glob_regex(p).match(rel) for p in patterns)


def _line(line: int) -> Range:
    from ..model import Position

    at = Position(max(line, 1), 1)
    return Range(at, at)
