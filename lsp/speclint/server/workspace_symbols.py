"""Workspace symbols: every section, requirement id, scenario and twin the index knows."""

from __future__ import annotations

from lsprotocol import types

from ..model import Range
from .core import SpeclintServer
from .navigation import location, on_index

Entry = tuple[
    str, types.SymbolKind, str, str, Range, str
]  # name, kind, container, path, range, key


def entries(ls: SpeclintServer, query: str) -> list[Entry]:
    """Symbols whose name (or section id) contains the query, case-insensitively; lint thread."""
    assert ls.index is not None
    ws = ls.index.ws
    q = query.casefold()
    out: list[Entry] = []

    def keep(*keys: str) -> bool:
        return not q or any(q in k.casefold() for k in keys)

    for info in ws.sections():
        s = info.section
        if keep(s.title, s.id):
            name = s.title or s.id
            out.append(
                (
                    name,
                    types.SymbolKind.Namespace,
                    f"{info.path}#{s.id}",
                    info.path,
                    s.heading_range,
                    s.id,
                )
            )
        for req in s.requirements:
            if keep(req.id):
                out.append(
                    (
                        req.id,
                        types.SymbolKind.Key,
                        f"{info.path}#{s.id}",
                        info.path,
                        req.range,
                        req.id,
                    )
                )
    for sc in ws.scenarios():
        if keep(sc.id, sc.title):
            out.append((sc.id, types.SymbolKind.Event, sc.title, sc.path, sc.range, sc.id))
    for twin in ws.twins():
        if keep(twin.id, twin.clones, *twin.aliases):
            out.append(
                (
                    twin.id,
                    types.SymbolKind.Interface,
                    twin.clones,
                    twin.path,
                    twin.id_range,
                    twin.id,
                )
            )
    return out


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.WORKSPACE_SYMBOL)
    async def workspace_symbol(
        ls: SpeclintServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol] | None:
        if ls.index is None:
            return None
        found = await on_index(ls, lambda: entries(ls, params.query))
        return [
            types.WorkspaceSymbol(
                name=name,
                kind=kind,
                location=location(ls, path, rng),
                container_name=container or None,
            )
            for name, kind, container, path, rng, _ in found
        ]
