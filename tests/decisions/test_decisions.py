"""decisions/ rules: each question, where it is asked, and every way it counts as answered."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import flagged, lint_md
from tests.links.helpers import project, spec_findings, workspace


def rules(text: str, rule: str) -> list[str]:
    return [f.message for f in lint_md(text, rule)]


# -- external-failure ---------------------------------------------------------------------------

PAYMENT = """\
## Payment
The service must charge the card through Stripe when the order is placed.
"""


def test_external_failure_names_the_service_and_the_question() -> None:
    assert flagged(PAYMENT, "decisions/external-failure") == ["Stripe"]
    (msg,) = rules(PAYMENT, "decisions/external-failure")
    assert msg.startswith("What happens when Stripe fails or is slow?")


def test_a_list_of_what_endpoints_do_states_requirements() -> None:
    text = "### Payments\n\n- `POST /payments` charges the card through Stripe.\n"
    assert flagged(text, "decisions/external-failure") == ["Stripe"]
    # An item that names an endpoint without saying what it does states nothing.
    text = "### Payments\n\n- `POST /payments`: see the API reference, which uses Stripe.\n"
    assert not rules(text, "decisions/external-failure")


def test_external_failure_settled_in_the_section() -> None:
    text = PAYMENT + "If Stripe times out after 10 s, the order stays pending.\n"
    assert not rules(text, "decisions/external-failure")


def test_external_failure_answered_for_one_service_is_asked_of_the_others() -> None:
    text = (
        "## Sending\nThe service sends each notification through SendGrid, APNs or Slack.\n"
        "If SendGrid is down, emails are queued and retried.\n"
    )
    assert flagged(text, "decisions/external-failure") == ["Slack"]
    (msg,) = rules(text, "decisions/external-failure")
    assert msg.startswith("What happens when Slack fails or is slow?")
    # An answer that names no service, or every one, answers for all; so does the one answer
    # of a section that calls on one service only.
    for text in (
        "## Sending\nThe service sends it through SendGrid or Slack. Failed sends are retried.\n",
        "## Sending\nThe service sends it through SendGrid or Slack.\n"
        "If SendGrid or Slack is down, the message is retried.\n",
        PAYMENT + "If Stripe is down, the order is retried; Stripe fees are paid monthly.\n",
        "## Sending\nThe service sends it through SendGrid or Slack.\n"
        "What if Slack is down? If SendGrid is down, emails are queued. Slack is retried.\n",
    ):
        assert not flagged(text, "decisions/external-failure"), text


def test_a_section_that_states_what_the_system_does_in_the_present_tense() -> None:
    for text in (
        "## Payments\n\nThe service charges the card through Stripe.\n",
        "## Sync\n\n- The job pulls every contact from HubSpot at 02:00.\n",
    ):
        assert flagged(text, "decisions/external-failure"), text
    # A descriptive section, or no system as the subject: nothing stated.
    for text in (
        "## Background\n\nThe service charges the card through Stripe.\n",
        "## Payments\n\nCards are charged through Stripe today.\n",
    ):
        assert not flagged(text, "decisions/external-failure"), text


def test_external_failure_of_a_service_that_validates() -> None:
    text = "### POST /orders\nThe API validates the address with Google Maps.\n"
    assert flagged(text, "decisions/external-failure") == ["Google Maps"]


def test_external_failure_needs_a_call_not_a_mention() -> None:
    text = "## Billing\nThe invoice must show the Stripe logo.\n"
    assert not rules(text, "decisions/external-failure")


def test_a_failure_section_settles_only_when_it_answers() -> None:
    empty = PAYMENT + "\n## Stripe failures\nStripe is called via its REST API.\n"
    assert len(rules(empty, "decisions/external-failure")) == 1  # asked once per service
    answered = PAYMENT + "\n## Error handling\nEvery call is retried 3 times, then fails.\n"
    assert not rules(answered, "decisions/external-failure")


def test_external_failure_settled_by_a_clarification() -> None:
    text = PAYMENT + (
        "\n## Clarifications\n\n### Session 2026-11-03\n\n"
        "- Q: What if Stripe is down? → A: The order stays pending and is retried hourly.\n"
    )
    assert not rules(text, "decisions/external-failure")
    other = PAYMENT + (
        "\n## Clarifications\n\n### 2026-11-03\n\n"
        "- Q: What if Okta is down? → A: Sign-in is unavailable.\n"
    )
    assert rules(other, "decisions/external-failure"), "an answer about Okta says nothing on Stripe"


def test_a_requirements_list_without_modals_states_requirements() -> None:
    # PRD style: "## Requirements" over items in the present tense.
    text = "## Requirements\n\n- Cancelling refunds the full amount through Adyen.\n"
    assert flagged(text, "decisions/external-failure") == ["Adyen"]
    described = "## Background\n\n- Cancelling refunds the full amount through Adyen.\n"
    assert not rules(described, "decisions/external-failure")


def test_a_service_named_as_a_choice_is_no_call() -> None:
    # Slack as one of the channels a setting lists is not a call to Slack: the question goes
    # where Slack is called.
    text = """\
