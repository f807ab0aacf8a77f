"""The index: loading (holdout outside the root), lookups, and one-file updates."""

from __future__ import annotations

from pathlib import Path

from speclint.workspace import Resolved

from .helpers import CHECKOUT, project, spec_findings, workspace

FILES = {
    "specs/checkout.md": CHECKOUT,
    "scenarios/pay.md": """\
        ---
        id: pay
        covers: [specs/checkout.md#payment, FR-001]
        twins: [stripe]
        ---
        """,
    "scenarios/refund.feature": """\
        @covers:specs/checkout.md#REQ-7
        Feature: Refund
          Scenario: refund it
            Given an order
        """,
    "../holdout/secret.md": """\
        ---
        id: holdout-1
        covers: [FR-002]
        ---
        """,
    "twins/stripe.yaml": "id: stripe\nclones: Stripe API\n",
}


def test_load_reads_specs_scenarios_twins_and_the_holdout(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    assert ws.paths() == [
        "../holdout/secret.md",
        "scenarios/pay.md",
        "scenarios/refund.feature",
        "specs/checkout.md",
        "twins/stripe.yaml",
    ]
    assert ws.kind("specs/checkout.md") == "spec"
    assert ws.kind("../holdout/secret.md") == "scenario"
    assert ws.kind("twins/stripe.yaml") == "twin"
    assert ws.kind("README.md") is None


def test_coverage_through_ancestors_and_requirement_ids(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    assert [s.id for s in ws.scenarios_for("specs/checkout.md", "payment")] == ["pay"]
    # A scenario covering REQ-7 covers its subsection too.
    assert [s.id for s in ws.scenarios_for("specs/checkout.md", "partial-refunds")] == [
        "refund/refund-it"
    ]
    assert ws.requirement_covered("specs/checkout.md", "requirements", "FR-002")  # holdout
    assert ws.scenarios_for("specs/checkout.md", "overview") == []
    assert spec_findings(ws, "specs/checkout.md") == [
        f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"
    ]


def test_resolve_and_references(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    found = ws.resolve("FR-001")
    assert isinstance(found, Resolved)
    assert (found.path, found.section, found.requirement) == (
        "specs/checkout.md",
        "requirements",
        "FR-001",
    )
    assert found.range.start.line == 16
    assert isinstance(ws.resolve("specs/checkout.md#REQ-7"), Resolved)
    assert ws.resolve("specs/checkout.md#paymnet") == (
        "specs/checkout.md has no section #paymnet: did you mean #payment?"
    )
    assert "did you mean specs/checkout.md" in str(ws.resolve("checkout.md#payment"))
    refs = ws.references_to("specs/checkout.md", "payment")
    assert [(r.path, r.range.start.line, r.range.start.column) for r in refs] == [
        ("scenarios/pay.md", 3, 10)
    ]
    # A section's requirement items are referenced by bare id, from the holdout too.
    refs = ws.references_to("specs/checkout.md", "requirements")
    assert sorted(r.path for r in refs) == ["../holdout/secret.md", "scenarios/pay.md"]
    assert "specs/checkout.md#payment" in ws.completions() and "FR-001" in ws.completions()
    ref = ws.reference_at("scenarios/pay.md", 3, 12)
    assert ref is not None and ref.target == "specs/checkout.md#payment"


def test_update_a_spec_buffer_returns_the_files_to_republish(tmp_path: Path) -> None:
    root = project(tmp_path, FILES)
    ws = workspace(root)
    renamed = CHECKOUT.replace("## Payment", "## Paying")
    changed = ws.update("specs/checkout.md", renamed)  # unsaved editor text
    assert changed == {"specs/checkout.md", "scenarios/pay.md"}
    (f,) = [f for f in ws.findings("scenarios/pay.md") if f.rule == "links/dangling-reference"]
    assert "no section #payment" in f.message
    # The disk still has the old text: re-reading from disk heals the link.
    assert "scenarios/pay.md" in ws.update(root / "specs" / "checkout.md")
    assert not [f for f in ws.findings("scenarios/pay.md") if f.rule.endswith("dangling-reference")]


def test_removing_a_requirement_id_touches_bare_references(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    changed = ws.update("specs/checkout.md", CHECKOUT.replace("FR-002", "FR-003"))
    assert changed == {"specs/checkout.md", "../holdout/secret.md"}
    assert [f.rule for f in ws.findings("../holdout/secret.md")] == ["links/dangling-reference"]


def test_delete_and_add_files(tmp_path: Path) -> None:
    root = project(tmp_path, FILES)
    ws = workspace(root)
    (root / "scenarios" / "pay.md").unlink()
    changed = ws.update(root / "scenarios" / "pay.md")  # gone from disk: a deletion
    assert changed == {"scenarios/pay.md", "specs/checkout.md", "twins/stripe.yaml"}
    assert "scenarios/pay.md" not in ws.paths()
    rules = {f.rule for f in spec_findings(ws, "specs/checkout.md")}
    assert "links/uncovered-section" in rules
    assert [f.rule for f in ws.findings("twins/stripe.yaml")] == []  # Stripe is still needed
    new = "---\nid: pay2\ncovers: [specs/checkout.md#payment]\n---\n"
    assert "specs/checkout.md" in ws.update("scenarios/pay2.md", new)
    assert [s.id for s in ws.scenarios_for("specs/checkout.md", "payment")] == ["pay2"]
    assert ws.remove("specs/checkout.md") >= {"specs/checkout.md", "scenarios/pay2.md"}
    assert ws.spec("specs/checkout.md") is None


def test_a_new_twin_changes_which_sections_miss_one(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    (missing,) = [
        f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"
    ]
    assert "Slack" in missing.message
    changed = ws.update("twins/slack.yaml", "id: slack\nclones: Slack Web API\n")
    assert "specs/checkout.md" in changed
    assert not [f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"]
    assert ws.twins_needed("specs/checkout.md", "payment") == ["stripe", "slack"]


def test_a_file_matching_no_glob_is_ignored(tmp_path: Path) -> None:
    ws = workspace(project(tmp_path, FILES))
    assert ws.update("notes/todo.md", "# hi\n") == set()


def test_lint_gives_every_kind_of_file_its_findings(tmp_path: Path) -> None:
    root = project(tmp_path, {**FILES, "specs/bad.md": "\x00binary"})
    ws = workspace(root)
    changed = ws.update("scenarios/pay.md", "---\nid: pay\ncovers: [specs/checkout.md#nope]\n---\n")
    by_path = {p: [f.rule for f in ws.lint(p)] for p in sorted(changed)}
    assert "links/dangling-reference" in by_path["scenarios/pay.md"]
    assert "links/uncovered-section" in by_path["specs/checkout.md"]
    assert [f.rule for f in ws.lint("specs/bad.md")] == ["structure/unreadable-file"]
