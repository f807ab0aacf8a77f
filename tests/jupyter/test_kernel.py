"""The panel inside a real IPython kernel, driven by nbclient as a notebook run would be."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def run_notebook(cells: list[str], cwd: Path) -> list[list[dict[str, object]]]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": cwd}}
    ).execute()
    return [list(cell.outputs) for cell in nb.cells]


def stdout(outputs: list[dict[str, object]]) -> str:
    return "".join(str(o.get("text", "")) for o in outputs if o.get("name") == "stdout")


def test_panel_in_a_kernel_lints_in_the_background_and_follows_edits(project: Path) -> None:
    spec = project / "specs" / "search.md"
    outputs = run_notebook(
        [
            "import asyncio\n"
            "from speclint_jupyter import SpecPanel\n"
            "panel = SpecPanel('.', poll_interval=0.1)\n"
            "panel",
            # the kernel's loop is running: the lint is a task, awaited at top level
            "await panel.wait_idle()\n"
            "print(panel.refreshes, panel.error, sorted({r.path for r in panel.visible_rows()\n"
            "    if r.rule == 'ambiguity/placeholder'}))",
            f"from pathlib import Path\n"
            f"spec = Path({str(spec)!r})\n"
            "spec.write_text(spec.read_text() + '\\nThe ranking is TBD.\\n')\n"
            "for _ in range(400):\n"
            "    await asyncio.sleep(0.05)\n"
            "    if panel.refreshes > 1:\n"
            "        break\n"
            "await panel.wait_idle()\n"
            "print(panel.refreshes > 1, [r.line for r in panel.visible_rows()"
            " if r.path == 'specs/search.md' and r.rule == 'ambiguity/placeholder'])",
        ],
        cwd=project,
    )
    shown = [o for o in outputs[0] if o.get("output_type") == "execute_result"]
    assert shown and WIDGET_MIME in shown[0]["data"]  # type: ignore[operator]
    assert stdout(outputs[1]).strip() == "1 None ['specs/checkout.md']"
    assert stdout(outputs[2]).strip() == "True [7]"
    assert not any(o.get("output_type") == "error" for cell in outputs for o in cell), json.dumps(
        outputs, default=str
    )
