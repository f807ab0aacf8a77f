"""`ambiguity/` rules: what each flags (the exact words), and each documented exception."""

from __future__ import annotations

from speclint.model import Fix

from tests.conftest import flagged, lint_md

# -- vague-term ------------------------------------------------------------------------------


def test_a_criteria_section_states_requirements_without_modals() -> None:
    text = """\
    ## Success criteria

    - **SC-002**: The billing page loads quickly.
    - Exports are fast and usually finish in a minute.
    - Response times should be reasonable under peak load.
    """
    assert flagged(text, "ambiguity/vague-term") == ["quickly", "fast", "reasonable"]
    assert flagged(text, "ambiguity/escape-clause") == ["usually"]
    # Elsewhere the same sentences describe; and in a criterion an attribute is no predicate.
    text = "## Background\n\nThe billing page loads quickly. Exports are fast.\n"
    assert flagged(text, "ambiguity/vague-term") == []
    text = "## Requirements\n\nNormal execution continues in the preceding frame.\n"
    assert flagged(text, "ambiguity/vague-term") == []
    text = "## Requirements\n\n**User Story:** As an owner, I want to share quickly.\n"
    assert flagged(text, "ambiguity/vague-term") == []


def test_an_endpoint_section_states_what_the_endpoint_does() -> None:
    text = """\
    ### POST /orders

    Large orders are split into several shipments. The reply holds a short summary.
    """
    assert flagged(text, "ambiguity/vague-term") == ["Large"]
    assert flagged(text, "ambiguity/unbounded-quantity") == ["several"]
    text = text.replace("### POST /orders", "### Orders today")
    assert flagged(text, "ambiguity/vague-term") == []
    assert flagged(text, "ambiguity/unbounded-quantity") == []
    # "## Behaviour" alone says what the system does; "### Current behavior" describes.
    assert flagged("## Behaviour\n\nExports are fast.\n", "ambiguity/vague-term") == ["fast"]
    assert flagged("## Current behavior\n\nExports are fast.\n", "ambiguity/vague-term") == []


def test_vague_handling_that_leaves_open_what_happens() -> None:
    text = """\
    The app must handle the case where the passkey was deleted on another device.
    A client MUST handle errors from the registry.
    """
    assert flagged(text, "ambiguity/vague-term") == ["handle", "handle"]
    (finding, _) = lint_md(text, "ambiguity/vague-term")
    assert "say what the system does" in finding.message
    # Said how, said by another word, or a verb of support: nothing to ask about it.
    text = """\
    The app must handle a deleted passkey by offering to create a new one.
    The service must handle errors gracefully.
    We also need to handle generic types. The parser must handle `dsa.PrivateKey`.
    """
    assert flagged(text, "ambiguity/vague-term") == ["gracefully"]


def test_vague_a_reasonable_time_is_no_measure() -> None:
    text = "WHEN a link is revoked THEN the system SHALL reject it within a reasonable time.\n"
    assert flagged(text, "ambiguity/vague-term") == ["within a reasonable time"]
    text = "WHEN a link is revoked THEN the system SHALL reject it within 60 seconds.\n"
    assert flagged(text, "ambiguity/vague-term") == []


def test_vague_a_duration_that_names_none() -> None:
    text = "Flags that have been at 100% for a long time must be marked stale.\n"
    (finding,) = lint_md(text, "ambiguity/vague-term")
    assert finding.message == "'for a long time' is vague: say how long, e.g. 30 days"
    # A measure after it, an inverted condition, a narrative: nothing to ask.
    text = """\
    Flags that have been at 100% for 30 days must be marked stale.
    Flags left on for a long time (over 90 days) must be reported to their owner.
    Should the ratio exceed 1:1 for some time, then the bucket fills up.
    For some time, the type violated this constraint.
    """
    assert flagged(text, "ambiguity/vague-term") == []


def test_vague_and_escape_words_under_a_should_that_obliges_nobody() -> None:
    # What "we should" or "it would seem that X should" governs is a plan or an argument, as
    # weak-modal reads it: no requirement.
    text = """\
    We should name the dictionaries appropriately, so deduplication happens on its own.
    It would seem that an implementation should resolve them immediately.
    We should reuse that code as much as possible.
    """
    assert flagged(text, "ambiguity/vague-term") == []
    assert flagged(text, "ambiguity/escape-clause") == []
    text = "The service should name the files appropriately, as much as possible.\n"
    assert flagged(text, "ambiguity/vague-term") == ["appropriately"]
    assert flagged(text, "ambiguity/escape-clause") == ["as much as possible"]


