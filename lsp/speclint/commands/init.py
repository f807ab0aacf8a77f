"""`spec-lint init`: set speclint up in an existing repository without overwriting anything."""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from ..atomic import atomic_write
from ..config import DEFAULT_NON_REQUIREMENT_TITLES, Config, ConfigError
from ..engine import discover, relative_path
from ..parse import parse

BASELINE_NAME = ".speclint-baseline.json"


@dataclass
class Layout:
    name: str  # "spec-kit" | "kiro" | "markdown"
    specs: list[str]
    found: list[Path] = field(default_factory=list)


def detect_layout(root: Path) -> Layout:
    """Spec-kit, Kiro or plain Markdown, by the files that are there."""
    speckit = sorted(root.glob("specs/*/spec.md"))
    if speckit:
        return Layout("spec-kit", ["specs/*/spec.md", "specs/*/plan.md"], speckit)
    kiro = sorted(root.glob(".kiro/specs/*/requirements.md"))
    if kiro:
        return Layout("kiro", [".kiro/specs/*/requirements.md", ".kiro/specs/*/design.md"], kiro)
    globs = [f"{d}/**/*.md" for d in ("specs", "docs") if (root / d).is_dir()]
    if not globs:
        globs = ["**/*.md"]
    config = Config(root=root.resolve(), specs=tuple(globs))
    return Layout("markdown", globs, discover([root], config))


def config_text(layout: Layout) -> str:
    specs = ", ".join(f'"{g}"' for g in layout.specs)
    return f"""\
# speclint configuration (https://github.com/speclint/speclint/blob/main/docs/config.md).
# Every key is optional; the values below were chosen by `spec-lint init` for a {layout.name}
# layout.

# Which Markdown files are specs (globs relative to this file).
specs = [{specs}]

# End-to-end scenarios that cover spec sections. They may live outside the repository, as a
# holdout set the implementing agent never sees: "../holdout/**/*.md".
scenarios = ["scenarios/**/*.md", "scenarios/**/*.feature"]

# Twins: local behavioural clones of external services (Okta, Slack, Stripe...).
twins = ["twins/*.yaml"]

# Lowest severity that fails `spec-lint` (exit code 1): "info", "warning" or "error".
fail_on = "warning"

[rules]
# Per rule or family: "off", "info", "warning" or "error". `spec-lint rules` lists them.
# "ambiguity/absolute" = "info"

[vocabulary]
# vague = ["snappy"]           # words your team finds vague, added to the built-in list
# allow = ["real-time"]        # words never flagged
# services = ["Acme Billing"]  # external services whose mention needs a twin

[clarify]
# model = "claude-sonnet-4-5"  # used by `spec-lint clarify` when ANTHROPIC_API_KEY is set
# max_questions = 5
"""


def first_requirement(root: Path, layout: Layout) -> str | None:
    """A reference to the first requirement: a requirement id, else `path#section-id`."""
    for path in layout.found:
        try:
            spec = parse(path.read_text(encoding="utf-8"), relative_path(path, root))
        except (OSError, UnicodeDecodeError):
            continue
        for section in spec.sections.values():
            if section.requirements:
                return section.requirements[0].id
        for section in spec.sections.values():
            if section.level > 1 and section.title.lower() not in DEFAULT_NON_REQUIREMENT_TITLES:
                return f"{spec.path}#{section.id}"
    return None


def scenario_text(covers: str | None) -> str:
    return f"""\
---
id: example-scenario
title: An example end-to-end scenario
covers: [{covers or "specs/example.md#some-section"}]
twins: [example-service]
---

<!-- A scenario is a user story told end to end. `covers` lists the spec sections it checks
     (path#section-id, or a requirement id such as FR-001); `twins` the services it runs against.
     Replace this example with a real one. -->

Given a signed-in user
When they do the thing the section describes
Then they see the outcome the section promises
"""


TWIN_TEXT = """\
# A twin is a local behavioural clone of an external service, run by the tests instead of the
# real thing. Replace this example with one of your services (Okta, Slack, Stripe...).
id: example-service
clones: Example Service API
aliases: [example service]
start: python -m twins.example_service --port 12111
endpoint: http://127.0.0.1:12111
covers_behaviour: [create, read]
"""


