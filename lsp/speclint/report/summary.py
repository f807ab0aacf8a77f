"""Per-spec readiness figures shared by every front end."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import FileResult
from ..model import Severity


@dataclass(frozen=True)
class SpecSummary:
    path: str
    words: int
    findings: int
    errors: int
    warnings: int
    infos: int
    ambiguity_per_1000_words: float
    open_decisions: int
    coverage: float | None  # percent of requirement sections with a scenario; None = unknown

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "words": self.words,
            "findings": self.findings,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "ambiguity_per_1000_words": self.ambiguity_per_1000_words,
            "open_decisions": self.open_decisions,
            "coverage": self.coverage,
        }


def summarize(result: FileResult, coverage: float | None = None) -> SpecSummary:
    words = result.spec.word_count() if result.spec is not None else 0
    sev = [f.severity for f in result.findings]
    ambiguity = sum(1 for f in result.findings if f.family == "ambiguity")
    return SpecSummary(
        path=result.path,
        words=words,
        findings=len(result.findings),
        errors=sev.count(Severity.ERROR),
        warnings=sev.count(Severity.WARNING),
        infos=sev.count(Severity.INFO),
        ambiguity_per_1000_words=round(ambiguity * 1000 / words, 1) if words else 0.0,
        open_decisions=sum(1 for f in result.findings if f.family == "decisions"),
        coverage=coverage,
    )


def totals(summaries: list[SpecSummary]) -> dict[str, object]:
    words = sum(s.words for s in summaries)
    ambiguity = sum(s.ambiguity_per_1000_words * s.words / 1000 for s in summaries)
    return {
        "files": len(summaries),
        "words": words,
        "findings": sum(s.findings for s in summaries),
        "errors": sum(s.errors for s in summaries),
        "warnings": sum(s.warnings for s in summaries),
        "infos": sum(s.infos for s in summaries),
        "ambiguity_per_1000_words": round(ambiguity * 1000 / words, 1) if words else 0.0,
        "open_decisions": sum(s.open_decisions for s in summaries),
    }


def plural(count: int, noun: str) -> str:
    """ "1 spec", "2 specs": counts in messages a person reads."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