## Settings
Each user must be able to turn each notification type on or off per channel (email, Slack).

## Delivery
Notifications must be posted to Slack as direct messages.
"""
    found = lint_md(text, "decisions/external-failure")
    assert [(f.range.start.line, f.message.split(" fails")[0]) for f in found] == [
        (5, "What happens when Slack")
    ]
    for call in ("The service must notify Slack.", "Approvers must get notifications in Slack."):
        assert flagged("## Approval\n" + call + "\n", "decisions/external-failure") == ["Slack"]


def test_a_status_code_settles_but_a_count_does_not() -> None:
    for answer in (
        "If Stripe answers 503, the order stays pending.",
        "On HTTP 500 the order waits.",
    ):
        assert not rules(PAYMENT + answer + "\n", "decisions/external-failure"), answer
    count = PAYMENT + "Orders of up to 500 items are charged within 5 seconds.\n"
    assert flagged(count, "decisions/external-failure") == ["Stripe"]


def test_an_open_question_settles_nothing() -> None:
    # spec-kit's Edge Cases are often left as questions: they ask, they do not answer.
    asked = PAYMENT + (
        "\n## Edge Cases\n\n- How does the system handle a card that fails a retry?\n"
        "- What happens when the customer closes the tab?\n"
    )
    assert flagged(asked, "decisions/external-failure") == ["Stripe"]
    marked = PAYMENT + "If Stripe is slow: [NEEDS CLARIFICATION: retry, or fail the order?]\n"
    assert flagged(marked, "decisions/external-failure") == ["Stripe"]
    # A question followed by its answer settles it, as the answer alone would.
    answered = PAYMENT + (
        "\n## Edge Cases\n\n- What happens when Stripe is down? The order is retried hourly.\n"
    )
    assert not rules(answered, "decisions/external-failure")


def test_questions_and_descriptive_sections_raise_nothing() -> None:
    text = (
        "## Overview\nThe service must charge cards through Stripe.\n\n"
        "## Payment\nShould the service charge the card through Stripe?\n"
    )
    assert not rules(text, "decisions/external-failure")


# -- invalid-input ------------------------------------------------------------------------------


def test_invalid_input() -> None:
    bad = "## Sign-up\nThe user must be able to submit the sign-up form with an email.\n"
    (msg,) = rules(bad, "decisions/invalid-input")
    assert msg.startswith("Which input is rejected, and how")
    good = bad + "An email without an @ is rejected with the message 'invalid email'.\n"
    assert not rules(good, "decisions/invalid-input")


def test_invalid_input_ignores_programming_words() -> None:
    text = "## Types\nThe caller must ensure the value has the same type, in the form of a list.\n"
    assert not rules(text, "decisions/invalid-input")


# -- limits -------------------------------------------------------------------------------------


def test_limits_on_uploads() -> None:
    bad = "## Attachments\nA requester must be able to upload attachments to a ticket.\n"
    assert flagged(bad, "decisions/limits") == ["upload"]
    good = bad.replace("upload attachments", "upload up to 5 attachments of at most 10 MB")
    assert not rules(good, "decisions/limits")


def test_limits_on_uploads_to_an_http_endpoint_whose_caller_uploads() -> None:
    bad = "### POST /reports/{id}/receipts\nUploads a receipt image and attaches it.\n"
    assert flagged(bad, "decisions/limits") == ["Uploads"]
    assert not rules(bad.replace("image", "image of at most 10 MB"), "decisions/limits")
    # Elsewhere the system uploading is no one's upload to bound.
    assert not rules("## Receipts\nThe service uploads each receipt.\n", "decisions/limits")


def test_limits_on_retries_need_a_call() -> None:
    bad = "## Delivery\nThe service must retry the webhook delivery when the partner is down.\n"
    assert "How many times is it retried" in rules(bad, "decisions/limits")[0]
    good = bad.replace("when the partner is down", "3 times, 1 minute apart")
    assert not rules(good, "decisions/limits")
    runtime = "## Preemption\nThe scheduler will give up and retry later at a safe point.\n"
    assert not rules(runtime, "decisions/limits")


def test_limits_on_lists() -> None:
    bad = "## History\nThe page must show all past requests of the user.\n"
    (msg,) = rules(bad, "decisions/limits")
    assert msg.startswith("How many items at most (show all past requests)?"), msg
    assert not rules(bad + "Results are paginated, 50 per page.\n", "decisions/limits")


def test_limits_not_asked_of_the_kinds_of_a_thing() -> None:
    # The kinds a product has are a set it fixes, not a count that grows.
    text = "## Preferences\nThe page must list every notification type with a toggle.\n"
    assert not rules(text, "decisions/limits")


# -- authorization ------------------------------------------------------------------------------


def test_authorization() -> None:
    bad = "## Cleanup\nUsers must be able to delete projects from the settings page.\n"
    (msg,) = rules(bad, "decisions/authorization")
    assert msg.startswith("Who may delete projects?")
    assert not rules(bad.replace("Users", "Only project owners"), "decisions/authorization")


def test_authorization_of_an_action_in_the_passive_asks_in_the_active() -> None:
    # A subsection of "## Requirements" states them, with "must" or without.
    bad = "## Requirements\n\n### Audit\n\n- The audit log can be exported.\n"
    (msg,) = rules(bad, "decisions/authorization")
    assert msg.startswith("Who may export the audit log?"), msg
    (msg,) = rules(bad.replace("The audit log", "Reports"), "decisions/authorization")
    assert msg.startswith("Who may export reports?"), msg
    assert not rules(bad + "- Only admins may export it.\n", "decisions/authorization")
    assert not rules(bad.replace("Requirements", "Background"), "decisions/authorization")


def test_authorization_of_an_http_endpoint_asks_who_may_call_it() -> None:
    bad = "### DELETE /reports/{id}\nDeletes a draft report.\n"
    (msg,) = rules(bad, "decisions/authorization")
    assert msg.startswith("Who may delete a draft report?"), msg
    assert not rules(bad + "Only the report's author may delete it.\n", "decisions/authorization")
    text = "## Reports\nThe service must delete a draft report after 30 days.\n"
    assert not rules(text, "decisions/authorization")


def test_authorization_settled_by_a_roles_section() -> None:
    text = (
        "## Cleanup\nUsers must be able to delete projects.\n\n"
        "## Roles\nOnly a project owner may delete a project; others get 403.\n"
    )
    assert not rules(text, "decisions/authorization")


def test_authorization_ignores_code_and_compiler_words() -> None:
    text = (
        "## Plan\nWe will delete the C copies of the compiler, and export the body of the "
        "function.\n"
    )
    assert not rules(text, "decisions/authorization")


# -- data-lifetime ------------------------------------------------------------------------------


def test_data_lifetime() -> None:
    bad = "## Audit\nThe service must record each decision with the approver's comment.\n"
    (msg,) = rules(bad, "decisions/data-lifetime")
    assert msg.startswith("How long is stored data kept")
    good = bad + "Records are kept for 2 years, then deleted.\n"
    assert not rules(good, "decisions/data-lifetime")


def test_data_lifetime_asked_of_kept_records() -> None:
    for text in (
        "## Billing\n- **FR-006**: System MUST keep invoices.\n",
        "## Audit\n1. The system SHALL keep audit records.\n",
    ):
        (msg,) = rules(text, "decisions/data-lifetime")
        assert msg.startswith("How long is stored data kept (keep"), msg
    text = "## Audit\nThe system must keep audit records for 7 years.\n"
    assert not rules(text, "decisions/data-lifetime")


def test_data_lifetime_asked_of_qualified_records_and_card_digits() -> None:
    for text, term in (
        ("## Billing\n- **FR-011**: System MUST store the Stripe customer ID.\n", "customer ID"),
        ("## Billing\n- **FR-012**: System MUST store the last 4 digits of the card.\n", "digits"),
    ):
        (msg,) = rules(text, "decisions/data-lifetime")
        assert msg.startswith("How long is stored data kept") and term in msg, msg
    # The question quotes the trigger's words, not the link word it stopped on.
    text = "## Storage\n- The service stores every sent notification with its recipient.\n"
    (msg,) = rules(text, "decisions/data-lifetime")
    assert msg.startswith("How long is stored data kept (stores every sent notification),"), msg
    assert flagged(text, "decisions/data-lifetime") == ["stores every sent notification"]
    text = "## Booking\n3. The system SHALL store the patient's phone number.\n"
    (msg,) = rules(text, "decisions/data-lifetime")
    assert "(store the patient's phone number)" in msg, msg


def test_data_lifetime_asked_of_the_subject_of_a_passive() -> None:
    text = "## Requirements\n\n### Audit\n\n- Every change is recorded with who made it.\n"
    (msg,) = rules(text, "decisions/data-lifetime")
    assert "(every change is recorded)" in msg, msg
    assert flagged(text, "decisions/data-lifetime") == ["Every change is recorded"]
    text = "## Logging\nAudit logs from the gateway must be stored in S3.\n"
    (msg,) = rules(text, "decisions/data-lifetime")
    assert "(Audit logs from the gateway must be stored)" in msg, msg
    # Whether they are saved, or another subject's passive: nothing is stored yet.
    for text in (
        "## Saving\nThe host decides whether or not attachments from a test are saved.\n",
        "## Saving\nThe author must save attachments if an issue is recorded.\n",
        "## Saving\nAll conditions must hold for the attachments to be saved.\n",
    ):
        assert not rules(text, "decisions/data-lifetime"), text


def test_data_lifetime_not_raised_by_a_negation_or_plain_data() -> None:
    assert not rules(
        "## Privacy\nThe service must not store the card numbers.\n", "decisions/data-lifetime"
    )
    assert not rules(
        "## Build\nThe tool will record the file and line of its caller.\n",
        "decisions/data-lifetime",
    )


# -- concurrency --------------------------------------------------------------------------------


def test_concurrency_of_managers_approving_at_once() -> None:
    text = "### POST /reports/{id}/approve\nTwo managers may approve the same report at once.\n"
    assert flagged(text, "decisions/concurrency") == ["Two managers"]


def test_external_failure_of_a_store_written_to() -> None:
    text = "## Receipts\n- The service must store each receipt in S3.\n"
    assert flagged(text, "decisions/external-failure") == ["S3"]
    assert not rules(text + "- A failed write is retried 3 times.\n", "decisions/external-failure")


def test_concurrency_not_raised_by_who_may() -> None:
    text = (
        "## Webhooks\n- `DELETE /v1/webhooks/{id}` deletes it. Only account admins may create or "
        "delete subscriptions; other members get 403.\n"
    )
    assert not rules(text, "decisions/concurrency")


def test_the_question_reads_the_trigger_as_a_sentence_would() -> None:
    text = "## Editing\nTwo approvers must be able to edit the same request.\n"
    (msg,) = rules(text, "decisions/concurrency")
    assert msg.startswith("What happens when two approvers change the same thing at once?"), msg
    (msg,) = rules(PAYMENT, "decisions/external-failure")
    assert msg.startswith("What happens when Stripe fails"), "a name keeps its capital"


def test_concurrency() -> None:
    bad = "## Review\nMultiple reviewers must be able to approve the same change.\n"
    assert flagged(bad, "decisions/concurrency") == ["Multiple reviewers"]
    good = bad + "The first decision wins; a later one is rejected.\n"
    assert not rules(good, "decisions/concurrency")


def test_concurrency_needs_people_updating() -> None:
    text = "## Server\nThe server must handle 100 concurrent requests.\n"
    assert not rules(text, "decisions/concurrency")


# -- acceptance ---------------------------------------------------------------------------------

TWO = """\
## REQ-1 Sign-in
The service must sign the user in.

