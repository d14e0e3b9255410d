"""A receiving service's inbox (referrals sent to it in the tool), and which of a practitioner's
referrals a service has answered since the practitioner last looked."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from screening.referrals import SERVICE_ANSWERS, Referral
from screening.store.db import rows, transaction
from screening.store.referrals import from_row

_ANSWERS = ", ".join("?" * len(SERVICE_ANSWERS))


def for_team(db: sqlite_utils.Database, service: str, team: str) -> list[Referral]:
    """Referrals sent in the tool to this team of the service (or to all its teams), newest
    first."""
    return [from_row(db, row) for row in rows(
        db, "SELECT * FROM referrals WHERE service = ? AND sent_in_tool = 1 "
            "AND (sent_to_team IS NULL OR sent_to_team = ?) "
            "ORDER BY sent_on DESC, created_at DESC, rowid DESC", (service, team))]


def references(db: sqlite_utils.Database, screening_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Reference and team of each screening, by id, without opening its answers."""
    if not screening_ids:
        return {}
    marks = ", ".join("?" * len(screening_ids))
    return {str(r["id"]): r for r in rows(
        db, f"SELECT id, client_reference, team FROM screenings "  # noqa: S608  # nosec B608
            f"WHERE id IN ({marks})", tuple(screening_ids))}


def answered_since(db: sqlite_utils.Database, user_id: int) -> tuple[int, int]:
    """(how many of the practitioner's referrals someone else answered since they last looked,
    the latest event id to remember as looked at)."""
    seen = rows(db, "SELECT answers_seen_upto FROM users WHERE id = ?", (user_id,))
    upto = int(str(seen[0]["answers_seen_upto"])) if seen else 0
    # The placeholders are a fixed number of question marks, never input.
    found = rows(db, "SELECT COUNT(DISTINCT e.referral_id) AS answered, "  # noqa: S608  # nosec B608
                     "(SELECT COALESCE(MAX(id), 0) FROM referral_events) AS latest "
                     "FROM referral_events e JOIN referrals r ON r.id = e.referral_id "
                     "JOIN screenings s ON s.id = r.screening_id "
                     f"WHERE s.practitioner_id = ? AND e.id > ? AND e.status IN ({_ANSWERS}) "
                     "AND e.user_id IS NOT NULL AND e.user_id != ?",
                 (user_id, upto, *SERVICE_ANSWERS, user_id))
    return int(str(found[0]["answered"])), int(str(found[0]["latest"]))


def mark_looked(db: sqlite_utils.Database, user_id: int, upto: int) -> None:
    """The practitioner has seen every answer up to this event."""
    with transaction(db) as conn:
        conn.execute("UPDATE users SET answers_seen_upto = MAX(answers_seen_upto, ?) "
                     "WHERE id = ?", (upto, user_id))
