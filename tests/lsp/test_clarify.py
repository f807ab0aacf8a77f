"""The "Ask clarifying questions" command: questions shown with their options as buttons, the
chosen answers applied as one edit. Offline (no API key): questions come from the findings."""

from __future__ import annotations

import os

from lsprotocol import types

from .conftest import StartSession

SPEC = """\
# Sessions

## Timeout

The session timeout is TBD.
"""


async def test_clarify_asks_and_applies_the_answers(start: StartSession) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    s = await start(env=env)
    uri = s.open("specs/sessions.md", SPEC)
    await s.diagnostics(uri, version=1)
    result = await s.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="speclint.clarify", arguments=[uri, 4])
    )
    assert result["offline"] is True
    assert result["questions"] == len(s.message_requests) >= 1
    first = s.message_requests[0]
    assert "TBD" in first.message
    assert first.actions and first.actions[0].title.startswith("A: ")
    # Every question was answered with its first option, and the answers came back as one edit.
    assert result["answered"] == result["questions"] and result["applied"] is True
    (edit,) = s.applied_edits
    assert edit.document_changes is not None
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri and change.text_document.version == 1
    inserted = "".join(e.new_text for e in change.edits if isinstance(e, types.TextEdit))
    assert "## Clarifications" in inserted and "- Q: " in inserted and " → A: " in inserted


async def test_clarify_refuses_a_line_outside_any_section(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/plain.md", "No heading here.\n")
    try:
        await s.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="speclint.clarify", arguments=[uri, 0])
        )
    except Exception as exc:
        assert "no section at line 1" in str(exc)
    else:
        raise AssertionError("expected an error response")
