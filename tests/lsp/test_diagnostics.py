"""Diagnostics pushed on open and change, pulled when the client pulls, and the readiness note."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import StartSession, doc, pull_capabilities, rng

SPEC = """\
# Checkout

## Payment

The timeout is TBD.
"""


def placeholders(diags: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == "ambiguity/placeholder"]


async def test_open_pushes_diagnostics_with_rule_code_and_docs_link(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    (d,) = placeholders(await s.diagnostics(uri, version=1))
    assert d.range == rng(4, 15, 4, 18)
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.source == "speclint"
    assert "placeholder" in d.message
    assert d.code_description is not None
    assert d.code_description.href.endswith("docs/rules.md#ambiguityplaceholder")


async def test_change_republishes_for_the_new_version(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    assert placeholders(await s.diagnostics(uri, version=1))
    # Replace "TBD" by a decision: the finding goes away in version 2.
    v = s.change(uri, "30 minutes", rng(4, 15, 4, 18))
    assert placeholders(await s.diagnostics(uri, version=v)) == []
    # And an edit that adds one on another line is placed exactly.
    v = s.change(uri, "Refunds: TODO\n", rng(2, 0, 2, 0))
    (d,) = placeholders(await s.diagnostics(uri, version=v))
    assert d.range == rng(2, 9, 2, 13)


async def test_close_clears_diagnostics(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    await s.diagnostics(uri, version=1)
    s.client.text_document_did_close(types.DidCloseTextDocumentParams(doc(uri)))
    await s.until(lambda: s.published[-1].uri == uri and s.published[-1].diagnostics == ())
    assert s.published[-1].version is None


async def test_storm_of_changes_publishes_only_the_newest_text(start: StartSession) -> None:
    s = await start(options={"debounceMs": 50})
    uri = s.open("specs/pay.md", SPEC)
    await s.diagnostics(uri, version=1)
    before = len(s.published)
    # 1,000 edits (versions 2..1001); even versions keep a TBD in the text, odd ones do not.
    for i in range(1000):
        text = SPEC if i % 2 == 0 else SPEC.replace("TBD", "30 minutes")
        s.change(uri, text)
    final = s.versions[uri]
    assert final == 1001
    diags = await s.diagnostics(uri, version=final)
    assert placeholders(diags) == []  # version 1001 is an even edit: no TBD
    storm = s.published[before:]
    # Never an older version after a newer one, and far fewer lints than edits.
    versions = [p.version for p in storm if p.uri == uri]
    assert versions == sorted(versions)
    assert len(versions) < 100
    # Every published result matches the text of its own version.
    for p in storm:
        assert p.version is not None
        has_tbd = p.version % 2 == 0
        assert bool(placeholders(list(p.diagnostics))) == has_tbd


async def test_readiness_follows_each_publish(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    diags = await s.diagnostics(uri, version=1)
    await s.until(lambda: any(r["uri"] == uri for r in s.readiness))
    note = [r for r in s.readiness if r["uri"] == uri][-1]
    assert note == {"uri": uri, "findings": len(diags), "coverage": None}


async def test_pull_client_gets_reports_and_no_push(start: StartSession) -> None:
    s = await start(capabilities=pull_capabilities())
    uri = s.open("specs/pay.md", SPEC)
    report = await s.client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    (d,) = placeholders(list(report.items))
    assert d.range == rng(4, 15, 4, 18)
    assert report.result_id
    again = await s.client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(uri), previous_result_id=report.result_id)
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == report.result_id
    # After an edit the same result id no longer holds.
    s.change(uri, SPEC.replace("TBD", "TBD and TODO"))
    changed = await s.client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=doc(uri), previous_result_id=report.result_id)
    )
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert [d.range for d in placeholders(list(changed.items))] == [
        rng(4, 15, 4, 18),
        rng(4, 23, 4, 27),
    ]
    assert s.published == []


async def test_workspace_diagnostics_cover_specs_on_disk(
    start: StartSession, tmp_path: Path
) -> None:
    # On disk before the server starts, so the first index (built in the background) has them.
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.md").write_text("# A\n\nTBD\n", encoding="utf-8")
    (tmp_path / "specs" / "b.md").write_text(
        "# B\n\nThe session expires after 30 minutes.\n", encoding="utf-8"
    )
    s = await start(capabilities=pull_capabilities())
    on_disk, clean = s.uri("specs/a.md"), s.uri("specs/b.md")
    report = await s.client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    by_uri = {item.uri: item for item in report.items}
    assert set(by_uri) == {on_disk, clean}
    a = by_uri[on_disk]
    assert isinstance(a, types.WorkspaceFullDocumentDiagnosticReport)
    assert [d.range for d in placeholders(list(a.items))] == [rng(2, 0, 2, 3)]
    # Asked again with the result ids it got, nothing changed.
    again = await s.client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(
            previous_result_ids=[
                types.PreviousResultId(uri=i.uri, value=i.result_id or "") for i in report.items
            ]
        )
    )
    assert all(isinstance(i, types.WorkspaceUnchangedDocumentDiagnosticReport) for i in again.items)


@pytest.mark.parametrize("rel", ["scenarios/checkout.md", "twins/stripe.yaml"])
async def test_scenario_and_twin_files_get_no_spec_rules(start: StartSession, rel: str) -> None:
    s = await start()
    await s.until(lambda: bool(s.client.progress_reports.get("speclint/index")))
    other = s.open(rel, "---\nid: x\n---\nGiven TBD\n")
    # Only the links rules read scenario and twin files; "TBD" is not a spec's placeholder here.
    diags = await s.diagnostics(other, version=1)
    assert all(str(d.code).startswith("links/") for d in diags)
