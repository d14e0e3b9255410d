"""Backup, restore and retention: the database's life outside a single request.

Nothing here loses data by mistake: a backup never overwrites a file unless told to, never
the live database; a restore accepts only a checked backup of this tool and first keeps a copy
of what it replaces.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from screening.store import sign_ins
from screening.store.audit import record
from screening.store.cipher import (
    CannotOpen,
    DatabaseError,
    DatabaseKey,
    export_encrypted,
    is_plain,
    open_encrypted,
    open_plain,
    plain_application_id,
)
from screening.store.db import create_private_file, key_of, transaction
from screening.store.upgrades import APPLICATION_ID, SCHEMA_VERSION, upgrade
from screening.wording import N_, Template, Wording

# Tables every database of this tool has had from the start: a file without them is not ours.
REQUIRED_TABLES = frozenset({"users", "screenings", "screening_flags", "audit", "team_leads"})
# Files that belong to the live database: a backup never writes over any of them.
LIVE_SUFFIXES = ("", "-wal", "-shm", "-journal", "-writers.lock")
# Dated copies `screening backup DIR` writes; only these (with this tool's application_id) are
# ever removed by --keep.
# A second copy within the same second gets _1, _2…: names sort in the order they were written.
DATED_NAME = re.compile(r"^screening-(\d{8}T\d{6}Z)(?:_(\d+))?\.db$")

NO_BACKUP = Template("no_backup", N_("There is no backup at %(path)s"))
EMPTY_FILE = Template("backup_empty", N_(
    "%(path)s is empty (0 bytes): it is not a backup of this tool. Nothing was changed"))
NOT_SQLITE = Template("backup_not_sqlite", N_(
    "%(path)s is not a SQLite database, so not a backup of this tool. Nothing was changed"))
NOT_OPENABLE = Template("backup_not_openable", N_(
    "%(path)s is not a SQLite database, nor an encrypted one the database key from %(source)s "
    "opens: not a backup of this tool, or one encrypted with another key. Nothing was changed"))
OTHER_PROGRAM = Template("backup_other_program", N_(
    "%(path)s is a database of another program (application_id %(found)s), not a backup of "
    "this tool. Nothing was changed"))
MISSING_TABLES = Template("backup_missing_tables", N_(
    "%(path)s is a SQLite database but not a backup of this tool: it lacks the tables this "
    "tool keeps (%(tables)s). Nothing was changed"))
NEWER_SCHEMA = Template("backup_newer", N_(
    "%(path)s was made by a newer version of the tool (schema %(found)s; this one knows up to "
    "%(known)s): update the tool first. Nothing was changed"))
DAMAGED = Template("backup_damaged", N_(
    "%(path)s is damaged (%(check)s). Nothing was changed: restore an older backup"))
IS_LIVE = Template("backup_is_live", N_(
    "%(path)s is the live database or one of its files: a backup never writes there, and a "
    "restore cannot read the database into itself. Give another path"))
EXISTS = Template("backup_exists", N_(
    "%(path)s already exists, so nothing was written: give a new file name, or add --force "
    "to replace it"))
NOT_A_FILE = Template("backup_not_a_file", N_(
    "%(path)s is a folder or a device, not a file. Give a file name, or a folder with --keep"))
NO_FOLDER = Template("backup_no_folder", N_(
    "The folder %(folder)s does not exist: create it first (mkdir -p %(folder)s). A backup "
    "never makes folders, so a mistyped path is noticed"))
FOLDER_IS_FILE = Template("backup_folder_is_file", N_(
    "%(folder)s is a file, not a folder: give a path inside a folder"))
CANNOT_WRITE = Template("backup_cannot_write", N_(
    "Cannot write in %(folder)s (%(error)s): give a folder this user may write in"))
COPY_DAMAGED = Template("backup_copy_damaged", N_(
    "The copy failed its check (%(check)s), so it was not kept. Try again; if it fails again, "
    "check the disk"))


class MaintenanceError(ValueError):
    """A backup or restore refused before changing anything; `wording` says why."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        super().__init__(wording.english())


@dataclass(frozen=True)
class Contents:
    """What a database file holds, shown before a restore replaces one with another."""

    path: Path
    users: int
    screenings: int
    encrypted: bool = True


