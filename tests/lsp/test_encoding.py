"""Position encoding: UTF-16 by default, UTF-8 when the client offers it; non-ASCII text."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .conftest import SERVER, StartSession, doc, pos, push_capabilities, rng

# "TBD" after an emoji (1 code point, 2 UTF-16 units, 4 UTF-8 bytes) and after CJK (1 code point,
# 1 UTF-16 unit, 3 UTF-8 bytes each).
SPEC = "# 支付 🚀\n\n🚀 launch: TBD.\n\n支付超时 TBD。\n"


def caps(*encodings: str) -> types.ClientCapabilities:
    return push_capabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
        if encodings
        else None
    )


@pytest.mark.parametrize(
    ("offered", "emoji_tbd", "cjk_tbd"),
    [
        ((), rng(2, 11, 2, 14), rng(4, 5, 4, 8)),
        (("utf-16",), rng(2, 11, 2, 14), rng(4, 5, 4, 8)),
        (("utf-8", "utf-16"), rng(2, 13, 2, 16), rng(4, 13, 4, 16)),
        (("utf-32",), rng(2, 10, 2, 13), rng(4, 5, 4, 8)),
    ],
)
async def test_ranges_land_on_the_characters(
    start: StartSession, offered: tuple[str, ...], emoji_tbd: types.Range, cjk_tbd: types.Range
) -> None:
    s = await start(capabilities=caps(*offered))
    uri = s.open("specs/intl.md", SPEC)
    diags = [d for d in await s.diagnostics(uri, version=1) if d.code == "ambiguity/placeholder"]
    assert [d.range for d in diags] == [emoji_tbd, cjk_tbd]
    # And positions from the client are read in the same encoding: hover inside each TBD.
    for r in (emoji_tbd, cjk_tbd):
        inside = pos(r.start.line, r.start.character + 1)
        h = await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=inside)
        )
        assert h is not None and h.range == r
    # Just before the TBD (on the space) nothing is hovered.
    before = pos(emoji_tbd.start.line, emoji_tbd.start.character - 1)
    assert (
        await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=before)
        )
        is None
    )


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        ((), "utf-16"),
        (("utf-8",), "utf-8"),
        (("utf-8", "utf-16"), "utf-8"),
        (("utf-16", "utf-8"), "utf-16"),
    ],
)
async def test_negotiation(offered: tuple[str, ...], chosen: str) -> None:
    config = ClientServerConfig(server_command=SERVER)
    client = await config.start()
    try:
        params = types.InitializeParams(capabilities=caps(*offered))
        result = await client.initialize_session(params)
        assert result.capabilities.position_encoding == chosen
        await client.shutdown_session()
    finally:
        await client.stop()


async def test_incremental_edit_after_an_emoji(start: StartSession) -> None:
    s = await start()  # UTF-16
    uri = s.open("specs/intl.md", SPEC)
    await s.diagnostics(uri, version=1)
    # Replace the first TBD (UTF-16 columns 11-14 on line 2) with a decision.
    v = s.change(uri, "at 9:00", rng(2, 11, 2, 14))
    diags = [d for d in await s.diagnostics(uri, version=v) if d.code == "ambiguity/placeholder"]
    assert [d.range for d in diags] == [rng(4, 5, 4, 8)]
