"""Anyone signed in changes their own password at /account/password."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from screening.store.users import authenticate
from tests.conftest import PASSWORD, make_user, sign_in
from tests.web.helpers import audit_rows, check_page, text_of

NEW = "heron kettle mountain violet"


def change(client: FlaskClient, current: str = PASSWORD, new: str = NEW,
           again: str | None = None) -> tuple[int, str]:
    response = client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm_password": new if again is None else again})
    if response.status_code == 302:
        return 302, text_of(check_page(client.get(response.location)))
    return response.status_code, text_of(check_page(response))


def signs_in(app: Flask, name: str, password: str) -> bool:
    return authenticate(connect(app.config["DATABASE"]), name, password) is not None


@pytest.mark.parametrize("role", ["practitioner", "service_lead", "admin"])
def test_every_role_finds_change_password_in_the_header_and_changes_it(
        client: FlaskClient, app: Flask, role: str) -> None:
    user = sign_in(client, role)
    home = check_page(client.get("/", follow_redirects=True))
    assert 'href="/account/password">Change password</a>' in home
    status, page = change(client)
    assert status == 302 and "Your password was changed." in page
    assert signs_in(app, user.name, NEW) and not signs_in(app, user.name, PASSWORD)
    [entry] = audit_rows(app, "password_change")
    assert entry["user_id"] == user.id and entry["object"] == f"user/{user.id}"


def test_other_sign_ins_end_and_this_one_stays(client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    elsewhere = app.test_client()  # the same person, signed in on a shared computer earlier
    for browser in (elsewhere, client):
        browser.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert change(client)[0] == 302
    assert client.get("/screenings").status_code == 200
    refused = elsewhere.get("/screenings")
    assert refused.status_code == 302 and refused.location.startswith("/sign-in")
    assert "1 other sign-in(s) ended" in audit_rows(app, "password_change")[0]["detail"]


def test_a_wrong_current_password_changes_nothing_and_is_audited(client: FlaskClient,
                                                                app: Flask) -> None:
    user = sign_in(client)
    status, page = change(client, current="not my password at all")
    assert status == 200 and "Enter your current password correctly" in page
    assert signs_in(app, user.name, PASSWORD) and not signs_in(app, user.name, NEW)
    assert len(audit_rows(app, "password_change_failed")) == 1


def test_guessing_the_current_password_locks_out_like_signing_in(client: FlaskClient,
                                                                app: Flask) -> None:
    user = sign_in(client)
    for attempt in range(int(app.config["SIGNIN_MAX_FAILURES"])):
        change(client, current=f"guess number {attempt} here")
    status, page = change(client)  # even the right one, until the lock-out ends
    assert status == 429 and "too many attempts" in page
    assert signs_in(app, user.name, PASSWORD)


@pytest.mark.parametrize(("new", "again", "message"), [
    ("short one", None, "The password must be at least 12 characters long"),
    ("password1234!", None, "That password is too easy to guess"),
    ("", None, "Enter a new password"),
    (NEW, "heron kettle mountain violent", "The new passwords do not match"),
    (PASSWORD, None, "Choose a new password, not the one you have now"),
])
def test_the_new_password_follows_the_same_rules_as_everywhere(
        client: FlaskClient, app: Flask, new: str, again: str | None, message: str) -> None:
    user = sign_in(client)
    status, page = change(client, new=new, again=again)
    assert status == 200 and message in page
    assert signs_in(app, user.name, PASSWORD)


def test_the_password_may_not_contain_the_user_name(client: FlaskClient, app: Flask) -> None:
    sign_in(client, name="morgan.gp")
    assert "must not contain the user name" in change(client, new="morgan.gp river stone")[1]


def test_someone_signed_out_is_asked_to_sign_in_first(client: FlaskClient) -> None:
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in?next=/account/password")
