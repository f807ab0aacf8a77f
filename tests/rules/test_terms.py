"""`terms/` rules: acronyms, synonyms, glossary terms."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from speclint.config import Config
from speclint.engine import lint_spec
from speclint.incremental_lint import DocumentLinter
from speclint.parse import parse
from speclint.rules import terms

from tests.conftest import flagged, lint_md

# -- undefined-acronym -----------------------------------------------------------------------


def test_undefined_acronym_flags_first_use_only() -> None:
    text = "Requests are checked against the ACL. The ACL is cached.\n"
    assert flagged(text, "terms/undefined-acronym") == ["ACL"]


def test_undefined_acronym_in_blocks_that_touch_reads_each_block_alone() -> None:
    # No Markdown makes two blocks touch; a builder might: then the blocks are scanned one by
    # one, and "XYZ" opens the second block (in one string "abcXYZ" would hide it).
    spec = parse("abcXYZ is checked.\n")
    whole = spec.blocks[0]
    spec.blocks = [
        dataclasses.replace(whole, end=whole.start + 3, text="abc", prose="abc"),
        dataclasses.replace(
            whole, start=whole.start + 3, text=whole.text[3:], prose=whole.prose[3:]
        ),
    ]
    found = [
        f for f in lint_spec(spec, Config(root=Path("."))) if f.rule == "terms/undefined-acronym"
    ]
    assert [(f.range.start.column, f.range.end.column) for f in found] == [(4, 7)]


def test_acronym_expanded_either_way_is_defined() -> None:
    text = """\
    Requests are checked against the access control list (ACL).
    The SLO (service level objective) is tracked; the ACL is cached.
    """
    assert flagged(text, "terms/undefined-acronym") == []


def test_acronym_defined_in_glossary_is_defined() -> None:
    text = """\
    The ACL is cached.

    ## Glossary

    | Term | Meaning |
    | --- | --- |
    | ACL | access control list |
    """
    assert flagged(text, "terms/undefined-acronym") == []


def test_acronym_merely_used_in_a_glossary_section_is_not_defined() -> None:
    text = """\
    ## Key Entities

    - **Report**: what a user exports; the ACL decides who sees it.
    - **ACL2**: not this one.
    """
    assert flagged(text, "terms/undefined-acronym") == ["ACL"]


def test_well_known_acronyms_keywords_and_ids_are_not_flagged() -> None:
    text = """\
    The API returns JSON over HTTPS. WHEN it fails THEN the system SHALL retry.
    - **FR-001**: Users MUST see a UI in under 2 s.
    Phase II starts with C18 and G1.
    """
    assert flagged(text, "terms/undefined-acronym") == []


def test_computing_terms_every_engineer_knows_are_not_flagged() -> None:
    text = """\
    Jobs leave the FIFO queue in order; the LRU cache holds the last 100 pages in DRAM.
    Each release lists the CVE ids it fixes; the DSL compiles to a DAG of steps.
    The alias on the LHS names the type on the RHS.
    HR admins and the IT team may edit any profile; the CEO may not.
    Each device holds a certificate from the fleet CA.
    """
    assert flagged(text, "terms/undefined-acronym") == []
    # ... while a project's own abbreviation still needs its full name.
    assert flagged("Each step lowers to SIL nodes.\n", "terms/undefined-acronym") == ["SIL"]


def test_keyword_lists_in_capitals_are_not_acronyms() -> None:
    text = "Levels in the DEBUG, INFO, WARN and ERROR ranges map to slog levels.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "It supports the PNG, JPEG, and WEBP formats.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "The assembler rewrites the MOV instruction when it lowers TLS accesses.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    # A known acronym right after one is its head noun: no name in capitals.
    text = "The system must notify the warehouse through the WMS API.\n"
    assert flagged(text, "terms/undefined-acronym") == ["WMS"]


def test_alert_markers_and_chat_abbreviations_are_not_acronyms() -> None:
    text = "> [!NOTE]\n> The list may grow.\n\nFWIW, IMO the ACL is fine.\n"
    assert flagged(text, "terms/undefined-acronym") == ["ACL"]


def test_placeholders_are_not_acronyms() -> None:
    assert flagged("The limit is TBD. The owner is TODO.\n", "terms/undefined-acronym") == []


def test_capitalised_english_word_for_emphasis_is_not_an_acronym() -> None:
    text = "The package manager NEVER updates a package it did not clone; it never will.\n"
    assert flagged(text, "terms/undefined-acronym") == []


def test_emphasised_capitals_are_a_stressed_word_not_an_acronym() -> None:
    text = "The scheduler *NEVER* retries a job, and **ALWAYS** logs it.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "The *scheduler* retries a job when the SRE approves.\n"
    assert flagged(text, "terms/undefined-acronym") == ["SRE"]
    # ... at the start of a paragraph or a list item too, where the block starts after its `*`.
    text = (
        "*NEVER* retry a job.\n\n- **ALWAYS** log it.\n- [OPA](https://example.com/) checks it.\n"
    )
    assert flagged(text, "terms/undefined-acronym") == []


def test_initials_or_product_letters_beside_a_name_are_not_acronyms() -> None:
    text = """\
    * Authors: [QZ Lindqvist](https://example.com/qz)

    The plugin runs in VS Code and on Windows XP machines.
    """
    assert flagged(text, "terms/undefined-acronym") == []


def test_acronyms_beside_a_capitalised_word_are_still_flagged_when_not_a_name() -> None:
    # Longer capitals (an organisation's acronym), plurals, sentence starts and headings
    # (Title Case) are no sign of a name.
    text = "The CNCF Notary project signs images.\n"
    assert flagged(text, "terms/undefined-acronym") == ["CNCF"]
    text = "It loads the Windows QXs at start.\n"
    assert flagged(text, "terms/undefined-acronym") == ["QXs"]
    text = "The parser reads it. Later QX checks it.\n"
    assert flagged(text, "terms/undefined-acronym") == ["QX"]
    assert flagged("## Loading a QX Module\n", "terms/undefined-acronym") == ["QX"]


def test_a_link_s_whole_text_is_named_by_its_link() -> None:
    text = (
        "It runs in [OPA](https://www.openpolicyagent.org/) and [SRE][rota] tools.\n\n"
        "[rota]: https://example.com/rota\n"
    )
    assert flagged(text, "terms/undefined-acronym") == []
    # ... not an acronym that is only a part of the link's text.
    text = "It runs in [the OPA engine](https://www.openpolicyagent.org/).\n"
    assert flagged(text, "terms/undefined-acronym") == ["OPA"]
    # The link's text but a parenthesis (a year, a version) is the name linked all the same.
    text = "[BCPL (1967)](https://example.com/history.pdf) removed binary literals.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "[BCPL (1967) and its heirs](https://example.com/history.pdf) kept octal.\n"
    assert flagged(text, "terms/undefined-acronym") == ["BCPL"]


def test_common_engineering_abbreviations_are_known() -> None:
    text = "The STL has no NOP for it: UB follows. Keep it DRY; log the PID on SIGURG.\n"
    text += "The bot posts to the user's DM. Refunds above 500 EUR or 600 USD need approval.\n"
    text += "The SSA pass uses PGO data. FX rates load in the ETL job; the SKU list feeds NPS.\n"
    assert flagged(text, "terms/undefined-acronym") == []


def test_a_directive_alone_in_its_paragraph_is_not_an_acronym() -> None:
    text = "[TOC]\n\nThe job runs once. See [SRE] notes for the rota.\n"
    assert flagged(text, "terms/undefined-acronym") == ["SRE"]


def test_a_prefix_named_as_such_is_not_an_acronym() -> None:
    text = "The value types keep the NS prefix, as `NSData` does.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "Routes match the QXR prefix of the address.\n"
    assert flagged(text, "terms/undefined-acronym") == ["QXR"]


def test_an_identifier_the_spec_writes_as_code_is_not_an_acronym() -> None:
    text = "Builds outside GOPATH fail. Packages go to `$GOPATH/src`; see `TLSBSS` and TLSBSS.\n"
    assert flagged(text, "terms/undefined-acronym") == []
    text = "Builds outside GOPATH fail. Packages go to `GOPATH/src` or to $GOPATH_SRC.\n"
    assert flagged(text, "terms/undefined-acronym") == ["GOPATH"]


def test_a_setting_given_a_value_or_a_variable_of_a_formula_is_not_an_acronym() -> None:
    for text in (
        "With a GOGC of 100, half of the heap is live.\nRun it with GOGC=off.\n",
        "With a GOGC of 100, half of the heap is live: h = 100/(100+GOGC).\n",
        "With a GOGC of 100, half of the heap is live; the goal is GOGC/100 of it.\n",
    ):
        assert flagged(text, "terms/undefined-acronym") == [], text
    # A number beside it without an operator, or an operator between two names, says nothing.
    for text in (
        "With a GOGC of 100, half of the heap is live.\n",
        "With a GOGC of 100 (the GOGC-100 setting), half of the heap is live.\n",
        "Send it over TCP/SCTP, with a GOGC of 100.\n",
    ):
        assert "GOGC" in flagged(text, "terms/undefined-acronym"), text


def test_acronyms_that_are_not_acronyms_lint_the_same_when_edited_live() -> None:
    # The language server carries each section's first uses: what tells a name, a stressed
    # word, a directive or a prefix must be read in the section itself.
    v1 = (
        "# Spec\n\n## Tools\n\nIt runs in VS Code and *NEVER* in QX.\n\n"
        "## Types\n\n[TOC]\n\nThey keep the NS prefix of `NSData`, unlike NS values.\n"
    )
    v2 = v1.replace("in QX.", "in Windows QX.")
    linter = DocumentLinter("spec.md", Config(root=Path(".")))
    for text in (v1, v2, v1):
        live = [f.range for f in linter.lint(text).findings if f.rule == "terms/undefined-acronym"]
        fresh = [f.range for f in lint_md(text, "terms/undefined-acronym")]
        assert live == fresh
    assert flagged(v1, "terms/undefined-acronym") == ["QX", "NS"]
    assert flagged(v2, "terms/undefined-acronym") == ["NS"]


def test_acronyms_in_references_and_table_cells_are_not_flagged() -> None:
    text = """\
    | Swift | Foundation |
    | --- | --- |
    | UUID | NSUUID |

    ## References

    Proceedings of the ACM conference, 2007.
    """
    assert flagged(text, "terms/undefined-acronym") == []


def test_config_adds_known_acronyms() -> None:
    text = "The ACL is cached.\n"
    assert flagged(text, "terms/undefined-acronym", vocabulary={"acronym_known": ["ACL"]}) == []


def test_acronym_in_code_is_not_flagged() -> None:
    assert flagged("Set `GODEBUG` and read `os.O_RDONLY`.\n", "terms/undefined-acronym") == []


# -- inconsistent-term -----------------------------------------------------------------------


STORY = """\
The user opens the export page. The user picks a format.
The user starts the export. The user may cancel it.
When it ends, the customer gets an email.
"""


def test_inconsistent_term_reports_the_minority_with_the_majority_term() -> None:
    assert flagged(STORY, "terms/inconsistent-term") == ["customer"]
    (finding,) = lint_md(STORY, "terms/inconsistent-term")
    assert "'user'" in finding.message
    assert finding.fixes[0].edits[0].new_text == "user"


def test_inconsistent_term_fix_keeps_case_and_plural() -> None:
    text = STORY.replace("the customer gets", "Customers get")
    (finding,) = lint_md(text, "terms/inconsistent-term")
    assert finding.fixes[0].edits[0].new_text == "Users"


def test_terms_used_about_equally_are_two_concepts() -> None:
    text = "The user pays. The customer signs. The user reads. The customer writes.\n"
    assert flagged(text, "terms/inconsistent-term") == []


def test_compounds_are_not_synonyms() -> None:
    text = STORY.replace("the customer gets an email", "the user interface shows a banner")
    text += "Customer support answers tickets.\n"
    assert flagged(text, "terms/inconsistent-term") == []


def test_a_term_the_glossary_defines_is_its_own_concept() -> None:
    text = STORY + "\n## Glossary\n\n- **Customer**: the organisation that pays.\n"
    assert flagged(text, "terms/inconsistent-term") == []


# -- undefined-term --------------------------------------------------------------------------


GLOSSARY = """\
## Glossary

- **Requester**: the person who asks for access.

## Approval

"""


def test_undefined_term_flags_a_repeated_capitalised_term_missing_from_the_glossary() -> None:
    text = GLOSSARY + (
        "A request stays open for one Approval Window. When the Approval Window ends, "
        "the request expires.\n"
    )
    assert flagged(text, "terms/undefined-term") == ["Approval Window"]


def test_undefined_term_flags_a_bold_term() -> None:
    text = GLOSSARY + "Each request gets an **Access Grant** when approved.\n"
    assert flagged(text, "terms/undefined-term") == ["Access Grant"]


def test_undefined_term_needs_a_glossary() -> None:
    text = "One Approval Window. The Approval Window ends.\n"
    assert flagged(text, "terms/undefined-term") == []


def test_terms_in_the_glossary_or_a_title_are_defined() -> None:
    text = GLOSSARY.replace("- **Requester**", "- **Approval Window**: 4 hours.\n- **Requester**")
    text += "One Approval Window. The Approval Window ends. See Access Review.\n"
    text += "\n## Access Review\n\nThe Access Review runs monthly.\n"
    assert flagged(text, "terms/undefined-term") == []


def test_sentence_start_capital_is_no_sign_of_a_term() -> None:
    text = GLOSSARY + "Approval happens once. Approval happens in Slack.\n"
    assert flagged(text, "terms/undefined-term") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCSXZabsz019 .-/$@\\_\n\x00", max_size=60))
def test_acronym_shape_scan_matches_where_the_acronym_pattern_does(text: str) -> None:
    shape = text.translate(terms._SHAPE)
    assert [m.span("a") + m.span() for m in terms._ACRONYM_SHAPE.finditer(shape)] == [
        m.span("a") + m.span() for m in terms._ACRONYM.finditer(text)
    ]
