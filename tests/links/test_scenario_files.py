"""Reading scenario files: Markdown front matter and Gherkin, with exact reference ranges."""

from __future__ import annotations

import textwrap
import time

from speclint.scenarios import Target, parse_target, read_scenario_file


def _src(text: str) -> str:
    return textwrap.dedent(text)


def _at(text: str, rng) -> str:  # type: ignore[no-untyped-def]
    line = text.splitlines()[rng.start.line - 1]
    return line[rng.start.column - 1 : rng.end.column - 1]


def test_markdown_front_matter_flow_list_ranges() -> None:
    text = _src("""\
        ---
        id: pay
        title: Pay by card
        covers: [specs/checkout.md#payment, "REQ-12", 'specs/a.md#b']
        twins: [stripe]
        ---
        Given a cart
        """)
    sf = read_scenario_file(text, "scenarios/pay.md")
    assert not sf.problems
    (sc,) = sf.scenarios
    assert (sc.id, sc.title) == ("pay", "Pay by card")
    assert [r.target for r in sc.covers] == ["specs/checkout.md#payment", "REQ-12", "specs/a.md#b"]
    assert [_at(text, r.range) for r in sc.covers] == [
        "specs/checkout.md#payment",
        "REQ-12",
        "specs/a.md#b",
    ]
    assert sc.covers[0].range.start.line == 4
    assert _at(text, sc.twins[0].range) == "stripe"
    assert "Given a cart" in sc.text


def test_markdown_block_list_and_title_from_heading() -> None:
    text = _src("""\
        ---
        covers:
          - specs/checkout.md#payment
          - REQ-3
        ---
        # Customer pays twice
        """)
    (sc,) = read_scenario_file(text, "scenarios/double-pay.md").scenarios
    assert sc.id == "double-pay"  # the file name when there is no id
    assert sc.title == "Customer pays twice"
    assert [(r.range.start.line, _at(text, r.range)) for r in sc.covers] == [
        (3, "specs/checkout.md#payment"),
        (4, "REQ-3"),
    ]


def test_no_front_matter_is_a_problem_at_line_1() -> None:
    sf = read_scenario_file("# Just notes\n", "scenarios/notes.md")
    assert not sf.scenarios
    (p,) = sf.problems
    assert p.rule == "links/malformed-file" and p.range.start.line == 1
    assert "front matter" in p.message


def test_malformed_yaml_is_reported_at_its_line() -> None:
    text = "---\nid: pay\ncovers: [specs/checkout.md#payment\n---\n"
    (p,) = read_scenario_file(text, "scenarios/pay.md").problems
    assert p.range.start.line in (3, 4)  # the unclosed list, or where YAML noticed it
    assert p.message.startswith("invalid YAML")


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{','.join([prev] * 9)}]")
    lines += ["id: bomb", "covers: [REQ-1]", "---"]
    started = time.perf_counter()
    sf = read_scenario_file("\n".join(lines) + "\n", "scenarios/bomb.md")
    elapsed = time.perf_counter() - started
    (p,) = sf.problems
    assert "alias *a0" in p.message and p.range.start.line == 3
    assert not sf.scenarios
    assert elapsed < 5  # 9**10 strings if expanded: this would never return


def test_covers_must_be_a_list_of_strings() -> None:
    text = "---\nid: x\ncovers: {a: 1}\n---\n"
    sf = read_scenario_file(text, "scenarios/x.md")
    (p,) = sf.problems
    assert "`covers` must be a list" in p.message and p.range.start.line == 3
    assert sf.scenarios[0].covers == ()


def test_empty_id_is_a_problem_but_the_scenario_still_links() -> None:
    text = "---\nid: ''\ncovers: [REQ-1]\n---\n"
    sf = read_scenario_file(text, "scenarios/x.md")
    assert [p.range.start.line for p in sf.problems] == [2]
    assert sf.scenarios[0].id == "x"
    assert [r.target for r in sf.scenarios[0].covers] == ["REQ-1"]


def test_gherkin_tags_inherit_feature_and_rule() -> None:
    text = _src("""\
        @covers:specs/checkout.md#payment @twin:stripe
        Feature: Pay

          @REQ-12 @smoke
          Scenario: pays by card
            Given a cart
            When I pay
            Then I get a receipt

          @REQ-3
          Rule: refunds
            @twin:slack
            Scenario Outline: refund <n>
              Given <n>
              Examples:
                | n |
                | 1 |
        """)
    sf = read_scenario_file(text, "scenarios/pay.feature")
    assert not sf.problems
    first, second = sf.scenarios
    assert first.id == "pay/pays-by-card" and first.range.start.line == 5
    assert [r.target for r in first.covers] == ["specs/checkout.md#payment", "REQ-12"]
    assert [_at(text, r.range) for r in first.covers] == ["specs/checkout.md#payment", "REQ-12"]
    assert [r.target for r in first.twins] == ["stripe"]
    assert "When I pay" in first.text
    assert [r.target for r in second.covers] == ["specs/checkout.md#payment", "REQ-3"]
    assert [r.target for r in second.twins] == ["stripe", "slack"]
    assert _at(text, second.twins[1].range) == "slack"


def test_gherkin_syntax_error_at_its_line() -> None:
    text = "Feature: x\n  Scenario: a\n    Given x\n  Foo bar\n"
    sf = read_scenario_file(text, "scenarios/broken.feature")
    assert not sf.scenarios
    (p,) = sf.problems
    assert p.range.start.line == 4 and p.message.startswith("Gherkin syntax error")


def test_feature_without_scenarios_still_covers() -> None:
    sf = read_scenario_file("@REQ-1\nFeature: only tags\n", "scenarios/f.feature")
    assert [r.target for r in sf.scenarios[0].covers] == ["REQ-1"]


def test_parse_target() -> None:
    assert parse_target("specs/a.md#pay") == Target("specs/a.md", "pay")
    assert parse_target("./specs/../specs/a.md#pay") == Target("specs/a.md", "pay")
    assert parse_target("REQ-12") == Target(None, "REQ-12")
    assert parse_target("specs/a.md") == Target("specs/a.md", None)
    for bad in ("", "#", "  ", "#pay", "specs/a.md#"):
        assert isinstance(parse_target(bad), str), bad
