"""docs/ci.md shows what speclint really prints, and that SARIF validates against the schema."""

from __future__ import annotations

import json

import jsonschema

from tests.conftest import ROOT, SHARED, run_cli

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "tests" / "data" / "ci-example"


def last_json_block() -> str:
    # The SARIF carries Markdown help with fences of its own: take the doc's last block whole.
    return DOC.rsplit("```json\n", 1)[1].rsplit("\n```", 1)[0]


def test_documented_sarif_is_what_speclint_prints_and_is_valid() -> None:
    documented = json.loads(last_json_block())
    r = run_cli(".", "--format", "sarif", "--select", "ambiguity/placeholder", cwd=EXAMPLE)
    actual = json.loads(r.stdout)
    assert documented == actual, "docs/ci.md SARIF is stale: paste the current output"
    schema = json.loads((SHARED / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(documented)


def test_documented_annotation_is_what_speclint_prints() -> None:
    documented = next(line for line in DOC.splitlines() if line.startswith("::warning"))
    r = run_cli(".", "--format", "github", "--select", "ambiguity/placeholder", cwd=EXAMPLE)
    assert documented in r.stdout.splitlines()
