"""The incremental parser and linter give what a full parse and lint of the same text give."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from speclint.config import from_dict, load_config
from speclint.engine import RuleFilter, active_rules, lint_text
from speclint.incremental_lint import LOCAL_FAMILIES, DocumentLinter
from speclint.incremental_parse import IncrementalParser, common_prefix, common_suffix
from speclint.model import Spec
from speclint.parse import parse
from speclint.rules.context import Context
from speclint.rules.prose import occurrences
from speclint.workspace import Workspace
from speclint.workspace.sections import section_content

from bench.corpus import spec
from tests.conftest import ROOT
from tests.unit.test_properties import PIECES

CONFIG = from_dict({}, root=ROOT)
SPECS = sorted((ROOT / "examples" / "specs").glob("*.md")) + sorted(
    (ROOT / "tests" / "data").rglob("*.md")
)
# A generated spec too: dense with requirement sentences, so with decisions findings.
TEXTS = [p.read_text(encoding="utf-8") for p in SPECS] + [spec(random.Random(3), 0, 6000)]

# An edit: where (a fraction of the text), how much to delete, what to insert.
edits = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 40),
        st.one_of(st.sampled_from(PIECES), st.text(max_size=6)),
    ),
    min_size=1,
    max_size=8,
)


# What else a typist may write that changes state the parts after carry on with.
TYPED = [
    "RFC 2119", "<!-- speclint-enable -->", "## Limits", "# Spec", "{#a}", "- REQ-2: ",
    "## Success criteria", "### POST /a",
]  # fmt: skip
# Typing: edits one after another near one place, as a user types: the same part parsed again
# and again, the parts after it moved (`IncrementalParser` then moves what their replay made).
typing = st.tuples(
    st.floats(0, 1),
    st.lists(
        st.tuples(
            st.integers(-12, 12),
            st.integers(0, 3),
            st.one_of(st.sampled_from(PIECES + TYPED), st.text(alphabet="ax #-`\"'", max_size=3)),
        ),
        min_size=2,
        max_size=10,
    ),
)


def _typed(text: str, where: float, steps: list[tuple[int, int, str]]) -> list[str]:
    """The texts after each step of typing from `where` (a fraction of the text)."""
    at, out = int(where * len(text)), []
    for move, deleted, inserted in steps:
        at = min(max(at + move, 0), len(text))
        text = text[:at] + inserted + text[at + deleted :]
        at += len(inserted)
        out.append(text)
    return out


def _apply(text: str, edit: tuple[float, int, str]) -> str:
    where, deleted, inserted = edit
    at = int(where * len(text))
    return text[:at] + inserted + text[at + deleted :]


def _shape(spec: Spec) -> object:
    sections = [
        (
            *(s.id, s.title, s.level, s.heading_range, s.range, s.explicit_id, s.id_range),
            *(s.parent, tuple(s.children), s.code_blocks, s.tables, tuple(s.requirements)),
            tuple(b.start for b in s.blocks),
        )
        for s in spec.sections.values()
    ]
    lines = [spec.index.line_start(n) for n in range(1, spec.index.line_count + 1)]
    return (
        *(sections, spec.blocks, spec.suppressions, spec.quoted_ranges, spec.front_matter, lines),
        *(spec.duplicate_ids, spec.rfc2119),
    )


def _findings(result: object) -> list[object]:
    return [
        (f.rule, f.severity, f.range, f.message, f.section, f.fixes, f.related)
        for f in result.findings  # type: ignore[attr-defined]
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), edits)
def test_incremental_parse_equals_a_full_parse(text: str, changes: list) -> None:  # type: ignore[type-arg]
    parser = IncrementalParser("spec.md")
    versions = [(text, parser.parse(text))]
    for change in changes:
        text = _apply(text, change)
        versions.append((text, parser.parse(text)))
        assert _shape(versions[-1][1]) == _shape(parse(text, "spec.md"))
    # Later versions share values with earlier ones (sections, blocks): never changing them.
    for old_text, old in versions:
        assert _shape(old) == _shape(parse(old_text, "spec.md"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), typing)
def test_typing_in_one_place_parses_as_a_full_parse(text: str, typed: tuple) -> None:  # type: ignore[type-arg]
    parser = IncrementalParser("spec.md")
    versions = [(text, parser.parse(text))]
    for now in _typed(text, *typed):
        versions.append((now, parser.parse(now)))
        assert _shape(versions[-1][1]) == _shape(parse(now, "spec.md"))
    for old_text, old in versions:
        assert _shape(old) == _shape(parse(old_text, "spec.md"))


def test_typing_moves_the_parts_after_the_edit_without_replaying_them() -> None:
    text = TEXTS[-1]
    parser = IncrementalParser("spec.md")
    parser.parse(text)
    at = text.index("\n\n", len(text) // 2) + 1  # a blank line in the middle
    moved = []
    for typed in ("x", "xy", "x", ""):
        now = text[:at] + typed + text[at:]
        assert _shape(parser.parse(now)) == _shape(parse(now, "spec.md"))
        moved.append(parser.tail_moved)
    assert moved == [False, True, True, True]  # the first edit records what the tail made
    # A new line moves the tail down: replayed (and recorded again) rather than moved.
    now = text[:at] + "x\n" + text[at:]
    assert _shape(parser.parse(now)) == _shape(parse(now, "spec.md"))
    assert not parser.tail_moved


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), typing)
def test_typing_lints_as_a_full_lint(text: str, typed: tuple) -> None:  # type: ignore[type-arg]
    linter = DocumentLinter("spec.md", CONFIG)
    linter.lint(text)
    for now in _typed(text, *typed):
        assert _findings(linter.lint(now)) == _findings(lint_text(now, "spec.md", CONFIG))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), edits)
def test_incremental_lint_equals_a_full_lint(text: str, changes: list) -> None:  # type: ignore[type-arg]
    linter = DocumentLinter("spec.md", CONFIG)
    linter.lint(text)
    for change in changes:
        text = _apply(text, change)
        assert _findings(linter.lint(text)) == _findings(lint_text(text, "spec.md", CONFIG))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXTS), edits)
def test_sections_said_unchanged_have_the_content_they_had(text: str, changes: list) -> None:  # type: ignore[type-arg]
    parser = IncrementalParser("spec.md")
    before = parser.parse(text)
    for change in changes:
        text = _apply(text, change)
        after = parser.parse(text)
        for sid in after.unchanged:
            old, new = before.sections[sid], after.sections[sid]
            assert section_content(before, old) == section_content(after, new), sid
        before = after


def test_an_edit_in_one_part_leaves_the_other_sections_unchanged() -> None:
    text = "# Spec\n\n## A\n\nOne.\n\n## B\n\nTwo.\n\n### B1\n\nThree.\n"
    parser = IncrementalParser("spec.md")
    parser.parse(text)
    assert parser.parse(text.replace("Two.", "Two more.")).unchanged == {"spec", "a", "b1"}
    # A changed title changes what every section's heading chain may read: none is said so.
    assert not parser.parse(text.replace("## A", "## Z")).unchanged


def test_an_edit_reparses_only_its_part() -> None:
    text = TEXTS[0]
    parser = IncrementalParser("spec.md")
    parser.parse(text)
    middle = text.index("\n## ", len(text) // 2) + 1
    edited = text[: middle + 3] + "x" + text[middle + 3 :]  # in a heading: its part and one more
    parser.parse(edited)
    assert 0 < parser.reparsed < len(text) // 4


def test_unchanged_parts_keep_their_finding_objects_and_follow_section_ids() -> None:
    text = "# Spec\n\n## Limits\n\nIt should be fast.\n\n## Limits\n\nUploads should be quick.\n"
    linter = DocumentLinter("spec.md", CONFIG)
    before = linter.lint(text).findings
    # A word typed in the first section: the second part's findings are the same objects.
    typed = text.replace("It should", "It really should")
    after = linter.lint(typed).findings
    assert _findings(linter.lint(typed)) == _findings(lint_text(typed, "spec.md", CONFIG))
    last = [f for f in before if f.range.start.line > 6]
    assert last and all(any(f is g for g in after) for f in last)
    # Renaming the first section frees its id: the second one's findings now name `limits`.
    renamed = typed.replace("## Limits", "## Quotas", 1)
    got = linter.lint(renamed)
    assert _findings(got) == _findings(lint_text(renamed, "spec.md", CONFIG))
    assert {f.section for f in got.findings if f.range.start.line > 6} == {"limits"}


def test_front_matter_opened_closed_and_edited_is_parsed_as_a_whole_parse_does() -> None:
    body = "# Spec\n\nIntro.\n\n## Limits\n\nIt should be fast.\n\n---\n\n## Later\n\nMore.\n"
    parser = IncrementalParser("spec.md")
    steps = [
        body,
        "---\n" + body,  # an opener: the `---` further down closes it, the headings are YAML
        "---\ntitle: x\n---\n" + body,  # a closed block
        "---\ntitle: y\n---\n" + body,  # edited inside
        "---\ntitle: y\n---\n" + body.replace("More.", "Much more."),  # edited after it
        "---\ntitle: y\n" + body,  # its closing line gone: the later `---` closes it
        body,
    ]
    for text in steps:
        assert _shape(parser.parse(text)) == _shape(parse(text, "spec.md")), text


def test_what_is_carried_comes_only_from_the_version_before() -> None:
    """A version linted without the decisions rules: the next one must not take their values
    from the one before it (`Spec.unchanged` speaks of the version just before)."""
    given = "Given a user, when they sign in, then the dashboard opens.\n"
    v1 = (
        "# Spec\n\n## REQ-1 Sign-in\n\nThe service must sign users in.\n\n"
        f"{given}\n## REQ-2 Reset\n\nThe service must email a reset link.\n\n{given}"
    )
    v2 = v1[: v1.rindex(given)]  # REQ-2 loses its acceptance criteria
    v3 = v2.replace("sign users in", "sign users in quickly")  # only REQ-1 changes
    linter = DocumentLinter("spec.md", CONFIG)
    linter.lint(v1)
    linter.lint(v2, rule_filter=RuleFilter(select=frozenset({"ambiguity"})))
    got = _findings(linter.lint(v3))
    assert got == _findings(lint_text(v3, "spec.md", CONFIG))
    assert any(f[0] == "decisions/acceptance" for f in got)


def test_acronyms_kept_by_block_find_what_a_full_lint_finds() -> None:
    text = (
        "# Spec\n\n## Intro\n\nThe API is public.\n\n## Access\n\n"
        "Requests are checked against the ACL. THE ACL IS LOUD HERE ALWAYS.\n\n"
        "## More\n\n| ACL | XYZ |\n|---|---|\n| a | b |\n"
    )
    steps = [
        text,
        text.replace("The API is public.", "The API and the ACL are public."),  # earlier use
        text.replace("The API is public.", "The API is public. QQX matters."),
        text.replace("against the ACL.", "against the access control list (ACL)."),
        text,
    ]
    linter = DocumentLinter("spec.md", CONFIG)
    for step in steps:
        got = _findings(linter.lint(step))
        assert got == _findings(lint_text(step, "spec.md", CONFIG))
    assert any(f[0] == "terms/undefined-acronym" for f in got)


def test_reference_definitions_make_the_document_one_part() -> None:
    text = "# A\n\nSee [the spec][s].\n\n## B\n\n[s]: https://example.com\n"
    parser = IncrementalParser("spec.md")
    parser.parse(text)
    assert len(parser.parts) == 1
    assert _shape(parser.parse(text + "more\n")) == _shape(parse(text + "more\n", "spec.md"))


def test_local_rules_see_only_their_block_and_its_headings() -> None:
    """What `LOCAL_FAMILIES` promises: a local rule run on one part's blocks finds in them what
    it finds there in the whole spec."""
    rules = [(r, s) for r, s in active_rules(CONFIG) if r.family in LOCAL_FAMILIES]
    assert rules
    for text in TEXTS:
        parser = IncrementalParser("spec.md")
        spec = parser.parse(text)
        whole = Context(spec, CONFIG, None)
        for rule, _ in rules:
            expected = sorted((h.start, h.end, h.message) for h in rule.check(whole))
            found = []
            for part in parser.parts:
                view = Context(dataclasses.replace(spec, blocks=list(part.blocks)), CONFIG, None)
                found.extend((h.start, h.end, h.message) for h in rule.check(view))
            assert sorted(found) == expected, (rule.id, Path(text[:20]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_live_index_analysis_equals_a_fresh_one(changes: list) -> None:  # type: ignore[type-arg]
    """The workspace index re-analyses only changed sections of a spec edited live."""
    examples = ROOT / "examples"
    config = load_config(examples)
    live, fresh = Workspace(config), Workspace(config)
    live.load()
    fresh.load()
    rel = "specs/approvals.md"
    text = (examples / rel).read_text(encoding="utf-8")
    parser = IncrementalParser(rel)
    for change in changes:
        text = _apply(text, change)
        live.update(rel, text, parser.parse(text))
        fresh.update(rel, text)
        assert _infos(live, rel) == _infos(fresh, rel)


def _infos(ws: Workspace, rel: str) -> list[object]:
    entry = ws.specs[rel]
    return [
        *(
            (sid, i.requirement, i.in_spec_scenario, i.mentions, i.section.range)
            for sid, i in entry.infos.items()
        ),
        sorted(entry.requirement_ids),
    ]


def test_non_local_findings_are_the_same_objects_where_they_cannot_have_moved() -> None:
    text = (
        "# Spec\n\n## Orders\n\nThe ABC service sends orders to XYZ.\n\n"
        "The DEF service reads QRS data.\n\n## Empty\n"
    )
    linter = DocumentLinter("spec.md", CONFIG)
    before = linter.lint(text).findings
    assert {f.rule for f in before} == {"terms/undefined-acronym", "structure/empty-section"}
    # A character typed on line 7: the findings on it move, those on lines 5 and 9 do not.
    edited = text.replace("The DEF", "xThe DEF")
    after = linter.lint(edited).findings
    assert after == lint_text(edited, "spec.md", CONFIG).findings
    kept = {f.range.start.line for f in after if any(f is g for g in before)}
    assert kept == {5, 9}
    # A new line above line 9: what follows it moved down, only what precedes it is kept.
    again = edited.replace("reads QRS data.", "reads QRS data.\n")
    last = linter.lint(again).findings
    assert last == lint_text(again, "spec.md", CONFIG).findings
    assert {f.range.start.line for f in last if any(f is g for g in after)} == {5, 7}


def _lints_as_a_full_lint(steps: list[str], rule: str) -> list[list[object]]:
    """Lint `steps` one after the other as the server does; each equals a full lint. Returns the
    findings of `rule` at each step."""
    linter = DocumentLinter("spec.md", CONFIG)
    found = []
    for step in steps:
        got = _findings(linter.lint(step))
        assert got == _findings(lint_text(step, "spec.md", CONFIG)), step
        found.append([f for f in got if f[0] == rule])
    return found


def test_synonym_uses_carried_by_section_find_what_a_full_lint_finds() -> None:
    users = "The user signs in. The user exports. The user leaves. The user returns.\n"
    text = f"Intro.\n\n# Spec\n\n## A\n\n{users}\n## B\n\nThe export runs.\n\n## C\n\nThe end.\n"
    steps = [
        text,
        text.replace("The export runs.", "The customer waits."),  # a variant in another section
        text.replace("The export runs.", "The customer waits.").replace("The end.", "Users."),
        text.replace("The export runs.", "The customers wait."),  # written another way
        text.replace("Intro.", "The customer, intro."),  # before the first heading
        text.replace("Intro.\n\n", "").replace("The export runs.", "The customer waits."),
        text.replace("## B", "## Bee").replace("The export runs.", "The customer waits."),
        text.replace("## C\n\nThe end.\n", ""),  # a section gone
        text.replace("The user leaves. ", "").replace("The end.", "The customer."),  # a tie left
        text,
    ]
    found = _lints_as_a_full_lint(steps, "terms/inconsistent-term")
    assert not found[0] and found[1] and len(found[2]) == 1 and found[3] and found[4]
    assert not found[-1]


def test_titled_sections_carried_only_while_no_heading_changes() -> None:
    text = "# Spec\n\n## Access\n\nThe ACL is checked.\n\n## Notes\n\nMore.\n"
    steps = [
        text,
        text.replace("## Notes", "## Glossary") + "\n- ACL: access control list\n",
        text.replace("## Notes", "## Glossary") + "\n- ACL: access control list, again\n",
        text.replace("More.", "More text."),
    ]
    found = _lints_as_a_full_lint(steps, "terms/undefined-acronym")
    assert found[0] and not found[1] and not found[2] and found[3]


def test_sections_changed_together_are_scanned_in_document_order() -> None:
    """Two sections edited at once: the scan of their blocks sees them in document order (out of
    order, the first heading would touch the other section's last word)."""
    from speclint.rules import terms

    text = "# Spec\n\n## Customer care\n\nThe user waits\n\n## B\n\nThe user ends\n\n## C\n\nEnd.\n"
    linter = DocumentLinter("spec.md", CONFIG)
    linter.lint(text)
    edited = text.replace("waits", "waits long").replace("ends", "ends now")
    spec = linter.parser.parse(edited)
    assert spec.unchanged == {"spec", "c"}
    live = terms._live_synonyms(Context(spec, CONFIG, None, kept=linter._kept))[1]
    fresh = occurrences(Context(parse(edited, "spec.md"), CONFIG, None))
    expected = {
        int(name.split("/")[1]): Counter((b.prose[s:e], b.kind == "heading") for b, s, e in occs)
        for name, occs in fresh.items()
        if name.startswith("synonyms/")
    }
    assert {i: c for i, c in live.items() if c} == expected
    assert expected[0][("Customer", True)] == 1


_TERMS_TEXT = "Intro.\n\n# Spec\n\n" + "".join(
    f"## Part {i}\n\nThe user does {i}. The user waits; the ACL is read.\n\n" for i in range(8)
)
_TERMS_PIECES = [
    "customer",
    "The customer pays. ",
    "customers ",
    "user",
    "\n## New\n\n",
    "\n### Glossary\n\n- ACL: access control list\n\n",
    "## ",
    "Users ",
    "\n\n",
    "QQX ",
    "access control list (ACL) ",
]
_terms_edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 30), st.sampled_from(_TERMS_PIECES)),
    min_size=1,
    max_size=10,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_terms_edits)