@dataclass
class Plan:
    writes: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def has_pyproject_table(root: Path) -> tuple[bool, str | None]:
    """Whether pyproject.toml already configures speclint; a problem message if unreadable."""
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        return False, None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return False, (
            f"{pyproject} is not valid TOML ({exc}); left untouched, speclint.toml is used instead"
        )
    return "speclint" in data.get("tool", {}), None


def plan_init(root: Path, layout: Layout) -> Plan:
    plan = Plan()
    cfg = root / "speclint.toml"
    in_pyproject, _ = has_pyproject_table(root)
    if cfg.exists():
        plan.skipped.append((cfg, "already exists"))
    elif in_pyproject:
        plan.skipped.append((cfg, "pyproject.toml already has [tool.speclint]"))
    else:
        plan.writes.append((cfg, config_text(layout)))
    scenarios, twins = root / "scenarios", root / "twins"
    if scenarios.exists():
        plan.skipped.append((scenarios, "already exists"))
    else:
        target = first_requirement(root, layout)
        plan.writes.append((scenarios / "example.md", scenario_text(target)))
    if twins.exists():
        plan.skipped.append((twins, "already exists"))
    else:
        plan.writes.append((twins / "example-service.yaml", TWIN_TEXT))
    return plan


@click.command(name="init")
@click.argument(
    "folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option(
    "--baseline",
    "write_baseline",
    is_flag=True,
    help=f"Also accept today's findings in {BASELINE_NAME}, so only new ones fail.",
)
def init(folder: Path, dry_run: bool, write_baseline: bool) -> None:
    """Set speclint up in an existing repository: config, scenarios/ and twins/.

    Detects GitHub spec-kit (specs/NNN-*/spec.md), AWS Kiro (.kiro/specs/*/requirements.md) or
    plain Markdown under docs/ or specs/, and writes a commented speclint.toml with the right
    globs. Never overwrites a file.

    \b
    Examples:
      spec-lint init                  set up the current repository
      spec-lint init --dry-run        show what would be written
      spec-lint init --baseline       also accept today's findings
    """
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not folder.is_dir():
        err.print(f"[bold red]error:[/] {folder}: no such folder")
        sys.exit(2)
    root = folder.resolve()
    layout = detect_layout(root)
    out.print(
        f"Detected a [bold]{layout.name}[/] layout: {len(layout.found)} spec files "
        f"({', '.join(layout.specs)})."
    )
    _, pyproject_problem = has_pyproject_table(root)
    if pyproject_problem:
        err.print(f"[yellow]warning:[/] {escape(pyproject_problem)}")
    plan = plan_init(root, layout)
    for path, why in plan.skipped:
        out.print(f"  skip   {escape(relative_path(path, root))} ({escape(why)}; not overwritten)")
    if dry_run:
        for path, text in plan.writes:
            out.print(f"  would write {relative_path(path, root)}:")
            click.echo(text)
        return
    if plan.writes and not os.access(root, os.W_OK):
        err.print(
            f"[bold red]error:[/] {escape(str(root))} is not writable; nothing written. "
            "Run init where you may write, or fix the folder's permissions."
        )
        sys.exit(2)
    try:
        for path, text in plan.writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text)
            out.print(f"  wrote  {relative_path(path, root)}")
    except OSError as exc:
        err.print(f"[bold red]error:[/] cannot write {exc.filename}: {exc.strerror}")
        sys.exit(2)
    if write_baseline:
        _write_baseline(root, out)
    out.print("\nNext:")
    out.print("  spec-lint .                       lint every spec")
    out.print("  spec-lint coverage .              see which sections scenarios cover")
    if write_baseline:
        out.print(f"  spec-lint . --baseline {BASELINE_NAME}   fail only on new findings")
    else:
        out.print(f"  spec-lint . --write-baseline {BASELINE_NAME}   accept today's findings")


def _write_baseline(root: Path, out: Console) -> None:
    from ..baseline import write
    from ..config import load_config
    from ..workspace.check import lint_project

    target = root / BASELINE_NAME
    if target.exists():
        out.print(f"  skip   {BASELINE_NAME} (already exists; not overwritten)")
        return
    try:
        config = load_config(root)
    except ConfigError as exc:
        out.print(f"  skip   {BASELINE_NAME} ({escape(str(exc))}; fix it, then --write-baseline)")
        return
    n = write(lint_project([root], config)[0], target)
    out.print(f"  wrote  {BASELINE_NAME} ({n} findings accepted)")
