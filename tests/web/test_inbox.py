"""Receiving services answer in the tool: the GP sends a referral to the service's inbox, a
worker of that service reads exactly its handover and records what happened, and the GP sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from tests.conftest import make_user, sign_in
from tests.web.helpers import (
    audit_rows,
    check_page,
    give_reasons,
    referral_to,
    referrals,
    routine,
    text_of,
)

DAPP = "Domestic Abuse Perpetrator Partnership (DAPP)"


def worker(app: Flask, service: str = "dapp", team: str = "DAPP Southampton") -> FlaskClient:
    """A signed-in worker of a receiving service, in their own browser."""
    their = app.test_client()
    sign_in(their, "service_worker", team=team, service=service)
    return their


def send_in_tool(client: FlaskClient, screening_id: str, service: str) -> dict[str, Any]:
    referral = referral_to(client, screening_id, service)
    response = client.post(
        f"/screenings/{screening_id}/referrals/{referral['id']}/send-in-tool")
    assert response.status_code == 302, response.status_code
    return referral


def inbox(their: FlaskClient) -> str:
    return text_of(check_page(their.get("/inbox")))


def answer(their: FlaskClient, referral_id: str, **data: str) -> Any:
    return their.post(f"/inbox/{referral_id}", data=data)


@pytest.fixture
def sent_to_dapp(app: Flask, client: FlaskClient) -> tuple[str, dict[str, Any]]:
    """A GP's positive routine enquiry whose DAPP referral (consented) went to its inbox."""
    sign_in(client, team="Bitterne Surgery")
    make_user(app, "service_worker", "DAPP Southampton", service="dapp")
    screening_id = routine(client, setting="gp")
    return screening_id, send_in_tool(client, screening_id, "dapp")


def test_a_dapp_worker_accepts_a_referral_and_the_gp_sees_it_answered(
        app: Flask, client: FlaskClient, sent_to_dapp: tuple[str, dict[str, Any]]) -> None:
    screening_id, dapp = sent_to_dapp
    check_page(client.get("/screenings"))  # the GP looks before anything is answered
    their = worker(app)
    listed = inbox(their)
    assert "Referrals to Domestic Abuse Perpetrator Partnership (DAPP)" in listed
    assert "Bitterne Surgery" in listed and "Sent" in listed and "Overdue" not in listed
    page = text_of(check_page(their.get(f"/inbox/{dapp['id']}")))
    assert f"Referral handover to {DAPP}" in page
    assert "Partner safety: for" not in page and "victim safety" not in page.lower()
    assert answer(their, dapp["id"], status="accepted").status_code == 302
    assert "Recorded: Accepted" in text_of(check_page(their.get(f"/inbox/{dapp['id']}")))

    mine = text_of(check_page(client.get("/screenings")))
    assert "1 referral answered since you last looked" in mine
    assert f"{DAPP}: Accepted" in mine
    again = text_of(check_page(client.get("/screenings")))
    assert "answered since you last looked" not in again and f"{DAPP}: Accepted" in again
    result = text_of(check_page(client.get(f"/screenings/{screening_id}/result")))
    assert "Accepted" in result
    handover = text_of(check_page(client.get(
        f"/screenings/{screening_id}/referrals/{dapp['id']}/handover")))
    assert "Sent in the tool: the service records what happens" in handover
    assert client.post(f"/screenings/{screening_id}/referrals/{dapp['id']}/outcome",
                       data={"status": "engaged"}).status_code == 409


