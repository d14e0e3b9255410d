"""Handovers, one per referral: printable page, text, JSON, what followed; the case note."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import (
    audit_rows,
    check_page,
    dash,
    give_reason,
    referral_to,
    routine,
    text_of,
)

PARTNER_ACTION = "Refer the partner or family member to the victim safety service"
TYPED = "Partner rang the surgery in tears last week"


def _handover(client: FlaskClient, screening_id: str, referral_id: str, kind: str = "") -> str:
    response = client.get(f"/screenings/{screening_id}/referrals/{referral_id}/handover{kind}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_perpetrator_service_handover_has_structured_answers_and_no_partner_part(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    page = text_of(check_page(client.get(
        f"/screenings/{screening_id}/referrals/{dapp['id']}/handover")))
    assert "Referral handover to Domestic Abuse Perpetrator Partnership (DAPP)" in page
    assert "Children live with, or regularly stay with" in page
    assert PARTNER_ACTION not in page and "Partner safety: for" not in page
    text = _handover(client, screening_id, dapp["id"], ".txt")
    assert "REFERRAL HANDOVER TO DOMESTIC ABUSE PERPETRATOR PARTNERSHIP" in text
    assert "Disclosure level (from the person's own account" in text
    for never in ("victim safety", "marac", "safeguarding hub", PARTNER_ACTION.lower()):
        assert never not in text.lower()


def test_the_json_handover_holds_what_the_service_needs(client: FlaskClient) -> None:
    user = sign_in(client, team="Bitterne Surgery")
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    data = json.loads(_handover(client, screening_id, dapp["id"], ".json"))
    assert data["format"] == "screening-handover/2"
    assert (data["question_set"], data["version"]) == ("routine-enquiry", 2)
    assert (data["practitioner"], data["team"]) == (user.name, "Bitterne Surgery")
    assert data["setting"] == "Substance misuse service"
    assert data["consent"] == "The person consents to this referral."
    assert data["person_facing"] is True and data["consent_reason"] is None
    assert data["risk_level"] == "standard" and data["reasons"][0]["answers"]
    assert data["recipient"]["id"] == "dapp" and data["recipient"]["basis"] == "consent"
    assert [f["label"] for f in data["safety_flags"]] == [
        "Children live with, or regularly stay with, the person or the person affected"]
    assert data["partner_safety"] is None
    assert dapp["handover"]["json"].endswith(f"/referrals/{dapp['id']}/handover.json")


def test_no_consent_still_sends_children_and_victim_safety_referrals_with_their_reason(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent="no")
    dapp = referral_to(client, screening_id, "dapp")
    assert client.get(f"/screenings/{screening_id}/referrals/{dapp['id']}/handover.txt"
                      ).status_code == 409
    for service in ("childrens_safeguarding", "victim_safety"):
        found = referral_to(client, screening_id, service)
        assert give_reason(client, screening_id, found["id"], TYPED).status_code == 302
        text = _handover(client, screening_id, found["id"], ".txt")
        assert "Reason recorded: " + TYPED in text
        assert "PARTNER SAFETY: FOR" in text and PARTNER_ACTION in text
    assert "The person did not want this referral, so there is no handover." in text_of(
        check_page(client.get(f"/screenings/{screening_id}/referrals/{dapp['id']}/handover")))


def test_a_typed_reason_never_reaches_the_person_facing_handover(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "high", "judgement_reason": TYPED})
    victim_safety = referral_to(client, screening_id, "victim_safety")
    give_reason(client, screening_id, victim_safety["id"], TYPED + " (reason)")
    dapp = referral_to(client, screening_id, "dapp")
    for kind in ("", ".txt", ".json"):
        assert "Partner rang" not in _handover(client, screening_id, dapp["id"], kind)
    assert TYPED in _handover(client, screening_id, victim_safety["id"], ".txt")
    note = client.get(f"/screenings/{screening_id}/case-note.txt").get_data(as_text=True)
    assert "Partner rang" not in note


def test_a_dash_with_children_at_risk_gives_a_childrens_handover_with_the_partner_part(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = dash(client, yes=14)
    children = referral_to(client, screening_id, "childrens_safeguarding")
    data = json.loads(_handover(client, screening_id, children["id"], ".json"))
    assert data["partner_safety"]["risk_level"] == "high"
    assert data["risk_level"] is None and data["reasons"] == []
    marac = referral_to(client, screening_id, "marac")
    assert json.loads(_handover(client, screening_id, marac["id"], ".json")
                      )["partner_safety"]["flags"]


def test_a_dash_done_with_a_partner_never_reaches_a_service_working_with_the_person(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = dash(client, yes=14)
    services = {r["service"] for r in client.get(
        f"/screenings/{screening_id}/referrals.json").get_json()["referrals"]}
    assert "dapp" not in services and "male_engagement_worker" not in services
    for service in ("dapp", "male_engagement_worker", "respect_line"):
        assert client.get(f"/screenings/{screening_id}/handover.json?service={service}"
                          ).status_code == 404


def test_the_case_note_is_safe_for_the_persons_own_record(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    note = client.get(f"/screenings/{screening_id}/case-note.txt").get_data(as_text=True)
    assert note.startswith("Mark this entry as not visible through online record access")
    assert "Domestic Abuse Perpetrator Partnership (DAPP) (not sent)" in note
    assert "been afraid of you? Yes" in note
    for detail in ("victim safety", "MARAC", "MASH", "safeguarding", "overrides", "Risk level"):
        assert detail not in note


def test_a_negative_enquiry_has_a_case_note_but_no_handover(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, positive=False)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/handover")))
    assert "there is no handover" in page
    assert "Routine enquiry about relationships completed" in page


def test_marking_one_referral_sent_leaves_the_others_not_sent(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    base = f"/screenings/{screening_id}/referrals/{dapp['id']}"
    assert client.post(f"{base}/outcome", data={"status": "accepted"}).status_code == 409
    page = text_of(check_page(client.post(f"{base}/sent", data={"sent_on": "2099-01-01"})))
    assert "must be today or in the past" in page and "Select how the handover was sent" in page
    client.post(f"{base}/sent", data={"sent_on": "2024-03-27", "how": "secure_email"})
    client.post(f"{base}/outcome", data={"status": "accepted"})
    assert referral_to(client, screening_id, "dapp")["status"] == "accepted"
    assert referral_to(client, screening_id, "victim_safety")["status"] == "not_sent"
    text = _handover(client, screening_id, dapp["id"], ".txt")
    assert "Handover sent on 2024-03-27 by secure e-mail." in text
    page = text_of(check_page(client.get(base + "/handover")))
    assert "Status: Accepted" in page


def test_a_declined_referral_asks_to_tell_the_victim_safety_service(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    base = f"/screenings/{screening_id}/referrals/{dapp['id']}"
    client.post(f"{base}/sent", data={"sent_on": "2024-03-27", "how": "phone"})
    refused = text_of(check_page(client.post(f"{base}/outcome", data={"status": "declined"})))
    assert "Select why the referral was declined" in refused
    client.post(f"{base}/outcome", data={"status": "declined", "decline_reason": "outside_area"})
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "Tell the victim safety service" in page
    assert client.post(f"{base}/tell-victim-safety").status_code == 302
    prompted = [r for r in client.get(f"/screenings/{screening_id}/referrals.json"
                                      ).get_json()["referrals"] if r["role"] == "prompted"]
    assert len(prompted) == 1 and prompted[0]["service"] == "victim_safety"
    assert prompted[0]["needs"] == "send"
    assert client.post(f"{base}/tell-victim-safety").status_code == 409


def test_every_download_is_audited(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client)
    for suffix in ("handover.txt", "handover.json", "case-note.txt"):
        client.get(f"/screenings/{screening_id}/{suffix}")
    details = [r["detail"] for r in audit_rows(app, "handover_download")]
    assert details == ["text for first", "json for first", "case note"]


def test_the_routine_handover_prints_on_one_a4_page_of_the_print_stylesheet(
        client: FlaskClient) -> None:
    css = client.get("/static/css/print.css")
    assert "size: A4" in css.get_data(as_text=True)
    css.close()


def test_a_date_in_the_future_is_refused_in_the_practitioner_s_language(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    client.post("/language", data={"lang": "cy", "next": "/screenings"})
    page = text_of(check_page(client.post(
        f"/screenings/{screening_id}/referrals/{dapp['id']}/sent",
        data={"sent_on": "2099-01-01", "how": "secure_email"})))
    assert "Rhaid i'r dyddiad yr anfonwyd y trosglwyddiad fod heddiw neu yn y gorffennol" in page
    assert "must be today or in the past" not in page
    assert referral_to(client, screening_id, "dapp")["status"] == "not_sent"
