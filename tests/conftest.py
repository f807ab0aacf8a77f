"""Shared helpers: lint a Markdown string, run the CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from speclint.config import Config, from_dict
from speclint.engine import lint_text
from speclint.model import Finding

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


def lint_md(
    text: str,
    rules: str | tuple[str, ...] | None = None,
    config: Config | None = None,
    **cfg: object,
) -> list[Finding]:
    """Findings for a Markdown snippet (dedented), optionally only those of some rules."""
    conf = config or from_dict(dict(cfg), root=Path("."))
    found = lint_text(textwrap.dedent(text), "spec.md", conf).findings
    if rules is None:
        return found
    wanted = (rules,) if isinstance(rules, str) else rules
    return [f for f in found if f.rule in wanted or f.family in wanted]


def flagged(text: str, rule: str, **cfg: object) -> list[str]:
    """The exact words a rule flags in a snippet."""
    src = textwrap.dedent(text)
    from speclint.parse import parse

    spec = parse(src)
    out = []
    for f in lint_md(src, rule, **cfg):
        out.append(src[spec.index.offset(f.range.start) : spec.index.offset(f.range.end)])
    return out


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`spec-lint ARGS` as a subprocess, the way a user or CI runs it."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "speclint", *args],
        cwd=cwd or ROOT,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli
