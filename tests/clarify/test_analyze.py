"""`--analyze`: contradictions from the model become findings with both ranges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from speclint.clarify import ClarifyError, analyze
from speclint.config import from_dict
from speclint.parse import parse
from speclint.rules.registry import get

from tests.clarify.conftest import config
from tests.conftest import lint_md
from tests.fakes.fake_anthropic import FakeAnthropic

A = "# A\n\n## Sessions\n\nA session expires after 30 minutes.\n\n## Roles\n\nAdmins may delete.\n"
B = "# B\n\n## Idle\n\nIdle sessions expire after 15 minutes.\n"


def pair(
    first: tuple[str, str], second: tuple[str, str], why: str = "two timeouts"
) -> dict[str, Any]:
    return {
        "first": {"path": first[0], "quote": first[1]},
        "second": {"path": second[0], "quote": second[1]},
        "explanation": why,
    }


def test_contradictions_across_specs(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.responder = lambda body: {
        "contradictions": [
            pair(
                ("a.md", "A session expires after 30 minutes."),
                ("b.md", "Idle sessions expire after 15 minutes."),
            ),
            pair(("a.md", "Something the spec never says."), ("b.md", "Nor this.")),
        ]
    }
    specs = [parse(A, "a.md"), parse(B, "b.md")]
    result = analyze(specs, config(tmp_path))
    [f] = result.findings
    assert f.rule == "consistency/contradiction" and f.path == "a.md" and f.section == "sessions"
    assert (f.range.start.line, f.range.start.column, f.range.end.column) == (5, 1, 36)
    [(path, rng, msg)] = f.related
    assert msg == "the conflicting statement"
    assert (path, rng.start.line, rng.start.column, rng.end.column) == ("b.md", 5, 1, 39)
    assert result.notes == [
        "1 reported contradiction(s) left out: their quotes are not in the specs"
    ]
    body = fake.requests[0].body
    assert body["tool_choice"]["name"] == "report_contradictions"
    user = body["messages"][0]["content"]
    assert '<spec path="a.md">' in user and '<spec path="b.md">' in user
    assert result.usage.requests == 1


def test_within_one_spec(fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path) -> None:
    text = A + "\n## Security\n\nOnly owners may delete.\n"
    fake.responder = lambda body: {
        "contradictions": [
            pair(
                ("a.md", "Admins may delete."), ("a.md", "Only owners may delete."), "who deletes"
            ),
        ]
    }
    [f] = analyze([parse(text, "a.md")], config(tmp_path)).findings
    assert f.related[0][1].start.line == 13
    assert f.message.startswith("contradicts a.md:13: who deletes;")


def test_unchanged_specs_are_not_sent_again(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    specs = [parse(A, "a.md"), parse(B, "b.md")]
    analyze(specs, config(tmp_path))
    second = analyze(specs, config(tmp_path))
    assert fake.count == 1 and second.usage.cached_sections == 1
    analyze([parse(A + "\nMore.\n", "a.md"), specs[1]], config(tmp_path))
    assert fake.count == 2


def test_rule_off_in_config_asks_nothing(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    conf = from_dict({"rules": {"consistency/contradiction": "off"}}, root=tmp_path)
    assert analyze([parse(A, "a.md")], conf).findings == []
    assert fake.count == 0


def test_needs_a_key(no_key: None, tmp_path: Path) -> None:
    with pytest.raises(ClarifyError, match="ANTHROPIC_API_KEY is not set"):
        analyze([parse(A, "a.md")], config(tmp_path))


def test_rule_is_in_the_catalogue_and_silent_in_plain_lint() -> None:
    rule = get("consistency/contradiction")
    assert rule is not None and rule.scope == "model"
    assert "spec-lint clarify --analyze" in rule.part("Fix")
    # Its Bad example does contradict itself, but only the model can tell: lint says nothing.
    assert lint_md(rule.example("Bad"), "consistency/contradiction") == []