def test_vague_term_flags_subjective_words_in_a_requirement() -> None:
    text = "The search page must be fast and user-friendly.\n"
    assert flagged(text, "ambiguity/vague-term") == ["fast", "user-friendly"]


def test_vague_term_is_silenced_by_a_measurable_bound_in_the_same_sentence() -> None:
    assert flagged("The search must be fast (p95 < 200 ms).\n", "ambiguity/vague-term") == []
    assert flagged("Exports must be fast: under 2 seconds.\n", "ambiguity/vague-term") == []


def test_vague_term_bound_in_another_sentence_does_not_count() -> None:
    text = "The search must be fast. Exports finish in 2 seconds.\n"
    assert flagged(text, "ambiguity/vague-term") == ["fast"]


def test_vague_term_ordinary_words_only_in_requirements() -> None:
    assert flagged("This is a small change to the parser.\n", "ambiguity/vague-term") == []
    assert flagged("The export file must be small.\n", "ambiguity/vague-term") == ["small"]


def test_vague_term_strong_words_anywhere_in_normative_prose() -> None:
    assert flagged("The dashboard is user-friendly.\n", "ambiguity/vague-term") == ["user-friendly"]


def test_vague_term_adjective_must_be_the_predicate() -> None:
    text = """\
    The report must include a short description and the appropriate owner.
    The report must be short, readable and complete.
    The service must respond quickly. It must minimize retries.
    """
    assert flagged(text, "ambiguity/vague-term") == ["short", "quickly", "minimize"]


def test_vague_term_flat_adverb_right_after_the_verb() -> None:
    text = """\
    The billing page MUST load fast. The page must load fast on a 3G connection.
    The export must not take long.
    """
    assert flagged(text, "ambiguity/vague-term") == ["fast", "fast", "long"]
    # ... not as an attribute of what follows, nor in a technical term.
    text = "The API must return fast results and accept long names. It must fail fast.\n"
    assert flagged(text, "ambiguity/vague-term") == []


def test_vague_term_threshold_in_a_requirement_s_subject_or_condition() -> None:
    text = """\
    Large exports must be generated in the background.
    Exports must be generated in the background when they are large.
    Recent orders must be listed first.
    The list must be paginated if it is too long.
    WHEN a large file is uploaded THEN the system SHALL show its progress.
    """
    assert flagged(text, "ambiguity/vague-term") == ["Large", "large", "Recent", "long", "large"]
    # A threshold with its number, a thing's name in the object, or no requirement at all.
    text = """\
    Large exports (over 100 MB) must be generated in the background.
    The report must include a short description.
    Large exports are generated in the background.
    Large files, which users rarely upload, must be scanned.
    The session must stay open as long as the user is active.
    The service level objective (SLO for short) must be met each month.
    For large allocations we can zero the summary quickly, and only need to do it once.
    """
    assert flagged(text, "ambiguity/vague-term") == []


def test_vague_term_in_a_then_step_is_a_requirement() -> None:
    text = (
        "1. **Given** a report, **When** the analyst exports it, **Then** it downloads quickly.\n"
    )
    assert flagged(text, "ambiguity/vague-term") == ["quickly"]
    assert flagged("Then we went home quickly.\n", "ambiguity/vague-term") == []


def test_vague_term_technical_terms_are_not_vague() -> None:
    text = "The parser must take the fast path for ASCII and fail fast on errors.\n"
    assert flagged(text, "ambiguity/vague-term") == []


def test_vague_term_skips_informative_sections_and_headings() -> None:
    text = """\
    # Fast exports

    ## Motivation

    Users must wait too long today; exports must be fast.

    ## Problem

    Large accounts must wait for hours, so support runs slow scripts by hand.

    ## Requirements

    Exports must be fast.
    """
    assert flagged(text, "ambiguity/vague-term") == ["fast"]
    found = lint_md(text, "ambiguity/vague-term")
    assert [f.section for f in found] == ["requirements"]


