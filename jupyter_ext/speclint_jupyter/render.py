"""HTML for the panel's tables. Every piece of spec text is escaped: specs are user input."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby

from speclint.model import Severity
from speclint.report.summary import SpecSummary

from .review import Row

SEVERITY_COLOURS = {
    Severity.ERROR: "#c62828",
    Severity.WARNING: "#b26a00",
    Severity.INFO: "#1565c0",
}
TABLE_STYLE = "border-collapse:collapse;font-size:13px;width:100%"
CELL = "padding:2px 8px;text-align:left;vertical-align:top"


def severity_badge(sev: Severity) -> str:
    colour = SEVERITY_COLOURS[sev]
    return f'<span style="color:{colour};font-weight:600">{sev.label}</span>'


def findings_html(rows: Sequence[Row], total: int) -> str:
    """Findings grouped by spec, then by section, in document order."""
    if not rows:
        what = "No findings match the filters." if total else "No findings: nothing to fix."
        return f'<p class="speclint-empty">{what}</p>'
    parts = []
    for path, spec_rows in groupby(rows, key=lambda r: r.path):
        spec_rows_list = list(spec_rows)
        parts.append(
            f'<details open class="speclint-spec"><summary><b>{escape(path)}</b> · '
            f"{len(spec_rows_list)} finding{'s' if len(spec_rows_list) != 1 else ''}</summary>"
            f'<table style="{TABLE_STYLE}">'
            f'<tr><th style="{CELL}">severity</th><th style="{CELL}">rule</th>'
            f'<th style="{CELL}">line</th><th style="{CELL}">message</th></tr>'
        )
        for section, section_rows in groupby(spec_rows_list, key=lambda r: r.section):
            parts.append(
                f'<tr class="speclint-section"><td colspan="4" style="{CELL};'
                f'background:#f3f3f3"><i>{escape(section)}</i></td></tr>'
            )
            for r in section_rows:
                parts.append(
                    f'<tr class="speclint-finding"><td style="{CELL}">'
                    f"{severity_badge(r.severity)}</td>"
                    f'<td style="{CELL};white-space:nowrap"><code>{escape(r.rule)}</code></td>'
                    f'<td style="{CELL}">{r.line}</td>'
                    f'<td style="{CELL}">{escape(r.message)}</td></tr>'
                )
        parts.append("</table></details>")
    return "".join(parts)


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def summary_html(summaries: Sequence[SpecSummary]) -> str:
    """Readiness per spec: the figures a reviewer checks before handing a spec to an agent."""
    head = (
        "spec",
        "words",
        "findings",
        "errors",
        "warnings",
        "ambiguity / 1,000 words",
        "open decisions",
        "coverage",
    )
    out = [f'<table class="speclint-summary" style="{TABLE_STYLE}"><tr>']
    out += [f'<th style="{CELL}">{escape(h)}</th>' for h in head]
    out.append("</tr>")
    for s in summaries:
        cells = (
            f"<b>{escape(s.path)}</b>",
            str(s.words),
            str(s.findings),
            str(s.errors),
            str(s.warnings),
            f"{s.ambiguity_per_1000_words:.1f}",
            str(s.open_decisions),
            percent(s.coverage),
        )
        out.append("<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def message_html(text: str, kind: str) -> str:
    """A notice in the panel: kind is "error" (red), "warning" (amber) or "info"."""
    colours = {"error": "#c62828", "warning": "#b26a00", "info": "#555"}
    return (
        f'<div class="speclint-{kind}" style="color:{colours[kind]};white-space:pre-wrap">'
        f"{escape(text)}</div>"
    )
