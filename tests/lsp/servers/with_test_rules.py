"""`spec-lint lsp` plus two rules that exist only for the tests.

The built-in rules change as the catalogue grows; these two pin down what the server must do with
any rule: offer a fix as a quick fix (`structure/test-fixable`), and survive a rule that crashes
(`structure/test-crash`, on a line containing CRASH-ME).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from speclint.model import Edit, Fix
from speclint.rules.context import Context
from speclint.rules.registry import Hit, rule
from speclint.server import create_server


@rule("structure/test-fixable")
def fixable(ctx: Context) -> Iterator[Hit]:
    """British spelling 'colour' (test rule).

    ## Why
    Tests need a rule with a fix.

    ## Bad
    ```markdown
    The colour is red.
    ```

    ## Good
    ```markdown
    The color is red.
    ```
    """
    for block, m in ctx.find(re.compile(r"\bcolour\b")):
        start, end = block.start + m.start(), block.start + m.end()
        edit = Edit(ctx.spec.index.range(start, end), "color")
        yield Hit(start, end, "write 'color'", (Fix("Replace with 'color'", (edit,), safe=True),))


@rule("structure/test-crash")
def crash(ctx: Context) -> Iterator[Hit]:
    """Crashes on CRASH-ME (test rule).

    ## Why
    Tests need a rule that fails.

    ## Bad
    ```markdown
    CRASH-ME
    ```

    ## Good
    ```markdown
    Fine.
    ```
    """
    if "CRASH-ME" in ctx.spec.text:
        raise RuntimeError("test rule crashed on purpose")
    return iter(())


if __name__ == "__main__":
    create_server().start_io()
