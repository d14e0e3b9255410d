"""On a new install every list says it is empty, instead of showing a bare table."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import check_page, text_of


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return text_of(check_page(response))


def test_a_new_practitioner_is_told_they_have_no_screenings_yet(client: FlaskClient) -> None:
    sign_in(client)
    shown = page(client, "/screenings")
    assert "You have no screenings in progress." in shown
    assert "You have not completed a screening yet." in shown


def test_counts_with_no_screenings_say_so_instead_of_a_table_of_noughts(
        client: FlaskClient) -> None:
    sign_in(client, "service_lead")
    shown = page(client, "/counts")
    assert "No screenings were completed from" in shown
    assert "Trend over time" not in shown


def test_an_audit_search_that_matches_nothing_says_so(client: FlaskClient) -> None:
    sign_in(client, "admin", "Administration")
    shown = page(client, "/admin/audit?action=purge")
    assert "No entries match these filters." in shown
    assert "Download" not in shown


def test_offline_review_with_nothing_held_says_so(client: FlaskClient) -> None:
    sign_in(client, "admin", "Administration")
    assert "Nothing is waiting for review." in page(client, "/offline/review")
