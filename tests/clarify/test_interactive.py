"""The interactive run on a real terminal (a pty): choose, type, skip, see the diff, confirm."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from tests.clarify.conftest import SPEC, write_project
from tests.fakes.fake_anthropic import FakeAnthropic

TIMEOUT = 90  # the first prompt waits for Python to start and import the SDK


def spawn(path: Path, env: dict[str, str], *args: str) -> pexpect.spawn:
    full = {**os.environ, "TERM": "dumb", "COLUMNS": "160", "LINES": "50", **env}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "speclint", "clarify", str(path), *args],
        cwd=str(path.parent),
        env=full,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 160),
    )
    return child


def test_choose_type_skip_confirm(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    child = spawn(path, api_env)
    child.expect(r"\[1/3\] scope · payment · line 9 · model")
    child.expect("What exactly must hold in section payment")
    child.expect(r"A\) Mandatory, as written  \(recommended\)")
    child.expect(r"choice \[A\]: ")
    child.sendline("")  # Enter takes the recommended option
    child.expect(r"\[2/3\]")
    child.expect(r"choice \[A\]: ")
    child.sendline("o")
    child.expect("your answer: ")
    child.sendline("Back to the original card within 5 days")
    child.expect(r"\[3/3\]")
    child.expect(r"choice \[A\]: ")
    child.sendline("s")
    child.expect(r"\+- Q: What exactly must hold in section refunds\? → A: Back to the original")
    child.expect(r"write these changes to .*spec\.md\? \[y/N\]: ")
    child.sendline("y")
    child.expect(r"recorded 2 answer\(s\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = path.read_text(encoding="utf-8")
    assert (
        "The service charges the card when the order is placed. (confirmed) It should retry" in text
    )
    assert text.endswith(
        "- Q: What exactly must hold in section payment? → A: Mandatory, as written\n"
        "- Q: What exactly must hold in section refunds? → A: Back to the original card within"
        " 5 days\n"
    )
    assert "receipts?" not in text


def test_declining_writes_nothing(tmp_path: Path) -> None:
    path = write_project(tmp_path, "# S\n\n## Limits\n\nThe upload limit is TBD.\n")
    child = spawn(path, {"ANTHROPIC_API_KEY": ""})
    child.expect("offline")
    child.expect(r"choice \[S\]: ")  # an offline TBD: only the author knows, no default option
    child.sendline("A")
    child.expect(r"\[y/N\]: ")
    child.sendline("n")
    child.expect("nothing written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert path.read_text(encoding="utf-8") == "# S\n\n## Limits\n\nThe upload limit is TBD.\n"


def test_file_changed_while_asking_is_refused(
    fake: FakeAnthropic, api_env: dict[str, str], tmp_path: Path
) -> None:
    path = write_project(tmp_path)
    child = spawn(path, api_env, "--section", "refunds")
    child.expect(r"choice \[A\]: ")
    child.sendline("B")
    child.expect(r"\[y/N\]: ")
    meanwhile = SPEC + "\nEdited in the editor meanwhile.\n"
    path.write_text(meanwhile, encoding="utf-8")
    child.sendline("y")
    child.expect("changed on disk since it was read; nothing written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert path.read_text(encoding="utf-8") == meanwhile


def test_invalid_choice_asks_again(tmp_path: Path) -> None:
    path = write_project(tmp_path, "# S\n\n## Limits\n\nThe upload limit is TBD.\n")
    child = spawn(path, {"ANTHROPIC_API_KEY": ""}, "--yes")
    child.expect(r"choice \[S\]: ")
    child.sendline("D")
    child.expect("no option D")
    child.expect(r"choice \[S\]: ")
    child.sendline("x")
    child.expect("a one-letter answer must be an option")
    child.expect(r"choice \[S\]: ")
    child.sendline("q")
    child.expect("nothing answered; nothing written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
