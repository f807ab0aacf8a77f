"""The question flow against the fake Messages API, through the real SDK."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest
from speclint.clarify import ClarifyCancelled, ClarifyError, RetryPolicy, ask, ask_async
from speclint.clarify.prompt import QUESTIONS_TOOL

from tests.clarify.conftest import KEY, config, spec_of
from tests.fakes.fake_anthropic import FakeAnthropic, Step

FAST = RetryPolicy(max_retries=3, backoff=0.01)


def test_one_section_question_flow(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    spec = spec_of()
    result = ask(spec, config(tmp_path), section_id="refunds", retry=FAST)
    assert not result.offline
    assert fake.count == 1
    [q] = result.questions
    assert q.id == "refunds.1" and q.section == "refunds"
    assert q.quote == "Refunds go back to the card used in [Payment](#payment)."
    start = spec.index.offset(q.range.start)
    assert spec.text[start : spec.index.offset(q.range.end)] == q.quote
    assert (q.range.start.line, q.range.start.column) == (13, 1)
    assert [o.key for o in q.options] == ["A", "B"] and q.recommended == "A"
    assert q.options[0].replacement == q.quote + " (confirmed)"
    assert q.options[1].replacement is None

    body = fake.requests[0].body
    assert body["tool_choice"] == {"type": "tool", "name": QUESTIONS_TOOL}
    schema = body["tools"][0]["input_schema"]
    assert "$defs" not in json.dumps(schema)
    assert schema["properties"]["questions"]["items"]["properties"]["options"]["maxItems"] == 4
    user = body["messages"][0]["content"]
    # One section: its glossary and the section it links to travel with it, no cached prefix.
    assert "<glossary>" in user and '<linked-section id="payment">' in user
    assert not any("cache_control" in block for block in body["system"])
    assert result.usage.requests == 1 and result.usage.input_tokens > 0
    assert result.usage.output_tokens == 120


def test_findings_of_the_section_are_sent(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    spec = spec_of("# S\n\n## Limits\n\nThe limit is TBD.\n")
    ask(spec, config(tmp_path), section_id="limits", retry=FAST)
    user = fake.requests[0].body["messages"][0]["content"]
    assert 'ambiguity/placeholder at "TBD"' in user


def test_several_sections_share_a_cached_prefix(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    spec = spec_of()
    result = ask(spec, config(tmp_path, concurrency=2), retry=FAST)
    # Glossary is context, not asked; Checkout has no prose of its own.
    assert [q.section for q in result.questions] == ["payment", "refunds", "receipts"]
    assert fake.count == 3
    for r in fake.requests:
        system = r.body["system"]
        assert system[-1]["cache_control"] == {"type": "ephemeral"}
        assert '<spec path="spec.md">' in system[-1]["text"]
        assert "<glossary>" not in r.body["messages"][0]["content"]
    u = result.usage
    assert u.cache_creation_input_tokens > 0  # the first request wrote the prefix...
    assert u.cache_read_input_tokens == 2 * u.cache_creation_input_tokens  # ...the rest read it


def test_concurrency_is_bounded(
    api_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "# Big\n\n" + "".join(f"## S{i}\n\nThe value {i} must hold.\n\n" for i in range(9))
    with FakeAnthropic(latency=0.15) as slow:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", slow.url)
        result = ask(spec_of(text), config(tmp_path, concurrency=3), retry=FAST)
        assert len(result.questions) == 9
        assert slow.max_active == 3


def test_second_run_makes_no_request(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    conf = config(tmp_path)
    first = ask(spec_of(), conf, retry=FAST)
    assert fake.count == 3
    second = ask(spec_of(), conf, retry=FAST)
    assert fake.count == 3
    assert second.usage.cached_sections == 3 and second.usage.requests == 0
    assert [q.question for q in second.questions] == [q.question for q in first.questions]
    assert any("from the cache" in n for n in second.notes)


def test_only_a_changed_section_is_asked_again(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.clarify.conftest import SPEC

    conf = config(tmp_path)
    ask(spec_of(), conf, retry=FAST)
    changed = SPEC.replace("A receipt is emailed", "A receipt is emailed and printed")
    # Moving a section down the file (new text above it) does not make it new.
    changed = changed.replace("# Checkout\n", "# Checkout\n\nIntro line.\n")
    result = ask(spec_of(changed), conf, retry=FAST)
    assert fake.count == 3 + 2  # receipts changed; the intro is a new section of its own
    assert result.usage.cached_sections == 2
    refunds = next(q for q in result.questions if q.section == "refunds")
    assert refunds.range.start.line == 15  # cached answer, ranges found again in the new text


def test_no_cache_asks_again(fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path) -> None:
    conf = config(tmp_path)
    ask(spec_of(), conf, section_id="refunds", retry=FAST)
    ask(spec_of(), conf, section_id="refunds", use_cache=False, retry=FAST)
    assert fake.count == 2


def test_model_and_question_limit_are_part_of_the_key(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    conf = config(tmp_path)
    ask(spec_of(), conf, section_id="refunds", retry=FAST)
    ask(spec_of(), conf, section_id="refunds", model="claude-haiku-4-5", retry=FAST)
    ask(spec_of(), conf, section_id="refunds", max_questions=2, retry=FAST)
    assert fake.count == 3
    assert fake.requests[1].body["model"] == "claude-haiku-4-5"


def test_429_honours_retry_after(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.error(429, retry_after=1))
    started = time.monotonic()
    result = ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert result.questions and fake.count == 2
    gap = fake.requests[1].at - fake.requests[0].at
    assert gap >= 0.95, "retry-after: 1 was not honoured"
    assert time.monotonic() - started < 5


def test_5xx_is_retried_with_backoff(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.error(500), Step.error(529))
    result = ask(
        spec_of(),
        config(tmp_path),
        section_id="refunds",
        retry=RetryPolicy(max_retries=3, backoff=0.2),
    )
    assert result.questions and fake.count == 3
    first_wait = fake.requests[1].at - fake.requests[0].at
    second_wait = fake.requests[2].at - fake.requests[1].at
    assert first_wait >= 0.14 and second_wait >= 0.29  # 0.2 then 0.4, minus at most 25% jitter


def test_persistent_5xx_gives_one_clear_error(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(*[Step.error(500)] * 4)
    with pytest.raises(ClarifyError) as err:
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert fake.count == 4
    assert str(err.value) == (
        "section 'refunds': gave up after 4 attempts: HTTP 500 api_error: scripted 500"
    )


def test_long_retry_after_fails_at_once(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.error(429, retry_after=120))
    with pytest.raises(ClarifyError, match="asks to wait 120 s"):
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert fake.count == 1


def test_timeout_is_retried_then_reported(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    conf = config(tmp_path, timeout=0.3)
    fake.script(Step.slow(1.0))
    assert ask(spec_of(), conf, section_id="refunds", retry=FAST).questions
    assert fake.count == 2
    fake.script(*[Step.slow(1.0)] * 3)
    with pytest.raises(ClarifyError, match=r"gave up after 3 attempts: no answer within 0.3 s"):
        ask(spec_of(), conf, section_id="receipts", retry=RetryPolicy(2, backoff=0.01))


def test_client_errors_are_not_retried(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.error(400))
    with pytest.raises(ClarifyError, match="refused the request: HTTP 400 invalid_request_error"):
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert fake.count == 1


MALFORMED = [
    pytest.param(
        {
            "questions": [
                {
                    "quote": "x",
                    "question": "Which one?",
                    "options": [{"label": "only one"}],
                    "recommended": 0,
                    "reason": "r",
                    "category": "scope",
                }
            ]
        },
        "options: List should have at least 2 items",
        id="one-option",
    ),
    pytest.param(
        {
            "questions": [
                {
                    "quote": "x",
                    "question": "Which one?",
                    "options": [{"label": "a"}, {"label": "b"}],
                    "recommended": 3,
                    "reason": "r",
                    "category": "scope",
                }
            ]
        },
        "recommended=3 but only 2 options",
        id="recommended-missing",
    ),
    pytest.param(
        {
            "questions": [
                {
                    "quote": "x",
                    "question": "Which one?",
                    "options": [{"label": "a"}, {"label": "b"}],
                    "recommended": 0,
                    "reason": "r",
                    "category": "vibes",
                }
            ]
        },
        "category",
        id="bad-category",
    ),
    pytest.param({"questions": "none"}, "questions: Input should be a valid list", id="not-list"),
    pytest.param({"qs": []}, "questions: Field required", id="wrong-field"),
]


@pytest.mark.parametrize(("tool_input", "expected"), MALFORMED)
def test_schema_violations_are_rejected(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path, tool_input: object, expected: str
) -> None:
    fake.script(Step.with_input(tool_input))
    with pytest.raises(ClarifyError) as err:
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert "does not fit the schema, nothing recorded" in str(err.value)
    assert expected in str(err.value)
    assert not (tmp_path / ".speclint-cache").exists() or not list(
        (tmp_path / ".speclint-cache").rglob("*.json")
    ), "a rejected answer was cached"


def test_answer_without_the_tool_is_rejected(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.no_tool())
    with pytest.raises(ClarifyError, match="answered without calling ask_clarifying_questions"):
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)


def test_answer_cut_at_max_tokens_is_rejected(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.cut())
    with pytest.raises(ClarifyError, match=r"cut at max_tokens \(4096\)"):
        ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)


def test_one_failing_section_does_not_sink_the_others(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.with_input({"questions": "broken"}))
    result = ask(spec_of(), config(tmp_path, concurrency=1), retry=FAST)
    assert len(result.questions) == 2
    [error] = result.errors
    assert error.startswith("section 'payment':")


def test_quote_not_in_section_asks_about_the_section_and_rewrites_nothing(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(
        Step.with_input(
            {
                "questions": [
                    {
                        "quote": "A sentence the spec does not have.",
                        "question": "What about it?",
                        "options": [{"label": "a", "rewrite": "New text."}, {"label": "b"}],
                        "recommended": 1,
                        "reason": "because",
                        "category": "data",
                    }
                ]
            }
        )
    )
    spec = spec_of()
    [q] = ask(spec, config(tmp_path), section_id="refunds", retry=FAST).questions
    assert q.range == spec.sections["refunds"].heading_range
    assert q.options[0].replacement is None and q.recommended == "B"


def test_quote_rewrapped_by_the_model_is_still_found(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    text = "# T\n\n## Payment\n\nThe service **charges** the card\nwhen the order is placed.\n"
    fake.script(
        Step.with_input(
            {
                "questions": [
                    {
                        "quote": "The service charges the card when the order is placed.",
                        "question": "When exactly?",
                        "options": [{"label": "a"}, {"label": "b"}],
                        "recommended": 0,
                        "reason": "r",
                        "category": "scope",
                    }
                ]
            }
        )
    )
    spec = spec_of(text)
    [q] = ask(spec, config(tmp_path), section_id="payment", retry=FAST).questions
    assert q.quote == "The service **charges** the card\nwhen the order is placed."


def test_token_budget_stops_asking(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    # Each request may bill its input plus max_tokens (1000): the third no longer fits.
    conf = config(tmp_path, token_budget=2200, max_tokens=1000, concurrency=1)
    # No findings: the sizes of the messages depend on the spec and the prompt only.
    result = ask(spec_of(), conf, findings=[], retry=FAST)
    assert fake.count == 2 and len(result.questions) == 2
    [note] = [n for n in result.notes if "token budget" in n]
    assert note.startswith("section 'receipts': not asked, the run's token budget (2,200)")
    assert result.usage.billed_tokens <= 2200


def test_unknown_section(api_env: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ClarifyError, match="no section 'nope'; sections: checkout, glossary"):
        ask(spec_of(), config(tmp_path), section_id="nope")


def test_without_a_key_questions_are_offline(
    no_key: None, fake: FakeAnthropic, tmp_path: Path
) -> None:
    spec = spec_of("# S\n\n## Limits\n\nThe limit is TBD.\n")
    result = ask(spec, config(tmp_path))
    assert result.offline and fake.count == 0
    assert result.notes[0] == (
        "offline questions, generated from the findings (ANTHROPIC_API_KEY is not set)"
    )
    [q] = result.questions
    assert q.offline and q.rule == "ambiguity/placeholder"


def test_offline_flag_wins_over_a_key(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = ask(spec_of(), config(tmp_path), offline=True)
    assert result.offline and fake.count == 0


def test_cancel_event_stops_a_slow_request(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.slow(10.0))  # far longer than the limits below: only a cancel ends it early
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(ClarifyCancelled):
        ask(spec_of(), config(tmp_path), section_id="refunds", cancel=cancel, retry=FAST)
    assert time.monotonic() - started < 5.0


async def test_async_task_can_be_cancelled(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    fake.script(Step.slow(10.0))
    task = asyncio.create_task(ask_async(spec_of(), config(tmp_path), section_id="refunds"))
    await asyncio.sleep(0.3)
    task.cancel()
    started = time.monotonic()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 3.0


async def test_sync_ask_works_inside_a_running_loop(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    # A notebook cell is inside the kernel's event loop: `ask` must still work there.
    result = ask(spec_of(), config(tmp_path), section_id="refunds", retry=FAST)
    assert result.questions


def test_progress_is_reported(fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    ask(spec_of(), config(tmp_path), retry=FAST, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_key_is_sent_only_as_the_auth_header(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    ask(spec_of(), config(tmp_path), retry=FAST)
    for r in fake.requests:
        assert KEY in (r.headers.get("x-api-key"), r.headers.get("authorization", "")[7:])
        assert KEY not in json.dumps(r.body)
