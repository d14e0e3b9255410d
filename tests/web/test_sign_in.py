"""Signing in and out: a clear error that never says which of name or password was wrong."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from screening.store.users import set_disabled
from tests.conftest import PASSWORD, make_user, sign_in
from tests.web.helpers import audit_rows, check_page, text_of


def test_the_sign_in_page_asks_for_a_name_and_password(client: FlaskClient) -> None:
    html = check_page(client.get("/sign-in"))
    assert 'autocomplete="username"' in html and 'type="password"' in html


def test_pages_send_anyone_not_signed_in_to_sign_in_and_back(client: FlaskClient,
                                                             app: Flask) -> None:
    response = client.get("/screenings")
    assert response.status_code == 302
    assert response.location == "/sign-in?next=/screenings"
    user = make_user(app)
    signed = client.post("/sign-in?next=/screenings",
                         data={"name": user.name, "password": PASSWORD})
    assert signed.location == "/screenings"


def test_a_wrong_password_and_an_unknown_name_get_the_same_message(client: FlaskClient,
                                                                   app: Flask) -> None:
    user = make_user(app)
    wrong_password = client.post("/sign-in", data={"name": user.name, "password": "nope" * 4})
    unknown_name = client.post("/sign-in", data={"name": "nobody", "password": PASSWORD})
    message = "Enter a correct user name and password"
    assert message in text_of(check_page(wrong_password))
    assert message in text_of(check_page(unknown_name))
    assert text_of(wrong_password.get_data(as_text=True)).count(message) == \
        text_of(unknown_name.get_data(as_text=True)).count(message)
    assert len(audit_rows(app, "sign_in_failed")) == 2


def test_an_empty_form_asks_for_both(client: FlaskClient) -> None:
    page = text_of(check_page(client.post("/sign-in", data={})))
    assert "Enter your user name" in page and "Enter your password" in page


def test_a_disabled_user_cannot_sign_in(client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    db = connect(app.config["DATABASE"])
    set_disabled(db, user.id, True)
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert response.status_code == 200
    assert "Enter a correct user name and password" in text_of(response.get_data(as_text=True))


def test_disabling_a_signed_in_user_signs_them_out_at_the_next_page(client: FlaskClient,
                                                                   app: Flask) -> None:
    user = sign_in(client)
    set_disabled(connect(app.config["DATABASE"]), user.id, True)
    assert client.get("/screenings").location.startswith("/sign-in")


def test_signing_out_ends_the_session_and_is_audited(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    assert client.post("/sign-out").location == "/sign-in"
    assert client.get("/screenings").status_code == 302
    assert [r["action"] for r in audit_rows(app) if r["action"].startswith("sign")] == [
        "sign_in", "sign_out"]


def test_sign_out_needs_a_post(client: FlaskClient) -> None:
    sign_in(client)
    assert client.get("/sign-out").status_code == 405


def test_a_next_address_on_another_host_is_ignored(client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    response = client.post("/sign-in?next=//evil.example/", data={
        "name": user.name, "password": PASSWORD})
    assert response.location == "/"


def test_each_role_starts_on_its_own_page(client: FlaskClient, app: Flask) -> None:
    for role, page in [("practitioner", "/screenings"), ("service_lead", "/service-lead"),
                       ("admin", "/admin/users")]:
        with app.test_client() as other:
            sign_in(other, role)
            assert other.get("/").location == page
            check_page(other.get(page))


def test_a_user_name_signs_in_typed_in_any_case(client: FlaskClient, app: Flask) -> None:
    make_user(app, name="Dr.Jones")
    signed = client.post("/sign-in", data={"name": "DR.JONES", "password": PASSWORD})
    assert signed.status_code == 302
    assert client.get("/api/v1/session").get_json()["user"]["name"] == "Dr.Jones"


def test_a_typed_name_that_matches_no_user_is_kept_only_as_a_keyed_hash(
        client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    # A password typed into the name box by mistake must not sit in the audit log in clear.
    client.post("/sign-in", data={"name": "Tr0ub4dor&3-secret", "password": "x" * 12})
    client.post("/sign-in", data={"name": "TR0UB4DOR&3-SECRET", "password": "x" * 12})
    client.post("/sign-in", data={"name": user.name, "password": "x" * 12})
    failed = [row["detail"] for row in audit_rows(app, "sign_in_failed")]
    assert all("tr0ub4dor" not in detail.lower() for detail in failed)
    unknown = [detail.split(" from ")[0] for detail in failed[:2]]
    assert unknown[0].startswith("unknown name hmac:") and unknown[0] == unknown[1]
    assert failed[2].startswith(f"name {user.name!r} from ")
    # Keyed: another instance (another data key) gives another fingerprint for the same name.
    from screening.store.crypto import Sealer

    assert Sealer(bytes(32)).fingerprint("tr0ub4dor&3-secret", "sign-in name") not in failed[0]
