"""Each links/ rule on a real multi-file project: where it reports, and when it stays quiet."""

from __future__ import annotations

from pathlib import Path

from .helpers import CHECKOUT, project, spec_findings, text_at, workspace

PAY = """\
---
id: pay
covers: [specs/checkout.md#payment, "specs/checkout.md#paymnet", "#", "", specs/nope.md#x]
twins: [stripe, strpe]
---
"""


def _files(**extra: str) -> dict[str, str]:
    return {
        "specs/checkout.md": CHECKOUT,
        "scenarios/pay.md": PAY,
        "twins/stripe.yaml": "id: stripe\nclones: Stripe API\n",
        **extra,
    }


def test_dangling_references_at_their_exact_place(tmp_path: Path) -> None:
    root = project(tmp_path, _files())
    ws = workspace(root)
    found = [f for f in ws.findings("scenarios/pay.md") if f.rule == "links/dangling-reference"]
    assert [text_at(root, f) for f in found] == [
        "specs/checkout.md#paymnet",
        "#",
        "",
        "specs/nope.md#x",
    ]
    assert all(f.range.start.line == 3 for f in found)
    assert "did you mean #payment?" in found[0].message
    assert found[1].message.startswith("empty reference")
    assert found[2].message.startswith("empty reference")
    assert "no spec at specs/nope.md" in found[3].message
    # The rest still links.
    assert [s.id for s in ws.scenarios_for("specs/checkout.md", "payment")] == ["pay"]


def test_unknown_twin(tmp_path: Path) -> None:
    root = project(tmp_path, _files())
    ws = workspace(root)
    (f,) = [f for f in ws.findings("scenarios/pay.md") if f.rule == "links/unknown-twin"]
    assert text_at(root, f) == "strpe" and "twins: stripe" in f.message


def test_uncovered_sections_and_requirement_ids(tmp_path: Path) -> None:
    root = project(tmp_path, _files())
    ws = workspace(root)
    found = [
        f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/uncovered-section"
    ]
    # Overview is descriptive; Payment is covered; REQ-7 and its subsection and both FRs are not.
    assert [(f.range.start.line, text_at(root, f)) for f in found] == [
        (9, "## REQ-7 Refunds"),
        (12, "### Partial refunds"),
        (16, "FR-001"),
        (17, "FR-002"),
    ]
    assert "covers: [FR-001]" in found[2].message


def test_uncovered_section_is_quiet_without_scenarios(tmp_path: Path) -> None:
    files = _files()
    del files["scenarios/pay.md"]
    ws = workspace(project(tmp_path, files))
    assert not [
        f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/uncovered-section"
    ]


def test_in_spec_given_when_then_counts_as_a_scenario(tmp_path: Path) -> None:
    spec = CHECKOUT.replace(
        "The service must refund a cancelled order within 5 days.",
        "The service must refund a cancelled order within 5 days.\n\n"
        "1. **Given** a cancelled order, **When** 5 days pass, **Then** the money is back.",
    )
    root = project(tmp_path, _files(**{"specs/checkout.md": spec}))
    ws = workspace(root)
    lines = [
        f.range.start.line
        for f in spec_findings(ws, "specs/checkout.md")
        if f.rule == "links/uncovered-section"
    ]
    assert 9 not in lines


