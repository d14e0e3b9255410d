"""Only a screening's own practitioner can open it. Another practitioner gets 404, so whether it
exists stays hidden; another role gets 403, a page saying who can use it. Every attempt is
audited."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import audit_rows, check_page, routine, text_of

SCREENING_PAGES = ["", "/opening", "/questions/0", "/check", "/result", "/handover",
                   "/handover.txt", "/handover.json", "/case-note.txt", "/referrals.json",
                   "/referrals/{referral}/handover", "/referrals/{referral}/handover.txt",
                   "/referrals/{referral}/handover.json"]


def first_referral(app: Flask, screening_id: str) -> str:
    """The id of a screening's primary referral, read straight from the database."""
    from screening.store.db import connect

    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        return str(db.execute("SELECT id FROM referrals WHERE screening_id = ? AND "
                              "role = 'primary'", [screening_id]).fetchone()[0])
    finally:
        db.conn.close()


@pytest.fixture
def someone_elses(app: Flask) -> str:
    with app.test_client() as owner:
        sign_in(owner, team="Portswood Practice")
        return routine(owner)


@pytest.mark.parametrize("page", SCREENING_PAGES)
def test_another_practitioner_gets_404_and_the_attempt_is_audited(
        client: FlaskClient, app: Flask, someone_elses: str, page: str) -> None:
    intruder = sign_in(client, team="Portswood Practice")
    page = page.format(referral=first_referral(app, someone_elses))
    assert client.get(f"/screenings/{someone_elses}{page}").status_code == 404
    denied = audit_rows(app, "denied")
    assert [(r["user_id"], r["object"]) for r in denied] == [
        (intruder.id, f"screening/{someone_elses}")]


@pytest.mark.parametrize("change", [
    "judgement", "delete", "referrals/{referral}/consent", "referrals/{referral}/reason",
    "referrals/{referral}/review", "referrals/{referral}/done", "referrals/{referral}/sent",
    "referrals/{referral}/outcome", "referrals/{referral}/tell-victim-safety"])
def test_another_practitioner_cannot_change_it_either(client: FlaskClient, app: Flask,
                                                     someone_elses: str, change: str) -> None:
    sign_in(client)
    change = change.format(referral=first_referral(app, someone_elses))
    assert client.post(f"/screenings/{someone_elses}/{change}", data={
        "consent": "no", "judgement_level": "high", "judgement_reason": "x"}).status_code == 404
    assert len(audit_rows(app, "denied")) == 1


@pytest.mark.parametrize("role", ["service_lead", "admin"])
def test_service_leads_and_admins_are_told_screenings_are_for_practitioners(
        client: FlaskClient, app: Flask, someone_elses: str, role: str) -> None:
    # A role refusal is 403 (not a "check the web address" 404); it is the same for a screening
    # that exists and one that does not, so it reveals nothing.
    sign_in(client, role, team="Portswood Practice")
    for page in ("/result", "/handover.json"):
        assert client.get(f"/screenings/{someone_elses}{page}").status_code == 403
    assert client.get("/screenings/0000000000000000/result").status_code == 403
    assert client.get("/screenings").status_code == 403
    refused = client.get("/screenings/new")
    assert refused.status_code == 403
    assert "Only practitioners can use this page" in text_of(check_page(refused))
    assert len(audit_rows(app, "denied")) == 5


def test_an_unknown_screening_is_404_and_audited(client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    assert client.get("/screenings/0000000000000000/result").status_code == 404
    assert audit_rows(app, "denied")[0]["object"] == "screening/0000000000000000"


def test_practitioners_and_leads_cannot_open_the_admin_page(client: FlaskClient) -> None:
    sign_in(client, "service_lead")
    assert client.get("/admin/users").status_code == 403


def test_viewing_and_changing_a_screening_are_audited(client: FlaskClient, app: Flask) -> None:
    user = sign_in(client)
    screening_id = routine(client)
    client.get(f"/screenings/{screening_id}/result")
    views = [r for r in audit_rows(app, "view") if r["object"] == f"screening/{screening_id}"]
    changes = [r for r in audit_rows(app, "change") if r["object"] == f"screening/{screening_id}"]
    assert views and changes and {r["user_id"] for r in views + changes} == {user.id}


# Pages any signed-in person may open: signing in and out, the language, the session's time
# left, the offline worker script and the published question sets (no one's answers).
OPEN_TO_ANYONE_SIGNED_IN = {
    "home", "auth.sign_in", "auth.sign_out", "i18n.change_language", "sessions.remaining",
    "sessions.keep_alive", "healthz", "static", "offline.service_worker", "openapi", "api.who",
    "api.question_sets", "inbox.index", "account.password", "oidc.start", "oidc.callback"}


def test_a_dapp_worker_trying_every_route_reaches_only_their_inbox(
        client: FlaskClient, app: Flask) -> None:
    from tests.conftest import make_user
    from tests.web.helpers import give_reasons, referral_to

    make_user(app, "service_worker", "Victim safety North", service="victim_safety")
    with app.test_client() as gp:
        gp_user = sign_in(gp)
        screening_id = routine(gp)
        give_reasons(gp, screening_id)
        victim_safety = referral_to(gp, screening_id, "victim_safety")["id"]
        assert gp.post(f"/screenings/{screening_id}/referrals/{victim_safety}/send-in-tool"
                       ).status_code == 302
    attacker = sign_in(client, "service_worker", team="DAPP Southampton", service="dapp")
    values = {"screening_id": screening_id, "referral_id": victim_safety, "page": 0,
              "user_id": gp_user.id, "change": "disable", "kind": "csv"}
    reached = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_TO_ANYONE_SIGNED_IN:
            continue
        # A route that takes one of a few words takes its first; every other the values above.
        words = {name: sorted(converter.items)[0]  # type: ignore[attr-defined]
                 for name, converter in rule._converters.items() if hasattr(converter, "items")}
        url = app.url_map.bind("localhost").build(rule.endpoint, {
            name: words.get(name, values[name]) for name in rule.arguments})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            before = len(audit_rows(app, "denied"))
            status = client.open(url, method=method, data={"status": "accepted"}).status_code
            audited = len(audit_rows(app, "denied")) - before
            reached[f"{method} {rule.rule}"] = (status, audited)
    refused_api = {"POST /api/v1/screenings": (403, 1)}
    assert {route: seen for route, seen in reached.items() if seen != (404, 1)} == refused_api
    assert len(reached) > 40
    assert all(r["user_id"] == attacker.id for r in audit_rows(app, "denied"))
    assert referral_to_status(app, victim_safety) == "sent"


def referral_to_status(app: Flask, referral_id: str) -> str:
    from screening.store.db import connect

    db = connect(app.config["DATABASE"])
    try:
        return str(db.execute("SELECT status FROM referrals WHERE id = ?",
                              [referral_id]).fetchone()[0])
    finally:
        db.conn.close()
