"""The panel's Clarify tab: questions as radio buttons, answers recorded in the spec."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from speclint_jupyter import SpecPanel

from tests.fakes.fake_anthropic import FakeAnthropic, Step

KEY = "sk-ant-test-jupyter-0000"


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        yield server


def choose(panel: SpecPanel, rel: str, section: str) -> None:
    panel.clarify.spec.value = rel
    panel.clarify.section.value = (rel, section)


def answer_others(panel: SpecPanel, text: str) -> None:
    """Questions whose recommended answer is "other" (only the author knows the value)."""
    for view in panel.clarify.questions:
        if view.choice.value == "other":
            view.other.value = text


@pytest.mark.usefixtures("no_key")
def test_offline_questions_recorded_in_the_spec(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    view = panel.clarify
    # sections are offered with their finding counts; the one with most findings is preselected
    # specs with most findings first; each spec's sections with their finding counts
    assert view.spec.options[0][1] == "specs/checkout.md"
    assert view.spec.value == "specs/checkout.md"
    labels = [label for label, _ in view.section.options]
    assert any(label.startswith("CHK-1 Payment (") for label in labels)
    assert "Overview" in labels  # no findings, still askable
    view.spec.value = "specs/search.md"
    assert all(v[0] == "specs/search.md" for _, v in view.section.options)
    choose(panel, "specs/checkout.md", "CHK-1")
    view.ask_button.click()
    assert "offline questions" in view.message.value
    assert view.questions, view.message.value
    for q in view.questions:  # the recommended answer is preselected
        assert q.choice.value == q.question.recommended
    assert any("TBD" in q.question.quote for q in view.questions)
    assert view.record_button.disabled is False

    refreshes = panel.refreshes
    answer_others(panel, "Stripe")
    view.questions[-1].choice.value = view.questions[-1].question.options[0].key
    expected = [
        f"- Q: {v.question.question} → A: "
        + ("Stripe" if v.choice.value == "other" else v.question.options[0].label)
        for v in view.questions
    ]
    view.record_button.click()
    text = (project / "specs" / "checkout.md").read_text("utf-8")
    assert "## Clarifications" in text
    for bullet in expected:
        assert bullet in text
    assert "Recorded" in view.message.value and view.questions == []
    assert panel.refreshes == refreshes + 1  # the panel shows the new text's findings


async def test_model_questions_answered_with_a_chosen_option(
    project: Path, fake: FakeAnthropic
) -> None:
    fake.script(Step.slow(1.0))
    panel = SpecPanel(project, auto_refresh=False)
    await panel.wait_idle()
    choose(panel, "specs/checkout.md", "CHK-2")
    beats = 0

    async def heartbeat() -> None:
        nonlocal beats
        while True:
            await asyncio.sleep(0.01)
            beats += 1

    beating = asyncio.create_task(heartbeat())
    panel.clarify.ask_button.click()
    assert panel.clarify.ask_button.disabled  # no second request while one runs
    await panel.clarify.wait_idle()
    beating.cancel()
    assert beats >= 10, beats  # the loop ran on while the slow answer was awaited
    assert fake.count == 1
    [view] = panel.clarify.questions
    assert view.question.question == "What exactly must hold in section CHK-2?"
    assert view.choice.value == "A"  # the model's recommendation
    view.choice.value = "B"  # the user prefers another option
    panel.clarify.record_button.click()
    await panel.wait_idle()
    text = (project / "specs" / "checkout.md").read_text("utf-8")
    assert "- Q: What exactly must hold in section CHK-2? → A: Optional" in text
    assert KEY not in text


async def test_model_error_is_a_message(project: Path, fake: FakeAnthropic) -> None:
    fake.script(Step.error(400))
    panel = SpecPanel(project, auto_refresh=False)
    await panel.wait_idle()
    choose(panel, "specs/checkout.md", "CHK-2")
    panel.clarify.ask_button.click()
    await panel.clarify.wait_idle()
    assert 'class="speclint-error"' in panel.clarify.message.value
    assert "Traceback" not in panel.clarify.message.value
    assert KEY not in panel.clarify.message.value
    assert panel.clarify.questions == [] and panel.clarify.ask_button.disabled is False


@pytest.mark.usefixtures("no_key")
def test_recording_refuses_when_the_spec_changed(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    choose(panel, "specs/checkout.md", "CHK-1")
    panel.clarify.ask_button.click()
    assert panel.clarify.questions
    answer_others(panel, "Stripe")
    spec = project / "specs" / "checkout.md"
    edited = spec.read_text("utf-8") + "\nSomeone else's edit.\n"
    spec.write_text(edited, "utf-8")
    panel.clarify.record_button.click()
    assert spec.read_text("utf-8") == edited  # nothing written over the other edit
    assert "changed on disk" in panel.clarify.message.value
    assert panel.clarify.questions  # the chosen answers are still on screen


@pytest.mark.usefixtures("no_key")
def test_other_answer_needs_text(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    choose(panel, "specs/checkout.md", "CHK-1")
    panel.clarify.ask_button.click()
    before = (project / "specs" / "checkout.md").read_text("utf-8")
    view = panel.clarify.questions[0]
    view.choice.value = view.question.options[0].key
    assert view.other.layout.display == "none"
    view.choice.value = "other"
    assert view.other.layout.display is None  # the text box appears
    panel.clarify.record_button.click()
    assert "needs text" in panel.clarify.message.value
    assert (project / "specs" / "checkout.md").read_text("utf-8") == before
    answer_others(panel, "Stripe, decided by finance on 2026-11-20")
    panel.clarify.record_button.click()
    text = (project / "specs" / "checkout.md").read_text("utf-8")
    assert "→ A: Stripe, decided by finance on 2026-11-20" in text


@pytest.mark.usefixtures("no_key")
def test_recording_into_a_deleted_spec_is_refused(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    choose(panel, "specs/checkout.md", "CHK-1")
    panel.clarify.ask_button.click()
    answer_others(panel, "Stripe")
    (project / "specs" / "checkout.md").unlink()
    panel.clarify.record_button.click()
    assert "deleted since it was read; nothing written" in panel.clarify.message.value
    assert not (project / "specs" / "checkout.md").exists()
    assert panel.clarify.questions  # still on screen
