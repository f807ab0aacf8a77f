"""Bad input shows a clear message in the panel, never a traceback, and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import speclint_jupyter.panel as panel_module
from speclint_jupyter import SpecPanel
from speclint_jupyter.review import Review


def notices(panel: SpecPanel) -> str:
    return str(panel.notices.value)


def test_missing_path(tmp_path: Path) -> None:
    panel = SpecPanel(tmp_path / "nope", auto_refresh=False)
    assert panel.error is not None and "nope: no such file or folder" in panel.error
    assert 'class="speclint-error"' in notices(panel)
    assert "Check the path given to SpecPanel" in notices(panel)
    assert panel.visible_rows() == []
    assert panel.status.value == "Nothing linted."


def test_folder_without_specs(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a spec", encoding="utf-8")
    panel = SpecPanel(tmp_path, auto_refresh=False)
    assert panel.error is not None
    assert "no spec files under" in panel.error and "**/*.md" in panel.error


def test_non_utf8_spec_is_named_and_the_others_are_linted(project: Path) -> None:
    (project / "specs" / "latin1.md").write_bytes("# Caf\xe9\n\nna\xefve TBD\n".encode("latin-1"))
    panel = SpecPanel(project, auto_refresh=False)
    assert panel.error is None
    assert "specs/latin1.md: not UTF-8 (byte 0xe9 at line 1)" in notices(panel)
    paths = {r.path for r in panel.visible_rows()}
    assert {"specs/latin1.md", "specs/checkout.md"} <= paths
    unreadable = [r for r in panel.visible_rows() if r.path == "specs/latin1.md"]
    assert [r.rule for r in unreadable] == ["structure/unreadable-file"]


def test_broken_config(project: Path) -> None:
    (project / "speclint.toml").write_text("specs = [unclosed\n", encoding="utf-8")
    panel = SpecPanel(project, auto_refresh=False)
    assert panel.error is not None and panel.error.startswith("config error:")
    assert "not valid TOML" in panel.error


def test_spec_deleted_while_open(project: Path) -> None:
    panel = SpecPanel(project, auto_refresh=False)
    (project / "specs" / "checkout.md").unlink()
    panel.refresh_button.click()
    assert panel.error is None
    assert "specs/checkout.md was deleted or renamed since the last refresh" in notices(panel)
    assert all(r.path != "specs/checkout.md" for r in panel.visible_rows())
    assert "specs/checkout.md" not in panel.summary_table.value


def test_the_one_spec_deleted_keeps_the_last_results(project: Path) -> None:
    spec = project / "specs" / "checkout.md"
    panel = SpecPanel(spec, auto_refresh=False)
    before = panel.visible_rows()
    assert before
    spec.unlink()
    panel.refresh_button.click()
    assert panel.error is not None and "no such file or folder" in panel.error
    assert "still show the previous results" in notices(panel)
    assert panel.visible_rows() == before  # nothing lost from the view
    # the file comes back: the next refresh clears the error
    spec.write_text("# Checkout\n\nTBD\n", encoding="utf-8")
    panel.refresh_button.click()
    assert panel.error is None and notices(panel) == ""


def test_an_engine_crash_is_a_message_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = SpecPanel(project, auto_refresh=False)

    def boom(target: Path, progress: object = None) -> Review:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(panel_module, "load_review", boom)
    panel.refresh_button.click()
    assert panel.error == "internal error while linting: RuntimeError('parser exploded')"
    assert "Traceback" not in notices(panel)
    assert panel.visible_rows()  # the previous results stay
