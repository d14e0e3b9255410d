"""Signing in with the organisation's account against a real OpenID provider on loopback.

Nobody gets in by having an account at the provider: the verified address must be a user's
here. Each refusal is a page that says what to do, and an entry in the audit log.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from screening.store.db import connect
from screening.store.users import set_disabled
from tests.conftest import PASSWORD, app_config, make_user
from tests.oidc_provider import Provider
from tests.web.helpers import audit_rows, check_page, text_of

CLIENT_ID = "screening-tests"
_people = itertools.count(1)


@pytest.fixture
def app(tmp_path: Path, oidc_provider: Provider) -> Iterator[Flask]:
    """The tool set up to sign in with the provider, for two e-mail domains."""
    from screening.web import create_app

    yield create_app(app_config(
        tmp_path, WTF_CSRF_ENABLED=False, OIDC_ISSUER=oidc_provider.issuer,
        OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET="test client secret",
        OIDC_ALLOWED_DOMAINS="nhs.example, Council.example"))


def person(provider: Provider, email: str | None = None, **claims: Any) -> tuple[str, str]:
    """A new subject at the provider with this address: (sub, email)."""
    number = next(_people)
    sub, email = f"subject-{number}-{time.monotonic_ns()}", email or f"gp{number}@nhs.example"
    provider.person(sub, email, **claims)
    return sub, email


def organisation_sign_in(client: FlaskClient, provider: Provider, sub: str,
                         next_page: str = "/screenings") -> TestResponse:
    """Press the organisation button, sign in at the provider as `sub`, and come back."""
    started = client.get(f"/sign-in/oidc?next={next_page}")
    assert started.status_code == 302 and started.location.startswith(provider.issuer)
    return client.get(provider.sign_in(started.location, sub))


def refusal(response: TestResponse, status: int) -> str:
    assert response.status_code == status
    return text_of(check_page(response))


def test_the_sign_in_page_offers_the_organisation_account_first(client: FlaskClient) -> None:
    page = text_of(check_page(client.get("/sign-in")))
    assert page.index("Sign in with your organisation account") < page.index("User name")
    assert "Or sign in with a user name and password" in page


def test_without_a_provider_the_sign_in_page_asks_only_for_a_password(tmp_path: Path) -> None:
    from screening.web import create_app

    plain = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False)).test_client()
    assert "organisation account" not in text_of(check_page(plain.get("/sign-in")))
    assert plain.get("/sign-in/oidc").status_code == 404


def test_a_gp_signs_in_with_their_organisation_account_and_lands_where_they_were_going(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    user = make_user(app, email=email.upper())  # addresses match whatever their letter case
    response = organisation_sign_in(client, oidc_provider, sub)
    assert response.status_code == 302 and response.location == "/screenings"
    assert "Start a new screening" in text_of(check_page(client.get("/screenings")))
    [entry] = audit_rows(app, "sign_in")
    assert entry["user_id"] == user.id and f"organisation account {email}" in entry["detail"]


def test_signing_out_ends_the_sign_in_and_offers_the_providers_sign_out(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    make_user(app, email=email)
    organisation_sign_in(client, oidc_provider, sub)
    signed_out = client.post("/sign-out", follow_redirects=True)
    page = check_page(signed_out)
    assert "Sign out of your organisation account too" in text_of(page)
    link = signed_out.page.find("a", string="Sign out of your organisation account too")
    assert link["href"].startswith(f"{oidc_provider.issuer}/oauth2/end_session")
    assert client.get("/screenings").status_code == 302  # signed out here
    # The offer is made once, straight after signing out.
    assert "organisation account too" not in text_of(check_page(client.get("/sign-in")))


def test_disabling_a_user_ends_their_organisation_sign_in(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    user = make_user(app, email=email)
    organisation_sign_in(client, oidc_provider, sub)
    db = connect(app.config["DATABASE"])
    set_disabled(db, user.id, True)
    db.conn.close()
    assert client.get("/screenings").location == "/sign-in?next=/screenings"


def test_an_address_nobody_was_added_with_is_refused(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    page = refusal(organisation_sign_in(client, oidc_provider, sub), 403)
    assert f"There is no user with the e-mail address {email}" in page
    assert "Ask your administrator to add you with this e-mail address" in page
    assert client.get("/screenings").status_code == 302
    [entry] = audit_rows(app, "sign_in_refused")
    assert "unknown_address" in entry["detail"] and email in entry["detail"]


def test_a_disabled_user_is_refused(client: FlaskClient, app: Flask,
                                    oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    user = make_user(app, email=email)
    db = connect(app.config["DATABASE"])
    set_disabled(db, user.id, True)
    db.conn.close()
    page = refusal(organisation_sign_in(client, oidc_provider, sub), 403)
    assert "Your account is disabled" in page and "enable your account" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert entry["object"] == f"user/{user.id}" and "disabled" in entry["detail"]


def test_an_address_outside_the_allowed_domains_is_refused(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider, email="someone@gmail.example")
    make_user(app, email=email)
    page = refusal(organisation_sign_in(client, oidc_provider, sub), 403)
    assert "Accounts from gmail.example cannot sign in here" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert "domain_not_allowed" in entry["detail"]


def test_an_allowed_domain_is_matched_whatever_its_letter_case(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider, email=f"lead{next(_people)}@COUNCIL.example")
    make_user(app, "service_lead", email=email)
    assert organisation_sign_in(client, oidc_provider, sub, "/").status_code == 302
    assert audit_rows(app, "sign_in_refused") == []


def test_an_address_the_provider_has_not_verified_is_refused(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider, verified=False)
    make_user(app, email=email)
    page = refusal(organisation_sign_in(client, oidc_provider, sub), 403)
    assert "Your organisation has not verified your e-mail address" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert "email_unverified" in entry["detail"]


def test_a_second_account_with_the_same_address_is_refused(
        client: FlaskClient, app: Flask, oidc_provider: Provider) -> None:
    first, email = person(oidc_provider)
    user = make_user(app, email=email)
    organisation_sign_in(client, oidc_provider, first)
    client.post("/sign-out")
    second, _ = person(oidc_provider, email=email)
    page = refusal(organisation_sign_in(client, oidc_provider, second), 403)
    assert "belongs to a different organisation account" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert entry["object"] == f"user/{user.id}" and "different_account" in entry["detail"]


@pytest.mark.parametrize(("claims", "checked"), [
    ({"aud": "another-client"}, "'aud'"),
    ({"iss": "http://127.0.0.1:1"}, "'iss'"),
    ({"exp": int(time.time()) - 3600}, "expired"),
], ids=["wrong audience", "wrong issuer", "expired"])
def test_an_id_token_that_fails_a_check_is_refused(
        client: FlaskClient, app: Flask, oidc_provider: Provider, claims: dict[str, Any],
        checked: str) -> None:
    sub, email = person(oidc_provider, **claims)
    make_user(app, email=email)
    page = refusal(organisation_sign_in(client, oidc_provider, sub), 400)
    assert "Your organisation's answer could not be trusted" in page
    assert "start again" in page
    assert client.get("/screenings").status_code == 302
    [entry] = audit_rows(app, "sign_in_refused")
    assert checked in entry["detail"]


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    return f"{parts.path}?{urlencode({**query, **changes})}"


def test_a_tampered_state_is_refused(client: FlaskClient, app: Flask,
                                     oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    make_user(app, email=email)
    started = client.get("/sign-in/oidc")
    back = oidc_provider.sign_in(started.location, sub)
    page = refusal(client.get(_with_query(back, state="forged-state")), 400)
    assert "This sign-in has expired or was already used" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert "state" in entry["detail"]


def test_a_replayed_code_is_refused(client: FlaskClient, app: Flask,
                                    oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    make_user(app, email=email)
    started = client.get("/sign-in/oidc")
    back = oidc_provider.sign_in(started.location, sub)
    assert client.get(back).status_code == 302
    client.post("/sign-out")
    # Someone who saw the address sends its code again, with a sign-in of their own started.
    again = client.get("/sign-in/oidc")
    state = parse_qs(urlsplit(again.location).query)["state"][0]
    page = refusal(client.get(_with_query(back, state=state)), 400)
    assert "Your organisation did not complete the sign-in" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert "invalid_grant" in entry["detail"]
    assert client.get("/screenings").status_code == 302


def test_the_same_answer_twice_is_refused(client: FlaskClient, app: Flask,
                                          oidc_provider: Provider) -> None:
    sub, email = person(oidc_provider)
    make_user(app, email=email)
    back = oidc_provider.sign_in(client.get("/sign-in/oidc").location, sub)
    assert client.get(back).status_code == 302
    client.post("/sign-out")
    assert "already used" in refusal(client.get(back), 400)


def test_a_user_made_organisation_only_cannot_sign_in_with_their_password(
        client: FlaskClient, app: Flask) -> None:
    admin = make_user(app, "admin")
    user = make_user(app, email="dr.jones@nhs.example")
    client.post("/sign-in", data={"name": admin.name, "password": PASSWORD})
    changed = client.post(f"/admin/users/{user.id}/organisation-only", follow_redirects=True)
    assert f"{user.name} can only sign in with their organisation account" in text_of(
        check_page(changed))
    client.post("/sign-out")
    refused = client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert refused.status_code == 403
    assert "Your account signs in with your organisation account only" in text_of(
        check_page(refused))
    assert client.get("/screenings").status_code == 302
    [entry] = audit_rows(app, "sign_in_refused")
    assert entry["object"] == f"user/{user.id}" and "organisation account only" in entry["detail"]
    assert audit_rows(app, "user_sso_only")[0]["object"] == f"user/{user.id}"


def test_an_admin_adds_a_user_with_their_organisation_address(
        client: FlaskClient, app: Flask) -> None:
    admin = make_user(app, "admin")
    client.post("/sign-in", data={"name": admin.name, "password": PASSWORD})
    added = client.post("/admin/users", data={"name": "dr.patel", "role": "practitioner",
                                              "team": "Bitterne Surgery",
                                              "email": "dr.patel@nhs.example"})
    assert "Give this password to dr.patel" in text_of(check_page(added))
    listed = text_of(check_page(client.get("/admin/users")))
    assert "dr.patel@nhs.example" in listed
    again = client.post("/admin/users", data={"name": "dr.patel2", "role": "practitioner",
                                              "team": "Bitterne Surgery",
                                              "email": "DR.PATEL@nhs.example"})
    assert "There is already a user with that e-mail address" in text_of(check_page(again))
    wrong = client.post("/admin/users", data={"name": "dr.patel3", "role": "practitioner",
                                              "team": "Bitterne Surgery", "email": "dr.patel"})
    assert "Enter an e-mail address in the correct format" in text_of(check_page(wrong))


def test_a_provider_that_cannot_be_reached_gets_a_page_saying_to_try_again(
        tmp_path: Path) -> None:
    from screening.web import create_app

    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False,
                                OIDC_ISSUER="http://127.0.0.1:9", OIDC_CLIENT_ID=CLIENT_ID))
    page = refusal(app.test_client().get("/sign-in/oidc"), 503)
    assert "Your organisation's sign-in service cannot be reached" in page
    assert "Try again in a few minutes" in page
    [entry] = audit_rows(app, "sign_in_refused")
    assert "unreachable" in entry["detail"]
