"""Scenario files -> `ScenarioFile`: Markdown with YAML front matter, or Gherkin.

Markdown: front matter `id`, `title`, `covers: [specs/checkout.md#payment, REQ-12]`, `twins:
[stripe]`; the body is free text. Gherkin (parsed with gherkin-official): tags `@covers:PATH#ID`,
`@REQ-12` and `@twin:ID` on the Feature, a Rule or a Scenario; a Scenario inherits the tags above
it.
Every reference keeps the exact range where it is written, so a dangling one is reported there.
A file that cannot be read is a `Problem` at its line, never an exception.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser

from .model import Position, Range, TextIndex
from .parse import REQUIREMENT_ID, slugify
from .safe_yaml import compose_mapping, mapping_items, node_range, scalar_items, scalar_text

MALFORMED = "links/malformed-file"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
_FIRST_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.M)
_BARE_REQUIREMENT = re.compile(rf"\A{REQUIREMENT_ID.pattern}\Z")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a scenario or twin file, reported at `range` under rule `rule`."""

    rule: str
    message: str
    range: Range


@dataclass(frozen=True)
class Reference:
    """A reference as written in a scenario file: to a section (covers) or to a twin."""

    target: str
    range: Range


@dataclass(frozen=True)
class Target:
    """A parsed `covers` reference: `path#id`, a whole `path`, or a bare requirement id."""

    path: str | None  # relative to the project root; None for a bare requirement id
    id: str | None  # None: the whole file


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    path: str
    range: Range  # the line that names it: front matter `id`, or the Scenario keyword
    covers: tuple[Reference, ...]
    twins: tuple[Reference, ...]
    text: str  # its body or steps: decisions rules read it to see what it settles


@dataclass(frozen=True)
class ScenarioFile:
    path: str
    scenarios: tuple[Scenario, ...]
    problems: tuple[Problem, ...]


def parse_target(text: str) -> Target | str:
    """A `covers` reference -> `Target`, or a message saying why it cannot be one."""
    ref = text.strip()
    if not ref or ref == "#":
        return "empty reference: write specs/FILE.md#SECTION-ID or a requirement id like REQ-12"
    path, hash_, frag = ref.partition("#")
    if not hash_:
        if _BARE_REQUIREMENT.match(ref):
            return Target(None, ref)
        if ref.lower().endswith(".md"):
            return Target(_normalize(ref), None)
        return Target(None, ref)  # resolves only if it is some spec's requirement id
    if not path:
        return f"'{ref}' names no spec: write specs/FILE.md{ref}"
    if not frag:
        return f"'{ref}' has an empty section id after '#': write {path}#SECTION-ID"
    return Target(_normalize(path), frag)


def _normalize(path: str) -> str:
    norm = posixpath.normpath(path.replace("\\", "/"))
    return norm[2:] if norm.startswith("./") else norm


def _point(line: int, column: int = 1) -> Range:
    return Range(Position(line, column), Position(line, column))


def read_scenario_file(text: str, path: str) -> ScenarioFile:
    if path.lower().endswith(".feature"):
        return _read_feature(text, path)
    return _read_markdown(text, path)


# -- Markdown with front matter ----------------------------------------------------------------


def _read_markdown(text: str, path: str) -> ScenarioFile:
    stem = posixpath.splitext(posixpath.basename(path))[0]
    m = _FRONT_MATTER.match(text)
    if m is None:
        return ScenarioFile(
            path,
            (),
            (
                Problem(
                    MALFORMED,
                    "no YAML front matter: start the scenario with ---, then id, title, covers "
                    "and twins, then ---",
                    _point(1),
                ),
            ),
        )
    node, problem = compose_mapping(m.group("body"), line_offset=1)
    if problem is not None:
        return ScenarioFile(
            path, (), (Problem(MALFORMED, problem.message, _point(problem.line, problem.column)),)
        )
    assert node is not None
    items = mapping_items(node)
    problems: list[Problem] = []

    def refs(key: str) -> tuple[Reference, ...]:
        if key not in items:
            return ()
        key_node, value = items[key]
        scalars = scalar_items(value)
        if scalars is None:
            problems.append(
                Problem(MALFORMED, f"`{key}` must be a list of strings", node_range(key_node, 1))
            )
            return ()
        out = []
        for s in scalars:
            out.append(Reference(str(s.value), node_range(s, 1)))
        return tuple(out)

    covers = refs("covers")
    twins = refs("twins")
    sid = stem
    id_range = _point(1)
    if "id" in items:
        key_node, value = items["id"]
        written = scalar_text(value)
        if written and written.strip():
            sid, id_range = written.strip(), node_range(value, 1)
        else:
            problems.append(
                Problem(
                    MALFORMED,
                    f"`id` is empty: give the scenario an id such as {stem}",
                    node_range(key_node, 1),
                )
            )
    title_node = items.get("title")
    title = scalar_text(title_node[1]) if title_node else None
    if not title:
        heading = _FIRST_HEADING.search(text, m.end())
        title = heading.group("title") if heading else sid
    body = text[m.end() :]
    scenario = Scenario(sid, title, path, id_range, covers, twins, body)
    return ScenarioFile(path, (scenario,), tuple(problems))


