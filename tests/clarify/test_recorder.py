"""Recording answers: spec-kit's Clarifications format, rewrites, and safe writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from speclint.atomic import ChangedOnDiskError, digest
from speclint.clarify import (
    OTHER,
    Answer,
    ClarifyError,
    Option,
    Question,
    answers_to_edits,
    apply_edits,
    record,
)
from speclint.model import Edit, Position, Range
from speclint.parse import parse

DAY = date(2026, 11, 25)
TEXT = "# Auth\n\n## Sessions\n\nA session should expire after 30 minutes.\n"


def question(text: str, quote: str, qid: str = "sessions.1") -> Question:
    spec = parse(text, "spec.md")
    start = text.index(quote)
    return Question(
        id=qid,
        section="sessions",
        range=spec.index.range(start, start + len(quote)),
        quote=quote,
        question="Is expiry mandatory?",
        options=(
            Option("A", "Mandatory (MUST)", quote.replace("should", "must")),
            Option("B", "Optional (MAY)", None),
        ),
        recommended="A",
        reason="r",
        category="scope",
    )


def test_new_clarifications_section_at_the_end() -> None:
    q = question(TEXT, "A session should expire after 30 minutes.")
    out = answers_to_edits(parse(TEXT), [q], [Answer(q.id, "B")], DAY)
    assert out.text == TEXT + (
        "\n## Clarifications\n\n### Session 2026-11-25\n\n"
        "- Q: Is expiry mandatory? → A: Optional (MAY)\n"
    )
    assert out.skipped == ()


def test_chosen_rewrite_replaces_the_sentence() -> None:
    q = question(TEXT, "A session should expire after 30 minutes.")
    out = answers_to_edits(parse(TEXT), [q], [Answer(q.id, "a")], DAY)
    assert "A session must expire after 30 minutes.\n" in out.text
    assert "should" not in out.text
    assert out.text.endswith("- Q: Is expiry mandatory? → A: Mandatory (MUST)\n")
    rewrite, insert = out.edits
    assert rewrite.range == Range(Position(5, 1), Position(5, 42))
    assert insert.range.start == insert.range.end  # an insertion


def test_existing_section_gets_a_new_session() -> None:
    text = TEXT + (
        "\n## Clarifications\n\n### Session 2026-01-02\n\n- Q: Old? → A: Yes\n"
        "\n## Appendix\n\nMore.\n"
    )
    q = question(text, "A session should expire after 30 minutes.")
    out = answers_to_edits(parse(text), [q], [Answer(q.id, OTHER, "  after 15\nminutes ")], DAY)
    assert out.text == TEXT + (
        "\n## Clarifications\n\n### Session 2026-01-02\n\n- Q: Old? → A: Yes\n"
        "\n### Session 2026-11-25\n\n- Q: Is expiry mandatory? → A: after 15 minutes\n"
        "\n## Appendix\n\nMore.\n"
    )


def test_todays_session_is_reused() -> None:
    text = TEXT + "\n## Clarifications\n\n### Session 2026-11-25\n\n- Q: Old? → A: Yes\n"
    q = question(text, "A session should expire after 30 minutes.")
    out = answers_to_edits(parse(text), [q], [Answer(q.id, "B")], DAY)
    assert out.text == text + "- Q: Is expiry mandatory? → A: Optional (MAY)\n"


def test_several_answers_one_bullet_each() -> None:
    text = "# A\n\n## Sessions\n\nIt should stop. It should go.\n"
    q1 = question(text, "It should stop.", "sessions.1")
    q2 = question(text, "It should go.", "sessions.2")
    out = answers_to_edits(
        parse(text), [q1, q2], [Answer("sessions.1", "A"), Answer("sessions.2", "A")], DAY
    )
    assert "It must stop. It must go.\n" in out.text
    assert out.text.count("- Q: Is expiry mandatory? → A: Mandatory (MUST)") == 2


def test_stale_sentence_is_not_rewritten() -> None:
    q = question(TEXT, "A session should expire after 30 minutes.")
    changed = TEXT.replace("30 minutes", "45 minutes")
    out = answers_to_edits(parse(changed), [q], [Answer(q.id, "A")], DAY)
    assert "45 minutes" in out.text and "must" not in out.text.split("## Clarifications")[0]
    assert out.skipped == ("sessions.1: the sentence changed since the question; not rewritten",)
    assert "- Q: Is expiry mandatory? → A: Mandatory (MUST)" in out.text


def test_two_rewrites_of_one_sentence_keep_the_first() -> None:
    quote = "A session should expire after 30 minutes."
    q1, q2 = question(TEXT, quote, "sessions.1"), question(TEXT, quote, "sessions.2")
    out = answers_to_edits(
        parse(TEXT), [q1, q2], [Answer("sessions.1", "A"), Answer("sessions.2", "A")], DAY
    )
    assert out.text.count("must expire") == 1
    assert out.skipped == ("sessions.2: another answer rewrites the same sentence; not rewritten",)


def test_crlf_files_stay_crlf() -> None:
    text = "\ufeff" + TEXT.replace("\n", "\r\n").replace("30 minutes.", "30\r\nminutes.")
    spec = parse(text)  # its text has the CRLFs and the BOM blanked; offsets are the file's
    start = spec.text.index("A session")
    end = spec.text.index("minutes.") + len("minutes.")
    q = Question(
        "sessions.1",
        "sessions",
        spec.index.range(start, end),
        spec.text[start:end],
        "Is expiry mandatory?",
        (Option("A", "Must", "A session must expire after 30\nminutes."),),
        "A",
        "r",
        "scope",
    )
    out = answers_to_edits(spec, [q], [Answer(q.id, "A")], DAY, source=text)
    assert out.text.startswith("\ufeff# Auth\r\n\r\n## Sessions\r\n\r\n")
    assert "A session must expire after 30\r\nminutes.\r\n" in out.text
    assert "\n" not in out.text.replace("\r\n", "")
    assert out.text.endswith(
        "\r\n## Clarifications\r\n\r\n### Session 2026-11-25\r\n\r\n"
        "- Q: Is expiry mandatory? → A: Must\r\n"
    )


def test_record_keeps_crlf_on_disk(tmp_path: Path) -> None:
    text = TEXT.replace("\n", "\r\n")
    path = tmp_path / "spec.md"
    path.write_bytes(text.encode("utf-8"))
    q = question(parse(text).text, "A session should expire after 30 minutes.")
    record(path, digest(text), text, [q], [Answer(q.id, "A")], DAY)
    data = path.read_bytes().decode("utf-8")
    assert data.startswith("# Auth\r\n\r\n## Sessions\r\n\r\nA session must expire")
    assert "\n" not in data.replace("\r\n", "")


def test_bad_answers_are_clear_errors() -> None:
    q = question(TEXT, "A session should expire after 30 minutes.")
    with pytest.raises(ClarifyError, match=r"sessions\.1: no option 'D'; choose one of A, B"):
        answers_to_edits(parse(TEXT), [q], [Answer(q.id, "D")], DAY)
    with pytest.raises(ClarifyError, match=r"no question 'x\.9'; questions: sessions\.1"):
        answers_to_edits(parse(TEXT), [q], [Answer("x.9", "A")], DAY)
    with pytest.raises(ClarifyError, match="needs text"):
        answers_to_edits(parse(TEXT), [q], [Answer(q.id, OTHER, "  ")], DAY)


def test_apply_edits_uses_original_positions() -> None:
    text = "ab\ncd\n"
    edits = [
        Edit(Range(Position(1, 1), Position(1, 2)), "XY"),
        Edit(Range(Position(2, 2), Position(2, 2)), "-"),
    ]
    assert apply_edits(text, edits) == "XYb\nc-d\n"


def test_record_writes_atomically(tmp_path: Path) -> None:
    path = tmp_path / "spec.md"
    path.write_text(TEXT, encoding="utf-8")
    q = question(TEXT, "A session should expire after 30 minutes.")
    result = record(path, digest(TEXT), TEXT, [q], [Answer(q.id, "A")], DAY)
    assert path.read_text(encoding="utf-8") == result.text
    assert "must expire" in result.text
    assert [p.name for p in tmp_path.iterdir()] == ["spec.md"]  # no temp file left behind


def test_record_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "spec.md"
    path.write_text(TEXT, encoding="utf-8")
    q = question(TEXT, "A session should expire after 30 minutes.")
    someone_else = TEXT + "\nAn edit made meanwhile.\n"
    path.write_text(someone_else, encoding="utf-8")
    with pytest.raises(ChangedOnDiskError, match="changed on disk since it was read"):
        record(path, digest(TEXT), TEXT, [q], [Answer(q.id, "A")], DAY)
    assert path.read_text(encoding="utf-8") == someone_else
