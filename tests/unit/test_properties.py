"""Property: any Markdown lints without raising, and every finding lies inside the document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from speclint.config import from_dict
from speclint.engine import lint_text
from speclint.model import Position, TextIndex
from speclint.parse import parse

from tests.conftest import ROOT

# Pieces that exercise the parser and the rules: Markdown syntax, rule words, odd characters.
PIECES = [
    "# ",
    "## ",
    "### ",
    "- ",
    "1. ",
    "> ",
    "> [!NOTE]\n",
    "```\n",
    "~~~",
    "    ",
    "| a | b |\n",
    "|---|---|\n",
    "**",
    "_",
    "`",
    "[",
    "](",
    ")",
    "<!-- speclint-disable -->",
    "<br>",
    "{#id}",
    "---\n",
    "FR-001",
    "REQ-1",
    "**FR-001**: ",
    "must",
    "should",
    "SHOULD",
    "may",
    "fast",
    "etc.",
    "and/or",
    "TBD",
    "[NEEDS CLARIFICATION: x]",
    "several",
    "latency",
    "faster",
    "all",
    "timeout of 30",
    "is approved",
    "ACL",
    "Approval Window",
    "user",
    "customer",
    "?",
    ".",
    ",",
    ":",
    ";",
    '"',
    "'",
    "“",
    "”",
    "é",
    "İ",
    "𝔘",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "RFC 2119",
    "## Glossary\n",
    "## FAQ\n",
    "http://x.y/z",
    "e.g.",
    "100%",
    "\u200b",
    "\x00",
]

markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(
    "".join
)

CONFIG = from_dict({}, root=ROOT)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_lint_never_raises_and_ranges_lie_inside(text: str) -> None:
    result = lint_text(text, "spec.md", CONFIG)
    assert result.spec is not None
    index = result.spec.index
    last = Position(index.line_count, len(index.line_text(index.line_count)) + 1)
    for f in result.findings:
        assert Position(1, 1) <= f.range.start <= f.range.end <= last, f
        for pos in (f.range.start, f.range.end):
            assert pos.column <= len(index.line_text(pos.line)) + 1, f
        for fix in f.fixes:
            for edit in fix.edits:
                assert Position(1, 1) <= edit.range.start <= edit.range.end <= last, fix


def test_carriage_returns_keep_lines_and_columns() -> None:
    text = "# Spec\r\n\r\nThe limit is TBD.\r\rThe owner is TODO.\r\n"
    result = lint_text(text, "spec.md", CONFIG)
    found = [
        (f.range.start.line, f.range.start.column)
        for f in result.findings
        if f.rule == "ambiguity/placeholder"
    ]
    assert found == [(3, 14), (5, 14)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_each_line_belongs_to_the_deepest_section_holding_it(text: str) -> None:
    spec = parse(text, "spec.md")
    for line in range(0, spec.index.line_count + 2):
        holding = [
            s for s in spec.sections.values() if s.range.start.line <= line <= s.range.end.line
        ]
        # Among the sections holding the line, the deepest; the first of them on a tie.
        expected = max(holding, key=lambda s: s.level, default=None)
        assert spec.section_at_line(line) is expected, line


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab\n\r é"), max_size=30),
    where=st.floats(0, 1),
    deleted=st.integers(0, 8),
    inserted=st.text(alphabet=st.sampled_from("x\n é"), max_size=6),
)
def test_a_text_index_after_an_edit_equals_a_fresh_one(
    text: str, where: float, deleted: int, inserted: str
) -> None:
    at = int(where * len(text))
    end = min(at + deleted, len(text))
    new = text[:at] + inserted + text[end:]
    derived = TextIndex.after_edit(TextIndex(text), new, at, end)
    fresh = TextIndex(new)
    assert derived.line_count == fresh.line_count
    assert [derived.line_start(n) for n in range(1, fresh.line_count + 1)] == [
        fresh.line_start(n) for n in range(1, fresh.line_count + 1)
    ]
