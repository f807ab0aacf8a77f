"""Linting with the workspace index: the index sees the editor's text, links rules see the index.

Everything here runs on the server's single lint thread, the only thread that touches the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..engine import FileResult, lint_spec, lint_text
from ..incremental_lint import DocumentLinter
from ..workspace import Workspace
from ..workspace.coverage import spec_coverage


@dataclass
class LinkedResult:
    result: FileResult
    affected: set[str]  # other paths whose findings may have changed
    coverage: float | None


class Index:
    """The workspace index plus the text it last saw of each file, so the same text is not
    indexed twice (which also stops two linked open files re-linting each other forever)."""

    def __init__(self, config: Config) -> None:
        self.ws = Workspace(config)
        self.config = config
        self.seen: dict[str, str] = {}
        self.live: dict[str, DocumentLinter] = {}  # specs open in the editor: linted as edited

    def kind(self, rel: str) -> str | None:
        return self.ws.kind(rel)

    def forget_and_update(self, rel: str) -> set[str]:
        """Re-read one file from disk (changed, created or deleted there)."""
        self.seen.pop(rel, None)
        return self.ws.update(rel) | {rel}

    def lint(self, rel: str, text: str, live: bool = False) -> LinkedResult:
        """Index `text` as the content of `rel` and lint it; `live`: the document is open in the
        editor and changes keystroke by keystroke, so it is parsed and linted incrementally."""
        linter = self.live.get(rel) if live else None
        if live and linter is None and self.ws.kind(rel) == "spec":
            linter = self.live[rel] = DocumentLinter(rel, self.config)
        affected: set[str] = set()
        spec = linter.parser.parse(text) if linter is not None else None
        if self.seen.get(rel) != text:
            affected = self.ws.update(rel, text, spec) - {rel}
            self.seen[rel] = text
        kind = self.ws.kind(rel)
        if kind in ("scenario", "twin"):
            return LinkedResult(FileResult(rel, None, self.ws.findings(rel)), affected, None)
        if linter is not None and spec is not None:
            result = FileResult(rel, spec, linter.lint_spec(spec, self.ws))
        else:
            indexed = self.ws.spec(rel)
            if indexed is None or indexed.text != text:
                result = lint_text(text, rel, self.config, self.ws)
            else:
                result = FileResult(rel, indexed, lint_spec(indexed, self.config, self.ws))
        coverage = spec_coverage(self.ws, rel) if self.ws.has_scenarios else None
        return LinkedResult(result, affected, coverage)

    def close(self, rel: str) -> None:
        """The editor closed the document: no more incremental state for it."""
        self.live.pop(rel, None)
