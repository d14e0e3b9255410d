"""A screening finished offline reaches the tool through /api/v1 once, and is never lost."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.questionnaire import Judgement, score
from screening.questionnaire.scoring import parameter_values
from screening.store import screenings as store
from screening.store.crypto import attach, unseal
from screening.store.db import connect
from screening.web import SEALER_KEY, create_app, library
from tests.conftest import PASSWORD, app_config, make_user, sign_in
from tests.web.helpers import audit_rows, check_page, csrf_token, row

POSITIVE = {"afraid_of_you": "yes", "controlling": "no", "threats": "no", "physical_harm": "no",
            "worried_about_behaviour": "yes", "being_harmed": "no",
            "who_affected": ["current_partner"], "partner_under_16": "no",
            "children_in_household": "yes", "pregnancy": "no", "age": 42,
            "violence_past_month": "no", "weapons": "no", "strangulation": "no",
            "separation": "no", "immediate_danger": "no", "needs_first": "none",
            "readiness": "wants_help", "denial": "owns_behaviour"}


def moment(minutes_ago: int) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)).isoformat()


def offline_screening(app: Flask, **changes: Any) -> dict[str, Any]:
    """What a device sends for a positive routine enquiry finished offline."""
    question_set = library(app).get("routine-enquiry")
    body = {"idempotency_key": str(uuid.uuid4()), "questionnaire": question_set.id,
            "version": question_set.version, "content_hash": question_set.content_hash,
            "setting": "gp", "client_reference": "K7Q-4MP", "local_record_number": "GP-118",
            "client_language": "en", "opening_accepted_at": moment(20),
            "answers": dict(POSITIVE), "judgement": None, "consent_referral": "yes",
            "consent_duty": None, "consent_reason": None, "started_at": moment(21),
            "completed_at": moment(5), "result": None}
    body.update(changes)
    return body


def send(client: FlaskClient, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/api/v1/screenings", json=body,
                       headers={"Idempotency-Key": body["idempotency_key"], **headers})


def held(app: Flask) -> list[dict[str, Any]]:
    """Submissions kept for review, their sealed content opened with the tool's data key."""
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        return [{**r, "submission": unseal(db, f"review/{r['idempotency_key']}",
                                           "submission", r["submission"])}
                for r in db["offline_review"].rows]
    finally:
        db.conn.close()


def screenings_of(app: Flask, user_id: int) -> list[store.Screening]:
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        return store.for_practitioner(db, user_id)
    finally:
        db.conn.close()


def test_a_screening_finished_offline_is_stored_with_the_tools_own_result(
        app: Flask, client: FlaskClient) -> None:
    user = sign_in(client)
    body = offline_screening(app, result={"score": 0, "outcome": "negative",
                                          "risk_level": "none"})  # forged: ignored
    response = send(client, body)
    assert response.status_code == 201, response.get_json()
    [screening] = screenings_of(app, user.id)
    question_set = library(app).get("routine-enquiry")
    assert screening.result == score(question_set, POSITIVE, parameter_values(question_set))
    assert screening.result is not None and screening.result.risk_level != "none"
    stored = row(app, screening.id)
    assert {k: stored[k] for k in ("source", "idempotency_key", "status", "team", "version",
                                   "content_hash", "client_reference", "consent_referral",
                                   "local_record_number")} == {
        "source": "offline", "idempotency_key": body["idempotency_key"], "status": "complete",
        "team": user.team, "version": question_set.version,
        "content_hash": question_set.content_hash, "client_reference": "K7Q-4MP",
        "consent_referral": "yes", "local_record_number": "GP-118"}
    sent = response.get_json()
    assert (sent["id"], sent["risk_level"]) == (screening.id, screening.result.risk_level)
    assert sent["result_url"] == response.headers["Location"]
    assert "answers" not in sent
    assert client.get(sent["handover_url"]).status_code == 200  # the handover is there now


def test_sending_the_same_screening_again_stores_it_once_and_answers_the_same(
        app: Flask, client: FlaskClient) -> None:
    user = sign_in(client)
    body = offline_screening(app)
    first = send(client, body)
    again = send(client, {**dict(reversed(list(body.items())))})  # key order does not matter
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(screenings_of(app, user.id)) == 1
    assert [e["action"] for e in audit_rows(app) if e["object"].startswith("offline/")] == [
        "offline_replay"]


