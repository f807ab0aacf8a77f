"""Build small multi-file projects on disk: specs, scenarios, twins, and a holdout beside them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from speclint.config import load_config
from speclint.engine import lint_spec
from speclint.model import Finding
from speclint.workspace import Workspace

CONFIG = """\
specs = ["specs/**/*.md"]
scenarios = ["scenarios/**/*.md", "scenarios/**/*.feature", "../holdout/**/*.md"]
twins = ["twins/*.yaml"]
"""

CHECKOUT = """\
# Checkout

## Overview
Customers pay for their cart. Payments go through Stripe.

## Payment
The service must charge the card through Stripe and post a receipt to Slack.

## REQ-7 Refunds
The service must refund a cancelled order within 5 days.

### Partial refunds
The service must refund a single line of an order.

## Requirements
- **FR-001**: System MUST store the order.
- **FR-002**: System MUST email the receipt.
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def project(tmp_path: Path, files: dict[str, str], config: str = CONFIG) -> Path:
    """A project in tmp_path/project (its holdout is tmp_path/holdout); returns the root."""
    root = tmp_path / "project"
    root.mkdir(parents=True, exist_ok=True)
    write(root, {"speclint.toml": config})
    write(tmp_path, {k[3:]: v for k, v in files.items() if k.startswith("../")})
    write(root, {k: v for k, v in files.items() if not k.startswith("../")})
    return root


def workspace(root: Path) -> Workspace:
    ws = Workspace(load_config(root))
    ws.load()
    return ws


def spec_findings(ws: Workspace, path: str, family: str = "links") -> list[Finding]:
    spec = ws.spec(path)
    assert spec is not None, path
    return [f for f in lint_spec(spec, ws.config, ws) if f.family == family]


def text_at(root: Path, f: Finding) -> str:
    """The exact text a finding's range covers (one line)."""
    lines = (root / f.path).resolve().read_text(encoding="utf-8").splitlines()
    assert f.range.start.line == f.range.end.line
    line = lines[f.range.start.line - 1]
    return line[f.range.start.column - 1 : f.range.end.column - 1]
