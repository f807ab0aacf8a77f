"""Document symbols: the section outline, with each section's id and its requirement ids."""

from __future__ import annotations

from lsprotocol import types

from ..model import Section, Spec
from .core import SpeclintServer
from .positions import PositionCodec


def outline(spec: Spec, codec: PositionCodec) -> list[types.DocumentSymbol]:
    def symbol(section: Section) -> types.DocumentSymbol:
        children = [symbol(spec.sections[c]) for c in section.children if c in spec.sections]
        children += [
            types.DocumentSymbol(
                name=r.id,
                kind=types.SymbolKind.Key,
                range=codec.range_to_lsp(r.item_range),
                selection_range=codec.range_to_lsp(r.range),
                detail="requirement",
            )
            for r in section.requirements
        ]
        children.sort(key=lambda s: (s.range.start.line, s.range.start.character))
        return types.DocumentSymbol(
            name=section.title or section.id,
            detail=f"#{section.id}",
            kind=types.SymbolKind.Namespace,
            range=codec.range_to_lsp(section.range),
            selection_range=codec.range_to_lsp(section.heading_range),
            children=children or None,
        )

    return [symbol(s) for s in spec.sections.values() if s.parent is None]


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(
        ls: SpeclintServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        linted = await ls.current(params.text_document.uri)
        if linted.result.spec is None:
            return []
        return outline(linted.result.spec, linted.codec)
