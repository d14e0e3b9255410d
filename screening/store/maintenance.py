"""Backup, restore and retention: the database's life outside a single request."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from screening.store import sign_ins
from screening.store.audit import record
from screening.store.db import transaction


def backup(db: sqlite_utils.Database, target: Path) -> int:
    """A consistent copy made with SQLite's online backup while the tool is in use; pages copied."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    copy = sqlite3.connect(str(target))
    try:
        db.conn.backup(copy)
        pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if check != "ok":
        raise RuntimeError(f"The backup at {target} failed its integrity check: {check}")
    return pages


def restore(db: sqlite_utils.Database, source: Path) -> None:
    """Replace the live database's contents with a backup, atomically, under the write lock."""
    if not source.exists():
        raise FileNotFoundError(f"There is no backup at {source}")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        check = origin.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"The backup at {source} is damaged: {check}")
        origin.backup(db.conn)
    finally:
        origin.close()


@dataclass(frozen=True)
class PurgeReport:
    drafts_deleted: int
    completed_anonymised: int
    held_deleted: int = 0


def purge(db: sqlite_utils.Database, completed_days: int, draft_days: int,
          today: dt.date | None = None, user_id: int | None = None) -> PurgeReport:
    """Delete abandoned drafts and wipe old completed screenings down to their counted columns."""
    today = today or dt.datetime.now(dt.UTC).date()
    draft_cutoff = (today - dt.timedelta(days=draft_days)).isoformat()
    done_cutoff = (today - dt.timedelta(days=completed_days)).isoformat()
    with transaction(db) as conn:
        drafts = conn.execute(
            "DELETE FROM screenings WHERE status = 'draft' AND updated_at < ?", (draft_cutoff,)
        ).rowcount
        # Counts keep working: setting, team, outcome, level, pathway, consent and handover
        # status stay; everything that could identify a person or repeat a disclosure goes,
        # the pseudonym of their record number too (with the key it could test a guess).
        done = conn.execute(
            "UPDATE screenings SET answers = '', result = NULL, client_reference = 'purged', "
            "local_record_number = NULL, person_key = NULL, judgement_reason = NULL, "
            "consent_reason = NULL, "
            "handover_sent_how = NULL, idempotency_key = NULL "
            "WHERE status = 'complete' AND completed_at < ? AND client_reference != 'purged'",
            (done_cutoff,)).rowcount
        # Offline submissions held for review carry whole answers: same limit as a record.
        held = conn.execute("DELETE FROM offline_review WHERE received_at < ?",
                            (done_cutoff,)).rowcount
        # Sign-ins past any timeout say no more than the audit log does: kept as long as drafts.
        sign_ins.forget_before(conn, draft_cutoff)
    record(db, user_id, "purge", None,
           f"deleted {drafts} draft(s) untouched since before {draft_cutoff}; anonymised "
           f"{done} screening(s) completed before {done_cutoff}; deleted {held} offline "
           "submission(s) held for review since before then")
    return PurgeReport(drafts, done, held)
