"""Specs written by GitHub spec-kit and AWS Kiro lint as they are, end to end through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data"
SPECKIT_SPEC = "specs/003-team-invites/spec.md"
KIRO_SPEC = ".kiro/specs/webhook-delivery/requirements.md"


@pytest.fixture
def speckit(tmp_path: Path) -> Path:
    repo = tmp_path / "speckit"
    shutil.copytree(DATA / "speckit", repo)
    assert run_cli("init", cwd=repo).returncode == 0
    return repo


@pytest.fixture
def kiro(tmp_path: Path) -> Path:
    repo = tmp_path / "kiro"
    shutil.copytree(DATA / "kiro", repo)
    assert run_cli("init", cwd=repo).returncode == 0
    return repo


def lint(repo: Path, *args: str) -> list[dict[str, object]]:
    r = run_cli(".", "--format", "json", *args, cwd=repo)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["findings"]  # type: ignore[no-any-return]


def at(findings: list[dict[str, object]], path: str) -> list[tuple[object, object]]:
    return [(f["line"], f["rule"]) for f in findings if f["path"] == path]


def test_speckit_markers_ids_and_clarifications(speckit: Path) -> None:
    found = at(lint(speckit), SPECKIT_SPEC)
    text = (speckit / SPECKIT_SPEC).read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(text, 1) if "[NEEDS CLARIFICATION" in line)
    # The marker is a placeholder, its words are not acronyms, priorities are not either.
    assert (marker, "ambiguity/placeholder") in found
    assert not [f for f in found if f[1] == "terms/undefined-acronym"]
    # FR-008 stores IP addresses; the Clarifications session says how long they are kept.
    assert not [f for f in found if f[1] == "decisions/data-lifetime"]
    spec = speckit / SPECKIT_SPEC
    spec.write_text(
        "\n".join(line for line in text if not line.startswith("- Q: How long is the IP")) + "\n",
        encoding="utf-8",
    )
    assert [f for f in at(lint(speckit), SPECKIT_SPEC) if f[1] == "decisions/data-lifetime"]


def test_speckit_requirement_ids_and_acceptance_scenarios_count_as_coverage(
    speckit: Path,
) -> None:
    (speckit / "scenarios" / "example.md").unlink()
    r = run_cli("coverage", ".", "--format", "json", cwd=speckit)
    doc = json.loads(r.stdout)
    sections = {s["id"]: s for s in doc["sections"] if s["path"] == SPECKIT_SPEC}
    # Given/When/Then acceptance scenarios in a user story cover it.
    story = next(s for k, s in sections.items() if k.startswith("user-story-1"))
    assert story["status"] == "covered"
    frs = sections["functional-requirements"]
    assert frs["status"] == "uncovered"
    assert frs["uncovered_requirements"] == [f"FR-00{i}" for i in range(1, 8)]
    # A scenario naming a requirement id covers it.
    (speckit / "scenarios" / "invite.md").write_text(
        "---\nid: invite\ntitle: Invite\ncovers: [FR-001, FR-002]\n---\nGiven an owner\n",
        encoding="utf-8",
    )
    doc = json.loads(run_cli("coverage", ".", "--format", "json", cwd=speckit).stdout)
    frs = next(s for s in doc["sections"] if s["id"] == "functional-requirements")
    assert "FR-001" not in frs["uncovered_requirements"]
    assert "FR-003" in frs["uncovered_requirements"]


def test_kiro_ears_is_normative(kiro: Path) -> None:
    found = at(lint(kiro), KIRO_SPEC)
    text = (kiro / KIRO_SPEC).read_text(encoding="utf-8").splitlines()
    shall_lines = {i for i, line in enumerate(text, 1) if "SHALL" in line}
    weak = {line for line, rule in found if rule == "ambiguity/weak-modal"}
    assert not weak & shall_lines  # upper-case SHALL in EARS is the normative keyword
    should = next(i for i, line in enumerate(text, 1) if " should " in line)
    assert should in weak  # a lower-case "should" in an EARS clause is still weak


def test_kiro_requirements_are_requirement_sections(kiro: Path) -> None:
    (kiro / "scenarios" / "example.md").unlink()
    doc = json.loads(run_cli("coverage", ".", "--format", "json", cwd=kiro).stdout)
    required = {s["id"] for s in doc["sections"] if s["requirement"]}
    assert {"requirement-1", "requirement-2", "requirement-3", "requirement-4"} <= required
    assert "introduction" not in required