def test_terms_carried_by_section_equal_a_full_lint(changes: list) -> None:  # type: ignore[type-arg]
    """Synonyms and acronyms typed, deleted and moved between sections, keystroke after
    keystroke: what the terms rules carry gives what a full lint finds."""
    text = _TERMS_TEXT
    linter = DocumentLinter("spec.md", CONFIG)
    linter.lint(text)
    for change in changes:
        text = _apply(text, change)
        assert _findings(linter.lint(text)) == _findings(lint_text(text, "spec.md", CONFIG))


def test_live_index_follows_requirement_ids_typed_in_a_list(tmp_path: Path) -> None:
    """A list item's id edited in place (no heading changes): the spec's requirement ids too."""
    (tmp_path / "specs").mkdir()
    text = "# Spec\n\n## Export\n\n- **FR-001**: The export is a CSV file.\n\n## Other\n\nText.\n"
    (tmp_path / "specs" / "s.md").write_text(text, encoding="utf-8")
    config = from_dict({}, root=tmp_path)
    live = Workspace(config)
    live.load()
    parser = IncrementalParser("specs/s.md")
    for edited in (text, text.replace("FR-001", "FR-002"), text.replace("FR-001", "FR-0021")):
        live.update("specs/s.md", edited, parser.parse(edited))
        fresh = Workspace(config)
        fresh.load()
        fresh.update("specs/s.md", edited)
        assert _infos(live, "specs/s.md") == _infos(fresh, "specs/s.md")
    assert live.specs["specs/s.md"].requirement_ids == {"FR-0021"}


