"""A page someone's role may not use says so (403), who can use it and what their role is for;
someone else's screening stays "Page not found" (404), so whether it exists stays hidden."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import audit_rows, check_page, routine, text_of


def refused(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 403
    return text_of(check_page(response))


def test_an_admin_opening_start_a_screening_is_told_who_can(client: FlaskClient,
                                                           app: Flask) -> None:
    admin = sign_in(client, "admin", "Administration")
    page = refused(client, "/screenings/new")
    assert "You cannot use this page" in page and "Page not found" not in page
    assert "Only practitioners can use this page" in page
    assert "As an administrator you add people and reset their passwords" in page
    assert "ask an administrator for an account with that role" in page
    assert 'href="/">Go to your start page' in check_page(client.get("/screenings/new"))
    assert [(r["user_id"], r["object"]) for r in audit_rows(app, "denied")][0] == (
        admin.id, "/screenings/new")


@pytest.mark.parametrize(("role", "path", "who_can", "role_can"), [
    ("practitioner", "/admin/audit", "Only administrators can use this page.",
     "As a practitioner you start screenings"),
    ("practitioner", "/counts", "Only service leads and administrators can use this page.",
     "As a practitioner you start screenings"),
    ("service_lead", "/offline/review", "Only administrators can use this page.",
     "As a service lead you see anonymised counts"),
    ("service_lead", "/screenings", "Only practitioners can use this page",
     "As a service lead you see anonymised counts"),
    ("admin", "/service-lead", "Only service leads can use this page.",
     "As an administrator you add people"),
])
def test_each_refusal_names_who_can_and_what_the_role_is_for(
        client: FlaskClient, role: str, path: str, who_can: str, role_can: str) -> None:
    sign_in(client, role)
    page = refused(client, path)
    assert who_can in page and role_can in page


def test_a_lead_learns_nothing_about_whether_a_screening_exists(client: FlaskClient,
                                                               app: Flask) -> None:
    with app.test_client() as owner:
        sign_in(owner, team="Bitterne Surgery")
        real = routine(owner)
    sign_in(client, "service_lead", "Bitterne Surgery")
    assert refused(client, f"/screenings/{real}/result") == refused(
        client, "/screenings/0000000000000000/result")


def test_another_practitioners_screening_is_still_page_not_found(client: FlaskClient,
                                                                app: Flask) -> None:
    with app.test_client() as owner:
        sign_in(owner)
        theirs = routine(owner)
    sign_in(client)
    response = client.get(f"/screenings/{theirs}/result")
    assert response.status_code == 404 and "Page not found" in text_of(check_page(response))
