"""Backups taken while the tool is in use, restores, and retention."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import sqlite_utils

from screening.store.audit import entries
from screening.store.db import connect, transaction
from screening.store.maintenance import backup, purge, restore
from tests.conftest import database_file


def add_user(db: sqlite_utils.Database) -> int:
    with transaction(db) as conn:
        cursor = conn.execute(
            "INSERT INTO users (name, password_hash, role, team, created_at) "
            "VALUES ('gp-a', 'x', 'practitioner', 'Hill Surgery', '2026-01-01T00:00:00+00:00')")
    return int(cursor.lastrowid or 0)


def add_screening(db: sqlite_utils.Database, user_id: int, ident: str, status: str = "complete",
                  updated: str = "2026-11-01T10:00:00+00:00",
                  completed: str | None = "2026-11-01T10:00:00+00:00") -> None:
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO screenings (id, practitioner_id, team, setting, questionnaire, version, "
            "content_hash, status, client_reference, answers, outcome, risk_level, created_at, "
            "updated_at, completed_at) VALUES (?, ?, 'Hill Surgery', 'gp', 'routine-enquiry', 1, "
            "'h', ?, 'REF-' || ?, 'sealed answers', 'positive', 'standard', ?, ?, ?)",
            (ident, user_id, status, ident, updated, updated,
             completed if status == "complete" else None))


def test_a_backup_under_write_load_is_consistent_and_restores(tmp_path: Path) -> None:
    db = connect(tmp_path / "live.db")
    user = add_user(db)
    stop = threading.Event()
    written: list[str] = []

    def practitioner_saving() -> None:
        writer = connect(tmp_path / "live.db")
        n = 0
        while not stop.is_set() and n < 2000:
            add_screening(writer, user, f"s{n}")
            written.append(f"s{n}")
            n += 1

    thread = threading.Thread(target=practitioner_saving)
    thread.start()
    while len(written) < 50:
        pass
    backup(db, tmp_path / "copy.db")
    stop.set()
    thread.join()
    copy = sqlite_utils.Database(database_file(tmp_path / "copy.db"))
    saved = copy.execute("SELECT count(*) FROM screenings").fetchone()[0]
    assert 50 <= saved <= len(written)
    # Every row in the backup is whole: nothing half-written.
    assert copy.execute("SELECT count(*) FROM screenings WHERE client_reference IS NULL "
                        "OR answers != 'sealed answers'").fetchone()[0] == 0

    add_screening(db, user, "after-backup")
    restore(db, tmp_path / "copy.db", tmp_path / "kept.db")
    ids = {r[0] for r in db.execute("SELECT id FROM screenings").fetchall()}
    assert "after-backup" not in ids and len(ids) == saved


def test_purge_deletes_old_drafts_and_wipes_old_records_down_to_counts(tmp_path: Path) -> None:
    db = connect(tmp_path / "live.db")
    user = add_user(db)
    add_screening(db, user, "old-draft", status="draft", updated="2026-09-01T09:00:00+00:00")
    add_screening(db, user, "new-draft", status="draft", updated="2026-11-20T09:00:00+00:00")
    add_screening(db, user, "old-done", completed="2023-01-05T09:00:00+00:00")
    add_screening(db, user, "new-done", completed="2026-11-01T09:00:00+00:00")
    db.conn.execute("UPDATE screenings SET person_key = 'pseudonym', age_band = '25_34'")
    report = purge(db, completed_days=730, draft_days=30, today=dt.date(2026, 11, 24))
    assert (report.drafts_deleted, report.completed_anonymised) == (1, 1)
    rows = {r["id"]: r for r in db["screenings"].rows}
    assert set(rows) == {"new-draft", "old-done", "new-done"}
    assert rows["old-done"]["answers"] == "" and rows["old-done"]["client_reference"] == "purged"
    assert (rows["old-done"]["outcome"], rows["old-done"]["setting"]) == ("positive", "gp")
    # the age band still counts; the pseudonym of the record number goes with the number
    assert (rows["old-done"]["age_band"], rows["old-done"]["person_key"]) == ("25_34", None)
    assert rows["new-done"]["person_key"] == "pseudonym"
    assert rows["new-done"]["answers"] == "sealed answers"
    assert "deleted 1 draft(s)" in entries(db, action="purge")[0]["detail"]


def test_a_restore_while_practitioners_keep_saving_loses_no_later_save(tmp_path: Path) -> None:
    db = connect(tmp_path / "live.db")
    user = add_user(db)
    for n in range(200):
        add_screening(db, user, f"kept{n}")
    backup(db, tmp_path / "copy.db")
    stop, errors, written = threading.Event(), [], []

    def practitioner_saving() -> None:
        writer = connect(tmp_path / "live.db")
        n = 0
        while not stop.is_set() and n < 2000:
            try:
                add_screening(writer, user, f"new{n}")
                written.append(f"new{n}")
            except Exception as error:  # any error at all is what this test looks for
                errors.append(error)
            n += 1

    thread = threading.Thread(target=practitioner_saving)
    thread.start()
    while len(written) < 20:
        pass
    restore(db, tmp_path / "copy.db", tmp_path / "kept.db")
    after_restore = len(written)
    while len(written) < after_restore + 20 and thread.is_alive():
        pass
    stop.set()
    thread.join()
    assert errors == []  # nobody saw "database is locked"
    ids = {r[0] for r in connect(tmp_path / "live.db").execute("SELECT id FROM screenings")}
    assert {f"kept{n}" for n in range(200)} <= ids
    # Saves made after the restore finished are all there; saves from before it were replaced.
    assert set(written[after_restore + 1:]) <= ids
    assert connect(tmp_path / "live.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
