"""With the workspace index: scenario files get their own diagnostics, coverage reaches the
readiness note, and an edit to a scenario re-checks the open spec it covers."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import Session, StartSession, doc, pos, rng

SPEC = """\
# Pay

## REQ-1 Charge

The system charges the card within 2 s.

## REQ-2 Refund

The system refunds the card within 5 days.
"""
SCENARIO = """\
---
id: charge
title: Charge
covers: [specs/pay.md#REQ-1, REQ-9]
---
Given a card, when the order is placed, then it is charged.
"""


def write_project(root: Path) -> None:
    """On disk before the server starts: the first indexing reads it."""
    for rel, text in (("specs/pay.md", SPEC), ("scenarios/charge.md", SCENARIO)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


async def indexed(s: Session) -> None:
    await s.until(
        lambda: any(
            isinstance(v, types.WorkDoneProgressEnd)
            for v in s.client.progress_reports.get("speclint/index", [])
        )
    )


def codes(diags: list[types.Diagnostic]) -> list[tuple[str, types.Range]]:
    return [(str(d.code), d.range) for d in diags if str(d.code).startswith("links/")]


async def test_scenario_and_spec_diagnostics_follow_each_other(
    start: StartSession, tmp_path: Path
) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    end = next(v for v in s.client.progress_reports["speclint/index"] if v.kind == "end")
    assert isinstance(end, types.WorkDoneProgressEnd) and end.message is not None
    assert end.message.startswith("indexed 1 spec, 1 scenario file and 0 twins in ")

    scenario = s.open("scenarios/charge.md")
    assert codes(await s.diagnostics(scenario, version=1)) == [
        ("links/dangling-reference", rng(3, 29, 3, 34))
    ]
    spec = s.open("specs/pay.md")
    assert codes(await s.diagnostics(spec, version=1)) == [
        ("links/uncovered-section", rng(6, 0, 6, 15))
    ]
    await s.until(lambda: any(r["uri"] == spec for r in s.readiness))
    assert [r for r in s.readiness if r["uri"] == spec][-1]["coverage"] == 50.0

    # The scenario stops covering REQ-1: the open spec is checked again without being edited.
    published = len(s.published)
    v = s.change(scenario, SCENARIO.replace("specs/pay.md#REQ-1, ", ""))
    assert codes(await s.diagnostics(scenario, version=v)) == [
        ("links/dangling-reference", rng(3, 9, 3, 14))
    ]
    await s.until(lambda: any(p.uri == spec for p in s.published[published:]))
    again = [p for p in s.published[published:] if p.uri == spec][-1]
    assert [c for c, _ in codes(list(again.diagnostics))] == ["links/uncovered-section"] * 2


NOTIFY = """\
# Notify

Delivery is specified in [delivery](delivery.md).

## REQ-1 Page

The service pages the on-call engineer through PagerDuty within 1 minute.
"""


async def test_a_decision_taken_in_a_linked_spec_re_checks_the_open_spec(
    start: StartSession, tmp_path: Path
) -> None:
    for rel, text in (("specs/notify.md", NOTIFY), ("specs/delivery.md", "# Delivery\n")):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    s = await start()
    await indexed(s)
    notify = s.open("specs/notify.md")
    first = [str(d.code) for d in await s.diagnostics(notify, version=1)]
    assert "decisions/external-failure" in first

    # The linked spec says what happens when PagerDuty fails: the open spec loses its question
    # without being edited.
    delivery = s.open("specs/delivery.md")
    await s.diagnostics(delivery, version=1)
    published = len(s.published)
    s.change(
        delivery,
        "# Delivery\n\n## PagerDuty failures\n\nIf PagerDuty does not answer in 5 s, the page "
        "is retried 3 times.\n",
    )

    def settled() -> bool:
        again = [p for p in s.published[published:] if p.uri == notify]
        return bool(again) and all(
            str(d.code) != "decisions/external-failure" for d in again[-1].diagnostics
        )

    await s.until(settled)


async def test_definition_references_and_code_lens(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    scenario = s.open("scenarios/charge.md")
    spec = s.open("specs/pay.md")
    await s.diagnostics(spec, version=1)

    # covers entry -> the id written in the spec's heading.
    got = await s.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(scenario), position=pos(3, 12))
    )
    assert list(got or []) == [types.Location(uri=spec, range=rng(2, 3, 2, 8))]
    # Nowhere near a reference: nothing.
    none = await s.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(scenario), position=pos(5, 3))
    )
    assert not none

    # heading -> every scenario reference covering it.
    refs = await s.client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(spec),
            position=pos(2, 4),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert list(refs or []) == [types.Location(uri=scenario, range=rng(3, 9, 3, 27))]

    lenses = await s.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=doc(spec))
    )
    assert lenses is not None
    shown = [(lens.range.start.line, lens.command.title) for lens in lenses if lens.command]
    assert [x for x in shown if x[1] != "Ask clarifying questions"] == [
        (2, "1 scenario"),
        (6, "no scenario"),
    ]
    # The section with a finding (REQ-2 is uncovered) can ask clarifying questions.
    assert (6, "Ask clarifying questions") in shown
    first = lenses[0].command
    assert first is not None
    listed = await s.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=first.command, arguments=first.arguments)
    )
    assert [(item["id"], item["title"]) for item in listed] == [("charge", "Charge")]
    assert listed[0]["location"]["uri"] == scenario


async def test_hover_on_a_heading_lists_its_scenarios(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    spec = s.open("specs/pay.md")
    covered = await s.client.text_document_hover_async(
        types.HoverParams(text_document=doc(spec), position=pos(2, 4))
    )
    uncovered = await s.client.text_document_hover_async(
        types.HoverParams(text_document=doc(spec), position=pos(6, 4))
    )
    assert covered is not None and isinstance(covered.contents, types.MarkupContent)
    assert "Scenarios: `charge` (scenarios/charge.md)" in covered.contents.value
    assert uncovered is not None and isinstance(uncovered.contents, types.MarkupContent)
    assert "Scenarios: none" in uncovered.contents.value
