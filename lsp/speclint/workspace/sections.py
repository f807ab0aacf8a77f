"""What a section is, for traceability: does it require something, what does it settle in-spec,
which external services does it name. Pure functions of a parsed `Spec` and the config."""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..config import Config
from ..model import Block, Section, Spec
from ..parse import REQUIREMENT_ID

# Normative words: an author who writes one states a requirement (upper case is RFC 2119 style).
NORMATIVE = re.compile(
    r"\b(?:must|shall|should|will|required to|has to|have to|needs to|need to)\b", re.I
)
_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.|[IVX]+\.)\s+")
_LEADING_REQUIREMENT = re.compile(rf"^\s*{REQUIREMENT_ID.pattern}\s*[:.\-–—]?\s*")
# Kiro writes "### Requirement 3"; spec-kit "### User Story 1 - Browse (Priority: P1)".
REQUIREMENT_HEADING = re.compile(
    rf"^\s*(?:{REQUIREMENT_ID.pattern}\b|requirement\s+\d+\b|user story\s+\d+\b)", re.I
)
# Given ... When ... Then: an acceptance scenario written in the spec (spec-kit does this).
_GIVEN_WHEN_THEN = re.compile(r"\bGiven\b.{1,600}?\b[Ww]hen\b.{1,600}?\b[Tt]hen\b", re.S)
# Kiro's EARS criteria: WHEN ... THEN the system SHALL ...
_EARS = re.compile(r"\b(?:WHEN|IF|WHILE)\b.{1,400}?\bTHEN\b.{1,200}?\bSHALL\b", re.S)
_EARS_STARTS = ("WHEN", "IF", "WHILE")
_ACCEPTANCE_WORDS = re.compile(r"\bacceptance (?:criteria|scenarios?|tests?)\b", re.I)
_ACCEPTANCE_TITLE = re.compile(
    r"\b(?:acceptance|scenarios?|test cases?|examples?|success criteria)\b", re.I
)


def plain_title(section: Section) -> str:
    """The title without its requirement id or numbering, lower case: "REQ-3: Export" -> export."""
    return _plain(section.title)


@lru_cache(maxsize=8192)
def _plain(title: str) -> str:
    """Once per title: every section's title is asked for by several rules, per lint."""
    title = _LEADING_REQUIREMENT.sub("", title)
    title = _LEADING_NUMBER.sub("", title)
    return title.strip().strip(":").strip().lower()


def _title_matches(title: str, names: tuple[str, ...]) -> bool:
    return _titles_pattern(names).match(title) is not None


@cache
def _titles_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """A title equal to one of `names`, or starting with one and then a space or a colon."""
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:{body})(?:$|[ :])" if body else r"(?!x)x")


# A title that says its section states requirements: "## Requirements", "## Behaviour" or
# "## Non-functional" alone (not "### Current behavior"), or an HTTP endpoint ("### POST
# /orders"), whose section says what the endpoint does.
ENDPOINT_TITLE = re.compile(r"^\W*(?:GET|POST|PUT|PATCH|DELETE)\s+/", re.IGNORECASE)
REQUIREMENTS_TITLE = re.compile(
    r"\brequirements\b|^\W*(?:behaviou?r|non-functional)\W*$|" + ENDPOINT_TITLE.pattern,
    re.IGNORECASE,
)


# Files that complete the spec of their folder: Kiro's design.md beside requirements.md,
# spec-kit's plan.md, research.md and data-model.md beside spec.md. A decision taken in one is
# taken for the others.
COMPANION_NAMES = frozenset({"design.md", "plan.md", "research.md", "data-model.md"})

# A relative link to a Markdown file (`[audit](audit.md#retention)`): another spec of the
# workspace, which may take a decision this one leaves to it.
_MD_LINK = re.compile(r"\]\((?!https?:|mailto:)([^)#\s]+\.md)(?:#[^)\s]*)?\)")


def linked_paths(spec: Spec) -> list[str]:
    """The workspace paths of the Markdown files `spec` links to, in order, once each."""
    if ".md" not in spec.text:
        return []
    folder = posixpath.dirname(spec.path)
    found = (posixpath.normpath(posixpath.join(folder, t)) for t in _MD_LINK.findall(spec.text))
    return [p for p in dict.fromkeys(found) if p != spec.path]


