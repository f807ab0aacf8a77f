"""Clarifying questions: one module for the CLI, the language server and the notebook widget.

    result = ask(spec, config, section_id="sessions")         # or: await ask_async(...)
    recorded = answers_to_edits(spec, result.questions, answers, today)
    # LSP: send recorded.edits as a WorkspaceEdit; CLI/widget: record(path, digest, text, ...)

With ANTHROPIC_API_KEY set, questions come from the model (cached in `.speclint-cache/`);
without it, or with `offline=True`, from the engine's findings, and `result.offline` says so.
"""

from __future__ import annotations

from .analyze import analyze, analyze_async
from .ask import API_KEY_ENV, RetryPolicy, api_key_from_env, ask, ask_async
from .model import (
    OTHER,
    AnalyzeResult,
    Answer,
    ClarifyCancelled,
    ClarifyError,
    ClarifyResult,
    Option,
    Question,
    Usage,
)
from .recorder import Recorded, answer_text, answers_to_edits, apply_edits, diff, record

__all__ = [
    "API_KEY_ENV",
    "OTHER",
    "AnalyzeResult",
    "Answer",
    "ClarifyCancelled",
    "ClarifyError",
    "ClarifyResult",
    "Option",
    "Question",
    "Recorded",
    "RetryPolicy",
    "Usage",
    "analyze",
    "analyze_async",
    "answer_text",
    "answers_to_edits",
    "api_key_from_env",
    "apply_edits",
    "ask",
    "ask_async",
    "diff",
    "record",
]
