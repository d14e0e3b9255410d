"""Whole-file encryption with SQLCipher 4: every page of the database, of its WAL and of each
backup is encrypted (AES-256 with an HMAC per page), so a copied file shows nothing without
the database key: no answer, flag, level, pathway, user name or who-did-what-when.

The key comes from SCREENING_DB_KEY or instance/db_key (made once, mode 600), never from the
database. It is given to SQLCipher as a raw key, so opening a connection costs no key
derivation; its salt is derived from the key, so every file of one key agrees on it, even when
several workers open a new, empty file at the same moment.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sqlcipher3 import dbapi2

from screening import settings
from screening.store.crypto import load_or_create_key
from screening.store.upgrades import APPLICATION_ID, ForeignDatabase
from screening.wording import N_, Template, Wording

# The errors of SQLCipher's connections (its own classes, not the standard library's).
Error = dbapi2.Error
DatabaseError = dbapi2.DatabaseError
IntegrityError = dbapi2.IntegrityError
OperationalError = dbapi2.OperationalError

SQLITE_MAGIC = b"SQLite format 3\x00"
KEY_FILE = "db_key"
KEY_SETTING = "SCREENING_DB_KEY"

NOT_ENCRYPTED = Template("database_not_encrypted", N_(
    "%(path)s is not encrypted, and the tool keeps its database only encrypted: run "
    "`screening encrypt-database %(path)s` once to encrypt it with the database key (the "
    "plain file is kept beside it). Nothing was changed"))
WRONG_KEY = Template("database_wrong_key", N_(
    "%(path)s cannot be opened with the database key from %(source)s: it was encrypted with "
    "another key, or it is not a database of this tool. Set SCREENING_DB_KEY to the key it was "
    "encrypted with. Nothing was changed"))


class CannotOpen(RuntimeError):
    """The database file cannot be opened as it is; `wording` says why and what to do."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        super().__init__(wording.english())


@dataclass(frozen=True)
class DatabaseKey:
    """The 32 bytes that encrypt the database files, and where they came from (for messages)."""

    raw: bytes = field(repr=False)
    source: str

    def pragma(self) -> str:
        """The key as `PRAGMA key` and `ATTACH … KEY` take it: raw key and salt, in hex."""
        salt = hmac.new(self.raw, b"screening database salt", hashlib.sha256).digest()[:16]
        return f"\"x'{self.raw.hex()}{salt.hex()}'\""


def database_key(configured: str | None = None, instance: Path | None = None) -> DatabaseKey:
    """The key given, else SCREENING_DB_KEY, else db_key in the instance folder (made once)."""
    configured = configured or (str(settings.read("DB_KEY") or "") or None)
    instance = instance or Path(str(settings.read("INSTANCE_PATH")))
    raw = load_or_create_key(configured, instance, KEY_FILE, KEY_SETTING)
    return DatabaseKey(raw, KEY_SETTING if configured else str(instance / KEY_FILE))


def is_plain(path: Path) -> bool:
    """Whether the file is an unencrypted SQLite database (its header says so in clear)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def plain_application_id(path: Path) -> int | None:
    """The application_id in an unencrypted SQLite file's header; None for any other file
    (an encrypted one shows no header)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 72 or not header.startswith(SQLITE_MAGIC):
        return None
    return int.from_bytes(header[68:72], "big")


def _connect(path: str | Path, read_only: bool, timeout: float) -> sqlite3.Connection:
    # isolation_level=None: the tool begins transactions itself, with BEGIN IMMEDIATE.
    if str(path) == ":memory:":
        target, uri = ":memory:", False
    else:
        target = Path(path).resolve().as_uri() + ("?mode=ro" if read_only else "")
        uri = True
    conn = dbapi2.connect(target, uri=uri, timeout=timeout, isolation_level=None,
                          check_same_thread=False)
    # A wrong key is said once, by the tool, not as SQLCipher's own lines on standard error.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # SQLCipher's connection has the standard library's interface, not its class.
    return cast(sqlite3.Connection, conn)


def open_plain(path: str | Path, read_only: bool = False,
               timeout: float = 10.0) -> sqlite3.Connection:
    """An unencrypted database (in memory, or a file from before encryption) as it is."""
    return _connect(path, read_only, timeout)


def open_encrypted(path: Path, key: DatabaseKey, read_only: bool = False,
                   timeout: float = 10.0) -> sqlite3.Connection:
    """A connection with the key given first, as SQLCipher needs, and proven right by reading
    the schema; CannotOpen when the key does not open the file. A new, empty file is
    encrypted from its first page on."""
    conn = _connect(path, read_only, timeout)
    conn.execute(f"PRAGMA key = {key.pragma()}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi2.DatabaseError:
        conn.close()
        raise CannotOpen(WRONG_KEY(path=str(path), source=key.source)) from None
    return conn


def open_database(path: Path, key: DatabaseKey, read_only: bool = False,
                  timeout: float = 10.0) -> sqlite3.Connection:
    """The tool's own encrypted database. An unencrypted file is refused, never encrypted or
    written into silently: ForeignDatabase when another program marked it, else CannotOpen
    naming `screening encrypt-database`."""
    if is_plain(path):
        found = plain_application_id(path) or 0
        if found not in (0, APPLICATION_ID):
            raise ForeignDatabase(found)
        raise CannotOpen(NOT_ENCRYPTED(path=str(path)))
    return open_encrypted(path, key, read_only, timeout)


def open_any(path: Path, key: DatabaseKey, read_only: bool = True) -> sqlite3.Connection:
    """A file to look into (a backup, a demo database): unencrypted ones as they are, the
    others with the key."""
    if is_plain(path):
        return open_plain(path, read_only)
    return open_encrypted(path, key, read_only)


def export_encrypted(plain: Path, target: Path, key: DatabaseKey) -> None:
    """Copy everything in an unencrypted database (tables, indexes, triggers, and its marks:
    application_id and user_version) into `target`, a new empty file, encrypted with the key.
    The plain file is only read."""
    conn = open_encrypted(target, key)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (plain.resolve().as_uri() + "?mode=ro",))
        try:
            conn.execute("SELECT sqlcipher_export('main', 'plain')").fetchone()
            # sqlcipher_export copies the schema and the rows, not the header's marks.
            application_id = int(conn.execute("PRAGMA plain.application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA plain.user_version").fetchone()[0])
            conn.execute(f"PRAGMA main.application_id = {application_id}")
            conn.execute(f"PRAGMA main.user_version = {version}")
        finally:
            conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
