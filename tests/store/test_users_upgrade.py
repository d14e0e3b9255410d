"""A database from before service workers takes them on its first connection, keeping its users."""

from __future__ import annotations

from pathlib import Path

from screening.store import users
from screening.store.db import connect
from screening.store.users import add_user, authenticate, find_user
from tests.conftest import database_file

OLD_TABLES = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('practitioner', 'service_lead', 'admin')),
    team TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE team_leads (
    user_id INTEGER NOT NULL REFERENCES users(id),
    team TEXT NOT NULL,
    PRIMARY KEY (user_id, team)
);
"""
PHRASE = "a long enough phrase"


def test_an_old_database_keeps_its_users_and_can_add_a_dapp_worker(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = database_file(path)  # a database of the release before, encrypted as every one is
    old.executescript(OLD_TABLES)
    old.execute("INSERT INTO users (id, name, password_hash, role, team, created_at) "
                "VALUES (7, 'lead.one', ?, 'service_lead', 'North', '2025-01-01')",
                (users._hasher.hash(PHRASE),))
    old.execute("INSERT INTO team_leads VALUES (7, 'North')")
    old.commit()
    old.close()

    upgraded = connect(path)
    kept = find_user(upgraded, "lead.one")
    assert kept is not None and (kept.id, kept.role, kept.service) == (7, "service_lead", None)
    assert authenticate(upgraded, "lead.one", PHRASE) is not None
    worker, _ = add_user(upgraded, "sam.dapp", "service_worker", "DAPP", PHRASE,
                         service="dapp", services=["dapp"])
    assert (worker.role, worker.service) == ("service_worker", "dapp")
    assert upgraded.execute("SELECT user_id, team FROM team_leads").fetchall() == [(7, "North")]
    assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_database_whose_names_already_had_keys_keeps_them_the_same_in_any_case(
        tmp_path: Path) -> None:
    """Made by the release before service workers: user names compared in any case (keys,
    index and triggers from upgrades.py). Rebuilding the users table must not lose that."""
    from screening.store.upgrades import APPLICATION_ID, name_key

    path = tmp_path / "keyed.db"
    old = database_file(path)  # a database of the release before, encrypted as every one is
    old.executescript(OLD_TABLES.replace("created_at TEXT NOT NULL\n);",
                                         "created_at TEXT NOT NULL,\n    name_key TEXT\n);", 1))
    old.execute("INSERT INTO users (id, name, password_hash, role, team, created_at, name_key) "
                "VALUES (3, 'Dr.Jones', ?, 'practitioner', 'Hill', '2025-01-01', ?)",
                (users._hasher.hash(PHRASE), name_key("Dr.Jones")))
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()

    upgraded = connect(path)
    assert authenticate(upgraded, "dr.jones", PHRASE) is not None
    try:
        add_user(upgraded, "DR.JONES", "admin", "Hill", PHRASE)
    except users.UserError as error:
        assert error.wording.code == "user_exists_other_case"
    else:
        raise AssertionError("a name differing only in case was added")
    worker, _ = add_user(upgraded, "sam.dapp", "service_worker", "DAPP", PHRASE,
                         service="dapp", services=["dapp"])
    assert find_user(upgraded, "SAM.DAPP") == worker
