"""A careless command loses nothing: `screening backup`, `restore` and bad settings refuse with a
clear message (exit 2) and leave every file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from screening.cli import main
from screening.store.audit import entries
from screening.store.cipher import database_key
from screening.store.db import connect
from screening.store.maintenance import application_id
from screening.store.upgrades import APPLICATION_ID
from tests.conftest import database_file, question_folder

SIDE_FILES = ("-wal", "-shm", "-writers.lock")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a live database holding one practitioner, and the admin in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(question_folder()))
    added = screening("users", "add", "dr.jones", "--role", "practitioner", "--team", "Hill")
    assert added.exit_code == 0, added.output
    return tmp_path


def screening(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def live(site: Path) -> Path:
    return site / "instance" / "screening.db"


def on_disk(folder: Path) -> dict[str, object]:
    """Every file under the folder: a database by what it holds, anything else by its bytes."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith(SIDE_FILES):
            continue
        if path.suffix == ".db" and application_id(path, database_key()) is not None:
            conn = database_file(path)
            tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                  "ORDER BY name").fetchall()
            found[str(path)] = [(name, sql, conn.execute(f'SELECT * FROM "{name}"').fetchall())
                                for name, sql in tables]
            conn.close()
        else:
            found[str(path)] = path.read_bytes()
    return found


def refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output


def test_restoring_an_empty_file_is_refused_and_the_database_is_kept(site: Path) -> None:
    (site / "EMPTY.db").write_bytes(b"")
    before = on_disk(site)
    refused(screening("restore", "EMPTY.db", "--yes"),
            "EMPTY.db is empty (0 bytes): it is not a backup of this tool. Nothing was changed")
    assert on_disk(site) == before


def test_restoring_another_programs_database_is_refused(site: Path) -> None:
    other = sqlite3.connect(site / "OTHER.db")
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    before = on_disk(site)
    refused(screening("restore", "OTHER.db", "--yes"),
            "OTHER.db is a SQLite database but not a backup of this tool")
    assert on_disk(site) == before
    # Marked by another program: refused by its application_id alone.
    marked = sqlite3.connect(site / "MARKED.db")
    marked.execute("PRAGMA application_id = 1234")
    marked.executescript("CREATE TABLE users (x); CREATE TABLE screenings (x); "
                         "CREATE TABLE screening_flags (x); CREATE TABLE audit (x); "
                         "CREATE TABLE team_leads (x);")
    marked.close()
    before = on_disk(site)
    refused(screening("restore", "MARKED.db", "--yes"),
            "MARKED.db is a database of another program (application_id 0x4d2)")
    assert on_disk(site) == before


def test_restoring_a_text_file_or_a_missing_one_is_refused(site: Path) -> None:
    (site / "notes.db").write_text("not a database at all, just some notes\n" * 5)
    before = on_disk(site)
    refused(screening("restore", "notes.db", "--yes"), "notes.db is not a SQLite database")
    refused(screening("restore", "missing.db", "--yes"), "There is no backup at missing.db")
    assert on_disk(site) == before


def test_a_restore_shows_what_it_replaces_and_keeps_a_copy_of_it(site: Path) -> None:
    assert screening("backup", "monday.db").exit_code == 0
    screening("users", "add", "nurse.k", "--role", "practitioner", "--team", "Hill")
    result = screening("restore", "monday.db", "--yes")
    assert result.exit_code == 0, result.output
    assert f"The database {live(site)} holds 2 users and 0 screenings." in result.output
    assert "The backup monday.db holds 1 user and 0 screenings." in result.output
    kept = Path(result.output.split("as it was is kept at ", 1)[1].split(".db", 1)[0] + ".db")
    assert kept.parent == site / "instance" and kept.is_file()
    names = [row[0] for row in database_file(kept).execute("SELECT name FROM users")]
    assert names == ["dr.jones", "nurse.k"]
    listed = screening("users", "list").output
    assert "dr.jones" in listed and "nurse.k" not in listed
    restored = entries(connect(live(site)), action="restore")
    assert restored and "from monday.db (1 users, 0 screenings), replacing 2 users" in (
        restored[-1]["detail"])


def test_backup_refuses_to_overwrite_a_file_unless_forced(site: Path) -> None:
    (site / "important.txt").write_text("the only copy of something\n")
    before = on_disk(site)
    refused(screening("backup", "important.txt"),
            "important.txt already exists, so nothing was written", "--force")
    assert on_disk(site) == before
    assert screening("backup", "important.txt", "--force").exit_code == 0
    assert application_id(site / "important.txt", database_key()) == APPLICATION_ID


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_backup_never_writes_over_the_live_database_even_forced(site: Path,
                                                                suffix: str) -> None:
    # The WAL and shared memory exist while a connection is open, as under a running server.
    server = connect(live(site))
    server.execute("SELECT count(*) FROM users").fetchone()
    before = on_disk(site)
    for force in ([], ["--force"]):
        refused(screening("backup", f"instance/screening.db{suffix}", *force),
                "is the live database or one of its files")
    assert on_disk(site) == before
    assert [r[0] for r in server.execute("SELECT name FROM users")] == ["dr.jones"]


def test_backup_makes_no_folders_and_says_why_a_path_cannot_be_used(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "notes.txt").write_text("a file\n")
    before = on_disk(site)
    refused(screening("backup", "backups/monday.db"),
            "The folder backups does not exist: create it first (mkdir -p backups)")
    refused(screening("backup", "notes.txt/monday.db"), "notes.txt is a file, not a folder")
    assert not (site / "backups").exists()

    def unwritable(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr("screening.store.maintenance.create_private_file", unwritable)
    (site / "locked").mkdir()
    result = screening("backup", "locked/monday.db")
    refused(result, "Cannot write in locked (Permission denied)")
    assert len(result.output.strip().splitlines()) == 1
    assert on_disk(site) == before


@pytest.mark.parametrize(("setting", "value", "allowed"), [
    ("SCREENING_PORT", "abc", "give a whole number from 1 to 65535"),
    ("SCREENING_PORT", "70000", "give a whole number from 1 to 65535"),
    ("SCREENING_SECURE_COOKIES", "maybe", "give true or false (also yes or no, on or off, 1 or 0)"),
    ("SCREENING_RETAIN_DRAFT_DAYS", "thirty", "give a whole number, such as 10"),
])
@pytest.mark.parametrize("command", [["users", "list"], ["serve"], ["purge"],
                                     ["backup", "x.db"], ["questionnaires", "check"]])
def test_a_setting_that_cannot_be_used_is_named_with_what_it_allows(
        site: Path, monkeypatch: pytest.MonkeyPatch, setting: str, value: str, allowed: str,
        command: list[str]) -> None:
    monkeypatch.setenv(setting, value)
    before = on_disk(site)
    refused(screening(*command), f"{setting} is set to '{value}', which cannot be used: {allowed}")
    assert on_disk(site) == before


def test_a_bad_setting_is_said_in_the_shells_language(site: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_PORT", "abc")
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    result = screening("users", "list")
    refused(result, "SCREENING_PORT", "'abc'")
    assert "cannot be used" not in result.output
