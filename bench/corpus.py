"""A generated spec corpus for benchmarks: realistic shapes (sections, requirement lists, tables,
code, EARS and spec-kit idioms), seeded so every run lints the same bytes."""

from __future__ import annotations

import random
from pathlib import Path

SUBJECTS = [
    "The service",
    "The API",
    "The importer",
    "The scheduler",
    "An operator",
    "The billing job",
    "The web client",
    "The sync worker",
    "The gateway",
    "The exporter",
]
VERBS = [
    "must validate",
    "must store",
    "shall reject",
    "must retry",
    "must log",
    "will notify",
    "must encrypt",
    "should cache",
    "must page",
    "shall expose",
]
OBJECTS = [
    "each incoming order",
    "the uploaded file",
    "each webhook from Stripe",
    "the session token",
    "failed payments",
    "the audit record",
    "pending invoices",
    "the customer's address",
    "the export archive",
    "stale cache entries",
]
# Real specs carry a few findings per 1,000 words (3.7 on shared/corpora), so most tails are
# concrete and a few are the usual offenders.
TAILS = [
    "within 200 ms at p95.",
    "before it is written to the database.",
    "for 30 days, then delete it.",
    "using the retry policy in REQ-4.",
    "when the queue holds more than 10,000 items.",
    "unless the user cancels the request.",
    "with at most 3 attempts, 2 s apart.",
    "and records the result in the audit log.",
    "once per hour, at minute 5.",
    "in the time zone of the account.",
]
VAGUE_TAILS = [
    "as appropriate.",
    "quickly and reliably.",
    "if possible.",
    "and so on.",
    "in a user-friendly way.",
]
WORDS = [
    "data",
    "request",
    "response",
    "user",
    "account",
    "order",
    "payment",
    "invoice",
    "report",
    "queue",
    "worker",
    "event",
    "schema",
    "field",
    "record",
    "table",
    "index",
    "cache",
    "token",
    "session",
    "limit",
    "quota",
    "region",
    "replica",
]


def sentence(rng: random.Random) -> str:
    tail = rng.choice(VAGUE_TAILS if rng.random() < 0.08 else TAILS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}"


def paragraph(rng: random.Random, lines: int) -> str:
    text = " ".join(sentence(rng) for _ in range(lines * 2))
    out, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 96:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return "\n".join(out)


def spec(rng: random.Random, n: int, target_bytes: int) -> str:
    parts = [
        f"# Feature {n}: {rng.choice(WORDS).title()} {rng.choice(WORDS)}\n",
        "## Overview\n",
        paragraph(rng, 4),
        "\n",
    ]
    req = 1
    while sum(len(p) for p in parts) < target_bytes:
        kind = rng.random()
        parts.append(f"## REQ-{req} {rng.choice(WORDS).title()} handling\n")
        parts.append(paragraph(rng, rng.randint(2, 6)) + "\n")
        if kind < 0.4:
            parts.extend(
                f"- **FR-{req:03d}{i}**: System MUST {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
                for i in range(rng.randint(2, 5))
            )
            parts.append("")
        elif kind < 0.6:
            parts.append("| Field | Type | Notes |\n|---|---|---|")
            parts.extend(
                f"| `{rng.choice(WORDS)}_{i}` | string | {sentence(rng)} |" for i in range(4)
            )
            parts.append("")
        elif kind < 0.75:
            parts.append('```json\n{"id": "req_1", "state": "pending", "items": [1, 2]}\n```\n')
        else:
            parts.append("1. WHEN the request is invalid THEN the system SHALL reject it with 400.")
            parts.append("2. WHEN the provider times out THEN the system SHALL retry twice.\n")
        req += 1
    return "\n".join(parts) + "\n"


def generate(folder: Path, files: int = 1000, total_mb: float = 20.0, seed: int = 7) -> list[Path]:
    """Write `files` specs totalling about `total_mb` MB under `folder`; reuse them when present."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f".corpus-v2-{files}-{total_mb}-{seed}"
    paths = [folder / f"spec_{i:04d}.md" for i in range(files)]
    if marker.exists() and all(p.exists() for p in paths):
        return paths
    rng = random.Random(seed)
    per_file = int(total_mb * 1_000_000 / files)
    for i, p in enumerate(paths):
        p.write_text(spec(rng, i, per_file), encoding="utf-8")
    marker.touch()
    return paths
