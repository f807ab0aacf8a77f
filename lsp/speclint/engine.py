"""The one entry point every front end calls: text or paths in, findings out.

Reads files (with the bad-input checks), parses, runs the rules the config enables, applies
inline suppressions, and returns results. No printing, no front-end types.
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from .config import Config
from .model import Finding, Position, Range, Severity, Spec
from .parse import parse
from .rules.context import Context
from .rules.registry import Hit, Rule, all_rules

UNREADABLE = "structure/unreadable-file"


@dataclass
class FileResult:
    path: str  # relative to the project root, forward slashes
    spec: Spec | None
    findings: list[Finding]


@dataclass
class RuleFilter:
    """`--select` / `--ignore`: rule ids or families."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def allows(self, rule_id: str) -> bool:
        family = rule_id.split("/", 1)[0]
        if self.select and rule_id not in self.select and family not in self.select:
            return False
        return rule_id not in self.ignore and family not in self.ignore


@dataclass
class LintRun:
    root: Path
    files: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]


class InputError(Exception):
    """A path given on the command line that cannot be linted at all (exit 2)."""


def active_rules(
    config: Config, rule_filter: RuleFilter | None = None
) -> list[tuple[Rule, Severity]]:
    out = []
    for r in all_rules():
        sev = config.severity_for(r.id, r.severity)
        if sev is None or (rule_filter is not None and not rule_filter.allows(r.id)):
            continue
        out.append((r, sev))
    return out


def lint_spec(
    spec: Spec,
    config: Config,
    workspace: Any = None,
    rule_filter: RuleFilter | None = None,
) -> list[Finding]:
    """Run every enabled rule over a parsed spec; suppressions applied; sorted by position."""
    ctx = Context(spec, config, workspace)
    if config.rfc2119 and not spec.rfc2119:
        spec.rfc2119 = True
    hits: list[tuple[str, Severity, Hit]] = []
    for rule, severity in _rules_for(config, rule_filter):
        if rule.scope == "workspace" and workspace is None:
            continue
        hits.extend((rule.id, severity, hit) for hit in rule.check(ctx))
    # The ranges the rules' fixes already took: a fix's edit often spans its finding.
    return findings_from_hits(spec, hits, ctx.memo.get("ranges"))


_last_rules: list[tuple[Config, RuleFilter | None, list[tuple[Rule, Severity]]]] = []


def _rules_for(config: Config, rule_filter: RuleFilter | None) -> list[tuple[Rule, Severity]]:
    """`active_rules`, once for the specs of a run (one config, one filter), not per spec."""
    if _last_rules:
        last_config, last_filter, rules = _last_rules[0]
        if last_config is config and last_filter is rule_filter:
            return rules
    rules = active_rules(config, rule_filter)
    _last_rules[:] = [(config, rule_filter, rules)]
    return rules


class FindingMemo(Protocol):
    """Findings of an earlier version of the same document, for hits that make the same."""

    def find(self, rule_id: str, severity: Severity, hit: Hit) -> Finding | None:
        """The finding this hit makes, when known (its suppression already decided)."""

    def keep(self, rule_id: str, severity: Severity, hit: Hit, finding: Finding) -> None:
        """This hit made this finding."""


def findings_from_hits(
    spec: Spec,
    hits: Iterable[tuple[str, Severity, Hit]],
    ranges: dict[tuple[int, int], Range] | None = None,
    memo: FindingMemo | None = None,
) -> list[Finding]:
    """Rules' hits as findings: positions, sections, suppressions applied, sorted.

    `ranges`: offsets -> `Range` already computed for this spec (`Context.range`'s), reused.
    `memo`: findings made before, taken again as the same objects.
    """
    known = ranges if ranges is not None else {}
    position, section_at, path = spec.index.position, spec.section_at_line, spec.path
    suppressions = spec.suppressions
    # `Finding.sort_key` order: every finding here has the spec's path. The key is built with
    # the finding from plain ints (compared in C, where `Position`s compare through their
    # dataclass methods), the hit's index last so that no two keys tie and the sort is stable.
    keyed: list[tuple[int, int, str, int, Finding]] = []
    for rule_id, severity, hit in hits:
        if memo is not None:
            again = memo.find(rule_id, severity, hit)
            if again is not None:
                start = again.range.start
                keyed.append((start.line, start.column, rule_id, len(keyed), again))
                memo.keep(rule_id, severity, hit, again)
                continue
        rng = known.get((hit.start, hit.end))
        if rng is None:
            rng = known[hit.start, hit.end] = Range(position(hit.start), position(hit.end))
        start = rng.start
        line = start.line
        if suppressions and any(s.covers(rule_id, line) for s in suppressions):
            continue
        section = section_at(line)
        finding = Finding(
            rule_id,
            severity,
            hit.message,
            path,
            rng,
            section.id if section else None,
            hit.fixes,
            hit.related,
        )
        keyed.append((line, start.column, rule_id, len(keyed), finding))
        if memo is not None:
            memo.keep(rule_id, severity, hit, finding)
    keyed.sort()
    return [k[4] for k in keyed]


