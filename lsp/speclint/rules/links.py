"""`links/`: traceability between sections, scenarios and twins.

Rules about a spec (uncovered-section, missing-twin) run through the engine like any rule, with
the workspace index in `ctx.workspace`. Rules about a scenario or twin file are reported in that
file by `scenario_file_findings` / `twin_file_findings`, which the workspace calls; their
registered check yields nothing for a spec. All are scope "workspace": their Bad examples need
several files, so tests/links/ tests them with real multi-file projects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding, Severity
from ..scenarios import MALFORMED, Reference, Scenario, ScenarioFile
from ..twins import TwinFile
from .context import Context
from .registry import Hit, rule

if TYPE_CHECKING:
    from ..workspace import Workspace

DANGLING = "links/dangling-reference"
UNKNOWN_TWIN = "links/unknown-twin"
ORPHAN_SCENARIO = "links/orphan-scenario"
ORPHAN_TWIN = "links/orphan-twin"
DUPLICATE_TWIN = "links/duplicate-twin"


@rule("links/uncovered-section", Severity.WARNING, scope="workspace")
def uncovered_section(ctx: Context) -> Iterator[Hit]:
    """A requirement section (or requirement id) that no scenario covers.

    ## Why
    A requirement with no end-to-end scenario is one nobody will check was built. Reported only
    in projects that have scenarios. A section counts as a requirement section when its own prose
    is normative (must, shall, will, should), it carries requirement ids, or it is titled as
    requirements ("## Requirements", "## Behaviour") or as an HTTP endpoint ("### POST
    /orders") and holds prose of its own, unless it sits under
    Overview, Glossary, Clarifications, Out of scope, References and the like (configurable with
    `[coverage] non_requirement_titles` and `requirement_titles`). Covered means: a scenario
    covers it, one of its ancestors or its file; or it holds Given/When/Then acceptance scenarios
    (spec-kit); or every requirement id in it is covered.

    ## Bad
    ```markdown
    <!-- specs/checkout.md; scenarios/ has files, none covering #refunds -->
    ## Refunds
    The service must refund a cancelled order within 5 days.
    ```

    ## Good
    ```markdown
    <!-- scenarios/refund.md -->
    ---
    id: refund-cancelled-order
    covers: [specs/checkout.md#refunds]
    ---
    ```

    ## Fix
    Write a scenario whose `covers` names the section (`specs/checkout.md#refunds`) or its
    requirement id (`REQ-12`), or tag a Gherkin scenario `@covers:specs/checkout.md#refunds`.
    """
    from ..workspace.coverage import section_status

    ws = ctx.workspace
    if ws is None or not ws.has_scenarios:
        return
    entry = ws.specs.get(ctx.spec.path)
    if entry is None:
        return
    index = ctx.spec.index
    for info in entry.infos.values():
        if not info.requirement:
            continue
        status = section_status(ws, info)
        if status.covered:
            continue
        ref = f"{ctx.spec.path}#{info.section.id}"
        if status.uncovered_requirements:
            for req in status.uncovered_requirements:
                yield Hit(
                    index.offset(req.range.start),
                    index.offset(req.range.end),
                    f"no scenario covers {req.id}: add one with `covers: [{req.id}]`",
                )
            continue
        heading = info.section.heading_range
        yield Hit(
            index.offset(heading.start),
            index.offset(heading.end),
            f"no scenario covers this section: add one with `covers: [{ref}]`",
        )


@rule("links/missing-twin", Severity.WARNING, scope="workspace")
def missing_twin(ctx: Context) -> Iterator[Hit]:
    """A requirement names an external service that no twin clones.

    ## Why
    End-to-end scenarios cannot run against the real Slack or Stripe in a test: each external
    service needs a twin, a behavioural clone run locally. Reported only in projects that have
    twins. Services are a twin's id, aliases and `clones`, `[vocabulary] services` in the config,
    and a built-in list of common services (Okta, Slack, Jira, Stripe, GitHub...).

    ## Bad
    ```markdown
    <!-- twins/ has okta.yaml only -->
    ## Notify approvers
    The service must post each new request to the approvers' Slack channel.
    ```

    ## Good
    ```yaml
    # twins/slack.yaml
    id: slack
    clones: Slack Web API
    start: python -m twins.slack --port 12112
    endpoint: http://127.0.0.1:12112
    ```

    ## Fix
    Add a twin file (`id`, `clones`, `aliases`, `start`, `endpoint`), or name the service in an
    existing twin's `aliases`; `[vocabulary] allow = ["Slack"]` stops the check for a name.
    """
    ws = ctx.workspace
    if ws is None or not ws.has_twins:
        return
    entry = ws.specs.get(ctx.spec.path)
    if entry is None:
        return
    for info in entry.infos.values():
        if not info.requirement:
            continue
        seen: set[str] = set()
        for m in info.mentions:
            if m.twin is None and m.name not in seen:
                seen.add(m.name)
                yield Hit(
                    m.start,
                    m.end,
                    f"{m.name} has no twin: add a twin file that clones it (id, clones, start,"
                    " endpoint) so scenarios can run",
                )


def _file_rule_doc_only(ctx: Context) -> Iterator[Hit]:
    return iter(())  # reported in scenario and twin files by the workspace, not in a spec


@rule(DANGLING, Severity.ERROR, scope="workspace")
def dangling_reference(ctx: Context) -> Iterator[Hit]:
    """A scenario covers a section or requirement id that does not exist (reported in the scenario).

    ## Why
    A renamed heading or a typo silently breaks the link: the scenario still runs, but the
    coverage report credits nothing, and the section it meant looks uncovered. An empty
    reference (`#`, `""`) or a path with no `#id` after `#` is the same mistake.

    ## Bad
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#paymnet]
    ---
    ```

    ## Good
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#payment]
    ---
    ```

    ## Fix
    Point the reference at an existing section id (the heading's slug, its `{#id}` or its
    requirement id); paths are relative to the project root. The message suggests the closest id.
    """
    return _file_rule_doc_only(ctx)


@rule(UNKNOWN_TWIN, Severity.ERROR, scope="workspace")
def unknown_twin(ctx: Context) -> Iterator[Hit]:
    """A scenario uses a twin that no twin file defines (reported in the scenario).

    ## Why
    The scenario cannot run: the service it needs has no local clone to start.

    ## Bad
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#payment]
    twins: [strpe]
    ---
    ```

    ## Good
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#payment]
    twins: [stripe]
    ---
    ```

    ## Fix
    Use the `id` of an existing twin file, or add the twin.
    """
    return _file_rule_doc_only(ctx)


@rule(ORPHAN_SCENARIO, Severity.WARNING, scope="workspace")
def orphan_scenario(ctx: Context) -> Iterator[Hit]:
    """A scenario that covers no section (reported in the scenario).

    ## Why
    A scenario linked to nothing proves nothing about the spec, and nobody notices when the
    requirement it was written for changes.

    ## Bad
    ```markdown
    ---
    id: happy-path
    title: Customer pays
    ---
    ```

    ## Good
    ```markdown
    ---
    id: happy-path
    title: Customer pays
    covers: [specs/checkout.md#payment]
    ---
    ```

    ## Fix
    Add `covers:` (Markdown) or a `@covers:` tag (Gherkin) naming the sections it exercises, or
    delete the scenario.
    """
    return _file_rule_doc_only(ctx)


@rule(ORPHAN_TWIN, Severity.INFO, scope="workspace")
def orphan_twin(ctx: Context) -> Iterator[Hit]:
    """A twin that no scenario uses and no section needs (reported in the twin file).

    ## Why
    A twin nobody runs goes stale; or the scenarios that need it forgot to say so in `twins:`.

    ## Bad
    ```yaml
    # twins/fax.yaml, never named by a scenario or a spec
    id: fax
    clones: Fax gateway
    ```

    ## Good
    ```markdown
    ---
    id: send-invoice-by-fax
    covers: [specs/invoices.md#fax]
    twins: [fax]
    ---
    ```

    ## Fix
    Name the twin in the scenarios that exercise it (`twins: [fax]`), or delete it.
    """
    return _file_rule_doc_only(ctx)


@rule(DUPLICATE_TWIN, Severity.ERROR, scope="workspace")
def duplicate_twin(ctx: Context) -> Iterator[Hit]:
    """Two twin files with one id (reported in the second, by path).

    ## Why
    `twins: [stripe]` must name one clone; with two, which one a test run starts is an accident.

    ## Bad
    ```yaml
    # twins/stripe.yaml and twins/stripe-v2.yaml both say
    id: stripe
    ```

    ## Good
    ```yaml
    # twins/stripe-v2.yaml
    id: stripe-v2
    ```

    ## Fix
    Give each twin its own id, or delete the older file.
    """
    return _file_rule_doc_only(ctx)


@rule(MALFORMED, Severity.ERROR, scope="workspace")
def malformed_file(ctx: Context) -> Iterator[Hit]:
    """A scenario or twin file that cannot be read: bad front matter, YAML, Gherkin, no `id`.

    ## Why
    A scenario or twin the index cannot read links nothing, so the sections it covers look
    uncovered. The finding is at the line where reading failed; the other files still link.
    YAML aliases are refused (a "billion laughs" file would otherwise expand without bound).

    ## Bad
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#payment
    ---
    ```

    ## Good
    ```markdown
    ---
    id: pay-by-card
    covers: [specs/checkout.md#payment]
    ---
    ```

    ## Fix
    Correct the file at the reported line. Markdown scenarios start with `---`, YAML keys `id`,
    `title`, `covers`, `twins`, then `---`; twins need `id`.
    """
    return _file_rule_doc_only(ctx)


# -- findings in scenario and twin files ------------------------------------------------------


def dangling_references(ws: Workspace) -> Iterator[tuple[Scenario, Reference, str, str]]:
    """(scenario, reference, "covers" | "twin", message) for every reference that resolves to
    nothing."""
    for sc in ws.scenarios():
        yield from _dangling_in(ws, sc)


def _dangling_in(ws: Workspace, sc: Scenario) -> Iterator[tuple[Scenario, Reference, str, str]]:
    for ref in sc.covers:
        found = ws.resolve(ref.target)
        if isinstance(found, str):
            yield sc, ref, "covers", found
    for ref in sc.twins:
        name = ref.target.strip()
        if ws.twin(name) is None:
            known = ", ".join(t.id for t in ws.twins()) or "none yet"
            message = f"no twin has id '{name}' (twins: {known}): add one or fix the id"
            yield sc, ref, "twin", message


def scenario_file_findings(ws: Workspace, sf: ScenarioFile) -> Iterator[Finding]:
    for p in sf.problems:
        yield Finding(p.rule, Severity.ERROR, p.message, sf.path, p.range)
    for sc in sf.scenarios:
        for _, ref, kind, message in _dangling_in(ws, sc):
            rule_id = DANGLING if kind == "covers" else UNKNOWN_TWIN
            yield Finding(rule_id, Severity.ERROR, message, sf.path, ref.range, sc.id)
        if not sc.covers:
            yield Finding(
                ORPHAN_SCENARIO,
                Severity.WARNING,
                "this scenario covers no section: add `covers: [specs/FILE.md#ID]` "
                "(or a @covers: tag)",
                sf.path,
                sc.range,
                sc.id,
            )


def twin_file_findings(ws: Workspace, tf: TwinFile) -> Iterator[Finding]:
    for p in tf.problems:
        yield Finding(p.rule, Severity.ERROR, p.message, tf.path, p.range)
    twin = tf.twin
    if twin is None:
        return
    first = ws.twin(twin.id)
    if first is not None and first.path != tf.path:
        yield Finding(
            DUPLICATE_TWIN,
            Severity.ERROR,
            f"twin id '{twin.id}' is already used by {first.path}: give this twin its own id",
            tf.path,
            twin.id_range,
            related=((first.path, first.id_range, "first defined here"),),
        )
        return
    used = bool(ws.twin_users(twin.id))
    needed = any(
        m.twin == twin.id for info in ws.sections() if info.requirement for m in info.mentions
    )
    if not used and not needed:
        yield Finding(
            ORPHAN_TWIN,
            Severity.INFO,
            f"no scenario uses twin '{twin.id}' and no section names it: add it to the `twins:` "
            "of the scenarios that need it, or delete it",
            tf.path,
            twin.id_range,
        )
