"""What the model is sent: instructions, the tool schemas, a section with its context.

A section is sent with the engine's findings for it, the glossary and the sections it links to.
When several sections are asked in one run, the whole spec goes once into the system prompt as a
cached prefix (`cache_control`), so every later request reads it from the prompt cache.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from ..model import Finding, Section, Spec
from ..parse import REQUIREMENT_ID
from .model import ToolContradictions, ToolQuestions

# Bump when the instructions or the schema change: cached answers of an older prompt are stale.
PROMPT_VERSION = "1"
QUESTIONS_TOOL = "ask_clarifying_questions"
CONTRADICTIONS_TOOL = "report_contradictions"
GLOSSARY_TITLES = ("glossary", "definitions", "terminology", "terms")
CLARIFICATIONS_TITLE = "clarifications"
MAX_CONTEXT_CHARS = 6000
MAX_LINKED = 5
_ANCHOR = re.compile(r"\]\((?:[^)#\s]*)#(?P<id>[\w.:-]+)\)")

SYSTEM = """\
You are a senior engineer reviewing a software specification before anyone implements it.
A coding agent will implement exactly what the text says, and will guess wherever it is silent
or vague. Your job is to find the decisions a section leaves open and ask the few questions
whose answers matter most: what happens on failure, limits, who is allowed, data lifetime,
invalid input, concurrent updates, scope, acceptance criteria, and terms used as if defined.

Rules for every question:
- Ask about this section only; the rest of the spec is context.
- Quote the exact sentence it is about, copied verbatim from the section (same words, same
  punctuation), so the tool can find it.
- Give 2 to 4 concrete, mutually exclusive options a person can pick with one click; the user
  can always type another answer. Recommend one and say why in one line.
- Where an option can be stated by rewriting the quoted sentence, give that rewrite: the whole
  sentence, same style, precise (numbers with units, named actors, MUST/MUST NOT).
