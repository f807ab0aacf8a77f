"""`SpecPanel`: review a folder of specs (or one spec) inside a notebook.

Inside a kernel the asyncio loop is running: linting then happens in a worker thread and the
widgets are only touched from the loop's thread (progress is handed over with
`call_soon_threadsafe`), so the kernel keeps answering while a big folder is linted. Outside a
loop (a plain script, a test), every refresh runs synchronously instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
from speclint.model import Severity

from .render import coverage_html, findings_html, message_html, summary_html
from .review import Review, Row, Snapshot, load_review, take_snapshot, vanished

log = logging.getLogger(__name__)

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
DEFAULT_POLL_SECONDS = 1.0
# Checkboxes are 300 px wide by default: a filter bar of them would spread over several lines.
SNUG = widgets.Layout(width="auto", margin="0 12px 0 0")


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class SpecPanel(widgets.VBox):  # type: ignore[misc]
    """Findings, readiness and (when the index is available) coverage of a spec project.

    `SpecPanel("examples")` or `SpecPanel("specs/auth.md")`; the last expression of a cell
    displays it. `poll_interval` is how often, in seconds, files are checked for changes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ".",
        *,
        auto_refresh: bool = True,
        poll_interval: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        self.target = Path(path)
        self.poll_interval = poll_interval
        self.review: Review | None = None  # the last review that linted something
        self.error: str | None = None  # why the last refresh linted nothing
        self.refreshes = 0  # completed refreshes, for whoever waits on one
        self._snapshot: Snapshot = {}
        self._stamp = ""
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._watcher: asyncio.Task[None] | None = None

        self.title = widgets.HTML(f"<b>speclint</b> · {self.target}")
        self.refresh_button = widgets.Button(
            description="Refresh", icon="refresh", tooltip="Lint again now"
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.auto_refresh = widgets.Checkbox(
            value=auto_refresh, description="Refresh when files change", indent=False
        )
        self.auto_refresh.observe(self._on_auto_refresh, names="value")
        self.status = widgets.Label("")
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, description="Linting", layout=widgets.Layout(display="none")
        )
        self.notices = widgets.HTML("")
        self.severity_boxes = {
            sev: widgets.Checkbox(value=True, description=sev.label, indent=False, layout=SNUG)
            for sev in SEVERITIES
        }
        for box in self.severity_boxes.values():
            box.observe(self._on_filter, names="value")
        self.family_boxes: dict[str, widgets.Checkbox] = {}
        self.family_bar = widgets.HBox([])
        self.shown = widgets.Label("")
        self.findings_table = widgets.HTML("")
        self.summary_table = widgets.HTML("")
        self.coverage_table = widgets.HTML("")
        findings_tab = widgets.VBox(
            [
                widgets.HBox([widgets.Label("Severity:"), *self.severity_boxes.values()]),
                widgets.HBox([widgets.Label("Family:"), self.family_bar]),
                self.shown,
                self.findings_table,
            ]
        )
        self.tabs = widgets.Tab(children=[findings_tab, self.summary_table, self.coverage_table])
        self.tabs.titles = ("Findings", "Readiness", "Coverage")
        super().__init__(
            children=[
                widgets.HBox([self.title, self.refresh_button, self.auto_refresh]),
                self.status,
                self.progress,
                self.notices,
                self.tabs,
            ]
        )
        self.refresh()
        self._on_auto_refresh()

    # -- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Lint again: in the background inside a running loop, else right now."""
        loop = running_loop()
        if loop is None:
            self._start_progress()
            self._apply(self._load(self._set_progress))
            return
        if self._task is not None and not self._task.done():
            self._again = True  # files changed during this lint: one more when it ends
            return
        self._task = loop.create_task(self._refresh_until_current())

    async def wait_idle(self) -> None:
        """Return once no refresh is running (for notebooks and tests that chain on one)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _refresh_until_current(self) -> None:
        loop = asyncio.get_running_loop()
        again = True
        while again:
            self._again = False
            self._start_progress()

            def from_worker(done: int, total: int) -> None:
                loop.call_soon_threadsafe(self._set_progress, done, total)

            review = await loop.run_in_executor(None, self._load, from_worker)
            self._apply(review)
            again = self._again

    def _load(self, progress: Callable[[int, int], None]) -> Review:
        try:
            return load_review(self.target, progress)
        except Exception as exc:  # shown in the panel, never a traceback in the notebook
            log.debug("speclint panel: refresh of %s failed", self.target, exc_info=True)
            return Review(self.target, error=f"internal error while linting: {exc!r}")

    def _start_progress(self) -> None:
        self.status.value = "Linting…"
        self.progress.value = 0
        self.progress.layout.display = None

    def _set_progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.status.value = f"Linting {done}/{total} files…"

    def _apply(self, review: Review) -> None:
        self.progress.layout.display = "none"
        self._snapshot = review.snapshot
        notices = []
        if review.error is not None:
            self.error = review.error
            notices.append(message_html(review.error, "error"))
            if self.review is not None:
                notices.append(
                    message_html(
                        "The tables below still show the previous results "
                        f"({self._stamp}); they refresh when the problem is fixed.",
                        "info",
                    )
                )
        else:
            self.error = None
            for path in vanished(self.review, review):
                notices.append(
                    message_html(
                        f"{path} was deleted or renamed since the last refresh: "
                        "its findings are no longer listed.",
                        "warning",
                    )
                )
            for path, problem in review.unreadable.items():
                notices.append(message_html(f"{path}: {problem}", "error"))
            self.review = review
            self._stamp = time.strftime("%H:%M:%S")
            self._update_families()
            self.summary_table.value = summary_html(review.summaries)
            self.coverage_table.value = coverage_html(review.coverage, review.specs)
            self._render_findings()
        self.notices.value = "".join(notices)
        self.status.value = self._status_text()
        self.refreshes += 1

    def _status_text(self) -> str:
        if self.review is None:
            return "Nothing linted."
        n_specs = len(self.review.paths)
        n = len(self.review.rows)
        return (
            f"{n_specs} spec{'s' if n_specs != 1 else ''} · {n} finding{'s' if n != 1 else ''}"
            f" · refreshed at {self._stamp}"
        )

    # -- filters ---------------------------------------------------------------------------

    def _update_families(self) -> None:
        assert self.review is not None
        counts = self.review.family_counts()
        for family in list(self.family_boxes):
            if family not in counts:
                del self.family_boxes[family]
        for family in counts:
            if family not in self.family_boxes:
                box = widgets.Checkbox(value=True, indent=False, layout=SNUG)
                box.observe(self._on_filter, names="value")
                self.family_boxes[family] = box
        self._label_families()
        self.family_bar.children = [self.family_boxes[f] for f in counts]

    def _label_families(self) -> None:
        """Counts per family under the chosen severities, so the labels match the table."""
        assert self.review is not None
        counts = self.review.family_counts(self.selected_severities())
        for family, box in self.family_boxes.items():
            box.description = f"{family} ({counts.get(family, 0)})"

    def selected_severities(self) -> list[Severity]:
        return [sev for sev, box in self.severity_boxes.items() if box.value]

    def selected_families(self) -> list[str]:
        return [f for f, box in self.family_boxes.items() if box.value]

    def visible_rows(self) -> list[Row]:
        """The findings the table shows now, in its order."""
        if self.review is None:
            return []
        return self.review.select(self.selected_severities(), self.selected_families())

    def _on_filter(self, _change: object = None) -> None:
        if self.review is not None:
            self._label_families()
            self._render_findings()

    def _render_findings(self) -> None:
        assert self.review is not None
        rows = self.visible_rows()
        total = len(self.review.rows)
        self.shown.value = f"Showing {len(rows)} of {total} findings"
        self.findings_table.value = findings_html(rows, total)

    # -- watching files --------------------------------------------------------------------

    def _on_auto_refresh(self, _change: object = None) -> None:
        loop = running_loop()
        if self.auto_refresh.value and loop is not None and self._watcher is None:
            self._watcher = loop.create_task(self._watch())
        elif not self.auto_refresh.value and self._watcher is not None:
            self._watcher.cancel()
            self._watcher = None

    async def _watch(self) -> None:
        """Poll mtimes off the loop's thread; refresh when anything watched changed."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.poll_interval)
            if self._task is not None and not self._task.done():
                continue
            try:
                snapshot = await loop.run_in_executor(None, take_snapshot, self.target)
            except Exception:  # a watcher that dies silently would leave a stale panel
                log.debug("speclint panel: polling %s failed", self.target, exc_info=True)
                continue
            if snapshot != self._snapshot:
                self.refresh()
                await self.wait_idle()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            self._watcher = None
        super().close()
