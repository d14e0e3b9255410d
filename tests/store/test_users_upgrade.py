"""A database from before service workers takes them on its first connection, keeping its users."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from screening.store import users
from screening.store.db import connect
from screening.store.users import add_user, authenticate, find_user

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
    old = sqlite3.connect(path)
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
    worker, _ = add_user(upgraded, "sam.dapp", "service_worker", "DAPP", PHRASE, "dapp",
                         ["dapp"])
    assert (worker.role, worker.service) == ("service_worker", "dapp")
    assert upgraded.execute("SELECT user_id, team FROM team_leads").fetchall() == [(7, "North")]
    assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []
