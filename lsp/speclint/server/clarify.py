""" "Ask clarifying questions" for a section: in the background, with work-done progress that the
user can cancel; each question as a message with its options as buttons; the answers applied as
one WorkspaceEdit (so undo works). The questions themselves come from `speclint.clarify`."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from lsprotocol import types

from ..clarify import Answer, ClarifyCancelled, ClarifyError, answers_to_edits, ask_async
from .actions import workspace_edit
from .convert import text_edit
from .core import SpeclintServer

CLARIFY = "speclint.clarify"
LENS_TITLE = "Ask clarifying questions"


def lens(uri: str, line: int, rng: types.Range) -> types.CodeLens:
    return types.CodeLens(
        range=rng, command=types.Command(title=LENS_TITLE, command=CLARIFY, arguments=[uri, line])
    )


def register(ls: SpeclintServer) -> None:
    @ls.command(CLARIFY)
    async def clarify(ls: SpeclintServer, *args: Any) -> dict[str, Any]:
        """`[uri, line]` (0-based line inside the section): ask, show, apply."""
        if len(args) != 2 or not isinstance(args[0], str) or not isinstance(args[1], int):
            raise ValueError("expected [uri, line]")
        uri, line = args
        linted = await ls.current(uri)
        spec = linted.result.spec
        section = spec.section_at_line(line + 1) if spec is not None else None
        if spec is None or section is None:
            raise ValueError(f"no section at line {line + 1} of {uri}")
        cancel = threading.Event()
        token = f"speclint/clarify/{uuid.uuid4().hex[:8]}"
        progress = ls.client_supports("window.work_done_progress")
        if progress:
            await ls.work_done_progress.create_async(token)
            ls.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(
                    title=f"speclint: clarifying questions for #{section.id}", cancellable=True
                ),
            )
            # The user's cancel button cancels the token's future: stop the model call too.
            ls.work_done_progress.tokens[token].add_done_callback(lambda _f: cancel.set())
        try:
            result = await ask_async(
                spec,
                linted.config,
                section_id=section.id,
                findings=linted.result.findings,
                cancel=cancel,
            )
        except ClarifyCancelled:
            return {"questions": 0, "answered": 0, "applied": False, "cancelled": True}
        except ClarifyError as exc:
            ls.log_message(f"speclint clarify: {exc}", types.MessageType.Error)
            raise
        finally:
            if progress:
                ls.work_done_progress.end(token, types.WorkDoneProgressEnd())
        for note in result.notes:
            ls.log_message(f"speclint clarify: {note}")
        answers = []
        for q in result.questions:
            titles = {
                f"{o.key}: {o.label}" + (" (recommended)" if o.key == q.recommended else ""): o.key
                for o in q.options
            }
            chosen = await ls.window_show_message_request_async(
                types.ShowMessageRequestParams(
                    type=types.MessageType.Info,
                    message=f"{q.question}\n\nAbout: \u201c{q.quote}\u201d",
                    actions=[types.MessageActionItem(title=t) for t in titles],
                )
            )
            if chosen is not None and chosen.title in titles:
                answers.append(Answer(q.id, titles[chosen.title]))
        applied = False
        if answers:
            recorded = answers_to_edits(spec, result.questions, answers, source=linted.text)
            edit = workspace_edit(ls, linted, [text_edit(e, linted.codec) for e in recorded.edits])
            reply = await ls.workspace_apply_edit_async(
                types.ApplyWorkspaceEditParams(edit=edit, label="speclint: record clarifications")
            )
            applied = reply.applied
        return {
            "questions": len(result.questions),
            "answered": len(answers),
            "applied": applied,
            "offline": result.offline,
        }
