"""Rename a section id or requirement id: the heading (or list item) where it is written and
every scenario reference to it, in one workspace edit. The index finds the references."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..model import Position, Range, Section, Spec, TextIndex
from ..parse import REQUIREMENT_ID
from ..workspace import Resolved
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


def section_target(spec: Spec, section: Section) -> Target:
    """The section's id where the heading writes it; RenameRefused for a slug id."""
    if not section.explicit_id or section.id_range is None:
        raise RenameRefused(SLUG_ID)
    start = spec.index.offset(section.id_range.start)
    braced = spec.text[max(start - 2, 0) : start] == "{#"
    return Target(section.id, section.id, section.id_range, braced)


def target_in_spec(spec: Spec, pos: Position) -> Target | None:
    """The section or requirement id at a position of a spec."""
    for s in spec.sections.values():
        for req in s.requirements:
            if req.range.start <= pos <= req.range.end and req.range.start.line == pos.line:
                return Target(s.id, req.id, req.range, False)
        if s.heading_range.start.line == pos.line:
            return section_target(spec, s)
    return None


@dataclass(frozen=True)
class Found:
    """What to rename: in which spec, and the range to show at the cursor (in the document the
    request came from: the spec's heading, or the reference in a scenario)."""

    spec_path: str
    spec: Spec
    target: Target
    here: Range


def find(ls: SpeclintServer, linted: Linted, lsp_pos: types.Position) -> Found | None:
    """The id under the cursor, in a spec or in a scenario's reference; on the lint thread."""
    pos = linted.codec.from_lsp(lsp_pos)
    index = ls.index
    rel = index.ws.rel(linted.path) if index is not None and linted.path is not None else None
    spec = linted.result.spec
    if spec is not None:
        target = target_in_spec(spec, pos)
        return Found(rel or spec.path, spec, target, target.range) if target else None
    if index is None or rel is None:
        return None
    ref = index.ws.reference_at(rel, pos.line, pos.column)
    resolved = index.ws.resolve(ref.target) if ref is not None else None
    if ref is None or not isinstance(resolved, Resolved):
        return None
    target_spec = index.ws.spec(resolved.path)
    if target_spec is None or resolved.section not in target_spec.sections:
        return None
    if resolved.requirement is not None:
        target = Target(resolved.section, resolved.requirement, resolved.range, False)
    else:
        target = section_target(target_spec, target_spec.sections[resolved.section])
    here = id_range(linted.codec.index.text, ref.range, target.old)
    if here is None:
        return None  # a whole-file reference: no id written here
    return Found(resolved.path, target_spec, target, here)


def check_name(target: Target, new: str, known: set[str]) -> None:
    if not new or any(c.isspace() or c in "#{}[],'\"" for c in new):
        raise RenameRefused(f"'{new}' is not a valid id: no spaces, #, braces, brackets or quotes")
    if not target.braced and REQUIREMENT_ID.fullmatch(new) is None:
        raise RenameRefused(
            f"'{new}' is not a requirement id like REQ-12: only those can lead a heading or item"
        )
    if new != target.old and new in known:
        raise RenameRefused(f"this spec already has an id '{new}'")


def id_range(text: str, ref: Range, old: str) -> Range | None:
    """Where one `covers` reference (`path#old` or bare `old`) writes the id."""
    index = TextIndex(text)
    start, end = index.offset(ref.start), index.offset(ref.end)
    written = text[start:end]
    target = written.strip("'\" ")
    lead = written.find(target)
    if target.endswith("#" + old):
        at = start + lead + len(target) - len(old)
    elif target == old:
        at = start + lead
    else:
        return None  # names another id of the section (one of its requirement items)
    return index.range(at, at + len(old))


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(
        ls: SpeclintServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        linted = await ls.current(params.text_document.uri)
        found = await on_index(ls, lambda: find(ls, linted, params.position))
        if found is None:
            return None
        return types.PrepareRenamePlaceholder(
            range=linted.codec.range_to_lsp(found.here), placeholder=found.target.old
        )

    @ls.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: SpeclintServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        linted = await ls.current(params.text_document.uri)
        found = await on_index(ls, lambda: find(ls, linted, params.position))
        if found is None:
            return None
        spec, target = found.spec, found.target
        known = set(spec.sections) | {r.id for s in spec.sections.values() for r in s.requirements}
        new = params.new_name.strip()
        check_name(target, new, known)
        index = ls.index
        config = index.config if index is not None else linted.config
        spec_uri = ls.uri_of(found.spec_path, config)
        spec_codec = PositionCodec(spec.index, ls.encoding)
        edits: dict[str, list[types.TextEdit]] = {
            spec_uri: [types.TextEdit(range=spec_codec.range_to_lsp(target.range), new_text=new)]
        }
        if index is not None:
            old = target.old
            refs = await on_index(ls, lambda: index.ws.references_to(found.spec_path, old))
            for loc in refs:
                uri = ls.uri_of(loc.path, index.config)
                text = ls.workspace.get_text_document(uri).source
                at = id_range(text, loc.range, old)
                if at is not None:
                    codec = PositionCodec(TextIndex(text), ls.encoding)
                    edit = types.TextEdit(range=codec.range_to_lsp(at), new_text=new)
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