def test_the_same_key_with_different_answers_is_refused_and_kept_for_review(
        app: Flask, client: FlaskClient) -> None:
    user = sign_in(client)
    body = offline_screening(app)
    assert send(client, body).status_code == 201
    changed = {**body, "answers": {**POSITIVE, "weapons": "yes"}}
    refused = send(client, changed)
    assert refused.status_code == 409
    assert "kept for an administrator to review" in refused.get_json()["error"]
    assert send(client, changed).status_code == 409
    [kept] = held(app)
    assert (kept["reason"], kept["idempotency_key"]) == ("conflict", body["idempotency_key"])
    assert '"weapons": "yes"' in kept["submission"]
    [screening] = screenings_of(app, user.id)
    assert screening.answers["weapons"] == "no"


def test_another_practitioners_key_is_a_conflict_not_a_replay(app: Flask,
                                                             client: FlaskClient) -> None:
    sign_in(client)
    body = offline_screening(app)
    assert send(client, body).status_code == 201
    other = app.test_client()
    sign_in(other, name="another-practitioner")
    assert send(other, body).status_code == 409


@pytest.mark.parametrize("changes", [{"version": 99}, {"content_hash": "0" * 64},
                                     {"questionnaire": "retired-set"}],
                         ids=["unknown version", "different content", "unknown set"])
def test_a_screening_made_with_a_version_the_tool_lacks_is_kept_and_reported(
        app: Flask, client: FlaskClient, changes: dict[str, Any]) -> None:
    user = sign_in(client)
    body = offline_screening(app, **changes)
    response = send(client, body)
    assert response.status_code == 202
    assert "nothing is lost" in response.get_json()["message"]
    again = send(client, body)
    assert (again.status_code, again.get_json()) == (202, response.get_json())
    [kept] = held(app)
    assert kept["reason"] == "unknown_version"
    assert screenings_of(app, user.id) == []
    assert [e["action"] for e in audit_rows(app, "offline_kept")] == ["offline_kept"]
    admin = app.test_client()
    sign_in(admin, role="admin")
    page = check_page(admin.get("/offline/review"))
    assert body["idempotency_key"] in page


def test_problems_are_named_per_question_and_nothing_is_stored(app: Flask,
                                                              client: FlaskClient) -> None:
    user = sign_in(client)
    answers = {**POSITIVE, "age": 7, "weapons": "maybe", "mood": "low"}
    del answers["afraid_of_you"]
    body = offline_screening(app, answers=answers, setting="victim_safety",
                             consent_referral="override")
    response = send(client, body)
    assert response.status_code == 422
    found = response.get_json()
    assert found["error"].startswith("The screening was not stored")
    named = {(p["field"], p.get("question")) for p in found["problems"]}
    assert {("answers", "weapons"), ("answers", "mood"), ("answers", "age"), ("setting", None),
            ("consent_duty", None), ("consent_reason", None)} <= named
    assert screenings_of(app, user.id) == []
    corrected = {**body, "answers": POSITIVE, "setting": "gp", "consent_referral": "yes"}
    assert send(client, corrected).status_code == 201  # a refusal does not use up the key


def test_a_required_question_left_unanswered_is_a_problem(app: Flask,
                                                         client: FlaskClient) -> None:
    sign_in(client)
    answers = {**POSITIVE, "afraid_of_you": "not_asked"}
    response = send(client, offline_screening(app, answers=answers))
    assert response.status_code == 422
    question = library(app).get("routine-enquiry").question("afraid_of_you")
    assert {"field": "answers", "question": "afraid_of_you", "code": "answer_required",
            "params": {"question": dict(question.text)},
            "message": "Answer question: " + question.text["en"]} in response.get_json()["problems"]


def test_judgement_and_a_safeguarding_override_are_kept_as_the_result_page_keeps_them(
        app: Flask, client: FlaskClient) -> None:
    user = sign_in(client)
    body = offline_screening(app, judgement={"level": "high", "reason": "Pattern of control"},
                             consent_referral="override", consent_duty="children_at_risk",
                             consent_reason="Children at home")
    assert send(client, body).status_code == 201
    [screening] = screenings_of(app, user.id)
    question_set = library(app).get("routine-enquiry")
    assert screening.result == score(question_set, POSITIVE, parameter_values(question_set),
                                     Judgement("high", "Pattern of control"))
    assert (screening.judgement_level, screening.consent_referral, screening.consent_reason) == (
        "high", "override", "Children are at risk of significant harm. Children at home")


def test_a_device_clock_ahead_of_the_tool_is_held_to_now(app: Flask,
                                                        client: FlaskClient) -> None:
    user = sign_in(client)
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
    assert send(client, offline_screening(app, completed_at=later)).status_code == 201
    [screening] = screenings_of(app, user.id)
    assert screening.completed_at is not None
    assert screening.completed_at <= dt.datetime.now(dt.UTC).isoformat()


