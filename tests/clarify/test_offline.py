"""Offline questions: one per finding that maps to a question, with safe rewrites."""

from __future__ import annotations

import pytest
from speclint.clarify.offline import questions_for, remove_from, replace_in
from speclint.model import Finding, Severity
from speclint.parse import parse


def finding(
    spec_text: str, rule: str, word: str, message: str = "fix it", occurrence: int = 0
) -> tuple[object, Finding]:
    spec = parse(spec_text, "spec.md")
    start = -1
    for _ in range(occurrence + 1):
        start = spec_text.index(word, start + 1)
    rng = spec.index.range(start, start + len(word))
    section = spec.section_at_line(rng.start.line)
    assert section is not None
    return spec, Finding(rule, Severity.WARNING, message, "spec.md", rng, section.id)


def one_question(text: str, rule: str, word: str, message: str = "fix it"):  # type: ignore[no-untyped-def]
    spec, f = finding(text, rule, word, message)
    qs = questions_for(spec, f.section, [f], 5)  # type: ignore[arg-type]
    assert len(qs) == 1, qs
    return qs[0]


def test_weak_modal_offers_must_and_may_rewrites() -> None:
    q = one_question(
        "# S\n\n## Retry\n\nThe client should retry twice.\n", "ambiguity/weak-modal", "should"
    )
    assert q.quote == "The client should retry twice."
    assert [(o.key, o.replacement) for o in q.options] == [
        ("A", "The client must retry twice."),
        ("B", "The client may retry twice."),
        ("C", None),
    ]
    assert q.recommended == "A" and q.category == "scope" and q.offline
    assert q.id == "retry.1" and q.rule == "ambiguity/weak-modal"


def test_weak_modal_keeps_capitals_and_reads_can_as_ability() -> None:
    q = one_question(
        "# S\n\n## A\n\nCan is odd. Users can export reports.\n", "ambiguity/weak-modal", "can"
    )
    assert q.options[0].replacement == "Users must be able to export reports."
    q = one_question(
        "# S\n\n## A\n\nShould it fail, the job stops.\n", "ambiguity/weak-modal", "Should"
    )
    assert q.options[0].replacement == "Must it fail, the job stops."  # literal, as asked


def test_escape_clause_removal_tidies_commas() -> None:
    q = one_question(
        "# S\n\n## A\n\nThe system shall, if possible, retry the call.\n",
        "ambiguity/escape-clause",
        "if possible",
    )
    assert q.options[0].replacement == "The system shall retry the call."
    assert q.options[0].label == "Always required: remove 'if possible'"


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("Exports CSV, JSON, etc.", "etc.", "Exports CSV, JSON."),
        ("Retry where possible.", "where possible", "Retry."),
        ("If possible, retry.", "If possible", "Retry."),
        ("Names, emails and so on are kept.", "and so on", "Names, emails are kept."),
    ],
)
def test_remove_from(sentence: str, phrase: str, expected: str) -> None:
    a = sentence.index(phrase)
    assert remove_from(sentence, a, a + len(phrase)) == expected


def test_replace_in_matches_case() -> None:
    assert replace_in("Should go.", 0, 6, "must") == "Must go."
    assert replace_in("it SHOULD go", 3, 9, "must") == "it MUST go"


def test_open_ended_etc_and_and_or() -> None:
    q = one_question("# S\n\n## A\n\nExports CSV, JSON, etc.\n", "ambiguity/open-ended", "etc.")
    assert q.options[0].replacement == "Exports CSV, JSON."
    q = one_question(
        "# S\n\n## A\n\nNotify by email and/or SMS.\n", "ambiguity/open-ended", "and/or"
    )
    assert [o.replacement for o in q.options] == [
        "Notify by email and SMS.",
        "Notify by email or SMS.",
        None,
    ]
    assert q.recommended == "other"


def test_examples_are_not_questions() -> None:
    spec, f = finding(
        "# S\n\n## A\n\nFormats such as CSV work.\n", "ambiguity/open-ended", "such as"
    )
    assert questions_for(spec, "a", [f], 5) == []  # type: ignore[arg-type]


def test_needs_clarification_marker_offers_its_alternatives() -> None:
    text = (
        "# S\n\n## Login\n\nUsers log in with [NEEDS CLARIFICATION: auth method not "
        "specified - email/password, SSO, or OAuth?].\n"
    )
    q = one_question(text, "ambiguity/placeholder", "[NEEDS CLARIFICATION")
    assert q.question == "auth method not specified - email/password, SSO, or OAuth?"
    assert [o.label for o in q.options] == ["email/password", "SSO", "OAuth"]
    # The finding covers only the marker's start; the whole marker is replaced.
    assert q.options[1].replacement == "Users log in with SSO."


