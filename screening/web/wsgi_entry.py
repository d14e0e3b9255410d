"""The app for any WSGI server (`gunicorn wsgi:app`), refused at start-up, in one line, when it
could not serve a single page.

`screening serve` opens the database before it serves, so a plain database or a wrong key is said
once and nothing starts. A server that imports `wsgi:app` directly skipped that and answered 500
to every request; it now gets the same sentence and gunicorn's "failed to boot" exit, which stops
its arbiter instead of restarting workers that cannot work.
"""

from __future__ import annotations

import sys

from flask import Flask

from screening import settings
from screening.command_language import said_setting, say, unusable_question_sets
from screening.questionnaire.errors import QuestionSetError
from screening.store import audit
from screening.store.backfill import fill_counted
from screening.store.cipher import CannotOpen
from screening.store.crypto import DataKeyError, attach
from screening.store.db import connect
from screening.store.upgrades import FOREIGN_DATABASE, ForeignDatabase

# gunicorn's WORKER_BOOT_ERROR: the arbiter halts with "Worker failed to boot." rather than
# starting the worker again and again.
EXIT_BOOT_ERROR = 3


def refusal(error: Exception) -> str:
    """What is wrong, in the words `screening serve` uses."""
    if isinstance(error, settings.SettingError):
        return said_setting(error)
    if isinstance(error, CannotOpen):
        return say(error.wording)
    if isinstance(error, ForeignDatabase):
        return say(FOREIGN_DATABASE(path=str(settings.database_path()),
                                    found=f"{error.found:#x}"))
    if isinstance(error, QuestionSetError):
        return unusable_question_sets(error.problems)
    return str(error)


def prepare_database(app: Flask) -> int:
    """Open the database (made on first use) and fill what an upgrade could not: the counted
    columns of screenings completed before they existed. How many were filled."""
    from screening.web import DB_KEY, SEALER_KEY, library

    db = connect(app.config["DATABASE"], key=app.extensions[DB_KEY])
    try:
        attach(db, app.extensions[SEALER_KEY])
        kinds = {(qs.id, qs.version): qs.level_kind for qs in library(app).question_sets}
        filled = fill_counted(db, kinds)
        if filled:
            audit.record(db, None, "counted_columns_filled", None,
                         f"age band and level kind of {filled} screenings completed before "
                         "they were kept")
        return filled
    finally:
        db.conn.close()


def checked_app() -> Flask:
    """The app, after the settings, question sets, keys and database have been opened once."""
    from screening.web import create_app

    try:
        settings.read_all()
        app = create_app()
        # Opening creates the database on first use, as `screening serve` does.
        prepare_database(app)
    except (settings.SettingError, CannotOpen, ForeignDatabase, QuestionSetError,
            DataKeyError) as error:
        print(refusal(error), file=sys.stderr, flush=True)
        raise SystemExit(EXIT_BOOT_ERROR) from None
    return app
