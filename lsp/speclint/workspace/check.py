"""What `spec-lint check` adds when a project has scenarios or twins: the index for the rules,
findings in scenario and twin files, and coverage per spec for the summary lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..config import Config
from ..engine import FileResult, LintRun, RuleFilter, lint_paths
from . import Workspace
from .coverage import spec_coverage


def load_for_check(config: Config) -> Workspace | None:
    """The loaded index, or None when the project has neither scenarios nor twins (then links
    rules have nothing to say and the specs need not be read twice)."""
    ws = Workspace(config)
    files = ws.discover()
    if not any(kind != "spec" for kind in files.values()):
        return None
    ws.load(files=files)
    return ws


def add_linked_files(
    ws: Workspace, run: LintRun, targets: Sequence[Path], rule_filter: RuleFilter
) -> tuple[dict[str, float | None], set[str]]:
    """Put scenario and twin files' findings into `run` (replacing any result that linted a
    scenario as a spec); returns coverage per spec path and the paths that are not specs."""
    linked = set(ws.scenario_files) | set(ws.twin_files)
    run.files = [r for r in run.files if r.path not in linked]
    roots = [t.resolve() for t in targets]
    for rel in sorted(linked):
        absolute = ws.absolute(rel).resolve()
        whole_project = any(r == ws.root or r in ws.root.parents for r in roots)
        if not whole_project and not any(r == absolute or r in absolute.parents for r in roots):
            continue
        findings = [f for f in ws.findings(rel) if rule_filter.allows(f.rule)]
        run.files.append(FileResult(rel, None, findings))
    coverage = {path: spec_coverage(ws, path) for path in ws.specs} if ws.has_scenarios else {}
    return coverage, linked


def lint_project(
    targets: Sequence[Path],
    config: Config,
    rule_filter: RuleFilter | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[LintRun, dict[str, float | None], set[str]]:
    """What `spec-lint check` reports, for every front end that needs the same answer (the CLI,
    baselines written by `init`): specs linted with the index, plus scenario and twin files."""
    filt = rule_filter or RuleFilter()
    ws = load_for_check(config)
    run = lint_paths(list(targets), config, filt, workspace=ws, progress=progress)
    if ws is None:
        return run, {}, set()
    coverage, linked = add_linked_files(ws, run, targets, filt)
    return run, coverage, linked
