"""`--format sarif`: SARIF 2.1.0, valid against the OASIS schema (tests check it)."""

from __future__ import annotations

import json

from .. import __version__
from ..model import Finding, Severity
from ..rules.registry import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://github.com/speclint/speclint/blob/main/docs/rules.md"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_anchor(rule_id: str) -> str:
    return rule_id.replace("/", "").lower()


def render(findings: list[Finding], rules: list[Rule]) -> str:
    index = {r.id: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.part("Why") or r.summary},
            "help": {"text": r.part("Fix") or r.summary, "markdown": r.doc},
            "helpUri": f"{DOCS}#{rule_anchor(r.id)}",
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
            "properties": {"tags": [r.family]},
        }
        for r in rules
    ]
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "PROJECTROOT"},
                        "region": {
                            "startLine": f.range.start.line,
                            "startColumn": f.range.start.column,
                            "endLine": f.range.end.line,
                            "endColumn": f.range.end.column,
                        },
                    }
                }
            ],
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.section:
            result["properties"] = {"section": f.section}
        results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "speclint",
                        "version": __version__,
                        "informationUri": DOCS,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"PROJECTROOT": {"uri": "./"}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
