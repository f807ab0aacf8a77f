"""Human output: one line per finding, grouped by file, then a readiness line per spec.

`path:line:col: severity rule message` stays greppable and clickable in editors and terminals;
rich adds colour only when the stream is a terminal.
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from ..model import Finding, Severity
from .summary import SpecSummary, totals

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
            f"[bold]{escape(s.path)}[/]: {s.findings} findings "
            f"({s.errors} errors, {s.warnings} warnings, {s.infos} info), "
            f"ambiguity {s.ambiguity_per_1000_words}/1k words, "
            f"{s.open_decisions} open decisions, coverage {cov}",
            soft_wrap=True,
            highlight=False,
        )
    t = totals(summaries)
    console.print(
        f"[bold]{t['files']} specs, {t['words']} words: {t['findings']} findings "
        f"({t['errors']} errors, {t['warnings']} warnings, {t['infos']} info)[/]",
        highlight=False,
    )
