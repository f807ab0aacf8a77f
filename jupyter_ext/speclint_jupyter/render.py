"""HTML for the panel's tables. Every piece of spec text is escaped: specs are user input."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby
from typing import Any

from speclint.model import Severity
from speclint.report.summary import SpecSummary

from .review import Row

SEVERITY_COLOURS = {
    Severity.ERROR: "#c62828",
    Severity.WARNING: "#b26a00",
    Severity.INFO: "#1565c0",
}
# One style block per table instead of a style attribute on every cell: a big project has
# thousands of cells, and every byte goes through the widget's comm.
STYLE = (
    "<style>.speclint-table{border-collapse:collapse;font-size:13px;width:100%}"
    ".speclint-table th,.speclint-table td{padding:2px 8px;text-align:left;vertical-align:top}"
    ".speclint-table .group{background:#f3f3f3}.speclint-table .rule{white-space:nowrap}"
    ".speclint-table tr.speclint-uncovered{background:#fdecea}</style>"
)
TABLE = '<table class="speclint-table{extra}">'


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
            + TABLE.format(extra="")
            + "<tr><th>severity</th><th>rule</th><th>line</th><th>message</th></tr>"
        )
        for section, section_rows in groupby(spec_rows_list, key=lambda r: r.section):
            parts.append(
                f'<tr class="speclint-section"><td colspan="4" class="group">'
                f"<i>{escape(section)}</i></td></tr>"
            )
            for r in section_rows:
                parts.append(
                    f'<tr class="speclint-finding"><td>{severity_badge(r.severity)}</td>'
                    f'<td class="rule"><code>{escape(r.rule)}</code></td>'
                    f"<td>{r.line}</td><td>{escape(r.message)}</td></tr>"
                )
        parts.append("</table></details>")
    return STYLE + "".join(parts)


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
    out = [STYLE + TABLE.format(extra=" speclint-summary") + "<tr>"]
    out += [f"<th>{escape(h)}</th>" for h in head]
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
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def message_html(text: str, kind: str) -> str:
    """A notice in the panel: kind is "error" (red), "warning" (amber) or "info"."""
    colours = {"error": "#c62828", "warning": "#b26a00", "info": "#555"}
    return (
        f'<div class="speclint-{kind}" style="color:{colours[kind]};white-space:pre-wrap">'
        f"{escape(text)}</div>"
    )


def coverage_columns(sections: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Scenario ids and twin ids linked to the shown sections, in first-seen order."""
    scenarios: dict[str, None] = {}
    twins: dict[str, None] = {}
    for s in sections:
        scenarios.update(dict.fromkeys(s["scenarios"]))
        twins.update(dict.fromkeys(s["twins"]))
    return list(scenarios), list(twins)


def coverage_html(graph: dict[str, Any] | None, spec_paths: Sequence[str]) -> str:
    """Requirement sections x the scenarios and twins that cover them; uncovered rows marked."""
    if graph is None:
        return (
            '<p class="speclint-empty">No scenarios or twins in this project: nothing to trace. '
            "Set <code>scenarios</code> and <code>twins</code> globs in speclint.toml.</p>"
        )
    shown = set(spec_paths)
    sections = [s for s in graph["sections"] if s["path"] in shown and s["requirement"]]
    if not sections:
        return '<p class="speclint-empty">No requirement sections in these specs.</p>'
    scenarios, twins = coverage_columns(sections)
    covered = sum(1 for s in sections if s["status"] == "covered")
    out = [
        f'<p class="speclint-coverage-total">{covered} of {len(sections)} requirement sections '
        f"covered ({100 * covered / len(sections):.0f}%)</p>",
        STYLE + TABLE.format(extra=" speclint-coverage") + "<tr><th>section</th><th>status</th>",
    ]
    out += [f'<th title="scenario">{escape(sc)}</th>' for sc in scenarios]
    out += [f'<th title="twin"><i>{escape(t)}</i></th>' for t in twins]
    out.append("<th>twins missing</th></tr>")
    width = 3 + len(scenarios) + len(twins)
    for path, rows in groupby(sections, key=lambda s: s["path"]):
        out.append(f'<tr><td colspan="{width}" class="group"><b>{escape(path)}</b></td></tr>')
        for s in rows:
            uncovered = s["status"] != "covered"
            mark = (
                '<span style="color:#c62828;font-weight:600">uncovered</span>'
                if uncovered
                else '<span style="color:#2e7d32">covered</span>'
            )
            cls = "speclint-uncovered" if uncovered else "speclint-covered"
            cells = [f"{escape(s['title'])}", mark]
            cells += ["●" if sc in s["scenarios"] else "" for sc in scenarios]
            cells += ["●" if t in s["twins"] else "" for t in twins]
            cells.append(escape(", ".join(s["missing_twins"])))
            out.append(f'<tr class="{cls}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)
