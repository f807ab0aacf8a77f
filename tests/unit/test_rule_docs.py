"""Every rule's docs: the Bad example is flagged by that rule, the Good one is not."""

from __future__ import annotations

import pytest
from speclint.rules.registry import all_rules

from tests.conftest import lint_md

RULES = [r for r in all_rules() if r.scope == "spec" and r.id != "structure/unreadable-file"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_example_is_flagged(rule) -> None:  # type: ignore[no-untyped-def]
    bad = rule.example("Bad")
    assert bad, f"{rule.id} has no fenced Bad example"
    assert lint_md(bad, rule.id), f"{rule.id} does not flag its own Bad example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_example_is_clean(rule) -> None:  # type: ignore[no-untyped-def]
    good = rule.example("Good")
    assert good, f"{rule.id} has no fenced Good example"
    assert not lint_md(good, rule.id), f"{rule.id} flags its own Good example"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_docs_have_every_part(rule) -> None:  # type: ignore[no-untyped-def]
    for part in ("Why", "Bad", "Good", "Fix"):
        assert rule.part(part), f"{rule.id} docs lack ## {part}"
    assert len(rule.summary) <= 100


def test_generated_docs_are_current() -> None:
    from speclint.rules.docs import render_catalogue

    from tests.conftest import ROOT

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render_catalogue(), (
        "docs/rules.md is stale: run `make docs`"
    )
