"""The terminal front end as a person sees it: colours on, rendered and photographed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from tests.conftest import EXAMPLES, ROOT, run_cli

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.mark.browser
def test_terminal_screenshot() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make chromium installs it)")
    from playwright.sync_api import sync_playwright

    r = run_cli("specs/approvals.md", cwd=EXAMPLES, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in r.stdout, "no colour on a forced terminal"
    console = Console(record=True, width=150, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(Text.from_ansi(f"$ spec-lint specs/approvals.md\n{r.stdout}"))
    html = console.export_html(inline_styles=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page_file = ARTIFACTS / "terminal.html"
    page_file.write_text(
        html.replace(
            "<body>", '<body style="background:#1e1e1e;color:#ddd;margin:0;padding:12px">'
        ),
        encoding="utf-8",
    )
    shot = ARTIFACTS / "terminal.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(page_file.as_uri())
        assert "ambiguity/" in page.inner_text("body")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 10_000
    assert isinstance(Path(shot), Path)
