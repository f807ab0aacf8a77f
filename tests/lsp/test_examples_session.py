"""A short editor session on the bundled `examples/` project, checked against the CLI.

The server and `spec-lint --format json` run the same engine: for every example spec, the pushed
diagnostics must be exactly the CLI's findings (rule, 0-based positions), so the two front ends
can never drift apart.
"""

from __future__ import annotations

import json

import pytest
from lsprotocol import types

from tests.conftest import EXAMPLES, run_cli

from .conftest import StartSession, doc, pos

SPECS = sorted(p.relative_to(EXAMPLES).as_posix() for p in (EXAMPLES / "specs").glob("*.md"))


@pytest.fixture(scope="module")
def cli_findings() -> dict[str, list[tuple[str, int, int, int, int]]]:
    out = run_cli("check", ".", "--format", "json", cwd=EXAMPLES)
    assert out.returncode in (0, 1), out.stderr
    by_path: dict[str, list[tuple[str, int, int, int, int]]] = {}
    for f in json.loads(out.stdout)["findings"]:
        by_path.setdefault(f["path"], []).append(
            (f["rule"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1)
        )
    return by_path


async def test_session_on_the_examples(
    start: StartSession, cli_findings: dict[str, list[tuple[str, int, int, int, int]]]
) -> None:
    assert SPECS, "examples/specs has specs"
    s = await start(root=EXAMPLES)
    for rel in SPECS:
        text = (EXAMPLES / rel).read_text("utf-8")
        # The CLI's columns are code points, the session's UTF-16: the same on BMP-only text.
        assert all(ord(c) < 0x10000 for c in text)
        uri = s.open(rel)
        diags = await s.diagnostics(uri, version=1)
        got = sorted(
            (
                str(d.code),
                d.range.start.line,
                d.range.start.character,
                d.range.end.line,
                d.range.end.character,
            )
            for d in diags
        )
        expected = sorted(cli_findings.get(rel, []))
        assert got == expected, rel

        symbols = await s.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc(uri))
        )
        assert symbols, rel
        title = text.splitlines()[0].lstrip("# ").strip()
        assert symbols[0].name == title
        hover = await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=pos(0, 2))
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.value.startswith("**Section** `")

    # A quick fix round trip on the first finding of the first spec that has one.
    for rel in SPECS:
        uri = s.uri(rel)
        diags = await s.diagnostics(uri, version=1)
        if not diags:
            continue
        first = diags[0]
        actions = await s.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=doc(uri),
                range=first.range,
                context=types.CodeActionContext(diagnostics=[first]),
            )
        )
        titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
        assert f"Suppress {first.code} on this line" in titles
        break