# -- Gherkin -----------------------------------------------------------------------------------


def _read_feature(text: str, path: str) -> ScenarioFile:
    try:
        doc: Any = Parser().parse(text)  # TypedDicts: read as plain JSON-like data
    except CompositeParserException as exc:
        problems = tuple(_gherkin_problem(e) for e in exc.errors)
        return ScenarioFile(path, (), problems)
    except ParserException as exc:
        return ScenarioFile(path, (), (_gherkin_problem(exc),))
    feature = doc.get("feature")
    if not feature:
        return ScenarioFile(path, (), ())
    index = TextIndex(text)
    stem = posixpath.splitext(posixpath.basename(path))[0]
    out: list[Scenario] = []
    feature_tags = feature.get("tags", [])

    def visit(children: list[dict[str, Any]], inherited: list[dict[str, Any]]) -> None:
        for child in children:
            if "rule" in child:
                rule = child["rule"]
                visit(rule.get("children", []), inherited + rule.get("tags", []))
            elif "scenario" in child:
                out.append(_scenario(child["scenario"], inherited, path, stem, index))

    visit(feature.get("children", []), feature_tags)
    if not out:  # a Feature with no Scenario still says what it covers
        out.append(_scenario(feature, [], path, stem, index))
    return ScenarioFile(path, tuple(out), ())


def _gherkin_problem(exc: Exception) -> Problem:
    loc = getattr(exc, "location", None) or {}
    line = int(loc.get("line") or 1)
    column = int(loc.get("column") or 1)
    message = str(exc).split("\n")[-1].strip()
    message = re.sub(r"^\(\d+:\d+\):\s*", "", message)
    return Problem(MALFORMED, f"Gherkin syntax error: {message}", _point(line, column))


def _scenario(
    node: dict[str, Any], inherited: list[dict[str, Any]], path: str, stem: str, index: TextIndex
) -> Scenario:
    covers: list[Reference] = []
    twins: list[Reference] = []
    for tag in [*inherited, *node.get("tags", [])]:
        name: str = tag["name"]
        line, column = tag["location"]["line"], tag["location"]["column"]
        body = name[1:]
        if body.startswith("covers:"):
            skip = len("@covers:")
            covers.append(Reference(name[skip:], _span(line, column + skip, name[skip:])))
        elif body.startswith("twin:"):
            skip = len("@twin:")
            twins.append(Reference(name[skip:], _span(line, column + skip, name[skip:])))
        elif _BARE_REQUIREMENT.match(body):
            covers.append(Reference(body, _span(line, column + 1, body)))
    line = node["location"]["line"]
    name = node.get("name") or stem
    steps = "\n".join(f"{s['keyword']}{s['text']}" for s in node.get("steps", []))
    text = "\n".join(x for x in (name, node.get("description") or "", steps) if x)
    line_text = index.line_text(line) if line <= index.line_count else ""
    rng = Range(Position(line, node["location"]["column"]), Position(line, len(line_text) + 1))
    sid = f"{stem}/{slugify(name) or line}"
    return Scenario(sid, name, path, rng, tuple(covers), tuple(twins), text)


def _span(line: int, column: int, text: str) -> Range:
    return Range(Position(line, column), Position(line, column + len(text)))
