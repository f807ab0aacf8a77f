"""One call to the real Messages API: skipped unless ANTHROPIC_API_KEY is set (never in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from speclint.clarify import ask

from tests.clarify.conftest import config, spec_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("ANTHROPIC_API_KEY") or bool(os.environ.get("ANTHROPIC_BASE_URL")),
    reason="needs a real ANTHROPIC_API_KEY (and no ANTHROPIC_BASE_URL override)",
)


def test_real_model_asks_about_the_section(tmp_path: Path) -> None:
    spec = spec_of()
    result = ask(
        spec, config(tmp_path, max_tokens=2048, timeout=60.0), section_id="payment", max_questions=3
    )
    assert not result.offline and result.usage.requests == 1
    assert 1 <= len(result.questions) <= 3
    for q in result.questions:
        assert q.section == "payment" and 2 <= len(q.options) <= 4
        assert q.recommended in {o.key for o in q.options}
        start = spec.index.offset(q.range.start)
        assert spec.text[start : spec.index.offset(q.range.end)] == q.quote
