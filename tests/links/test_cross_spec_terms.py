"""A project's specs are read together: an acronym expanded in one spec is defined in all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def project(tmp_path: Path, overview: str) -> Path:
    (tmp_path / "speclint.toml").write_text('specs = ["specs/*.md"]\n', encoding="utf-8")
    (tmp_path / "specs").mkdir()
    (tmp_path / "twins").mkdir()
    (tmp_path / "twins" / "okta.yaml").write_text(
        "id: okta\nclones: Okta\naliases: [okta]\n", encoding="utf-8"
    )
    (tmp_path / "specs" / "overview.md").write_text(f"# Overview\n\n{overview}\n", encoding="utf-8")
    (tmp_path / "specs" / "approvals.md").write_text(
        "# Approvals\n\nARS sends each approver a message.\n", encoding="utf-8"
    )
    return tmp_path


def acronyms(root: Path) -> list[tuple[str, int]]:
    r = run_cli(".", "--format", "json", "--select", "terms/undefined-acronym", cwd=root)
    return [(f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]]


def test_expanded_in_another_spec(tmp_path: Path) -> None:
    root = project(tmp_path, "The Access Request Service (ARS) grants temporary access.")
    assert acronyms(root) == []


def test_expanded_nowhere(tmp_path: Path) -> None:
    root = project(tmp_path, "The service grants temporary access.")
    assert acronyms(root) == [("specs/approvals.md", 3)]
