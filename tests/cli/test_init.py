"""`spec-lint init` in real-looking repositories: detects, writes, never overwrites."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data"


def copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(DATA / name, dest)
    return dest


def test_speckit_layout(tmp_path: Path) -> None:
    repo = copy("speckit", tmp_path)
    r = run_cli("init", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert "spec-kit layout: 1 spec files" in r.stdout
    config = tomllib.loads((repo / "speclint.toml").read_text(encoding="utf-8"))
    assert config["specs"] == ["specs/*/spec.md", "specs/*/plan.md"]
    scenario = (repo / "scenarios" / "example.md").read_text(encoding="utf-8")
    assert "covers: [FR-001]" in scenario
    assert (repo / "twins" / "example-service.yaml").exists()
    assert "spec-lint ." in r.stdout and "Next:" in r.stdout
    # The written config works: the spec lints with it.
    lint = run_cli(".", "--format", "json", cwd=repo)
    assert lint.returncode in (0, 1) and '"specs/003-team-invites/spec.md"' in lint.stdout


def test_kiro_layout(tmp_path: Path) -> None:
    repo = copy("kiro", tmp_path)
    r = run_cli("init", cwd=repo)
    assert r.returncode == 0 and "kiro layout: 1 spec files" in r.stdout
    config = tomllib.loads((repo / "speclint.toml").read_text(encoding="utf-8"))
    assert config["specs"][0] == ".kiro/specs/*/requirements.md"
    lint = run_cli(".", "--format", "json", cwd=repo)
    assert ".kiro/specs/webhook-delivery/requirements.md" in lint.stdout


def test_plain_docs_layout_and_dry_run(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "design.md").write_text("# Design\n\n## Storage\n\nText.\n")
    r = run_cli("init", "--dry-run", cwd=tmp_path)
    assert r.returncode == 0 and "would write speclint.toml" in r.stdout
    assert 'specs = ["docs/**/*.md"]' in r.stdout
    assert "covers: [docs/design.md#storage]" in r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_twice_in_a_row_overwrites_nothing(tmp_path: Path) -> None:
    repo = copy("speckit", tmp_path)
    assert run_cli("init", cwd=repo).returncode == 0
    (repo / "speclint.toml").write_text("# mine\n", encoding="utf-8")
    r = run_cli("init", cwd=repo)
    assert r.returncode == 0
    assert "skip   speclint.toml (already exists; not overwritten)" in r.stdout
    assert (repo / "speclint.toml").read_text(encoding="utf-8") == "# mine\n"


def test_existing_pyproject_table_is_respected(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.speclint]\nspecs = ["x/*.md"]\n')
    r = run_cli("init", cwd=tmp_path)
    assert "pyproject.toml already has [tool.speclint]" in r.stdout
    assert not (tmp_path / "speclint.toml").exists()


def test_broken_pyproject_is_reported_and_left_alone(tmp_path: Path) -> None:
    broken = '[project\nname = "x"\n'
    (tmp_path / "pyproject.toml").write_text(broken)
    r = run_cli("init", cwd=tmp_path)
    assert r.returncode == 0 and "pyproject.toml is not valid TOML" in r.stderr
    assert (tmp_path / "pyproject.toml").read_text() == broken
    assert (tmp_path / "speclint.toml").exists()


def make_read_only(folder: Path) -> None:
    """Root ignores permission bits; the immutable attribute stops root too."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)


def make_writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)


def test_unwritable_folder(tmp_path: Path) -> None:
    repo = copy("speckit", tmp_path)
    make_read_only(repo)
    try:
        r = run_cli("init", cwd=repo)
    finally:
        make_writable(repo)
    assert r.returncode == 2 and "is not writable; nothing written" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in repo.iterdir()) == ["specs"]


def test_file_where_a_folder_should_be(tmp_path: Path) -> None:
    repo = copy("speckit", tmp_path)
    (repo / "scenarios").write_text("not a folder")
    r = run_cli("init", cwd=repo)
    assert r.returncode == 0 and "skip   scenarios (already exists" in r.stdout
    assert (repo / "scenarios").read_text() == "not a folder"


def test_missing_folder(tmp_path: Path) -> None:
    r = run_cli("init", str(tmp_path / "missing"), cwd=tmp_path)
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_baseline_option(tmp_path: Path) -> None:
    repo = copy("speckit", tmp_path)
    r = run_cli("init", "--baseline", cwd=repo)
    assert r.returncode == 0 and "wrote  .speclint-baseline.json" in r.stdout
    assert run_cli(".", "--baseline", ".speclint-baseline.json", cwd=repo).returncode == 0
