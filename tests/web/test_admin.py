"""The admin page adds, disables and resets users; a disabled user cannot sign in."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from screening.store.users import authenticate, find_user
from tests.conftest import make_user, sign_in
from tests.web.helpers import audit_rows, check_page, text_of


def test_an_admin_adds_a_practitioner_and_sees_the_password_once(client: FlaskClient,
                                                                 app: Flask) -> None:
    sign_in(client, "admin", team="Administration")
    check_page(client.get("/admin/users"))
    response = client.post("/admin/users", data={
        "name": "sam.nurse", "role": "practitioner", "team": "Shirley Health Centre"})
    check_page(response)
    password = response.page.find("code").get_text()
    db = connect(app.config["DATABASE"])
    user = authenticate(db, "sam.nurse", password)
    assert user is not None and (user.role, user.team) == ("practitioner", "Shirley Health Centre")
    assert password not in client.get("/admin/users").get_data(as_text=True)
    assert audit_rows(app, "user_add")[0]["object"] == f"user/{user.id}"


def test_adding_needs_a_name_a_role_and_a_team(client: FlaskClient) -> None:
    sign_in(client, "admin")
    page = text_of(check_page(client.post("/admin/users", data={})))
    assert "Enter a user name" in page and "Select the user's role" in page
    assert "Enter the team the user belongs to" in page


def test_a_name_or_team_too_long_is_refused_saying_the_limit_and_nothing_is_added(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client, "admin")
    response = client.post("/admin/users", data={
        "name": "n" * 81, "role": "practitioner", "team": "T" * 121})
    page = text_of(check_page(response))
    assert "User name must be 80 characters or fewer" in page
    assert "Team must be 120 characters or fewer" in page
    assert response.page.find("input", attrs={"name": "name"})["value"] == "n" * 81
    assert find_user(connect(app.config["DATABASE"]), "n" * 81) is None
    client.post("/language", data={"lang": "cy", "next": "/admin/users"})
    welsh = text_of(check_page(client.post("/admin/users", data={
        "name": "n" * 81, "role": "practitioner", "team": "Tîm"})))
    assert "Rhaid i'r enw defnyddiwr fod yn 80 nod neu lai" in welsh


def test_a_name_already_taken_is_refused(client: FlaskClient, app: Flask) -> None:
    sign_in(client, "admin")
    make_user(app, name="jo.gp")
    page = text_of(check_page(client.post("/admin/users", data={
        "name": "jo.gp", "role": "practitioner", "team": "X"})))
    assert "There is already a user with that name" in page


def test_a_disabled_user_cannot_sign_in_until_enabled(client: FlaskClient, app: Flask) -> None:
    sign_in(client, "admin")
    user = make_user(app, name="pat")
    client.post(f"/admin/users/{user.id}/disable")
    db = connect(app.config["DATABASE"])
    assert find_user(db, "pat").disabled  # type: ignore[union-attr]
    client.post(f"/admin/users/{user.id}/enable")
    assert not find_user(db, "pat").disabled  # type: ignore[union-attr]
    assert [r["action"] for r in audit_rows(app) if r["action"].startswith("user_")] == [
        "user_disable", "user_enable"]


def test_an_admin_cannot_disable_themselves(client: FlaskClient, app: Flask) -> None:
    admin = sign_in(client, "admin")
    client.post(f"/admin/users/{admin.id}/disable")
    assert not find_user(connect(app.config["DATABASE"]), admin.name).disabled  # type: ignore[union-attr]


def test_a_reset_gives_a_new_password_that_works(client: FlaskClient, app: Flask) -> None:
    sign_in(client, "admin")
    user = make_user(app, name="lee")
    reset = client.post(f"/admin/users/{user.id}/reset")
    check_page(reset)
    password = reset.page.find("code").get_text()
    assert authenticate(connect(app.config["DATABASE"]), "lee", password) is not None


def test_changes_to_an_unknown_user_are_404(client: FlaskClient) -> None:
    sign_in(client, "admin")
    assert client.post("/admin/users/999/reset").status_code == 404
    assert client.post("/admin/users/999/delete").status_code == 404


def test_a_practitioner_cannot_add_users(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    assert client.post("/admin/users", data={
        "name": "x", "role": "admin", "team": "y"}).status_code == 403
    assert find_user(connect(app.config["DATABASE"]), "x") is None
