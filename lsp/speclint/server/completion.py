"""Completion in scenario files: sections and requirement ids after `covers`, twin ids after
`twins`, in Markdown front matter and in Gherkin tags. The index supplies the candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from lsprotocol import types

from ..model import Position, Range
from .core import Linted, SpeclintServer
from .navigation import on_index

What = Literal["covers", "requirement", "twin"]

_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")
_TOKEN = re.compile(r"[^\s\[\],'\"]*$")
_TAG = re.compile(r"@(?:(?P<kind>covers|twin):(?P<ref>\S*)|(?P<req>[A-Z][A-Z0-9]*-?\d*))$")


@dataclass(frozen=True)
class Slot:
    """What may be written at the cursor, and the text already typed there."""

    what: What
    start: Position  # where the typed prefix starts
    end: Position


def front_matter_slot(linted: Linted, pos: Position) -> Slot | None:
    index = linted.codec.index
    if index.line_text(1).strip() != "---" or pos.line == 1:
        return None
    key = None
    for line in range(2, pos.line + 1):
        text = index.line_text(line)
        if text.strip() == "---":
            return None  # past the front matter
        m = _KEY.match(text)
        if m is not None:
            key = m.group("key")
    text = index.line_text(pos.line)
    before = text[: pos.column - 1]
    if _KEY.match(before) is None and not before.lstrip().startswith("-"):
        return None  # still typing a key
    if key not in ("covers", "twins"):
        return None
    token = _TOKEN.search(before)
    assert token is not None
    start = Position(pos.line, token.start() + 1)
    return Slot("covers" if key == "covers" else "twin", start, pos)


def tag_slot(linted: Linted, pos: Position) -> Slot | None:
    before = linted.codec.index.line_text(pos.line)[: pos.column - 1]
    m = _TAG.search(before)
    if m is None:
        return None
    if m.group("kind") is not None:
        what: What = "covers" if m.group("kind") == "covers" else "twin"
        return Slot(what, Position(pos.line, m.start("ref") + 1), pos)
    return Slot("requirement", Position(pos.line, m.start("req") + 1), pos)


def candidates(ls: SpeclintServer, what: What) -> list[tuple[str, str, types.CompletionItemKind]]:
    """(label, detail, kind) from the index; runs on the lint thread."""
    assert ls.index is not None
    ws = ls.index.ws
    out: list[tuple[str, str, types.CompletionItemKind]] = []
    if what == "twin":
        for twin in ws.twins():
            out.append((twin.id, twin.clones or twin.path, types.CompletionItemKind.Module))
        return out
    for ref in ws.completions():
        path, _, sid = ref.partition("#")
        if sid:
            if what == "requirement":
                continue
            spec = ws.spec(path)
            section = spec.sections.get(sid) if spec else None
            title = section.title if section else ""
            out.append((ref, title, types.CompletionItemKind.Reference))
        else:
            out.append((ref, "requirement", types.CompletionItemKind.Constant))
    return out


def register(ls: SpeclintServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["@", ":", "#", "[", ",", " "]),
    )
    async def completion(
        ls: SpeclintServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        index = ls.index
        path = ls.path_of(params.text_document.uri)
        if index is None or path is None:
            return None
        if index.kind(index.ws.rel(path)) != "scenario":
            return None
        linted = await ls.current(params.text_document.uri)
        pos = linted.codec.from_lsp(params.position)
        if path.suffix.lower() == ".feature":
            slot = tag_slot(linted, pos)
        else:
            slot = front_matter_slot(linted, pos)
        if slot is None:
            return None
        what = slot.what
        found = await on_index(ls, lambda: candidates(ls, what))
        replace = linted.codec.range_to_lsp(Range(slot.start, slot.end))
        items = [
            types.CompletionItem(
                label=label,
                kind=kind,
                detail=detail or None,
                sort_text=f"{i:05d}",
                text_edit=types.TextEdit(range=replace, new_text=label),
            )
            for i, (label, detail, kind) in enumerate(found)
        ]
        return types.CompletionList(is_incomplete=False, items=items)
