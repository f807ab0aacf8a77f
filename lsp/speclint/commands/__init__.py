"""Subcommands beyond `check`, `explain` and `rules`: one module each, listed here."""

from __future__ import annotations

import click

from .clarify import clarify

COMMANDS: list[click.Command] = [clarify]
