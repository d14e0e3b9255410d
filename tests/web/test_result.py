"""The result page: level and why, flags with their action first, judgement and consent."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import (
    CORE_POSITIVE,
    FOLLOW_UP_WANTS_HELP,
    audit_rows,
    check_page,
    dash,
    routine,
    row,
    text_of,
)


def test_a_negative_enquiry_says_no_referral_is_needed(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, positive=False)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "No risk identified" in page and "no abusive behaviour disclosed" in page
    assert "No referral is needed" in page
    assert "Consent to referral" not in page


def test_a_positive_enquiry_says_why_the_pathway_and_each_flag_action_first(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    html = check_page(client.get(f"/screenings/{screening_id}/result"))
    page = text_of(html)
    assert "Standard risk" in page
    assert "been afraid of you? Yes" in page
    assert "Recommended pathway Domestic Abuse Perpetrator Partnership (DAPP)" in page
    assert "Integrated victim safety service" in page and "Respect phone line" in page
    flags = page.index("Safety: act on these first")
    assert flags < page.index("Standard risk")
    assert page.index("Consider a referral to the children's safeguarding hub") < page.index(
        "Children live with")
    assert "For the victim safety service only" in page


def test_judgement_raises_the_level_with_a_recorded_reason(client: FlaskClient,
                                                           app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    refused = client.post(f"/screenings/{screening_id}/judgement", data={"judgement_level": "high"})
    assert "Enter why your professional judgement raises the level" in text_of(
        check_page(refused))
    response = client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "high",
        "judgement_reason": "Escalating over the past month; I am worried."})
    assert response.status_code == 302
    stored = row(app, screening_id)
    assert (stored["risk_level"], stored["judgement_level"]) == ("high", "high")
    assert stored["judgement_reason"] == "Escalating over the past month; I am worried."
    page = text_of(client.get(f"/screenings/{screening_id}/result").get_data(as_text=True))
    assert "High risk" in page and "MARAC" in page
    assert "The level is already the highest" in page


def test_judgement_cannot_lower_the_level(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    response = client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "standard", "judgement_reason": "Lower it"})
    assert response.status_code == 200
    assert row(app, screening_id)["risk_level"] == "standard"


def test_consent_is_recorded_and_opens_the_handover(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    assert "Select whether the person consents" in text_of(check_page(
        client.post(f"/screenings/{screening_id}/consent", data={})))
    client.post(f"/screenings/{screening_id}/consent", data={"consent": "yes"})
    assert row(app, screening_id)["consent_referral"] == "yes"
    page = client.get(f"/screenings/{screening_id}/result").get_data(as_text=True)
    assert f"/screenings/{screening_id}/handover" in page and "Go to the handover" in page


def test_without_consent_the_page_shows_what_can_still_be_done(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent="no")
    page = text_of(client.get(f"/screenings/{screening_id}/result").get_data(as_text=True))
    assert "Without consent you can still" in page and "Respect phone line" in page
    assert "children are at risk of significant harm or someone is in immediate danger" in page


def test_a_safeguarding_override_needs_the_duty_and_a_reason(client: FlaskClient,
                                                             app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    page = text_of(check_page(client.post(f"/screenings/{screening_id}/consent",
                                          data={"consent": "override"})))
    assert "Select which safeguarding duty" in page and "Enter why the safeguarding duty" in page
    client.post(f"/screenings/{screening_id}/consent", data={
        "consent": "override", "override_duty": "children_at_risk",
        "override_reason": "Two children under five at home; disclosed hitting in front of them."})
    stored = row(app, screening_id)
    assert stored["consent_referral"] == "override"
    assert stored["consent_reason"].startswith("Children are at risk of significant harm.")
    assert any("consent to referral: override" in (r["detail"] or "")
               for r in audit_rows(app, "change"))


def test_dash_with_14_yes_is_high_risk_with_marac(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = dash(client, yes=14, consent=None)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "High risk" in page and "MARAC" in page
    assert page.index("Recommended pathway") < page.index("MARAC (multi-agency")


def test_the_result_page_of_a_draft_goes_back_to_the_draft(client: FlaskClient) -> None:
    from tests.web.helpers import answer, start

    sign_in(client)
    screening_id = start(client)
    answer(client, screening_id, 0, CORE_POSITIVE)
    assert FOLLOW_UP_WANTS_HELP
    assert client.get(f"/screenings/{screening_id}/result").location == \
        f"/screenings/{screening_id}"
