"""On a terminal: colours, and a progress bar on large folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect

from tests.conftest import ROOT


def run_in_pty(args: list[str], cwd: Path) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "speclint", *args],
        cwd=str(cwd),
        env={
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "40",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "lsp"),
        },
        encoding="utf-8",
        timeout=120,
        dimensions=(40, 120),
    )
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_progress_bar_and_colours_on_a_large_folder(tmp_path: Path) -> None:
    for i in range(250):
        (tmp_path / f"spec_{i:03d}.md").write_text(f"# Spec {i}\n\nThe limit is TBD.\n")
    out = run_in_pty(["."], tmp_path)
    assert "linting" in out  # rich's progress bar, drawn on stderr while the files are linted
    assert "\x1b[" in out  # colours on a terminal
    assert "250 specs" in out


def test_no_progress_bar_on_a_small_folder(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"spec_{i}.md").write_text(f"# Spec {i}\n\nThe limit is TBD.\n")
    out = run_in_pty(["."], tmp_path)
    assert "linting" not in out and "3 specs" in out