def test_decisions_carried_for_unchanged_sections_see_changes_elsewhere() -> None:
    """Each keystroke edits one section: the others keep their carried questions and
    acceptance hits, yet a spec-wide change (a Clarifications answer, a section on the topic, a
    subsection's criteria) still settles them, and hits move with their section."""
    text = (
        "# Spec\n\n## Audit\n\nThe service must record each decision with the approver's name.\n\n"
        "## Cleanup\n\nUsers must be able to delete projects from the settings page.\n\n"
        "## REQ-1 Sign-in\n\nThe service must sign users in.\n\n"
        "## REQ-2 Reset\n\nThe service must email a reset link.\n\n### Notes\n\nNone yet.\n\n"
        "## Storage\n\nNothing here yet.\n\n"
        "## Clarifications\n\n### Session 2026-01-01\n\n- Q: What about projects? → A: Later.\n"
    )
    steps = [
        (text, {"data-lifetime", "authorization", "acceptance"}),
        # An answer that settles who may delete: Cleanup itself is unchanged.
        (
            text := text.replace(
                "What about projects? → A: Later.", "Who may delete projects? → A: Only owners."
            ),
            {"data-lifetime", "acceptance"},
        ),
        # The section on the topic now answers it, for the unchanged Audit section.
        (
            text := text.replace("Nothing here yet.", "Records are deleted after 30 days."),
            {"acceptance"},
        ),
        # Lines added above: the carried acceptance hits move down with their sections.
        (
            text := text.replace("approver's name.", "approver's name.\nIt must be quick.\n"),
            {"acceptance"},
        ),
        # Criteria in a subsection: its parent, unchanged itself, is now accepted.
        (
            text := text.replace(
                "None yet.", "Given a user, when they reset, then an email arrives."
            ),
            {"acceptance"},
        ),
        # ... and not any more: the finding comes back.
        (
            text := text.replace("Given a user, when they reset, then an email arrives.", "Later."),
            {"acceptance"},
        ),
    ]
    linter = DocumentLinter("spec.md", CONFIG)
    for i, (step, rules) in enumerate(steps):
        result = linter.lint(step)
        assert i == 0 or result.spec.unchanged, "the sections are carried"
        got = _findings(result)
        assert got == _findings(lint_text(step, "spec.md", CONFIG)), i
        assert {f[0].split("/")[1] for f in got if f[0].startswith("decisions/")} == rules, i
    lines = [f[2].start.line for f in got if f[0] == "decisions/acceptance"]
    assert lines == [13, 17]  # REQ-1, REQ-2 (moved two lines down, criteria gone again)


