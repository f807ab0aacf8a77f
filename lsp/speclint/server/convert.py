"""Engine findings -> LSP diagnostics and edits. Pure functions: no server state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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

Pair = tuple[int, int]  # an LSP position: (line, character)
Json = dict[str, Any]


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
    return diagnostic_at(finding, lsp_pairs(finding, codec), docs_url, root)


def diagnostic_at(
    finding: Finding, where: tuple[Pair, ...], docs_url: str | None, root: Path
) -> types.Diagnostic:
    """The diagnostic of a finding whose LSP positions are `where` (see `lsp_pairs`)."""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=_lsp_range(start, end)), message=message
        )
        for start, end, uri, message in _related(finding, where, root)
    ]
    return types.Diagnostic(
        range=_lsp_range(where[0], where[1]),
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
    )


def _related(
    finding: Finding, where: tuple[Pair, ...], root: Path
) -> Iterator[tuple[Pair, Pair, str, str]]:
    """Each related location of a finding: LSP start and end, the file's URI, the message."""
    i = 2
    for path, rng, message in finding.related:
        if path == finding.path:
            start, end = where[i], where[i + 1]
            i += 2
        else:
            # Another file's text is not at hand: its columns are taken as they are, which
            # is exact for ASCII lines.
            start = (rng.start.line - 1, rng.start.column - 1)
            end = (rng.end.line - 1, rng.end.column - 1)
        yield start, end, (root / path).resolve().as_uri(), message


def _lsp_range(start: Pair, end: Pair) -> types.Range:
    return types.Range(types.Position(*start), types.Position(*end))


def lsp_pairs(finding: Finding, codec: PositionCodec) -> tuple[Pair, ...]:
    """All that a finding's diagnostic takes from the document text: the LSP positions of its
    range, then of each related range in the same file (start, end, start, end...)."""
    pair = codec.pair
    rng = finding.range
    if not finding.related:
        return (pair(rng.start), pair(rng.end))
    out = [pair(rng.start), pair(rng.end)]
    for path, other, _ in finding.related:
        if path == finding.path:
            out += (pair(other.start), pair(other.end))
    return tuple(out)


def _range_json(start: Pair, end: Pair) -> Json:
    return {
        "start": {"line": start[0], "character": start[1]},
        "end": {"line": end[0], "character": end[1]},
    }


def diagnostic_json(
    finding: Finding, where: tuple[Pair, ...], docs_url: str | None, root: Path
) -> Json:
    """`diagnostic(...)` as pygls puts it on the wire (camelCase, no None fields, the same key
    order), built directly: `where` is `lsp_pairs(finding, codec)`."""
    out: Json = {
        "range": _range_json(where[0], where[1]),
        "message": finding.message,
        "severity": _SEVERITY[finding.severity].value,
        "code": finding.rule,
    }
    if docs_url:
        out["codeDescription"] = {"href": f"{docs_url}#{rule_anchor(finding.rule)}"}
    out["source"] = SOURCE
    if finding.rule in _UNNECESSARY_RULES:
        out["tags"] = [types.DiagnosticTag.Unnecessary.value]
    if finding.related:
        out["relatedInformation"] = [
            {"location": {"uri": uri, "range": _range_json(start, end)}, "message": message}
            for start, end, uri, message in _related(finding, where, root)
        ]
    return out


def naive_range(rng: Range) -> types.Range:
    return types.Range(
        types.Position(rng.start.line - 1, rng.start.column - 1),
        types.Position(rng.end.line - 1, rng.end.column - 1),
    )


def text_edit(edit: Edit, codec: PositionCodec) -> types.TextEdit:
    return types.TextEdit(range=codec.range_to_lsp(edit.range), new_text=edit.new_text)
