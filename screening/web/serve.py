"""`screening serve`: the first admin on a new database, then Werkzeug or gunicorn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask import Flask

from screening import settings
from screening.command_language import _
from screening.store.db import connect
from screening.store.users import add_user, list_users

FIRST_ADMIN = "admin"
FIRST_TEAM = "Administration"
GUNICORN_WORKERS = 3


def ensure_first_admin(app: Flask) -> str | None:
    """On a database with no users, add `admin` with a generated password; that password."""
    db = connect(app.config["DATABASE"])
    try:
        if list_users(db):
            return None
        _, password = add_user(db, FIRST_ADMIN, "admin", FIRST_TEAM)
        return password
    finally:
        db.conn.close()


def run_gunicorn(app: Flask, host: str, port: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", GUNICORN_WORKERS)
            # No management socket in the home folder: nothing to attack, no clash between two.
            self.cfg.set("control_socket_disable", True)

        def load(self) -> Callable[..., Any]:
            return app

    Server().run()


def serve(app: Flask, use_gunicorn: bool) -> None:
    """Create the database on first use, print how to sign in the first time, and serve."""
    host, port = str(settings.read("HOST")), int(str(settings.read("PORT")))
    password = ensure_first_admin(app)
    if password:
        click.echo(_("Sign in at %(address)s as %(name)s with password %(password)s",
                     address=f"http://{host}:{port}/", name=FIRST_ADMIN, password=password))
        click.echo(_("Then add people on the Users page, or with `screening users add`."))
    if use_gunicorn:
        run_gunicorn(app, host, port)
    else:
        from werkzeug.serving import run_simple

        run_simple(host, port, app, threaded=True)