def test_vague_term_config_adds_and_allows_words() -> None:
    text = "The UI must be snazzy and robust.\n"
    assert flagged(text, "ambiguity/vague-term") == ["robust"]
    vocabulary = {"vague": ["snazzy"], "allow": ["robust"]}
    assert flagged(text, "ambiguity/vague-term", vocabulary=vocabulary) == ["snazzy"]


def test_vague_term_message_says_what_to_do() -> None:
    (finding,) = lint_md("Search must be fast.\n", "ambiguity/vague-term")
    assert "p95 < 200 ms" in finding.message


def test_quoted_and_code_words_are_never_linted() -> None:
    text = 'Users call it "fast". The `fast` flag must be set.\n'
    assert flagged(text, "ambiguity/vague-term") == []


# -- weak-modal ------------------------------------------------------------------------------


def test_weak_modal_flags_should_in_a_requirement() -> None:
    text = "The export service should retry a failed upload.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["should"]


def test_weak_modal_may_granting_a_permission_is_not_flagged() -> None:
    assert flagged("The user may cancel an export.\n", "ambiguity/weak-modal") == []


def test_weak_modal_may_with_the_system_as_subject_is_flagged() -> None:
    text = "The export service may retry a failed upload.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["may"]


def test_weak_modal_may_as_possibility_is_not_flagged() -> None:
    text = "The export service may be slow at night. This may cause delays.\n"
    assert flagged(text, "ambiguity/weak-modal") == []


def test_weak_modal_may_with_the_choice_holder_named_is_not_flagged() -> None:
    # "say who decides" is what the message asks: here the sentence says it.
    text = """\
    The export service may choose to skip empty folders.
    The implementation may opt not to compress small files.
    The scheduler may decide to run the job early.
    """
    assert flagged(text, "ambiguity/weak-modal") == []
    # ... while a choice that is really the requirement's is still flagged.
    assert flagged("The export service may skip empty folders.\n", "ambiguity/weak-modal") == [
        "may"
    ]


def test_weak_modal_in_a_clause_that_describes_or_asks_where_is_not_flagged() -> None:
    text = """\
    The decoder offers methods for situations where whole elements should be consumed.
    The option gives callers control over where the work should run.
    The variable specifies which folder the exports should be written to.
    A later release may allow customizing which queue these jobs should run on.
    """
    assert flagged(text, "ambiguity/weak-modal") == []
    # A condition closed by its comma leaves the modal in the main clause.
    text = "Where a folder is empty, the export service should skip it.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["should"]


def test_weak_modal_in_quoted_user_speech_is_not_normative() -> None:
    text = 'One customer said the export should be faster.\nSupport wrote: "it should work".\n'
    assert flagged(text, "ambiguity/weak-modal") == []


def test_reported_speech_is_read_before_the_modal_only() -> None:
    text = """\
    Errors should be reported to Sentry.
    The widget should store each feedback message.
    The price should be quoted on the invoice.
    """
    assert flagged(text, "ambiguity/weak-modal") == ["should", "should", "should"]
    # What someone said obliges nothing, for every rule that reads requirements.
    text = "Users said the export should be faster. Customers told us it must be fast.\n"
    for rule in ("ambiguity/weak-modal", "ambiguity/comparative", "ambiguity/vague-term"):
        assert flagged(text, rule) == [], rule


def test_weak_modal_in_a_user_story_is_not_normative() -> None:
    text = "As an approver, I want requests that should expire to be marked.\n"
    assert flagged(text, "ambiguity/weak-modal") == []


def test_weak_modal_questions_conditions_and_predictions_are_not_flagged() -> None:
    text = """\
    Should the call fail, the service logs it.
    Should exports be encrypted?
    This should be rare.
    The lower bound probably should be revisited.
    This should normally not happen: the cache is rebuilt first.
    """
    assert flagged(text, "ambiguity/weak-modal") == []


