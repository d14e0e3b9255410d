"""Fixtures for the web tests: an app on a fresh instance folder, its client, and signing in."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from screening.store.db import connect
from screening.store.users import User, add_user
from tests.page_checks import checked_client

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questionnaires"
FIXTURE_LIBRARY = ROOT / "tests" / "fixtures" / "library"
PASSWORD = "correct horse battery staple"
_names = itertools.count(1)


def question_folder() -> Path:
    """The real question sets once they are shipped, else the tiny fixture library."""
    return SHIPPED if any(SHIPPED.glob("*/v*.json")) else FIXTURE_LIBRARY


def app_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for a test app on its own instance folder and database."""
    instance = tmp_path / "instance"
    return {"TESTING": True, "INSTANCE_PATH": instance,
            "DATABASE": str(instance / "screening.db"),
            "QUESTIONNAIRES": str(question_folder()),
            "SECRET_KEY": "test secret key, not for use anywhere else", **overrides}


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 settings in tests only: real ones cost ~60 ms a hash, thousands of times."""
    from argon2 import PasswordHasher

    from screening.store import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8,
                                                         parallelism=1))


@pytest.fixture(autouse=True)
def command_line_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `screening` command speaks the environment's language: English in tests unless a
    test sets LANG itself, whatever the machine running them is set to."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def instance_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test has its own instance folder: a command run without one set (publish writes
    an audit entry when a database is there) never touches the checkout's instance/."""
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("SCREENING_DATABASE", raising=False)


@pytest.fixture(autouse=True)
def every_page_checked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app's test client parses and checks each HTML page it fetches (tests/page_checks.py);
    `@pytest.mark.page_checks_off(name, …)` switches checks off for one test."""
    off = frozenset(name for marker in request.node.iter_markers("page_checks_off")
                    for name in marker.args)
    monkeypatch.setattr(Flask, "test_client_class", checked_client(off))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The app with CSRF checks off: tests/web/test_security.py turns them on and proves them."""
    from screening.web import create_app

    yield create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def database_file(path: Path | str) -> Any:
    """A database file as the tool reads it: decrypted with this test's database key (an
    unencrypted file as it is); a new file is made encrypted. For looking into or tampering
    with the file beside the tool."""
    from screening.store.cipher import database_key, open_any

    return open_any(Path(path), database_key(), read_only=False)


def make_user(app: Flask, role: str = "practitioner", team: str = "Bitterne Surgery",
              name: str | None = None, password: str = PASSWORD,
              email: str | None = None, service: str | None = None) -> User:
    """A synthetic user in the app's database (a service worker with their service)."""
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        user, _ = add_user(db, name or f"{role}-{next(_names)}", role, team, password, email,
                           service, [service] if service else [])
    finally:
        db.conn.close()
    return user


def sign_in(client: FlaskClient, role: str = "practitioner", team: str = "Bitterne Surgery",
            name: str | None = None, service: str | None = None) -> User:
    """Create a synthetic user and sign them in through the sign-in page."""
    app: Any = client.application
    user = make_user(app, role, team, name, service=service)
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Any]:
    """oidc-provider-mock running as its own process on a free loopback port."""
    from tests.oidc_provider import running_provider

    with running_provider() as provider:
        yield provider
