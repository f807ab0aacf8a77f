"""Code actions that create files: a scenario stub for an uncovered section, a twin stub for a
service with no twin. New files only, never over an existing one: a free name is picked."""

from __future__ import annotations

import asyncio
import posixpath
import re
from functools import partial

from lsprotocol import types

from ..model import Finding, Range
from .convert import diagnostic
from .core import Linted, SpeclintServer

UNCOVERED = "links/uncovered-section"
MISSING_TWIN = "links/missing-twin"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "new"


def _quote(text: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z0-9_./#-]+( [A-Za-z0-9_./()-]+)*", text) and text[0] not in "-#":
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def free_name(ls: SpeclintServer, folder: str, stem: str, suffix: str) -> str:
    """`folder/stem.suffix`, or `stem-2`, `stem-3`... when taken on disk or in the index."""
    assert ls.index is not None
    ws = ls.index.ws
    known = set(ws.paths())
    n = 1
    while True:
        name = stem if n == 1 else f"{stem}-{n}"
        rel = posixpath.normpath(posixpath.join(folder, f"{name}.{suffix}"))
        if rel not in known and not ws.absolute(rel).exists():
            return rel
        n += 1


def scenario_stub(ls: SpeclintServer, linted: Linted, finding: Finding) -> tuple[str, str] | None:
    """(path, text) of a new scenario covering the finding's section or requirement id."""
    spec, index = linted.result.spec, ls.index
    if spec is None or index is None or finding.section not in spec.sections:
        return None
    section = spec.sections[finding.section]
    ref = f"{finding.path}#{section.id}"
    title = section.title or section.id
    for req in section.requirements:
        if req.range == finding.range:
            ref, title = req.id, f"{req.id} {section.title}".strip()
    sid = slug(ref.rpartition("#")[2] if "#" in ref else ref)
    rel = free_name(ls, index.ws.folder("scenario"), sid, "md")
    text = (
        f"---\nid: {_quote(sid)}\ntitle: {_quote(title)}\ncovers: [{_quote(ref)}]\n---\n\n"
        "Given ...\nWhen ...\nThen ...\n"
    )
    return rel, text


def twin_stub(ls: SpeclintServer, service: str) -> tuple[str, str] | None:
    index = ls.index
    if index is None:
        return None
    tid = slug(service)
    rel = free_name(ls, index.ws.folder("twin"), tid, "yaml")
    text = (
        f"id: {_quote(tid)}\n"
        f"clones: {_quote(service)}\n"
        f"aliases: [{_quote(service)}]\n"
        'start: ""\n'
        'endpoint: ""\n'
        "covers_behaviour: []\n"
    )
    return rel, text


def create_file_edit(uri: str, text: str) -> types.WorkspaceEdit:
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    return types.WorkspaceEdit(
        document_changes=[
            types.CreateFile(
                uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
            ),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[types.TextEdit(range=whole, new_text=text)],
            ),
        ]
    )


def can_create(ls: SpeclintServer) -> bool:
    caps = ls.client_capabilities.workspace
    edit = caps.workspace_edit if caps else None
    if edit is None or not edit.document_changes or not edit.resource_operations:
        return False
    return types.ResourceOperationKind.Create in edit.resource_operations


async def stub_actions(ls: SpeclintServer, linted: Linted, rng: Range) -> list[types.CodeAction]:
    index = ls.index
    if index is None or not can_create(ls):
        return []
    from .actions import overlaps as touches

    findings = [
        f
        for f in linted.result.findings
        if f.rule in (UNCOVERED, MISSING_TWIN) and touches(f.range, rng)
    ]
    out: list[types.CodeAction] = []
    for f in findings:
        diag = diagnostic(f, linted.codec, ls.docs_url, linted.config.root)
        if f.rule == UNCOVERED:
            stub = await asyncio.get_running_loop().run_in_executor(
                ls.lint_pool, partial(scenario_stub, ls, linted, f)
            )
            title = "Create a scenario stub for this section"
        else:
            idx = linted.codec.index
            service = idx.text[idx.offset(f.range.start) : idx.offset(f.range.end)]
            stub = await asyncio.get_running_loop().run_in_executor(
                ls.lint_pool, partial(twin_stub, ls, service)
            )
            title = f"Create a twin stub for {service}"
        if stub is None:
            continue
        rel, text = stub
        out.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=create_file_edit(ls.uri_of(rel, index.config), text),
            )
        )
    return out