def test_weak_modal_guesses_consequences_and_the_authors_voice_are_not_flagged() -> None:
    text = """\
    It is possible that the term should be reworded.
    The parser keeps comments, so the output should be as readable as the input.
    We can and should optimize this case.
    The literal behaves as it should.
    Give the path to which output should be written.
    This should not significantly impact resilience.
    This should however be unlikely. It should require minimal maintenance.
    Members have advocated that the import path should be changed.
    Instead of saying which operators a constraint should support, list types.
    The old names should have been corrected long ago. I feel this proposal should be accepted.
    Issue 20733 proposes that loop variables should be redefined. This should be plenty.
    Give the platforms under which the target should be used.
    It's very clear to me that the memory target should be configurable.
    """
    assert flagged(text, "ambiguity/weak-modal") == []


def test_weak_modal_predicting_a_change_s_impact_is_not_flagged() -> None:
    text = """\
    This is purely additive so should not be source breaking.
    Semantically, type aliases should have very little effect.
    This should be a simple substitution with limited impact.
    The new flag should not be breaking for existing scripts.
    Dense mark bits should simplify the sweeper. A flat line should serve as an indicator.
    This should be alleviated by the new API. The analysis should have no false positives.
    This should not be too disruptive, since few programs write it.
    There will be exceptions to this rule, but it should hold in most cases.
    One should not refer to the task after the job ran.
    The hash is an implementation detail: users should not depend on its value.
    """
    assert flagged(text, "ambiguity/weak-modal") == []
    # ... while "so" elsewhere leaves the requirement one.
    text = "The queue is so busy at night that the service should batch requests.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["should"]
    text = "One replica should stay warm at all times.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["should"]


def test_weak_modal_expecting_an_outcome_or_reasoning_is_not_flagged() -> None:
    text = """\
    Compared with today, this behavior should reduce the RSS of most applications.
    The overall result should be more consistent. The result should eliminate the retry loop.
    Steps 1 and 2 should have no performance impact on builds.
    Fixing it should be a matter of emitting the right field.
    Existing tools should have no trouble reading the file.
    Zeroing the bitmap should add only 40 us per GB.
    Conversion 1 should certainly be allowed. This should, however, be rare.
    It is not clear that conversion 2 should be allowed.
    The additions should impose only a minimal burden. The overloads should avoid breaking code.
    There should be no source compatibility concerns.
    These are the requirements any implementation should likely satisfy.
    At first blush, it would seem like existential types should support variance as well.
    The attribute specifies that the method should be translated into an async method.
    This proposal should not otherwise affect ABI. It should be tractable to add later.
    Moderators should expect less leeway than others.
    For fixed-size integers these two implementations should be nearly optimal.
    It would seem that an implementation should resolve aliases at once.
    The statement asserts that the type implements Reader, as of course it should.
    The attribute is written to indicate that the compiler should relax the checks.
    """
    assert flagged(text, "ambiguity/weak-modal") == []
    # ... while the same words elsewhere leave the requirement one.
    text = """\
    The behavior of the cache should change with the version.
    The change should be applied atomically.
    The export should, on failure, retry twice.
    The summary should indicate that the export failed.
    There should be no duplicate entries in the export.
    """
    assert flagged(text, "ambiguity/weak-modal") == ["should"] * 5


def test_weak_modal_rfc2119_upper_case_is_honoured_when_declared() -> None:
    text = """\
    The key words MUST and SHOULD are to be interpreted as described in RFC 2119.

    The service SHOULD log every export. The client should retry.
    """
    assert flagged(text, "ambiguity/weak-modal") == ["should"]


def test_weak_modal_upper_case_is_flagged_without_rfc2119() -> None:
    text = "The service SHOULD log every export.\n"
    assert flagged(text, "ambiguity/weak-modal") == ["SHOULD"]
    assert flagged(text, "ambiguity/weak-modal", rfc2119=True) == []


def test_weak_modal_ears_shall_is_normative() -> None:
    text = "WHEN a request expires THEN the system SHALL revoke access.\n"
    assert lint_md(text, "ambiguity/weak-modal") == []


def test_weak_modal_suggests_must_keeping_case_and_negation() -> None:
    (finding,) = lint_md("The client SHOULD NOT retry.\n", "ambiguity/weak-modal")
    (fix,) = finding.fixes
    assert isinstance(fix, Fix) and not fix.safe
    assert fix.edits[0].new_text == "MUST NOT"


# -- escape-clause ---------------------------------------------------------------------------


