"""The panel's "Clarify" tab: questions for one section, answered with radio buttons.

Questions come from `speclint.clarify` (the model with ANTHROPIC_API_KEY set, else offline from
the findings); "Record answers" writes them with the recorder the CLI uses, which refuses when
the spec changed on disk since the questions were asked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import ipywidgets as widgets
from speclint.atomic import ChangedOnDiskError, digest
from speclint.clarify import (
    OTHER,
    Answer,
    ClarifyError,
    ClarifyResult,
    Question,
    ask,
    ask_async,
    record,
)
from speclint.clarify.prompt import askable_sections
from speclint.config import Config
from speclint.engine import lint_spec
from speclint.model import Finding, Spec
from speclint.parse import parse

from .render import message_html
from .review import Review

log = logging.getLogger(__name__)

Choice = tuple[str, tuple[str, str]]  # (label, (spec path, section id))
SNUG_BUTTON = widgets.Layout(width="auto")


@dataclass(frozen=True)
class Asked:
    """What the questions were asked about: the spec exactly as read, to record against."""

    path: Path
    rel: str
    text: str
    digest: str
    result: ClarifyResult


class QuestionView(widgets.VBox):  # type: ignore[misc]
    """One question: what it is about, its options as radio buttons, free text for "other"."""

    def __init__(self, number: int, question: Question) -> None:
        self.question = question
        keys = [o.key for o in question.options]
        choices = [(f"{o.key}. {o.label}", o.key) for o in question.options]
        choices.append(("Other: write your own answer", OTHER))
        recommended = question.recommended if question.recommended in keys else OTHER
        self.choice = widgets.RadioButtons(
            options=choices, value=recommended, layout=widgets.Layout(width="auto")
        )
        self.other = widgets.Text(placeholder="Your answer", layout=widgets.Layout(width="60%"))
        self.choice.observe(self._show_other, names="value")
        self._show_other()
        why = f"recommended: {question.recommended}" if question.recommended in keys else ""
        header = widgets.HTML(
            f"<b>{number}. {escape(question.question)}</b>"
            f'<div style="margin:2px 0 2px 12px;color:#555">“{escape(question.quote)}”</div>'
            f"<i>{escape(why)}{' · ' if why else ''}{escape(question.reason)}</i>"
        )
        super().__init__([header, self.choice, self.other])

    def _show_other(self, _change: object = None) -> None:
        self.other.layout.display = None if self.choice.value == OTHER else "none"

    def answer(self) -> Answer:
        if self.choice.value == OTHER:
            return Answer(self.question.id, OTHER, self.other.value)
        return Answer(self.question.id, str(self.choice.value))


class ClarifyView(widgets.VBox):  # type: ignore[misc]
    """Choose a section, ask, answer, record."""

    def __init__(
        self, get_review: Callable[[], Review | None], on_recorded: Callable[[], None]
    ) -> None:
        self._get_review = get_review
        self._on_recorded = on_recorded
        self.asked: Asked | None = None
        self._task: asyncio.Task[None] | None = None
        self._review: Review | None = None
        self._counts: dict[tuple[str, str | None], int] = {}
        self.spec = widgets.Dropdown(
            description="Spec", options=[], layout=widgets.Layout(width="50%")
        )
        self.spec.observe(self._fill_sections, names="value")
        self.section = widgets.Dropdown(
            description="Section", options=[], layout=widgets.Layout(width="50%")
        )
        self.ask_button = widgets.Button(
            description="Ask clarifying questions", icon="question", layout=SNUG_BUTTON
        )
        self.ask_button.on_click(lambda _b: self.ask())
        self.record_button = widgets.Button(
            description="Record answers", icon="check", button_style="primary", disabled=True
        )
        self.record_button.on_click(lambda _b: self.record())
        self.working = widgets.IntProgress(
            value=0, min=0, max=1, description="Asking", layout=widgets.Layout(display="none")
        )
        self.message = widgets.HTML("")
        self.questions: list[QuestionView] = []
        self.question_box = widgets.VBox([])
        super().__init__(
            [
                widgets.HBox([self.spec, self.section, self.ask_button]),
                self.working,
                self.message,
                self.question_box,
                self.record_button,
            ]
        )

    # -- sections --------------------------------------------------------------------------

    def update_sections(self, review: Review) -> None:
        """Specs (most findings first) and the askable sections of the chosen one. Two lists
        rather than one: a big project has thousands of sections."""
        if review.run is None:
            return
        self._review = review
        self._counts = {}
        for f in review.run.findings:
            self._counts[(f.path, f.section)] = self._counts.get((f.path, f.section), 0) + 1
        per_spec: dict[str, int] = {}
        for (path, _section), n in self._counts.items():
            per_spec[path] = per_spec.get(path, 0) + n
        parsed = [r.path for r in review.run.files if r.spec is not None and r.path in review.specs]
        ordered = sorted(parsed, key=lambda p: -per_spec.get(p, 0))  # stable: ties keep order
        current = self.spec.value
        self.spec.options = [(f"{p} ({per_spec.get(p, 0)} findings)", p) for p in ordered]
        if current in parsed:
            self.spec.value = current
        elif ordered:
            self.spec.value = ordered[0]
        self._fill_sections()

    def _fill_sections(self, _change: object = None) -> None:
        review = self._review
        rel = self.spec.value
        if review is None or review.run is None or rel is None:
            self.section.options = []
            return
        spec = next((r.spec for r in review.run.files if r.path == rel), None)
        if spec is None:
            self.section.options = []
            return
        choices: list[Choice] = []
        for s in askable_sections(spec):
            n = self._counts.get((rel, s.id), 0)
            choices.append((s.title + (f" ({n} findings)" if n else ""), (rel, s.id)))
        current = self.section.value
        self.section.options = choices
        values = [v for _, v in choices]
        if current in values:
            self.section.value = current
        elif choices:
            # the section with the most findings first: that is where questions pay off
            self.section.value = max(values, key=lambda v: self._counts.get(v, 0))

    # -- asking ----------------------------------------------------------------------------

    def ask(self) -> None:
        review = self._get_review()
        if review is None or review.config is None or self.section.value is None:
            self._say("Nothing to ask about: lint a folder with specs first.", "error")
            return
        rel, section_id = self.section.value
        config = review.config
        path = config.root / rel
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._say(f"{rel}: cannot read it now ({exc}); refresh the panel.", "error")
            return
        spec = parse(text, rel)
        if section_id not in spec.sections:
            self._say(f"{rel}: the section {section_id!r} is gone; refresh the panel.", "error")
            return
        findings = lint_spec(spec, config)
        self._clear_questions()
        self._busy(True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._finish(path, rel, text, self._ask_sync(spec, config, section_id, findings))
            return
        self._task = loop.create_task(
            self._ask_in_loop(path, rel, text, spec, config, section_id, findings)
        )

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    def _ask_sync(
        self, spec: Spec, config: Config, section_id: str, findings: list[Finding]
    ) -> ClarifyResult | Exception:
        try:
            return ask(
                spec, config, section_id=section_id, findings=findings, progress=self._progress
            )
        except ClarifyError as exc:
            return exc
        except Exception as exc:  # a message in the panel, never a traceback in the notebook
            log.debug("speclint panel: clarify failed", exc_info=True)
            return ClarifyError(f"internal error while asking: {exc!r}")

    async def _ask_in_loop(
        self,
        path: Path,
        rel: str,
        text: str,
        spec: Spec,
        config: Config,
        section_id: str,
        findings: list[Finding],
    ) -> None:
        # ask_async awaits the SDK's HTTP calls: the kernel's loop keeps running meanwhile
        result: ClarifyResult | Exception
        try:
            result = await ask_async(
                spec, config, section_id=section_id, findings=findings, progress=self._progress
            )
        except ClarifyError as exc:
            result = exc
        except Exception as exc:  # a message in the panel, never a traceback in the notebook
            log.debug("speclint panel: clarify failed", exc_info=True)
            result = ClarifyError(f"internal error while asking: {exc!r}")
        self._finish(path, rel, text, result)

    def _finish(self, path: Path, rel: str, text: str, result: ClarifyResult | Exception) -> None:
        self._busy(False)
        if isinstance(result, Exception):
            self._say(str(result), "error")
            return
        self.asked = Asked(path, rel, text, digest(text), result)
        notes = [message_html(n, "info") for n in result.notes]
        notes += [message_html(e, "error") for e in result.errors]
        self.questions = [QuestionView(i, q) for i, q in enumerate(result.questions, 1)]
        self.question_box.children = self.questions
        self.record_button.disabled = not self.questions
        if not self.questions:
            notes.append(message_html("No questions for this section.", "info"))
        self.message.value = "".join(notes)

    # -- recording -------------------------------------------------------------------------

    def record(self) -> None:
        asked = self.asked
        if asked is None or not self.questions:
            self._say("Ask questions first.", "error")
            return
        answers = [view.answer() for view in self.questions]
        try:
            recorded = record(
                asked.path,
                asked.digest,
                asked.text,
                asked.result.questions,
                answers,
            )
        except ChangedOnDiskError as exc:
            # the answers stay on screen: nothing the user chose is lost
            self._say(f"{exc} Ask again to get questions about the new text.", "error")
            return
        except ClarifyError as exc:
            self._say(str(exc), "error")
            return
        except OSError as exc:
            self._say(f"{asked.rel}: could not write ({exc.strerror}); nothing written.", "error")
            return
        said = [
            message_html(
                f"Recorded {len(answers)} answer{'s' if len(answers) != 1 else ''} "
                f"in {asked.rel} under ## Clarifications.",
                "info",
            )
        ]
        said += [message_html(s, "warning") for s in recorded.skipped]
        self._clear_questions()
        self.message.value = "".join(said)
        self._on_recorded()

    # -- helpers ---------------------------------------------------------------------------

    def _clear_questions(self) -> None:
        self.asked = None
        self.questions = []
        self.question_box.children = []
        self.record_button.disabled = True
        self.message.value = ""

    def _busy(self, busy: bool) -> None:
        self.ask_button.disabled = busy
        self.working.value = 0
        self.working.layout.display = None if busy else "none"
        if busy:
            self.message.value = message_html("Asking…", "info")

    def _progress(self, done: int, total: int) -> None:
        self.working.max = max(total, 1)
        self.working.value = done

    def _say(self, text: str, kind: str) -> None:
        self.message.value = message_html(text, kind)
