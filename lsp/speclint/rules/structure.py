"""`structure/`: the shape of the document."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Severity
from .context import Context
from .registry import Hit, rule


@rule("structure/unreadable-file", Severity.ERROR)
def unreadable_file(ctx: Context) -> Iterator[Hit]:
    """A spec file that cannot be read as Markdown: binary, not UTF-8, or too large.

    ## Why
    A spec the linter cannot read is a spec nobody checked. The engine reports this when it
    reads the file, before parsing, so the other files are still linted.

    ## Bad
    ```text
    specs/export.md saved as Windows-1252, or a 50 MB generated file in the specs folder
    ```

    ## Good
    ```text
    specs/export.md saved as UTF-8, under max_file_size (10 MB by default)
    ```

    ## Fix
    Save the file as UTF-8, split a very large file, or exclude generated files with `exclude`.
    """
    return iter(())  # reported by engine.read_spec_text, never from a parsed spec
