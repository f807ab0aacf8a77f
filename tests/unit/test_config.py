"""Config: found by walking up, every key optional, bad files named with key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from speclint.config import ConfigError, load_config
from speclint.model import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(tmp_path)
    assert cfg.path is None and cfg.root == tmp_path.resolve()
    assert cfg.specs == ("**/*.md",) and cfg.fail_on is Severity.WARNING


def test_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "speclint.toml", 'fail_on = "error"\n')
    cfg = load_config(tmp_path / "specs" / "deep")
    assert cfg.fail_on is Severity.ERROR and cfg.root == tmp_path.resolve()


def test_pyproject_tool_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.speclint]\nspecs = ["docs/*.md"]\n')
    assert load_config(tmp_path).specs == ("docs/*.md",)


def test_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(tmp_path).path is None


def test_rule_severity_and_off(tmp_path: Path) -> None:
    write(
        tmp_path / "speclint.toml",
        '[rules]\n"ambiguity/placeholder" = "error"\n"structure" = "off"\n',
    )
    cfg = load_config(tmp_path)
    assert cfg.severity_for("ambiguity/placeholder", Severity.WARNING) is Severity.ERROR
    assert cfg.severity_for("structure/unreadable-file", Severity.ERROR) is None


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        ('fail_on = "loud"\n', "fail_on", "use info, warning or error"),
        ('colour = "red"\n', "colour", "unknown key"),
        ('specs = "a"\nscenarios = 3\n', "scenarios", "list of strings"),
        ('[rules]\n"ambiguity/nope" = "error"\n', "rules.ambiguity/nope", "no such rule"),
        ('[rules]\n"ambiguity/placeholder" = "loud"\n', "rules.ambiguity/placeholder", "off, info"),
        ('[clarify]\nmax_questions = "5"\n', "clarify.max_questions", "must be a int"),
        ("max_file_size = -1\n", "max_file_size", "positive"),
        ("this is = not toml [", None, "not valid TOML"),
    ],
)
def test_bad_config_names_file_key_and_fix(
    tmp_path: Path, text: str, key: str | None, says: str
) -> None:
    path = write(tmp_path / "speclint.toml", text)
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert str(path) in str(err.value)
    assert err.value.key == key
    assert says in str(err.value)
