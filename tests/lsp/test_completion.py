"""Completion in scenario files: section and requirement ids after `covers`, twin ids after
`twins`, in front matter and in Gherkin tags; each item replaces the text already typed."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import Session, StartSession, doc, pos, rng
from .test_links import indexed

SPEC = """\
# Pay

## REQ-1 Charge

The system charges the card within 2 s through Stripe.

## Refunds {#refunds}

The system refunds the card within 5 days.
"""
TWIN = "id: stripe\nclones: Stripe API\nstart: run\nendpoint: http://127.0.0.1:1\n"
SCENARIO = "---\nid: charge\ncovers: [specs/pay.md#REQ-1]\ntwins: [stripe]\n---\nGiven a card.\n"

SECTIONS = ["specs/pay.md#pay", "specs/pay.md#REQ-1", "specs/pay.md#refunds", "REQ-1"]


def write_project(root: Path) -> None:
    for rel, text in (
        ("specs/pay.md", SPEC),
        ("twins/stripe.yaml", TWIN),
        ("scenarios/charge.md", SCENARIO),
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


async def complete(s: Session, uri: str, line: int, character: int) -> types.CompletionList | None:
    got = await s.client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=pos(line, character))
    )
    assert got is None or isinstance(got, types.CompletionList)
    return got


def edits(got: types.CompletionList | None) -> list[tuple[str, types.Range]]:
    assert got is not None
    out = []
    for item in got.items:
        assert isinstance(item.text_edit, types.TextEdit)
        assert item.text_edit.new_text == item.label
        out.append((item.label, item.text_edit.range))
    return out


async def test_front_matter_covers_and_twins(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    text = "---\nid: new\ncovers: [specs/pay.md#re, REQ-1]\ntwins:\n  - st\n---\nGiven.\n"
    uri = s.open("scenarios/new.md", text)
    # Inside `specs/pay.md#re`: the typed prefix (from after `[`) is replaced.
    assert edits(await complete(s, uri, 2, 22)) == [(x, rng(2, 9, 2, 22)) for x in SECTIONS]
    got = await complete(s, uri, 2, 22)
    assert got is not None
    kinds = {i.label: (i.kind, i.detail) for i in got.items}
    assert kinds["specs/pay.md#refunds"] == (types.CompletionItemKind.Reference, "Refunds")
    assert kinds["REQ-1"] == (types.CompletionItemKind.Constant, "requirement")
    # A twins list item.
    assert edits(await complete(s, uri, 4, 6)) == [("stripe", rng(4, 4, 4, 6))]
    # On the `id` line, on a key being typed, and in the body: nothing.
    assert await complete(s, uri, 1, 6) is None
    assert await complete(s, uri, 3, 3) is None
    assert await complete(s, uri, 6, 3) is None


async def test_gherkin_tags(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    text = (
        "@covers:specs/pay.md#R @REQ- @twin:s\nFeature: Pay\n  Scenario: Charge\n    Given a card\n"
    )
    uri = s.open("scenarios/pay.feature", text)
    assert edits(await complete(s, uri, 0, 22)) == [(x, rng(0, 8, 0, 22)) for x in SECTIONS]
    assert edits(await complete(s, uri, 0, 28)) == [("REQ-1", rng(0, 24, 0, 28))]
    assert edits(await complete(s, uri, 0, 36)) == [("stripe", rng(0, 35, 0, 36))]
    assert await complete(s, uri, 2, 10) is None


async def test_no_completion_in_a_spec(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    uri = s.open("specs/pay.md")
    assert await complete(s, uri, 2, 4) is None
