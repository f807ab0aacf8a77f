"""The pre-commit hook, installed from this repository by pre-commit itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)


def try_repo(repo: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "spec-lint"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_blocks_a_bad_spec_then_passes_after_the_fix(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "speclint.toml").write_text('specs = ["specs/**/*.md"]\n', encoding="utf-8")
    (repo / "README.md").write_text("# Readme\n\nTBD\n", encoding="utf-8")  # not a spec
    spec = repo / "specs" / "export.md"
    spec.write_text("# Export\n\n## Format\n\nThe file format is TBD.\n", encoding="utf-8")
    git(repo, "add", "-A")

    blocked = try_repo(repo, tmp_path / "pre-commit-home")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "specs/export.md:5:20" in blocked.stdout and "ambiguity/placeholder" in blocked.stdout
    assert "README.md:" not in blocked.stdout

    spec.write_text("# Export\n\n## Format\n\nThe file format is CSV, UTF-8.\n", encoding="utf-8")
    git(repo, "add", "-A")
    passed = try_repo(repo, tmp_path / "pre-commit-home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(repo, "commit", "-qm", "spec").returncode == 0
