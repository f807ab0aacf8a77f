"""Answers -> `Edit`s in the spec, spec-kit style, and writing them safely.

Each answer is one bullet `- Q: ... → A: ...` under `## Clarifications` / `### Session
YYYY-MM-DD` (both created when absent; today's session is reused). An option that carries a
rewrite of the sentence in question also replaces that sentence, provided the sentence is still
the text the question was asked about. Front ends apply the edits: the language server as a
WorkspaceEdit (so undo works), the CLI and the widget through `record`, which writes atomically and
refuses when the file changed since it was read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..atomic import write_if_unchanged
from ..model import Edit, Range, Section, Spec, TextIndex
from ..parse import parse
from .model import OTHER, Answer, ClarifyError, Question

_SESSION = re.compile(r"^(?:Session\s+)?(?P<date>\d{4}-\d{2}-\d{2})$", re.I)


@dataclass(frozen=True)
class Recorded:
    text: str  # the new text
    edits: tuple[Edit, ...]
    skipped: tuple[str, ...]  # rewrites left out, and why


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def answer_text(question: Question, answer: Answer) -> str:
    if answer.key.lower() == OTHER:
        text = _one_line(answer.text)
        if not text:
            raise ClarifyError(f"{question.id}: an 'other' answer needs text")
        return text
    option = question.option(answer.key)
    if option is None:
        keys = ", ".join(o.key for o in question.options)
        raise ClarifyError(
            f"{question.id}: no option {answer.key!r}; choose one of {keys}, or other:TEXT"
        )
    return _one_line(option.label)


def _clarifications(spec: Spec) -> Section | None:
    for s in spec.sections.values():
        if s.title.strip().lower() == "clarifications":
            return s
    return None


def _session(spec: Spec, parent: Section, today: str) -> Section | None:
    for child_id in parent.children:
        child = spec.sections[child_id]
        m = _SESSION.match(child.title.strip())
        if m and m.group("date") == today:
            return child
    return None


def _insertion(spec: Spec, source: str, bullets: list[str], today: str) -> Edit:
    """Where the bullets go, with whatever headings are missing."""
    nl = _newline(source)
    block = nl.join(bullets)
    section = _clarifications(spec)
    if section is not None:
        session = _session(spec, section, today)
        if session is not None:
            at = session.range.end
            heading_only = session.range.end.line == session.heading_range.end.line
            return Edit(Range(at, at), (nl * 2 if heading_only else nl) + block)
        at = section.range.end
        hashes = "#" * min(section.level + 1, 6)
        return Edit(Range(at, at), f"{nl}{nl}{hashes} Session {today}{nl}{nl}{block}")
    text = source
    end = spec.index.position(len(text))
    if not text.strip() or text.endswith((nl + nl, "\n\n")):
        lead = ""
    elif text.endswith("\n"):
        lead = nl
    else:
        lead = nl + nl
    new = f"{lead}## Clarifications{nl}{nl}### Session {today}{nl}{nl}{block}{nl}"
    return Edit(Range(end, end), new)


def _newline(source: str) -> str:
    return "\r\n" if "\r\n" in source else "\n"


def answers_to_edits(
    spec: Spec,
    questions: Sequence[Question],
    answers: Iterable[Answer],
    today: date | None = None,
    source: str | None = None,
) -> Recorded:
    """The edits that record `answers` in `spec` (not applied): bullets and sentence rewrites.

    `source` is the document's text as stored (default `spec.text`). Pass it for files with
    CRLF line ends or a BOM: the parser blanks those in `spec.text` (offsets stay the same), and
    `Recorded.text` must be the stored text with the edits, in the file's own line ends.
    """
    source = spec.text if source is None else source
    nl = _newline(source)
    by_id = {q.id: q for q in questions}
    day = (today or date.today()).isoformat()
    bullets: list[str] = []
    rewrites: list[Edit] = []
    skipped: list[str] = []
    taken: list[tuple[int, int]] = []
    for answer in answers:
        q = by_id.get(answer.question_id)
        if q is None:
            known = ", ".join(by_id) or "none"
            raise ClarifyError(f"no question {answer.question_id!r}; questions: {known}")
        bullets.append(f"- Q: {_one_line(q.question)} → A: {answer_text(q, answer)}")
        option = q.option(answer.key) if answer.key.lower() != OTHER else None
        if option is None or option.replacement is None:
            continue
        start, end = spec.index.offset(q.range.start), spec.index.offset(q.range.end)
        if spec.text[start:end] != q.quote:
            skipped.append(f"{q.id}: the sentence changed since the question; not rewritten")
            continue
        if any(start < b and a < end for a, b in taken):
            skipped.append(f"{q.id}: another answer rewrites the same sentence; not rewritten")
            continue
        taken.append((start, end))
        new_text = option.replacement
        if nl == "\r\n":  # " \n" is how spec.text spells a CRLF line end
            new_text = new_text.replace(" \n", "\n").replace("\n", "\r\n")
        rewrites.append(Edit(q.range, new_text))
    if not bullets:
        return Recorded(source, (), tuple(skipped))
    edits = (
        *sorted(rewrites, key=lambda e: e.range.start),
        _insertion(spec, source, bullets, day),
    )
    return Recorded(apply_edits(source, edits), edits, tuple(skipped))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with non-overlapping `edits` applied (positions refer to the original text)."""
    index = TextIndex(text)
    spans = sorted(
        ((index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits),
        key=lambda s: (s[0], s[1]),
        reverse=True,
    )
    out = text
    for start, end, new in spans:
        out = out[:start] + new + out[end:]
    return out


def diff(old: str, new: str, path: str) -> str:
    """A unified diff of what recording would change, for a person to confirm."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def record(
    path: Path,
    expected_digest: str,
    text: str,
    questions: Sequence[Question],
    answers: Iterable[Answer],
    today: date | None = None,
) -> Recorded:
    """Record `answers` into the file at `path`, read earlier as `text` (`expected_digest`).

    Raises `speclint.atomic.ChangedOnDiskError` when the file changed since, writing nothing.
    """
    spec = parse(text, path.name)
    result = answers_to_edits(spec, questions, answers, today, source=text)
    if result.edits:
        write_if_unchanged(path, expected_digest, result.text)
    return result
