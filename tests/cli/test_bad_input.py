"""Bad input never gives a traceback, names the path, and the other files are still linted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text("# Good\n\nLimit is TBD.\n", encoding="utf-8")
    return tmp_path


def findings(r) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    assert "Traceback" not in r.stderr, r.stderr
    return json.loads(r.stdout)["findings"]  # type: ignore[no-any-return]


def by_path(items: list[dict[str, object]]) -> dict[object, list[dict[str, object]]]:
    out: dict[object, list[dict[str, object]]] = {}
    for f in items:
        out.setdefault(f["path"], []).append(f)
    return out


def test_missing_path_is_exit_2(folder: Path) -> None:
    r = run_cli("nope.md", cwd=folder)
    assert r.returncode == 2 and "nope.md: no such file or folder" in r.stderr
    assert "Traceback" not in r.stderr


def test_binary_file(folder: Path) -> None:
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    got = by_path(findings(run_cli(".", "--format", "json", cwd=folder)))
    assert got["image.md"][0]["rule"] == "structure/unreadable-file"
    assert "binary" in str(got["image.md"][0]["message"])
    assert got["good.md"]


def test_invalid_utf8_names_the_line(folder: Path) -> None:
    (folder / "latin1.md").write_bytes("# Caf\n\nline two\nna\xefve\n".encode("latin-1"))
    got = by_path(findings(run_cli(".", "--format", "json", cwd=folder)))
    f = got["latin1.md"][0]
    assert f["line"] == 4 and "not UTF-8" in str(f["message"]) and "0xef" in str(f["message"])
    assert got["good.md"]


def test_huge_file_is_refused_quickly(folder: Path) -> None:
    with open(folder / "huge.md", "w", encoding="utf-8") as fh:
        line = "The system is fast and should be robust. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    got = by_path(findings(run_cli(".", "--format", "json", cwd=folder)))
    assert "over the 10 MB limit" in str(got["huge.md"][0]["message"])
    assert got["good.md"]


def test_empty_file_and_deep_nesting(folder: Path) -> None:
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "deep.md").write_text(
        "# Deep\n\n" + "".join("  " * i + "- item TBD\n" for i in range(200)) + "> " * 500 + "q\n",
        encoding="utf-8",
    )
    r = run_cli(".", "--format", "json", cwd=folder)
    got = by_path(findings(r))
    assert "empty.md" not in got and got["good.md"]
    assert r.returncode == 1


def test_symlink_loop(folder: Path) -> None:
    sub = folder / "sub"
    sub.mkdir()
    (sub / "a.md").write_text("# A\n\nTODO\n", encoding="utf-8")
    os.symlink(folder, sub / "loop")
    r = run_cli(".", "--format", "json", cwd=folder)
    got = by_path(findings(r))
    assert set(got) == {"good.md", "sub/a.md"}


def test_broken_symlink_named_on_command_line(folder: Path) -> None:
    os.symlink(folder / "gone.md", folder / "link.md")
    r = run_cli("link.md", cwd=folder)
    assert r.returncode == 2 and "broken symlink" in r.stderr
