"""The project's own fake Messages API: `POST /v1/messages` on 127.0.0.1, as the SDK expects it.

The real `anthropic` SDK talks to it through `ANTHROPIC_BASE_URL`. By default every request is
answered with a `tool_use` block built from the request (questions about the first sentence of
the `<section>` it was sent; no contradictions), and a `usage` object that simulates the prompt
cache: the first request with a `cache_control` prefix writes it, later ones read it.

Scripted per test, in order, one step per request: `Step.error(429, retry_after=1)`,
`Step.error(500)`, `Step.slow(2.0)`, `Step.tool_input({...})` (e.g. malformed), `Step.no_tool()`,
`Step.cut()`. Then the default again. `latency` delays every answer (the benchmark uses 300 ms).

    with FakeAnthropic() as fake:
        fake.script(Step.error(429, retry_after=1))
        env = {"ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": "sk-test"}
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], dict[str, Any]]
_SECTION = re.compile(r'<section id="(?P<id>[^"]*)"[^>]*>\n(?P<body>.*?)\n</section>', re.S)
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


@dataclass
class Step:
    kind: str  # "status" | "slow" | "tool_input" | "no_tool" | "cut"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    tool_input: Any = None
    echo_key: bool = False

    @classmethod
    def error(cls, code: int, retry_after: float | None = None, echo_key: bool = False) -> Step:
        headers = {} if retry_after is None else {"retry-after": f"{retry_after:g}"}
        return cls("status", code, headers, echo_key=echo_key)

    @classmethod
    def slow(cls, seconds: float) -> Step:
        return cls("slow", delay=seconds)

    @classmethod
    def with_input(cls, tool_input: Any) -> Step:
        return cls("tool_input", tool_input=tool_input)

    @classmethod
    def no_tool(cls) -> Step:
        return cls("no_tool")

    @classmethod
    def cut(cls) -> Step:
        return cls("cut")


@dataclass
class Received:
    body: dict[str, Any]
    headers: dict[str, str]
    at: float


def first_sentence(body: str) -> str:
    """The first prose sentence of a section's Markdown (what the default answer quotes)."""
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "```", "|", ">")):
            continue
        line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
        m = re.match(r"(.+?[.!?])(?:\s|$)", line)
        return m.group(1) if m else line
    return ""


def default_questions(request: dict[str, Any]) -> dict[str, Any]:
    user = request["messages"][-1]["content"]
    text = user if isinstance(user, str) else " ".join(b.get("text", "") for b in user)
    m = _SECTION.search(text)
    if m is None:
        return {"questions": []}
    sentence = first_sentence(m.group("body"))
    if not sentence:
        return {"questions": []}
    return {
        "questions": [
            {
                "quote": sentence,
                "question": f"What exactly must hold in section {m.group('id')}?",
                "options": [
                    {"label": "Mandatory, as written", "rewrite": f"{sentence} (confirmed)"},
                    {"label": "Optional"},
                ],
                "recommended": 0,
                "reason": "The fake always recommends the first option.",
                "category": "scope",
            }
        ]
    }


def default_responder(request: dict[str, Any]) -> dict[str, Any]:
    tool = request.get("tool_choice", {}).get("name", "")
    if tool == "report_contradictions":
        return {"contradictions": []}
    return default_questions(request)


class FakeAnthropic:
    def __init__(self, latency: float = 0.0, responder: Responder | None = None) -> None:
        self.latency = latency
        self.responder = responder or default_responder
        self.requests: list[Received] = []
        self._steps: deque[Step] = deque()
        self._lock = threading.Lock()
        self._prefixes: set[str] = set()
        self._active = 0
        self.max_active = 0  # the most requests in flight at once
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def script(self, *steps: Step) -> None:
        with self._lock:
            self._steps.extend(steps)

    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the protocol --------------------------------------------------------------------------

    def _next_step(self) -> Step | None:
        with self._lock:
            return self._steps.popleft() if self._steps else None

    def _usage(self, body: dict[str, Any]) -> dict[str, int]:
        """Token counts with the prompt cache simulated (1 token per 4 characters)."""
        prefix = ""
        system = body.get("system")
        if isinstance(system, list):
            for i, block in enumerate(system):
                if block.get("cache_control"):
                    prefix = json.dumps(body.get("tools", [])) + json.dumps(system[: i + 1])
        total = len(json.dumps(body)) // 4
        created = read = 0
        if prefix:
            key = hashlib.sha256(prefix.encode()).hexdigest()
            with self._lock:
                seen = key in self._prefixes
                self._prefixes.add(key)
            if seen:
                read = len(prefix) // 4
            else:
                created = len(prefix) // 4
        return {
            "input_tokens": max(total - created - read, 1),
            "output_tokens": 120,
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }

    def _answer(self, body: dict[str, Any], step: Step | None) -> dict[str, Any]:
        tool = body.get("tool_choice", {}).get("name", "tool")
        stop = "tool_use"
        if step is not None and step.kind == "no_tool":
            content: list[dict[str, Any]] = [{"type": "text", "text": "I'd rather chat."}]
            stop = "end_turn"
        else:
            tool_input = (
                step.tool_input
                if step is not None and step.kind == "tool_input"
                else self.responder(body)
            )
            content = [
                {
                    "type": "tool_use",
                    "id": f"toolu_{time.monotonic_ns()}",
                    "name": tool,
                    "input": tool_input,
                }
            ]
            if step is not None and step.kind == "cut":
                stop = "max_tokens"
        return {
            "id": f"msg_{time.monotonic_ns()}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "fake"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": self._usage(body),
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: tests read `fake.requests`

            def _send(self, status: int, doc: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(doc).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.send_header("request-id", f"req_{time.monotonic_ns()}")
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path.split("?")[0] != "/v1/messages":
                    self._send(404, _error(404, f"no route {self.path}"), {})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(400, _error(400, "body is not JSON"), {})
                    return
                with fake._lock:
                    fake.requests.append(Received(body, headers, time.monotonic()))
                # The SDK sends the key as `x-api-key` or as `Authorization: Bearer` (2.x).
                bearer = headers.get("authorization", "")
                key = headers.get("x-api-key") or bearer.removeprefix("Bearer ").strip()
                if not key:
                    self._send(401, _error(401, "an API key is required"), {})
                    return
                step = fake._next_step()
                delay = fake.latency + (step.delay if step is not None else 0.0)
                with fake._lock:
                    fake._active += 1
                    fake.max_active = max(fake.max_active, fake._active)
                try:
                    if delay:
                        time.sleep(delay)
                finally:
                    with fake._lock:
                        fake._active -= 1
                if step is not None and step.kind == "status":
                    message = f"scripted {step.status}"
                    if step.echo_key:
                        message += f" for key {key}"  # a careless server: must not leak further
                    self._send(step.status, _error(step.status, message), step.headers)
                    return
                self._send(200, fake._answer(body, step), {})

        return Handler


def _error(status: int, message: str) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(status, "api_error")
    return {"type": "error", "error": {"type": kind, "message": message}}
