"""`--format json`: the contract in DESIGN.md ("Output contracts")."""

from __future__ import annotations

import json

from ..model import Finding
from .summary import SpecSummary, totals

VERSION = 1


def finding_dict(f: Finding) -> dict[str, object]:
    out: dict[str, object] = {
        "path": f.path,
        "line": f.range.start.line,
        "column": f.range.start.column,
        "end_line": f.range.end.line,
        "end_column": f.range.end.column,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "section": f.section,
    }
    if f.fixes:
        out["suggestions"] = [
            {
                "title": fix.title,
                "safe": fix.safe,
                "edits": [
                    {
                        "line": e.range.start.line,
                        "column": e.range.start.column,
                        "end_line": e.range.end.line,
                        "end_column": e.range.end.column,
                        "new_text": e.new_text,
                    }
                    for e in fix.edits
                ],
            }
            for fix in f.fixes
        ]
    return out


def render(findings: list[Finding], summaries: list[SpecSummary]) -> str:
    doc = {
        "version": VERSION,
        "findings": [finding_dict(f) for f in findings],
        "summary": {**totals(summaries), "specs": [s.as_dict() for s in summaries]},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
