"""Subcommands beyond `check`, `explain` and `rules`: one module each, listed here."""

from __future__ import annotations

import click

from .coverage import coverage
from .init import init

COMMANDS: list[click.Command] = [coverage, init]