#### Acceptance Criteria
1. WHEN the password is right THEN the system SHALL open the dashboard.

## REQ-2 Sign-out
The service must sign the user out.
"""


def test_acceptance() -> None:
    assert rules(TWO, "decisions/acceptance") == [
        "How will anyone know REQ-2 is done? Add acceptance criteria (Given/When/Then) or a "
        "scenario that covers it"
    ]


def test_acceptance_ignores_one_cited_id_and_knows_spec_kit() -> None:
    assert not rules("## SE-0196 warnings\nThe compiler will warn.\n", "decisions/acceptance")
    kit = (
        "### User Story 1 - Browse (Priority: P1)\nUsers must see the catalogue.\n\n"
        "**Acceptance Scenarios**:\n\n1. **Given** a catalogue, **When** I open it, "
        "**Then** I see 20 items.\n\n"
        "### User Story 2 - Buy (Priority: P2)\nUsers must buy an item.\n"
    )
    assert flagged(kit, "decisions/acceptance") == ["### User Story 2 - Buy (Priority: P2)"]


# -- answered by the workspace ------------------------------------------------------------------


KIRO_REQUIREMENTS = """\
# Requirements Document

## Requirements

### Requirement 2: Invitations

1. WHEN the owner invites an email address THEN the system SHALL send an invitation via SendGrid.
"""


def test_a_design_document_beside_the_requirements_settles(tmp_path: Path) -> None:
    # Kiro's design.md (spec-kit's plan.md...) completes the spec of its folder.
    design = (
        "# Design\n\n## Error Handling\n\n- SendGrid errors: the worker retries 5 times, "
        "then marks the invitation `email_failed`.\n"
    )
    files = {"specs/share/requirements.md": KIRO_REQUIREMENTS, "specs/share/design.md": design}
    ws = workspace(project(tmp_path / "a", files))
    assert not spec_findings(ws, "specs/share/requirements.md", family="decisions")
    # Error handling about something else, or a design document of another folder, does not.
    other = design.replace("SendGrid errors", "Database errors")
    ws = workspace(project(tmp_path / "b", {**files, "specs/share/design.md": other}))
    assert spec_findings(ws, "specs/share/requirements.md", family="decisions")
    moved = {"specs/share/requirements.md": KIRO_REQUIREMENTS, "specs/other/design.md": design}
    ws = workspace(project(tmp_path / "c", moved))
    assert spec_findings(ws, "specs/share/requirements.md", family="decisions")


def test_a_change_to_a_design_document_re_checks_its_folder_s_spec(tmp_path: Path) -> None:
    files = {"specs/share/requirements.md": KIRO_REQUIREMENTS, "specs/share/design.md": "# D\n"}
    ws = workspace(project(tmp_path, files))
    changed = ws.update("specs/share/design.md", "# D\n\n## Error Handling\n\nRetried.\n")
    assert changed == {"specs/share/design.md", "specs/share/requirements.md"}


def test_a_change_to_a_linked_spec_re_checks_the_specs_linking_to_it(tmp_path: Path) -> None:
    files = {
        "specs/notify.md": "# Notify\n\nSee [delivery](./delivery.md#pages).\n",
        "specs/delivery.md": "# Delivery\n",
        "specs/other.md": "# Other\n",
    }
    ws = workspace(project(tmp_path, files))
    changed = ws.update("specs/delivery.md", "# Delivery\n\n## Pages\n\nRetried.\n")
    assert changed == {"specs/delivery.md", "specs/notify.md"}
    assert ws.update("specs/other.md", "# Other\n\nMore.\n") == {"specs/other.md"}
    # The link removed: the spec no longer reads it.
    ws.update("specs/notify.md", "# Notify\n")
    assert ws.update("specs/delivery.md", "# Delivery\n") == {"specs/delivery.md"}


def test_a_covering_scenario_or_a_linked_spec_settles(tmp_path: Path) -> None:
    spec = (
        "# Notify\n\nSee [delivery](delivery.md).\n\n"
        "## REQ-1 Notify\nThe service must post each approval to Slack.\n\n"
        "## REQ-2 Page\nThe service must page the on-call through PagerDuty.\n"
    )
    delivery = (
        "# Delivery\n\n## PagerDuty failures\nIf PagerDuty does not answer in 5 s, the page is "
        "retried 3 times.\n"
    )
    scenario = (
        "---\nid: slack-down\ncovers: [REQ-1]\n---\nGiven Slack is unavailable, when a request "
        "is approved, then the message is retried for 10 minutes.\n"
    )
    root = project(
        tmp_path,
        {
            "specs/notify.md": spec,
            "specs/delivery.md": delivery,
            "scenarios/slack-down.md": scenario,
        },
    )
    ws = workspace(root)
    assert not spec_findings(ws, "specs/notify.md", family="decisions")
    # Without the index (one file alone) both questions stand.
    text = spec.replace("See [delivery](delivery.md).", "")
    assert len(rules(text, "decisions/external-failure")) == 2