def is_requirement_section(
    spec: Spec, section: Section, config: Config, behaviour: re.Pattern[str] | None = None
) -> bool:
    """Does this section state requirements, so that a scenario should cover it?

    Configured `requirement_titles` win; a section under a descriptive one (Overview, Glossary,
    Out of scope...) never counts; else it counts when its own prose is normative, it carries
    requirement ids, it or an ancestor is titled as requirements and it holds some of its own,
    or a list item of its own says what an HTTP endpoint does; with
    `behaviour`, also when one of its own blocks states what the system does in the present
    tense ("The indexer consumes events from Kafka").
    """
    title = plain_title(section)
    if config.requirement_titles and _title_matches(title, config.requirement_titles):
        return True
    current: Section | None = section
    while current is not None:
        if _title_matches(plain_title(current), config.non_requirement_titles):
            return False
        current = spec.sections.get(current.parent) if current.parent else None
    if config.requirement_titles:
        return False
    if section.requirements or REQUIREMENT_HEADING.match(section.title):
        return True
    blocks = [b for b in section.blocks if b.kind != "heading"]
    # "## Requirements" over a list of "Users can export ...", "### POST /orders" over
    # "Returns all orders", "## Requirements" over "### Audit" over "The audit log can be
    # exported": stated, if not with "must".
    if blocks and (
        REQUIREMENTS_TITLE.search(title)
        or any(REQUIREMENTS_TITLE.search(t) for t in _plain_chain(spec, section))
    ):
        return True
    if any(NORMATIVE.search(b.prose) for b in blocks):
        return True
    if any(_says_what_an_endpoint_does(spec, b) for b in blocks if b.kind == "list_item"):
        return True
    return behaviour is not None and any(behaviour.search(b.prose) for b in blocks)


# A list item that says what an HTTP endpoint does, as a section titled by one would ("-
# `POST /Users` creates a member", "- `DELETE /Users/{id}` is treated like deactivation").
_ENDPOINT_LEAD = re.compile(
    ENDPOINT_TITLE.pattern.removeprefix("^") + r"[^\s`]*`?\s+(?:\w+\s+)?[a-z]+s\b",
    re.IGNORECASE,
)


def _says_what_an_endpoint_does(spec: Spec, block: Block) -> bool:
    """The item's line starts with an endpoint (in a code span, which is no prose: read from
    the line's start) and a verb in -s."""
    return _ENDPOINT_LEAD.match(spec.text, _line_start(spec.text, block), block.end) is not None


def _line_start(text: str, block: Block) -> int:
    """Where the line of the block's first character starts."""
    return text.rfind("\n", 0, block.start) + 1


def _plain_chain(spec: Spec, section: Section) -> Iterator[str]:
    """The plain titles of a section's ancestors, innermost first."""
    parent = section.parent
    while parent is not None and (above := spec.sections.get(parent)) is not None:
        yield plain_title(above)
        parent = above.parent


def heading_chain(spec: Spec, section: Section) -> tuple[str, ...]:
    """The titles of a section's ancestors, innermost first."""
    out = []
    parent = section.parent
    while parent is not None and parent in spec.sections:
        out.append(spec.sections[parent].title)
        parent = spec.sections[parent].parent
    return tuple(out)


def section_content(spec: Spec, section: Section) -> tuple[object, ...]:
    """Everything an analysis of a section's own text and headings can read (title, ancestors'
    titles, requirement ids, blocks), with block offsets relative to its first block: a key
    under which a section edited live, or moved by an edit above it, keeps its analysis."""
    base = section.blocks[0].start if section.blocks else 0
    text = spec.text
    return (
        section.title,
        heading_chain(spec, section),
        bool(section.requirements),
        tuple((b.kind, b.start - base, b.prose) for b in section.blocks),
        # What a list item's line holds before its prose: "- `POST /Users` creates ..."
        # (`_says_what_an_endpoint_does`).
        tuple(
            text[_line_start(text, b) : b.start] for b in section.blocks if b.kind == "list_item"
        ),
    )


def own_prose(section: Section) -> str:
    return "\n".join(b.prose for b in section.blocks)


def has_in_spec_scenario(section: Section) -> bool:
    """Given/When/Then acceptance scenarios in the section's own text (spec-kit style)."""
    text = "\n".join(b.prose for b in section.blocks if b.kind != "heading")
    return bool(_GIVEN_WHEN_THEN.search(text))


def has_acceptance_criteria(
    spec: Spec, section: Section, own: tuple[str, str | None] | None = None
) -> bool:
    """Acceptance criteria in the section or its subsections: a titled part, G/W/T or EARS.
    `own`: the section's non-heading block texts joined by line ends and that text in lower
    case (or None), when the caller has them already."""
    stack = [section]
    while stack:
        s = stack.pop()
        if s is not section and _ACCEPTANCE_TITLE.search(s.title):
            return True
        if s is section and own is not None:
            body, lower = own
        else:
            body, lower = "\n".join(b.text for b in s.blocks if b.kind != "heading"), None
        if _has_criteria(body, lower):
            return True
        stack.extend(spec.sections[c] for c in s.children if c in spec.sections)
    return False


