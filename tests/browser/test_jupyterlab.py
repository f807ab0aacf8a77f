"""JupyterLab in headless Chromium: speclint diagnostics in the editor, SpecPanel in a notebook.

Uses Debian's chromium (`make chromium`), never a browser downloaded by Playwright. Screenshots
go to tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from speclint.config import load_config
from speclint.engine import lint_paths

from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.jupyter.conftest import cli_findings
from tests.jupyter.jupyter_server import JupyterServer, running_jupyter

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
WAIT_MS = 120_000  # generous: JupyterLab, a kernel and a language server start on 2 busy cores

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed: run `make chromium`"
    ),
]

PANEL_CELL = "from speclint_jupyter import SpecPanel\npanel = SpecPanel('specs')\npanel"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    base = tmp_path_factory.mktemp("lab")
    project = base / "project"
    shutil.copytree(EXAMPLES, project)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(PANEL_CELL)]
    nbformat.write(nb, project / "review.ipynb")
    with running_jupyter(project, base / "home") as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def open_in_lab(page: Any, lab: JupyterServer, path: str) -> None:
    # `reset` starts from an empty workspace, so no tab from an earlier test is restored
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={lab.token}")


def run_first_cell(page: Any) -> Any:
    """Run the notebook's first cell once its kernel is ready, and return its output area.
    Shift+Enter before the kernel is connected only moves to a new cell (seen in CI)."""
    page.locator(".jp-Notebook .jp-Cell .cm-content >> visible=true").first.wait_for()
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for()
    page.locator(".jp-Notebook .jp-Cell .cm-content >> visible=true").first.click()
    page.keyboard.press("Shift+Enter")
    return page.locator(".jp-OutputArea-output >> visible=true").first


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_spec_shows_speclint_diagnostics_in_the_editor(lab: JupyterServer, page: Any) -> None:
    open_in_lab(page, lab, "specs/approvals.md")
    editor = page.locator(".jp-FileEditor .cm-content >> visible=true").first
    editor.wait_for()
    marks = page.locator(".jp-FileEditor .cm-lintRange >> visible=true")
    marks.first.wait_for()
    screenshot(page, "jupyterlab-spec-diagnostics.png")
    # the underlined words are words speclint flags in that file
    run = lint_paths([lab.root / "specs" / "approvals.md"], load_config(lab.root))
    spec = run.files[0].spec
    assert spec is not None
    flagged = {
        spec.index.line_text(f.range.start.line)[f.range.start.column - 1 : f.range.end.column - 1]
        for f in run.findings
        if f.range.start.line == f.range.end.line
    }
    first = marks.first.inner_text()
    assert first in flagged, (first, flagged)
    # hovering a mark shows the message speclint wrote for it
    marks.first.hover()
    tooltip = page.locator(".cm-tooltip >> visible=true").first
    tooltip.wait_for()
    messages = [f.message for f in run.findings]
    text = tooltip.inner_text()
    screenshot(page, "jupyterlab-spec-hover.png")
    assert any(m in text for m in messages), text


def test_spec_panel_in_a_notebook(lab: JupyterServer, page: Any) -> None:
    findings = cli_findings(lab.root, "specs")  # what `spec-lint check specs` reports
    n_specs = len(lint_paths([lab.root / "specs"], load_config(lab.root)).files)
    total = len(findings)
    families: dict[str, int] = {}
    for _path, rule, _line, _message in findings:
        family = rule.split("/", 1)[0]
        families[family] = families.get(family, 0) + 1
    family, count = min(families.items(), key=lambda kv: kv[1])

    open_in_lab(page, lab, "review.ipynb")
    panel = run_first_cell(page)
    panel.get_by_text(f"Showing {total} of {total} findings").wait_for()
    assert panel.get_by_text(f"{n_specs} specs · {total} findings").is_visible()

    # untick the smallest family: its findings leave the table
    panel.locator(".widget-checkbox", has_text=f"{family} ({count})").locator("input").click()
    panel.get_by_text(f"Showing {total - count} of {total} findings").wait_for()
    screenshot(page, "jupyterlab-panel-filtered.png")

    # a new placeholder on disk, then Refresh: one more finding
    page.get_by_text("Refresh when files change").click()  # the button alone refreshes now
    spec = lab.root / "specs" / "audit.md"
    spec.write_text(spec.read_text("utf-8") + "\n## Retention\n\nThe retention is TBD.\n", "utf-8")
    after = len(cli_findings(lab.root, "specs"))
    assert after > total
    panel.locator(".widget-button", has_text="Refresh").click()
    panel.get_by_text(f"{n_specs} specs · {after} findings").wait_for()
    panel.get_by_text("Readiness").click()
    panel.locator("table.speclint-summary").get_by_text("specs/audit.md").wait_for()
    screenshot(page, "jupyterlab-panel-readiness.png")

    # the coverage tab agrees with `spec-lint coverage`
    result = run_cli("coverage", "--format", "json", cwd=lab.root)
    summary = json.loads(result.stdout)["summary"]
    covered, required = summary["covered"], summary["requirement_sections"]
    panel.get_by_role("tab", name="Coverage").click()
    panel.get_by_text(f"{covered} of {required} requirement sections covered").wait_for()
    screenshot(page, "jupyterlab-panel-coverage.png")


def test_clarify_in_a_notebook_records_answers(lab: JupyterServer, page: Any) -> None:
    open_in_lab(page, lab, "review.ipynb")
    panel = run_first_cell(page)
    panel.get_by_text("refreshed at").wait_for()
    panel.get_by_role("tab", name="Clarify").click()
    spec_name = panel.locator(".widget-dropdown", has_text="Spec").locator("select")
    rel = spec_name.input_value().rsplit(" (", 1)[0]  # "specs/x.md (19 findings)"
    before = (lab.root / rel).read_text("utf-8")
    panel.get_by_role("button", name="Ask clarifying questions").click()
    panel.get_by_text("offline questions").wait_for()  # no API key in this server
    radios = panel.locator(".widget-radio-box")
    radios.first.wait_for()
    asked = radios.count()
    for i in range(asked):
        radios.nth(i).locator("label", has_text="A. ").locator("input").click()
    screenshot(page, "jupyterlab-panel-clarify.png")
    panel.get_by_role("button", name="Record answers").click()
    panel.get_by_text(f"in {rel} under ## Clarifications").wait_for()
    after = (lab.root / rel).read_text("utf-8")
    assert "## Clarifications" not in before and "## Clarifications" in after
    bullets = [line for line in after.splitlines() if line.startswith("- Q: ")]
    assert len(bullets) == asked and all(" → A: " in b for b in bullets)
