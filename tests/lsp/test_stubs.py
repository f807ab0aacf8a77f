"""Code actions that create files: a scenario stub for an uncovered section, a twin stub for a
service without a twin; a free name is picked, an existing file is never overwritten."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import Session, StartSession, doc, push_capabilities, rng
from .test_links import indexed

SPEC = """\
# Pay

## REQ-1 Charge

The system must charge the card within 2 s through Stripe.

## Refunds {#refunds}

The system must refund the card within 5 days and post a note to Slack.

- FR-7 Partial refunds must be allowed.

## Disputes

The system must answer a dispute within 1 day.
"""
TWIN = "id: stripe\nclones: Stripe API\nstart: run\nendpoint: http://127.0.0.1:1\n"
# Takes the name the disputes stub would get: that stub goes to disputes-2.md.
OTHER = "---\nid: other\ncovers: [specs/pay.md#REQ-1]\n---\nGiven a card.\n"


def create_capabilities() -> types.ClientCapabilities:
    caps = push_capabilities()
    assert caps.workspace is not None and caps.workspace.workspace_edit is not None
    caps.workspace.workspace_edit.resource_operations = [types.ResourceOperationKind.Create]
    return caps


async def setup(start: StartSession, tmp_path: Path, **kw: object) -> tuple[Session, str]:
    for rel, text in (
        ("specs/pay.md", SPEC),
        ("twins/stripe.yaml", TWIN),
        ("scenarios/disputes.md", OTHER),
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    s = await start(**kw)
    await indexed(s)
    uri = s.open("specs/pay.md")
    await s.diagnostics(uri, version=1)
    return s, uri


async def actions(s: Session, uri: str, r: types.Range) -> list[types.CodeAction]:
    got = await s.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri), range=r, context=types.CodeActionContext(diagnostics=[])
        )
    )
    return [a for a in got or [] if isinstance(a, types.CodeAction)]


def created(action: types.CodeAction) -> tuple[str, str]:
    """(uri, text) of a create-file action: CreateFile, then one insertion into it."""
    assert action.edit is not None and action.edit.document_changes is not None
    create, fill = action.edit.document_changes
    assert isinstance(create, types.CreateFile)
    assert create.options == types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
    assert isinstance(fill, types.TextDocumentEdit) and fill.text_document.uri == create.uri
    (edit,) = fill.edits
    assert isinstance(edit, types.TextEdit) and edit.range == rng(0, 0, 0, 0)
    return create.uri, edit.new_text


async def test_scenario_stub_for_an_uncovered_section(start: StartSession, tmp_path: Path) -> None:
    s, spec = await setup(start, tmp_path, capabilities=create_capabilities())
    got = await actions(s, spec, rng(12, 4, 12, 4))
    (stub,) = [a for a in got if a.title == "Create a scenario stub for this section"]
    assert stub.diagnostics and stub.diagnostics[0].code == "links/uncovered-section"
    uri, text = created(stub)
    assert uri == s.uri("scenarios/disputes-2.md")
    assert text == (
        "---\nid: disputes\ntitle: Disputes\ncovers: [specs/pay.md#disputes]\n---\n\n"
        "Given ...\nWhen ...\nThen ...\n"
    )
    # Written as the editor would, the new scenario is clean and the section covered.
    (tmp_path / "scenarios" / "disputes-2.md").write_text(text, "utf-8")
    opened = s.open("scenarios/disputes-2.md")
    assert [d.code for d in await s.diagnostics(opened, version=1)] == []
    v = s.change(spec, SPEC + "\n")
    uncovered = [
        d.range for d in await s.diagnostics(spec, version=v) if d.code == "links/uncovered-section"
    ]
    assert uncovered == [rng(10, 2, 10, 6)]  # FR-7 only: Disputes is covered now


async def test_scenario_stub_for_an_uncovered_requirement_id(
    start: StartSession, tmp_path: Path
) -> None:
    s, spec = await setup(start, tmp_path, capabilities=create_capabilities())
    got = await actions(s, spec, rng(10, 3, 10, 3))
    (stub,) = [a for a in got if a.title == "Create a scenario stub for this section"]
    uri, text = created(stub)
    assert uri == s.uri("scenarios/fr-7.md")
    assert text.startswith("---\nid: fr-7\ntitle: FR-7 Refunds\ncovers: [FR-7]\n---\n")


async def test_twin_stub_for_a_missing_twin(start: StartSession, tmp_path: Path) -> None:
    s, spec = await setup(start, tmp_path, capabilities=create_capabilities())
    diags = [d for d in await s.diagnostics(spec, version=1) if d.code == "links/missing-twin"]
    assert [d.range for d in diags] == [rng(8, 65, 8, 70)]
    got = await actions(s, spec, diags[0].range)
    (stub,) = [a for a in got if a.title == "Create a twin stub for Slack"]
    uri, text = created(stub)
    assert uri == s.uri("twins/slack.yaml")
    assert text == (
        "id: slack\nclones: Slack\naliases: [Slack]\n"
        'start: ""\nendpoint: ""\ncovers_behaviour: []\n'
    )


async def test_no_stub_without_create_file_support(start: StartSession, tmp_path: Path) -> None:
    s, spec = await setup(start, tmp_path)
    titles = [a.title for a in await actions(s, spec, rng(12, 4, 12, 4))]
    assert "Create a scenario stub for this section" not in titles
    assert "Suppress links/uncovered-section on this line" in titles
