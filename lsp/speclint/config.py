"""`speclint.toml` or `[tool.speclint]` in `pyproject.toml`: found by walking up from a path.

Every key is optional. A bad file raises `ConfigError` naming the file, the key and what is
allowed; front ends turn it into exit code 2 (CLI) or a logged message (server).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Severity

CONFIG_NAMES = ("speclint.toml", ".speclint.toml")

DEFAULT_SPECS = ("**/*.md",)
DEFAULT_SCENARIOS = ("scenarios/**/*.md", "scenarios/**/*.feature")
DEFAULT_TWINS = ("twins/*.yaml", "twins/*.yml")
# Folders never searched for specs: tools' and packages' own files.
DEFAULT_EXCLUDE = (
    "**/node_modules/**",
    "**/.venv/**",
    "**/venv/**",
    "**/.git/**",
    "**/.tox/**",
    "**/site-packages/**",
    "**/.speclint-cache/**",
    "**/CHANGELOG.md",
    "**/LICENSE.md",
)
# Sections that describe rather than require: they need no scenario.
DEFAULT_NON_REQUIREMENT_TITLES = (
    "overview",
    "introduction",
    "summary",
    "background",
    "context",
    "motivation",
    "goals",
    "non-goals",
    "glossary",
    "definitions",
    "terminology",
    "clarifications",
    "out of scope",
    "references",
    "appendix",
    "open questions",
    "revision history",
    "changelog",
    "table of contents",
    "contents",
    "abstract",
    "status",
    "authors",
    "acknowledgements",
    "acknowledgments",
    "alternatives considered",
    "rationale",
    "assumptions",
    "dependencies",
    "notes",
    # Measured by benchmarks and monitors rather than end-to-end scenarios.
    "non-functional requirements",
    "nonfunctional requirements",
)

TOP_KEYS = {
    "specs": "list of globs",
    "exclude": "list of globs",
    "scenarios": "list of globs (may point outside the project root: ../holdout/**/*.md)",
    "twins": "list of globs",
    "fail_on": '"info", "warning" or "error"',
    "max_file_size": "a size in bytes (integer)",
    "rfc2119": "true or false: upper-case MUST/SHOULD/MAY are RFC 2119 keywords everywhere",
    "rules": 'a table: rule id or family = "off" | "info" | "warning" | "error"',
    "vocabulary": "a table of word lists",
    "coverage": "a table: non_requirement_titles, requirement_titles",
    "clarify": "a table: model, max_questions, max_tokens, token_budget, concurrency, timeout",
}
SEVERITY_VALUES = ("off", "info", "warning", "error")


class ConfigError(Exception):
    """A config file that cannot be used: says where and what is allowed."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        where = f"{path}" + (f": key '{key}'" if key else "")
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.key = key


@dataclass(frozen=True)
class ClarifyConfig:
    model: str = "claude-sonnet-4-6"
    max_questions: int = 5
    max_tokens: int = 4096
    token_budget: int = 200_000  # per run, input + output
    concurrency: int = 4
    timeout: float = 60.0


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None = None  # the file it came from; None when defaults
    specs: tuple[str, ...] = DEFAULT_SPECS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    scenarios: tuple[str, ...] = DEFAULT_SCENARIOS
    twins: tuple[str, ...] = DEFAULT_TWINS
    fail_on: Severity = Severity.WARNING
    max_file_size: int = 10 * 1024 * 1024
    rfc2119: bool = False
    rules: dict[str, Severity | None] = field(default_factory=dict)  # None = off
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    non_requirement_titles: tuple[str, ...] = DEFAULT_NON_REQUIREMENT_TITLES
    requirement_titles: tuple[str, ...] = ()
    clarify: ClarifyConfig = field(default_factory=ClarifyConfig)

    def severity_for(self, rule: str, default: Severity) -> Severity | None:
        """The configured severity of `rule` (rule id first, then its family); None = off."""
        if rule in self.rules:
            return self.rules[rule]
        family = rule.split("/", 1)[0]
        if family in self.rules:
            return self.rules[family]
        return default

    def words(self, name: str) -> tuple[str, ...]:
        return self.vocabulary.get(name, ())