def test_marker_filled_in_when_the_finding_covers_it() -> None:
    text = "# S\n\n## Login\n\nUsers log in with [NEEDS CLARIFICATION: SSO or OAuth?].\n"
    marker = "[NEEDS CLARIFICATION: SSO or OAuth?]"
    q = one_question(text, "ambiguity/placeholder", marker)
    assert [o.replacement for o in q.options] == [
        "Users log in with SSO.",
        "Users log in with OAuth.",
    ]


def test_tbd_is_a_decision_for_the_author() -> None:
    q = one_question(
        "# S\n\n## Limits\n\nThe upload limit is TBD.\n", "ambiguity/placeholder", "TBD"
    )
    assert q.question == "'TBD' stands for a decision: what is it?"
    assert q.recommended == "other" and len(q.options) == 2


def test_number_without_unit_only_with_context() -> None:
    q = one_question(
        "# S\n\n## A\n\nThe session expires after 30.\n", "ambiguity/number-without-unit", "30"
    )
    assert q.options[1].replacement == "The session expires after 30 seconds."
    spec, f = finding("# S\n\n## A\n\nThe answer is 42.\n", "ambiguity/number-without-unit", "42")
    assert questions_for(spec, "a", [f], 5) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "question", "category"),
    [
        ("decisions/external-failure", "What must happen when this fails", "failure"),
        ("decisions/invalid-input", "What happens with invalid input here?", "data"),
        ("decisions/limits", "What are the limits here", "limits"),
        ("decisions/authorization", "Who is allowed to do this?", "security"),
        ("decisions/data-lifetime", "How long is this data kept", "data"),
        ("decisions/concurrency", "What happens when two people update", "data"),
        ("decisions/acceptance", "How will we know this section is done?", "acceptance"),
    ],
)
def test_every_decisions_rule_maps_to_a_question(rule: str, question: str, category: str) -> None:
    q = one_question("# S\n\n## Pay\n\nThe service charges the card.\n", rule, "charges")
    assert q.question.startswith(question) and q.category == category
    assert 2 <= len(q.options) <= 4 and q.recommended == "A"
    assert q.quote == "The service charges the card."


def test_decisions_question_from_the_finding_message() -> None:
    q = one_question(
        "# S\n\n## Pay\n\nThe service charges the card through Stripe.\n",
        "decisions/external-failure",
        "Stripe",
        "What happens when Stripe fails or is slow? Say the timeout.",
    )
    assert q.question == "What happens when Stripe fails or is slow?"
    assert q.category == "failure" and q.options[0].label.startswith("Retry with backoff")


def test_unknown_decisions_rule_asks_its_message() -> None:
    q = one_question(
        "# S\n\n## Pay\n\nThe service charges the card.\n",
        "decisions/currency",
        "charges",
        "say which currencies are accepted",
    )
    assert q.question == "say which currencies are accepted?"
    assert q.recommended == "other"


def test_unmapped_rules_ask_nothing() -> None:
    spec, f = finding(
        "# S\n\n## Pay\n\nThe service charges.\n", "structure/duplicate-id", "charges"
    )
    assert questions_for(spec, "pay", [f], 5) == []  # type: ignore[arg-type]


def test_decisions_come_first_and_the_limit_holds() -> None:
    text = "# S\n\n## Pay\n\nIt should charge, if possible, etc.\n"
    spec = parse(text, "spec.md")
    found = []
    for rule, word in [
        ("ambiguity/weak-modal", "should"),
        ("ambiguity/escape-clause", "if possible"),
        ("ambiguity/open-ended", "etc."),
        ("decisions/external-failure", "charge"),
    ]:
        found.append(finding(text, rule, word)[1])
    qs = questions_for(spec, "pay", found, 2)
    assert [q.rule for q in qs] == ["decisions/external-failure", "ambiguity/weak-modal"]
    assert [q.id for q in qs] == ["pay.1", "pay.2"]


def test_one_question_per_rule_and_sentence() -> None:
    text = "# S\n\n## A\n\nIt should go and should stop.\n"
    spec = parse(text, "spec.md")
    f1 = finding(text, "ambiguity/weak-modal", "should")[1]
    f2 = finding(text, "ambiguity/weak-modal", "should", occurrence=1)[1]
    assert len(questions_for(spec, "a", [f1, f2], 5)) == 1