def test_send_in_the_tool_is_offered_only_to_services_with_workers(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    page = f"/screenings/{screening_id}/referrals/{dapp['id']}/handover"
    assert "Send in the tool" not in text_of(check_page(client.get(page)))
    assert client.post(f"/screenings/{screening_id}/referrals/{dapp['id']}/send-in-tool"
                       ).status_code == 409
    worker(app)
    shown = text_of(check_page(client.get(page)))
    assert "Send in the tool" in shown and "Or record that you sent it another way" in shown
    send_in_tool(client, screening_id, "dapp")
    sent = referral_to(client, screening_id, "dapp")
    assert (sent["status"], sent["sent_on"]) == ("sent", dt.date.today().isoformat())
    text = client.get(f"/screenings/{screening_id}/referrals/{dapp['id']}/handover.txt")
    assert "by this tool" in text.get_data(as_text=True)


def test_the_victim_safety_service_reads_the_partner_safety_part(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    give_reasons(client, screening_id)
    their = worker(app, "victim_safety", "Victim safety North")
    send_in_tool(client, screening_id, "victim_safety")
    victim_safety = referral_to(client, screening_id, "victim_safety")
    page = text_of(check_page(their.get(f"/inbox/{victim_safety['id']}")))
    assert "Partner safety: for Integrated victim safety service only" in page
    assert "Children at home; partner frightened." in page


def test_only_the_next_answers_are_offered_and_each_is_dated(
        app: Flask, client: FlaskClient, sent_to_dapp: tuple[str, dict[str, Any]]) -> None:
    screening_id, dapp = sent_to_dapp
    their = worker(app)
    offered = their.get(f"/inbox/{dapp['id']}")
    check_page(offered)
    values = [str(t["value"]) for t in offered.page.find_all("input", attrs={"name": "status"})]
    assert values == ["accepted", "declined", "no_contact"]
    assert answer(their, dapp["id"], status="engaged").status_code == 200
    refused = text_of(check_page(answer(their, dapp["id"], status="declined")))
    assert "Select why the referral was declined" in refused
    answer(their, dapp["id"], status="accepted")
    missing = text_of(check_page(answer(their, dapp["id"], status="engaged")))
    assert "Enter the date of the first session" in missing
    answer(their, dapp["id"], status="engaged", first_session_on="2026-01-05")
    answer(their, dapp["id"], status="completed")
    done = their.get(f"/inbox/{dapp['id']}")
    assert "Record what happened" not in text_of(check_page(done))
    history = [item.get_text().split(": ")[-1] for item in done.page.select("#history li")]
    assert history == ["Not sent", "Sent", "Accepted", "Engaged", "Completed"]
    stored = referral_to(client, screening_id, "dapp")
    assert (stored["status"], stored["first_session_on"]) == ("completed", "2026-01-05")
    changes = [r["detail"] for r in audit_rows(app, "change")
               if "answered in the inbox" in (r["detail"] or "")]
    assert changes == [f"referral to dapp: {s} (answered in the inbox)"
                       for s in ("accepted", "engaged", "completed")]


def test_a_person_who_drops_out_alerts_the_victim_safety_inbox_once(
        app: Flask, client: FlaskClient, sent_to_dapp: tuple[str, dict[str, Any]]) -> None:
    screening_id, dapp = sent_to_dapp
    their = worker(app)
    victim_safety = worker(app, "victim_safety", "Victim safety North")
    assert "No referral has been sent" in inbox(victim_safety)
    answer(their, dapp["id"], status="accepted")
    answer(their, dapp["id"], status="dropped_out")
    alerts = inbox(victim_safety)
    assert "Alert: the person stopped engaging or never started" in alerts
    prompted = [r for r in referrals(client, screening_id) if r["role"] == "prompted"]
    assert len(prompted) == 1 and prompted[0]["status"] == "sent"
    page = text_of(check_page(victim_safety.get(f"/inbox/{prompted[0]['id']}")))
    assert "The person dropped out of the voluntary referral to " + DAPP in page
    # The practitioner cannot make a second one.
    assert client.post(f"/screenings/{screening_id}/referrals/{dapp['id']}/tell-victim-safety"
                       ).status_code == 409


def test_no_alert_is_made_twice_when_the_practitioner_already_told_the_service(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    their = worker(app)
    dapp = send_in_tool(client, screening_id, "dapp")
    answer(their, dapp["id"], status="no_contact")
    answer(their, dapp["id"], status="engaged", first_session_on="2026-01-05")
    answer(their, dapp["id"], status="dropped_out")
    prompted = [r for r in referrals(client, screening_id) if r["role"] == "prompted"]
    assert len(prompted) == 1


def test_a_referral_left_unanswered_for_more_than_five_working_days_is_overdue(
        app: Flask, client: FlaskClient, sent_to_dapp: tuple[str, dict[str, Any]]) -> None:
    _screening_id, dapp = sent_to_dapp
    db = connect(app.config["DATABASE"])
    long_ago = (dt.date.today() - dt.timedelta(days=8)).isoformat()
    with db.conn:
        db.conn.execute("UPDATE referrals SET sent_on = ? WHERE id = ?", (long_ago, dapp["id"]))
    their = worker(app)
    assert "Overdue" in inbox(their)
    page = text_of(check_page(their.get(f"/inbox/{dapp['id']}")))
    assert "Not answered within 5 working days" in page
    answer(their, dapp["id"], status="accepted")
    assert "Overdue" not in inbox(their)


def test_the_inbox_lists_only_referrals_sent_to_this_service_in_the_tool(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    by_email = routine(client)
    dapp_by_email = referral_to(client, by_email, "dapp")
    client.post(f"/screenings/{by_email}/referrals/{dapp_by_email['id']}/sent",
                data={"sent_on": "2026-01-05", "how": "secure_email"})
    their = worker(app)
    in_tool = routine(client)
    give_reasons(client, in_tool)
    worker(app, "victim_safety")
    send_in_tool(client, in_tool, "victim_safety")
    assert "No referral has been sent to your service in this tool yet." in inbox(their)
    assert their.get(f"/inbox/{dapp_by_email['id']}").status_code == 404
    victim_safety = referral_to(client, in_tool, "victim_safety")
    assert their.get(f"/inbox/{victim_safety['id']}").status_code == 404
    assert their.post(f"/inbox/{victim_safety['id']}", data={"status": "accepted"}
                      ).status_code == 404
    denied = [r["object"] for r in audit_rows(app, "denied")]
    assert denied == [f"referral/{dapp_by_email['id']}", f"referral/{victim_safety['id']}",
                      f"referral/{victim_safety['id']}"]
    assert referral_to(client, in_tool, "victim_safety")["status"] == "sent"


def test_every_inbox_page_a_worker_opens_is_audited(
        app: Flask, client: FlaskClient, sent_to_dapp: tuple[str, dict[str, Any]]) -> None:
    screening_id, dapp = sent_to_dapp
    their = worker(app)
    their.get("/inbox")
    their.get(f"/inbox/{dapp['id']}")
    assert [r["detail"] for r in audit_rows(app, "list") if r["object"] == "service/dapp"] == [
        "inbox"]
    assert [r["object"] for r in audit_rows(app, "handover_view")] == [
        f"screening/{screening_id}"]


def test_a_service_worker_signs_in_to_their_inbox(app: Flask) -> None:
    their = worker(app)
    home = their.get("/")
    assert home.location == "/inbox"
    assert "Referrals to your service" in text_of(check_page(their.get(home.location)))


def test_an_admin_adds_a_dapp_worker_and_must_name_the_service(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client, "admin", team="Administration")
    refused = text_of(check_page(client.post("/admin/users", data={
        "name": "sam.dapp", "role": "service_worker", "team": "DAPP"})))
    assert "Select the service a service worker answers referrals for" in refused
    wrong = text_of(check_page(client.post("/admin/users", data={
        "name": "jo.gp", "role": "practitioner", "service": "dapp", "team": "GP"})))
    assert "Select a service only for a service worker" in wrong
    check_page(client.post("/admin/users", data={
        "name": "sam.dapp", "role": "service_worker", "service": "dapp", "team": "DAPP"}))
    listed = text_of(check_page(client.get("/admin/users")))
    assert f"Service worker {DAPP}" in listed
    assert audit_rows(app, "user_add")[0]["detail"] == "service_worker in DAPP for dapp"


def test_a_referral_reaches_only_the_team_the_gp_sends_it_to(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client, team="Bitterne Surgery")
    north, south = worker(app, team="DAPP North"), worker(app, team="DAPP South")
    screening_id = routine(client, setting="gp")
    dapp = referral_to(client, screening_id, "dapp")
    page = f"/screenings/{screening_id}/referrals/{dapp['id']}/handover"
    offered = text_of(check_page(client.get(page)))
    assert "Which team should receive it?" in offered
    assert "DAPP North" in offered and "DAPP South" in offered

    send = f"/screenings/{screening_id}/referrals/{dapp['id']}/send-in-tool"
    unchosen = client.post(send)
    assert unchosen.status_code == 200
    assert "Select the team whose inbox the handover goes to" in text_of(check_page(unchosen))
    assert referral_to(client, screening_id, "dapp")["status"] == "not_sent"

    assert client.post(send, data={"team": "DAPP North"}).status_code == 302
    assert "It went to the inbox of DAPP North" in text_of(check_page(client.get(page)))
    assert "Bitterne Surgery" in inbox(north)
    assert "No referral has been sent to your service in this tool yet." in inbox(south)
    assert south.get(f"/inbox/{dapp['id']}").status_code == 404
    assert answer(south, dapp["id"], status="declined").status_code == 404
    denied = [r for r in audit_rows(app, "denied") if r["object"] == f"referral/{dapp['id']}"]
    assert len(denied) == 2 and all("(DAPP South)" in r["detail"] for r in denied)
    assert referral_to(client, screening_id, "dapp")["status"] == "sent"
    assert answer(north, dapp["id"], status="accepted").status_code == 302
    assert referral_to(client, screening_id, "dapp")["status"] == "accepted"


def test_a_gp_cannot_send_to_a_team_without_workers_of_that_service(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    worker(app, team="DAPP North")
    worker(app, team="DAPP South")
    worker(app, "victim_safety", team="Victim safety East")
    screening_id = routine(client)
    dapp = referral_to(client, screening_id, "dapp")
    refused = client.post(f"/screenings/{screening_id}/referrals/{dapp['id']}/send-in-tool",
                          data={"team": "Victim safety East"})
    assert refused.status_code == 200
    assert "Select the team whose inbox the handover goes to" in text_of(check_page(refused))
    assert referral_to(client, screening_id, "dapp")["status"] == "not_sent"


def test_a_drop_out_alerts_the_victim_safety_team_that_has_the_partners_referral(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    give_reasons(client, screening_id)
    dapp_worker = worker(app)
    east = worker(app, "victim_safety", "Victim safety East")
    west = worker(app, "victim_safety", "Victim safety West")
    dapp = send_in_tool(client, screening_id, "dapp")
    partner = referral_to(client, screening_id, "victim_safety")
    assert client.post(f"/screenings/{screening_id}/referrals/{partner['id']}/send-in-tool",
                       data={"team": "Victim safety West"}).status_code == 302
    answer(dapp_worker, dapp["id"], status="no_contact")
    assert "Alert: the person stopped engaging or never started" in inbox(west)
    assert "Alert" not in inbox(east)
    prompted = [r for r in referrals(client, screening_id) if r["role"] == "prompted"]
    assert len(prompted) == 1 and west.get(f"/inbox/{prompted[0]['id']}").status_code == 200
    assert east.get(f"/inbox/{prompted[0]['id']}").status_code == 404
