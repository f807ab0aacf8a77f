"""`spec-lint coverage [PATH]`: which sections have scenarios and twins."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..atomic import atomic_write
from ..config import ConfigError, load_config
from ..report.summary import plural
from ..workspace import Workspace


@click.command(name="coverage")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (required for --format html).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="List every section, not only requirement sections and linked ones.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when coverage is below this percentage.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: nearest speclint.toml or pyproject.toml).",
)
def coverage(
    path: Path,
    fmt: str,
    output: Path | None,
    everything: bool,
    fail_under: float | None,
    config_file: Path | None,
) -> None:
    """Trace requirement sections to scenarios and twins.

    Exit 1 when a scenario has a dangling reference or coverage is under --fail-under.

    \b
    Examples:
      spec-lint coverage
      spec-lint coverage . --format json
      spec-lint coverage . --format html -o coverage.html
    """
    from ..cli import fail

    if not path.exists():
        fail(f"{path}: no such file or folder")
    try:
        config = load_config(path, config_file)
    except ConfigError as exc:
        fail(str(exc))
    ws = Workspace(config)
    ws.load()
    graph = ws.coverage()
    if fmt == "html":
        if output is None:
            fail("--format html needs -o FILE")
        from ..report.coverage_html import render

        atomic_write(output, render(graph, config.root, output, everything))
        Console(stderr=True, highlight=False).print(f"wrote {output}")
    elif fmt == "json":
        text = json.dumps(graph, indent=2, ensure_ascii=False) + "\n"
        if output is not None:
            atomic_write(output, text)
        else:
            click.echo(text, nl=False)
    else:
        if output is None:
            console = Console(highlight=False)
            if not console.is_terminal:
                console = Console(highlight=False, width=200)  # pipes and CI logs: no folding
            _table(console, graph, everything)
        else:
            buffer = io.StringIO()
            _table(
                Console(highlight=False, file=buffer, width=200, no_color=True), graph, everything
            )
            atomic_write(output, buffer.getvalue())
    summary: dict[str, Any] = graph["summary"]  # type: ignore[assignment]
    pct = summary["coverage"]
    below = fail_under is not None and (pct is None or pct < fail_under)
    sys.exit(1 if graph["dangling"] or below else 0)


def _table(console: Console, graph: dict[str, Any], everything: bool) -> None:
    table = Table(show_lines=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Section", overflow="fold")
    table.add_column("Scenarios", overflow="fold")
    table.add_column("Twins", overflow="fold")
    table.add_column("Status", overflow="fold")
    for s in graph["sections"]:
        if not (everything or s["requirement"] or s["scenarios"] or s["needs_twins"]):
            continue
        status = s["status"]
        style = {"covered": "green", "uncovered": "red"}.get(status, "dim")
        if s["uncovered_requirements"]:
            status += ": " + ", ".join(s["uncovered_requirements"])
        twins = list(s["twins"]) + [f"{n} (missing)" for n in s["missing_twins"]]
        table.add_row(
            f"{s['path']}#{s['id']}",
            ", ".join(s["scenarios"]) or "-",
            ", ".join(twins) or "-",
            f"[{style}]{status}[/]",
        )
    console.print(table)
    for d in graph["dangling"]:
        console.print(
            f"{d['path']}:{d['line']}:{d['column']}: [red]dangling[/] {d['reference']!s}: "
            f"{d['message']}",
            soft_wrap=True,
            markup=True,
        )
    summary = graph["summary"]
    pct = summary["coverage"]
    figure = "n/a" if pct is None else f"{pct}%"
    console.print(
        f"coverage {figure}: {summary['covered']} of {summary['requirement_sections']} requirement "
        f"sections covered; {plural(len(graph['scenarios']), 'scenario')}, "
        f"{plural(len(graph['twins']), 'twin')}, "
        f"{plural(len(graph['dangling']), 'dangling reference')}"
    )
