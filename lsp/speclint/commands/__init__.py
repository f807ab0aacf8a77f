"""Subcommands beyond `check`, `explain` and `rules`: one module each, listed here."""

from __future__ import annotations

import click

from .lsp import lsp

COMMANDS: list[click.Command] = [lsp]
