"""Every finding on the bench corpus, the shared corpora and examples/, one line each: a guard
for speed work, which must not change what is found.

`python -m bench.snapshot OUT.txt`, then `diff` two snapshots (before and after a change).
"""

from __future__ import annotations

import sys
from pathlib import Path

from speclint.config import Config, load_config
from speclint.engine import lint_paths, lint_text
from speclint.workspace.check import lint_project

from .corpus import generate

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def lines(out: list[str], label: str, findings: object) -> None:
    for f in findings:  # type: ignore[attr-defined]
        r = f.range
        out.append(
            f"{label}:{f.path}:{r.start.line}:{r.start.column}-{r.end.line}:{r.end.column} "
            f"{f.rule} {f.severity.label} {f.message} [{f.section}] fixes={len(f.fixes)}"
        )


def snapshot() -> list[str]:
    out: list[str] = []
    bench = Path(__file__).resolve().parent / "out" / "corpus"
    config = Config(root=bench)
    for p in generate(bench):
        lines(out, "bench", lint_text(p.read_text("utf-8"), p.name, config).findings)
    if CORPORA.is_dir():
        config = Config(root=CORPORA)
        lines(out, "corpora", lint_paths([CORPORA], config).findings)
    project = lint_project([EXAMPLES], load_config(EXAMPLES))
    lines(out, "examples", project.run.findings)
    return out


if __name__ == "__main__":
    Path(sys.argv[1]).write_text("\n".join(snapshot()) + "\n", encoding="utf-8")
