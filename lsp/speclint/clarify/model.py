"""Questions, options, answers and results: what every front end of the clarifier handles.

Two layers. The pydantic models (`Tool*`) are the contract with the model: their JSON schema is
the tool's `input_schema`, and the tool input is validated against them before anything else
reads it. The frozen dataclasses are what the engine hands to front ends, with exact ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model import Finding, Range

CATEGORIES = (
    "scope",
    "data",
    "failure",
    "limits",
    "security",
    "ux",
    "terminology",
    "acceptance",
    "performance",
    "other",
)
Category = Literal[
    "scope",
    "data",
    "failure",
    "limits",
    "security",
    "ux",
    "terminology",
    "acceptance",
    "performance",
    "other",
]
OPTION_KEYS = "ABCD"
OTHER = "other"


# -- the tool's contract ---------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ToolOption(_Strict):
    label: str = Field(min_length=1, max_length=200, description="The answer, in a few words.")
    rewrite: str | None = Field(
        default=None,
        max_length=2000,
        description=(
            "The quoted sentence rewritten so that it states this answer; omit when the answer"
            " belongs in the Clarifications list only."
        ),
    )


class ToolQuestion(_Strict):
    quote: str = Field(
        min_length=1,
        max_length=2000,
        description="The exact sentence of the section the question is about, copied verbatim.",
    )
    question: str = Field(min_length=5, max_length=300)
    options: list[ToolOption] = Field(min_length=2, max_length=4)
    recommended: int = Field(ge=0, le=3, description="Index of the recommended option.")
    reason: str = Field(min_length=1, max_length=200, description="Why, in one line.")
    category: Category

    @model_validator(mode="after")
    def _recommended_exists(self) -> ToolQuestion:
        if self.recommended >= len(self.options):
            raise ValueError(f"recommended={self.recommended} but only {len(self.options)} options")
        return self


class ToolQuestions(_Strict):
    questions: list[ToolQuestion] = Field(max_length=10)


class ToolQuote(_Strict):
    path: str = Field(min_length=1, description="The spec's path as given in <spec path=...>.")
    quote: str = Field(min_length=1, max_length=2000, description="The exact sentence, verbatim.")


class ToolContradiction(_Strict):
    first: ToolQuote
    second: ToolQuote
    explanation: str = Field(min_length=5, max_length=300)


class ToolContradictions(_Strict):
    contradictions: list[ToolContradiction] = Field(max_length=50)


# -- what front ends get ---------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    key: str  # "A".."D"
    label: str
    replacement: str | None = None  # new text for the question's range, when the answer rewrites it


@dataclass(frozen=True)
class Question:
    id: str  # "<section>.<n>": stable for unchanged input (answers refer to it)
    section: str
    range: Range  # what the question is about: a sentence, or a marker within one
    quote: str  # the text at `range` when the question was asked
    question: str
    options: tuple[Option, ...]
    recommended: str  # an option key
    reason: str
    category: str
    offline: bool = False
    rule: str | None = None  # the finding that led to it (offline questions)

    def option(self, key: str) -> Option | None:
        for o in self.options:
            if o.key == key.upper():
                return o
        return None


@dataclass(frozen=True)
class Answer:
    """The chosen option's key, or free text (`key` is "other")."""

    question_id: str
    key: str
    text: str = ""


@dataclass
class Usage:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cached_sections: int = 0  # answered from .speclint-cache/ without a request

    @property
    def billed_tokens(self) -> int:
        """What the per-run budget counts: tokens charged at the full rate or above."""
        return self.input_tokens + self.cache_creation_input_tokens + self.output_tokens

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
            "cached_sections": self.cached_sections,
        }


@dataclass
class ClarifyResult:
    questions: list[Question]
    usage: Usage = field(default_factory=Usage)
    offline: bool = False
    notes: list[str] = field(default_factory=list)  # said to the user, not errors
    errors: list[str] = field(default_factory=list)  # sections that failed while others worked


@dataclass
class AnalyzeResult:
    findings: list[Finding]
    usage: Usage = field(default_factory=Usage)
    notes: list[str] = field(default_factory=list)


class ClarifyError(Exception):
    """One clear message naming what failed; never contains the API key."""


class ClarifyCancelled(ClarifyError):
    """The caller cancelled the run."""
