"""Receiving services answer in a real browser: the GP sends the DAPP referral in the tool, a DAPP
worker accepts it and the GP sees that; the person drops out and the victim safety inbox shows
the alert; the DAPP worker trying anything else gets 404, audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from screening.store.audit import entries
from screening.store.db import connect
from tests.browser.pages import Practitioner
from tests.browser.test_practitioner_flows import CORE, FOLLOW_UP_WANTS_HELP
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser
DAPP = "Domestic Abuse Perpetrator Partnership (DAPP)"


@pytest.fixture
def workers(browser: Any, base_url: str, live_app: Flask,
            request: pytest.FixtureRequest) -> Iterator[dict[str, Practitioner]]:
    """A DAPP worker and a victim safety worker, each signed out in their own browser."""
    people, contexts = {}, []
    for service, team in (("dapp", "DAPP Southampton"), ("victim_safety", "Victim safety")):
        user = make_user(live_app, "service_worker", team, service=service,
                         name=f"{service}-{request.node.name}"[:60])
        context = browser.new_context(viewport={"width": 1024, "height": 800})
        contexts.append(context)
        people[service] = Practitioner(context.new_page(), base_url, user.name, PASSWORD)
    yield people
    for context in contexts:
        context.close()


def denied_for(app: Flask, name: str) -> list[str]:
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        user_id = db.execute("SELECT id FROM users WHERE name = ?", [name]).fetchone()[0]
        return [str(e["object"]) for e in entries(db, action="denied") if e["user_id"] == user_id]
    finally:
        db.conn.close()


def test_a_dapp_worker_accepts_then_the_person_drops_out_and_victim_safety_is_alerted(
        practitioner: Practitioner, workers: dict[str, Practitioner], live_app: Flask) -> None:
    dapp, victim_safety = workers["dapp"], workers["victim_safety"]
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.answer({**{q: "No" for q in CORE}, "afraid_of_you": "Yes",
                         "worried_about_behaviour": "Yes"})
    practitioner.answer(FOLLOW_UP_WANTS_HELP)  # shown on the same page by the first yes
    practitioner.answer({"partner_under_16": "No"})  # shown at once by naming a partner
    practitioner.press("Save and continue")
    card = practitioner.page.get_by_role("region", name=DAPP, exact=True)
    card.get_by_label("Yes, they consent to this referral", exact=True).check()
    card.get_by_role("button", name="Save consent").click()
    practitioner.accessible()
    practitioner.page.get_by_role("region", name=DAPP, exact=True).get_by_role(
        "button", name="Go to the handover").click()
    practitioner.accessible()
    # The partnership has a second team: the GP says which inbox the handover goes to.
    make_user(live_app, "service_worker", "DAPP Winchester", service="dapp",
              name=f"winchester-{practitioner.name}"[:60])
    practitioner.page.reload()
    practitioner.press("Send in the tool")
    assert "Select the team whose inbox the handover goes to" in practitioner.text()
    practitioner.accessible()
    practitioner.choose("DAPP Southampton")
    practitioner.press("Send in the tool")
    assert "Sent in the tool: the service records what happens" in practitioner.text()
    assert "It went to the inbox of DAPP Southampton" in practitioner.text()
    screening_path = "/" + "/".join(practitioner.page.url.split("/")[3:5])
    gp_handover = practitioner.page.url.split("#")[0].replace(practitioner.base_url, "")

    dapp.sign_in()
    assert "Referrals to " + DAPP in dapp.text()
    dapp.follow("Open")
    assert "Partner safety" not in dapp.text() and "Children live with" in dapp.text()
    dapp.choose("Accepted")
    dapp.press("Record what happened")
    assert "Recorded: Accepted" in dapp.text()

    practitioner.goto("/screenings")
    mine = practitioner.text()
    assert "1 referral answered since you last looked" in mine
    assert f"{DAPP}: Accepted" in mine

    dapp.choose("Dropped out")
    dapp.press("Record what happened")
    assert "Recorded: Dropped out" in dapp.text()

    victim_safety.sign_in()
    assert "Alert: the person stopped engaging or never started" in victim_safety.text()
    victim_safety.follow("Open")
    assert "Partner safety: for Integrated victim safety service only" in victim_safety.text()
    alert_path = victim_safety.page.url.replace(victim_safety.base_url, "")

    for path in (alert_path, gp_handover, screening_path + "/result", "/screenings",
                 "/counts", "/admin/users"):
        response = dapp.page.goto(dapp.base_url + path)
        assert response is not None and response.status == 404, path
    assert len(denied_for(live_app, dapp.name)) == 6
