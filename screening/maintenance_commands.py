"""`screening backup`, `screening restore` and `screening purge`: looking after the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from screening import settings
from screening.settings import database_path
from screening.store.db import connect
from screening.store.maintenance import backup, purge, restore


def _database() -> Path:
    return database_path()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the database to PATH consistently, while the tool stays in use."""
    pages = backup(connect(_database()), path)
    click.echo(f"Backed up {_database()} to {path} ({pages} pages, integrity check ok).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's contents with the backup at PATH."""
    if not path.exists():
        raise click.UsageError(f"There is no backup at {path}")
    if not yes:
        click.confirm(f"Replace everything in {_database()} with {path}?", abort=True)
    try:
        restore(connect(_database()), path)
    except (RuntimeError, sqlite3.DatabaseError) as error:
        raise click.ClickException(f"Nothing was restored: {error}") from None
    click.echo(f"Restored {_database()} from {path}.")


@click.command("purge")
def purge_command() -> None:
    """Apply the retention settings: delete old drafts, wipe old completed screenings."""
    report = purge(connect(_database()), int(str(settings.read("RETAIN_COMPLETED_DAYS"))),
                   int(str(settings.read("RETAIN_DRAFT_DAYS"))))
    click.echo(f"Deleted {report.drafts_deleted} abandoned draft(s); anonymised "
               f"{report.completed_anonymised} completed screening(s). The audit log records it.")


COMMANDS = (backup_command, restore_command, purge_command)
