"""Temporary lock-outs after repeated failed sign-ins, per user name and per network address.

Failures are counted by the name typed, whether or not such a user exists, so a lock-out says
nothing about which names are real. A name or an address with `most` failures inside the window
is refused until the oldest of them leaves it; attempts while locked out are not counted, so a
lock-out always ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from screening.store.db import rows, transaction
from screening.store.upgrades import name_key as user_name_key

_RECENT = {
    "name": "SELECT at FROM sign_in_failures WHERE name = ? AND at > ? ORDER BY at DESC LIMIT ?",
    "address": "SELECT at FROM sign_in_failures WHERE address = ? AND at > ? "
               "ORDER BY at DESC LIMIT ?",
}


@dataclass(frozen=True)
class Limits:
    per_name: int
    per_address: int
    window_seconds: int


@dataclass(frozen=True)
class Lockout:
    scope: str  # "name" or "address"
    until: float

    def minutes_left(self, moment: float) -> int:
        """Whole minutes to wait, at least one."""
        return max(1, int((self.until - moment + 59) // 60))


def name_key(name: str) -> str:
    """The same person typing their name in another case is the same name."""
    return user_name_key(name)


def lockout(db: sqlite_utils.Database, name: str, address: str, limits: Limits,
            moment: float) -> Lockout | None:
    """The lock-out in force for this name or this address, if any."""
    since = moment - limits.window_seconds
    for scope, value, most in (("name", name_key(name), limits.per_name),
                               ("address", address, limits.per_address)):
        times = [float(str(row["at"])) for row in rows(db, _RECENT[scope], (value, since, most))]
        if len(times) >= most:
            return Lockout(scope, times[-1] + limits.window_seconds)
    return None


def record_failure(db: sqlite_utils.Database, name: str, address: str, limits: Limits,
                   moment: float) -> Lockout | None:
    """Count one failure (and forget those older than the window); the lock-out it starts."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM sign_in_failures WHERE at <= ?",
                     (moment - limits.window_seconds,))
        conn.execute("INSERT INTO sign_in_failures (at, name, address) VALUES (?, ?, ?)",
                     (moment, name_key(name), address))
    return lockout(db, name, address, limits, moment)


def forget_name(db: sqlite_utils.Database, name: str) -> None:
    """After a successful sign-in or a password reset, the name starts again from no failures."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM sign_in_failures WHERE name = ?", (name_key(name),))
