"""speclint in Jupyter: the `SpecPanel` review widget and the jupyter-lsp server spec."""

from __future__ import annotations

from .panel import SpecPanel

__all__ = ["SpecPanel"]