- Never ask what the section already answers; ask fewer questions rather than weak ones.
- Engine findings are hints: a finding may be a false alarm.
Answer only by calling the tool."""

ANALYZE_SYSTEM = """\
You check software specifications for contradictions: two statements that cannot both hold,
such as two different timeouts for one call, a role allowed an action in one place and denied it
in another, or two limits for one quantity. Report only real conflicts, each with both sentences
quoted verbatim and the path of the spec each comes from. Differences in wording that agree, or
a general rule with a stated exception, are not contradictions. Answer only by calling the tool."""


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with `$defs` references inlined: one self-contained object."""
    schema = model.model_json_schema()
    defs: dict[str, Any] = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.rsplit("/", 1)[1]])
            return {k: resolve(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    out: dict[str, Any] = resolve(schema)
    return out


def questions_tool() -> dict[str, Any]:
    return {
        "name": QUESTIONS_TOOL,
        "description": "Record the clarifying questions for one section of the spec.",
        "input_schema": inline_schema(ToolQuestions),
    }


def contradictions_tool() -> dict[str, Any]:
    return {
        "name": CONTRADICTIONS_TOOL,
        "description": "Record the contradictions found across the given specs (may be empty).",
        "input_schema": inline_schema(ToolContradictions),
    }


# -- what a section is -----------------------------------------------------------------------


def own_span(spec: Spec, section: Section) -> tuple[int, int]:
    """Offsets of a section's heading and body, up to its first subsection."""
    start = spec.index.offset(section.range.start)
    end = spec.index.offset(section.range.end)
    for child_id in section.children:
        child = spec.sections.get(child_id)
        if child is not None:
            end = min(end, spec.index.offset(child.range.start))
            break
    return start, end


def own_text(spec: Spec, section: Section) -> str:
    start, end = own_span(spec, section)
    return spec.text[start:end].rstrip()


def is_clarifications(spec: Spec, section: Section) -> bool:
    """The Clarifications section and its sessions: answers, not questions."""
    current: Section | None = section
    while current is not None:
        if current.title.strip().lower() == CLARIFICATIONS_TITLE:
            return True
        current = spec.sections.get(current.parent) if current.parent else None
    return False


def askable_sections(spec: Spec) -> list[Section]:
    """Sections with prose of their own, minus Clarifications and the glossary."""
    out = []
    for s in spec.sections.values():
        if is_clarifications(spec, s) or s.title.strip().lower() in GLOSSARY_TITLES:
            continue
        if any(b.kind != "heading" and b.prose.strip() for b in s.blocks):
            out.append(s)
    return out


def glossary(spec: Spec) -> str:
    for s in spec.sections.values():
        if s.title.strip().lower() in GLOSSARY_TITLES:
            start = spec.index.offset(s.range.start)
            end = spec.index.offset(s.range.end)
            return spec.text[start:end][:MAX_CONTEXT_CHARS]
    return ""


def linked_sections(spec: Spec, section: Section) -> list[Section]:
    """Sections this one refers to: `](#id)` links and requirement ids written in its text."""
    text = own_text(spec, section)
    wanted: list[str] = [m.group("id") for m in _ANCHOR.finditer(text)]
    wanted += [m.group(0) for m in REQUIREMENT_ID.finditer(text)]
    by_requirement = {
        r.id: s.id for s in spec.sections.values() for r in s.requirements if s.id != section.id
    }
    out: list[Section] = []
    for ref in wanted:
        sid = ref if ref in spec.sections else by_requirement.get(ref)
        if sid is None or sid == section.id:
            continue
        target = spec.sections[sid]
        if target not in out:
            out.append(target)
        if len(out) >= MAX_LINKED:
            break
    return out


def findings_text(spec: Spec, findings: list[Finding]) -> str:
    if not findings:
        return "(none)"
    lines = []
    for f in findings:
        start = spec.index.offset(f.range.start)
        end = spec.index.offset(f.range.end)
        flagged = spec.text[start:end][:80].replace("\n", " ")
        lines.append(f'- {f.rule} at "{flagged}": {f.message}')
    return "\n".join(lines)


# -- messages --------------------------------------------------------------------------------


def spec_block(spec: Spec) -> str:
    return f'<spec path="{spec.path}">\n{spec.text}\n</spec>'


def system_blocks(spec: Spec | None) -> list[dict[str, Any]]:
    """Instructions, then (for multi-section runs) the whole spec as the cached prefix."""
    blocks: list[dict[str, Any]] = [{"type": "text", "text": SYSTEM}]
    if spec is not None:
        blocks.append(
            {
                "type": "text",
                "text": "The whole specification, for context:\n" + spec_block(spec),
                "cache_control": {"type": "ephemeral"},
            }
        )
    return blocks


def section_message(
    spec: Spec,
    section: Section,
    findings: list[Finding],
    max_questions: int,
    with_context: bool,
) -> str:
    """The user turn for one section. `with_context`: add glossary and linked sections (when
    the whole spec is not already in the system prompt)."""
    parts = [
        f'<section id="{section.id}" title="{section.title}">\n{own_text(spec, section)}\n'
        "</section>",
        f"<findings>\n{findings_text(spec, findings)}\n</findings>",
    ]
    if with_context:
        gloss = glossary(spec)
        if gloss:
            parts.append(f"<glossary>\n{gloss}\n</glossary>")
        for linked in linked_sections(spec, section):
            text = own_text(spec, linked)[:MAX_CONTEXT_CHARS]
            parts.append(f'<linked-section id="{linked.id}">\n{text}\n</linked-section>')
    parts.append(
        f"Ask at most {max_questions} clarifying questions about section '{section.id}' "
        f"(fewer, or none, when it leaves nothing important open). Call {QUESTIONS_TOOL}."
    )
    return "\n\n".join(parts)


def analyze_message(specs: list[Spec]) -> str:
    body = "\n\n".join(spec_block(s) for s in specs)
    return (
        f"{body}\n\nFind the statements that contradict each other, within one spec or across "
        f"specs. Call {CONTRADICTIONS_TOOL}; an empty list when there are none."
    )
