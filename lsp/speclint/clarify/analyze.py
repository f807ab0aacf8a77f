"""`--analyze`: contradictions across sections and specs, found by the model.

Every spec goes to the model in one request; it answers with pairs of verbatim quotes. A pair is
reported only when both quotes are found in the specs (precision over recall), as one
`consistency/contradiction` finding at the first statement with the second as related location.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from ..config import Config
from ..model import Finding, Range, Severity, Spec
from ..rules.consistency import CONTRADICTION
from . import prompt
from .ask import API_KEY_ENV, RetryPolicy, api_key_from_env, call_settings, cancellable, run_sync
from .cache import AnswerCache, cache_key
from .client import ModelClient
from .model import AnalyzeResult, ClarifyError, ToolContradictions, ToolQuote, Usage


def _find(spec: Spec, quote: str) -> tuple[int, int] | None:
    i = spec.text.find(quote)
    if i != -1:
        return i, i + len(quote)
    words = [w.strip("*_`") for w in quote.split() if w.strip("*_`")]
    if not words:
        return None
    m = re.search(r"[\s*_`]*".join(re.escape(w) for w in words), spec.text)
    return (m.start(), m.end()) if m else None


def _resolve(specs: Sequence[Spec], q: ToolQuote) -> tuple[Spec, Range] | None:
    candidates = [s for s in specs if s.path == q.path] or list(specs)
    for spec in candidates:
        span = _find(spec, q.quote)
        if span is not None:
            return spec, spec.index.range(*span)
    return None


def to_findings(
    specs: Sequence[Spec], data: ToolContradictions, severity: Severity
) -> tuple[list[Finding], int]:
    """Findings for the pairs whose quotes are both found; and how many were dropped."""
    out: list[Finding] = []
    dropped = 0
    for c in data.contradictions:
        first, second = _resolve(specs, c.first), _resolve(specs, c.second)
        if first is None or second is None or first == second:
            dropped += 1
            continue
        (spec1, range1), (spec2, range2) = first, second
        section = spec1.section_at_line(range1.start.line)
        explanation = c.explanation.rstrip(".")
        out.append(
            Finding(
                rule=CONTRADICTION,
                severity=severity,
                message=(
                    f"contradicts {spec2.path}:{range2.start.line}: {explanation}; "
                    "decide which holds and correct the other"
                ),
                path=spec1.path,
                range=range1,
                section=section.id if section else None,
                related=((spec2.path, range2, "the conflicting statement"),),
            )
        )
    out.sort(key=Finding.sort_key)
    return out, dropped


async def analyze_async(
    specs: Sequence[Spec],
    config: Config,
    *,
    api_key: str | None = None,
    use_cache: bool = True,
    model: str | None = None,
    cancel: threading.Event | None = None,
    retry: RetryPolicy | None = None,
) -> AnalyzeResult:
    severity = config.severity_for(CONTRADICTION, Severity.WARNING)
    if severity is None:
        return AnalyzeResult([], notes=[f"{CONTRADICTION} is off in the config"])
    key = api_key or api_key_from_env()
    if key is None:
        raise ClarifyError(
            f"--analyze needs the model and {API_KEY_ENV} is not set: contradictions cannot be "
            "found offline"
        )
    settings = config.clarify
    chosen = model or settings.model
    usage = Usage()
    cache = AnswerCache(config.root, enabled=use_cache, kind="analyze")
    k = cache_key(
        prompt=prompt.PROMPT_VERSION,
        model=chosen,
        specs=sorted([s.path, s.text] for s in specs),
    )
    data: ToolContradictions | None = None
    cached = cache.get(k)
    if cached is not None:
        try:
            data = ToolContradictions.model_validate(cached)
            usage.cached_sections += 1
        except ValueError:
            data = None
    if data is None:
        settings_for_call = call_settings(chosen, settings, retry)
        user = prompt.analyze_message(list(specs))
        system: list[dict[str, Any]] = [{"type": "text", "text": prompt.ANALYZE_SYSTEM}]

        async def call() -> ToolContradictions:
            async with ModelClient(key, settings_for_call, usage, cancel) as client:
                return await client.call_tool(
                    system=system,
                    user=user,
                    tool=prompt.contradictions_tool(),
                    schema=ToolContradictions,
                    what="contradiction analysis",
                    estimate=len(user) // 4 + settings.max_tokens,
                )

        data = await cancellable(call(), cancel)
        cache.put(k, data.model_dump())
    findings, dropped = to_findings(specs, data, severity)
    notes = []
    if dropped:
        notes.append(
            f"{dropped} reported contradiction(s) left out: their quotes are not in the specs"
        )
    return AnalyzeResult(findings, usage, notes)


def analyze(
    specs: Sequence[Spec],
    config: Config,
    *,
    api_key: str | None = None,
    use_cache: bool = True,
    model: str | None = None,
    cancel: threading.Event | None = None,
    retry: RetryPolicy | None = None,
) -> AnalyzeResult:
    """`analyze_async` for synchronous callers."""
    return run_sync(
        lambda: analyze_async(
            specs,
            config,
            api_key=api_key,
            use_cache=use_cache,
            model=model,
            cancel=cancel,
            retry=retry,
        )
    )
