"""The built-in word lists as documentation: where each comes from and which rules use it.

The comments under each table of `data/vocabulary.toml` are the single record of a list's
source; docs/rules.md shows them, so the docs cannot drift from the data.
"""

from __future__ import annotations

import re
from importlib import resources

from .context import builtin_vocabulary

# Which rules read each list (the lists are data; this is the one place that maps them).
USED_BY: dict[str, tuple[str, ...]] = {
    "vague": ("ambiguity/vague-term",),
    "vague_requirement": ("ambiguity/vague-term",),
    "vague_exceptions": ("ambiguity/vague-term",),
    "requirement_marker": (
        "ambiguity/vague-term", "ambiguity/escape-clause", "ambiguity/open-ended",
        "ambiguity/unbounded-quantity", "ambiguity/unmeasured-requirement",
        "ambiguity/comparative", "ambiguity/absolute",
    ),
    "weak_modal": ("ambiguity/weak-modal",),
    "weak_modal_system": ("ambiguity/weak-modal",),
    "system_subject": ("ambiguity/weak-modal",),
    "epistemic_after_modal": ("ambiguity/weak-modal",),
    "possibility_after_may": ("ambiguity/weak-modal",),
    "reported_speech": (
        "ambiguity/weak-modal", "ambiguity/vague-term", "ambiguity/escape-clause",
        "ambiguity/open-ended", "ambiguity/unbounded-quantity",
        "ambiguity/unmeasured-requirement", "ambiguity/comparative", "ambiguity/absolute",
    ),
    "escape_clause": ("ambiguity/escape-clause",),
    "escape_clause_requirement": ("ambiguity/escape-clause",),
    "escape_clause_exceptions": ("ambiguity/escape-clause",),
    "open_ended": ("ambiguity/open-ended",),
    "open_ended_requirement": ("ambiguity/open-ended",),
    "placeholder": ("ambiguity/placeholder",),
    "placeholder_phrase": ("ambiguity/placeholder",),
    "unbounded_quantity": ("ambiguity/unbounded-quantity",),
    "unbounded_quantity_exceptions": ("ambiguity/unbounded-quantity",),
    "quality_attribute": ("ambiguity/unmeasured-requirement",),
    "comparative": ("ambiguity/comparative",),
    "comparative_exceptions": ("ambiguity/comparative",),
    "comparative_baseline": ("ambiguity/comparative",),
    "absolute": ("ambiguity/absolute",),
    "absolute_exceptions": ("ambiguity/absolute",),
    "absolute_limiters": ("ambiguity/absolute",),
    "absolute_claim": ("ambiguity/absolute",),
    "absolute_negative": ("ambiguity/absolute",),
    "absolute_outcome": ("ambiguity/absolute",),
    "absolute_failure": ("ambiguity/absolute",),
    "absolute_time_unit": ("ambiguity/absolute",),
    "quantity_noun": ("ambiguity/number-without-unit",),
    "unit": (
        "ambiguity/number-without-unit", "ambiguity/vague-term",
        "ambiguity/unmeasured-requirement", "ambiguity/comparative",
    ),
    "actor_verb": ("ambiguity/passive-without-actor",),
    "acronym_known": ("terms/undefined-acronym",),
    "reference_title": ("terms/undefined-acronym",),
    "synonyms": ("terms/inconsistent-term",),
    "synonyms_exceptions": ("terms/inconsistent-term",),
    "glossary_title": ("terms/undefined-acronym", "terms/undefined-term",
                       "terms/inconsistent-term"),
    "informative_title": ("every ambiguity/ rule but placeholder",),
    "question_title": ("structure/open-question",),
}  # fmt: skip

_TABLE = re.compile(r"^\[(?P<name>[\w-]+)\]\s*$")


def list_notes() -> dict[str, str]:
    """Each table's comment lines (its source and purpose), joined into one paragraph."""
    raw = resources.files(__package__).joinpath("data/vocabulary.toml").read_text("utf-8")
    notes: dict[str, list[str]] = {}
    current: str | None = None
    for line in raw.splitlines():
        m = _TABLE.match(line)
        if m:
            current = m.group("name")
            notes[current] = []
        elif current is not None and line.startswith("#"):
            notes[current].append(line.lstrip("# ").rstrip())
        elif current is not None and line.startswith("words"):
            current = None  # comments after the words belong to the next table
    return {k: " ".join(v) for k, v in notes.items()}


def render_word_lists() -> str:
    lists = builtin_vocabulary()
    notes = list_notes()
    out = [
        "## Word lists",
        "",
        "The rules' vocabularies are data (`lsp/speclint/rules/data/vocabulary.toml`). A team "
        "adds words with `[vocabulary] NAME = [...]` in the config and removes any built-in word "
        "with `[vocabulary] allow = [...]`. Lists named `*_requirement` are flagged only where a "
        "modal (must, shall, should, needs to) governs the word; `*_exceptions` hold phrases "
        "that contain a listed word but mean something exact. INCOSE rule numbers differ "
        "between editions of its Guide for Writing Requirements; sources name the rule by its "
        "title, with the number where the editions agree (R7 vague terms).",
        "",
        "| list | words | used by | source and purpose |",
        "| --- | ---: | --- | --- |",
    ]
    for name, words in lists.items():
        used = ", ".join(f"`{r}`" if "/" in r else r for r in USED_BY.get(name, ()))
        note = notes.get(name, "").replace("|", "\\|")
        out.append(f"| `{name}` | {len(words)} | {used} | {note} |")
    return "\n".join(out) + "\n"
