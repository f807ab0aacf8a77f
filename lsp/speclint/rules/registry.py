"""The rule catalogue: each rule is one decorated function with a ruff-style docstring.

A rule is a pure function of a `Context` that yields `Hit`s (offsets into the spec's text). The
engine turns hits into `Finding`s with the rule's id, severity and section, and applies config,
suppressions and baselines. The docstring is the documentation: `docs/rules.md` and
`spec-lint explain` are generated from it, and the tests lint its Bad and Good examples.

Docstring shape (headings exactly these, in this order; Source optional):

    One line: what it flags.

    ## Why
    ## Bad
    ```markdown
    ...
    ```
    ## Good
    ```markdown
    ...
    ```
    ## Fix
    ## Source
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Fix, Range, Severity

if TYPE_CHECKING:
    from .context import Context

FAMILIES = {
    "ambiguity": "Words that let a reader, or a coding agent, guess.",
    "terms": "Words used as if defined, or one concept under several names.",
    "structure": "The shape of the document: ids, empty sections, unanswered questions.",
    "decisions": (
        "Decisions a section implies but never takes. A question counts as answered by the "
        'section or a subsection, a section on the topic anywhere in the spec ("## Error '
        'handling"), a `## Clarifications` answer, a scenario covering the section, a spec it '
        "links to, or the design document of its folder (Kiro's design.md, spec-kit's plan.md) "
        "when a section there on the topic names the thing asked about."
    ),
    "links": "Traceability between sections, scenarios and twins.",
    "consistency": "Statements that contradict each other.",
}


@dataclass(frozen=True)
class Hit:
    """What a rule found: offsets [start, end) into the spec's text, and what to do."""

    start: int
    end: int
    message: str
    fixes: tuple[Fix, ...] = ()
    related: tuple[tuple[str, Range, str], ...] = ()


Check = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    doc: str  # the docstring minus its first line: Why / Bad / Good / Fix / Source
    check: Check
    scope: str = "spec"  # "spec": sees one spec; "workspace": needs the workspace index
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    def example(self, which: str) -> str:
        """The fenced example under `## Bad` or `## Good`."""
        m = re.search(
            rf"^## {which}\s*\n+(?P<fence>`{{3,}}|~{{3,}})[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
            self.doc,
            re.S | re.M,
        )
        return m.group("body") if m else ""

    def part(self, heading: str) -> str:
        m = re.search(rf"^## {heading}\s*\n(?P<body>.*?)(?=^## |\Z)", self.doc, re.S | re.M)
        return m.group("body").strip() if m else ""


_RULES: dict[str, Rule] = {}


def rule(
    id: str, severity: Severity = Severity.WARNING, scope: str = "spec"
) -> Callable[[Check], Check]:
    """Register a rule; its docstring's first line is the summary, the rest its docs."""

    def register(fn: Check) -> Check:
        family = id.split("/", 1)[0]
        if family not in FAMILIES or "/" not in id:
            raise ValueError(f"rule id {id!r} must be family/name with a known family")
        if id in _RULES:
            raise ValueError(f"rule {id} registered twice")
        doc = inspect.cleandoc(fn.__doc__ or "")
        summary, _, rest = doc.partition("\n")
        if not summary or "## Bad" not in rest or "## Good" not in rest:
            raise ValueError(f"rule {id} needs a docstring with a summary, ## Bad and ## Good")
        _RULES[id] = Rule(id, severity, summary.strip(), rest.strip(), fn, scope)
        return fn

    return register


def all_rules() -> list[Rule]:
    from . import load_all

    load_all()
    return sorted(_RULES.values(), key=lambda r: (list(FAMILIES).index(r.family), r.id))


def get(rule_id: str) -> Rule | None:
    from . import load_all

    load_all()
    return _RULES.get(rule_id)


def known_ids() -> set[str]:
    """Rule ids and family names: what config, --select and --ignore accept."""
    return {r.id for r in all_rules()} | set(FAMILIES)
