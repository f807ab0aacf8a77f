"""`spec-lint clarify SPEC`: ask clarifying questions and record the answers in the spec."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax

from ..atomic import ChangedOnDiskError, digest
from ..config import Config, ConfigError, load_config
from ..engine import InputError, discover, lint_spec, read_spec_text, relative_path
from ..model import Spec
from ..parse import parse

if TYPE_CHECKING:
    from ..clarify import Answer, ClarifyResult, Question

# speclint.clarify is imported inside the functions: pydantic models and the SDK cost time that
# `spec-lint check` (which registers this command) should not pay.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
OTHER = "other"  # speclint.clarify.OTHER, without importing it


def _fail(message: str) -> NoReturn:
    Console(stderr=True, highlight=False).print(
        f"[bold red]error:[/] {escape(message)}", soft_wrap=True
    )
    sys.exit(EXIT_USAGE)


def _note(message: str) -> None:
    Console(stderr=True, highlight=False).print(f"[cyan]note:[/] {escape(message)}", soft_wrap=True)


def _read(path: Path, config: Config) -> tuple[str, Spec]:
    text, problem, _ = read_spec_text(path, config)
    if text is None:
        _fail(f"{path}: {problem}")
    return text, parse(text, relative_path(path, config.root))


def parse_answer(question_id: str, value: str) -> Answer | None:
    """`B` (an option), `other:TEXT` or any longer text (free answer), `skip` (None)."""
    from ..clarify import Answer, ClarifyError

    value = value.strip()
    low = value.lower()
    if low in ("", "skip", "s"):
        return None
    if len(value) == 1:
        if value.upper() not in "ABCD":
            raise ClarifyError(f"{question_id}: a one-letter answer must be an option key (A-D)")
        return Answer(question_id, value.upper())
    if low.startswith("other:"):
        return Answer(question_id, OTHER, value[len("other:") :].strip())
    if low == OTHER:
        raise ClarifyError(f"{question_id}: 'other' needs text: other:TEXT")
    return Answer(question_id, OTHER, value)


def _given_answers(pairs: Sequence[str], answers_file: Path | None) -> list[Answer]:
    from ..clarify import ClarifyError

    raw: list[tuple[str, str]] = []
    if answers_file is not None:
        try:
            data = json.loads(answers_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            _fail(
                f"{answers_file}: cannot read answers ({exc}); expected a JSON object "
                '{"QID": "B", "QID2": "other:free text"}'
            )
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            _fail(f'{answers_file}: expected a JSON object {{"QID": "B", ...}} of strings')
        raw += list(data.items())
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        if not sep or not qid.strip():
            _fail(f"--answer {pair!r}: use QID=OPTION, e.g. --answer sessions.1=B")
        raw.append((qid.strip(), value))
    out = []
    for qid, value in raw:
        try:
            answer = parse_answer(qid, value)
        except ClarifyError as exc:
            _fail(str(exc))
        if answer is not None:
            out.append(answer)
    return out


def question_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "section": q.section,
        "line": q.range.start.line,
        "column": q.range.start.column,
        "end_line": q.range.end.line,
        "end_column": q.range.end.column,
        "quote": q.quote,
        "question": q.question,
        "category": q.category,
        "options": [{"key": o.key, "label": o.label, "rewrite": o.replacement} for o in q.options],
        "recommended": q.recommended,
        "reason": q.reason,
        "offline": q.offline,
        "rule": q.rule,
    }


def _print_json(path: str, result: ClarifyResult) -> None:
    doc = {
        "version": 1,
        "path": path,
        "offline": result.offline,
        "questions": [question_dict(q) for q in result.questions],
        "usage": result.usage.as_dict(),
        "notes": result.notes,
        "errors": result.errors,
    }
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def _show(console: Console, q: Question, n: int, total: int) -> None:
    lines = [f"[dim]“{escape(q.quote.strip()[:300])}”[/]", "", f"[bold]{escape(q.question)}[/]", ""]
    for o in q.options:
        mark = "  [green](recommended)[/]" if o.key == q.recommended else ""
        lines.append(f"  [bold]{o.key}[/]) {escape(o.label)}{mark}")
        if o.replacement:
            lines.append(f"     [dim]rewrites it: {escape(o.replacement.strip()[:200])}[/]")
    other_mark = "  [green](recommended)[/]" if q.recommended == OTHER else ""
    lines.append(f"  [bold]O[/]) other: type your own answer{other_mark}")
    lines.append("  [bold]S[/]) skip      [bold]Q[/]) stop asking")
    lines += ["", f"[italic]{escape(q.reason)}[/]"]
    source = "offline" if q.offline else "model"
    title = f"[{n}/{total}] {q.category} · {q.section} · line {q.range.start.line} · {source}"
    console.print(Panel("\n".join(lines), title=escape(title), title_align="left"))


def _interview(console: Console, questions: list[Question]) -> list[Answer]:
    from ..clarify import Answer, ClarifyError

    answers: list[Answer] = []
    for n, q in enumerate(questions, 1):
        _show(console, q, n, len(questions))
        default = q.recommended if q.recommended != OTHER else "S"
        while True:
            raw = console.input(escape(f"choice [{default}]: ")).strip() or default
            low = raw.lower()
            if low == "q":
                return answers
            if low == "o":
                text = console.input("your answer: ").strip()
                if text:
                    answers.append(Answer(q.id, OTHER, text))
                    break
                continue
            try:
                answer = parse_answer(q.id, raw)
            except ClarifyError as exc:
                console.print(f"[red]{escape(str(exc))}[/]")
                continue
            if answer is not None and answer.key != OTHER and q.option(answer.key) is None:
                console.print(f"[red]no option {escape(raw)}[/]")
                continue
            if answer is not None:
                answers.append(answer)
            break
        console.print()
    return answers


def _write(
    console: Console, path: Path, text: str, questions: list[Question], answers: list[Answer]
) -> None:
    from ..clarify import ClarifyError, record

    try:
        result = record(path, digest(text), text, questions, answers)
    except ChangedOnDiskError as exc:
        _fail(str(exc))
    except ClarifyError as exc:
        _fail(str(exc))
    for skipped in result.skipped:
        _note(skipped)
    console.print(f"recorded {len(answers)} answer(s) in {path}", highlight=False)


def _run_analyze(
    paths: tuple[Path, ...], config: Config, as_json: bool, use_cache: bool, model: str | None
) -> NoReturn:
    from ..clarify import ClarifyError, analyze
    from ..report import json_report, text

    try:
        files = discover(list(paths), config)
    except InputError as exc:
        _fail(str(exc))
    specs = [_read(f, config)[1] for f in files]
    if not specs:
        _fail("no spec files to analyze")
    try:
        result = analyze(specs, config, use_cache=use_cache, model=model)
    except ClarifyError as exc:
        _fail(str(exc))
    for n in result.notes:
        _note(n)
    if as_json:
        click.echo(json_report.render(result.findings, []), nl=False)
    else:
        console = Console(highlight=False)
        text.render(console, result.findings, [])
        for f in result.findings:
            for rpath, rrange, rmsg in f.related:
                console.print(
                    f"    {rpath}:{rrange.start.line}:{rrange.start.column}: {rmsg}",
                    highlight=False,
                    soft_wrap=True,
                )
        u = result.usage
        _note(f"{u.requests} request(s), {u.input_tokens} input / {u.output_tokens} output tokens")
    sys.exit(EXIT_FINDINGS if result.findings else EXIT_OK)


@click.command("clarify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--section", default=None, help="Ask about this section id only.")
@click.option("--offline", is_flag=True, help="Questions from the findings; no API call.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON; ask nothing.")
@click.option(
    "--answer",
    "answer_pairs",
    multiple=True,
    metavar="QID=OPTION",
    help="Record an answer without asking: B, other:TEXT or TEXT (repeatable).",
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path),
    default=None,
    help='Record answers from a JSON file: {"QID": "B", ...}.',
)
@click.option("--no-cache", is_flag=True, help="Ask the model even for unchanged sections.")
@click.option("--model", default=None, help="Model id (default: [clarify] model in the config).")
@click.option(
    "--max-questions",
    type=click.IntRange(1, 10),
    default=None,
    help="At most this many questions per section (default: [clarify] max_questions).",
)
@click.option(
    "--analyze",
    is_flag=True,
    help="Report contradictions across sections and specs (needs the API key).",
)
@click.option("--yes", "-y", is_flag=True, help="On a terminal, write without confirming.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Config file (default: nearest speclint.toml or [tool.speclint]).",
)
def clarify(
    paths: tuple[Path, ...],
    section: str | None,
    offline: bool,
    as_json: bool,
    answer_pairs: tuple[str, ...],
    answers_file: Path | None,
    no_cache: bool,
    model: str | None,
    max_questions: int | None,
    analyze: bool,
    yes: bool,
    config_file: Path | None,
) -> None:
    """Ask the clarifying questions a spec leaves open, and record the answers in it.

    With ANTHROPIC_API_KEY set the questions come from the model; without it (or with
    --offline) from the linter's findings. Answers go under `## Clarifications` as
    `- Q: ... → A: ...`, and a chosen rewrite replaces the sentence asked about.

    \b
    Examples:
      spec-lint clarify specs/auth.md                     ask on the terminal, confirm, write
      spec-lint clarify specs/auth.md --section sessions --json
      spec-lint clarify specs/auth.md --answer sessions.1=B --answer 'sessions.2=other:30 days'
      spec-lint clarify specs/ --analyze                  contradictions across specs

    Exit codes: 0 done, 1 contradictions found (--analyze), 2 usage, input or API error.
    """
    from ..clarify import API_KEY_ENV, ClarifyError, answers_to_edits, ask, diff

    try:
        config = load_config(paths[0], config_file)
    except ConfigError as exc:
        _fail(str(exc))
    if analyze:
        _run_analyze(paths, config, as_json, not no_cache, model)
    if len(paths) != 1 or not paths[0].is_file():
        _fail("give one spec file (folders and several files only with --analyze)")
    path = paths[0]
    given = _given_answers(answer_pairs, answers_file)
    text, spec = _read(path, config)
    from ..workspace.check import load_for_check

    # The same findings as `spec-lint check`: scenarios and twins settle some decisions.
    findings = lint_spec(spec, config, load_for_check(config))
    stderr = Console(stderr=True, highlight=False)
    try:
        # A spinner on a terminal only: JSON output and logs stay clean.
        spinner = (
            stderr.status("asking…")
            if stderr.is_terminal and not as_json
            else contextlib.nullcontext()
        )
        with spinner:
            result = ask(
                spec,
                config,
                section_id=section,
                findings=findings,
                offline=offline,
                use_cache=not no_cache,
                model=model,
                max_questions=max_questions,
            )
    except ClarifyError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(spec.path, result)
        sys.exit(EXIT_USAGE if result.errors else EXIT_OK)
    for n in result.notes:
        _note(n)
    for e in result.errors:
        stderr.print(f"[bold red]error:[/] {escape(e)}", soft_wrap=True)
    if result.offline and not offline:
        _note(f"set {API_KEY_ENV} for questions from the model")
    if not result.offline:
        u = result.usage
        _note(
            f"{u.requests} request(s): {u.input_tokens} input, {u.output_tokens} output, "
            f"{u.cache_read_input_tokens} cache-read, {u.cache_creation_input_tokens} "
            "cache-write tokens"
        )
    console = Console(highlight=False)
    status = EXIT_USAGE if result.errors else EXIT_OK
    if given:
        _write(console, path, text, result.questions, given)
        sys.exit(status)
    if not result.questions:
        console.print("no questions: nothing here leaves a decision open")
        sys.exit(status)
    if not (sys.stdin.isatty() and console.is_terminal):
        for q in result.questions:
            keys = " ".join(f"{o.key}) {o.label}" for o in q.options)
            console.print(
                f"{q.id} (line {q.range.start.line}, {q.category}): {q.question}\n"
                f"    {keys}  [recommended: {q.recommended}]",
                soft_wrap=True,
                markup=False,
            )
        _note("answer on a terminal, or with --answer QID=OPTION / --answers FILE")
        sys.exit(status)
    answers = _interview(console, result.questions)
    if not answers:
        console.print("nothing answered; nothing written")
        sys.exit(status)
    try:
        preview = answers_to_edits(spec, result.questions, answers, source=text)
    except ClarifyError as exc:
        _fail(str(exc))
    console.print(
        Syntax(diff(text, preview.text, spec.path), "diff", theme="ansi_dark", word_wrap=True)
    )
    if not yes:
        reply = console.input(escape(f"write these changes to {path}? [y/N]: "))
        if reply.strip().lower() not in ("y", "yes"):
            console.print("nothing written")
            sys.exit(status)
    _write(console, path, text, result.questions, answers)
    sys.exit(status)
