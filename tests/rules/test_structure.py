"""`structure/` rules: duplicate ids, empty sections, open questions."""

from __future__ import annotations

from tests.conftest import flagged, lint_md

# -- duplicate-id ----------------------------------------------------------------------------


def test_duplicate_requirement_id_is_flagged_with_a_rename() -> None:
    text = """\
    ## Export

    - **FR-001**: The service must export CSV.
    - **FR-002**: The service must export JSON.
    - **FR-001**: The service must export XML.
    """
    assert flagged(text, "structure/duplicate-id") == ["FR-001"]
    (finding,) = lint_md(text, "structure/duplicate-id")
    assert "line 3" in finding.message
    assert finding.fixes[0].edits[0].new_text == "FR-003"
    assert finding.related and finding.related[0][1].start.line == 3


def test_duplicate_explicit_heading_id_is_flagged() -> None:
    text = """\
    ## Export {#export}

    ## Export again {#export}
    """
    assert flagged(text, "structure/duplicate-id") == ["export"]


def test_repeated_heading_titles_are_not_duplicates() -> None:
    text = "## Notes\n\nOne.\n\n## Notes\n\nTwo.\n"
    assert flagged(text, "structure/duplicate-id") == []


# -- empty-section ---------------------------------------------------------------------------


def test_empty_section_points_at_the_heading_words() -> None:
    text = "## Error handling\n\n## Limits\n\nAt most 10 rows.\n"
    assert flagged(text, "structure/empty-section") == ["Error handling"]


def test_section_with_only_a_comment_is_empty() -> None:
    text = "## Limits\n\n<!-- fill in -->\n\n## Other\n\nText.\n"
    assert flagged(text, "structure/empty-section") == ["Limits"]


def test_sections_with_subsections_code_or_tables_are_not_empty() -> None:
    text = """\
    # Spec

    ## Format

    ```json
    {}
    ```

    ## Fields

    | a | b |
    | - | - |
    | 1 | 2 |

    ## Parent

    ### Child

    Text.
    """
    assert flagged(text, "structure/empty-section") == []


# -- open-question ---------------------------------------------------------------------------


def test_open_question_in_a_list_item_is_flagged() -> None:
    text = """\
    ## Retention

    - Exports are kept for 30 days.
    - Should deleted users' exports be kept too?
    """
    assert flagged(text, "structure/open-question") == [
        "Should deleted users' exports be kept too?"
    ]


def test_an_edge_case_asking_how_the_system_handles_it_is_open() -> None:
    text = """\
    ### Edge Cases

    - What happens when a Pro workspace with 40 members is downgraded to Free?
    - How does the system handle a webhook from Stripe that arrives twice?
    - How is a renewal that fails three times handled?
    - How does the importer read a CSV file?
    """
    assert flagged(text, "structure/open-question") == [
        "What happens when a Pro workspace with 40 members is downgraded to Free?",
        "How does the system handle a webhook from Stripe that arrives twice?",
        "How is a renewal that fails three times handled?",
    ]


def test_question_answered_in_the_same_paragraph_or_after_is_not_open() -> None:
    text = """\
    ## Retention

    Should exports be kept? Yes: for 30 days.

    Should deleted users' exports be kept too?

    No: they are deleted with the account.
    """
    assert flagged(text, "structure/open-question") == []


def test_questions_in_faq_and_open_questions_sections_are_not_flagged() -> None:
    text = """\
    ## Open questions

    - Should exports be encrypted?

    ## FAQ

    - How long are exports kept?
    """
    assert flagged(text, "structure/open-question") == []


def test_informational_and_rhetorical_questions_are_not_flagged() -> None:
    text = """\
    ## Viewer

    - Which variables account for the most memory?
    - Why?
    - Q: Should it be fast? A: yes.
    """
    assert flagged(text, "structure/open-question") == []
