"""`decisions/`: questions a section raises but never answers.

Each rule is a topic from `data/decisions.toml`: trigger patterns that raise its question in a
requirement section, and patterns that show the question was answered. A question counts as
answered when the section (or a subsection), a section on the topic anywhere in the spec
("## Error handling"), a `## Clarifications` answer (`- Q: ... → A: ...`) that mentions the same
thing, or a scenario covering the section settles it. One finding per rule per section, at the
words that raised it, with the question in the message. Precision over recall: a trigger in a
question, after a negation, or in a descriptive section (Overview, Out of scope...) raises nothing.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Block, Section, Spec
from ..workspace.sections import (
    REQUIREMENT_HEADING,
    ServiceMatcher,
    builtin_services,
    has_acceptance_criteria,
    is_requirement_section,
    plain_title,
)
from .context import Context
from .registry import Hit, rule

_MD_LINK = re.compile(r"\]\((?!https?:|mailto:)([^)#\s]+\.md)(?:#[^)\s]*)?\)")
_QA = re.compile(r"Q:\s*(?P<q>.+?)\s*(?:→|->|=>|⇒)\s*A:\s*(?P<a>.+)", re.S)
_NEGATED = re.compile(r"\b(?:not|never|no|without|nor|n't|cannot)\b(?:\W+\w+){0,2}\W*$", re.I)
_STOP = frozenset(
    {
        "the",
        "and",
        "with",
        "from",
        "their",
        "each",
        "every",
        "that",
        "this",
        "these",
        "those",
    }
)


@dataclass(frozen=True)
class _Question:
    triggers: tuple[re.Pattern[str] | None, ...]  # None: the external services pattern
    settled: re.Pattern[str] | None
    requires: re.Pattern[str] | None  # the sentence must also match this
    nouns: re.Pattern[str] | None  # ... and this (near the trigger when `near`)
    near: bool
    text: str


@dataclass(frozen=True)
class _Topic:
    titles: re.Pattern[str]
    settled: re.Pattern[str]
    questions: tuple[_Question, ...]


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_wrap(p)})" for p in patterns), re.I)


def _wrap(pattern: str) -> str:
    """A space outside brackets matches any white space: phrases wrap across lines."""
    out, depth = [], 0
    for ch in pattern:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        out.append(r"\s+" if ch == " " and depth == 0 else ch)
    return "".join(out)


@cache
def _topics() -> dict[str, _Topic]:
    raw = resources.files(__package__).joinpath("data/decisions.toml").read_text("utf-8")
    out = {}
    for name, spec in tomllib.loads(raw).items():
        questions = []
        for q in spec["questions"]:
            objects = q.get("objects", "")
            triggers = tuple(
                None if t == "@services" else _any([t.replace("@objects", objects)])
                for t in q["trigger"]
            )
            questions.append(
                _Question(
                    triggers,
                    _any(q["settled"]) if q.get("settled") else None,
                    _any([q["requires"]]) if q.get("requires") else None,
                    _any([q["data_nouns"]]) if q.get("data_nouns") else None,
                    bool(q.get("near", False)),
                    q["question"],
                )
            )
        titles = re.compile(r"\b(?:" + "|".join(spec["topic_titles"]) + ")", re.I)
        out[name] = _Topic(titles, _any(spec["settled"]), tuple(questions))
    return out


def clarification_answers(spec: Spec) -> list[str]:
    """`Q: ... → A: ...` bullets under a Clarifications section (spec-kit's format), as text."""
    roots = {sid for sid, s in spec.sections.items() if plain_title(s).startswith("clarification")}
    if not roots:
        return []
    out = []
    for section in spec.sections.values():
        current: Section | None = section
        while current is not None and current.id not in roots:
            current = spec.sections.get(current.parent) if current.parent else None
        if current is None:
            continue
        for block in section.blocks:
            m = _QA.search(block.text)
            if m:
                out.append(f"{m.group('q')} {m.group('a')}")
    return out


def _scope_text(spec: Spec, section: Section) -> str:
    """The section's text and its subsections' (a subsection may settle the question)."""
    parts: list[str] = []
    stack = [section]
    while stack:
        s = stack.pop()
        parts.extend(b.text for b in s.blocks if b.kind != "heading")
        stack.extend(spec.sections[c] for c in s.children if c in spec.sections)
    return "\n".join(parts)


def _key_words(term: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]{4,}", term.lower()) if w not in _STOP]


def _services(ctx: Context) -> re.Pattern[str] | None:
    names: dict[str, str] = {}
    ws = ctx.workspace
    if ws is not None:
        for twin in ws.twins():
            for name in twin.names():
                names.setdefault(" ".join(name.casefold().split()), twin.id)
    return ServiceMatcher(ctx.config, names).pattern


def _ask(ctx: Context, name: str) -> Iterator[Hit]:
    topic = _topics()[name]
    spec = ctx.spec
    if _has_topic_section(spec, topic):
        return  # a section on the topic ("## Error handling") that answers it answers for all
    linked = _linked_specs(ctx)
    answers: list[str] | None = None
    asked: set[str] = set()
    services = (
        _services(ctx) if any(t is None for q in topic.questions for t in q.triggers) else None
    )
    for section in spec.sections.values():
        if not _is_requirement(ctx, section):
            continue
        found = _first_trigger(ctx, section, topic, services)
        if found is None:
            continue
        question, start, end, term, sentence = found
        if (question.settled and question.settled.search(sentence)) or topic.settled.search(
            sentence
        ):
            continue
        scope = _scope_text(spec, section)
        if topic.settled.search(scope) or (question.settled and question.settled.search(scope)):
            continue
        if answers is None:
            answers = clarification_answers(spec)
        words = _key_words(term)
        if any(
            any(w in qa.lower() for w in words)
            and (topic.settled.search(qa) or (question.settled and question.settled.search(qa)))
            for qa in answers
        ):
            continue
        if _settled_by_scenario(ctx, section, topic, question):
            continue
        if any(_has_topic_section(other, topic, words) for other in linked):
            continue  # e.g. "## Okta failures" in the provisioning spec this one links to
        message = question.text.format(term=term)
        if message in asked:
            continue  # asked once per spec: "What happens when Jira fails?" needs one answer
        asked.add(message)
        yield Hit(start, end, message)


def _has_topic_section(spec: Spec, topic: _Topic, about: list[str] | None = None) -> bool:
    """A section titled after the topic ("Error handling") whose text answers it; with `about`,
    only one whose title also names one of those words ("Okta failures" for Okta)."""
    for s in spec.sections.values():
        title = plain_title(s)
        if not topic.titles.search(title):
            continue
        if about is not None and not any(w[:5] in title for w in about):  # records ~ recorded
            continue
        if topic.settled.search(_scope_text(spec, s)):
            return True
    return False


def _linked_specs(ctx: Context) -> list[Spec]:
    """Specs of the workspace that this one links to (`[audit](audit.md)`): a decision taken in
    a sibling spec the author points at is taken."""
    ws = ctx.workspace
    if ws is None:
        return []
    folder = posixpath.dirname(ctx.spec.path)
    out = []
    for target in dict.fromkeys(_MD_LINK.findall(ctx.spec.text)):
        other = ws.spec(posixpath.normpath(posixpath.join(folder, target)))
        if other is not None and other.path != ctx.spec.path:
            out.append(other)
    return out


def _is_requirement(ctx: Context, section: Section) -> bool:
    """`is_requirement_section`, once per section and lint (every decisions rule asks)."""
    memo: dict[str, bool] = ctx.memo.setdefault("requirement_sections", {})
    found = memo.get(section.id)
    if found is None:
        found = memo[section.id] = is_requirement_section(ctx.spec, section, ctx.config)
    return found


def _trigger_matches(
    ctx: Context, pattern: re.Pattern[str]
) -> dict[str, list[tuple[Block, re.Match[str]]]]:
    """Matches of one trigger in the whole spec, by section: one search per spec, not one per
    block (a regex call per block costs more than the search itself)."""
    memo: dict[int, dict[str, list[tuple[Block, re.Match[str]]]]] = ctx.memo.setdefault(
        "decision_triggers", {}
    )
    found = memo.get(id(pattern))
    if found is None:
        found = defaultdict(list)
        for block, m in ctx.find(pattern):
            if block.kind != "heading" and block.section is not None:
                found[block.section].append((block, m))
        memo[id(pattern)] = found
    return found


def _first_trigger(
    ctx: Context, section: Section, topic: _Topic, services: re.Pattern[str] | None
) -> tuple[_Question, int, int, str, str] | None:
    for question in topic.questions:
        candidates: list[tuple[int, int, int, bool, Block, re.Match[str]]] = []
        for i, trigger in enumerate(question.triggers):
            pattern = services if trigger is None else trigger
            if pattern is None:
                continue
            for block, m in _trigger_matches(ctx, pattern).get(section.id, ()):
                candidates.append((block.start, i, m.start(), trigger is None, block, m))
        # Block order first, then trigger order, then position: the first question asked.
        for _, _, _, is_service, block, m in sorted(candidates, key=lambda c: c[:3]):
            _, sentence, at = ctx.sentence(block, m.start())
            if sentence.rstrip().endswith("?"):
                continue
            before = sentence[: m.start() - at]
            if _NEGATED.search(before):
                continue
            if question.requires and not question.requires.search(sentence):
                continue
            if question.nouns is not None:
                where = block.prose[m.start() : m.end() + 40] if question.near else sentence
                if not question.nouns.search(where):
                    continue
            term = " ".join(m.group(0).split())
            if is_service:
                term = _service_name(term)
            if len(term) > 50:
                term = term[:50].rsplit(" ", 1)[0] + "…"
            return question, block.start + m.start(), block.start + m.end(), term, sentence
    return None


def _service_name(text: str) -> str:
    """ "Slack Web API" (a twin's `clones`) is asked about as Slack, like the built-in name."""
    folded = text.casefold()
    for name in sorted(builtin_services(), key=len, reverse=True):
        if folded.startswith(name.casefold()):
            return name
    return text


def _settled_by_scenario(ctx: Context, section: Section, topic: _Topic, q: _Question) -> bool:
    ws = ctx.workspace
    if ws is None:
        return False
    for sc in ws.scenarios_for(ctx.spec.path, section.id):
        if topic.settled.search(sc.text) or (q.settled and q.settled.search(sc.text)):
            return True
    return False


@rule("decisions/external-failure")
def external_failure(ctx: Context) -> Iterator[Hit]:
    """A requirement calls an external service but never says what happens when it fails.

    ## Why
    Every call to Stripe, Okta or a partner API will one day time out or answer 503. If the spec
    is silent, the implementer picks a behaviour (retry forever, fail the whole request, swallow
    the error) and the user finds out in production. Services are the built-in list (Stripe,
    Slack, Okta...), `[vocabulary] services`, twins' names, and phrases such as "external API" or
    "webhook". Settled by words about failure (timeout, retry, unavailable, fallback, error) in the
    section, a failure-handling section, a clarification or a covering scenario.

    ## Bad
    ```markdown
    ## Payment
    The service must charge the card through Stripe when the order is placed.
    ```

    ## Good
    ```markdown
    ## Payment
    The service must charge the card through Stripe when the order is placed. If Stripe does
    not answer within 10 seconds, the order stays pending and the customer sees "payment delayed".
    ```

    ## Fix
    Say the timeout, how often and how long to retry, and what the user sees meanwhile.

    ## Source
    INCOSE Guide for Writing Requirements (completeness: failure conditions); spec-kit's clarify
    taxonomy ("external dependencies and failure modes").
    """
    return _ask(ctx, "external-failure")


@rule("decisions/invalid-input")
def invalid_input(ctx: Context) -> Iterator[Hit]:
    """A requirement accepts input but never says what is rejected, and how.

    ## Why
    A form, an upload or an API parameter without validation rules lets the implementer decide
    what "valid" means, and what error the user sees, one field at a time.

    ## Bad
    ```markdown
    ## Profile
    The user must be able to submit the profile form with a display name and a phone number.
    ```

    ## Good
    ```markdown
    ## Profile
    The user must be able to submit the profile form with a display name and a phone number. A
    name over 40 characters or a phone number not in E.164 format is rejected, naming the field.
    ```

    ## Fix
    List what is checked (length, format, allowed values, required fields) and the error shown.

    ## Source
    OWASP ASVS V5 (validation); IEEE 29148 (a complete requirement states its error cases).
    """
    return _ask(ctx, "invalid-input")


@rule("decisions/limits")
def limits(ctx: Context) -> Iterator[Hit]:
    """Uploads, lists, retries or polling with no size, count or rate.

    ## Why
    "Users can upload attachments" without a size will one day meet a 4 GB video; "the client
    retries" without a count retries forever. Limits are decisions with cost and security
    consequences, not implementation details.

    ## Bad
    ```markdown
    ## Attachments
    A requester must be able to upload attachments to a ticket.
    ```

    ## Good
    ```markdown
    ## Attachments
    A requester must be able to upload up to 5 attachments of at most 10 MB each to a ticket.
    ```

    ## Fix
    Give the number and unit (size, count, page size, attempts, interval) and what happens above.

    ## Source
    OWASP ASVS V12.1 (file size limits), V11 (anti-automation); Release It! (timeouts, retries).
    """
    return _ask(ctx, "limits")


@rule("decisions/authorization")
def authorization(ctx: Context) -> Iterator[Hit]:
    """An action on data (delete, export, approve, refund...) with no word on who may do it.

    ## Why
    Broken access control is the most common serious web weakness (OWASP Top 10, A01). When the
    spec says "records can be deleted" but not by whom, anyone who can reach the endpoint can.
    Settled by roles or permissions in the section, a Roles/Permissions/Security section, a
    clarification or a covering scenario.

    ## Bad
    ```markdown
    ## Cleanup
    Users must be able to delete projects from the project settings page.
    ```

    ## Good
    ```markdown
    ## Cleanup
    The project owner must be able to delete the project from the project settings page; other
    members do not see the button.
    ```

    ## Fix
    Name the roles allowed, and what the others see (hidden button, 403).

    ## Source
    OWASP Top 10 2021 A01 (broken access control); OWASP ASVS V4.
    """
    return _ask(ctx, "authorization")


@rule("decisions/data-lifetime")
def data_lifetime(ctx: Context) -> Iterator[Hit]:
    """A requirement stores data but never says how long it is kept or when it is deleted.

    ## Why
    Stored data outlives the feature that wrote it: logs with personal data, uploads, audit
    trails. Retention is a legal decision (GDPR storage limitation) and a cost decision; an
    implementer who is not told keeps everything forever.

    ## Bad
    ```markdown
    ## Audit
    The service must record each decision with the approver's name and comment.
    ```

    ## Good
    ```markdown
    ## Audit
    The service must record each decision with the approver's name and comment, and keep it for
    2 years; records are then deleted.
    ```

    ## Fix
    Say how long the data is kept, what happens at the end (deleted, anonymised, archived) and
    whether a user may ask for deletion sooner.

    ## Source
    GDPR art. 5(1)(e) (storage limitation); ISO/IEC 27001 A.8.10 (information deletion).
    """
    return _ask(ctx, "data-lifetime")


@rule("decisions/concurrency")
def concurrency(ctx: Context) -> Iterator[Hit]:
    """Several actors update the same thing, with no rule for conflicts.

    ## Why
    Two approvers click at once; two editors save the same page. Without a decision (lock, first
    wins, last write wins, merge), the behaviour depends on timing and is found in production.

    ## Bad
    ```markdown
    ## Review
    Multiple reviewers must be able to approve the same change request.
    ```

    ## Good
    ```markdown
    ## Review
    Multiple reviewers must be able to approve the same change request; the first decision wins
    and a later one is rejected with "already decided".
    ```

    ## Fix
    Say how a conflict is detected (version, lock, ETag) and which write wins.

    ## Source
    spec-kit's clarify taxonomy ("concurrency, conflicts"); HTTP conditional requests (RFC 9110
    §13, If-Match).
    """
    return _ask(ctx, "concurrency")


@rule("decisions/acceptance")
def acceptance(ctx: Context) -> Iterator[Hit]:
    """A requirement (REQ-12, Requirement 3, User Story 1) with no acceptance criteria or scenario.

    ## Why
    Without acceptance criteria nobody, human or agent, can tell when the requirement is done.
    Checked in specs that number at least two requirements (one numbered heading is more likely
    a citation, like "SE-0196"). Counted as acceptance: a subsection titled Acceptance Criteria,
    Scenarios or Examples, Given/When/Then steps, EARS criteria (WHEN ... THEN the system
    SHALL ...), or a scenario in the workspace that covers the section. In a project with
    scenarios, `links/uncovered-section` reports the requirements no scenario covers, and this
    rule stays quiet.

    ## Bad
    ```markdown
    ## REQ-3 Sign-in
    The service must sign a user in with an email and a password.

    Given a registered user, when the right password is entered, then the dashboard opens.

    ## REQ-4 Password reset
    The service must email a reset link that expires after 30 minutes.
    ```

    ## Good
    ```markdown
    ## REQ-3 Sign-in
    The service must sign a user in with an email and a password.

    Given a registered user, when the right password is entered, then the dashboard opens.

    ## REQ-4 Password reset
    The service must email a reset link that expires after 30 minutes.

    ### Acceptance criteria
    - Given a registered email, when a reset is requested, then one email arrives within 1 minute.
    - Given a link older than 30 minutes, when it is opened, then the page says it expired.
    ```

    ## Fix
    Add Given/When/Then acceptance criteria under the requirement, or a scenario that covers it.
    """
    spec = ctx.spec
    ws = ctx.workspace
    numbered = [s for s in spec.sections.values() if REQUIREMENT_HEADING.match(s.title)]
    if len(numbered) < 2:
        return  # one "SE-0196" heading is a citation; a requirements document numbers several
    for section in numbered:
        if not REQUIREMENT_HEADING.match(section.title):
            continue
        if not _is_requirement(ctx, section):
            continue
        if has_acceptance_criteria(spec, section):
            continue
        if ws is not None and (ws.has_scenarios or ws.scenarios_for(spec.path, section.id)):
            continue  # links/uncovered-section speaks for requirements without a scenario
        name = section.title.split(" ")[0] if section.explicit_id else section.title
        heading = section.heading_range
        yield Hit(
            spec.index.offset(heading.start),
            spec.index.offset(heading.end),
            f"How will anyone know {name} is done? Add acceptance criteria (Given/When/Then) or"
            " a scenario that covers it",
        )
