"""`screening serve`: the first admin on a new database, then Werkzeug or gunicorn."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from typing import Any

import click
from flask import Flask

from screening import settings
from screening.command_language import _, ngettext
from screening.own_command import own_command
from screening.store import audit
from screening.store.db import connect
from screening.store.users import add_user, list_users

FIRST_ADMIN = "admin"
FIRST_TEAM = "Administration"
GUNICORN_WORKERS = 3
EXIT_BAD_INPUT = 2


def ensure_first_admin(app: Flask) -> str | None:
    """On a database with no users, add `admin` with a generated password; that password."""
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        if list_users(db):
            return None
        _, password = add_user(db, FIRST_ADMIN, "admin", FIRST_TEAM)
        return password
    finally:
        db.conn.close()


def admin_never_signed_in(app: Flask) -> str | None:
    """The first active admin's name while nobody has ever signed in; else None."""
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        if audit.has_action(db, "sign_in"):
            return None
        admins = [u for u in list_users(db) if u.role == "admin" and not u.disabled]
        return min(admins, key=lambda u: u.id).name if admins else None
    finally:
        db.conn.close()


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on host:port (checked before any admin is made)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        return False  # the server's own error names the host
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return True
    return False


def first_run_lines(address: str, password: str | None, never_signed_in: str | None,
                    command: str) -> list[str]:
    """What `serve` prints before serving: how to sign in the first time, and how to recover."""
    if password:
        return [_("Sign in at %(address)s as %(name)s with password %(password)s",
                  address=address, name=FIRST_ADMIN, password=password),
                _("This password is shown only once. If it is lost, get a new one with: "
                  "%(command)s", command=f"{command} users reset-password {FIRST_ADMIN}"),
                _("Then add people on the Users page, or with: %(command)s",
                  command=f"{command} users add NAME --role practitioner --team TEAM")]
    if never_signed_in:
        return [_("No one has signed in yet. Sign in at %(address)s as %(name)s; if you do not "
                  "have its password, get a new one with: %(command)s", address=address,
                  name=never_signed_in,
                  command=f"{command} users reset-password {never_signed_in}")]
    return []


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
    if port_in_use(host, port):
        # Before the first admin is made: its password must not scroll past a failed start.
        click.echo(_("Port %(port)s on %(host)s is already in use, perhaps by the tool started "
                     "earlier. Stop that program, or serve on another port, for example: "
                     "SCREENING_PORT=%(other)s make run", port=port, host=host, other=port + 1),
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    password = ensure_first_admin(app)
    from screening.web.wsgi_entry import prepare_database

    filled = prepare_database(app)
    if filled:
        click.echo(ngettext(
            "Filled in the age band and level kind of %(count)s screening completed before "
            "the tool kept them, so the counts include it.",
            "Filled in the age band and level kind of %(count)s screenings completed before "
            "the tool kept them, so the counts include them.", filled))
    never_signed_in = None if password else admin_never_signed_in(app)
    for line in first_run_lines(f"http://{host}:{port}/", password, never_signed_in,
                                own_command()):
        click.echo(line)
    if use_gunicorn:
        run_gunicorn(app, host, port)
    else:
        from werkzeug.serving import run_simple

        run_simple(host, port, app, threaded=True)