def find_config_file(start: Path) -> Path | None:
    """The nearest speclint.toml, or pyproject.toml with [tool.speclint], at or above `start`."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue  # a broken pyproject without our table is not ours to report
            if "speclint" in data.get("tool", {}):
                return pyproject
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the config for `start` (a file or folder), or from `explicit` when given."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(explicit, None, "no such config file")
        return _read(explicit)
    found = find_config_file(start or Path.cwd())
    if found is None:
        base = (start or Path.cwd()).resolve()
        root = base if base.is_dir() else base.parent
        return Config(root=root)
    return _read(found)


def _read(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror}") from None
    if path.name == "pyproject.toml":
        tool = raw.get("tool", {})
        table = tool.get("speclint", {}) if isinstance(tool, dict) else {}
        prefix = "tool.speclint."
    else:
        table, prefix = raw, ""
    if not isinstance(table, dict):
        raise ConfigError(path, prefix.rstrip(".") or None, "must be a table")
    return from_dict(table, root=path.parent.resolve(), path=path, prefix=prefix)


def from_dict(
    table: dict[str, Any], root: Path, path: Path | None = None, prefix: str = ""
) -> Config:
    where: Path | str = path or "<config>"
    for key in table:
        if key not in TOP_KEYS:
            allowed = ", ".join(sorted(TOP_KEYS))
            raise ConfigError(where, prefix + key, f"unknown key; allowed keys: {allowed}")
    kw: dict[str, Any] = {}
    for key in ("specs", "exclude", "scenarios", "twins"):
        if key in table:
            kw[key] = _str_list(table[key], where, prefix + key)
    if "exclude" in kw:
        kw["exclude"] = DEFAULT_EXCLUDE + kw["exclude"]
    if "fail_on" in table:
        value = table["fail_on"]
        if not isinstance(value, str) or value.lower() not in ("info", "warning", "error"):
            raise ConfigError(where, prefix + "fail_on", f"{value!r}: use info, warning or error")
        kw["fail_on"] = Severity.parse(value)
    if "max_file_size" in table:
        value = table["max_file_size"]
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ConfigError(where, prefix + "max_file_size", "must be a positive integer")
        kw["max_file_size"] = value
    if "rfc2119" in table:
        if not isinstance(table["rfc2119"], bool):
            raise ConfigError(where, prefix + "rfc2119", "must be true or false")
        kw["rfc2119"] = table["rfc2119"]
    if "rules" in table:
        kw["rules"] = _rules(table["rules"], where, prefix + "rules")
    if "vocabulary" in table:
        vocab = table["vocabulary"]
        if not isinstance(vocab, dict):
            raise ConfigError(where, prefix + "vocabulary", "must be a table of word lists")
        kw["vocabulary"] = {
            k: _str_list(v, where, f"{prefix}vocabulary.{k}") for k, v in vocab.items()
        }
    if "coverage" in table:
        cov = table["coverage"]
        if not isinstance(cov, dict):
            raise ConfigError(where, prefix + "coverage", "must be a table")
        for k, v in cov.items():
            if k == "non_requirement_titles":
                kw[k] = DEFAULT_NON_REQUIREMENT_TITLES + tuple(
                    t.lower() for t in _str_list(v, where, f"{prefix}coverage.{k}")
                )
            elif k == "requirement_titles":
                kw[k] = tuple(t.lower() for t in _str_list(v, where, f"{prefix}coverage.{k}"))
            else:
                raise ConfigError(
                    where,
                    f"{prefix}coverage.{k}",
                    "unknown key; allowed: non_requirement_titles, requirement_titles",
                )
    if "clarify" in table:
        kw["clarify"] = _clarify(table["clarify"], where, prefix + "clarify")
    return Config(root=root, path=path, **kw)


def _str_list(value: object, where: Path | str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, key, "must be a list of strings")
    return tuple(value)


def _rules(value: object, where: Path | str, key: str) -> dict[str, Severity | None]:
    from .rules import registry  # the catalogue knows which ids exist

    if not isinstance(value, dict):
        raise ConfigError(where, key, 'must be a table: "family/name" = "warning"')
    known = registry.known_ids()
    out: dict[str, Severity | None] = {}
    for rule, sev in value.items():
        if rule not in known:
            raise ConfigError(
                where, f"{key}.{rule}", "no such rule or family; `spec-lint rules` lists them"
            )
        if not isinstance(sev, str) or sev.lower() not in SEVERITY_VALUES:
            raise ConfigError(
                where, f"{key}.{rule}", f"{sev!r}: use one of {', '.join(SEVERITY_VALUES)}"
            )
        out[rule] = None if sev.lower() == "off" else Severity.parse(sev)
    return out


def _clarify(value: object, where: Path | str, key: str) -> ClarifyConfig:
    if not isinstance(value, dict):
        raise ConfigError(where, key, "must be a table")
    defaults = ClarifyConfig()
    kw: dict[str, Any] = {}
    for k, v in value.items():
        if not hasattr(defaults, k):
            allowed = ", ".join(ClarifyConfig.__dataclass_fields__)
            raise ConfigError(where, f"{key}.{k}", f"unknown key; allowed: {allowed}")
        expected = type(getattr(defaults, k))
        if expected is float and isinstance(v, int) and not isinstance(v, bool):
            v = float(v)
        if not isinstance(v, expected) or isinstance(v, bool):
            raise ConfigError(where, f"{key}.{k}", f"must be a {expected.__name__}")
        if isinstance(v, (int, float)) and v <= 0:
            raise ConfigError(where, f"{key}.{k}", "must be positive")
        kw[k] = v
    return ClarifyConfig(**kw)
