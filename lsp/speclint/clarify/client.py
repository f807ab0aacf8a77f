"""Calls to the Messages API through the official SDK: forced tool use, validation, retries.

The SDK's own retries are turned off (`max_retries=0`) so that this module decides: timeouts,
connection errors, 408/409, 429 and 5xx are retried with exponential backoff, a `retry-after`
header is honoured up to `max_retry_after` seconds (a longer wait fails at once, saying how long),
and after `max_retries` retries one `ClarifyError` names what failed. Cancellation is checked
before every attempt and every wait. The API key is given to the SDK and to nothing else; every
message this module raises is scrubbed of it anyway.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from .model import ClarifyCancelled, ClarifyError, Usage

if TYPE_CHECKING:
    import anthropic

T = TypeVar("T", bound=BaseModel)
RETRY_STATUS = frozenset({408, 409, 429})


class BudgetExceeded(ClarifyError):
    """The run's token budget would be exceeded by the next request."""


class MalformedOutput(ClarifyError):
    """The model's tool input is missing, cut short or does not fit the schema."""


@dataclass(frozen=True)
class CallSettings:
    model: str
    max_tokens: int
    timeout: float
    token_budget: int
    max_retries: int = 3
    backoff: float = 0.5  # first wait, doubled per retry, with jitter
    max_backoff: float = 8.0
    max_retry_after: float = 30.0


def scrub(text: str, secret: str | None) -> str:
    """`text` without the secret, in case an error body or a library echoes it."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "[redacted]")
    return text


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return max(float(ms) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return max(float(email.utils.mktime_tz(parsed)) - time.time(), 0.0)


def _error_detail(exc: anthropic.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            kind, message = err.get("type", ""), err.get("message", "")
            return f"{kind}: {message}".strip(": ")
    return exc.response.reason_phrase or "error"


def _short_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or "input"
        parts.append(f"{loc}: {err['msg']}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


class ModelClient:
    """One run's connection: shared usage counters, budget and cancellation."""

    def __init__(
        self,
        api_key: str,
        settings: CallSettings,
        usage: Usage,
        cancel: threading.Event | None = None,
    ) -> None:
        self._key = api_key
        self.settings = settings
        self.usage = usage
        self.cancel = cancel
        # Imported here: the SDK takes seconds to import, and `spec-lint check` never needs it.
        import anthropic

        self._in_flight = 0  # estimated tokens of requests sent but not yet answered
        self._sdk = anthropic.AsyncAnthropic(
            api_key=api_key, max_retries=0, timeout=settings.timeout
        )

    @property
    def _create(self) -> Any:
        # The SDK types each param as a TypedDict; ours are plain dicts built from pydantic.
        return self._sdk.messages.create

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._sdk.close()

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ClarifyCancelled("cancelled")

    def _reserve(self, estimate: int, what: str) -> None:
        """Refuse a request that would take the run past its token budget."""
        spent = self.usage.billed_tokens + self._in_flight
        if spent + estimate > self.settings.token_budget:
            raise BudgetExceeded(
                f"{what}: not asked, the run's token budget ({self.settings.token_budget:,}) "
                f"would be exceeded ({spent:,} spent, about {estimate:,} more needed); raise "
                "[clarify] token_budget or ask one section with --section"
            )

    async def call_tool(
        self,
        *,
        system: list[dict[str, Any]],
        user: str,
        tool: dict[str, Any],
        schema: type[T],
        what: str,
        estimate: int,
    ) -> T:
        """Force the model to call `tool` and return its input validated against `schema`.

        `estimate`: tokens this call may bill (uncached input + max output), held against the
        budget while the call is in flight.
        """
        self.check_cancel()
        self._reserve(estimate, what)
        self._in_flight += estimate
        try:
            return await self._call(system, user, tool, schema, what)
        finally:
            self._in_flight -= estimate

    async def _call(
        self,
        system: list[dict[str, Any]],
        user: str,
        tool: dict[str, Any],
        schema: type[T],
        what: str,
    ) -> T:
        import anthropic

        s = self.settings
        last = "no attempt made"
        for attempt in range(s.max_retries + 1):
            self.check_cancel()
            wait: float | None = None
            try:
                message = await self._create(
                    model=s.model,
                    max_tokens=s.max_tokens,
                    system=system,
                    messages=[{"role": "user", "content": user}],
                    tools=[tool],
                    tool_choice={"type": "tool", "name": tool["name"]},
                )
            except anthropic.APITimeoutError:
                last = f"no answer within {s.timeout:g} s (timeout)"
            except anthropic.APIConnectionError as exc:
                last = f"cannot reach the API ({type(exc.__cause__ or exc).__name__})"
            except anthropic.APIStatusError as exc:
                status = exc.status_code
                detail = _error_detail(exc)
                last = f"HTTP {status} {detail}"
                if status not in RETRY_STATUS and status < 500:
                    hint = " (check ANTHROPIC_API_KEY)" if status in (401, 403) else ""
                    raise ClarifyError(
                        scrub(f"{what}: the API refused the request: {last}{hint}", self._key)
                    ) from None
                wait = retry_after(exc.response.headers)
                if wait is not None and wait > s.max_retry_after:
                    raise ClarifyError(
                        scrub(
                            f"{what}: {last}; the API asks to wait {wait:.0f} s, longer than "
                            f"{s.max_retry_after:.0f} s: try again later",
                            self._key,
                        )
                    ) from None
            else:
                return self._accept(message, tool["name"], schema, what)
            if attempt == s.max_retries:
                break
            if wait is None:
                wait = min(s.backoff * 2**attempt, s.max_backoff) * (0.75 + random.random() / 4)
            await self._sleep(wait)
        raise ClarifyError(
            scrub(f"{what}: gave up after {s.max_retries + 1} attempts: {last}", self._key)
        )

    async def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            self.check_cancel()
            left = end - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.1))

    def _accept(self, message: Any, tool_name: str, schema: type[T], what: str) -> T:
        u = message.usage
        self.usage.requests += 1
        self.usage.input_tokens += u.input_tokens or 0
        self.usage.output_tokens += u.output_tokens or 0
        self.usage.cache_creation_input_tokens += u.cache_creation_input_tokens or 0
        self.usage.cache_read_input_tokens += u.cache_read_input_tokens or 0
        if message.stop_reason == "max_tokens":
            raise MalformedOutput(
                f"{what}: the model's answer was cut at max_tokens ({self.settings.max_tokens}); "
                "raise [clarify] max_tokens or lower --max-questions"
            )
        for block in message.content:
            if getattr(block, "type", None) == "tool_use" and block.name == tool_name:
                try:
                    return schema.model_validate(block.input)
                except ValidationError as exc:
                    raise MalformedOutput(
                        scrub(
                            f"{what}: the model's answer does not fit the schema, nothing "
                            f"recorded: {_short_validation(exc)}",
                            self._key,
                        )
                    ) from None
        raise MalformedOutput(f"{what}: the model answered without calling {tool_name}")