def live_path(db: sqlite_utils.Database) -> Path | None:
    """The file of the live database (None in memory)."""
    for _seq, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_live_file(db: sqlite_utils.Database, path: Path) -> bool:
    """The database itself, its WAL, shared memory, journal or writers' lock."""
    live = live_path(db)
    return live is not None and any(_same_file(path, Path(f"{live}{suffix}"))
                                    for suffix in LIVE_SUFFIXES)


def application_id(path: Path, key: DatabaseKey | None = None) -> int | None:
    """The application_id of a SQLite file, unencrypted or encrypted with the key; None when
    it is neither."""
    found = plain_application_id(path)
    if found is not None or key is None or is_plain(path):
        return found
    try:
        conn = open_encrypted(path, key, read_only=True)
    except (CannotOpen, DatabaseError):
        return None
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def _count(conn: sqlite3.Connection, table: str) -> int:
    # table is one of two fixed names, never input.
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608  # nosec B608


def contents(db: sqlite_utils.Database) -> Contents:
    """Users and screenings in the live database."""
    return Contents(live_path(db) or Path(":memory:"), _count(db.conn, "users"),
                    _count(db.conn, "screenings"))


def _open_backup(source: Path, key: DatabaseKey) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection to a backup, and whether it is encrypted; a file that is no
    SQLite database, or another program's, is refused."""
    shown = str(source)
    plain = is_plain(source)
    if plain:
        found = plain_application_id(source)
        if found is None:
            raise MaintenanceError(NOT_SQLITE(path=shown))
        origin = open_plain(source, read_only=True)
    else:
        try:
            origin = open_encrypted(source, key, read_only=True)
            found = int(origin.execute("PRAGMA application_id").fetchone()[0])
        except (CannotOpen, DatabaseError):
            raise MaintenanceError(NOT_OPENABLE(path=shown, source=key.source)) from None
    if found not in (0, APPLICATION_ID):
        origin.close()
        raise MaintenanceError(OTHER_PROGRAM(path=shown, found=f"{found:#x}"))
    return origin, not plain


