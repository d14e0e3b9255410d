"""The audit log: who signed in, viewed, changed or exported which record, and when.

Rows are only ever added; triggers in the schema refuse updates and deletes.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from screening.store.db import each_row, flush, now, rows, write_soon


def record(db: sqlite_utils.Database, user_id: int | None, action: str, object: str | None,
           detail: str | None = None, at: str | None = None) -> None:
    """Add one entry; inside an open transaction it commits or rolls back with it, and during a
    request it commits with the request's next write (or before the answer is sent). `at` is
    for synthetic history only (screening demo); everything else is logged as it happens."""
    write_soon(db, "INSERT INTO audit (at, user_id, action, object, detail) "
               "VALUES (?, ?, ?, ?, ?)", (at or now(), user_id, action, object, detail))


def has_action(db: sqlite_utils.Database, action: str) -> bool:
    """Whether the log holds any entry of this action (e.g. whether anyone ever signed in)."""
    return bool(rows(db, "SELECT 1 FROM audit WHERE action = ? LIMIT 1", (action,)))


def command_line_actor() -> str:
    """Who ran a `screening` command, for its audit entries: the operating-system user (the
    command line has no signed-in user; user_id stays empty)."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = f"uid {os.getuid()}"
    return f"command line, OS user {name}"


def record_command(db: sqlite_utils.Database, action: str, object: str | None,
                   detail: str) -> None:
    """An administrative act done with the `screening` command, with who did it."""
    record(db, None, action, object, f"{detail}; {command_line_actor()}")


def entries(db: sqlite_utils.Database, action: str | None = None,
            object: str | None = None) -> list[dict[str, Any]]:
    """Entries, oldest first, optionally only one action or one object."""
    flush(db)  # what this request recorded is part of the log it reads
    where, params = [], []
    if action is not None:
        where.append("action = ?")
        params.append(action)
    if object is not None:
        where.append("object = ?")
        params.append(object)
    # The clauses are fixed text above; every value is a parameter.
    sql = "SELECT * FROM audit WHERE " + (" AND ".join(where) or "1")  # noqa: S608  # nosec B608
    return rows(db, sql + " ORDER BY id", params)


@dataclass(frozen=True)
class AuditFilter:
    """What an admin narrows the log to; None means any."""

    user: str | None = None
    action: str | None = None
    object: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for clause, value in (("u.name = ?", self.user), ("a.action = ?", self.action),
                              ("a.object = ?", self.object)):
            if value:
                clauses.append(clause)
                params.append(value)
        if self.date_from is not None:
            clauses.append("a.at >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to is not None:
            clauses.append("a.at < ?")
            params.append((self.date_to + dt.timedelta(days=1)).isoformat())
        return " AND ".join(clauses) or "1", params

    def describe(self) -> str:
        """The filter in words, for the audit entry that records reading the log."""
        shown = [f"{name} {value}" for name, value in (
            ("user", self.user), ("action", self.action), ("object", self.object),
            ("from", self.date_from), ("to", self.date_to)) if value]
        return ", ".join(shown) or "everything"


_SELECT = ("SELECT a.id, a.at, a.user_id, u.name AS user_name, a.action, a.object, a.detail "
           "FROM audit a LEFT JOIN users u ON u.id = a.user_id WHERE ")


def search(db: sqlite_utils.Database, found: AuditFilter, limit: int,
           offset: int = 0) -> list[dict[str, Any]]:
    """One page of matching entries, newest first, with the user's name."""
    flush(db)
    where, params = found.where()
    # where is built from fixed clauses above; every value is a parameter.
    sql = _SELECT + where + " ORDER BY a.id DESC LIMIT ? OFFSET ?"
    return rows(db, sql, [*params, limit, offset])


def count(db: sqlite_utils.Database, found: AuditFilter) -> int:
    flush(db)
    where, params = found.where()
    # where is built from fixed clauses; every value is a parameter.
    sql = ("SELECT count(*) AS n FROM audit a LEFT JOIN users u ON u.id = a.user_id WHERE "  # noqa: S608
           + where)  # nosec B608
    return int(str(rows(db, sql, params)[0]["n"]))


def every(db: sqlite_utils.Database, found: AuditFilter) -> Iterator[dict[str, Any]]:
    """Every matching entry, oldest first, read as it is written out."""
    flush(db)
    where, params = found.where()
    return each_row(db, _SELECT + where + " ORDER BY a.id", params)


def actions(db: sqlite_utils.Database) -> list[str]:
    """Every kind of entry the log holds, for the filter's list."""
    flush(db)
    return [str(row["action"]) for row in rows(db, "SELECT DISTINCT action FROM audit "
                                                   "ORDER BY action")]
