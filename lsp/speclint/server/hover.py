"""Hover: a finding's rule explained with a bad and a good example; a heading's id, findings."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from ..model import Finding, Position, Range, Section
from ..rules import registry
from ..rules.docs import render_rule
from .core import Linted, SpeclintServer


def covers(rng: Range, pos: Position) -> bool:
    """Half-open, except that an empty range is hit at its own position."""
    return rng.start <= pos < rng.end or rng.start == rng.end == pos


def finding_hover(findings: list[Finding]) -> str:
    parts = []
    for rule_id in dict.fromkeys(f.rule for f in findings):
        messages = [f.message for f in findings if f.rule == rule_id]
        rule = registry.get(rule_id)
        explained = render_rule(rule, heading_level=3) if rule is not None else f"`{rule_id}`\n"
        parts.append("\n".join(f"**{m}**\n" for m in dict.fromkeys(messages)) + "\n" + explained)
    return "\n---\n\n".join(parts)


def heading_hover(linted: Linted, section: Section) -> str:
    findings = [f for f in linted.result.findings if f.section == section.id]
    how = "written in the heading" if section.explicit_id else "derived from the heading text"
    lines = [f"**Section** `{section.id}` ({how})", ""]
    if section.requirements:
        lines += ["Requirements: " + ", ".join(f"`{r.id}`" for r in section.requirements), ""]
    if not findings:
        lines.append("No open findings in this section.")
    else:
        noun = "finding" if len(findings) == 1 else "findings"
        lines.append(f"{len(findings)} open {noun}:")
        lines += [f"- line {f.range.start.line}: `{f.rule}` {f.message}" for f in findings[:20]]
        if len(findings) > 20:
            lines.append(f"- ... and {len(findings) - 20} more")
    return "\n".join(lines)


async def linked_hover(ls: SpeclintServer, linted: Linted, section: Section) -> str:
    """The scenarios covering the section and the twins it needs, from the workspace index."""
    index = ls.index
    if index is None or linted.path is None:
        return ""
    rel = index.ws.rel(linted.path)

    def lookup() -> tuple[list[str], list[str]]:
        scenarios = index.ws.scenarios_for(rel, section.id)
        info = index.ws.section_info(rel, section.id)
        return [f"`{sc.id}` ({sc.path})" for sc in scenarios], (info.needs if info else [])

    # The index belongs to the lint thread: read it there.
    scenarios, twins = await asyncio.get_running_loop().run_in_executor(ls.lint_pool, lookup)
    lines = ["", "", "Scenarios: " + (", ".join(scenarios) if scenarios else "none")]
    if twins:
        lines.append("\n\nTwins needed: " + ", ".join(f"`{t}`" for t in twins))
    return "".join(lines)


def register(ls: SpeclintServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: SpeclintServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        pos = linted.codec.from_lsp(params.position)
        hits = [f for f in linted.result.findings if covers(f.range, pos)]
        spec = linted.result.spec
        heading = None
        if spec is not None:
            heading = next(
                (s for s in spec.sections.values() if s.heading_range.start.line == pos.line),
                None,
            )
        if not hits and heading is None:
            return None
        parts = []
        if hits:
            parts.append(finding_hover(hits))
        if heading is not None:
            parts.append(heading_hover(linted, heading) + await linked_hover(ls, linted, heading))
        # The range the editor highlights: the narrowest thing hovered.
        rng = min(
            (f.range for f in hits),
            key=lambda r: (r.end.line - r.start.line, r.end.column - r.start.column),
            default=None,
        )
        if rng is None and heading is not None:
            rng = heading.heading_range
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            ),
            range=linted.codec.range_to_lsp(rng) if rng is not None else None,
        )