def test_signed_out_devices_get_401_and_keep_their_screenings(app: Flask,
                                                             client: FlaskClient) -> None:
    for response in (client.get("/api/v1/question-sets"), client.get("/api/v1/session"),
                     send(client, offline_screening(app))):
        assert response.status_code == 401
        assert "Sign in again" in response.get_json()["error"]


def test_only_practitioners_send_screenings(app: Flask, client: FlaskClient) -> None:
    sign_in(client, role="service_lead")
    assert send(client, offline_screening(app)).status_code == 403


def test_requests_that_are_not_a_screening_are_refused_plainly(app: Flask,
                                                              client: FlaskClient) -> None:
    sign_in(client)
    url = "/api/v1/screenings"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    too_large = offline_screening(app, local_record_number="x" * 70_000)
    assert send(client, too_large).status_code == 413
    assert client.post(url, data="answers=yes", headers=key).status_code == 415
    assert client.post(url, data="{not json", content_type="application/json",
                       headers=key).status_code == 400
    assert client.post(url, json=["a list"], headers=key).status_code == 400
    mismatched = send(client, offline_screening(app), **{"Idempotency-Key": str(uuid.uuid4())})
    assert mismatched.status_code == 400
    short_key = send(client, offline_screening(app, idempotency_key="abc"))
    assert (short_key.status_code, short_key.get_json()["problems"][0]["field"]) == (
        422, "idempotency_key")
    for response in (send(client, too_large), client.post(url, data="x", headers=key)):
        assert set(response.get_json()) == {"error", "code", "problems"}


def test_the_question_sets_carry_the_parameters_in_force_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_ESCALATION_THRESHOLD", "5")
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))
    client = app.test_client()
    sign_in(client)
    found = client.get("/api/v1/question-sets").get_json()
    sets = {s["id"]: s for s in found["question_sets"]}
    assert set(sets) == {qs.id for qs in library(app).published()}
    dash = sets["dash-risk"]
    assert dash["parameters_in_force"] == {"escalation_threshold": 5}
    assert dash["content_hash"] == library(app).get("dash-risk").content_hash
    assert "golden_cases" not in dash and dash["questions"][0]["allowed_values"]
    assert set(found["services"]) == set(library(app).services)


