"""`screening backup`, `screening restore` and `screening purge`: looking after the database.

Each refuses what would lose data (with why, exit 2, nothing changed) and is audited with the
operating-system user who ran it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
import sqlite_utils

from screening import settings
from screening.command_language import _, ngettext, say
from screening.settings import database_path
from screening.store.audit import record_command
from screening.store.cipher import database_key
from screening.store.db import NO_DATABASE, connect
from screening.store.maintenance import (
    Contents,
    MaintenanceError,
    backup,
    backup_into,
    check_backup,
    contents,
    dated_backups,
    purge,
    restore,
    safety_copy_path,
)

EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _database() -> Path:
    return database_path()


def _existing_database() -> sqlite_utils.Database:
    """The live database; a backup of one that does not exist would only copy nothing."""
    path = _database()
    if not path.is_file():
        fail(say(NO_DATABASE(path=str(path))))
    return connect(path)


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace PATH if it is an existing file (never the live database).")
@click.option("--keep", type=click.IntRange(min=1), metavar="N",
              help="PATH is a folder: write a dated copy into it and remove the oldest dated "
                   "copies this command wrote there beyond N.")
def backup_command(path: Path, force: bool, keep: int | None) -> None:
    """Copy the database to PATH (a new file, or a folder for a dated copy), consistently,
    while the tool stays in use; the copy is checked before it is kept."""
    db = _existing_database()
    removed: list[Path] = []
    try:
        if keep is not None or path.is_dir():
            path, pages, removed = backup_into(db, path, keep)
        else:
            pages = backup(db, path, force)
    except MaintenanceError as error:
        fail(say(error.wording))
    gone = "".join(f"; removed the older copy {old}" for old in removed)
    record_command(db, "backup", None, f"to {path} ({pages} pages, integrity check ok){gone}")
    click.echo(ngettext("Backed up %(database)s to %(path)s (%(count)s page, integrity check ok).",
                        "Backed up %(database)s to %(path)s (%(count)s pages, integrity check "
                        "ok).", pages, database=str(_database()), path=str(path)))
    for old in removed:
        click.echo(_("Removed the older backup %(path)s.", path=str(old)))


def _holds(found: Contents) -> str:
    return _("%(users)s and %(screenings)s",
             users=ngettext("%(count)s user", "%(count)s users", found.users),
             screenings=ngettext("%(count)s screening", "%(count)s screenings",
                                 found.screenings))


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's contents with the backup at PATH (or the newest dated backup in
    the folder PATH), after keeping a copy of them."""
    if path.is_dir():
        found = dated_backups(path, database_key())
        if not found:
            fail(_("There is no dated backup (screening-…Z.db) of this tool in %(folder)s",
                   folder=str(path)))
        path = found[-1]
        click.echo(_("The newest backup in the folder is %(path)s.", path=str(path)))
    try:
        held = check_backup(path, database_key())
    except MaintenanceError as error:
        fail(say(error.wording))
    db = connect(_database())
    current = contents(db)
    click.echo(_("The database %(database)s holds %(holds)s.", database=str(_database()),
                 holds=_holds(current)))
    click.echo(_("The backup %(path)s holds %(holds)s.", path=str(path), holds=_holds(held)))
    if not yes:
        click.confirm(_("Replace everything in %(database)s with %(path)s?",
                        database=str(_database()), path=str(path)), abort=True)
    kept = safety_copy_path(db)
    try:
        restore(db, path, kept)
    except MaintenanceError as error:
        fail(say(error.wording))
    record_command(db, "restore", None,
                   f"from {path} ({held.users} users, {held.screenings} screenings), replacing "
                   f"{current.users} users and {current.screenings} screenings, which are kept "
                   f"at {kept}")
    click.echo(_("A copy of the database as it was is kept at %(copy)s.", copy=str(kept)))
    click.echo(_("Restored %(database)s from %(path)s.", database=str(_database()),
                 path=str(path)))


@click.command("purge")
def purge_command() -> None:
    """Apply the retention settings: delete old drafts, wipe old completed screenings."""
    from screening.store.audit import command_line_actor

    report = purge(connect(_database()), int(str(settings.read("RETAIN_COMPLETED_DAYS"))),
                   int(str(settings.read("RETAIN_DRAFT_DAYS"))), by=command_line_actor())
    click.echo(_("Deleted %(drafts)s; anonymised %(completed)s. The audit log records it.",
                 drafts=ngettext("%(count)s abandoned draft", "%(count)s abandoned drafts",
                                 report.drafts_deleted),
                 completed=ngettext("%(count)s completed screening",
                                    "%(count)s completed screenings",
                                    report.completed_anonymised)))


@click.command("encrypt-database")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def encrypt_database_command(path: Path | None) -> None:
    """Encrypt a database from before encryption (default: the tool's own) with the database
    key, once; the unencrypted file is kept beside it to check and then delete."""
    from screening.store.encrypting import EncryptRefused, encrypt

    path = path if path is not None else _database()
    key = database_key()
    try:
        done = encrypt(path, key)
    except EncryptRefused as error:
        fail(say(error.wording))
    counts = ", ".join(f"{count} {table}" for table, count in done.counts.items())
    record_command(connect(path, key=key), "encrypt_database", None,
                   f"{path} encrypted with the key from {key.source} ({counts}); the "
                   f"unencrypted file is kept at {done.plain_copy}")
    click.echo(_("Encrypted %(path)s with the database key from %(source)s, and checked it: "
                 "%(counts)s, as before.", path=str(path), source=key.source, counts=counts))
    click.echo(_("The unencrypted file is kept at %(copy)s. It is not encrypted: once the tool "
                 "works with the encrypted database, delete it (shred -u %(copy)s), and any "
                 "unencrypted backups.", copy=str(done.plain_copy)))
    click.echo(_("Keep a copy of the database key (%(source)s) apart from the backups: without "
                 "it no backup opens.", source=key.source))


COMMANDS = (backup_command, restore_command, purge_command, encrypt_database_command)
