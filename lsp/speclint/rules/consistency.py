"""`consistency/`: statements that contradict each other. Found by the model, not by a pattern."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Severity
from .context import Context
from .registry import Hit, rule

CONTRADICTION = "consistency/contradiction"


@rule(CONTRADICTION, Severity.WARNING, scope="model")
def contradiction(ctx: Context) -> Iterator[Hit]:
    """Two statements that cannot both hold, in one spec or across specs.

    ## Why
    A coding agent that meets two timeouts for one call, or a role allowed an action in one
    section and denied it in another, picks one silently. Whichever it picks, one section is
    wrong, and the tests written from it fail for a reason nobody wrote down.

    ## Bad
    ```markdown
    ## Sessions
    A session expires after 30 minutes without a request.

    ## Security
    Idle sessions expire after 15 minutes.
    ```

    ## Good
    ```markdown
    ## Sessions
    A session expires after 30 minutes without a request.

    ## Security
    Idle sessions expire as defined in Sessions.
    ```

    ## Fix
    Decide which statement holds, correct the other, or state the exception that reconciles
    them. Keep one statement and refer to it from the other place. This check needs the model:
    it runs only with `spec-lint clarify --analyze` (ANTHROPIC_API_KEY set), which reports each
    contradiction at the first statement with the second as a related location.
    """
    # A pattern cannot judge meaning: plain `spec-lint check` reports nothing for this rule.
    # speclint.clarify.analyze asks the model and builds these findings itself.
    return iter(())
