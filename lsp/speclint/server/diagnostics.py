"""Diagnostics: pushed on open and change (coalesced, newest wins), or pulled (LSP 3.17)."""

from __future__ import annotations

import hashlib

from lsprotocol import types

from .core import SpeclintServer

IDENTIFIER = "speclint"


def result_id(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SpeclintServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls.is_spec(params.text_document.uri):
            ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SpeclintServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls.is_spec(params.text_document.uri):
            ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SpeclintServer, params: types.DidSaveTextDocumentParams) -> None:
        # The text did not change, but rules reading other files may now see something new.
        if ls.is_spec(params.text_document.uri) and params.text_document.uri in ls.linted:
            ls.published.pop(params.text_document.uri, None)
            ls.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SpeclintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)

    @ls.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=IDENTIFIER, inter_file_dependencies=True, workspace_diagnostics=True
        ),
    )
    async def document_diagnostic(
        ls: SpeclintServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        if not ls.is_spec(uri):
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        linted = await ls.current(uri)
        rid = result_id(linted.text)
        ls.send_readiness(linted)
        if params.previous_result_id == rid:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
        return types.RelatedFullDocumentDiagnosticReport(
            items=ls.diagnostics(linted), result_id=rid
        )

    @ls.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(
        ls: SpeclintServer, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        previous = {p.uri: p.value for p in params.previous_result_ids}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for uri in await ls.workspace_spec_uris():
            linted = await ls.current(uri)  # open documents in memory, others from disk
            rid = result_id(linted.text)
            if previous.get(uri) == rid:
                items.append(
                    types.WorkspaceUnchangedDocumentDiagnosticReport(
                        uri=uri, version=linted.version, result_id=rid
                    )
                )
            else:
                items.append(
                    types.WorkspaceFullDocumentDiagnosticReport(
                        uri=uri,
                        version=linted.version,
                        items=ls.diagnostics(linted),
                        result_id=rid,
                    )
                )
        return types.WorkspaceDiagnosticReport(items=items)
