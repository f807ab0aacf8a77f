"""Code actions: a finding's fix as a quick fix; "suppress RULE on this line" that really works."""

from __future__ import annotations

from lsprotocol import types

from .conftest import SERVER_WITH_TEST_RULES, Session, StartSession, doc, push_capabilities, rng

SPEC = """\
# Look

The colour is red and the size is TBD.

- Items:
  - The border is TBD.
"""


async def actions(s: Session, uri: str, r: types.Range, **ctx: object) -> list[types.CodeAction]:
    got = await s.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=r,
            context=types.CodeActionContext(diagnostics=[], **ctx),  # type: ignore[arg-type]
        )
    )
    return [a for a in got or [] if isinstance(a, types.CodeAction)]


def only_edit(action: types.CodeAction) -> tuple[int | None, list[types.TextEdit]]:
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return change.text_document.version, [e for e in change.edits if isinstance(e, types.TextEdit)]


async def test_fix_is_offered_as_preferred_quick_fix(start: StartSession) -> None:
    s = await start(server=SERVER_WITH_TEST_RULES)
    uri = s.open("specs/look.md", SPEC)
    got = await actions(s, uri, rng(2, 5, 2, 5))  # cursor inside "colour"
    fix = next(a for a in got if a.title == "Replace with 'color'")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred is True
    assert fix.diagnostics and fix.diagnostics[0].code == "structure/test-fixable"
    version, edits = only_edit(fix)
    assert version == 1
    assert [(e.range, e.new_text) for e in edits] == [(rng(2, 4, 2, 10), "color")]


async def test_suppress_inserts_a_comment_above_and_the_finding_goes(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/look.md", SPEC)
    got = await actions(s, uri, rng(2, 34, 2, 37))  # "TBD"
    (suppress,) = [a for a in got if a.title == "Suppress ambiguity/placeholder on this line"]
    _, edits = only_edit(suppress)
    assert [(e.range, e.new_text) for e in edits] == [
        (rng(2, 0, 2, 0), "<!-- speclint-disable-next-line ambiguity/placeholder -->\n")
    ]
    # Apply it as an editor would: the TBD on that line is no longer reported, the other one is.
    lines = SPEC.splitlines(keepends=True)
    lines.insert(2, edits[0].new_text)
    v = s.change(uri, "".join(lines))
    diags = [d for d in await s.diagnostics(uri, version=v) if d.code == "ambiguity/placeholder"]
    assert [d.range for d in diags] == [rng(6, 18, 6, 21)]


async def test_suppress_in_a_nested_list_keeps_the_indentation(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/look.md", SPEC)
    got = await actions(s, uri, rng(5, 18, 5, 18))
    (suppress,) = [a for a in got if a.title.startswith("Suppress ambiguity/placeholder")]
    _, edits = only_edit(suppress)
    assert edits[0].new_text == "  <!-- speclint-disable-next-line ambiguity/placeholder -->\n"


async def test_suppress_joins_an_existing_comment(start: StartSession) -> None:
    s = await start(server=SERVER_WITH_TEST_RULES)
    text = "# Look\n\n<!-- speclint-disable-next-line ambiguity/placeholder -->\nThe colour.\n"
    uri = s.open("specs/look.md", text)
    got = await actions(s, uri, rng(3, 5, 3, 5))
    (suppress,) = [a for a in got if a.title == "Suppress structure/test-fixable on this line"]
    _, edits = only_edit(suppress)
    assert [(e.range, e.new_text) for e in edits] == [
        (rng(2, 53, 2, 53), " structure/test-fixable")
    ]


async def test_only_other_kinds_gets_nothing_and_clean_text_gets_nothing(
    start: StartSession,
) -> None:
    s = await start()
    uri = s.open("specs/look.md", SPEC)
    assert await actions(s, uri, rng(2, 34, 2, 37), only=[types.CodeActionKind.Source]) == []
    assert await actions(s, uri, rng(0, 0, 0, 3)) == []


async def test_unversioned_edit_for_clients_without_document_changes(start: StartSession) -> None:
    caps = push_capabilities()
    assert caps.workspace is not None
    caps.workspace.workspace_edit = None
    s = await start(capabilities=caps)
    uri = s.open("specs/look.md", SPEC)
    (suppress,) = [
        a
        for a in await actions(s, uri, rng(2, 34, 2, 37))
        if a.title == "Suppress ambiguity/placeholder on this line"
    ]
    assert suppress.edit is not None and suppress.edit.changes is not None
    assert list(suppress.edit.changes) == [uri]