def test_escape_clause_flags_the_clause() -> None:
    text = "The service must encrypt exports at rest where applicable.\n"
    assert flagged(text, "ambiguity/escape-clause") == ["where applicable"]


def test_escape_clause_in_a_comparison_is_not_an_escape() -> None:
    text = "Reserving capacity must not seem as appropriate as giving one.\n"
    assert flagged(text, "ambiguity/escape-clause") == []


def test_escape_clause_citation_is_not_an_escape() -> None:
    text = "The service must send a Retry-After header as required by RFC 9110.\n"
    assert flagged(text, "ambiguity/escape-clause") == []


def test_escape_clause_weak_hedge_only_in_requirements() -> None:
    assert flagged("The runtime grows the stack if necessary.\n", "ambiguity/escape-clause") == []
    text = "The service must grow the pool if necessary.\n"
    assert flagged(text, "ambiguity/escape-clause") == ["if necessary"]


def test_escape_clause_in_general_summing_up_is_no_hedge() -> None:
    # "In general, ..." opening a sentence sums up (it stands before the requirement marker);
    # "must in general" hedges the requirement itself.
    text = "In general, the service must retry a failed upload twice.\n"
    assert flagged(text, "ambiguity/escape-clause") == []
    text = "The service must in general retry a failed upload twice.\n"
    assert flagged(text, "ambiguity/escape-clause") == ["in general"]


def test_escape_clause_fix_deletes_the_clause_and_its_comma() -> None:
    text = "The service must, if possible, retry.\n"
    (finding,) = lint_md(text, "ambiguity/escape-clause")
    edit = finding.fixes[0].edits[0]
    assert (edit.range.start.column, edit.range.end.column) == (17, 30)
    assert text[16:29] == ", if possible"


# -- open-ended ------------------------------------------------------------------------------


def test_open_ended_flags_etc_and_and_or() -> None:
    text = "The export must support CSV, JSON, etc. Admins and/or owners approve.\n"
    assert flagged(text, "ambiguity/open-ended") == ["etc.", "and/or"]
    text = "## Requirements\n\n- Admins and/or owners approve each request.\n"
    assert flagged(text, "ambiguity/open-ended") == ["and/or"]
    # Describing the world, "and/or" says exactly what it means.
    text = "## Motivation\n\nObjective-C names often hold parameter and/or result types.\n"
    assert flagged(text, "ambiguity/open-ended") == []


def test_open_ended_series_that_counts_on_is_not_open() -> None:
    text = """\
    Shapes are named `shape_0`, `shape_1`, etc.
    The types `Vec2<T>`, `Vec3<T>`, and so on conform to `Vector`.
    Rows are stored with all cells of the first row, followed by all cells of the second row, etc.
    """
    assert flagged(text, "ambiguity/open-ended") == []
    # A series that does not count on is open, numbers or not.
    text = """\
    The export must support CSV, JSON, etc.
    The export must support `v1`, `beta`, etc.
    The export must retry 3 times, log the error, etc.
    The API must accept v1, v2, etc.
    """
    assert flagged(text, "ambiguity/open-ended") == ["etc.", "etc.", "etc.", "etc."]


def test_open_ended_series_given_as_examples_in_a_description_is_not_open() -> None:
    text = """\
    We could split the package, for example into energy, mass, length, speed etc.
    Indices move with methods (e.g., `index(after:)`, `formIndex(after:)`, etc.).
    ELF can be read by standard tools like readelf, objdump, and so on.
    The analysis covers exported definitions (functions, constants, etc.) and fields.
    """
    assert flagged(text, "ambiguity/open-ended") == []
    # ... but a requirement's list of them is still open.
    text = "The export must support the usual formats (CSV, JSON, etc.).\n"
    assert flagged(text, "ambiguity/open-ended") == ["etc."]
    # In a requirement, or with the examples in another clause, the list is still open.
    text = """\
    The export must accept, e.g., CSV, JSON, etc.
    For example, the job runs nightly; it exports CSV, JSON, etc.
    Exports include CSV, JSON, etc.
    """
    assert flagged(text, "ambiguity/open-ended") == ["etc."] * 3
    # Under "## Requirements" a sentence states one without a modal: its whole sentence.
    text = """\
    ## Requirements

    - Flags can target users by ID, by percentage, or by attributes like country, plan, etc.
    """
    assert flagged(text, "ambiguity/open-ended") == ["etc."]
    assert flagged(text.replace("Requirements", "Background"), "ambiguity/open-ended") == []


