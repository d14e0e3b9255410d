"""Starting a screening: setting, question set (latest published version pinned), language."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import check_page, chosen, row, start, text_of


def test_a_gp_starts_a_routine_enquiry_pinned_to_the_published_version(
        client: FlaskClient, app: Flask) -> None:
    user = sign_in(client, team="Bitterne Surgery")
    check_page(client.get("/screenings/new"))
    response = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "routine-enquiry", "client_language": "en",
        "local_record_number": "  GP-1234 "})
    screening_id = response.location.split("/")[2]
    stored = row(app, screening_id)
    assert (stored["practitioner_id"], stored["team"], stored["setting"]) == (
        user.id, "Bitterne Surgery", "gp")
    assert (stored["questionnaire"], stored["version"], stored["status"]) == (
        "routine-enquiry", 2, "draft")
    assert len(stored["content_hash"]) == 64
    assert stored["local_record_number"] == "GP-1234"
    assert len(stored["client_reference"]) == 7 and stored["client_reference"][3] == "-"


def test_nothing_chosen_shows_each_error_in_a_summary(client: FlaskClient) -> None:
    sign_in(client)
    page = text_of(check_page(client.post("/screenings/new", data={})))
    assert "There is a problem" in page
    assert "Select the setting you work in" in page
    assert "Select a question set" in page


def test_a_question_set_not_meant_for_the_setting_is_refused(client: FlaskClient) -> None:
    sign_in(client)
    response = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "dash-risk", "client_language": "en"})
    html = check_page(response)
    assert "Select a question set used in the setting you chose" in text_of(html)
    assert chosen(response, "setting") == ["gp"]


def test_an_unknown_question_set_or_language_is_refused(client: FlaskClient) -> None:
    sign_in(client)
    response = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "made-up", "client_language": "xx"})
    assert response.status_code == 200
    assert "Select a question set" in text_of(response.get_data(as_text=True))


def test_the_next_start_offers_the_last_setting_and_set(client: FlaskClient) -> None:
    sign_in(client)
    start(client, "mental_health")
    page = client.get("/screenings/new")
    assert chosen(page, "setting") == ["mental_health"]
    assert chosen(page, "question_set") == ["routine-enquiry"]


def test_the_opening_statement_must_be_accepted_and_is_recorded(client: FlaskClient,
                                                                app: Flask) -> None:
    sign_in(client)
    response = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "routine-enquiry", "client_language": "pl"})
    screening_id = response.location.split("/")[2]
    page = text_of(check_page(client.get(response.location)))
    assert "Każdej osobie" in page and "We ask everyone" in page
    refused = client.post(f"/screenings/{screening_id}/opening", data={})
    assert "Confirm that you read the statement" in text_of(check_page(refused))
    assert row(app, screening_id)["opening_accepted_at"] is None
    assert client.get(f"/screenings/{screening_id}/questions/0").location == \
        f"/screenings/{screening_id}"
    accepted = client.post(f"/screenings/{screening_id}/opening", data={"agreed": "y"})
    assert accepted.location == f"/screenings/{screening_id}/questions/0"
    assert row(app, screening_id)["opening_accepted_at"] is not None


def test_a_draft_can_be_stopped_and_deleted(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = start(client)
    assert client.post(f"/screenings/{screening_id}/delete").location == "/screenings"
    assert client.get(f"/screenings/{screening_id}").status_code == 404
