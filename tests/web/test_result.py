"""The result page: level and why, flags with their action first, judgement and consent."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from screening.store import screenings as store
from screening.store.crypto import attach
from screening.store.db import connect
from screening.web import SEALER_KEY
from tests.conftest import sign_in
from tests.web.helpers import (
    CORE_POSITIVE,
    FOLLOW_UP_WANTS_HELP,
    audit_rows,
    check_page,
    dash,
    give_consent,
    give_reason,
    referral_to,
    routine,
    row,
    text_of,
)


def test_a_negative_enquiry_says_no_referral_is_needed(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, positive=False)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "Nothing disclosed" in page and "no abusive behaviour disclosed" in page
    assert "No referral is needed" in page
    assert "Referrals and actions" not in page


def test_a_positive_enquiry_says_why_each_referral_and_each_flag_action_first(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    html = check_page(client.get(f"/screenings/{screening_id}/result"))
    page = text_of(html)
    assert "Disclosure level: standard" in page
    assert "risk is not assessed until the partner's own checklist" in page
    assert "been afraid of you? Yes" in page
    assert "Referrals and actions Domestic Abuse Perpetrator Partnership (DAPP) Recommended" in page
    assert "Integrated victim safety service" in page and "Respect phone line" in page
    flags = page.index("Safety: act on these first")
    assert flags < page.index("Disclosure level: standard")
    assert page.index("Consider a referral to the children's safeguarding hub") < page.index(
        "Children live with")
    assert "For the victim safety service only" in page
    assert "Needs the person's consent" in page
    assert "Information sharing to protect a partner: goes ahead whatever the person says" in page


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
    assert "Disclosure level: high" in page and "MARAC" in page
    assert "The level is already the highest" in page


def test_judgement_cannot_lower_the_level(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    response = client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "standard", "judgement_reason": "Lower it"})
    assert response.status_code == 200
    assert row(app, screening_id)["risk_level"] == "standard"


def test_consent_is_recorded_on_its_own_referral_and_opens_its_handover(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = routine(client, consent=None)
    dapp = referral_to(client, screening_id, "dapp")
    assert "Select whether the person consents to this referral" in text_of(check_page(
        give_consent(client, screening_id, dapp["id"], "")))
    assert give_consent(client, screening_id, dapp["id"], "yes").status_code == 302
    assert referral_to(client, screening_id, "dapp")["consent"] == "yes"
    assert referral_to(client, screening_id, "victim_safety")["consent"] is None
    page = client.get(f"/screenings/{screening_id}/result").get_data(as_text=True)
    assert f"/screenings/{screening_id}/referrals/{dapp['id']}/handover" in page
    assert any("referral to dapp: consent yes" in (r["detail"] or "")
               for r in audit_rows(app, "change"))


def test_a_no_is_final_for_that_referral_and_blocks_no_other(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent="no")
    page = text_of(client.get(f"/screenings/{screening_id}/result").get_data(as_text=True))
    assert "The person did not want this referral" in page and "Respect phone line" in page
    dapp = referral_to(client, screening_id, "dapp")
    assert give_consent(client, screening_id, dapp["id"], "yes").status_code == 409
    victim_safety = referral_to(client, screening_id, "victim_safety")
    assert victim_safety["needs"] == "reason"
    assert give_reason(client, screening_id, victim_safety["id"],
                       "Partner frightened; children at home.").status_code == 302
    assert referral_to(client, screening_id, "victim_safety")["needs"] == "send"


def test_a_safeguarding_referral_needs_a_reason_not_consent(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client, consent="no")
    children = referral_to(client, screening_id, "childrens_safeguarding")
    assert children["basis"] == "safeguarding" and children["consent"] is None
    page = text_of(check_page(give_reason(client, screening_id, children["id"], "  ")))
    assert "Enter why this referral goes ahead" in page
    assert give_consent(client, screening_id, children["id"], "yes").status_code == 409


def test_dash_with_14_yes_is_high_risk_with_marac(client: FlaskClient) -> None:
    sign_in(client)
    screening_id = dash(client, yes=14, reasons=False)
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "High risk" in page and "MARAC" in page
    assert "Disclosure level" not in page
    assert page.index("Referrals and actions") < page.index("MARAC (multi-agency")


def test_a_partner_not_safe_to_go_home_sees_call_999_and_the_victim_safety_route_stays(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    screening_id = dash(client, yes=2, reasons=False, safe_to_go_home="no")
    page = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "Not safe to go home today" in page and "Call 999 now" in page
    cards = page[page.index("Referrals and actions"):]
    assert cards.index("Emergency services (999)") < cards.index(
        "Integrated victim safety service")
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        screening = store.get(db, screening_id)  # the result as read back from the store
    finally:
        db.conn.close()
    assert screening is not None and screening.result is not None
    assert [(r.service, r.role) for r in screening.result.pathway.referrals] == [
        ("emergency_999", "immediate"), ("victim_safety", "primary"),
        ("childrens_safeguarding", "also")]


def test_the_result_page_of_a_draft_goes_back_to_the_draft(client: FlaskClient) -> None:
    from tests.web.helpers import answer, start

    sign_in(client)
    screening_id = start(client)
    answer(client, screening_id, 0, CORE_POSITIVE)
    assert FOLLOW_UP_WANTS_HELP
    assert client.get(f"/screenings/{screening_id}/result").location == \
        f"/screenings/{screening_id}"


def test_opening_the_result_is_one_entry_in_the_audit_log(client: FlaskClient,
                                                          app: Flask) -> None:
    """An information governance lead counting who looked at a screening reads one view per
    opening of its result, not two."""
    sign_in(client)
    screening_id = routine(client)
    target = f"screening/{screening_id}"

    def views() -> list[str]:
        return [r["detail"] for r in audit_rows(app, "view") if r["object"] == target]

    before = len(views())
    check_page(client.get(f"/screenings/{screening_id}/result"))
    assert views()[before:] == [f"GET /screenings/{screening_id}/result"]
