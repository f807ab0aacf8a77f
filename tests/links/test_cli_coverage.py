"""`spec-lint coverage` and `spec-lint check` on a project with scenarios, as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli

from .helpers import CHECKOUT, project

FILES = {
    "specs/checkout.md": CHECKOUT,
    "scenarios/pay.md": """\
        ---
        id: pay
        title: Pay by card
        covers: [specs/checkout.md#payment, FR-001, specs/checkout.md#paymnet]
        twins: [stripe]
        ---
        """,
    "../holdout/refund.md": "---\nid: refund\ncovers: [REQ-7]\ntwins: [stripe]\n---\n",
    "twins/stripe.yaml": "id: stripe\nclones: Stripe API\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return project(tmp_path, FILES)


def test_coverage_json_contract(root: Path) -> None:
    out = run_cli("coverage", "--format", "json", cwd=root)
    assert out.returncode == 1, out.stderr  # a dangling reference
    data = json.loads(out.stdout)
    assert set(data) >= {"sections", "scenarios", "twins", "dangling"}
    by_id = {s["id"]: s for s in data["sections"]}
    for s in data["sections"]:
        assert set(s) >= {"path", "id", "title", "scenarios", "twins", "needs_twins"}
    assert by_id["payment"]["scenarios"] == ["pay"]
    assert by_id["payment"]["needs_twins"] == ["stripe", "Slack"]
    assert by_id["payment"]["twins"] == ["stripe"]
    assert by_id["REQ-7"]["scenarios"] == ["refund"]  # from the holdout outside the root
    assert by_id["requirements"]["uncovered_requirements"] == ["FR-002"]
    assert [s["path"] for s in data["scenarios"]] == ["../holdout/refund.md", "scenarios/pay.md"]
    assert sorted(data["twins"][0]["used_by"]) == ["pay", "refund"]
    (d,) = data["dangling"]
    assert (d["path"], d["line"], d["column"], d["reference"]) == (
        "scenarios/pay.md",
        4,
        45,
        "specs/checkout.md#paymnet",
    )
    assert data["summary"] == {"requirement_sections": 4, "covered": 3, "coverage": 75.0}


def test_coverage_text_table(root: Path) -> None:
    out = run_cli("coverage", cwd=root)
    assert "specs/checkout.md#payment" in out.stdout
    assert re.search(
        r"specs/checkout.md#requirements\s+pay\s+stripe\s+uncovered: FR-002", out.stdout
    ), out.stdout
    assert "coverage 75.0%: 3 of 4 requirement sections covered" in out.stdout
    assert "scenarios/pay.md:4:45: dangling" in out.stdout
    assert re.search(r"\d+ scenarios?, 1 twin, 1 dangling reference$", out.stdout.strip())
    assert run_cli("coverage", "--fail-under", "80", cwd=root).returncode == 1


def test_coverage_html_is_self_contained(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "matrix.html"
    target.parent.mkdir()
    out = run_cli("coverage", ".", "--format", "html", "-o", str(target), cwd=root)
    assert out.returncode == 1 and target.is_file(), out.stderr
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "class=uncovered" in page and "Dangling references" in page
    # Cells link to the files, relative to where the page is.
    assert 'href="../project/scenarios/pay.md#L2"' in page
    assert 'href="../holdout/refund.md#L2"' in page


def test_html_needs_an_output_file(root: Path) -> None:
    out = run_cli("coverage", "--format", "html", cwd=root)
    assert out.returncode == 2 and "-o FILE" in out.stderr


def test_check_reports_links_in_scenario_files_and_coverage(root: Path) -> None:
    out = run_cli("check", ".", "--format", "json", cwd=root)
    data = json.loads(out.stdout)
    where = {(f["path"], f["rule"]) for f in data["findings"]}
    assert ("scenarios/pay.md", "links/dangling-reference") in where
    assert ("specs/checkout.md", "links/missing-twin") in where
    assert ("specs/checkout.md", "links/uncovered-section") in where
    (spec,) = data["summary"]["specs"]
    assert spec["path"] == "specs/checkout.md" and spec["coverage"] == 75.0
    text = run_cli(".", cwd=root).stdout
    assert "scenarios/pay.md:4:45: error links/dangling-reference" in text
    assert "coverage 75%" in text


def test_select_and_ignore_apply_to_links(root: Path) -> None:
    out = run_cli("check", ".", "--format", "json", "--ignore", "links", cwd=root)
    assert not [f for f in json.loads(out.stdout)["findings"] if f["rule"].startswith("links/")]


@pytest.mark.skipif(not (EXAMPLES / "specs").is_dir(), reason="examples/specs not merged yet")
def test_examples_show_every_kind_of_link() -> None:
    out = run_cli("coverage", ".", "--format", "json", cwd=EXAMPLES)
    data = json.loads(out.stdout)
    statuses = {s["status"] for s in data["sections"]}
    assert {"covered", "uncovered"} <= statuses
    assert data["dangling"], "examples should show a dangling reference"
    assert any(s["missing_twins"] for s in data["sections"]), "and a missing twin"
    assert any(s["path"].startswith("../examples-holdout/") for s in data["scenarios"])
    assert (ROOT / "examples-holdout").is_dir()