def test_open_ended_list_left_to_someone_s_choice_says_what_decides() -> None:
    text = """\
    Registries are free to rank by whatever signals fit (recency, popularity, etc.).
    The operator picks the storage at their own discretion: disk, S3, etc.
    """
    assert flagged(text, "ambiguity/open-ended") == []
    text = "The registry must rank by recency, popularity, etc. Clients are free to cache.\n"
    assert flagged(text, "ambiguity/open-ended") == ["etc."]


def test_open_ended_step_repeated_up_to_a_stated_end_is_not_open() -> None:
    text = """\
    A failed check moves to the next handler above it, and so on, until one handles it.
    The loop tests the first error, then the second, and so on to the end of the chain.
    Retries wait 1 s, 2 s, 4 s and so forth, up to 60 s.
    """
    assert flagged(text, "ambiguity/open-ended") == []
    text = "The exporter must write CSV, JSON, and so on. It runs until midnight.\n"
    assert flagged(text, "ambiguity/open-ended") == ["and so on"]


def test_open_ended_fix_closes_the_list() -> None:
    text = "The export must support CSV, JSON, etc.\n"
    (finding,) = lint_md(text, "ambiguity/open-ended")
    edit = finding.fixes[0].edits[0]
    start, end = edit.range.start.column - 1, edit.range.end.column - 1
    assert text[:start] + edit.new_text + text[end:] == "The export must support CSV, JSON.\n"


def test_open_ended_examples_are_not_open_by_default() -> None:
    text = "The export must support formats such as CSV.\n"
    assert flagged(text, "ambiguity/open-ended") == []
    extra = {"open_ended_requirement": ["such as"]}
    assert flagged(text, "ambiguity/open-ended", vocabulary=extra) == ["such as"]


# -- placeholder -----------------------------------------------------------------------------


def test_placeholder_flags_markers_everywhere() -> None:
    text = """\
    # Export TBD

    ## Background

    The retention is TODO. The format is to be determined.
    """
    assert flagged(text, "ambiguity/placeholder") == ["TBD", "TODO", "to be determined"]


def test_placeholder_needs_clarification_marker() -> None:
    text = "Exports expire after [NEEDS CLARIFICATION: how long?].\n"
    assert flagged(text, "ambiguity/placeholder") == ["[NEEDS CLARIFICATION: how long?]"]


def test_placeholder_phrases_that_say_who_decides_are_not_placeholders() -> None:
    text = """\
    The operator adds bytecodes to be defined later by the VM team.
    The retention is to be determined by each registry operator.
    Lower-case todo and tbd are words.
    """
    assert flagged(text, "ambiguity/placeholder") == []


# -- unbounded-quantity ----------------------------------------------------------------------


def test_unbounded_quantity_flags_indefinite_quantities_in_requirements() -> None:
    text = "The client must retry several times before it reports an error.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == ["several"]


def test_unbounded_quantity_is_bounded_by_a_number() -> None:
    text = "The client must retry several (at most 5) times.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == []


def test_unbounded_quantity_counted_out_by_a_list_after_a_colon_is_bounded() -> None:
    text = "The runtime must provide a couple of hooks for it: `onStart` and `onStop`.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == []
    text = "The export must support a few formats: CSV, JSON and the XML dialect.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == []


def test_unbounded_quantity_after_a_colon_with_no_closed_list_is_still_flagged() -> None:
    # A clause after the colon, a list left open, examples in parentheses: no count.
    text = "The client must retry a few times: it backs off and logs each attempt.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == ["a few"]
    text = "The export must support a few formats: CSV, JSON, etc.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == ["a few"]
    text = "The export must support a few formats (for example CSV and JSON).\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == ["a few"]


def test_unbounded_quantity_ignores_narrative_and_fixed_phrases() -> None:
    text = "Many users asked for this. The client must say how many retries remain.\n"
    assert flagged(text, "ambiguity/unbounded-quantity") == []


# -- unmeasured-requirement ------------------------------------------------------------------


