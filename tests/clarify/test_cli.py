"""`spec-lint clarify` as a subprocess, the way a user or a CI script runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clarify.conftest import KEY, SPEC, files_containing, write_project
from tests.conftest import run_cli
from tests.fakes.fake_anthropic import FakeAnthropic, Step

PLACEHOLDER_SPEC = "# S\n\n## Limits\n\nThe upload limit is TBD.\n"


def offline_env() -> dict[str, str]:
    return {"ANTHROPIC_API_KEY": ""}


def test_json_prints_questions_and_asks_nothing(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    r = run_cli("clarify", str(path), "--section", "refunds", "--json", cwd=tmp_path, env=api_env)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["version"] == 1 and doc["offline"] is False and doc["path"] == "spec.md"
    [q] = doc["questions"]
    assert q["id"] == "refunds.1" and q["line"] == 13 and q["column"] == 1
    assert q["options"][0] == {
        "key": "A",
        "label": "Mandatory, as written",
        "rewrite": q["quote"] + " (confirmed)",
    }
    assert doc["usage"]["requests"] == 1
    assert path.read_text(encoding="utf-8") == SPEC


def test_second_run_is_served_from_the_cache(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    first = run_cli("clarify", str(path), "--json", cwd=tmp_path, env=api_env)
    assert first.returncode == 0, first.stderr
    assert fake.count == 3
    second = run_cli("clarify", str(path), "--json", cwd=tmp_path, env=api_env)
    assert fake.count == 3
    assert json.loads(second.stdout)["usage"]["cached_sections"] == 3
    assert json.loads(second.stdout)["questions"] == json.loads(first.stdout)["questions"]
    run_cli("clarify", str(path), "--json", "--no-cache", cwd=tmp_path, env=api_env)
    assert fake.count == 6
    assert (tmp_path / ".speclint-cache" / ".gitignore").read_text().endswith("*\n")


def test_answer_records_non_interactively(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    r = run_cli(
        "clarify",
        str(path),
        "--answer",
        "refunds.1=A",
        "--answer",
        "receipts.1=other:Only for paid orders",
        cwd=tmp_path,
        env=api_env,
    )
    assert r.returncode == 0, r.stderr
    assert "recorded 2 answer(s)" in r.stdout
    text = path.read_text(encoding="utf-8")
    assert "Refunds go back to the card used in [Payment](#payment). (confirmed)" in text
    assert "\n## Clarifications\n\n### Session " in text
    assert text.endswith(
        "- Q: What exactly must hold in section refunds? → A: Mandatory, as written\n"
        "- Q: What exactly must hold in section receipts? → A: Only for paid orders\n"
    )
    assert fake.count == 3  # one ask per section; recording needs no further request


def test_answers_file(fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path) -> None:
    path = write_project(tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"payment.1": "B", "refunds.1": "skip"}), encoding="utf-8")
    r = run_cli("clarify", str(path), "--answers", str(answers), cwd=tmp_path, env=api_env)
    assert r.returncode == 0, r.stderr
    text = path.read_text(encoding="utf-8")
    assert text.endswith("- Q: What exactly must hold in section payment? → A: Optional\n")


def test_unknown_question_id_is_a_usage_error(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    r = run_cli("clarify", str(path), "--answer", "nope.1=A", cwd=tmp_path, env=api_env)
    assert r.returncode == 2
    assert "no question 'nope.1'" in r.stderr
    assert path.read_text(encoding="utf-8") == SPEC


def test_bad_answer_syntax(tmp_path: Path) -> None:
    path = write_project(tmp_path)
    r = run_cli("clarify", str(path), "--answer", "refunds.1", cwd=tmp_path, env=offline_env())
    assert r.returncode == 2 and "use QID=OPTION" in r.stderr


def test_unknown_section(tmp_path: Path) -> None:
    path = write_project(tmp_path)
    r = run_cli("clarify", str(path), "--section", "nope", cwd=tmp_path, env=offline_env())
    assert r.returncode == 2
    assert "no section 'nope'; sections: checkout, glossary, payment, refunds" in r.stderr


def test_without_a_key_offline_and_says_so(tmp_path: Path) -> None:
    path = write_project(tmp_path, PLACEHOLDER_SPEC)
    r = run_cli("clarify", str(path), cwd=tmp_path, env=offline_env())
    assert r.returncode == 0, r.stderr
    assert (
        "offline questions, generated from the findings (ANTHROPIC_API_KEY is not set)" in r.stderr
    )
    assert "limits.1 (line 5, scope): 'TBD' stands for a decision: what is it?" in r.stdout
    r = run_cli("clarify", str(path), "--json", cwd=tmp_path, env=offline_env())
    assert json.loads(r.stdout)["offline"] is True


def test_offline_answer_with_free_text(tmp_path: Path) -> None:
    path = write_project(tmp_path, PLACEHOLDER_SPEC)
    r = run_cli(
        "clarify",
        str(path),
        "--offline",
        "--answer",
        "limits.1=25 MB per file",
        cwd=tmp_path,
        env=offline_env(),
    )
    assert r.returncode == 0, r.stderr
    assert path.read_text(encoding="utf-8").endswith(
        "- Q: 'TBD' stands for a decision: what is it? → A: 25 MB per file\n"
    )


def test_malformed_model_output_writes_nothing(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    fake.script(Step.with_input({"questions": [{"quote": "x"}]}))
    r = run_cli(
        "clarify",
        str(path),
        "--section",
        "refunds",
        "--answer",
        "refunds.1=A",
        cwd=tmp_path,
        env=api_env,
    )
    assert r.returncode == 2
    assert "does not fit the schema, nothing recorded" in r.stderr
    assert path.read_text(encoding="utf-8") == SPEC


def test_api_failure_is_one_clear_error(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    fake.script(*[Step.error(503)] * 4)
    r = run_cli("clarify", str(path), "--section", "refunds", cwd=tmp_path, env=api_env)
    assert r.returncode == 2
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: section 'refunds': gave up after 4 attempts: HTTP 503 api_error: scripted 503"
    ]
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(("status", "attempts"), [(401, 1), (500, 4)])
def test_key_never_leaks(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path, status: int, attempts: int
) -> None:
    path = write_project(tmp_path)
    # A careless server echoes the key in its error body: speclint must not pass it on.
    fake.script(*[Step.error(status, echo_key=True)] * attempts)
    r = run_cli("clarify", str(path), "--section", "refunds", cwd=tmp_path, env=api_env)
    assert r.returncode == 2
    assert "[redacted]" in r.stderr
    assert KEY not in r.stdout + r.stderr
    # ...and a successful run leaves it nowhere on disk either (cache included).
    ok = run_cli("clarify", str(path), "--json", cwd=tmp_path, env=api_env)
    assert ok.returncode == 0
    assert KEY not in ok.stdout + ok.stderr
    assert list((tmp_path / ".speclint-cache").rglob("*.json"))
    assert files_containing(tmp_path, KEY) == []


def test_analyze_reports_contradictions_with_both_ranges(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    write_project(tmp_path, "# A\n\n## Sessions\n\nA session expires after 30 minutes.\n")
    (tmp_path / "security.md").write_text(
        "# Security\n\n## Idle\n\nIdle sessions expire after 15 minutes.\n", encoding="utf-8"
    )

    def responder(body: dict[str, object]) -> dict[str, object]:
        return {
            "contradictions": [
                {
                    "first": {"path": "spec.md", "quote": "A session expires after 30 minutes."},
                    "second": {
                        "path": "security.md",
                        "quote": "Idle sessions expire after 15 minutes.",
                    },
                    "explanation": "two idle timeouts for one session",
                }
            ]
        }

    fake.responder = responder
    r = run_cli("clarify", ".", "--analyze", "--json", cwd=tmp_path, env=api_env)
    assert r.returncode == 1, r.stderr
    [f] = json.loads(r.stdout)["findings"]
    assert f["rule"] == "consistency/contradiction"
    assert (f["path"], f["line"], f["column"], f["end_column"]) == ("spec.md", 5, 1, 36)
    assert f["message"] == (
        "contradicts security.md:5: two idle timeouts for one session; "
        "decide which holds and correct the other"
    )
    text = run_cli("clarify", ".", "--analyze", cwd=tmp_path, env=api_env)
    assert "security.md:5:1: the conflicting statement" in text.stdout
    assert fake.count == 1  # the second run came from the cache


def test_analyze_needs_a_key(tmp_path: Path) -> None:
    write_project(tmp_path)
    r = run_cli("clarify", ".", "--analyze", cwd=tmp_path, env=offline_env())
    assert r.returncode == 2
    assert "--analyze needs the model and ANTHROPIC_API_KEY is not set" in r.stderr


def test_help_lists_the_options() -> None:
    r = run_cli("clarify", "--help")
    for option in (
        "--section",
        "--offline",
        "--json",
        "--answer",
        "--answers",
        "--no-cache",
        "--model",
        "--max-questions",
        "--analyze",
    ):
        assert option in r.stdout


def test_check_does_not_import_the_sdk() -> None:
    # The SDK and the pydantic models take seconds to import; plain linting must not pay for them.
    r = run_cli_python(
        "import sys, speclint.cli; print(sorted(m for m in sys.modules "
        "if m.startswith(('anthropic', 'speclint.clarify'))))"
    )
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def run_cli_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
