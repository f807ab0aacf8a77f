"""Start-up options, the first indexing (with work-done progress), config changes, commands."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types

from .. import gc_policy
from ..report.summary import plural
from .core import SpeclintServer
from .linking import Index

INDEX_TOKEN = "speclint/index"
LINT_WORKSPACE = "speclint.lintWorkspace"
CONFIG_GLOBS = ("**/speclint.toml", "**/.speclint.toml", "**/pyproject.toml")
LINKED_GLOBS = ("**/*.md", "**/*.feature", "**/*.yaml", "**/*.yml")


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.INITIALIZE)
    def initialize(ls: SpeclintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounceMs")
            if isinstance(debounce, (int, float)) and not isinstance(debounce, bool):
                ls.debounce = max(float(debounce), 0.0) / 1000
            docs = options.get("rulesDocUrl")
            if isinstance(docs, str) and docs:
                ls.docs_url = docs

    @ls.feature(types.INITIALIZED)
    def initialized(ls: SpeclintServer, params: types.InitializedParams) -> None:
        # Synchronous, so the index exists before the next message (a didOpen) is handled.
        ls.index_task = index_workspace(ls)
        if ls.client_supports("workspace.did_change_watched_files.dynamic_registration"):
            ls.watch_task = asyncio.ensure_future(_watch_or_say_why(ls))

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(
        ls: SpeclintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        names = {Path(ls.path_of(c.uri) or c.uri).name for c in params.changes}
        if names & {"speclint.toml", ".speclint.toml", "pyproject.toml"}:
            ls.forget_configs()
            ls.log_message("speclint: configuration changed, indexing and checking again")
            ls.index_task = asyncio.ensure_future(_reindex(ls))
        elif ls.index is not None:
            ls.forget_paths()  # files came or went: a symlink may point elsewhere
            # A scenario, twin or spec changed on disk: the index reads it, open files are
            # checked again when their findings may have changed.
            ls.index_task = asyncio.ensure_future(_update_from_disk(ls, params.changes))

    @ls.command(LINT_WORKSPACE)
    async def lint_workspace(ls: SpeclintServer, *args: Any) -> dict[str, int]:
        """Lint every spec of the workspace and push the results of each (open or not)."""
        files = findings = 0
        for uri in await ls.workspace_spec_uris():
            linted = await ls.current(uri)
            files += 1
            findings += len(linted.result.findings)
            if not ls.pull_diagnostics:
                ls.push_diagnostics(linted)
            ls.send_readiness(linted)
        return {"files": files, "findings": findings}


async def _reindex(ls: SpeclintServer) -> None:
    ls.index_runs += 1
    await index_workspace(ls, f"{INDEX_TOKEN}/{ls.index_runs}")  # re-lints queue behind it
    for uri in list(ls.workspace.text_documents):
        ls.published.pop(uri, None)
        if ls.is_spec(uri):
            ls.schedule(uri)
    if ls.pull_diagnostics and ls.client_supports("workspace.diagnostics.refresh_support"):
        ls.workspace_diagnostic_refresh(None)


async def _update_from_disk(ls: SpeclintServer, changes: Sequence[types.FileEvent]) -> None:
    index = ls.index
    if index is None:
        return
    loop = asyncio.get_running_loop()
    affected: set[str] = set()
    for change in changes:
        path = ls.path_of(change.uri)
        if path is None or change.uri in ls.workspace.text_documents:
            continue  # the editor's text wins over the disk for open files
        rel = index.ws.rel(path)
        affected |= await loop.run_in_executor(ls.lint_pool, index.forget_and_update, rel)
    for uri in (ls.uri_of(r, index.config) for r in affected):
        if uri in ls.workspace.text_documents:
            ls.published.pop(uri, None)
            ls.schedule(uri)


async def _watch_config_files(ls: SpeclintServer) -> None:
    watchers = [types.FileSystemWatcher(glob_pattern=g) for g in (*CONFIG_GLOBS, *LINKED_GLOBS)]
    await ls.client_register_capability_async(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="speclint-config-watch",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=watchers
                    ),
                )
            ]
        )
    )


def index_workspace(ls: SpeclintServer, token: str = INDEX_TOKEN) -> asyncio.Future[None]:
    """Build the workspace index (every spec, scenario and twin, linked) with progress.

    The index is set and its loading queued on the lint thread before this returns, so every
    lint asked for afterwards waits for it and sees the links.
    """
    started = time.perf_counter()
    progress = ls.client_supports("window.work_done_progress")
    root = ls.root()
    index = Index(ls.config_for(root / "speclint.toml"))
    ls.index = index
    loop = asyncio.get_running_loop()
    last = [-1]
    begun = [False]
    # The latest count seen and whether its report went out: a small workspace can load before
    # the client has accepted the progress token, and the client must still see the final count.
    latest: list[tuple[int, int] | None] = [None]
    final_sent = [False]

    def send(done: int, total: int) -> None:
        message = f"{done}/{total} files"
        percentage = done * 100 // max(total, 1)
        ls.work_done_progress.report(
            token, types.WorkDoneProgressReport(message=message, percentage=percentage)
        )

    def report(done: int, total: int) -> None:
        # Called on the lint thread: hop to the event loop, at most once per 5 percent.
        latest[0] = (done, total)
        step = done * 20 // max(total, 1)
        if progress and begun[0] and (step != last[0] or done == total):
            last[0] = step
            final_sent[0] = done == total
            loop.call_soon_threadsafe(send, done, total)

    def load() -> None:
        index.ws.load(progress=report)
        gc_policy.settle()  # the index stays: later collections need not walk it

    loading = loop.run_in_executor(ls.lint_pool, load)

    async def follow() -> None:
        if progress:
            await ls.work_done_progress.create_async(token)
            ls.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(title="speclint: indexing specs", percentage=0),
            )
            begun[0] = True
        await loading
        if progress and latest[0] is not None and not final_sent[0]:
            send(*latest[0])
        ws = index.ws
        seconds = time.perf_counter() - started
        summary = (
            f"indexed {plural(len(ws.specs), 'spec')}, "
            f"{plural(len(ws.scenario_files), 'scenario file')} and "
            f"{plural(len(ws.twin_files), 'twin')} in {seconds:.2f} s"
        )
        ls.log_message(f"speclint: {summary}")
        if progress:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=summary))
        ls.indexed.set()

    return asyncio.ensure_future(follow())


async def _watch_or_say_why(ls: SpeclintServer) -> None:
    try:
        await _watch_config_files(ls)
    except Exception as exc:  # works without: say that edits on disk need a restart
        ls.log_message(
            f"speclint: could not watch files ({exc}); "
            "restart the server after editing speclint.toml, scenarios or twins on disk",
            types.MessageType.Warning,
        )
