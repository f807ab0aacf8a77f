"""Workspace symbols: sections, requirement ids, scenarios and twins, filtered by the query."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import Session, StartSession, rng
from .test_completion import write_project
from .test_links import indexed

K = types.SymbolKind


async def symbols(s: Session, query: str) -> list[tuple[str, K, str, types.Range, str | None]]:
    got = await s.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
    out = []
    for sym in got or []:
        # Same JSON either way: the client reads it as the older SymbolInformation.
        assert isinstance(sym, (types.WorkspaceSymbol, types.SymbolInformation))
        assert isinstance(sym.location, types.Location)
        rel = sym.location.uri.removeprefix(s.root.as_uri() + "/")
        out.append((sym.name, sym.kind, rel, sym.location.range, sym.container_name))
    return out


async def test_everything_and_filtered(start: StartSession, tmp_path: Path) -> None:
    write_project(tmp_path)
    s = await start()
    await indexed(s)
    pay, charge, stripe = "specs/pay.md", "scenarios/charge.md", "twins/stripe.yaml"
    assert await symbols(s, "") == [
        ("Pay", K.Namespace, pay, rng(0, 0, 0, 5), "specs/pay.md#pay"),
        ("REQ-1 Charge", K.Namespace, pay, rng(2, 0, 2, 15), "specs/pay.md#REQ-1"),
        ("Refunds", K.Namespace, pay, rng(6, 0, 6, 21), "specs/pay.md#refunds"),
        ("charge", K.Event, charge, rng(1, 4, 1, 10), "charge"),
        ("stripe", K.Interface, stripe, rng(0, 4, 0, 10), "Stripe API"),
    ]
    # By title or id, case-insensitively; a twin by what it clones.
    assert [x[0] for x in await symbols(s, "REFUND")] == ["Refunds"]
    assert [x[0] for x in await symbols(s, "req-1")] == ["REQ-1 Charge"]
    assert [x[0] for x in await symbols(s, "charge")] == ["REQ-1 Charge", "charge"]
    assert [x[0] for x in await symbols(s, "stripe api")] == ["stripe"]
    assert await symbols(s, "nothing-like-this") == []


async def test_requirement_items(start: StartSession, tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.md").write_text("# A\n\n- FR-1 The system must log.\n", "utf-8")
    s = await start()
    await indexed(s)
    assert await symbols(s, "fr-") == [
        ("FR-1", K.Key, "specs/a.md", rng(2, 2, 2, 6), "specs/a.md#a"),
    ]