# The order of findings within one spec (`Finding.order`), read in C once it is known.
finding_order: Callable[[Finding], tuple[int, int, str]] = operator.attrgetter("order")


def lint_text(
    text: str,
    path: str,
    config: Config,
    workspace: Any = None,
    rule_filter: RuleFilter | None = None,
) -> FileResult:
    reuse = getattr(workspace, "parsed", None)  # the workspace index already parsed it
    spec = (reuse(path, text) if reuse is not None else None) or parse(text, path)
    return FileResult(path, spec, lint_spec(spec, config, workspace, rule_filter))


# -- reading files ---------------------------------------------------------------------------


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the project root with forward slashes; absolute when outside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(resolved, root).replace(os.sep, "/")


def read_spec_text(path: Path, config: Config) -> tuple[str | None, str | None, int]:
    """(text, problem, line of the problem): text is None when the file cannot be linted."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}", 1
    if size > config.max_file_size:
        mb = size / 1_048_576
        limit = config.max_file_size / 1_048_576
        return (
            None,
            f"file is {mb:.1f} MB, over the {limit:.0f} MB limit: split it, "
            "or raise max_file_size in the config",
            1,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}", 1
    if b"\x00" in data[:8192]:
        return None, "binary file, not Markdown: remove it from the specs globs", 1
    try:
        return data.decode("utf-8"), None, 0
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (
            None,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at line {line}): save the file as UTF-8",
            line,
        )


def unreadable_finding(rel: str, problem: str, line: int) -> Finding:
    """The finding for a file that cannot be parsed, at the start of the line at fault."""
    at = Position(max(line, 1), 1)
    return Finding(UNREADABLE, Severity.ERROR, problem, rel, Range(at, at))


def lint_file(
    path: Path,
    config: Config,
    workspace: Any = None,
    rule_filter: RuleFilter | None = None,
) -> FileResult:
    rel = relative_path(path, config.root)
    text, problem, line = read_spec_text(path, config)
    if text is None:
        assert problem is not None
        if rule_filter is not None and not rule_filter.allows(UNREADABLE):
            return FileResult(rel, None, [])
        return FileResult(rel, None, [unreadable_finding(rel, problem, line)])
    return lint_text(text, rel, config, workspace, rule_filter)


# -- finding files ---------------------------------------------------------------------------


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob with `**` (any folders), `*`, `?` and `[...]`, matched against a posix path."""
    i, out = 0, []
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches_any(rel: str, patterns: Iterable[str]) -> bool:
    rel = rel.lstrip("./") if rel.startswith("./") else rel
    return any(glob_regex(p).match(rel) for p in patterns)


def walk_files(folder: Path) -> Iterator[Path]:
    """Every file below `folder` in path order, following links once (loops are walked once)."""
    seen: set[tuple[int, int]] = set()

    def walk(current: Path) -> Iterator[Path]:
        try:
            st = current.stat()
            key = (st.st_dev, st.st_ino)
            if key in seen:
                return
            seen.add(key)
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") and entry.name != ".kiro":
                continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                continue
            if is_dir:
                yield from walk(Path(entry.path))
            elif is_file:
                yield Path(entry.path)

    yield from walk(folder)


def is_spec_file(path: Path, config: Config) -> bool:
    """Whether the config's specs globs take `path` (relative to the project root)."""
    rel = relative_path(path, config.root)
    return matches_any(rel, config.specs) and not matches_any(rel, config.exclude)


def discover(
    paths: Sequence[Path], config: Config, patterns: Sequence[str] | None = None
) -> list[Path]:
    """Files named on the command line, and the spec files inside the folders named.

    A folder's files are those matching the config's `specs` globs, relative to the project root
    when the folder is inside it, else to the folder itself. Raises `InputError` for a path that
    does not exist.
    """
    globs = tuple(patterns if patterns is not None else config.specs)
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        if not p.exists():
            hint = " (a broken symlink)" if p.is_symlink() else ""
            raise InputError(f"{p}: no such file or folder{hint}")
        if p.is_file():
            found: Iterable[Path] = [p]
        else:
            base = p.resolve()
            try:
                base.relative_to(config.root)
                anchor = config.root
            except ValueError:
                anchor = base
            found = (
                f
                for f in walk_files(p)
                if matches_any(relative_path(f, anchor), globs)
                and not matches_any(relative_path(f, anchor), config.exclude)
            )
        for f in found:
            r = f.resolve()
            if r not in seen:
                seen.add(r)
                out.append(f)
    return out


def lint_paths(
    paths: Sequence[Path],
    config: Config,
    rule_filter: RuleFilter | None = None,
    workspace: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> LintRun:
    files = discover(paths, config)
    run = LintRun(root=config.root)
    total = len(files)
    for i, f in enumerate(files, 1):
        run.files.append(lint_file(f, config, workspace, rule_filter))
        if progress is not None:
            progress(i, total)
    return run
