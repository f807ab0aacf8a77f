"""Write docs/rules.md from the rules' docstrings; `--check` fails when it is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

from speclint.rules.docs import render_catalogue

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def main() -> int:
    text = render_catalogue()
    if "--check" in sys.argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