def test_missing_twin_names_the_service(tmp_path: Path) -> None:
    root = project(tmp_path, _files())
    ws = workspace(root)
    (f,) = [f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"]
    assert text_at(root, f) == "Slack" and f.range.start.line == 7
    # Stripe in the Overview needs nothing: descriptive sections run no scenario.
    assert ws.twins_needed("specs/checkout.md", "overview") == []


def test_missing_twin_is_quiet_without_twins_and_honours_allow(tmp_path: Path) -> None:
    files = _files()
    del files["twins/stripe.yaml"]
    ws = workspace(project(tmp_path, files))
    assert not [f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"]
    config = (
        'specs = ["specs/**/*.md"]\ntwins = ["twins/*.yaml"]\n[vocabulary]\nallow = ["Slack"]\n'
    )
    ws = workspace(project(tmp_path / "b", _files(), config=config))
    assert not [f for f in spec_findings(ws, "specs/checkout.md") if f.rule == "links/missing-twin"]


def test_configured_service_and_twin_alias(tmp_path: Path) -> None:
    spec = (
        "# S\n\n## Alerts\nThe service must page the on-call through Acme Pager and the "
        "payment provider.\n"
    )
    config = (
        'specs = ["specs/**/*.md"]\ntwins = ["twins/*.yaml"]\n'
        '[vocabulary]\nservices = ["Acme Pager"]\n'
    )
    files = {"specs/s.md": spec, "twins/stripe.yaml": "id: stripe\naliases: [payment provider]\n"}
    root = project(tmp_path, files, config=config)
    ws = workspace(root)
    assert ws.twins_needed("specs/s.md", "alerts") == ["Acme Pager", "stripe"]
    (f,) = [f for f in spec_findings(ws, "specs/s.md") if f.rule == "links/missing-twin"]
    assert text_at(root, f) == "Acme Pager"


def test_orphan_scenario_and_orphan_twin(tmp_path: Path) -> None:
    files = _files(
        **{
            "../holdout/idle.md": "---\nid: idle\ntitle: Nothing\n---\n",
            "twins/fax.yaml": "id: fax\nclones: Fax gateway\n",
        }
    )
    root = project(tmp_path, files)
    ws = workspace(root)
    (f,) = ws.findings("../holdout/idle.md")
    assert f.rule == "links/orphan-scenario" and f.range.start.line == 2
    (f,) = ws.findings("twins/fax.yaml")
    assert f.rule == "links/orphan-twin" and text_at(root, f) == "fax"
    assert ws.findings("twins/stripe.yaml") == []


def test_duplicate_twin_ids_and_a_twin_without_id(tmp_path: Path) -> None:
    files = _files(
        **{
            "twins/stripe2.yaml": "id: stripe\n",
            "twins/broken.yaml": "clones: Nothing\n",
        }
    )
    root = project(tmp_path, files)
    ws = workspace(root)
    (f,) = ws.findings("twins/stripe2.yaml")
    assert f.rule == "links/duplicate-twin" and "twins/stripe.yaml" in f.message
    assert f.related[0][0] == "twins/stripe.yaml"
    (f,) = ws.findings("twins/broken.yaml")
    assert f.rule == "links/malformed-file" and f.range.start.line == 1
    assert ws.twin("stripe") is not None and ws.twin("stripe").path == "twins/stripe.yaml"  # type: ignore[union-attr]


def test_bad_files_never_stop_the_rest(tmp_path: Path) -> None:
    bomb = "---\na: &a [x, x]\nb: [*a, *a]\ncovers: [REQ-7]\n---\n"
    files = _files(
        **{
            "scenarios/bomb.md": bomb,
            "scenarios/broken.feature": "Feature: x\n  Scenario: a\n    Given x\n  Foo bar\n",
            "scenarios/binary.md": "\x00\x01",
            "twins/bad.yaml": "id: [unclosed\n",
        }
    )
    root = project(tmp_path, files)
    ws = workspace(root)
    lines = {
        p: [(f.rule, f.range.start.line) for f in ws.findings(p)]
        for p in (
            "scenarios/bomb.md",
            "scenarios/broken.feature",
            "scenarios/binary.md",
            "twins/bad.yaml",
        )
    }
    assert lines == {
        "scenarios/bomb.md": [("links/malformed-file", 3)],
        "scenarios/broken.feature": [("links/malformed-file", 4)],
        "scenarios/binary.md": [("links/malformed-file", 1)],
        "twins/bad.yaml": [("links/malformed-file", 2)],
    }
    assert [s.id for s in ws.scenarios_for("specs/checkout.md", "payment")] == ["pay"]


def test_config_turns_a_links_rule_off(tmp_path: Path) -> None:
    from tests.links.helpers import CONFIG

    config = CONFIG + '[rules]\n"links/unknown-twin" = "off"\n"links/dangling-reference" = "info"\n'
    ws = workspace(project(tmp_path, _files(), config=config))
    rules = {(f.rule, f.severity.label) for f in ws.findings("scenarios/pay.md")}
    assert rules == {("links/dangling-reference", "info")}
