"""`spec-lint check` as a subprocess: formats, exit codes, filters, baselines."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import SHARED, run_cli

SPEC = "# Payments\n\n## Retries\n\nThe retry limit is TBD.\n\nThe owner is TODO.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "speclint.toml").write_text('specs = ["specs/**/*.md"]\n', encoding="utf-8")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "pay.md").write_text(SPEC, encoding="utf-8")
    (tmp_path / "specs" / "clean.md").write_text("# Clean\n\nNothing open.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Not a spec\n\nTBD\n", encoding="utf-8")
    return tmp_path


def test_text_output_lines_and_exit_1(project: Path) -> None:
    r = run_cli(".", cwd=project)
    assert r.returncode == 1, r.stderr
    assert "specs/pay.md:5:20: warning ambiguity/placeholder" in r.stdout
    assert "README.md" not in r.stdout  # not matched by the config's specs globs
    assert "specs/pay.md: 2 findings" in r.stdout


def test_a_folder_that_gives_no_file_is_named(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A folder outside the project: the config's globs ("specs/**/*.md") miss its files.
    other = tmp_path_factory.mktemp("other")
    (other / "notes.md").write_text("# Notes\n\nTBD\n", encoding="utf-8")
    r = run_cli(".", str(other), cwd=project)
    assert "specs/pay.md: 2 findings" in r.stdout
    assert f"no spec files matched specs/**/*.md under {other}" in r.stderr
    assert "relative to the project root" in r.stderr
    r = run_cli(".", cwd=project)
    assert "no spec files matched" not in r.stderr


def test_last_line_counts_findings_outside_specs_too(project: Path) -> None:
    (project / "speclint.toml").write_text(
        'specs = ["specs/**/*.md"]\nscenarios = ["scenarios/*.md"]\n', encoding="utf-8"
    )
    (project / "scenarios").mkdir()
    (project / "scenarios" / "pay.md").write_text(
        "---\nid: pay\ncovers: [specs/pay.md#nowhere]\n---\n\n# Pay\n", encoding="utf-8"
    )
    r = run_cli(".", cwd=project)
    assert "scenarios/pay.md:3:" in r.stdout and "error links/dangling-reference" in r.stdout
    assert "specs/clean.md: 0 findings (0 errors, 0 warnings, 0 info)" in r.stdout
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("2 specs and 1 other file, ")
    assert "1 error," in last and "findings (1 error, 2 warnings" in last, last


def test_exit_0_when_clean_and_fail_on_error(project: Path) -> None:
    assert run_cli("specs/clean.md", cwd=project).returncode == 0
    assert run_cli(".", "--fail-on", "error", cwd=project).returncode == 0


def test_json_contract(project: Path) -> None:
    r = run_cli(".", "--format", "json", cwd=project)
    doc = json.loads(r.stdout)
    assert doc["version"] == 1
    first = doc["findings"][0]
    assert first == {
        "path": "specs/pay.md",
        "line": 5,
        "column": 20,
        "end_line": 5,
        "end_column": 23,
        "rule": "ambiguity/placeholder",
        "severity": "warning",
        "message": first["message"],
        "section": "retries",
    }
    assert doc["summary"]["findings"] == 2 and doc["summary"]["files"] == 2


def test_sarif_is_valid_against_the_official_schema(project: Path) -> None:
    schema = json.loads((SHARED / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    r = run_cli(".", "--format", "sarif", cwd=project)
    doc = json.loads(r.stdout)
    jsonschema.Draft4Validator(schema).validate(doc)
    result = doc["runs"][0]["results"][0]
    assert result["ruleId"] == "ambiguity/placeholder"
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 20
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] for r in rules)


def test_github_annotations(project: Path) -> None:
    r = run_cli(".", "--format", "github", cwd=project)
    assert (
        "::warning file=specs/pay.md,line=5,col=20,endLine=5,endColumn=23,"
        "title=ambiguity/placeholder::" in r.stdout
    )


def test_select_and_ignore(project: Path) -> None:
    assert run_cli(".", "--ignore", "ambiguity", cwd=project).returncode == 0
    assert run_cli(".", "--select", "ambiguity/placeholder", cwd=project).returncode == 1
    bad = run_cli(".", "--select", "ambiguity/nope", cwd=project)
    assert bad.returncode == 2 and "no such rule" in bad.stderr


def test_baseline_accepts_old_findings_only(project: Path) -> None:
    w = run_cli(".", "--write-baseline", "base.json", cwd=project)
    assert w.returncode == 0 and "wrote 2 findings" in w.stderr
    assert run_cli(".", "--baseline", "base.json", cwd=project).returncode == 0
    spec = project / "specs" / "pay.md"
    # Lines moving does not revive old findings; a new one fails.
    spec.write_text("# Payments\n\nIntro.\n\n" + SPEC.split("\n", 2)[2] + "\nNew TBD.\n")
    r = run_cli(".", "--baseline", "base.json", cwd=project)
    assert r.returncode == 1
    assert r.stdout.count("ambiguity/placeholder") == 1 and "New TBD" not in r.stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json", "not a speclint baseline"),
        ('{"format": "speclint-baseline", "version": 0, "findings": []}', "version 0"),
        ('{"format": "speclint-baseline", "version": 1, "findings": [{"x": 1}]}', "entry 1"),
    ],
)
def test_bad_baseline_is_exit_2(project: Path, content: str, says: str) -> None:
    (project / "base.json").write_text(content, encoding="utf-8")
    r = run_cli(".", "--baseline", "base.json", cwd=project)
    assert r.returncode == 2 and says in r.stderr and "--write-baseline" in r.stderr


def test_bad_config_is_exit_2_with_key(project: Path) -> None:
    (project / "speclint.toml").write_text('fail_on = "sometimes"\n', encoding="utf-8")
    r = run_cli(".", cwd=project)
    assert r.returncode == 2
    assert "speclint.toml: key 'fail_on'" in r.stderr and "info, warning or error" in r.stderr
    assert "Traceback" not in r.stderr


def test_suppression_comment(project: Path) -> None:
    spec = project / "specs" / "pay.md"
    spec.write_text(
        "# P\n\n<!-- speclint-disable-next-line ambiguity/placeholder -->\nLimit is TBD.\n",
        encoding="utf-8",
    )
    assert run_cli("specs/pay.md", cwd=project).returncode == 0


def test_version_rules_explain() -> None:
    assert run_cli("--version").stdout.startswith("spec-lint, version")
    rules = run_cli("rules", "--format", "json")
    assert any(r["id"] == "ambiguity/placeholder" for r in json.loads(rules.stdout))
    ex = run_cli("explain", "ambiguity/placeholder")
    assert "## Bad" in ex.stdout or "### Bad" in ex.stdout or "Bad" in ex.stdout
    missing = run_cli("explain", "ambiguity/nothing")
    assert missing.returncode == 2 and "no such rule" in missing.stderr


def test_help_shows_examples() -> None:
    from speclint.cli import main

    assert "Example" in run_cli("--help").stdout
    for name in main.commands:
        out = run_cli(name, "--help").stdout
        assert "Example" in out, name
