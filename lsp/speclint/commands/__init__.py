"""Subcommands beyond `check`, `explain` and `rules`: one module each, listed here."""

from __future__ import annotations

import click

from .clarify import clarify
from .coverage import coverage
from .init import init
from .lsp import lsp

COMMANDS: list[click.Command] = [clarify, coverage, init, lsp]