def test_decisions_maps_carried_between_versions_stay_bounded() -> None:
    """Typing in one section again and again leaves each old content in the carried maps
    until they are rebuilt: they never grow past about twice the sections."""
    text = "# Spec\n\n## Audit\n\nThe service must record each decision.\n\n## Other\n\nIt must.\n"
    linter = DocumentLinter("spec.md", CONFIG)
    for i in range(200):
        edited = text.replace("each decision", "each decision" + "x" * i)
        assert _findings(linter.lint(edited)) == _findings(lint_text(edited, "spec.md", CONFIG))
        assert len(linter._kept["decision_contents"]) <= 2 * 3 + 64 + 1


@settings(max_examples=300, deadline=None)
@given(st.text("ab\n", max_size=9000), st.text("ab\n", max_size=20), st.data())
def test_common_prefix_and_suffix_are_the_longest(
    base: str, other: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(base)))
    a, b = base, base[:at] + other + base[at:]
    n = min(len(a), len(b))
    prefix = next((i for i in range(n) if a[i] != b[i]), n)
    assert common_prefix(a, b) == prefix
    limit = data.draw(st.integers(0, n))
    suffix = next((i for i in range(limit) if a[-1 - i] != b[-1 - i]), limit)
    assert common_suffix(a, b, limit) == suffix
