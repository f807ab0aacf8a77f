"""Garbage collection for speclint's processes (the CLI, the language server, the benches).

Linting allocates many small, short-lived, acyclic objects (blocks, matches, findings), which
reference counting frees; the cycle collector only has to find the rare cycle. With CPython's
default thresholds it runs a young collection every 700 allocations and, as the heap of a loaded
workspace grows, full collections that walk every live object: measured here, that was half of
the lint time of the bench corpus and 40% of a workspace index, and 40-77 ms pauses in the
language server. So: what exists once the program has started (modules, compiled patterns, word
lists) is frozen out of collection, young collections are rarer, and after a large load (the
workspace index) what was built is frozen too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000  # allocations between young collections (CPython's default: 700)


def tune() -> None:
    """Call once the program's modules are imported."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


def settle() -> None:
    """After a large load that stays in memory: no collection walks it again. Objects freed
    later by reference counting are freed as usual."""
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection while linting: a lint makes no cyclic garbage (measured: none left
    after linting a 5,000-line spec), so collecting during it only walks live objects. What
    the lint built and still holds is then frozen: the next collections walk new objects
    only, and what is dropped later is freed by reference counting all the same."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()
