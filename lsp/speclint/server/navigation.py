"""Traceability in the editor: go to definition, references, code lens, all from the index.

The index is only read on the lint thread (its single owner), so each lookup is one trip there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types

from ..model import Range
from ..report.summary import plural
from ..twins import Twin
from ..workspace import Resolved
from .clarify import lens as clarify_lens
from .convert import naive_range
from .core import Linted, SpeclintServer

T = TypeVar("T")
LIST_SCENARIOS = "speclint.listScenarios"


async def on_index(ls: SpeclintServer, fn: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(ls.lint_pool, fn)


def location(ls: SpeclintServer, rel: str, rng: Range) -> types.Location:
    assert ls.index is not None
    uri = ls.uri_of(rel, ls.index.config)
    open_doc = ls.linted.get(uri)
    # Columns need the target's text: exact when it is open, else taken as code points.
    lsp_range = open_doc.codec.range_to_lsp(rng) if open_doc else naive_range(rng)
    return types.Location(uri=uri, range=lsp_range)


def heading_at(linted: Linted, line: int) -> str | None:
    spec = linted.result.spec
    if spec is None:
        return None
    for s in spec.sections.values():
        if s.heading_range.start.line == line:
            return s.id
    return None


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(
        ls: SpeclintServer, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        """From a `covers` entry or tag to the section; from a twin reference to the twin file."""
        linted = await ls.current(params.text_document.uri)
        index = ls.index
        if index is None or linted.path is None:
            return None
        pos = linted.codec.from_lsp(params.position)
        rel = index.ws.rel(linted.path)

        def find() -> Resolved | Twin | None:
            ref = index.ws.reference_at(rel, pos.line, pos.column)
            if ref is None:
                return None
            found = index.ws.resolve(ref.target)
            if isinstance(found, Resolved):
                return found
            return index.ws.twin(ref.target.strip())

        found = await on_index(ls, find)
        if isinstance(found, Resolved):
            return [location(ls, found.path, found.range)]
        if isinstance(found, Twin):
            return [location(ls, found.path, found.id_range)]
        return None

    @ls.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(
        ls: SpeclintServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        """From a heading to every scenario reference that covers its section."""
        linted = await ls.current(params.text_document.uri)
        index = ls.index
        pos = linted.codec.from_lsp(params.position)
        section = heading_at(linted, pos.line)
        if index is None or linted.path is None or section is None:
            return None
        rel = index.ws.rel(linted.path)
        found = await on_index(ls, lambda: index.ws.references_to(rel, section))
        return [location(ls, loc.path, loc.range) for loc in found]

    @ls.feature(types.TEXT_DOCUMENT_CODE_LENS)
    async def code_lens(ls: SpeclintServer, params: types.CodeLensParams) -> list[types.CodeLens]:
        """Above each requirement section: "3 scenarios · 1 twin", or "no scenario"."""
        linted = await ls.current(params.text_document.uri)
        index = ls.index
        spec = linted.result.spec
        if index is None or linted.path is None or spec is None:
            return []
        rel = index.ws.rel(linted.path)

        def counts() -> list[tuple[str, Range, int, int]]:
            out = []
            for sid, section in spec.sections.items():
                info = index.ws.section_info(rel, sid)
                if info is None or not info.requirement:
                    continue
                scenarios = len(index.ws.scenarios_for(rel, sid))
                out.append((sid, section.heading_range, scenarios, len(info.needs)))
            return out

        lenses = []
        for sid, heading, scenarios, twins in await on_index(ls, counts):
            title = "no scenario" if scenarios == 0 else plural(scenarios, "scenario")
            if twins:
                title += f" · {plural(twins, 'twin')}"
            lenses.append(
                types.CodeLens(
                    range=linted.codec.range_to_lsp(heading),
                    command=types.Command(
                        title=title, command=LIST_SCENARIOS, arguments=[linted.uri, sid]
                    ),
                )
            )
        # "Ask clarifying questions" above every section with findings of its own.
        with_findings = {f.section for f in linted.result.findings}
        for sid, section in spec.sections.items():
            if sid in with_findings:
                at = linted.codec.range_to_lsp(section.heading_range)
                lenses.append(clarify_lens(linted.uri, at.start.line, at))
        return lenses

    @ls.command(LIST_SCENARIOS)
    async def list_scenarios(ls: SpeclintServer, *args: Any) -> list[dict[str, Any]]:
        """The scenarios covering a section: `[uri, section id]` -> id, title, location."""
        if len(args) != 2 or not all(isinstance(a, str) for a in args):
            raise ValueError("expected [uri, section id]")
        uri, section = args
        index = ls.index
        path = ls.path_of(uri)
        if index is None or path is None:
            return []
        rel = index.ws.rel(path)
        found = await on_index(ls, lambda: index.ws.scenarios_for(rel, section))
        return [
            {
                "id": sc.id,
                "title": sc.title,
                "location": ls.protocol._converter.unstructure(location(ls, sc.path, sc.range)),
            }
            for sc in found
        ]
