"""Engine findings -> LSP diagnostics and edits. Pure functions: no server state."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from ..model import Edit, Finding, Range, Severity
from .positions import PositionCodec

SOURCE = "speclint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Rules whose finding marks text a reader can drop or that no longer matters.
_UNNECESSARY_RULES = frozenset({"structure/empty-section"})


def default_docs_url() -> str | None:
    """docs/rules.md of the source tree the package runs from, when it is there."""
    docs = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    return docs.as_uri() if docs.is_file() else None


def rule_anchor(rule_id: str) -> str:
    """The anchor docs/rules.md gives a rule's heading (GitHub's slug of `` `family/name` ``)."""
    return rule_id.replace("/", "").lower()


def diagnostic(
    finding: Finding, codec: PositionCodec, docs_url: str | None, root: Path
) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=(root / path).resolve().as_uri(),
                # Another file's text is not at hand: its columns are taken as they are, which
                # is exact for ASCII lines.
                range=codec.range_to_lsp(rng) if path == finding.path else naive_range(rng),
            ),
            message=message,
        )
        for path, rng, message in finding.related
    ]
    return types.Diagnostic(
        range=codec.range_to_lsp(finding.range),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=(
            types.CodeDescription(href=f"{docs_url}#{rule_anchor(finding.rule)}")
            if docs_url
            else None
        ),
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule in _UNNECESSARY_RULES else None,
        related_information=related or None,
        data={"section": finding.section} if finding.section else None,
    )


def naive_range(rng: Range) -> types.Range:
    return types.Range(
        types.Position(rng.start.line - 1, rng.start.column - 1),
        types.Position(rng.end.line - 1, rng.end.column - 1),
    )


def text_edit(edit: Edit, codec: PositionCodec) -> types.TextEdit:
    return types.TextEdit(range=codec.range_to_lsp(edit.range), new_text=edit.new_text)
