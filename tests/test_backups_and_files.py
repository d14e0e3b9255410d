"""Files the tool writes are its owner's alone, and `screening backup DIR --keep N` keeps the
newest N dated copies it wrote itself, never anything else in the folder."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from screening.cli import main
from screening.store.cipher import database_key
from screening.store.db import connect
from screening.store.maintenance import backup_into, dated_backups
from screening.web import create_app
from tests.conftest import app_config, question_folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """022, as on most servers: without care, new files would be readable by everyone."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual_umask: None) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(tmp_path / "srv" / "instance"))
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(question_folder()))
    assert screening("users", "add", "dr.jones", "--role", "practitioner",
                     "--team", "Hill").exit_code == 0
    return tmp_path


def screening(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_database_its_wal_and_shm_and_the_instance_folder_are_owner_only(
        tmp_path: Path, usual_umask: None) -> None:
    app = create_app(app_config(tmp_path / "srv"))
    instance = Path(app.config["INSTANCE_PATH"])
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    db.execute("INSERT INTO audit (at, action) VALUES ('now', 'x')")  # the WAL and SHM exist
    database = Path(app.config["DATABASE"])
    assert mode(instance) == 0o700
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"),
                 Path(f"{database}-writers.lock"), instance / "data_key"):
        assert path.exists() and mode(path) == 0o600, path
    assert mode(tmp_path / "srv") == 0o755  # folders above the instance are not ours to close


def test_backups_and_the_copy_kept_by_a_restore_are_owner_only(site: Path) -> None:
    assert screening("backup", "monday.db").exit_code == 0
    assert mode(site / "monday.db") == 0o600
    (site / "copies").mkdir()
    assert screening("backup", "copies", "--keep", "2").exit_code == 0
    [dated] = list((site / "copies").iterdir())
    assert mode(dated) == 0o600
    restored = screening("restore", "monday.db", "--yes")
    kept = Path(restored.output.split("as it was is kept at ", 1)[1].split(".db", 1)[0] + ".db")
    assert mode(kept) == 0o600
    assert not list(site.glob("*.db-wal")) and not list(site.glob("*.db-shm"))


def test_keep_removes_only_the_oldest_copies_it_wrote_itself(site: Path) -> None:
    folder = site / "second-disk"
    folder.mkdir()
    # Things in the folder that are not this command's dated copies stay, whatever their name.
    (folder / "notes.txt").write_text("rota\n")
    (folder / "screening-20200101T000000Z.db").write_text("a file that only looks like one\n")
    other = sqlite3.connect(folder / "screening-20200102T000000Z.db")
    other.execute("CREATE TABLE t (x)")
    other.close()
    db = connect(site / "srv" / "instance" / "screening.db")
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    written = [backup_into(db, folder, keep=3, moment=start + dt.timedelta(minutes=15 * n))[0]
               for n in range(5)]
    assert dated_backups(folder, database_key()) == written[2:]
    assert {p.name for p in folder.iterdir()} == {
        "notes.txt", "screening-20200101T000000Z.db", "screening-20200102T000000Z.db",
        *(p.name for p in written[2:])}


def test_backup_into_a_folder_from_the_command_says_what_it_removed(site: Path) -> None:
    (site / "copies").mkdir()
    first = screening("backup", "copies", "--keep", "1")
    assert first.exit_code == 0, first.output
    [old] = list((site / "copies").iterdir())
    assert old.name.startswith("screening-") and old.name.endswith("Z.db")
    second = screening("backup", "copies", "--keep", "1")
    assert f"Removed the older backup copies/{old.name}." in second.output
    [new] = list((site / "copies").iterdir())
    assert new != old
    refused = screening("backup", "missing-folder", "--keep", "3")
    assert refused.exit_code == 2
    assert "The folder missing-folder does not exist" in refused.output