def test_a_post_needs_the_sessions_csrf_token(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    token = csrf_token(client.get("/sign-in"))
    client.post("/sign-in", data={"name": user.name, "password": PASSWORD, "csrf_token": token})
    body = offline_screening(app)
    refused = send(client, body)
    assert (refused.status_code, refused.get_json()["reason"]) == (400, "csrf")
    session = client.get("/api/v1/session").get_json()
    assert session["user"]["id"] == user.id
    assert send(client, body, **{"X-CSRFToken": session["csrf_token"]}).status_code == 201
    stranger = app.test_client()
    assert send(stranger, body).status_code == 401  # signed out: 401, so the device waits


def test_the_offline_page_worker_and_manifest_are_served(app: Flask,
                                                        client: FlaskClient) -> None:
    sign_in(client)
    page = client.get("/offline/")
    html = check_page(page)
    assert page.page.find(id="offline-words") is not None and "<script>" not in html
    worker = client.get("/sw.js")
    assert worker.mimetype == "text/javascript"
    source = worker.get_data(as_text=True)
    assert source.startswith("const OFFLINE = ") and '"/static/js/engine.js?v=' in source
    assert '"/static/js/pycompat.js?v=' in source  # engine.js needs it, offline too
    policy = worker.headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "script-src 'self'" in policy
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.get_json()["start_url"] == "/"
    manifest.close()


def choose_language(client: FlaskClient, lang: str) -> None:
    client.post("/language", data={"lang": lang, "next": "/screenings"})


def test_a_welsh_practitioner_is_told_in_welsh_what_to_correct_with_the_question_still_named(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    choose_language(client, "cy")
    response = send(client, offline_screening(app, answers={**POSITIVE, "weapons": "maybe"}))
    assert response.status_code == 422
    found = response.get_json()
    assert (found["code"], found["error"]) == (
        "not_stored", "Ni chafodd y sgriniad ei gadw. Cywirwch yr hyn a ddangosir a'i anfon eto.")
    by_question = {p["question"]: p for p in found["problems"]}
    weapons = by_question["weapons"]
    assert weapons["message"].startswith("nid yw 'maybe' yn cael ei ganiatáu; dewiswch un o: yes")
    assert (weapons["code"], weapons["params"]["value"]) == ("answer_not_allowed", "'maybe'")
    unanswered = send(client, offline_screening(
        app, answers={**POSITIVE, "afraid_of_you": "not_asked"})).get_json()["problems"]
    welsh_question = library(app).get("routine-enquiry").question("afraid_of_you").text["cy"]
    assert {"field": "answers", "question": "afraid_of_you", "code": "answer_required",
            "message": f"Atebwch y cwestiwn: {welsh_question}"}.items() <= unanswered[0].items()


def test_a_polish_practitioners_screening_kept_for_review_is_reported_in_polish_every_time(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    body = offline_screening(app, version=99)
    assert send(client, body).get_json()["code"] == "kept_for_review"
    choose_language(client, "pl")
    again = send(client, body)
    assert again.status_code == 202
    kept = again.get_json()
    assert kept["message"].startswith("To badanie korzystało z routine-enquiry w wersji 99")
    assert "Zostało zachowane do sprawdzenia przez administratora" in kept["message"]
    assert kept["params"]["version"] == "99"


def test_a_refused_request_is_explained_in_arabic_with_a_code_for_programs(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    choose_language(client, "ar")
    response = client.post("/api/v1/screenings", data="answers=yes",
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 415
    assert response.get_json() == {
        "error": "يُرجى إرسال الفحص بصيغة JSON، مع Content-Type application/json.",
        "code": "not_json", "problems": []}


def test_each_referral_decision_made_offline_reaches_its_own_referral(
        app: Flask, client: FlaskClient) -> None:
    """The person said no to the perpetrator programme; the children's safeguarding and victim
    safety referrals still go ahead with the practitioner's reason."""
    sign_in(client)
    body = offline_screening(app, consent_referral=None, referrals=[
        {"service": "dapp", "consent": "no"},
        {"service": "childrens_safeguarding", "reason": "Two children under five at home."},
        {"service": "victim_safety", "reason": "Partner said to be frightened."}])
    sent = send(client, body)
    assert sent.status_code == 201, sent.get_json()
    told = {r["service"]: r for r in sent.get_json()["referrals"]}
    assert told["dapp"]["consent"] == "no"
    screening_id = sent.get_json()["id"]
    listed = {r["service"]: r for r in client.get(
        f"/screenings/{screening_id}/referrals.json").get_json()["referrals"]}
    assert listed["dapp"]["consent"] == "no" and listed["dapp"]["needs"] is None
    assert listed["childrens_safeguarding"]["needs"] == "send"
    assert listed["victim_safety"]["needs"] == "send"
    page = client.get(f"/screenings/{screening_id}/referrals/"
                      f"{listed['childrens_safeguarding']['id']}/handover.txt")
    assert "Two children under five at home." in page.get_data(as_text=True)
    refused = client.get(
        f"/screenings/{screening_id}/referrals/{listed['dapp']['id']}/handover.txt")
    assert refused.status_code == 409  # no handover to a service the person said no to


def test_a_referral_decision_that_does_not_fit_the_pathway_stores_nothing_and_says_where(
        app: Flask, client: FlaskClient) -> None:
    user = sign_in(client)
    body = offline_screening(app, consent_referral=None, referrals=[
        {"service": "dapp", "reason": "He agreed on the phone."},
        {"service": "childrens_safeguarding", "consent": "yes"},
        {"service": "marac", "reason": "High risk"}])
    refused = send(client, body)
    assert refused.status_code == 422
    problems = {p["field"]: p["message"] for p in refused.get_json()["problems"]}
    assert problems["referrals[0].reason"] == (
        "This referral is voluntary and needs the person's consent, not a reason")
    assert problems["referrals[1].consent"] == (
        "This referral does not depend on the person's consent: give a reason instead")
    assert problems["referrals[2].service"].startswith(
        "This service is not on the screening's pathway; the pathway has: ")
    assert screenings_of(app, user.id) == []
    fixed = {**body, "referrals": [{"service": "dapp", "consent": "yes"}]}
    assert send(client, fixed).status_code == 201


def test_a_device_from_before_referrals_still_has_its_one_consent_applied(
        app: Flask, client: FlaskClient) -> None:
    sign_in(client)
    sent = send(client, offline_screening(app, consent_referral="yes"))
    assert sent.status_code == 201
    told = {r["service"]: r for r in sent.get_json()["referrals"]}
    assert told["dapp"]["consent"] == "yes"
    assert told["childrens_safeguarding"]["consent"] is None
