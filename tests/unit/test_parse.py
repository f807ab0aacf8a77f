"""The parser: section ids, exact ranges, and what is kept out of prose."""

from __future__ import annotations

import textwrap

from speclint.incremental_parse import IncrementalParser
from speclint.model import Position, Range
from speclint.parse import parse


def md(text: str):  # type: ignore[no-untyped-def]
    return parse(textwrap.dedent(text), "spec.md")


def prose_of(spec) -> str:  # type: ignore[no-untyped-def]
    return " ".join(" ".join(b.prose.split()) for b in spec.blocks)


def test_section_ids_explicit_requirement_and_slug() -> None:
    spec = md(
        """\
        # Checkout {#checkout}
        ## REQ-12 Payment retries
        ## Error handling
        ## Error handling
        """
    )
    assert list(spec.sections) == ["checkout", "REQ-12", "error-handling", "error-handling-1"]
    assert spec.sections["checkout"].explicit_id
    assert spec.sections["checkout"].id_range == Range(Position(1, 14), Position(1, 22))
    assert spec.sections["REQ-12"].id_range == Range(Position(2, 4), Position(2, 10))
    assert spec.sections["REQ-12"].parent == "checkout"
    assert spec.sections["checkout"].title == "Checkout"


def test_duplicate_explicit_ids_are_recorded() -> None:
    spec = md("# A {#x}\n\n# B {#x}\n")
    assert [d[0] for d in spec.duplicate_ids] == ["x"]


def test_section_range_runs_to_next_heading_of_same_level() -> None:
    spec = md("# A\n\ntext\n\n## B\n\nmore\n\n# C\n")
    assert spec.sections["a"].range.end.line == 7
    assert spec.sections["b"].range == Range(Position(5, 1), Position(7, 5))


def test_requirement_ids_in_list_items() -> None:
    spec = md(
        """\
        ## Functional requirements

        - **FR-001**: System MUST allow users to sign in.
        - **FR-002**: System MUST lock the account after 5 failures.
        """
    )
    reqs = spec.sections["functional-requirements"].requirements
    assert [r.id for r in reqs] == ["FR-001", "FR-002"]
    assert reqs[0].range == Range(Position(3, 5), Position(3, 11))
    assert reqs[1].item_range.start == Position(4, 1)


def test_code_urls_link_targets_html_and_quotes_are_not_prose() -> None:
    spec = md(
        """\
        # Spec

        Use `fast_path()` via <https://fast.example> and [the docs](fast.md "fast").
        See https://example.com/fast too. She said "it should be fast". <b title="fast">x</b>

        ```
        fast code block
        ```

            indented fast code
        """
    )
    prose = prose_of(spec)
    assert "fast" not in prose
    assert "the docs" in prose and "She said" in prose


def test_front_matter_is_read_and_not_prose() -> None:
    spec = md("---\ntitle: fast\ncovers: [a]\n---\n# T\n\nBody.\n")
    assert spec.front_matter == {"title": "fast", "covers": ["a"]}
    assert "fast" not in prose_of(spec)


def test_only_the_first_lines_are_front_matter() -> None:
    # pulldown-cmark reads `---`, text, `---` as YAML anywhere: a rule right above a heading
    # and a later rule would swallow the section between them.
    text = "---\ntitle: x\n---\n# Export\n\n---\n## Format\n\nCSV é.\n\n---\n\nEnd.\n"
    spec = parse(text)
    assert spec.front_matter == {"title": "x"}
    assert [s.title for s in spec.sections.values()] == ["Export", "Format"]
    assert [text[b.start : b.end] for b in spec.blocks] == ["Export", "Format", "CSV é.", "End."]


def test_blockquotes_are_quotations_but_alerts_are_prose() -> None:
    spec = md("# T\n\n> The user said it should be fast.\n\n> [!NOTE]\n> Keep it simple.\n")
    prose = prose_of(spec)
    assert "should" not in prose
    assert "Keep it simple." in prose


def test_table_cells_are_prose_with_exact_ranges() -> None:
    spec = md("# T\n\n| a | b |\n|---|---|\n| `x` slow | y |\n")
    cells = [b for b in spec.blocks if b.kind == "table_cell"]
    slow = next(b for b in cells if "slow" in b.prose)
    start = spec.index.position(slow.start + slow.prose.index("slow"))
    assert start == Position(5, 7)


def test_ranges_of_continuation_lines_in_lists_and_quotes() -> None:
    src = "# T\n\n- first line\n  second fast line\n"
    spec = parse(src)
    block = next(b for b in spec.blocks if b.kind == "list_item")
    off = block.start + block.prose.index("fast")
    assert spec.index.position(off) == Position(4, 10)
    assert src[off : off + 4] == "fast"


