"""An existing database is marked as this tool's and its user names compared in any case,
without losing anyone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from screening.store.cipher import IntegrityError
from screening.store.db import connect
from screening.store.schema import SCHEMA
from screening.store.upgrades import APPLICATION_ID, SCHEMA_VERSION, ForeignDatabase
from screening.store.users import add_user, authenticate, find_user, same_in_any_case
from tests.conftest import database_file

PASSWORD = "correct horse battery staple"


def old_database(path: Path, *names: str) -> None:
    """A database as the tool made it before user names had keys and files were marked."""
    conn = database_file(path)
    conn.executescript(SCHEMA)
    for name in names:
        conn.execute("INSERT INTO users (name, password_hash, role, team, created_at) "
                     "VALUES (?, ?, 'practitioner', 'Hill', '2026-01-01T00:00:00+00:00')",
                     (name, f"hash of {name}"))
    conn.commit()
    conn.close()


def test_an_old_database_is_marked_and_its_names_found_in_any_case(tmp_path: Path) -> None:
    old_database(tmp_path / "old.db", "Dr.Jones", "nurse.k")
    db = connect(tmp_path / "old.db")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    found = find_user(db, "DR.JONES")
    assert found is not None and found.name == "Dr.Jones"


def test_names_that_already_differed_only_in_case_both_stay(tmp_path: Path) -> None:
    old_database(tmp_path / "old.db", "DR.JONES", "dr.jones")
    db = connect(tmp_path / "old.db")
    assert [r[0] for r in db.execute("SELECT name FROM users ORDER BY id")] == [
        "DR.JONES", "dr.jones"]
    assert same_in_any_case(db) == [("DR.JONES", "dr.jones")]
    # Each is found only by the exact name: neither signs in as the other.
    assert find_user(db, "dr.jones").name == "dr.jones"  # type: ignore[union-attr]
    assert find_user(db, "DR.JONES").name == "DR.JONES"  # type: ignore[union-attr]
    assert find_user(db, "Dr.Jones") is None
    # And no third one can join them, even written into the table directly.
    with pytest.raises(IntegrityError, match="more than case"):
        db.execute("INSERT INTO users (name, name_key, password_hash, role, team, created_at) "
                   "VALUES ('Dr.Jones', 'dr.jones', 'x', 'admin', 'T', 'now')")


def test_a_new_name_signs_in_in_any_case(tmp_path: Path) -> None:
    db = connect(tmp_path / "new.db")
    add_user(db, "Łucja.Nowak", "practitioner", "Hill", PASSWORD)
    assert authenticate(db, "łucja.nowak", PASSWORD) is not None
    assert authenticate(db, "ŁUCJA.NOWAK ", PASSWORD) is not None


def test_another_programs_database_is_never_written_into(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("PRAGMA application_id = 42")
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(ForeignDatabase, match="another program"):
        connect(tmp_path / "other.db")
    tables = sqlite3.connect(tmp_path / "other.db").execute(
        "SELECT name FROM sqlite_master").fetchall()
    assert tables == [("contacts",)]
