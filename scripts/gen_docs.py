"""Regenerate the docs that come from code; `--check` fails when any is out of date.

- docs/rules.md from the rules' docstrings;
- the SARIF example at the end of docs/ci.md from speclint's own output on tests/data/ci-example.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from speclint.rules.docs import render_catalogue

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
CI_MD = ROOT / "docs" / "ci.md"
CI_EXAMPLE = ROOT / "tests" / "data" / "ci-example"
SELECT = "ambiguity/placeholder"


def ci_doc() -> str:
    sarif = subprocess.run(
        [sys.executable, "-m", "speclint", ".", "--format", "sarif", "--select", SELECT],
        cwd=CI_EXAMPLE,
        capture_output=True,
        text=True,
    ).stdout
    head = CI_MD.read_text(encoding="utf-8").rsplit("```json\n", 1)[0]
    return f"{head}```json\n{sarif}```\n"


def main() -> int:
    wanted = {RULES_MD: render_catalogue(), CI_MD: ci_doc()}
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text("utf-8") != text]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run `make docs`", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_text(wanted[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
