"""Opening the SQLite database the way every writer must: WAL, full sync, a busy timeout."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from screening.store.schema import create

BUSY_TIMEOUT_MS = 10_000


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (and on first use create) the database, ready for several writers at once."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we begin transactions ourselves, with BEGIN IMMEDIATE.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    _create_once(conn, str(path))
    return sqlite_utils.Database(conn)


# The schema cookie each database file had once this process last created its tables: the
# schema script runs on a file's first connection in a process (or if the file was replaced or
# its schema changed since), not on every request's.
_CREATED: dict[str, int] = {}


def _create_once(conn: sqlite3.Connection, path: str) -> None:
    key = path if path == ":memory:" else str(Path(path).resolve())
    cookie = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    if key != ":memory:" and _CREATED.get(key) == cookie and cookie != 0:
        return
    create(conn)
    _CREATED[key] = int(conn.execute("PRAGMA schema_version").fetchone()[0])


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock at once, so it never fails half-way."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
