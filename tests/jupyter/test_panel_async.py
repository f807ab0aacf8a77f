"""Inside a running asyncio loop (as in a kernel): background lints and file watching."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from speclint_jupyter import SpecPanel

WAIT_SECONDS = 20.0  # generous: the machine is shared; conditions end the wait, not the clock


async def until(condition: Callable[[], bool], what: str) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(poll(), WAIT_SECONDS)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for: {what}") from None


async def test_lint_runs_in_the_background(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    # the constructor returned before linting: the work is a task on the loop
    assert panel.refreshes == 0
    await panel.wait_idle()
    assert panel.refreshes == 1
    assert any(r.rule == "ambiguity/placeholder" for r in panel.visible_rows())


async def test_edit_on_disk_refreshes_the_panel(project: Path) -> None:
    panel = SpecPanel(project, poll_interval=0.05)
    try:
        await panel.wait_idle()
        done = panel.refreshes
        spec = project / "specs" / "search.md"
        spec.write_text(spec.read_text("utf-8") + "\nThe ranking model is TBD.\n", "utf-8")
        await until(lambda: panel.refreshes > done, "a refresh after the edit")
        await panel.wait_idle()
        assert any(
            r.path == "specs/search.md" and r.rule == "ambiguity/placeholder"
            for r in panel.visible_rows()
        )
    finally:
        panel.close()


async def test_new_and_deleted_specs_are_noticed(project: Path) -> None:
    panel = SpecPanel(project, poll_interval=0.05)
    try:
        await panel.wait_idle()
        (project / "specs" / "new.md").write_text("# New\n\nOwner is TBD.\n", "utf-8")
        await until(
            lambda: panel.review is not None and "specs/new.md" in panel.review.paths,
            "the new spec listed",
        )
        (project / "specs" / "checkout.md").unlink()
        await until(lambda: "specs/checkout.md was deleted" in panel.notices.value, "a notice")
        assert all(r.path != "specs/checkout.md" for r in panel.visible_rows())
    finally:
        panel.close()


async def test_no_refresh_when_nothing_changed(project: Path) -> None:
    panel = SpecPanel(project, poll_interval=0.02)
    try:
        await panel.wait_idle()
        polls = 0

        async def count_polls() -> None:
            nonlocal polls
            while polls < 20:  # twenty poll intervals
                await asyncio.sleep(0.02)
                polls += 1

        await count_polls()
        assert panel.refreshes == 1
    finally:
        panel.close()


async def test_unticking_auto_refresh_stops_watching(project: Path) -> None:
    panel = SpecPanel(project, poll_interval=0.02)
    await panel.wait_idle()
    panel.auto_refresh.value = False
    await asyncio.sleep(0)  # let the cancelled watcher finish
    (project / "specs" / "new.md").write_text("# New\n\nTBD\n", "utf-8")
    for _ in range(20):
        await asyncio.sleep(0.02)
    assert panel.refreshes == 1
    panel.refresh_button.click()
    await panel.wait_idle()
    assert panel.review is not None and "specs/new.md" in panel.review.paths


async def test_the_loop_keeps_running_during_a_big_lint(project: Path) -> None:
    paragraph = "The export is TBD. " * 40 + "\n\n"
    for i in range(100):
        (project / "specs" / f"big{i:03}.md").write_text(
            f"# Big {i}\n\n## Part one\n\n{paragraph * 3}## Part two\n\n{paragraph * 3}", "utf-8"
        )
    panel = SpecPanel(project, auto_refresh=False)
    beats = 0
    progress_seen: list[int] = []
    panel.progress.observe(lambda c: progress_seen.append(c["new"]), names="value")

    async def heartbeat() -> None:
        nonlocal beats
        while True:
            await asyncio.sleep(0.005)
            beats += 1

    beating = asyncio.create_task(heartbeat())
    await panel.wait_idle()
    beating.cancel()
    # other coroutines ran while the folder was linted, and the bar moved step by step
    assert beats >= 3, beats
    assert progress_seen[-1] == 102 and len(set(progress_seen)) > 3
    assert panel.review is not None and len(panel.review.paths) == 102
