"""My screenings: drafts first, with resume, result and handover links; only my own."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import check_page, routine, start, text_of


def test_my_screenings_lists_drafts_first_with_links(client: FlaskClient) -> None:
    sign_in(client)
    done = routine(client)
    draft = start(client, record="GP-77")
    html = check_page(client.get("/screenings"))
    assert html.index(f"/screenings/{draft}\"") < html.index(f"/screenings/{done}/result")
    assert f"/screenings/{done}/handover" in html
    page = text_of(html)
    assert "GP-77" in page and "Standard risk" in page and "Not sent" in page


def test_my_screenings_never_shows_another_practitioners(client: FlaskClient,
                                                         app: Flask) -> None:
    with app.test_client() as other:
        sign_in(other)
        theirs = routine(other)
    sign_in(client)
    html = check_page(client.get("/screenings"))
    assert theirs not in html
    assert "You have no screenings in progress." in text_of(html)


def test_a_service_lead_sees_their_teams_and_no_screening(client: FlaskClient) -> None:
    sign_in(client, "service_lead", team="Substance Misuse North")
    page = text_of(check_page(client.get("/service-lead")))
    assert "Substance Misuse North" in page and "anonymised counts" in page
