"""One database connection per thread of a worker, lent to each request on `g`.

Opening a connection ran the PRAGMAs on every request, and closing the last connection to a WAL
database checkpoints it (milliseconds under load); so each thread keeps its own connection open
and every request borrows it. A request never leaves a transaction open behind it.
"""

from __future__ import annotations

import threading

import sqlite_utils
from flask import Flask, Response, current_app, g, make_response, request

from screening.store.cipher import Error
from screening.store.crypto import attach
from screening.store.db import WritersBusy, connect, defer_writes, flush, forget_deferred

_CONNECTIONS = "screening.db_connections"


def get_db() -> sqlite_utils.Database:
    """This request's connection: the thread's own, opened (and the database created) on first
    use."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        local = current_app.extensions[_CONNECTIONS]
        if not hasattr(local, "kept"):
            local.kept = {}
        kept: dict[str, sqlite_utils.Database] = local.kept
        database = kept.get(path)
        if database is None:
            database = kept[path] = connect(path, key=current_app.extensions["screening.db_key"])
        attach(database, current_app.extensions["screening.sealer"])
        defer_writes(database)
        g.db = database
    lent: sqlite_utils.Database = g.db
    return lent


def commit_audit(response: Response) -> Response:
    """Audit entries still waiting are committed before the answer leaves: nobody sees a page
    whose viewing is not in the log."""
    database = g.get("db")
    if database is None or g.get("writers_busy"):
        return response
    try:
        flush(database)
    except WritersBusy as error:
        # The entries could not be written in time: the page is not sent either.
        return busy_response(error)
    return response


def busy_response(error: WritersBusy) -> Response:
    """503 with Retry-After: JSON for the API, a page for everything else."""
    g.writers_busy = True
    from screening.web import security
    from screening.web.api import views as api

    handler = api.busy if request.blueprint == "api" else security.busy
    return make_response(handler(error))


def close_db(_error: BaseException | None = None) -> None:
    database = g.pop("db", None)
    if database is None:
        return
    if database.conn.in_transaction:
        database.conn.execute("ROLLBACK")
    if g.get("writers_busy"):
        forget_deferred(database)
        return
    # Normally nothing is left (commit_audit ran); after a failure, keep what can be kept.
    try:
        flush(database, stop_deferring=True)
    except Error:
        current_app.logger.exception("Audit entries of a failed request could not be written")


def init_app(app: Flask) -> None:
    app.extensions[_CONNECTIONS] = threading.local()
    app.after_request(commit_audit)
    app.teardown_appcontext(close_db)
