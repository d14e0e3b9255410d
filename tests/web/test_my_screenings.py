"""My screenings: drafts first, with resume, result and handover links; only my own."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import check_page, routine, row, start, text_of


def test_my_screenings_lists_drafts_first_with_links(client: FlaskClient) -> None:
    sign_in(client)
    done = routine(client)
    draft = start(client, record="GP-77")
    html = check_page(client.get("/screenings"))
    assert html.index(f"/screenings/{draft}\"") < html.index(f"/screenings/{done}/result")
    assert f"/screenings/{done}/handover" in html
    page = text_of(html)
    assert "GP-77" in page and "Disclosure level: standard" in page
    # The programme has consent but is not sent; the victim safety and children's referrals
    # need a reason; the Respect line is still to give.
    assert "4 referrals waiting to be sent" in page


def test_a_person_who_declines_is_recorded_with_no_answers_not_deleted(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    refused = text_of(check_page(client.post(f"/screenings/{screening_id}/not-asked",
                                             data={"enquiry": "not_safe_to_ask"})))
    assert "Select why it was not safe to ask" in refused
    response = client.post(f"/screenings/{screening_id}/not-asked",
                           data={"enquiry": "not_safe_to_ask", "because": "partner_present"})
    assert response.location == f"/screenings/{screening_id}/result"
    page = text_of(check_page(client.get(response.location)))
    assert "It was not safe to ask" in page and "A partner or ex-partner was present" in page
    stored = row(app, screening_id)
    assert (stored["status"], stored["enquiry"], stored["outcome"]) == (
        "complete", "not_safe_to_ask", "not_safe_to_ask")
    assert stored["answers"] == "{}" and stored["risk_level"] is None
    listed = text_of(check_page(client.get("/screenings")))
    assert "It was not safe to ask" in listed
    assert client.get(f"/screenings/{screening_id}/handover").status_code == 404


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
