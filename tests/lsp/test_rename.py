"""Rename a section id or requirement id: the heading and every scenario reference, in one
workspace edit; a slug id (not written in the file) is refused with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .conftest import Session, StartSession, doc, pos, rng
from .test_links import indexed

SPEC = """\
# Pay

## REQ-1 Charge

The system charges the card within 2 s.

## Refunds {#refunds}

The system refunds the card within 5 days.

- FR-7 Partial refunds are allowed.
"""
MD = """\
---
id: charge
covers: [specs/pay.md#REQ-1, "specs/pay.md#refunds", REQ-1, FR-7, specs/pay.md#FR-7]
---
Given a card.
"""
FEATURE = """\
@covers:specs/pay.md#refunds @REQ-1
Feature: Pay
  Scenario: Charge
    Given a card
"""


def write_project(root: Path) -> None:
    for rel, text in (
        ("specs/pay.md", SPEC),
        ("scenarios/charge.md", MD),
        ("scenarios/pay.feature", FEATURE),
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


async def opened(start: StartSession, tmp_path: Path) -> tuple[Session, str]:
    write_project(tmp_path)  # before the server starts: the first indexing reads it
    s = await start()
    await indexed(s)
    uri = s.open("specs/pay.md")
    await s.diagnostics(uri, version=1)
    return s, uri


def by_uri(edit: types.WorkspaceEdit | None) -> dict[str, list[tuple[types.Range, str]]]:
    assert edit is not None and edit.document_changes is not None
    out: dict[str, list[tuple[types.Range, str]]] = {}
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        out[change.text_document.uri] = [
            (e.range, e.new_text) for e in change.edits if isinstance(e, types.TextEdit)
        ]
    return out


async def rename(s: Session, uri: str, at: types.Position, new: str) -> types.WorkspaceEdit | None:
    return await s.client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=at, new_name=new)
    )


async def test_prepare_rename_gives_the_written_id(start: StartSession, tmp_path: Path) -> None:
    s, spec = await opened(start, tmp_path)
    got = await s.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(spec), position=pos(6, 5))
    )
    assert got == types.PrepareRenamePlaceholder(range=rng(6, 13, 6, 20), placeholder="refunds")
    got = await s.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(spec), position=pos(10, 3))
    )
    assert got == types.PrepareRenamePlaceholder(range=rng(10, 2, 10, 6), placeholder="FR-7")
    # Body text: nothing to rename.
    none = await s.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(spec), position=pos(4, 3))
    )
    assert none is None


async def test_prepare_rename_refuses_a_slug_id(start: StartSession, tmp_path: Path) -> None:
    s, spec = await opened(start, tmp_path)
    with pytest.raises(JsonRpcException) as err:
        await s.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc(spec), position=pos(0, 3))
        )
    assert "this section's id comes from its title; add {#id} to rename it" in str(err.value)


async def test_rename_braced_id_updates_heading_and_references(
    start: StartSession, tmp_path: Path
) -> None:
    s, spec = await opened(start, tmp_path)
    got = by_uri(await rename(s, spec, pos(6, 15), "refund-policy"))
    assert got == {
        spec: [(rng(6, 13, 6, 20), "refund-policy")],
        s.uri("scenarios/charge.md"): [(rng(2, 43, 2, 50), "refund-policy")],
        s.uri("scenarios/pay.feature"): [(rng(0, 21, 0, 28), "refund-policy")],
    }


async def test_rename_requirement_ids(start: StartSession, tmp_path: Path) -> None:
    s, spec = await opened(start, tmp_path)
    got = by_uri(await rename(s, spec, pos(2, 4), "REQ-10"))
    md = s.uri("scenarios/charge.md")
    assert got == {
        spec: [(rng(2, 3, 2, 8), "REQ-10")],
        md: [(rng(2, 22, 2, 27), "REQ-10"), (rng(2, 53, 2, 58), "REQ-10")],
        s.uri("scenarios/pay.feature"): [(rng(0, 30, 0, 35), "REQ-10")],
    }
    # A requirement item in a list: the item's id and both forms of reference.
    got = by_uri(await rename(s, spec, pos(10, 4), "FR-8"))
    assert got == {
        spec: [(rng(10, 2, 10, 6), "FR-8")],
        md: [(rng(2, 60, 2, 64), "FR-8"), (rng(2, 79, 2, 83), "FR-8")],
    }


async def test_rename_refuses_bad_names(start: StartSession, tmp_path: Path) -> None:
    s, spec = await opened(start, tmp_path)
    for at, new, reason in (
        (pos(2, 4), "charge", "is not a requirement id"),
        (pos(6, 15), "two words", "is not a valid id"),
        (pos(6, 15), "REQ-1", "already has an id 'REQ-1'"),
        (pos(0, 3), "pay2", "comes from its title"),
    ):
        with pytest.raises(JsonRpcException) as err:
            await rename(s, spec, at, new)
        assert reason in str(err.value)


async def test_rename_from_a_scenario_reference(start: StartSession, tmp_path: Path) -> None:
    s, spec = await opened(start, tmp_path)
    md = s.open("scenarios/charge.md")
    await s.diagnostics(md, version=1)
    got = await s.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(md), position=pos(2, 45))
    )
    assert got == types.PrepareRenamePlaceholder(range=rng(2, 43, 2, 50), placeholder="refunds")
    assert by_uri(await rename(s, md, pos(2, 45), "refund-policy")) == {
        spec: [(rng(6, 13, 6, 20), "refund-policy")],
        md: [(rng(2, 43, 2, 50), "refund-policy")],
        s.uri("scenarios/pay.feature"): [(rng(0, 21, 0, 28), "refund-policy")],
    }
    # A bare requirement id in a Gherkin tag.
    feature = s.open("scenarios/pay.feature")
    got = await s.client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(feature), position=pos(0, 32))
    )
    assert got == types.PrepareRenamePlaceholder(range=rng(0, 30, 0, 35), placeholder="REQ-1")
    # A reference to a section whose id is its title's slug: refused with the reason.
    other = s.open(
        "scenarios/other.md", "---\nid: other\ncovers: [specs/pay.md#pay]\n---\nGiven.\n"
    )
    await s.diagnostics(other, version=1)
    with pytest.raises(JsonRpcException) as err:
        await s.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc(other), position=pos(2, 24))
        )
    assert "add {#id} to rename it" in str(err.value)
