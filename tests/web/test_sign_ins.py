"""A session ends on the server too: a copied cookie opens nothing once its sign-in has ended."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, make_user, sign_in
from tests.web.helpers import audit_rows, start


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding the same session cookie (copied off a shared computer)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def test_a_copied_cookie_stops_working_when_the_practitioner_signs_out(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    copied = copy_of(app, client)
    assert copied.get(f"/screenings/{screening_id}/questions/0").status_code == 200
    client.post("/sign-out")
    refused = copied.get(f"/screenings/{screening_id}/questions/0")
    assert refused.status_code == 302 and refused.location.startswith("/sign-in")
    [attempt] = audit_rows(app, "session_refused")  # for an admin reading the log
    assert f"/screenings/{screening_id}/questions/0" in attempt["detail"]


def test_a_new_password_signs_out_whoever_had_the_old_one(client: FlaskClient,
                                                          app: Flask) -> None:
    practitioner = sign_in(client)
    admin = app.test_client()
    sign_in(admin, role="admin", team="Administration")
    assert client.get("/screenings").status_code == 200
    admin.post(f"/admin/users/{practitioner.id}/reset")
    refused = client.get("/screenings")
    assert refused.status_code == 302 and refused.location.startswith("/sign-in")


def test_disabling_an_account_ends_its_sessions_at_once(client: FlaskClient, app: Flask) -> None:
    practitioner = sign_in(client)
    admin = app.test_client()
    sign_in(admin, role="admin", team="Administration")
    admin.post(f"/admin/users/{practitioner.id}/disable")
    refused = client.get("/screenings")
    assert refused.status_code == 302 and refused.location.startswith("/sign-in")
    admin.post(f"/admin/users/{practitioner.id}/enable")
    assert client.get("/screenings").status_code == 302  # enabling does not revive the session


def test_signing_in_on_a_second_computer_keeps_the_first_signed_in(client: FlaskClient,
                                                                   app: Flask) -> None:
    user = make_user(app)
    other = app.test_client()
    for browser in (client, other):
        signed = browser.post("/sign-in", data={"name": user.name, "password": PASSWORD})
        assert signed.status_code == 302
    other.post("/sign-out")
    assert client.get("/screenings").status_code == 200
    assert other.get("/screenings").status_code == 302


def test_signing_in_again_in_the_same_browser_ends_the_sign_in_it_had(client: FlaskClient,
                                                                     app: Flask) -> None:
    user = make_user(app)
    client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    copied = copy_of(app, client)
    client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert client.get("/screenings").status_code == 200
    assert copied.get("/screenings").status_code == 302
