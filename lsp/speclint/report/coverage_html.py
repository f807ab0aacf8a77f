"""The traceability matrix as one self-contained HTML page: no script, no font, no network.

Sections are rows, scenarios then twins are columns; a cell marks a link and points at the file
(and line) that makes it. Uncovered requirement rows and dangling references stand out.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from .summary import plural

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5rem;color:#1b1f24}
h1{font-size:1.4rem;margin:0 0 .3rem} .summary{margin:.2rem 0 1rem;color:#444}
table{border-collapse:collapse} th,td{border:1px solid #d0d7de;padding:.25rem .45rem}
thead th{background:#f6f8fa;position:sticky;top:0;z-index:1}
th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500}
th.col.twin{background:#eef4ff} td.cell{text-align:center}
td.cell a{text-decoration:none;color:#1a7f37;font-weight:700}
td.need a{color:#9a6700} tr.uncovered th.row,tr.uncovered td.status{background:#ffebe9}
td.status{white-space:nowrap} tr.uncovered td.status{color:#cf222e;font-weight:600}
tr.covered td.status{color:#1a7f37} tr.info th.row{color:#57606a;font-weight:400}
th.row{text-align:left;font-weight:500;white-space:nowrap} th.row small{color:#57606a}
.dangling{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem 1rem;margin:1rem 0}
.dangling li{margin:.2rem 0} code{background:#f6f8fa;padding:0 .2rem}
.missing{color:#cf222e}
"""


def render(graph: dict[str, Any], project_root: Path, out_file: Path, everything: bool) -> str:
    """The page for `graph` (Workspace.coverage()); links are relative to `out_file`'s folder."""
    base = out_file.resolve().parent

    def href(path: str, line: int | None = None) -> str:
        target = os.path.relpath(os.path.normpath(project_root / path), base)
        link = Path(target).as_posix()
        return html.escape(link + (f"#L{line}" if line else ""), quote=True)

    e = html.escape
    sections = [
        s
        for s in graph["sections"]
        if everything or s["requirement"] or s["scenarios"] or s["needs_twins"]
    ]
    scenarios = graph["scenarios"]
    twins = graph["twins"]
    summary = graph["summary"]
    dangling = graph["dangling"]
    pct = summary["coverage"]
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>speclint traceability matrix</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Traceability matrix</h1>",
        f"<p class=summary>Coverage <b>{'n/a' if pct is None else f'{pct}%'}</b>: "
        f"{summary['covered']} of {summary['requirement_sections']} requirement sections "
        f"covered by a scenario · {plural(len(scenarios), 'scenario')} · "
        f"{plural(len(twins), 'twin')} · {plural(len(dangling), 'dangling reference')}</p>",
    ]
    if dangling:
        out.append("<div class=dangling><b>Dangling references</b><ul>")
        for d in dangling:
            out.append(
                f'<li><a href="{href(d["path"], d["line"])}">{e(d["path"])}:{d["line"]}</a> '
                f"<code>{e(d['reference'])}</code>: {e(d['message'])}</li>"
            )
        out.append("</ul></div>")
    out.append("<table><thead><tr><th>Section</th><th>Status</th>")
    for sc in scenarios:
        out.append(
            f'<th class=col title="{e(sc["title"], quote=True)}">'
            f'<a href="{href(sc["path"], sc["line"])}">{e(sc["id"])}</a></th>'
        )
    for t in twins:
        out.append(
            f"<th class='col twin' title=\"{e(t['clones'], quote=True)}\">"
            f'<a href="{href(t["path"], t["line"])}">twin: {e(t["id"])}</a></th>'
        )
    out.append("</tr></thead><tbody>")
    for s in sections:
        cls = {"covered": "covered", "uncovered": "uncovered"}.get(s["status"], "info")
        ref = f"{s['path']}#{s['id']}"
        status = s["status"]
        if s["uncovered_requirements"]:
            status += ": " + ", ".join(s["uncovered_requirements"])
        if s["missing_twins"]:
            status += f"<br><span class=missing>no twin: {e(', '.join(s['missing_twins']))}</span>"
        out.append(
            f'<tr class={cls}><th class=row><a href="{href(s["path"], s["line"])}">'
            f"{e(s['title'])}</a><br><small>{e(ref)}</small></th><td class=status>{status}</td>"
        )
        linked = set(s["scenarios"])
        for sc in scenarios:
            if sc["id"] in linked:
                out.append(
                    f'<td class=cell><a href="{href(sc["path"], sc["line"])}" '
                    f'title="{e(sc["id"], quote=True)} covers {e(ref, quote=True)}">●</a></td>'
                )
            else:
                out.append("<td class=cell></td>")
        for t in twins:
            if t["id"] in s["twins"]:
                kind = "need" if t["id"] in s["needs_twins"] else "used"
                out.append(
                    f"<td class='cell {kind}'><a href=\"{href(t['path'], t['line'])}\" "
                    f'title="twin {e(t["id"], quote=True)} ({kind})">◆</a></td>'
                )
            else:
                out.append("<td class=cell></td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if "(in spec)" in {x for s in sections for x in s["scenarios"]}:
        out.append(
            "<p class=summary>(in spec): Given/When/Then scenarios written in the section.</p>"
        )
    out.append("</body></html>\n")
    return "".join(out)
