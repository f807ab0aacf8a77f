"""Code actions: each finding's fixes as quick fixes, and "suppress RULE on this line"."""

from __future__ import annotations

import re

from lsprotocol import types

from ..model import Finding, Fix, Position, Range
from .convert import diagnostic, text_edit
from .core import Linted, SpeclintServer
from .stubs import stub_actions

# A suppression comment already above the line: the new rule joins it instead of stacking.
_NEXT_LINE = re.compile(
    r"^(?P<prefix>[ \t>]*)<!--\s*speclint-disable-next-line\b(?P<rules>[^>]*?)\s*-->\s*$"
)
# What a comment line must repeat to stay inside the same list item or blockquote.
_CONTAINER_PREFIX = re.compile(r"^[ \t>]*")


def overlaps(a: Range, b: Range) -> bool:
    return a.start <= b.end and b.start <= a.end


def workspace_edit(
    ls: SpeclintServer, linted: Linted, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    """Versioned when the client can check versions, so a stale fix is refused, not misapplied."""
    if ls.client_supports("workspace.workspace_edit.document_changes"):
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=linted.uri, version=linted.version
                    ),
                    edits=list(edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={linted.uri: edits})


def suppress_edit(linted: Linted, finding: Finding) -> types.TextEdit:
    line = finding.range.start.line
    index = linted.codec.index
    above = index.line_text(line - 1) if line > 1 else ""
    m = _NEXT_LINE.match(above)
    if m is not None:
        # Append the rule to the comment already there.
        end = Position(line - 1, m.end("rules") + 1)
        return text_edit_at(linted, Range(end, end), f" {finding.rule}")
    prefix = _CONTAINER_PREFIX.match(index.line_text(line))
    indent = prefix.group(0) if prefix else ""
    start = Position(line, 1)
    return text_edit_at(
        linted, Range(start, start), f"{indent}<!-- speclint-disable-next-line {finding.rule} -->\n"
    )


def text_edit_at(linted: Linted, rng: Range, new_text: str) -> types.TextEdit:
    return types.TextEdit(range=linted.codec.range_to_lsp(rng), new_text=new_text)


def actions_for(ls: SpeclintServer, linted: Linted, rng: Range) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    suppressed: set[tuple[str, int]] = set()
    for finding in linted.result.findings:
        if not overlaps(finding.range, rng):
            continue
        diag = diagnostic(finding, linted.codec, ls.docs_url, linted.config.root)
        for fix in finding.fixes:
            out.append(fix_action(ls, linted, fix, diag))
        key = (finding.rule, finding.range.start.line)
        if key not in suppressed:
            suppressed.add(key)
            out.append(
                types.CodeAction(
                    title=f"Suppress {finding.rule} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=workspace_edit(ls, linted, [suppress_edit(linted, finding)]),
                )
            )
    return out


def fix_action(
    ls: SpeclintServer, linted: Linted, fix: Fix, diag: types.Diagnostic
) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=fix.safe or None,
        edit=workspace_edit(ls, linted, [text_edit(e, linted.codec) for e in fix.edits]),
    )


def register(ls: SpeclintServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(
        ls: SpeclintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        only = params.context.only
        if only and not any(
            types.CodeActionKind.QuickFix.value.startswith(str(getattr(k, "value", k)))
            for k in only
        ):
            return []
        linted = await ls.current(params.text_document.uri)
        at = linted.codec.range_from_lsp(params.range)
        return actions_for(ls, linted, at) + await stub_actions(ls, linted, at)
