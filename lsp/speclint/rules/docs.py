"""Rule documentation rendered from the rules' docstrings: docs/rules.md and `spec-lint explain`."""

from __future__ import annotations

from .registry import FAMILIES, Rule, all_rules
from .wordlists import render_word_lists


def render_rule(rule: Rule, heading_level: int = 3) -> str:
    h = "#" * heading_level
    doc = rule.doc.replace("\n## ", f"\n{h}# ")
    if doc.startswith("## "):
        doc = f"{h}# " + doc[3:]
    return (
        f"{h} `{rule.id}`\n\n{rule.summary}\n\nDefault severity: **{rule.severity.label}**.\n\n"
        f"{doc}\n"
    )


def render_catalogue() -> str:
    rules = all_rules()
    out = [
        "# speclint rules",
        "",
        "<!-- Generated from the rules' docstrings by scripts/gen_docs.py; edit those. -->",
        "",
        "Every rule has a stable id `family/name`, a default severity that `[rules]` in the "
        'config can change (or set to `"off"`), and a bad and a good example that the test '
        "suite lints. Suppress one occurrence with "
        "`<!-- speclint-disable-next-line RULE -->`.",
        "",
    ]
    for family, about in FAMILIES.items():
        members = [r for r in rules if r.family == family]
        if not members:
            continue
        out += [f"## {family}/", "", about, ""]
        out += [f"- [`{r.id}`](#{r.id.replace('/', '').lower()}): {r.summary}" for r in members]
        out.append("")
        for r in members:
            out.append(render_rule(r))
    out.append(render_word_lists())
    return "\n".join(out).rstrip() + "\n"
