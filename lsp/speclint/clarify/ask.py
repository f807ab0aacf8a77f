"""`ask`: questions for a spec or one of its sections, from the model or offline.

The one entry point of the CLI, the language server and the notebook widget. No printing: the
result carries the questions, the usage, whether they are offline, and notes for the user.
`ask_async` is the coroutine (cancel its task to stop); `ask` runs it from synchronous code,
including code already inside an event loop (Jupyter), and stops when `cancel` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from ..config import ClarifyConfig, Config
from ..engine import lint_spec
from ..model import Finding, Section, Spec
from . import offline as offline_questions
from . import prompt
from .cache import AnswerCache, cache_key
from .client import BudgetExceeded, CallSettings, ModelClient
from .model import (
    OPTION_KEYS,
    ClarifyCancelled,
    ClarifyError,
    ClarifyResult,
    Option,
    Question,
    ToolQuestions,
    Usage,
)

API_KEY_ENV = "ANTHROPIC_API_KEY"
Progress = Callable[[int, int], None]
R = TypeVar("R")


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0


def call_settings(model: str, settings: ClarifyConfig, retry: RetryPolicy | None) -> CallSettings:
    """The config's limits and the retry policy, as one request's settings."""
    policy = retry or RetryPolicy()
    return CallSettings(
        model=model,
        max_tokens=settings.max_tokens,
        timeout=settings.timeout,
        token_budget=settings.token_budget,
        max_retries=policy.max_retries,
        backoff=policy.backoff,
        max_retry_after=policy.max_retry_after,
    )


def api_key_from_env() -> str | None:
    key = os.environ.get(API_KEY_ENV, "").strip()
    return key or None


def run_sync(factory: Callable[[], Coroutine[Any, Any, R]]) -> R:
    """Run a coroutine to completion from synchronous code, inside a running loop or not."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(max_workers=1) as pool:  # a loop runs here (Jupyter): use a thread
        return pool.submit(lambda: asyncio.run(factory())).result()


async def cancellable(work: Coroutine[Any, Any, R], cancel: threading.Event | None) -> R:
    """Run `work`; when `cancel` is set (from any thread), stop it, in-flight requests too."""
    if cancel is None:
        return await work
    task = asyncio.ensure_future(work)
    while not task.done():
        if cancel.is_set():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise ClarifyCancelled("cancelled")
        await asyncio.wait({task}, timeout=0.05)
    return task.result()


def _relative_findings(spec: Spec, section: Section, findings: list[Finding]) -> list[list[Any]]:
    """Findings as part of a cache key: positions relative to the section, so moving the section
    within the file does not make it new."""
    base = section.range.start.line
    return sorted(
        [f.rule, f.message, f.range.start.line - base, f.range.start.column] for f in findings
    )


def _locate(spec: Spec, section: Section, quote: str) -> tuple[int, int] | None:
    start, end = prompt.own_span(spec, section)
    i = spec.text.find(quote, start, end)
    if i != -1:
        return i, i + len(quote)
    words = quote.split()
    if not words:
        return None
    # The model may re-wrap a sentence or drop Markdown emphasis: match words, any spacing.
    pattern = r"[\s*_`]*".join(re.escape(w.strip("*_`")) for w in words if w.strip("*_`"))
    m = re.compile(pattern).search(spec.text, start, end) if pattern else None
    return (m.start(), m.end()) if m else None


def to_questions(spec: Spec, section: Section, data: ToolQuestions, limit: int) -> list[Question]:
    out: list[Question] = []
    for tq in data.questions[:limit]:
        span = _locate(spec, section, tq.quote)
        if span is None:
            # The quote is not in the section: ask about the section, and rewrite nothing.
            rng = section.heading_range
            quote = spec.text[spec.index.offset(rng.start) : spec.index.offset(rng.end)]
        else:
            rng = spec.index.range(*span)
            quote = spec.text[span[0] : span[1]]
        options = tuple(
            Option(
                OPTION_KEYS[i],
                o.label,
                o.rewrite if span is not None and o.rewrite and o.rewrite != quote else None,
            )
            for i, o in enumerate(tq.options)
        )
        out.append(
            Question(
                id=f"{section.id}.{len(out) + 1}",
                section=section.id,
                range=rng,
                quote=quote,
                question=tq.question,
                options=options,
                recommended=OPTION_KEYS[tq.recommended],
                reason=tq.reason,
                category=tq.category,
            )
        )
    return out


def _sections(spec: Spec, section_id: str | None) -> list[Section]:
    if section_id is None:
        return prompt.askable_sections(spec)
    section = spec.sections.get(section_id)
    if section is None:
        known = ", ".join(spec.sections) or "none"
        raise ClarifyError(f"{spec.path}: no section {section_id!r}; sections: {known}")
    return [section]


