"""Rename a section id or requirement id: the heading (or list item) where it is written and
every scenario reference to it, in one workspace edit. The index finds the references."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..model import Range, TextIndex
from ..parse import REQUIREMENT_ID
from ..workspace import Location
from .core import Linted, SpeclintServer
from .navigation import on_index
from .positions import PositionCodec

REQUEST_FAILED = -32803
SLUG_ID = "this section's id comes from its title; add {#id} to rename it"


class RenameRefused(JsonRpcException):
    CODE = REQUEST_FAILED


@dataclass(frozen=True)
class Target:
    """The id under the cursor in a spec: the section it names and where it is written."""

    section: str
    old: str
    range: Range
    braced: bool  # written as {#id}: any id; else a leading requirement id (REQ-12)


def target_at(linted: Linted, lsp_pos: types.Position) -> Target | None:
    """The section or requirement id under the cursor; RenameRefused for a slug id."""
    spec = linted.result.spec
    if spec is None:
        return None
    pos = linted.codec.from_lsp(lsp_pos)
    index = linted.codec.index
    for s in spec.sections.values():
        for req in s.requirements:
            if req.range.start <= pos <= req.range.end and req.range.start.line == pos.line:
                return Target(s.id, req.id, req.range, False)
        if s.heading_range.start.line != pos.line:
            continue
        if not s.explicit_id or s.id_range is None:
            raise RenameRefused(SLUG_ID)
        start = index.offset(s.id_range.start)
        braced = index.text[max(start - 2, 0) : start] == "{#"
        return Target(s.id, s.id, s.id_range, braced)
    return None


def check_name(target: Target, new: str, known: set[str]) -> None:
    if not new or any(c.isspace() or c in "#{}[],'\"" for c in new):
        raise RenameRefused(f"'{new}' is not a valid id: no spaces, #, braces, brackets or quotes")
    if not target.braced and REQUIREMENT_ID.fullmatch(new) is None:
        raise RenameRefused(
            f"'{new}' is not a requirement id like REQ-12: only those can lead a heading or item"
        )
    if new != target.old and new in known:
        raise RenameRefused(f"this spec already has an id '{new}'")


def reference_edit(text: str, loc: Location, old: str, new: str) -> types.TextEdit | None:
    """Replace the id part of one `covers` reference (`path#old` or bare `old`)."""
    index = TextIndex(text)
    codec = PositionCodec(index, None)
    start, end = index.offset(loc.range.start), index.offset(loc.range.end)
    written = text[start:end]
    target = written.strip("'\" ")
    lead = written.find(target)
    if target.endswith("#" + old):
        at = start + lead + len(target) - len(old)
    elif target == old:
        at = start + lead
    else:
        return None  # names another id of the section (one of its requirement items)
    rng = index.range(at, at + len(old))
    return types.TextEdit(range=codec.range_to_lsp(rng), new_text=new)


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(
        ls: SpeclintServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        linted = await ls.current(params.text_document.uri)
        found = target_at(linted, params.position)
        if found is None:
            return None
        return types.PrepareRenamePlaceholder(
            range=linted.codec.range_to_lsp(found.range), placeholder=found.old
        )

    @ls.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: SpeclintServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        linted = await ls.current(params.text_document.uri)
        found = target_at(linted, params.position)
        spec = linted.result.spec
        if found is None or spec is None:
            return None
        known = set(spec.sections) | {r.id for s in spec.sections.values() for r in s.requirements}
        new = params.new_name.strip()
        check_name(found, new, known)
        edits: dict[str, list[types.TextEdit]] = {
            linted.uri: [types.TextEdit(range=linted.codec.range_to_lsp(found.range), new_text=new)]
        }
        index = ls.index
        if index is not None and linted.path is not None:
            rel = index.ws.rel(linted.path)
            refs = await on_index(ls, lambda: index.ws.references_to(rel, found.old))
            for loc in refs:
                uri = ls.uri_of(loc.path, index.config)
                text = ls.workspace.get_text_document(uri).source
                edit = reference_edit(text, loc, found.old, new)
                if edit is not None:
                    edits.setdefault(uri, []).append(edit)
        return workspace_edit(ls, edits)


def workspace_edit(
    ls: SpeclintServer, edits: dict[str, list[types.TextEdit]]
) -> types.WorkspaceEdit:
    if not ls.client_supports("workspace.workspace_edit.document_changes"):
        return types.WorkspaceEdit(changes=edits)
    changes: list[types.TextDocumentEdit] = []
    for uri, uri_edits in edits.items():
        version = (
            ls.workspace.get_text_document(uri).version
            if uri in ls.workspace.text_documents
            else None
        )
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=version
                ),
                edits=list(uri_edits),
            )
        )
    return types.WorkspaceEdit(document_changes=list(changes))
