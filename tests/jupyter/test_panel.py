"""The review panel without a browser: build it, read its tables, click its buttons."""

from __future__ import annotations

import re
from pathlib import Path

from speclint.config import load_config
from speclint.workspace.check import lint_project
from speclint_jupyter import SpecPanel

PLACEHOLDER = "ambiguity/placeholder"


def placeholder_rows(panel: SpecPanel) -> list[tuple[str, str, int]]:
    return [(r.path, r.section, r.line) for r in panel.visible_rows() if r.rule == PLACEHOLDER]


def test_examples_panel_shows_every_engine_finding(examples_copy: Path) -> None:
    panel = SpecPanel(examples_copy, auto_refresh=False)
    assert panel.error is None, panel.error
    run = lint_project([examples_copy], load_config(examples_copy))[0]  # what check lints
    expected = [(f.path, f.rule, f.range.start.line, f.message) for f in run.findings]
    shown = [(r.path, r.rule, r.line, r.message) for r in panel.visible_rows()]
    assert shown == expected
    # every spec of the project has its readiness row, with its word count from the engine
    specs = [r for r in run.files if r.spec is not None]  # not its scenario and twin files
    for result in specs:
        row = re.search(
            rf"<b>{re.escape(result.path)}</b></td><td[^>]*>(\d+)</td>", panel.summary_table.value
        )
        assert row is not None, result.path
        assert int(row.group(1)) == result.spec.word_count()
    counts = panel.review.family_counts() if panel.review else {}
    assert sum(counts.values()) == len(expected)
    assert panel.status.value.startswith(f"{len(specs)} specs · {len(expected)} finding")


def test_findings_are_grouped_by_spec_then_section(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    assert placeholder_rows(panel) == [
        ("specs/checkout.md", "CHK-1 Payment", 9),
        ("specs/checkout.md", "CHK-2 Refunds", 13),
    ]
    html = panel.findings_table.value
    spec = html.index("<b>specs/checkout.md</b>")
    payment = html.index("<i>CHK-1 Payment</i>")
    tbd = html.index("&#x27;TBD&#x27; is a placeholder")
    refunds = html.index("<i>CHK-2 Refunds</i>")
    todo = html.index("&#x27;TODO&#x27; is a placeholder")
    assert spec < payment < tbd < refunds < todo
    # each section heads its findings once, however many findings it has
    assert html.count("<i>CHK-1 Payment</i>") == 1


def test_severity_and_family_filters(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    assert panel.review is not None
    total = len(panel.review.rows)
    ambiguity = sum(1 for r in panel.review.rows if r.family == "ambiguity")
    assert panel.family_boxes["ambiguity"].description == f"ambiguity ({ambiguity})"

    panel.family_boxes["ambiguity"].value = False
    assert all(r.family != "ambiguity" for r in panel.visible_rows())
    assert "is a placeholder" not in panel.findings_table.value
    assert panel.shown.value == f"Showing {total - ambiguity} of {total} findings"
    panel.family_boxes["ambiguity"].value = True

    placeholder_severity = next(r.severity for r in panel.review.rows if r.rule == PLACEHOLDER)
    panel.severity_boxes[placeholder_severity].value = False
    assert all(r.severity != placeholder_severity for r in panel.visible_rows())
    # the family counts follow the severity filter, so they match what the table lists
    left = sum(
        1
        for r in panel.review.rows
        if r.family == "ambiguity" and r.severity != placeholder_severity
    )
    assert panel.family_boxes["ambiguity"].description == f"ambiguity ({left})"

    for box in panel.severity_boxes.values():
        box.value = False
    assert panel.visible_rows() == []
    assert "No findings match the filters." in panel.findings_table.value


def test_refresh_button_picks_up_an_edit(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    before = panel.refreshes
    spec = project / "specs" / "checkout.md"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("The payment provider is TBD.", "Card only."),
        encoding="utf-8",
    )
    panel.refresh_button.click()
    assert panel.refreshes == before + 1
    assert placeholder_rows(panel) == [("specs/checkout.md", "CHK-2 Refunds", 13)]
    assert "&#x27;TBD&#x27;" not in panel.findings_table.value


def test_filters_survive_a_refresh(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    panel.family_boxes["ambiguity"].value = False
    panel.refresh_button.click()
    assert panel.family_boxes["ambiguity"].value is False
    assert all(r.family != "ambiguity" for r in panel.visible_rows())


def test_progress_bar_counts_files(project: Path) -> None:
    for i in range(5):
        (project / "specs" / f"extra{i}.md").write_text(f"# Extra {i}\n\nTBD.\n", "utf-8")
    panel = SpecPanel(project, auto_refresh=False)
    seen: list[int] = []
    panel.progress.observe(lambda change: seen.append(change["new"]), names="value")
    panel.refresh_button.click()
    assert seen[-1] == panel.progress.max == 7
    assert seen == sorted(seen) and len(set(seen)) > 2  # it moved while linting
    assert panel.progress.layout.display == "none"  # hidden once done


def test_spec_text_is_escaped(project: Path) -> None:
    (project / "specs" / "html.md").write_text(
        "# Tags\n\n## Size < 5 MB & `<script>` tags\n\nThe size limit is TBD.\n", "utf-8"
    )
    panel = SpecPanel(project, auto_refresh=False)
    html = panel.findings_table.value
    assert "<script>" not in html
    assert "<i>Size &lt; 5 MB &amp; &lt;script&gt; tags</i>" in html


def test_single_spec_file(project: Path) -> None:
    panel = SpecPanel(project / "specs" / "checkout.md", auto_refresh=False)
    assert panel.review is not None and panel.review.paths == ["specs/checkout.md"]
    assert len(placeholder_rows(panel)) == 2