def _offline_result(
    spec: Spec,
    sections: list[Section],
    by_section: dict[str, list[Finding]],
    limit: int,
    why: str,
) -> ClarifyResult:
    questions: list[Question] = []
    for s in sections:
        questions += offline_questions.questions_for(spec, s.id, by_section.get(s.id, []), limit)
    notes = [f"offline questions, generated from the findings ({why})"]
    if not questions:
        notes.append("no finding here maps to a question")
    return ClarifyResult(questions, Usage(), offline=True, notes=notes)


async def ask_async(
    spec: Spec,
    config: Config,
    *,
    section_id: str | None = None,
    findings: list[Finding] | None = None,
    workspace: Any = None,
    offline: bool = False,
    api_key: str | None = None,
    use_cache: bool = True,
    model: str | None = None,
    max_questions: int | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
) -> ClarifyResult:
    """Clarifying questions for `section_id`, or for every section with prose of its own.

    `findings`: the engine's findings for `spec` (linted here, with `workspace`, when None).
    """
    sections = _sections(spec, section_id)
    if findings is None:
        findings = lint_spec(spec, config, workspace)
    by_section: dict[str, list[Finding]] = {}
    for f in findings:
        if f.section is not None:
            by_section.setdefault(f.section, []).append(f)
    settings = config.clarify
    limit = max_questions or settings.max_questions
    key = api_key or api_key_from_env()
    if offline or key is None:
        why = "--offline" if offline else f"{API_KEY_ENV} is not set"
        return _offline_result(spec, sections, by_section, limit, why)

    chosen_model = model or settings.model
    cache = AnswerCache(config.root, enabled=use_cache)
    usage = Usage()
    result = ClarifyResult([], usage)
    found: dict[str, list[Question]] = {}
    pending: list[tuple[Section, str]] = []
    for s in sections:
        k = cache_key(
            prompt=prompt.PROMPT_VERSION,
            model=chosen_model,
            max_questions=limit,
            section=prompt.own_text(spec, s),
            findings=_relative_findings(spec, s, by_section.get(s.id, [])),
        )
        cached = cache.get(k)
        if cached is not None:
            try:
                data = ToolQuestions.model_validate(cached)
            except ValueError:
                data = None
            if data is not None:
                found[s.id] = to_questions(spec, s, data, limit)
                usage.cached_sections += 1
                continue
        pending.append((s, k))
    total, done = len(sections), usage.cached_sections
    if progress is not None:
        progress(done, total)

    multi = len(pending) > 1
    system = prompt.system_blocks(spec if multi else None)
    prefix_tokens = len(spec.text) // 4 if multi else 0
    tool = prompt.questions_tool()
    call = call_settings(chosen_model, settings, retry)

    async def one(client: ModelClient, section: Section, k: str, first: bool) -> None:
        nonlocal done
        user = prompt.section_message(
            spec, section, by_section.get(section.id, []), limit, with_context=not multi
        )
        estimate = len(user) // 4 + settings.max_tokens + (prefix_tokens if first else 0)
        try:
            data = await client.call_tool(
                system=system,
                user=user,
                tool=tool,
                schema=ToolQuestions,
                what=f"section '{section.id}'",
                estimate=estimate,
            )
        except ClarifyCancelled:
            raise
        except BudgetExceeded as exc:
            result.notes.append(str(exc))
            return
        except ClarifyError as exc:
            result.errors.append(str(exc))
            return
        cache.put(k, data.model_dump())
        found[section.id] = to_questions(spec, section, data, limit)
        done += 1
        if progress is not None:
            progress(done, total)

    async def run_all() -> None:
        async with ModelClient(key, call, usage, cancel) as client:
            # The first request writes the prompt cache; the rest then read the spec from it.
            await one(client, *pending[0], first=True)
            bound = asyncio.Semaphore(settings.concurrency)

            async def limited(section: Section, k: str) -> None:
                async with bound:
                    await one(client, section, k, first=False)

            await asyncio.gather(*(limited(s, k) for s, k in pending[1:]))

    if pending:
        await cancellable(run_all(), cancel)

    if result.errors and not found:
        more = len(result.errors) - 1
        tail = f" (and {more} more sections failed)" if more else ""
        raise ClarifyError(result.errors[0] + tail)
    for s in sections:
        result.questions += found.get(s.id, [])
    if usage.cached_sections:
        result.notes.append(
            f"{usage.cached_sections} of {total} sections answered from the cache (no request)"
        )
    return result


def ask(
    spec: Spec,
    config: Config,
    *,
    section_id: str | None = None,
    findings: list[Finding] | None = None,
    workspace: Any = None,
    offline: bool = False,
    api_key: str | None = None,
    use_cache: bool = True,
    model: str | None = None,
    max_questions: int | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
) -> ClarifyResult:
    """`ask_async` for synchronous callers (thread-safe; `cancel` stops it from any thread)."""
    return run_sync(
        lambda: ask_async(
            spec,
            config,
            section_id=section_id,
            findings=findings,
            workspace=workspace,
            offline=offline,
            api_key=api_key,
            use_cache=use_cache,
            model=model,
            max_questions=max_questions,
            cancel=cancel,
            progress=progress,
            retry=retry,
        )
    )
