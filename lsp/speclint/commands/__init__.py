"""Subcommands beyond `check`, `explain` and `rules`: one module each, listed here."""

from __future__ import annotations

import click

from .init import init

COMMANDS: list[click.Command] = [init]