def _has_criteria(body: str, lower: str | None = None) -> bool:
    """G/W/T, EARS or the words "acceptance criteria". Each pattern is tried only when the text
    holds a word every match of it holds, and only where a word it starts with is (the regex
    scans are what cost: a pattern that starts with `\\b` is tried at every character)."""
    if "Given" in body and _matches_at(_GIVEN_WHEN_THEN, body, ("Given",)):
        return True
    if "THEN" in body and "SHALL" in body and _matches_at(_EARS, body, _EARS_STARTS):
        return True
    # No letter of "acceptance " has a look-alike that IGNORECASE matches and lower() keeps.
    folded = body.lower() if lower is None else lower
    return "acceptance " in folded and _ACCEPTANCE_WORDS.search(body) is not None


def _matches_at(pattern: re.Pattern[str], text: str, starts: tuple[str, ...]) -> bool:
    """`pattern.search(text)` for a pattern whose every match starts with one of `starts`."""
    for word in starts:
        i = text.find(word)
        while i >= 0:
            if pattern.match(text, i):
                return True
            i = text.find(word, i + 1)
    return False


# -- external services -------------------------------------------------------------------------


@cache
def builtin_services() -> tuple[str, ...]:
    raw = resources.files("speclint.rules").joinpath("data/services.toml").read_text("utf-8")
    return tuple(tomllib.loads(raw)["services"]["words"])


@dataclass(frozen=True, init=False, slots=True)
class Mention:
    """A named external service in a section's prose: offsets into the spec's text."""

    name: str  # as the twin or the list spells it
    twin: str | None  # the id of the twin that clones it, if any
    start: int
    end: int

    def __init__(self, name: str, twin: str | None, start: int, end: int) -> None:
        # Made again for each section a keystroke moves: the slots set directly, not through
        # a frozen dataclass's object.__setattr__ (as `model.Position` does).
        _set_name(self, name)
        _set_twin(self, twin)
        _set_start(self, start)
        _set_end(self, end)


_set_name = Mention.name.__set__  # type: ignore[attr-defined,misc]
_set_twin = Mention.twin.__set__  # type: ignore[misc,union-attr]
_set_start = Mention.start.__set__  # type: ignore[attr-defined,misc]
_set_end = Mention.end.__set__  # type: ignore[attr-defined,misc]


class ServiceMatcher:
    """Finds services in prose: twins' names and configured services case-insensitively, the
    built-in brand names case-sensitively."""

    def __init__(self, config: Config, twin_names: dict[str, str]) -> None:
        # twin_names: casefolded name -> twin id
        self.twin_names = twin_names
        allow = frozenset(w.casefold() for w in config.words("allow"))
        loose = tuple(
            sorted(
                {*twin_names, *(s.casefold() for s in config.words("services"))} - allow,
                key=len,
                reverse=True,
            )
        )
        strict = tuple(
            sorted(
                (s for s in builtin_services() if s.casefold() not in allow), key=len, reverse=True
            )
        )
        self.pattern = _services_pattern(loose, strict)
        self._names = _name_index(loose, strict)
        self.canonical = {s.casefold(): s for s in (*builtin_services(), *config.words("services"))}

    def mentions(self, section: Section) -> list[Mention]:
        """Service names in the section's prose, found word by word through a dictionary of
        first words (one regex alternation of every name is several times slower)."""
        if not self._names:
            return []
        out = []
        for block in section.blocks:
            prose = block.prose
            for word in _WORD.finditer(prose):
                candidates = self._names.get(word.group(0).casefold())
                if not candidates:
                    continue
                for name_re in candidates:
                    m = name_re.match(prose, word.start())
                    if m is None or (m.start() > 0 and prose[m.start() - 1] in "/.-"):
                        continue
                    key = " ".join(m.group(0).casefold().split())
                    twin = self.twin_names.get(key)
                    name = twin or self.canonical.get(key, m.group(0))
                    out.append(Mention(name, twin, block.start + m.start(), block.start + m.end()))
                    break
        return out


_WORD = re.compile(r"\w+")


@cache
def _name_index(
    loose: tuple[str, ...], strict: tuple[str, ...]
) -> dict[str, tuple[re.Pattern[str], ...]]:
    """First word (case-folded) -> patterns of the names starting with it, longest first."""
    index: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for names, flags in ((loose, re.IGNORECASE), (strict, 0)):
        for name in names:
            words = _WORD.findall(name)
            if not words:
                continue
            pattern = re.compile(rf"{_phrase(name)}(?![\w-])", flags)
            index.setdefault(words[0].casefold(), []).append((len(name), pattern))
    return {k: tuple(p for _, p in sorted(v, key=lambda x: -x[0])) for k, v in index.items()}


@cache
def _services_pattern(loose: tuple[str, ...], strict: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    if loose:
        parts.append("(?i:" + "|".join(_phrase(n) for n in loose) + ")")
    if strict:
        parts.append("|".join(_phrase(n) for n in strict))
    if not parts:
        return None
    return re.compile(rf"(?<![\w/.-])(?:{'|'.join(parts)})(?![\w-])")


def _phrase(name: str) -> str:
    return r"\s+".join(re.escape(p) for p in name.split())
