"""Reading twin files."""

from __future__ import annotations

from speclint.twins import read_twin_file


def test_all_fields() -> None:
    text = (
        "id: stripe\nclones: Stripe API\naliases: [stripe, payment provider]\n"
        "start: python -m twins.stripe --port 12111\nendpoint: http://127.0.0.1:12111\n"
        "covers_behaviour: [charges, refunds]\n"
    )
    tf = read_twin_file(text, "twins/stripe.yaml")
    assert not tf.problems and tf.twin is not None
    t = tf.twin
    assert (t.id, t.clones, t.endpoint) == ("stripe", "Stripe API", "http://127.0.0.1:12111")
    assert t.aliases == ("stripe", "payment provider")
    assert t.covers_behaviour == ("charges", "refunds")
    assert (t.id_range.start.line, t.id_range.start.column, t.id_range.end.column) == (1, 5, 11)
    assert "Stripe" in t.names() and "payment provider" in t.names()


def test_missing_id_is_a_problem_at_line_1() -> None:
    tf = read_twin_file("clones: Slack\n", "twins/slack.yaml")
    assert tf.twin is None
    (p,) = tf.problems
    assert p.range.start.line == 1 and "no `id`" in p.message


def test_wrong_types_are_reported_and_the_twin_kept() -> None:
    tf = read_twin_file("id: s\naliases: {a: b}\nstart: [1, 2]\n", "twins/s.yaml")
    assert tf.twin is not None and tf.twin.id == "s"
    assert sorted(p.range.start.line for p in tf.problems) == [2, 3]


def test_not_a_mapping() -> None:
    tf = read_twin_file("- a\n- b\n", "twins/list.yaml")
    assert tf.twin is None and "mapping" in tf.problems[0].message
