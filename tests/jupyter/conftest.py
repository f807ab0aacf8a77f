"""Small spec projects for the panel tests, written fresh in a temporary folder each time."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

CONFIG = 'specs = ["specs/**/*.md"]\n'
CHECKOUT = """\
# Checkout

## Overview

Buyers pay for the items in their basket.

## CHK-1 Payment

The payment provider is TBD.

## CHK-2 Refunds

Refunds go back to the card used. The refund window is TODO.
"""
SEARCH = """\
# Search

## SRC-1 Results

Results are sorted by relevance.
"""


def write_project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "speclint.toml").write_text(CONFIG, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two specs: checkout.md with two placeholders in two sections, search.md with none."""
    return write_project(
        tmp_path / "project", {"specs/checkout.md": CHECKOUT, "specs/search.md": SEARCH}
    )


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """The bundled example project, copied so tests may edit it."""
    dest = tmp_path / "examples"
    shutil.copytree(EXAMPLES, dest)
    return dest
