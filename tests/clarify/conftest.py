"""Fixtures: the fake Messages API, an API key to watch for, a small spec project."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from speclint.config import Config, from_dict
from speclint.model import Spec
from speclint.parse import parse

from tests.fakes.fake_anthropic import FakeAnthropic

# Distinctive, so that a leak anywhere (error text, cache file, output) is found by a plain search.
KEY = "sk-ant-test-LEAKCANARY-7f3a9c2e"

SPEC = """\
# Checkout

## Glossary

Order: what a customer buys in one payment.

## Payment {#payment}

The service charges the card when the order is placed. It should retry failed charges.

## Refunds

Refunds go back to the card used in [Payment](#payment). A refund is issued within 5 days.

## Receipts

A receipt is emailed after every payment.
"""


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def api_env(fake: FakeAnthropic, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The key and the fake's address, in this process and for subprocesses."""
    env = {"ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": KEY}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)


def config(root: Path, **clarify: object) -> Config:
    table = {"timeout": 5.0, **clarify}
    return from_dict({"clarify": table}, root=root)


def spec_of(text: str = SPEC) -> Spec:
    return parse(textwrap.dedent(text), "spec.md")


def write_project(root: Path, text: str = SPEC, **clarify: object) -> Path:
    """A spec and a speclint.toml in `root`; returns the spec's path."""
    lines = ["[clarify]", "timeout = 5.0"] + [f"{k} = {v!r}" for k, v in clarify.items()]
    (root / "speclint.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = root / "spec.md"
    path.write_text(text, encoding="utf-8")
    return path


def files_containing(root: Path, needle: str) -> list[Path]:
    out = []
    for p in root.rglob("*"):
        if p.is_file() and needle.encode() in p.read_bytes():
            out.append(p)
    return out