def test_unmeasured_a_limit_without_its_value() -> None:
    text = """\
    The system SHALL limit invitations per owner.
    The API must be rate-limited. Exports must limit the number of rows.
    """
    assert flagged(text, "ambiguity/unmeasured-requirement") == [
        "limit invitations per owner",
        "rate-limited",
        "limit the number of",
    ]
    # The id a requirement leads with is its label, not the value.
    text = "- **FR-007**: The system MUST rate-limit messages per customer.\n"
    assert flagged(text, "ambiguity/unmeasured-requirement") == ["rate-limit"]
    # A value, a setting, or a limit that bounds no number leaves nothing to pick.
    text = """\
    - **FR-008**: The system MUST rate-limit messages to 20 per customer per minute.
    The system SHALL limit invitations to 20 per owner per day.
    The API must be rate-limited to one hundred requests a minute.
    The limit per owner must be configurable. Invitations are throttled per owner.
    The change must limit the scope of the migration. Access must be limited to admins.
    """
    assert flagged(text, "ambiguity/unmeasured-requirement") == []


def test_unmeasured_requirement_flags_a_quality_without_a_number() -> None:
    text = "The API must keep latency low under load.\n"
    assert flagged(text, "ambiguity/unmeasured-requirement") == ["latency"]
    # In the requirement's subject too, not after a clause that sets a condition.
    text = "Latency of the address lookup must be low.\n"
    assert flagged(text, "ambiguity/unmeasured-requirement") == ["Latency"]
    text = "When latency spikes, the service must shed requests.\n"
    assert flagged(text, "ambiguity/unmeasured-requirement") == []


def test_unmeasured_requirement_suggests_a_target_of_its_kind() -> None:
    (finding,) = lint_md(
        "The system must scale to handle peak traffic.\n", "ambiguity/unmeasured-requirement"
    )
    assert finding.message.endswith("e.g. 500 requests per second"), finding.message
    (finding,) = lint_md("Uptime must be high.\n", "ambiguity/unmeasured-requirement")
    assert finding.message.endswith("e.g. 99.9% per month"), finding.message


def test_unmeasured_requirement_in_a_table_is_measured_by_its_row() -> None:
    text = """\
    ## Requirements

    | Metric | Target |
    |---|---|
    | Payment API latency | p99 < 800 ms |
    | Throughput | 300 orders/s sustained |
    | Search latency | to be measured |
    """
    assert flagged(text, "ambiguity/unmeasured-requirement") == ["latency"]
    text = """\
    ## Requirements

    | Page | Goal | Target |
    |---|---|---|
    | Checkout | user-friendly | 9 in 10 testers pay in under 2 minutes |
    | Search | user-friendly | none yet |
    """
    assert flagged(text, "ambiguity/vague-term") == ["user-friendly"]


def test_unmeasured_requirement_with_a_target_or_configurable_is_clean() -> None:
    text = """\
    The API must keep p95 latency under 200 ms.
    The throughput limit must be configurable.
    """
    assert flagged(text, "ambiguity/unmeasured-requirement") == []


# -- comparative -----------------------------------------------------------------------------


def test_comparative_without_baseline_is_flagged() -> None:
    text = "The new importer must be faster and use less memory. Exports must be smaller.\n"
    assert flagged(text, "ambiguity/comparative") == ["faster", "smaller"]
    text = "The search should respond faster. The sync must finish quicker, and use less memory.\n"
    assert flagged(text, "ambiguity/comparative") == ["faster", "quicker"]


def test_comparative_as_an_attribute_or_verb_is_not_a_claim() -> None:
    text = "The importer must reduce the strength of the check and use fewer threads.\n"
    assert flagged(text, "ambiguity/comparative") == []


def test_comparative_with_baseline_or_a_name_is_clean() -> None:
    text = """\
    The new importer must be faster than release 2.3.
    Ids must be stored in lower case.
    """
    assert flagged(text, "ambiguity/comparative") == []


# -- absolute --------------------------------------------------------------------------------


def test_absolute_is_info_and_flags_the_word() -> None:
    text = "The service must always respond within 2 seconds.\n"
    found = lint_md(text, "ambiguity/absolute")
    assert [f.severity.label for f in found] == ["info"]
    assert flagged(text, "ambiguity/absolute") == ["always"]


