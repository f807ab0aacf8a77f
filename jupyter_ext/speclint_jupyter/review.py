"""What the panel shows, as plain data: one lint of a folder or a spec, and its problems.

No widgets here, so the data can be computed in a worker thread and tested on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speclint.config import Config, ConfigError, load_config
from speclint.engine import UNREADABLE, InputError, LintRun, RuleFilter, discover, lint_paths
from speclint.model import Finding, Severity
from speclint.report.summary import SpecSummary, summarize
from speclint.workspace import Workspace
from speclint.workspace.check import add_linked_files, load_for_check

Progress = Callable[[int, int], None]
# (modification time in ns, size) per file: what the watcher compares between polls.
Snapshot = dict[str, tuple[int, int]]

NO_SECTION = "(before the first heading)"
WHOLE_FILE = "(whole file)"  # findings in scenario and twin files, which have no sections


@dataclass(frozen=True)
class Row:
    """One finding as the table shows it."""

    path: str
    section: str
    severity: Severity
    rule: str
    line: int
    column: int
    message: str

    @property
    def family(self) -> str:
        return self.rule.split("/", 1)[0]


@dataclass
class Review:
    """The result of one refresh. `error` set means nothing could be linted at all."""

    target: Path
    config: Config | None = None
    run: LintRun | None = None
    summaries: list[SpecSummary] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    specs: list[str] = field(default_factory=list)  # the specs linted, without scenario files
    # The coverage graph (`spec-lint coverage --format json`); None: no scenarios nor twins.
    coverage: dict[str, Any] | None = None
    error: str | None = None
    # Files that could not be read (not UTF-8, binary, too big): path -> what to do.
    unreadable: dict[str, str] = field(default_factory=dict)
    snapshot: Snapshot = field(default_factory=dict)

    @property
    def paths(self) -> list[str]:
        return self.specs

    def family_counts(self, severities: Iterable[Severity] | None = None) -> dict[str, int]:
        """Findings per family, most first; only those of `severities` when given."""
        wanted = set(severities) if severities is not None else None
        counts = Counter(r.family for r in self.rows if wanted is None or r.severity in wanted)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def select(self, severities: Iterable[Severity], families: Iterable[str]) -> list[Row]:
        sev, fam = set(severities), set(families)
        return [r for r in self.rows if r.severity in sev and r.family in fam]


def section_title(run: LintRun, path: str, section_id: str | None) -> str:
    """`APR-3 Slack failures`: the heading as written, so the reader recognises it."""
    if section_id is None:
        parsed = any(r.path == path and r.spec is not None for r in run.files)
        return NO_SECTION if parsed else WHOLE_FILE
    for result in run.files:
        if result.path == path and result.spec is not None:
            section = result.spec.sections.get(section_id)
            if section is not None:
                return section.title
    return section_id


def rows_of(run: LintRun) -> list[Row]:
    titles: dict[tuple[str, str | None], str] = {}
    out = []
    for f in run.findings:
        key = (f.path, f.section)
        if key not in titles:
            titles[key] = section_title(run, f.path, f.section)
        out.append(row_of(f, titles[key]))
    return out


def row_of(f: Finding, section: str) -> Row:
    return Row(
        path=f.path,
        section=section,
        severity=f.severity,
        rule=f.rule,
        line=f.range.start.line,
        column=f.range.start.column,
        message=f.message,
    )


def watched_files(target: Path, config: Config) -> list[Path]:
    """The files whose change means the panel is out of date: the specs, the project's
    scenarios and twins (they change coverage and links findings), and the config."""
    files = discover([target], config) if target.exists() else []
    ws = Workspace(config)
    files += [ws.absolute(rel) for rel, kind in ws.discover().items() if kind != "spec"]
    if config.path is not None:
        files.append(config.path)
    return files


def take_snapshot(target: Path) -> Snapshot:
    """mtime and size of every watched file. Loads the config itself, so the watcher and a
    refresh always compare like with like, whatever state the project is in."""
    try:
        config = load_config(target)
    except ConfigError as exc:
        files = [Path(exc.path)]  # fixing the broken config is a change worth refreshing for
    else:
        try:
            files = watched_files(target, config)
        except InputError:
            files = []
    out: Snapshot = {}
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue  # deleted between listing and stat: the next poll sees it gone
        out[str(f)] = (st.st_mtime_ns, st.st_size)
    return out


def load_review(target: Path, progress: Progress | None = None) -> Review:
    """Lint `target` (a folder or one spec) with its project's config. Never raises for input."""
    # Taken before reading, so an edit made while linting shows up at the next poll.
    review = Review(target=target, snapshot=take_snapshot(target))
    if not target.exists():
        hint = " (a broken symlink)" if target.is_symlink() else ""
        review.error = f"{target}: no such file or folder{hint}. Check the path given to SpecPanel."
        return review
    try:
        config = load_config(target)
    except ConfigError as exc:
        review.error = f"config error: {exc}"
        return review
    review.config = config
    index = load_for_check(config)  # None when the project has no scenarios nor twins
    try:
        run = lint_paths([target], config, workspace=index, progress=progress)
    except InputError as exc:
        review.error = str(exc)
        return review
    review.run = run
    coverage: dict[str, float | None] = {}
    linked: set[str] = set()
    if index is not None:
        # as `spec-lint check` does: scenario and twin findings join, coverage per spec
        coverage, linked = add_linked_files(index, run, [target], RuleFilter())
        review.coverage = index.coverage()
    review.specs = [r.path for r in run.files if r.path not in linked]
    if not review.specs:
        review.error = (
            f"no spec files under {target}: the config's specs globs "
            f"({', '.join(config.specs)}) matched nothing"
            + (f" (config: {config.path})" if config.path else "")
        )
        return review
    specs = set(review.specs)
    review.summaries = [summarize(r, coverage.get(r.path)) for r in run.files if r.path in specs]
    review.rows = rows_of(run)
    review.unreadable = {
        f.path: f.message for r in run.files for f in r.findings if f.rule == UNREADABLE
    }
    return review


def vanished(before: Review | None, after: Review) -> list[str]:
    """Specs listed by the previous refresh that are gone now (deleted or renamed)."""
    if before is None or before.run is None:
        return []
    now = set(after.paths)
    root = before.config.root if before.config else None
    gone = []
    for path in before.paths:
        if path in now:
            continue
        if root is not None and (root / path).exists():
            continue  # still there, only no longer matched (config changed)
        gone.append(path)
    return gone
