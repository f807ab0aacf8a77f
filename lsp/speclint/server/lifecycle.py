"""Start-up options, the first indexing (with work-done progress), config changes, commands."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from lsprotocol import types

from ..config import Config
from ..engine import FileResult, lint_file
from .core import SpeclintServer

INDEX_TOKEN = "speclint/index"
LINT_WORKSPACE = "speclint.lintWorkspace"
CONFIG_GLOBS = ("**/speclint.toml", "**/.speclint.toml", "**/pyproject.toml")
_BATCH = 25  # files per trip to the worker thread: fewer hops, still frequent progress


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
    async def initialized(ls: SpeclintServer, params: types.InitializedParams) -> None:
        ls.index_task = asyncio.ensure_future(index_workspace(ls))
        if ls.client_supports("workspace.did_change_watched_files.dynamic_registration"):
            try:
                await _watch_config_files(ls)
            except (
                Exception
            ) as exc:  # the server works without; say why config edits need a restart
                ls.log_message(
                    f"speclint: could not watch config files ({exc}); "
                    "restart the server after editing speclint.toml",
                    types.MessageType.Warning,
                )

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(
        ls: SpeclintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        names = {Path(ls.path_of(c.uri) or c.uri).name for c in params.changes}
        if names & {"speclint.toml", ".speclint.toml", "pyproject.toml"}:
            ls.forget_configs()
            ls.log_message("speclint: configuration changed, checking open specs again")
            for uri in list(ls.workspace.text_documents):
                ls.published.pop(uri, None)
                if ls.is_spec(uri):
                    ls.schedule(uri)
            if ls.pull_diagnostics and ls.client_supports("workspace.diagnostics.refresh_support"):
                ls.workspace_diagnostic_refresh(None)

    @ls.command(LINT_WORKSPACE)
    async def lint_workspace(ls: SpeclintServer, *args: Any) -> dict[str, int]:
        """Lint every spec of the workspace and push the results of each (open or not)."""
        files = findings = 0
        for uri in await ls.workspace_spec_uris():
            linted = await ls.current(uri)
            files += 1
            findings += len(linted.result.findings)
            if not ls.pull_diagnostics:
                ls.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=uri, diagnostics=linted.diagnostics(ls.docs_url), version=linted.version
                    )
                )
            ls.send_readiness(linted)
        return {"files": files, "findings": findings}


async def _watch_config_files(ls: SpeclintServer) -> None:
    watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
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


async def index_workspace(ls: SpeclintServer) -> None:
    """Read every spec of the workspace once, showing progress; report problems in the log."""
    started = time.perf_counter()
    progress = ls.client_supports("window.work_done_progress")
    if progress:
        await ls.work_done_progress.create_async(INDEX_TOKEN)
        ls.work_done_progress.begin(
            INDEX_TOKEN,
            types.WorkDoneProgressBegin(title="speclint: indexing specs", percentage=0),
        )
    uris = [u for u in await ls.workspace_spec_uris() if ls.path_of(u)]
    loop = asyncio.get_running_loop()
    total = len(uris)
    findings = 0
    for start in range(0, total, _BATCH):
        batch = uris[start : start + _BATCH]
        # Configs are looked up here, on the event loop: a bad one is logged from this thread.
        jobs = [(path, ls.config_for(path)) for path in map(ls.path_of, batch) if path]
        results = await loop.run_in_executor(ls.lint_pool, _lint_batch, jobs)
        for uri, result in zip(batch, results, strict=True):
            ls.disk_results[uri] = result
            findings += len(result.findings)
        if progress:
            done = start + len(batch)
            ls.work_done_progress.report(
                INDEX_TOKEN,
                types.WorkDoneProgressReport(
                    message=f"{done}/{total} specs", percentage=done * 100 // max(total, 1)
                ),
            )
    seconds = time.perf_counter() - started
    summary = f"indexed {total} specs in {seconds:.2f} s: {findings} findings"
    ls.log_message(f"speclint: {summary}")
    if progress:
        ls.work_done_progress.end(INDEX_TOKEN, types.WorkDoneProgressEnd(message=summary))
    ls.indexed.set()


def _lint_batch(jobs: list[tuple[Path, Config]]) -> list[FileResult]:
    out = []
    for path, config in jobs:
        result = lint_file(path, config)
        # Only counts are kept for closed files: the parsed model is rebuilt on open.
        out.append(FileResult(result.path, None, result.findings))
    return out
