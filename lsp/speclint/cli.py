"""`spec-lint`: the command line. Presents engine results; holds no rule logic.

`spec-lint PATH...` is short for `spec-lint check PATH...`; the other subcommands live in
`speclint.commands` and are registered at the bottom of this file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from . import __version__, gc_policy
from .config import Config, ConfigError, load_config
from .engine import InputError, LintRun, RuleFilter, active_rules, is_spec_file
from .model import Severity
from .rules import registry

if TYPE_CHECKING:
    from .workspace.check import ProjectLint

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")
PROGRESS_MIN_FILES = 200


class DefaultGroup(click.Group):
    """A group whose first argument, when not a subcommand, is a path for `check`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


def fail(message: str) -> NoReturn:
    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", soft_wrap=True)
    sys.exit(EXIT_USAGE)


def warn(message: str) -> None:
    Console(stderr=True, highlight=False).print(f"[yellow]warning:[/] {message}", soft_wrap=True)


def config_for(paths: tuple[Path, ...], config_file: Path | None) -> Config:
    try:
        return load_config(paths[0] if paths else Path.cwd(), config_file)
    except ConfigError as exc:
        fail(str(exc))


def rule_filter(select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleFilter:
    known = registry.known_ids()
    chosen = {r for item in select for r in item.split(",") if r}
    dropped = {r for item in ignore for r in item.split(",") if r}
    for r in chosen | dropped:
        if r not in known:
            fail(f"no such rule or family: {r!r}. `spec-lint rules` lists them")
    return RuleFilter(frozenset(chosen), frozenset(dropped))


@click.group(
    cls=DefaultGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="spec-lint")
def main() -> None:
    """Lint Markdown specs for ambiguity and missing decisions.

    \b
    Examples:
      spec-lint specs/                       lint every spec in a folder
      spec-lint specs/auth.md --format json  machine-readable findings
      spec-lint . --format sarif > out.sarif for GitHub code scanning
      spec-lint explain ambiguity/vague-term what a rule flags and how to fix it

    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, config or input error.
    """
    gc_policy.tune()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["info", "warning", "error"]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: the config's fail_on, warning).",
)
@click.option("--select", multiple=True, help="Only these rules or families (repeat or comma).")
@click.option("--ignore", multiple=True, help="Skip these rules or families (repeat or comma).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: nearest speclint.toml or pyproject.toml [tool.speclint]).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="Report only findings that this baseline file does not already accept.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="Record every current finding in this file (then exit 0).",
)
@click.option(
    "--force-globs",
    is_flag=True,
    help="Apply the config's specs and exclude globs to files named on the command line too "
    "(pre-commit passes every staged Markdown file).",
)
@click.option("--no-color", is_flag=True, help="Plain text even on a terminal.")
def check(
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    force_globs: bool,
    no_color: bool,
) -> None:
    """Lint spec files or folders (folders: the config's `specs` globs, default **/*.md).

    \b
    Examples:
      spec-lint check specs/ --fail-on error
      spec-lint check . --select ambiguity --ignore ambiguity/absolute
      spec-lint check . --write-baseline .speclint-baseline.json
      spec-lint check . --baseline .speclint-baseline.json
    """
    from . import baseline as baselines
    from .report import github, json_report, sarif, text
    from .report.summary import summarize

    targets = paths or (Path("."),)
    config = config_for(targets, config_file)
    filt = rule_filter(select, ignore)
    accepted = None
    if baseline is not None:
        try:
            accepted = baselines.load(baseline)
        except baselines.BaselineError as exc:
            fail(str(exc))
    if force_globs:
        targets = tuple(p for p in targets if p.is_dir() or is_spec_file(p, config))
        if not targets:
            sys.exit(EXIT_OK)
    project = _lint_with_progress(targets, config, filt, show=fmt == "text")
    run = project.run
    if write_baseline is not None:
        n = baselines.write(run, write_baseline)
        Console(stderr=True).print(f"wrote {n} findings to {write_baseline}", highlight=False)
        sys.exit(EXIT_OK)
    if accepted is not None:
        baselines.apply(run, accepted)
    findings = run.findings
    summaries = [summarize(r, project.coverage.get(r.path)) for r in project.spec_results]
    if fmt == "json":
        click.echo(json_report.render(findings, summaries), nl=False)
    elif fmt == "sarif":
        click.echo(sarif.render(findings, [r for r, _ in active_rules(config, filt)]), nl=False)
    elif fmt == "github":
        click.echo(github.render(findings), nl=False)
    else:
        console = Console(no_color=no_color, highlight=False)
        globs = ", ".join(config.specs)
        if not run.files:
            warn(f"no spec files matched {globs} under {', '.join(map(str, targets))}")
        elif empty := _folders_without_files(targets, run):
            warn(
                f"no spec files matched {globs} under {', '.join(map(str, empty))} (the globs "
                f"are relative to the project root {config.root}, or to a folder outside it; "
                "name the files, or lint from that folder's project)"
            )
        text.render(console, findings, summaries)
    threshold = Severity.parse(fail_on) if fail_on else config.fail_on
    sys.exit(EXIT_FINDINGS if any(f.severity >= threshold for f in findings) else EXIT_OK)


def _folders_without_files(targets: tuple[Path, ...], run: LintRun) -> list[Path]:
    """The folders named on the command line that gave no file to lint (another one did): a
    folder outside the project whose files the config's globs, written for the project, miss."""
    linted = [(run.root / r.path).resolve() for r in run.files]
    out = []
    for target in targets:
        if target.is_dir():
            base = target.resolve()
            if not any(f.is_relative_to(base) for f in linted):
                out.append(target)
    return out


def _lint_with_progress(
    targets: tuple[Path, ...], config: Config, filt: RuleFilter, show: bool
) -> ProjectLint:
    from rich.progress import Progress

    from .workspace.check import lint_project

    stderr = Console(stderr=True)
    progress: Progress | None = None
    task: Any = None

    def step(done: int, total: int) -> None:
        nonlocal progress, task
        if total < PROGRESS_MIN_FILES or not stderr.is_terminal:
            return
        if progress is None:
            progress = Progress(console=stderr, transient=True)
            progress.start()
            task = progress.add_task("linting", total=total)
        progress.update(task, completed=done)

    gc_policy.settle()  # the rules and their word lists are loaded: never walk them again
    try:
        return lint_project(targets, config, filt, progress=step if show else None)
    except InputError as exc:
        fail(str(exc))
    finally:
        if progress is not None:
            progress.stop()


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show what a rule flags, why, a bad and a good example, and how to fix it.

    \b
    Example:
      spec-lint explain ambiguity/weak-modal
    """
    from .rules.docs import render_rule

    r = registry.get(rule_id)
    if r is None:
        close = [x.id for x in registry.all_rules() if rule_id.split("/")[-1] in x.id]
        hint = f" Did you mean {', '.join(close)}?" if close else " `spec-lint rules` lists them."
        fail(f"no such rule: {rule_id!r}.{hint}")
    click.echo(render_rule(r, heading_level=1))


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(fmt: str) -> None:
    """List every rule: id, default severity and what it flags.

    \b
    Example:
      spec-lint rules --format json
    """
    rules = registry.all_rules()
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [{"id": r.id, "severity": r.severity.label, "summary": r.summary} for r in rules],
                indent=2,
            )
        )
        return
    console = Console(highlight=False)
    for r in rules:
        console.print(f"[bold]{r.id:<36}[/] {r.severity.label:<8} {r.summary}", soft_wrap=True)


def _register_commands() -> None:
    from .commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_commands()
