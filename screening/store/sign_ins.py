"""Sign-ins kept on the server: signing out, disabling an account or a new password ends them.

The session cookie is signed, so nobody can forge one; but a copied cookie would otherwise work
until its timeout. It names a sign-in here by a random token (only the token's SHA-256 is
stored), and a sign-in that has ended opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from typing import Any

import sqlite_utils

from screening.store.db import now, rows, transaction


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(db: sqlite_utils.Database, user_id: int) -> str:
    """Record a new sign-in; the token for the session cookie."""
    token = secrets.token_urlsafe(32)
    with transaction(db) as conn:
        conn.execute("INSERT INTO sign_ins (token_hash, user_id, started_at) VALUES (?, ?, ?)",
                     (_hash(token), user_id, now()))
    return token


def user_row(db: sqlite_utils.Database, token: str, user_id: int) -> dict[str, Any] | None:
    """The user of a sign-in that has not ended, or None."""
    for row in rows(db, "SELECT u.* FROM sign_ins s JOIN users u ON u.id = s.user_id "
                        "WHERE s.token_hash = ? AND s.user_id = ? AND s.ended_at IS NULL",
                    (_hash(token), user_id)):
        return row
    return None


def end(db: sqlite_utils.Database, token: str, because: str) -> None:
    """End one sign-in (signing out, a timeout)."""
    with transaction(db) as conn:
        conn.execute("UPDATE sign_ins SET ended_at = ?, ended_because = ? "
                     "WHERE token_hash = ? AND ended_at IS NULL", (now(), because, _hash(token)))


def end_all(conn: sqlite3.Connection, user_id: int, because: str) -> int:
    """End every open sign-in of a user, inside the caller's transaction; how many."""
    return int(conn.execute("UPDATE sign_ins SET ended_at = ?, ended_because = ? "
                            "WHERE user_id = ? AND ended_at IS NULL",
                            (now(), because, user_id)).rowcount)


def end_others(conn: sqlite3.Connection, user_id: int, keep_token: str, because: str) -> int:
    """End every open sign-in of a user but the one with this token (the person changing their
    own password stays signed in where they are), inside the caller's transaction; how many."""
    return int(conn.execute("UPDATE sign_ins SET ended_at = ?, ended_because = ? "
                            "WHERE user_id = ? AND ended_at IS NULL AND token_hash != ?",
                            (now(), because, user_id, _hash(keep_token))).rowcount)


def forget_before(conn: sqlite3.Connection, cutoff: str) -> int:
    """Delete sign-ins started before the cutoff (long past any timeout); how many."""
    return int(conn.execute("DELETE FROM sign_ins WHERE started_at < ?", (cutoff,)).rowcount)
