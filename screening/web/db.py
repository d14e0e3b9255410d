"""One database connection per request, kept on `g` and closed when the request ends."""

from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from screening.store.crypto import attach
from screening.store.db import connect


def get_db() -> sqlite_utils.Database:
    """This request's connection, opened (and the database created) on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
        attach(g.db, current_app.extensions["screening.sealer"])
    database: sqlite_utils.Database = g.db
    return database


def close_db(_error: BaseException | None = None) -> None:
    database = g.pop("db", None)
    if database is not None:
        database.conn.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
