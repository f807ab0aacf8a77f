"""With the workspace index: scenario files get their own diagnostics, coverage reaches the
readiness note, and an edit to a scenario re-checks the open spec it covers."""

from __future__ import annotations

from lsprotocol import types

from .conftest import Session, StartSession, rng

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


async def indexed(s: Session) -> None:
    await s.until(
        lambda: any(
            isinstance(v, types.WorkDoneProgressEnd)
            for v in s.client.progress_reports.get("speclint/index", [])
        )
    )


def codes(diags: list[types.Diagnostic]) -> list[tuple[str, types.Range]]:
    return [(str(d.code), d.range) for d in diags if str(d.code).startswith("links/")]


async def test_scenario_and_spec_diagnostics_follow_each_other(start: StartSession) -> None:
    s = await start()
    s.write("specs/pay.md", SPEC)
    s.write("scenarios/charge.md", SCENARIO)
    await indexed(s)
    end = next(v for v in s.client.progress_reports["speclint/index"] if v.kind == "end")
    assert isinstance(end, types.WorkDoneProgressEnd) and end.message is not None
    assert end.message.startswith("indexed 1 specs, 1 scenario files and 0 twins in ")

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