def check_backup(source: Path, key: DatabaseKey) -> Contents:
    """A backup of this tool (encrypted with the key, or from before the database was), whole
    and not from a newer version; what it holds. Anything else is refused with
    MaintenanceError, and nothing is changed."""
    shown = str(source)
    if not source.exists():
        raise MaintenanceError(NO_BACKUP(path=shown))
    if not source.is_file():
        raise MaintenanceError(NOT_A_FILE(path=shown))
    if source.stat().st_size == 0:
        raise MaintenanceError(EMPTY_FILE(path=shown))
    origin, encrypted = _open_backup(source, key)
    try:
        try:
            check = str(origin.execute("PRAGMA quick_check").fetchone()[0])
            tables = {row[0] for row in origin.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = int(origin.execute("PRAGMA user_version").fetchone()[0])
        except DatabaseError as error:
            raise MaintenanceError(DAMAGED(path=shown, check=str(error))) from None
        if check != "ok":
            raise MaintenanceError(DAMAGED(path=shown, check=check))
        # A backup taken before databases were marked (application_id 0) is accepted when it
        # has this tool's tables; another program's file does not.
        missing = sorted(REQUIRED_TABLES - tables)
        if missing:
            raise MaintenanceError(MISSING_TABLES(path=shown, tables=", ".join(missing)))
        if version > SCHEMA_VERSION:
            raise MaintenanceError(NEWER_SCHEMA(path=shown, found=version, known=SCHEMA_VERSION))
        return Contents(source, _count(origin, "users"), _count(origin, "screenings"),
                        encrypted)
    finally:
        origin.close()


def _check_target(db: sqlite_utils.Database, target: Path, force: bool) -> None:
    folder = target.parent
    if is_live_file(db, target):
        raise MaintenanceError(IS_LIVE(path=str(target)))
    if folder.exists() and not folder.is_dir():
        raise MaintenanceError(FOLDER_IS_FILE(folder=str(folder)))
    if not folder.exists():
        raise MaintenanceError(NO_FOLDER(folder=str(folder)))
    if target.exists() or target.is_symlink():
        if not target.is_file():
            raise MaintenanceError(NOT_A_FILE(path=str(target)))
        if not force:
            raise MaintenanceError(EXISTS(path=str(target)))


def backup(db: sqlite_utils.Database, target: Path, force: bool = False) -> int:
    """A consistent copy made with SQLite's online backup while the tool is in use, checked,
    then moved into place (an existing file is replaced only with --force, and only by a copy
    that passed its check); the number of pages copied. The copy is encrypted with the
    database's own key."""
    _check_target(db, target, force)
    temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        create_private_file(temporary)
    except OSError as error:
        raise MaintenanceError(CANNOT_WRITE(folder=str(target.parent),
                                            error=error.strerror or str(error))) from None
    try:
        copy = open_encrypted(temporary, key_of(db))
        try:
            db.conn.backup(copy)
            # A file that stands alone: no -wal or -shm beside a backup.
            copy.execute("PRAGMA journal_mode = DELETE")
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
            check = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            copy.close()
        if check != "ok":
            raise MaintenanceError(COPY_DAMAGED(check=check))
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return pages


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def dated_backups(folder: Path, key: DatabaseKey) -> list[Path]:
    """The copies `backup_into` wrote in this folder, oldest first: the dated name and this
    tool's application_id (read with the key), nothing else."""
    found = []
    for path in folder.iterdir():
        match = DATED_NAME.match(path.name)
        if match and path.is_file() and application_id(path, key) == APPLICATION_ID:
            found.append(((match.group(1), int(match.group(2) or 0)), path))
    return [path for _key, path in sorted(found)]


def backup_into(db: sqlite_utils.Database, folder: Path, keep: int | None,
                moment: dt.datetime | None = None) -> tuple[Path, int, list[Path]]:
    """A dated, checked copy in the folder; with `keep`, the oldest dated copies beyond that
    many are removed. The copy, its pages and what was removed."""
    if not folder.is_dir():
        raise MaintenanceError(NO_FOLDER(folder=str(folder)) if not folder.exists()
                               else FOLDER_IS_FILE(folder=str(folder)))
    stamp = (moment or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    target, n = folder / f"screening-{stamp}.db", 0
    while target.exists():
        n += 1
        target = folder / f"screening-{stamp}_{n}.db"
    pages = backup(db, target)
    removed: list[Path] = []
    if keep is not None:
        kept = dated_backups(folder, key_of(db))
        for old in kept[:max(0, len(kept) - keep)]:
            if old != target:
                old.unlink()
                removed.append(old)
    return target, pages, removed


def safety_copy_path(db: sqlite_utils.Database, moment: dt.datetime | None = None) -> Path:
    """Where a restore keeps the database it replaces: beside it, dated."""
    live = live_path(db)
    if live is None:
        raise ValueError("an in-memory database has no file to keep")
    stamp = (moment or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return live.with_name(f"{live.stem}-before-restore-{stamp}.db")


def restore(db: sqlite_utils.Database, source: Path, safety_copy: Path) -> Contents:
    """Replace the live database's contents with a checked backup of this tool, under SQLite's
    write lock, after keeping the current contents at `safety_copy`; what the backup held. A
    backup from before the database was encrypted is encrypted on its way in."""
    if is_live_file(db, source):
        raise MaintenanceError(IS_LIVE(path=str(source)))
    key = key_of(db)
    held = check_backup(source, key)
    backup(db, safety_copy)
    encrypted = source
    if not held.encrypted:
        encrypted = safety_copy.with_name(f".{safety_copy.name}.encrypting-{os.getpid()}")
        create_private_file(encrypted)
    try:
        if not held.encrypted:
            export_encrypted(source, encrypted, key)
        origin = open_encrypted(encrypted, key, read_only=True)
        try:
            origin.backup(db.conn)
        finally:
            origin.close()
    finally:
        if encrypted != source:
            encrypted.unlink(missing_ok=True)
    # A backup from before databases were marked is marked (and upgraded) now.
    upgrade(db.conn)
    return held


@dataclass(frozen=True)
class PurgeReport:
    drafts_deleted: int
    completed_anonymised: int
    held_deleted: int = 0


def purge(db: sqlite_utils.Database, completed_days: int, draft_days: int,
          today: dt.date | None = None, user_id: int | None = None,
          by: str | None = None) -> PurgeReport:
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
               "submission(s) held for review since before then" + (f"; {by}" if by else ""))
    return PurgeReport(drafts, done, held)
