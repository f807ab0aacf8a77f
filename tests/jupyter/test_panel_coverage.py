"""The coverage matrix: requirement sections x scenarios and twins, uncovered rows marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from speclint_jupyter import SpecPanel

from .conftest import write_project

LINKED_CONFIG = """\
specs = ["specs/**/*.md"]
scenarios = ["scenarios/**/*.md"]
twins = ["twins/*.yaml"]
"""
NOTIFY = """\
# Notifications

## Overview

People hear about their requests.

## NOT-1 Slack message

The system must post a Slack message to the requester within 5 seconds of a decision.

## NOT-2 Email digest

The system must send an email digest every Monday at 09:00 UTC through Stripe.
"""
SCENARIO = """\
---
id: decision-message
title: The requester hears about the decision
covers: [specs/notify.md#NOT-1]
twins: [slack]
---

Given a request, when it is approved, then the requester gets a Slack message.
"""
SLACK = """\
id: slack
clones: Slack Web API
aliases: [slack]
start: python -m twins.slack --port 12102
endpoint: http://127.0.0.1:12102
"""


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = write_project(
        tmp_path / "linked",
        {
            "specs/notify.md": NOTIFY,
            "scenarios/decision.md": SCENARIO,
            "twins/slack.yaml": SLACK,
        },
    )
    (root / "speclint.toml").write_text(LINKED_CONFIG, encoding="utf-8")
    return root


def matrix_rows(panel: SpecPanel) -> list[tuple[str, list[str]]]:
    """(row class, cell texts) for each section row of the coverage table."""
    out = []
    for cls, body in re.findall(
        r'<tr class="(speclint-(?:un)?covered)">(.*?)</tr>', panel.coverage_table.value
    ):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", body)]
        out.append((cls, cells))
    return out


def test_matrix_marks_covered_and_uncovered_sections(linked: Path) -> None:
    panel = SpecPanel(linked, auto_refresh=False)
    assert panel.error is None, panel.error
    html = panel.coverage_table.value
    header = re.search(r"<tr><th>section</th>(.*?)</tr>", html)
    assert header is not None
    assert re.findall(r"<th[^>]*>(.*?)</th>", header.group(1)) == [
        "status",
        "decision-message",
        "<i>slack</i>",
        "twins missing",
    ]
    assert matrix_rows(panel) == [
        ("speclint-covered", ["NOT-1 Slack message", "covered", "●", "●", ""]),
        ("speclint-uncovered", ["NOT-2 Email digest", "uncovered", "", "", "Stripe"]),
    ]
    assert "1 of 2 requirement sections covered (50%)" in html
    # descriptive sections need no scenario and are not listed
    assert "Overview" not in html
    # the readiness table carries the same figure
    assert re.search(r"<b>specs/notify.md</b>.*<td>50%</td>", panel.summary_table.value)


def test_scenario_files_are_not_counted_as_specs(linked: Path) -> None:
    panel = SpecPanel(linked, auto_refresh=False)
    assert panel.review is not None
    assert panel.review.paths == ["specs/notify.md"]
    assert "scenarios/decision.md" not in panel.summary_table.value


def test_editing_a_scenario_updates_the_matrix(linked: Path) -> None:
    panel = SpecPanel(linked, auto_refresh=False)
    scenario = linked / "scenarios" / "decision.md"
    scenario.write_text(
        SCENARIO.replace("[specs/notify.md#NOT-1]", "[specs/notify.md#NOT-1, NOT-2]"), "utf-8"
    )
    panel.refresh_button.click()
    assert [cls for cls, _ in matrix_rows(panel)] == ["speclint-covered", "speclint-covered"]
    assert "2 of 2 requirement sections covered (100%)" in panel.coverage_table.value


def test_dangling_reference_is_listed_under_the_scenario_file(linked: Path) -> None:
    (linked / "scenarios" / "decision.md").write_text(
        SCENARIO.replace("specs/notify.md#NOT-1", "specs/notify.md#NOT-9"), "utf-8"
    )
    panel = SpecPanel(linked, auto_refresh=False)
    dangling = [r for r in panel.visible_rows() if r.path == "scenarios/decision.md"]
    assert [r.rule for r in dangling] == ["links/dangling-reference"]
    assert dangling[0].section == "decision-message"  # the scenario's id
    assert dangling[0].line == 4


async def test_a_scenario_edit_on_disk_refreshes_the_panel(linked: Path) -> None:
    from .test_panel_async import until

    panel = SpecPanel(linked, poll_interval=0.05)
    try:
        await panel.wait_idle()
        done = panel.refreshes
        (linked / "scenarios" / "decision.md").write_text(
            SCENARIO.replace("[specs/notify.md#NOT-1]", "[specs/notify.md#NOT-1, NOT-2]"), "utf-8"
        )
        await until(lambda: panel.refreshes > done, "a refresh after the scenario changed")
        await panel.wait_idle()
        assert "2 of 2 requirement sections covered" in panel.coverage_table.value
    finally:
        panel.close()


def test_project_without_scenarios_says_so(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    assert "No scenarios or twins in this project" in panel.coverage_table.value
