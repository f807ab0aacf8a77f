"""speclint: lint Markdown specs for ambiguity and missing decisions."""

__version__ = "0.1.0"
