"""Document symbols: the section outline with ids, and requirement ids inside their section."""

from __future__ import annotations

from lsprotocol import types

from .conftest import StartSession, doc, rng

SPEC = """\
# Orders

## Create {#order-create}

- **FR-001**: System MUST store the order.

## Cancel

### Refunds
"""


async def test_outline_has_sections_ids_and_requirements(start: StartSession) -> None:
    s = await start()
    uri = s.open("specs/orders.md", SPEC)
    symbols = await s.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(uri))
    )
    assert symbols is not None
    (root,) = symbols
    assert isinstance(root, types.DocumentSymbol)
    assert (root.name, root.detail, root.kind) == ("Orders", "#orders", types.SymbolKind.Namespace)
    assert root.selection_range == rng(0, 0, 0, 8)
    create, cancel = root.children or ()
    assert (create.name, create.detail) == ("Create", "#order-create")
    assert create.range.start == rng(2, 0, 2, 0).start
    (req,) = create.children or ()
    assert (req.name, req.kind) == ("FR-001", types.SymbolKind.Key)
    assert req.selection_range == rng(4, 4, 4, 10)
    assert (cancel.name, cancel.detail) == ("Cancel", "#cancel")
    (refunds,) = cancel.children or ()
    assert (refunds.name, refunds.detail) == ("Refunds", "#refunds")
    assert refunds.selection_range == rng(8, 0, 8, 11)