def test_escapes_and_entities_are_located() -> None:
    src = "# T\n\nA \\* b &amp; fast\n"
    spec = parse(src)
    block = spec.blocks[-1]
    off = block.start + block.prose.index("fast")
    assert src[off : off + 4] == "fast"


def test_sentences_respect_abbreviations() -> None:
    spec = md("# T\n\nUse a cache, e.g. Redis. Then retry. Done!\n")
    block = spec.blocks[-1]
    texts = [spec.text[s.start : s.end] for s in block.sentences]
    assert texts == ["Use a cache, e.g. Redis.", "Then retry.", "Done!"]


def test_suppression_comments() -> None:
    spec = md(
        """\
        # T

        <!-- speclint-disable-next-line ambiguity/vague-term -->
        It is fast.

        <!-- speclint-disable ambiguity -->
        It is fast.
        <!-- speclint-enable ambiguity -->
        """
    )
    s1, s2 = spec.suppressions
    assert s1.covers("ambiguity/vague-term", 4) and not s1.covers("ambiguity/vague-term", 5)
    assert s2.covers("ambiguity/weak-modal", 7) and not s2.covers("ambiguity/weak-modal", 9)


def test_rfc2119_declaration() -> None:
    assert md("# T\n\nThe key words MUST and SHOULD are as in RFC 2119.\n").rfc2119
    assert not md("# T\n\nNothing here.\n").rfc2119


def test_empty_and_weird_documents() -> None:
    for text in [
        "",
        "\n\n",
        "\ufeff# BOM\n",
        "> " * 200 + "deep",
        "- " * 300 + "x",
        "#",
        "|a|\n|-|",
    ]:
        spec = parse(text)
        for b in spec.blocks:
            assert 0 <= b.start <= b.end <= len(spec.text)


def test_offsets_are_code_points_after_multibyte_text() -> None:
    # pyromark reports UTF-8 byte offsets; the Spec speaks str offsets.
    text = "# Café ☕ 日本\n\nLe 日本語 service 🚀 must be fast.\n\n- ünïcödé item\n"
    spec = md(text)
    for block in spec.blocks:
        assert text[block.start : block.end] == block.text
    para = next(b for b in spec.blocks if b.kind == "paragraph")
    at = para.start + para.prose.index("fast")
    assert text[at : at + 4] == "fast"
    assert spec.index.position(at) == Position(3, 26)


def test_heading_forms_give_the_same_titles_and_ids() -> None:
    spec = md(
        "Setext title\n============\n\n## Closed ##\n\n## **FR-7** Login\n\n## `code` and C#\n"
    )
    assert list(spec.sections) == ["setext-title", "closed", "FR-7", "code-and-c"]
    assert spec.sections["setext-title"].heading_range == Range(Position(1, 1), Position(2, 13))
    assert spec.sections["closed"].title == "Closed"
    assert spec.sections["FR-7"].explicit_id
    assert spec.sections["code-and-c"].title == "code and C#"


def test_tight_list_items_are_blocks_with_their_requirements() -> None:
    spec = md("## Reqs\n\n- **FR-1**: one\n  - nested FR text\n- **FR-2**: two [link](x.md)\n")
    items = [b for b in spec.blocks if b.kind == "list_item"]
    assert [" ".join(b.prose.split()) for b in items] == [
        "FR-1 : one",
        "nested FR text",
        "FR-2 : two link",
    ]
    assert [r.id for r in spec.sections["reqs"].requirements] == ["FR-1", "FR-2"]
    assert items[1].list_depth == 2


def test_multi_line_html_comment_suppresses() -> None:
    spec = md("# A\n\n<!-- speclint-disable\n     ambiguity/vague-term -->\n\nfast\n")
    (s,) = spec.suppressions
    assert s.rules == {"ambiguity/vague-term"} and s.first_line == 3


def test_unclosed_code_and_brackets_parse() -> None:
    # Inputs that make some Markdown parsers panic or loop.
    for text in ("[`", "[``", "`" * 1000, "[" * 5000, "> " * 2000 + "x", "*" * 3000 + "a"):
        spec = md(text)
        assert all(0 <= b.start <= b.end <= len(text) for b in spec.blocks)


def test_the_rfc2119_declaration_is_found_in_any_part() -> None:
    # The incremental parser finds it in the part that holds it; the whole document has it too.
    for where in (0, 1, 2):
        parts = ["# A\n\nText.\n", "## B\n\nMore.\n", "## C\n\nLast.\n"]
        parts[where] += "Key words as in RFC 2119.\n"
        text = "".join(parts)
        parser = IncrementalParser("spec.md")
        assert parser.parse(text).rfc2119 and parse(text).rfc2119
        edited = text.replace("RFC 2119", "RFC 2118")
        assert not parser.parse(edited).rfc2119 and not parse(edited).rfc2119
        assert parser.parse(edited + "BCP 14\n").rfc2119