def test_absolute_with_named_exceptions_or_frequency_is_clean() -> None:
    text = """\
    The service must log all requests except health checks.
    The job must run every 5 minutes.
    Not all clients must upgrade.
    Not all constraints need to be defined on every associated type.
    The barrier does not need to run on all threads.
    """
    assert flagged(text, "ambiguity/absolute") == []


def test_absolute_that_promises_an_outcome_is_flagged() -> None:
    text = """\
    The API must never fail.
    The backup job must never lose customer data.
    Uploaded files must never be lost.
    The dashboard must be available at all times.
    The platform must guarantee 100% uptime.
    All requests must succeed.
    The login page must be impossible to bypass.
    The gateway must stay secure under all circumstances.
    The exporter must process every file within 5 minutes.
    The vault must be completely secure.
    The scheduler must run all jobs on time.
    """
    assert flagged(text, "ambiguity/absolute") == [
        "never", "never", "never", "at all times", "100%", "All", "impossible",
        "under all circumstances", "every", "completely", "all",
    ]  # fmt: skip


def test_absolute_over_a_defined_set_in_a_rule_is_clean() -> None:
    text = """\
    A type alias must never refer to itself, directly or indirectly.
    The compiler must examine all the keys.
    Every result builder must declare a static build method.
    The members of a union must all be distinct.
    Macros that can introduce arbitrary names must always be expanded.
    Public dependencies must always be loaded by clients.
    """
    assert flagged(text, "ambiguity/absolute") == []


def test_absolute_with_an_outcome_that_is_not_what_it_qualifies_is_clean() -> None:
    text = """\
    A failed task should cancel the group and all of its siblings.
    Security fixes need to always apply with a new toolchain.
    Malformed keys must always fail to parse.
    Every function must ensure that enough stack space is available.
    All queues must be empty once the detection succeeds.
    Once every replica is up, the service must respond.
    The writer must hold the lock at all times while a batch is open.
    Flags that have been at 100% for 30 days must be marked stale.
    The rollout must go from 0 to 100% in four steps, and reach 100 % by Friday.
    """
    assert flagged(text, "ambiguity/absolute") == []


# -- number-without-unit ---------------------------------------------------------------------


def test_number_without_unit_flags_the_number() -> None:
    text = "Each call to Okta has a timeout of 30. The max size is 10.\n"
    assert flagged(text, "ambiguity/number-without-unit") == ["30", "10"]


def test_number_with_unit_is_clean() -> None:
    text = """\
    Each call has a timeout of 30 seconds and a retry delay of 500 ms.
    The rate limit is 100 requests per minute; the cache size is 64 MiB.
    """
    assert flagged(text, "ambiguity/number-without-unit") == []


def test_number_without_unit_message_suggests_a_unit() -> None:
    (finding,) = lint_md("The max file size is 10.\n", "ambiguity/number-without-unit")
    assert "10 MB" in finding.message


# -- passive-without-actor -------------------------------------------------------------------


def test_passive_without_actor_flags_the_phrase() -> None:
    text = "Access is granted once the request is approved.\n"
    assert flagged(text, "ambiguity/passive-without-actor") == ["is granted", "is approved"]


def test_passive_with_actor_is_clean() -> None:
    text = """\
    The request is approved by the requester's team lead.
    The team lead approves the request. Nothing is taken for granted.
    """
    assert flagged(text, "ambiguity/passive-without-actor") == []


def test_weak_modal_in_the_then_clause_of_an_ears_sentence_is_flagged() -> None:
    src = "# R\n\n1. WHEN deliveries fail THEN the system should retry them.\n"
    assert flagged(src, "ambiguity/weak-modal") == ["should"]
    # ...while the condition itself is no obligation.
    assert (
        flagged("# R\n\nWhen the call should fail, the job retries.\n", "ambiguity/weak-modal")
        == []
    )


def test_weak_modal_after_a_hedge_earlier_in_the_clause_is_an_opinion() -> None:
    src = "# R\n\nProbably the vet tool should report these cases.\n"
    assert flagged(src, "ambiguity/weak-modal") == []
    assert flagged("# R\n\nThe vet tool should report these cases.\n", "ambiguity/weak-modal") == [
        "should"
    ]
