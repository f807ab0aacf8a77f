"""`ambiguity/`: words that let the reader guess."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import Context
from .registry import Hit, rule

_NEEDS_CLARIFICATION = re.compile(r"\[NEEDS CLARIFICATION(?::[^\]]*)?\]")


@rule("ambiguity/placeholder")
def placeholder(ctx: Context) -> Iterator[Hit]:
    """Placeholder left in the spec: TBD, TODO, ???, [NEEDS CLARIFICATION].

    ## Why
    A placeholder is a decision nobody has taken yet. A coding agent that meets "TBD" fills the
    gap with a guess, silently.

    ## Bad
    ```markdown
    The session timeout is TBD.
    ```

    ## Good
    ```markdown
    The session expires after 30 minutes without a request.
    ```

    ## Fix
    Take the decision and write it down, or move the open point to an explicit "Open questions"
    list with an owner and a date.

    ## Source
    NASA ARM (Automated Requirement Measurement) "incompletes": TBD, TBS, TBR; GitHub spec-kit's
    `[NEEDS CLARIFICATION: ...]` marker.
    """
    words = ctx.pattern("placeholder", case_sensitive=True)
    for block, m in ctx.find(words):
        yield Hit(
            block.start + m.start(),
            block.start + m.end(),
            f"'{m.group(0)}' is a placeholder: take the decision and write it here",
        )
    for block in ctx.blocks():
        # The marker is prose for spec-kit; its brackets may read as a link label to markdown-it.
        text = block.text
        if "NEEDS CLARIFICATION" not in text:
            continue
        for m in _NEEDS_CLARIFICATION.finditer(text):
            yield Hit(
                block.start + m.start(),
                block.start + m.end(),
                "open clarification: answer it (spec-lint clarify) and replace the marker",
            )
