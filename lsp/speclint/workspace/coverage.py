"""The coverage graph as plain data: what `spec-lint coverage --format json` prints, and what the
text table and the HTML matrix are drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Range, Requirement

if TYPE_CHECKING:
    from . import SectionInfo, Workspace


@dataclass(frozen=True)
class Status:
    covered: bool
    uncovered_requirements: tuple[Requirement, ...]


def section_status(ws: Workspace, info: SectionInfo) -> Status:
    """Covered: a scenario covers it (or an ancestor, or the file), it has Given/When/Then in its
    own text, or every requirement item in it is covered."""
    if info.in_spec_scenario:
        return Status(True, ())
    reqs = info.section.requirements
    if not reqs:
        return Status(bool(ws.covering(info.path, info.section.id)), ())
    missing = tuple(r for r in reqs if not ws.requirement_covered(info.path, info.section.id, r.id))
    return Status(not missing, missing)


def spec_coverage(ws: Workspace, path: str) -> float | None:
    """Percent of a spec's requirement sections that are covered; None when it has none."""
    entry = ws.specs.get(path)
    if entry is None:
        return None
    infos = [i for i in entry.infos.values() if i.requirement]
    if not infos:
        return None
    covered = sum(1 for i in infos if section_status(ws, i).covered)
    return round(100.0 * covered / len(infos), 1)


def _pos(r: Range) -> dict[str, int]:
    return {
        "line": r.start.line,
        "column": r.start.column,
        "end_line": r.end.line,
        "end_column": r.end.column,
    }


def coverage_graph(ws: Workspace) -> dict[str, object]:
    from ..rules.links import dangling_references

    sections = []
    needed_by: dict[str, list[str]] = {}
    required = covered = 0
    for info in ws.sections():
        s = info.section
        status = section_status(ws, info)
        covering = ws.scenarios_for(info.path, s.id)
        scenarios = [sc.id for sc in covering]
        if info.in_spec_scenario:
            scenarios.append("(in spec)")
        needs = info.needs
        twins_used = {t.target.strip() for sc in covering for t in sc.twins}
        known = {t.id for t in ws.twins()}
        twins = sorted((twins_used | {n for n in needs if ws.twin(n)}) & known)
        for n in needs:
            if ws.twin(n):
                needed_by.setdefault(n, []).append(f"{info.path}#{s.id}")
        if info.requirement:
            required += 1
            covered += status.covered
        sections.append(
            {
                "path": info.path,
                "id": s.id,
                "title": s.title,
                "line": s.heading_range.start.line,
                "level": s.level,
                "requirement": info.requirement,
                "status": ("covered" if status.covered else "uncovered")
                if info.requirement
                else "not required",
                "scenarios": scenarios,
                "twins": twins,
                "needs_twins": needs,
                "missing_twins": [n for n in needs if not ws.twin(n)],
                "uncovered_requirements": [r.id for r in status.uncovered_requirements],
            }
        )
    scenarios_out = []
    used_by: dict[str, list[str]] = {}
    for sc in ws.scenarios():
        resolved = []
        for ref in sc.covers:
            found = ws.resolve(ref.target)
            if not isinstance(found, str):
                resolved.append(f"{found.path}#{found.requirement or found.section}")
        for t in sc.twins:
            used_by.setdefault(t.target.strip(), []).append(sc.id)
        scenarios_out.append(
            {
                "path": sc.path,
                "id": sc.id,
                "title": sc.title,
                "line": sc.range.start.line,
                "covers": [r.target for r in sc.covers],
                "resolved": resolved,
                "twins": [t.target for t in sc.twins],
            }
        )
    twins_out = [
        {
            "path": t.path,
            "id": t.id,
            "clones": t.clones,
            "endpoint": t.endpoint,
            "line": t.id_range.start.line,
            "used_by": used_by.get(t.id, []),
            "needed_by": needed_by.get(t.id, []),
        }
        for t in ws.twins()
    ]
    dangling = [
        {
            "path": sc.path,
            **_pos(ref.range),
            "scenario": sc.id,
            "reference": ref.target,
            "kind": kind,
            "message": message,
        }
        for sc, ref, kind, message in dangling_references(ws)
    ]
    return {
        "sections": sections,
        "scenarios": scenarios_out,
        "twins": twins_out,
        "dangling": dangling,
        "summary": {
            "requirement_sections": required,
            "covered": covered,
            "coverage": round(100.0 * covered / required, 1) if required else None,
        },
    }
