"""Turning a database from before encryption into an encrypted one, once, losing nothing.

The plain file is copied into a new encrypted file with `sqlcipher_export`, the copy is
checked (integrity, and the same users, screenings and audit entries), and only then takes the
plain file's place; the plain file is kept beside it, under a dated name, for the administrator
to check and then delete.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from screening.store.cipher import (
    CannotOpen,
    DatabaseError,
    DatabaseKey,
    OperationalError,
    export_encrypted,
    is_plain,
    open_encrypted,
    open_plain,
    plain_application_id,
)
from screening.store.db import NO_DATABASE, create_private_file
from screening.store.upgrades import APPLICATION_ID
from screening.wording import N_, Template, Wording

# Tables compared row for row between the plain file and its encrypted copy.
COUNTED = ("users", "screenings", "audit")

ALREADY = Template("encrypt_already", N_(
    "%(path)s is already encrypted with the database key from %(source)s. Nothing was changed"))
NOT_PLAIN = Template("encrypt_not_plain", N_(
    "%(path)s is not an unencrypted SQLite database, and the database key from %(source)s does "
    "not open it: it is encrypted with another key, or it is not a database. Nothing was "
    "changed"))
OTHER_PROGRAM = Template("encrypt_other_program", N_(
    "%(path)s is a database of another program (application_id %(found)s). Nothing was "
    "changed"))
IN_USE = Template("encrypt_in_use", N_(
    "%(path)s is in use by another program (the tool is still running?): stop it, then try "
    "again. Nothing was changed"))
COPY_DIFFERS = Template("encrypt_copy_differs", N_(
    "The encrypted copy failed its check (%(check)s), so it was not kept and %(path)s is "
    "unchanged. Check the disk and try again"))


class EncryptRefused(ValueError):
    """The database was not encrypted; `wording` says why. Nothing was changed."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        super().__init__(wording.english())


@dataclass(frozen=True)
class Encrypted:
    """What `encrypt` did: the database now encrypted, where the plain file is kept, and the
    rows it checked in both."""

    path: Path
    plain_copy: Path
    counts: dict[str, int]


def plain_copy_path(path: Path, moment: dt.datetime | None = None) -> Path:
    """Where the unencrypted file is kept: beside the database, dated."""
    stamp = (moment or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}-unencrypted-{stamp}.db")


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    execute = conn.execute
    tables = {row[0] for row in execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    # Each name is one of COUNTED, checked against the database's own list of tables.
    return {table: int(execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608  # nosec B608
            for table in COUNTED if table in tables}


def _refuse_unless_plain(path: Path, key: DatabaseKey) -> None:
    if not path.is_file():
        raise EncryptRefused(NO_DATABASE(path=str(path)))
    if not is_plain(path):
        try:
            open_encrypted(path, key, read_only=True).close()
        except (CannotOpen, DatabaseError):
            raise EncryptRefused(NOT_PLAIN(path=str(path), source=key.source)) from None
        raise EncryptRefused(ALREADY(path=str(path), source=key.source))
    found = plain_application_id(path) or 0
    if found not in (0, APPLICATION_ID):
        raise EncryptRefused(OTHER_PROGRAM(path=str(path), found=f"{found:#x}"))


def encrypt(path: Path, key: DatabaseKey, moment: dt.datetime | None = None) -> Encrypted:
    """Encrypt the unencrypted database at `path` with the key, keeping the plain file beside
    it; EncryptRefused (nothing changed) when it is encrypted already, not ours, or in use."""
    _refuse_unless_plain(path, key)
    plain = open_plain(path, timeout=0)
    temporary = path.with_name(f".{path.name}.encrypting-{os.getpid()}")
    try:
        # Leaving WAL mode needs the only connection to the file: any other process that has
        # it open (the tool, still running) makes this fail, and nothing has changed yet. It
        # also folds the -wal file into the database, so the one file holds everything.
        try:
            mode = str(plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
            plain.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
        except OperationalError:
            mode = ""
        if mode.lower() != "delete":
            raise EncryptRefused(IN_USE(path=str(path)))
        before = _counts(plain)
        create_private_file(temporary)
        export_encrypted(path, temporary, key)
        copy = open_encrypted(temporary, key, read_only=True)
        try:
            check = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
            after = _counts(copy)
        finally:
            copy.close()
        if check != "ok" or after != before:
            shown = check if check != "ok" else f"{after} instead of {before}"
            raise EncryptRefused(COPY_DIFFERS(check=shown, path=str(path)))
        kept = plain_copy_path(path, moment)
        os.link(path, kept)  # the plain file stays whole under its new name…
        os.chmod(kept, 0o600)  # (a database from before 0600 files: readable by its owner only)
        os.replace(temporary, path)  # …and the checked, encrypted copy takes its place
        _fsync_folder(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        plain.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)  # the plain file's, if any were left
    return Encrypted(path, kept, before)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
