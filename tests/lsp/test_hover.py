"""Hover: on a finding, the rule's explanation with its examples; on a heading, id and findings."""

from __future__ import annotations

from lsprotocol import types

from .conftest import StartSession, doc, pos, rng

SPEC = """\
# Checkout {#checkout-flow}

## Payment

The timeout is TBD.

- **REQ-7**: The system MUST retry once. TODO
"""


async def hover(s: object, uri: str, line: int, character: int) -> types.Hover | None:
    from .conftest import Session

    assert isinstance(s, Session)
    return await s.client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=pos(line, character))
    )


async def test_hover_on_a_finding_explains_the_rule(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    h = await hover(s, uri, 4, 16)  # inside "TBD"
    assert h is not None
    assert h.range == rng(4, 15, 4, 18)
    assert isinstance(h.contents, types.MarkupContent)
    assert h.contents.kind == types.MarkupKind.Markdown
    text = h.contents.value
    assert text.startswith("**'TBD' is a placeholder")
    assert "`ambiguity/placeholder`" in text
    # The rule's own bad and good examples.
    assert "#### Bad" in text and "The session timeout is TBD." in text
    assert "#### Good" in text and "The session expires after 30 minutes" in text


async def test_hover_ends_where_the_finding_ends(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    assert await hover(s, uri, 4, 17) is not None  # on "D"
    assert await hover(s, uri, 4, 18) is None  # on "." after it
    assert await hover(s, uri, 4, 2) is None  # plain prose


async def test_hover_on_a_heading_shows_id_requirements_and_findings(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    h = await hover(s, uri, 2, 5)
    assert h is not None
    assert h.range == rng(2, 0, 2, 10)
    assert isinstance(h.contents, types.MarkupContent)
    value = h.contents.value
    assert value.startswith("**Section** `payment` (derived from the heading text)")
    assert "Requirements: `REQ-7`" in value
    # Every finding of the section is listed (the rule catalogue grows: count what was published).
    in_section = [d for d in await s.diagnostics(uri, version=1) if d.range.start.line >= 2]
    assert f"{len(in_section)} open findings:" in value
    assert "- line 5: `ambiguity/placeholder`" in value
    assert "- line 7: `ambiguity/placeholder`" in value


async def test_hover_on_a_heading_with_an_explicit_id(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/pay.md", SPEC)
    h = await hover(s, uri, 0, 0)
    assert h is not None
    assert isinstance(h.contents, types.MarkupContent)
    assert h.contents.value.startswith("**Section** `checkout-flow` (written in the heading)")
    assert "No open findings in this section." in h.contents.value
