"""Every administrative act done with the `screening` command is in the audit log, with the
operating-system user who ran it and what was done."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from screening.cli import main
from screening.store.audit import entries
from screening.store.db import connect
from tests.engine.helpers import library_folder, tiny_definition

OS_USER = f"command line, OS user {getpass.getuser()}"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(tmp_path / "instance"))
    definition = tiny_definition()
    definition["status"] = "draft"
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES",
                       str(library_folder(tmp_path, definition, lock=False)))
    return tmp_path


def screening(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result


def logged(site: Path, action: str) -> list[dict[str, object]]:
    return entries(connect(site / "instance" / "screening.db"), action=action)


def test_user_changes_from_the_command_line_are_audited_with_the_os_user(site: Path) -> None:
    screening("users", "add", "dr.jones", "--role", "practitioner", "--team", "Hill")
    screening("users", "reset-password", "DR.JONES")
    screening("users", "disable", "dr.jones")
    for action, detail in (("user_add", "practitioner in Hill"),
                           ("user_reset", "new password generated"),
                           ("user_disable", "dr.jones can no longer sign in")):
        found = logged(site, action)
        assert len(found) == 1, action
        assert found[0]["object"] == "user/1" and found[0]["user_id"] is None
        assert found[0]["detail"] == f"{detail}; {OS_USER}"
    # The password itself is never in the log.
    assert all("Password" not in str(row["detail"]) for row in logged(site, "user_add"))


def test_backup_restore_purge_and_export_are_audited(site: Path) -> None:
    screening("users", "add", "dr.jones", "--role", "practitioner", "--team", "Hill")
    screening("backup", "monday.db")
    assert logged(site, "backup")[0]["detail"].startswith("to monday.db (")  # type: ignore[union-attr]
    screening("restore", "monday.db", "--yes")
    restored = logged(site, "restore")
    assert len(restored) == 1 and str(restored[0]["detail"]).endswith(OS_USER)
    screening("purge")
    assert str(logged(site, "purge")[0]["detail"]).endswith(OS_USER)
    screening("export", "--from", "2026-01-01", "--to", "2026-03-31", "--by", "month")
    exported = logged(site, "export_counts")
    assert exported[0]["detail"] == (f"csv from 2026-01-01 to 2026-03-31 by month teams all; "
                                     f"{OS_USER}")


def test_publishing_a_question_set_is_audited(site: Path) -> None:
    screening("users", "list")  # the database exists
    screening("questionnaires", "publish", "tiny@1")
    published = logged(site, "publish")
    assert published[0]["object"] == "question_set/tiny@1"
    assert "published, sha256 " in str(published[0]["detail"])
    assert str(published[0]["detail"]).endswith(OS_USER)
    lock = (site / "library" / "published.lock").read_text()
    assert "tiny/v1.json" in lock
    assert json.loads((site / "library" / "tiny" / "v1.json").read_text())["status"] == (
        "published")
