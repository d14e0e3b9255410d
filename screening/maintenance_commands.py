"""`screening backup`, `screening restore` and `screening purge`: looking after the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from screening import settings
from screening.command_language import _, ngettext
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
    click.echo(ngettext("Backed up %(database)s to %(path)s (%(count)s page, integrity check ok).",
                        "Backed up %(database)s to %(path)s (%(count)s pages, integrity check "
                        "ok).", pages, database=str(_database()), path=str(path)))


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's contents with the backup at PATH."""
    if not path.exists():
        raise click.UsageError(_("There is no backup at %(path)s", path=str(path)))
    if not yes:
        click.confirm(_("Replace everything in %(database)s with %(path)s?",
                        database=str(_database()), path=str(path)), abort=True)
    try:
        restore(connect(_database()), path)
    except (RuntimeError, sqlite3.DatabaseError) as error:
        raise click.ClickException(_("Nothing was restored: %(error)s", error=str(error))
                                   ) from None
    click.echo(_("Restored %(database)s from %(path)s.", database=str(_database()),
                 path=str(path)))


@click.command("purge")
def purge_command() -> None:
    """Apply the retention settings: delete old drafts, wipe old completed screenings."""
    report = purge(connect(_database()), int(str(settings.read("RETAIN_COMPLETED_DAYS"))),
                   int(str(settings.read("RETAIN_DRAFT_DAYS"))))
    click.echo(_("Deleted %(drafts)s; anonymised %(completed)s. The audit log records it.",
                 drafts=ngettext("%(count)s abandoned draft", "%(count)s abandoned drafts",
                                 report.drafts_deleted),
                 completed=ngettext("%(count)s completed screening",
                                    "%(count)s completed screenings",
                                    report.completed_anonymised)))


COMMANDS = (backup_command, restore_command, purge_command)
