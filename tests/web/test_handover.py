"""The handover: printable page, text, JSON, case note; partner safety kept apart."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import audit_rows, check_page, dash, routine, row, text_of

PARTNER_ACTION = "Refer the partner or family member to the victim safety service"


def test_the_handover_to_the_perpetrator_service_has_the_children_flag_and_no_partner_part(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/handover")))
    assert "Referral handover to Domestic Abuse Perpetrator Partnership (DAPP)" in page
    assert "Children live with, or regularly stay with" in page
    assert PARTNER_ACTION not in page and "Partner safety: for" not in page
    text = client.get(f"/screenings/{screening_id}/handover.txt").get_data(as_text=True)
    assert "REFERRAL HANDOVER TO DOMESTIC ABUSE PERPETRATOR PARTNERSHIP" in text
    assert "Children live with" in text and PARTNER_ACTION not in text
    assert "victim safety" not in text.lower()


def test_the_json_handover_holds_what_the_service_needs(client: FlaskClient) -> None:
    user = sign_in(client, team="Bitterne Surgery")
    screening_id = routine(client)
    response = client.get(f"/screenings/{screening_id}/handover.json")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["format"] == "screening-handover/1"
    assert (data["question_set"], data["version"]) == ("routine-enquiry", 2)
    assert (data["practitioner"], data["team"]) == (user.name, "Bitterne Surgery")
    assert data["setting"] == "Substance misuse service"
    assert data["consent"] == "The person consents to this referral."
    assert data["risk_level"] == "standard" and data["reasons"][0]["answers"]
    assert data["recipient"]["id"] == "dapp"
    assert [f["label"] for f in data["safety_flags"]] == [
        "Children live with, or regularly stay with, the person or the person affected"]
    assert data["partner_safety"] is None
    assert PARTNER_ACTION not in json.dumps(data)


def test_the_victim_safety_service_gets_the_partner_safety_part(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    page = text_of(check_page(client.get(
        f"/screenings/{screening_id}/handover?service=victim_safety")))
    assert "Partner safety: for Integrated victim safety service only" in page
    assert PARTNER_ACTION in page
    text = client.get(f"/screenings/{screening_id}/handover.txt?service=victim_safety"
                      ).get_data(as_text=True)
    assert "PARTNER SAFETY: FOR INTEGRATED VICTIM SAFETY SERVICE ONLY" in text


def test_a_dash_done_with_a_partner_goes_only_to_partner_services(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = dash(client, yes=14)
    data = json.loads(client.get(f"/screenings/{screening_id}/handover.json"
                                 ).get_data(as_text=True))
    assert data["recipient"]["id"] == "marac"
    assert data["risk_level"] is None and data["reasons"] == [] and data["safety_flags"] == []
    assert data["partner_safety"]["risk_level"] == "high"
    for service in ("dapp", "male_engagement_worker", "childrens_safeguarding", "respect_line"):
        assert client.get(f"/screenings/{screening_id}/handover.json?service={service}"
                          ).status_code == 404


def test_no_handover_before_consent_and_none_without_it(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    assert "Record whether the person consents" in text_of(
        check_page(client.get(f"/screenings/{screening_id}/handover")))
    assert client.get(f"/screenings/{screening_id}/handover.txt").status_code == 409
    client.post(f"/screenings/{screening_id}/consent", data={"consent": "no"})
    assert client.get(f"/screenings/{screening_id}/handover.json").status_code == 409


def test_the_case_note_has_no_partner_or_children_details(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    note = client.get(f"/screenings/{screening_id}/case-note.txt").get_data(as_text=True)
    assert "Risk level: standard." in note and "Domestic Abuse Perpetrator Partnership" in note
    for detail in ("partner", "Children live", "afraid", "victim safety service",
                   "MASH", "pregnan"):
        assert detail not in note.replace("Partner, victim and safeguarding actions", "")


def test_a_negative_enquiry_has_a_case_note_but_no_handover(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, positive=False)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/handover")))
    assert "there is no handover" in page and "Risk level: none." in page


def test_marking_sent_then_what_followed(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client)
    assert client.post(f"/screenings/{screening_id}/outcome",
                       data={"outcome": "accepted"}).status_code == 409
    refused = client.post(f"/screenings/{screening_id}/sent", data={"sent_on": "2099-01-01"})
    page = text_of(check_page(refused))
    assert "must be today or in the past" in page and "Select how the handover was sent" in page
    client.post(f"/screenings/{screening_id}/sent",
                data={"sent_on": "2024-03-27", "how": "secure_email"})
    stored = row(app, screening_id)
    assert (stored["handover_status"], stored["handover_sent_on"], stored["handover_sent_how"]
            ) == ("sent", "2024-03-27", "secure_email")
    client.post(f"/screenings/{screening_id}/outcome", data={"outcome": "accepted"})
    assert row(app, screening_id)["handover_status"] == "accepted"
    text = client.get(f"/screenings/{screening_id}/handover.txt").get_data(as_text=True)
    assert "Handover sent on 2024-03-27 by secure e-mail." in text


def test_every_download_is_audited(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client)
    for suffix in ("handover.txt", "handover.json", "case-note.txt"):
        client.get(f"/screenings/{screening_id}/{suffix}")
    details = [r["detail"] for r in audit_rows(app, "handover_download")]
    assert details == ["text for primary", "json for primary", "case note"]


def test_the_routine_handover_prints_on_one_a4_page_of_the_print_stylesheet(
        client: FlaskClient) -> None:
    css = client.get("/static/css/print.css")
    assert "size: A4" in css.get_data(as_text=True)
    css.close()
