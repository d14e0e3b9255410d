"""Marks and changes an existing database needs beyond `CREATE … IF NOT EXISTS` (schema.py).

Kept apart from the table definitions so that adding a table there and changing an old
database here never touch the same lines. Each step is idempotent and runs in one
`BEGIN IMMEDIATE` transaction, so several workers starting at once apply it exactly once.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from screening.wording import N_, Template

# `PRAGMA application_id`: the four bytes at offset 68 of the file say "a database of this
# tool", so restore can refuse another program's SQLite file. 0x5343524E is ASCII "SCRN".
APPLICATION_ID = 0x5343524E
# `PRAGMA user_version`: the newest layout this code knows. 1 = marked, user names have keys.
SCHEMA_VERSION = 1

# One user name in any case: `DR.JONES` and `dr.jones` are the same person. Names that already
# differed only in case when a database was upgraded both stay (nothing is lost); each signs in
# with their name typed exactly as it is, and no new name may collide (screening/store/users.py).
_USER_NAME_KEYS = (
    "CREATE INDEX IF NOT EXISTS users_by_name_key ON users (name_key)",
    "CREATE TRIGGER IF NOT EXISTS users_name_key_new BEFORE INSERT ON users "
    "WHEN NEW.name_key IS NOT NULL AND EXISTS (SELECT 1 FROM users WHERE name_key = NEW.name_key) "
    "BEGIN SELECT RAISE(ABORT, 'a user name must differ from the others in more than case'); END",
    "CREATE TRIGGER IF NOT EXISTS users_name_key_changed BEFORE UPDATE OF name_key ON users "
    "WHEN NEW.name_key IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM users WHERE name_key = NEW.name_key AND id != NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'a user name must differ from the others in more than case'); END",
)


# Said by every command and by the server's start-up when the database is another program's.
FOREIGN_DATABASE = Template("foreign_database", N_(
    "%(path)s is a database of another program (application_id %(found)s), so nothing was "
    "written into it: set SCREENING_DATABASE to this tool's own database"))


class ForeignDatabase(RuntimeError):
    """The file is another program's SQLite database: the tool will not write into it."""

    def __init__(self, found: int) -> None:
        self.found = found
        super().__init__(f"The database belongs to another program (application_id "
                         f"{found:#x}, not {APPLICATION_ID:#x}); the tool will not write into "
                         "it: set SCREENING_DATABASE to this tool's own file")


def name_key(name: str) -> str:
    """A user name as compared: the same letters in any case (and any Unicode form) match."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def is_current(conn: sqlite3.Connection) -> bool:
    return (int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID
            and int(conn.execute("PRAGMA user_version").fetchone()[0]) >= SCHEMA_VERSION)


def refuse_foreign(conn: sqlite3.Connection) -> None:
    """ForeignDatabase when the file is marked as another program's: checked before anything
    (WAL mode, tables) is written into it."""
    found = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if found not in (0, APPLICATION_ID):
        raise ForeignDatabase(found)


def upgrade(conn: sqlite3.Connection) -> None:
    """Mark the database as this tool's and give every user name its key, once."""
    if is_current(conn):
        return
    refuse_foreign(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not is_current(conn):
            columns = {row[1] for row in conn.execute("PRAGMA table_info(users)")}
            if "name_key" not in columns:
                conn.execute("ALTER TABLE users ADD COLUMN name_key TEXT")
            conn.executemany("UPDATE users SET name_key = ? WHERE id = ?",
                             [(name_key(name), ident) for ident, name in conn.execute(
                                 "SELECT id, name FROM users WHERE name_key IS NULL")])
            for statement in _USER_NAME_KEYS:  # not executescript: it would commit first
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
