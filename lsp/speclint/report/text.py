"""Human output: one line per finding, grouped by file, then a readiness line per spec.

`path:line:col: severity rule message` stays greppable and clickable in editors and terminals;
rich adds colour only when the stream is a terminal.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..model import Finding, Severity
from .summary import SpecSummary, plural, totals

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(
    console: Console,
    findings: list[Finding],
    summaries: list[SpecSummary],
    show_suggestions: bool = True,
) -> None:
    for path, group in groupby(findings, key=lambda f: f.path):
        for f in group:
            sev = f.severity.label
            console.print(
                f"[bold]{escape(path)}[/]:{f.range.start.line}:{f.range.start.column}: "
                f"[{_STYLE[f.severity]}]{sev}[/] [dim]{f.rule}[/] {escape(f.message)}",
                soft_wrap=True,
                highlight=False,
            )
            if show_suggestions:
                for fix in f.fixes:
                    console.print(
                        f"    [green]suggestion:[/] {escape(fix.title)}",
                        soft_wrap=True,
                        highlight=False,
                    )
    if findings:
        console.print()
    for s in summaries:
        cov = "n/a" if s.coverage is None else f"{s.coverage:.0f}%"
        console.print(
            f"[bold]{escape(s.path)}[/]: {_counted(s.findings, s.errors, s.warnings, s.infos)}, "
            f"ambiguity {s.ambiguity_per_1000_words}/1k words, "
            f"{plural(s.open_decisions, 'open decision')}, coverage {cov}",
            soft_wrap=True,
            highlight=False,
        )
    t = totals(summaries)
    # The last line counts every finding printed above: a dangling reference in a scenario is
    # in no spec's line, and a total of "0 errors" over it would hide why the run failed.
    specs = {s.path for s in summaries}
    others = len({f.path for f in findings} - specs)
    files = plural(len(summaries), "spec")
    if others:
        files += f" and {plural(others, 'other file')}"
    by = [f.severity for f in findings]
    counted = _counted(
        len(by), by.count(Severity.ERROR), by.count(Severity.WARNING), by.count(Severity.INFO)
    )
    console.print(f"[bold]{files}, {t['words']} words: {counted}[/]", highlight=False)


def _counted(findings: int, errors: int, warnings: int, infos: int) -> str:
    kinds = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {infos} info"
    return f"{plural(findings, 'finding')} ({kinds})"
