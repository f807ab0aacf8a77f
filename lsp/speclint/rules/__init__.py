"""Rule families, one module each. Importing a module registers its rules."""

from __future__ import annotations

import importlib

FAMILY_MODULES = (
    "ambiguity",
    "terms",
    "structure",
    "decisions",
    "links",
    "consistency",
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in FAMILY_MODULES:
        importlib.import_module(f"{__name__}.{name}")
