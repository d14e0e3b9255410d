"""Guessing passwords: a name or an address that keeps failing is locked out for a while."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from screening.store.users import reset_password
from screening.web import create_app
from tests.conftest import PASSWORD, app_config, make_user
from tests.web.conftest import Clock
from tests.web.helpers import audit_rows, check_page, text_of

LOCKED = "There have been too many attempts to sign in. Wait 15 minutes and try again"


def attempt(client: FlaskClient, name: str, password: str, address: str = "10.0.0.7") -> object:
    return client.post("/sign-in", data={"name": name, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_ten_wrong_passwords_lock_the_name_for_15_minutes_even_with_the_right_one(
        client: FlaskClient, app: Flask, clock: Clock) -> None:
    user = make_user(app)
    for _ in range(9):
        assert "Enter a correct user name and password" in text_of(
            attempt(client, user.name, "wrong guess " * 2).get_data(as_text=True))
    tenth = attempt(client, user.name, "wrong guess " * 2)
    assert tenth.status_code == 429 and LOCKED in text_of(check_page(tenth))
    right = attempt(client, user.name, PASSWORD)
    assert right.status_code == 429 and LOCKED in text_of(right.get_data(as_text=True))
    assert 14 * 60 < int(right.headers["Retry-After"]) <= 15 * 60 + 1
    clock.advance(minutes=15, seconds=1)
    assert attempt(client, user.name, PASSWORD).status_code == 302
    assert len(audit_rows(app, "sign_in_failed")) == 10
    [locked] = audit_rows(app, "sign_in_locked")
    assert "name locked out for 15 minutes" in locked["detail"] and "10.0.0.7" in locked["detail"]
    assert len(audit_rows(app, "sign_in_refused")) == 1


def test_a_lock_out_follows_the_name_to_another_address(client: FlaskClient, app: Flask,
                                                        clock: Clock) -> None:
    user = make_user(app)
    for number in range(10):
        attempt(client, user.name, "wrong guess " * 2, address=f"10.0.1.{number}")
    assert attempt(client, user.name.upper(), PASSWORD, address="10.9.9.9").status_code == 429


def test_a_name_that_does_not_exist_locks_out_the_same_way(client: FlaskClient,
                                                           clock: Clock) -> None:
    statuses = [attempt(client, "no.such.person", "wrong guess " * 2).status_code
                for _ in range(11)]
    assert statuses == [200] * 9 + [429, 429]


def test_an_address_trying_many_names_is_locked_out_but_others_are_not(
        tmp_path: Path, clock: Clock) -> None:
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False,
                                SIGNIN_MAX_FAILURES_PER_ADDRESS=5))
    client = app.test_client()
    user = make_user(app)
    for number in range(5):
        attempt(client, f"guess-{number}", "wrong guess " * 2, address="192.0.2.66")
    assert attempt(client, user.name, PASSWORD, address="192.0.2.66").status_code == 429
    assert attempt(client, user.name, PASSWORD, address="192.0.2.1").status_code == 302
    assert "address locked out" in audit_rows(app, "sign_in_locked")[0]["detail"]


def test_signing_in_successfully_forgets_earlier_mistakes(client: FlaskClient, app: Flask,
                                                          clock: Clock) -> None:
    user = make_user(app)
    for _ in range(9):
        attempt(client, user.name, "wrong guess " * 2)
    assert attempt(client, user.name, PASSWORD).status_code == 302
    client.post("/sign-out")
    for _ in range(9):
        attempt(client, user.name, "wrong guess " * 2)
    assert attempt(client, user.name, PASSWORD).status_code == 302


def test_a_password_reset_lifts_the_lock_out(client: FlaskClient, app: Flask,
                                             clock: Clock) -> None:
    user = make_user(app)
    for _ in range(10):
        attempt(client, user.name, "wrong guess " * 2)
    new_password = reset_password(connect(app.config["DATABASE"]), user.id)
    assert attempt(client, user.name, new_password).status_code == 302


def test_behind_a_trusted_proxy_each_client_address_is_limited_not_the_proxys(
        tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False, TRUSTED_PROXIES=1))
    user = make_user(app)
    client = app.test_client()
    for n in range(30):  # one guesser behind the proxy uses up its address's allowance
        client.post("/sign-in", data={"name": f"guess-{n}", "password": "wrong guess " * 2},
                    environ_base={"REMOTE_ADDR": "127.0.0.1"},
                    headers={"X-Forwarded-For": "203.0.113.9"})
    guesser = client.post("/sign-in", data={"name": user.name, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "203.0.113.9"})
    assert guesser.status_code == 429
    colleague = app.test_client().post(
        "/sign-in", data={"name": user.name, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "198.51.100.4"})
    assert colleague.status_code == 302
    assert "203.0.113.9" in audit_rows(app, "sign_in_locked")[0]["detail"]


def test_without_trusted_proxies_a_forged_forwarded_address_changes_nothing(
        client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    for n in range(30):
        client.post("/sign-in", data={"name": f"guess-{n}", "password": "wrong guess " * 2},
                    environ_base={"REMOTE_ADDR": "10.0.0.8"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"})
    still_locked = client.post("/sign-in", data={"name": user.name, "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "10.0.0.8"},
                               headers={"X-Forwarded-For": "198.51.100.200"})
    assert still_locked.status_code == 429
