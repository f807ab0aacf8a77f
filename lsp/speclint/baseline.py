"""Baselines: adopt the linter on an existing spec by accepting today's findings.

A baseline stores one fingerprint per finding: rule, path and the text of the flagged words with
their line, whitespace folded, so findings survive lines moving up or down. Only findings beyond
those recorded count; a fingerprint recorded twice forgives two findings.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from .atomic import atomic_write
from .engine import LintRun
from .model import Finding, Spec

FORMAT = "speclint-baseline"
VERSION = 1


class BaselineError(Exception):
    pass


def fingerprint(f: Finding, spec: Spec | None) -> str:
    context = ""
    if spec is not None:
        start = spec.index.offset(f.range.start)
        end = spec.index.offset(f.range.end)
        line = spec.index.line_text(f.range.start.line)
        context = " ".join(spec.text[start:end].split()) + "|" + " ".join(line.split())
    raw = f"{f.rule}|{f.path}|{context}".encode()
    return hashlib.sha256(raw).hexdigest()[:20]


def fingerprints(run: LintRun) -> Counter[str]:
    return Counter(fingerprint(f, r.spec) for r in run.files for f in r.findings)


def write(run: LintRun, path: Path) -> int:
    entries = sorted(
        (
            {"path": f.path, "rule": f.rule, "fingerprint": fingerprint(f, r.spec)}
            for r in run.files
            for f in r.findings
        ),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    doc = {"format": FORMAT, "version": VERSION, "findings": entries}
    atomic_write(path, json.dumps(doc, indent=1) + "\n")
    return len(entries)


def load(path: Path) -> Counter[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline file; create it with --write-baseline {path}"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(
            f"{path}: not a speclint baseline ({exc}); recreate it with --write-baseline"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BaselineError(
            f'{path}: not a speclint baseline (no "format": "{FORMAT}"); '
            "recreate it with --write-baseline"
        )
    if doc.get("version") != VERSION:
        raise BaselineError(
            f"{path}: baseline version {doc.get('version')!r}, this speclint reads version "
            f"{VERSION}; recreate it with --write-baseline"
        )
    entries = doc.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f'{path}: "findings" must be a list; recreate it with --write-baseline')
    out: Counter[str] = Counter()
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str):
            raise BaselineError(
                f'{path}: entry {i + 1} has no "fingerprint" string; '
                "recreate it with --write-baseline"
            )
        out[e["fingerprint"]] += 1
    return out


def apply(run: LintRun, baseline: Counter[str]) -> int:
    """Drop findings the baseline accepts; returns how many were dropped."""
    left = Counter(baseline)
    dropped = 0
    for r in run.files:
        kept = []
        for f in r.findings:
            fp = fingerprint(f, r.spec)
            if left[fp] > 0:
                left[fp] -= 1
                dropped += 1
            else:
                kept.append(f)
        r.findings = kept
    return dropped
