"""`--format github`: workflow commands that GitHub Actions turns into annotations."""

from __future__ import annotations

from ..model import Finding, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        r = f.range
        props = (
            f"file={_escape_property(f.path)},line={r.start.line},col={r.start.column},"
            f"endLine={r.end.line},endColumn={r.end.column},title={_escape_property(f.rule)}"
        )
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_escape_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
