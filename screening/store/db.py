"""Opening the SQLite database the way every writer must: WAL, full sync, a busy timeout."""

from __future__ import annotations

import datetime as dt
import fcntl
import math
import os
import sqlite3
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from screening import settings
from screening.store.cipher import DatabaseKey, database_key, open_database, open_plain
from screening.store.schema import create
from screening.store.upgrades import ForeignDatabase, refuse_foreign
from screening.wording import N_, Template

# Said by every command that needs an existing database (backup, encrypt-database, purge…).
NO_DATABASE = Template("no_database", N_(
    "There is no database at %(path)s; set SCREENING_DATABASE or SCREENING_INSTANCE_PATH to "
    "where it is"))

BUSY_TIMEOUT_MS = 10_000


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def make_private_folder(folder: Path) -> None:
    """The folder (and any missing parents) for the database or keys: a new one is owner-only."""
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)


def create_private_file(path: Path) -> None:
    """A new, empty file only its owner may read (0600), whatever the umask; never an existing
    one (FileExistsError)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class WritersBusy(RuntimeError):
    """Another writer held the writers' lock longer than this one may wait: nothing was
    written; try again after `retry_after` seconds."""

    def __init__(self, waited: float) -> None:
        self.waited = waited
        self.retry_after = max(1, math.ceil(waited))
        super().__init__(f"Another change held the database for more than {waited:g} seconds "
                         "(SCREENING_WRITE_WAIT_SECONDS); nothing was written")


def connect(path: str | Path, write_wait: float | None = None,
            key: DatabaseKey | None = None) -> sqlite_utils.Database:
    """Open (and on first use create) the database, encrypted with the database key (from
    SCREENING_DB_KEY or the instance folder unless given), ready for several writers at once.
    A write waits at most `write_wait` seconds (SCREENING_WRITE_WAIT_SECONDS) for the others.
    An unencrypted file is refused (CannotOpen), never written into."""
    memory = str(path) == ":memory:"
    if memory:
        conn = open_plain(path, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        path = Path(path)
        key = key or database_key()
        make_private_folder(path.parent)
        # SQLite gives the -wal, -shm and journal files the database file's own mode, so a
        # database created owner-only keeps every file beside it owner-only too.
        try:
            create_private_file(path)
        except FileExistsError:
            pass
        conn = open_database(path, key, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        refuse_foreign(conn)
    except ForeignDatabase:
        conn.close()
        raise
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    _create_once(conn, str(path))
    db = sqlite_utils.Database(conn)
    if not memory and key is not None:
        _KEYS[db] = key
        descriptor = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
        wait = float(str(settings.read("WRITE_WAIT_SECONDS"))) if write_wait is None else write_wait
        _WRITER_LOCKS[db] = (descriptor, wait)
        weakref.finalize(db, os.close, descriptor)
    return db


# The key each open database was opened with: its backups are encrypted with the same one.
_KEYS: weakref.WeakKeyDictionary[sqlite_utils.Database, DatabaseKey] = (
    weakref.WeakKeyDictionary())


def key_of(db: sqlite_utils.Database) -> DatabaseKey:
    """The key the database was opened with (the configured one for a database in memory)."""
    return _KEYS.get(db) or database_key()


# Writers queue on an OS lock before SQLite's own. When SQLite finds its write lock taken it
# sleeps and retries (1, 2, 5, 10… up to 100 ms), so under load a writer waits for the next
# retry, not for the lock; a waiter here tries again after 0.2 ms, doubling to at most 2 ms.
# The lock file sits beside the database; a process that dies lets go of it. SQLite's lock
# stays the real one. Waiting is bounded: a writer stuck while holding the lock (a slow disk, a
# stopped process) makes the others give up after SCREENING_WRITE_WAIT_SECONDS with
# WritersBusy (the pages say 503 and Retry-After) instead of every request stalling behind it.
# (A blocking flock() would wake at once but cannot wait with a time limit.)
_WRITER_LOCKS: weakref.WeakKeyDictionary[sqlite_utils.Database, tuple[int, float]] = (
    weakref.WeakKeyDictionary())
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0002, 0.002


def _take_writers_lock(descriptor: int, wait: float) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    deadline, pause = time.monotonic() + wait, _FIRST_PAUSE
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise WritersBusy(wait)
        time.sleep(min(pause, left))
        pause = min(pause * 2, _LONGEST_PAUSE)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            continue


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


Statement = tuple[str, tuple[object, ...]]
# Writes that may wait for the next commit on their connection (audit entries of a request):
# each commit under synchronous=FULL is an fsync made while holding the one write lock, so a
# request that records a view and then saves answers commits both at once, not one by one.
_DEFERRED: weakref.WeakKeyDictionary[sqlite_utils.Database, list[Statement]] = (
    weakref.WeakKeyDictionary())


def defer_writes(db: sqlite_utils.Database) -> None:
    """From now on `write_soon` statements on this connection wait for its next transaction or
    `flush`; the web layer calls this at the start of a request and `flush` before answering."""
    _DEFERRED.setdefault(db, [])


def write_soon(db: sqlite_utils.Database, sql: str, params: tuple[object, ...]) -> None:
    """Run a statement now inside an open transaction, else with the next commit when this
    connection defers writes, else now on its own."""
    pending = _DEFERRED.get(db)
    if pending is None or db.conn.in_transaction:
        db.conn.execute(sql, params)
    else:
        pending.append((sql, params))


def flush(db: sqlite_utils.Database, stop_deferring: bool = False) -> None:
    """Commit whatever waits (in one transaction); with stop_deferring, write at once again."""
    try:
        if _DEFERRED.get(db) and not db.conn.in_transaction:
            with transaction(db):
                pass
    finally:
        if stop_deferring:
            _DEFERRED.pop(db, None)


def forget_deferred(db: sqlite_utils.Database) -> None:
    """Drop what waits and write at once again: for a request answered 503 because the writers'
    lock stayed taken, whose page (and so its viewing) never reached anyone."""
    _DEFERRED.pop(db, None)


# Where rows are read from: the tool's database, or a bare connection (counts, the command).
Readable = sqlite_utils.Database | sqlite3.Connection


def each_row(source: Readable, sql: str,
             params: Sequence[object] = ()) -> Iterator[dict[str, object]]:
    """The rows a query returns, as dicts, one at a time: for a result too long to hold at once
    (an export). Inside a transaction it reads what the transaction sees."""
    conn = source.conn if isinstance(source, sqlite_utils.Database) else source
    cursor = conn.execute(sql, tuple(params))
    names = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def rows(source: Readable, sql: str, params: Sequence[object] = ()) -> list[dict[str, object]]:
    """The rows a query returns, as dicts keyed by column name (alias a computed column).

    The one way the tool reads its records (users, screenings, referrals, the audit log,
    receipts, counts): straight SQL, because sqlite-utils' table helpers read the table's
    structure (and wrap a savepoint) on every call, and pages read on every request. Writes go
    through `transaction`. Only the housekeeping of a database file (PRAGMAs, sqlite_master,
    schema changes, and the checks of a backup, a copy or a file about to be replaced: schema.py,
    upgrades.py, cipher.py, maintenance.py, encrypting.py, screening/demo.py) asks a connection
    directly.
    """
    return list(each_row(source, sql, params))


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock at once, so it never fails half-way.
    Deferred writes of this connection go in first and commit with it. Inside another
    transaction it is part of that one (a change and its audit entry commit together)."""
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    queue = _WRITER_LOCKS.get(db)
    if queue is not None:
        _take_writers_lock(*queue)
    try:
        conn.execute("BEGIN IMMEDIATE")
        pending = _DEFERRED.get(db)
        waiting = list(pending or ())
        try:
            if pending:
                pending.clear()
                for sql, params in waiting:
                    conn.execute(sql, params)
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            if pending is not None:
                pending[:0] = waiting  # still to be written, with the next commit
            raise
        conn.execute("COMMIT")
    finally:
        if queue is not None:
            fcntl.flock(queue[0], fcntl.LOCK_UN)
