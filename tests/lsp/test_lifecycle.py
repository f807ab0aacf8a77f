"""Start-up and workspace: indexing progress, config problems and changes, commands, transports."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient as PlainClient

from .conftest import WAIT, StartSession, rng


def make_project(root: Path, specs: int = 3) -> None:
    for i in range(specs):
        path = root / "specs" / f"s{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Spec {i}\n\nThe limit is ???.\n", encoding="utf-8")


async def test_first_indexing_reports_work_done_progress(
    start: StartSession, tmp_path: Path
) -> None:
    make_project(tmp_path, specs=60)
    s = await start()
    token = "speclint/index"
    await s.until(
        lambda: any(
            isinstance(v, types.WorkDoneProgressEnd)
            for v in s.client.progress_reports.get(token, [])
        )
    )
    reports = s.client.progress_reports[token]
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "speclint: indexing specs"
    middle = [r for r in reports if isinstance(r, types.WorkDoneProgressReport)]
    # One report per 5 percent at most, counting up to every file.
    assert 1 <= len(middle) <= 21
    assert middle[-1].message == "60/60 files" and middle[-1].percentage == 100
    assert [r.percentage for r in middle] == sorted(r.percentage or 0 for r in middle)
    end = reports[-1]
    assert isinstance(end, types.WorkDoneProgressEnd)
    assert end.message is not None
    assert end.message.startswith("indexed 60 specs, 0 scenario files and 0 twins in ")


async def test_bad_config_is_logged_and_defaults_are_used(
    start: StartSession, tmp_path: Path
) -> None:
    make_project(tmp_path, specs=1)
    (tmp_path / "speclint.toml").write_text('fail_on = "sometimes"\n', encoding="utf-8")
    s = await start()
    uri = s.open("specs/s0.md")
    diags = await s.diagnostics(uri, version=1)
    assert [d.code for d in diags] == ["ambiguity/placeholder"]
    errors = [m for m in s.client.log_messages if m.type == types.MessageType.Error]
    assert len(errors) == 1  # once, not once per lint
    assert "speclint.toml" in errors[0].message and "fail_on" in errors[0].message
    assert "using the default settings" in errors[0].message


async def test_config_change_on_disk_relints_open_specs(
    start: StartSession, tmp_path: Path
) -> None:
    make_project(tmp_path, specs=1)
    s = await start()
    await s.until(
        lambda: any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in s.registrations)
    )
    uri = s.open("specs/s0.md")
    assert [d.code for d in await s.diagnostics(uri, version=1)] == ["ambiguity/placeholder"]
    config = tmp_path / "speclint.toml"
    config.write_text('[rules]\n"ambiguity/placeholder" = "off"\n', encoding="utf-8")
    published = len(s.published)
    s.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await s.until(lambda: len(s.published) > published and s.published[-1].uri == uri)
    assert s.published[-1].diagnostics == ()
    # And an error in the config, written later, shows up in the log.
    config.write_text("rules = 3\n", encoding="utf-8")
    s.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await s.until(lambda: any(m.type == types.MessageType.Error for m in s.client.log_messages))


async def test_lint_workspace_command_pushes_every_spec(
    start: StartSession, tmp_path: Path
) -> None:
    make_project(tmp_path, specs=3)
    s = await start()
    result = await s.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="speclint.lintWorkspace", arguments=[])
    )
    assert result is not None
    assert (result["files"], result["findings"]) == (3, 3)
    uris = {(tmp_path / "specs" / f"s{i}.md").as_uri() for i in range(3)}
    assert {p.uri for p in s.published} == uris
    for p in s.published:
        assert [d.range for d in p.diagnostics] == [rng(2, 13, 2, 16)]
    await s.until(lambda: {r["uri"] for r in s.readiness} >= uris)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_tcp_transport(tmp_path: Path) -> None:
    make_project(tmp_path, specs=1)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "speclint", "lsp", "--tcp", f"127.0.0.1:{port}"],
        stderr=subprocess.DEVNULL,
    )
    client = PlainClient("tcp-test", "1")
    diagnostics: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda p: diagnostics.put_nowait(p))
    try:
        for _ in range(100):  # the server needs a moment to listen
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.1)
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri()
                )
            ),
            WAIT,
        )
        client.initialized(types.InitializedParams())
        uri = (tmp_path / "specs" / "s0.md").as_uri()
        text = (tmp_path / "specs" / "s0.md").read_text("utf-8")
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        got = await asyncio.wait_for(diagnostics.get(), WAIT)
        assert got.uri == uri and [d.code for d in got.diagnostics] == ["ambiguity/placeholder"]
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(client.stop(), WAIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # only when the test failed before `exit`
            proc.kill()
            proc.wait()


def test_bad_address_is_a_usage_error() -> None:
    from tests.conftest import run_cli

    result = run_cli("lsp", "--tcp", "nowhere")
    assert result.returncode == 2
    assert "expected HOST:PORT" in result.stderr
