"""A screen left alone signs its user out; signing in again returns to the same page."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.web import create_app
from tests.conftest import PASSWORD, app_config, make_user, sign_in
from tests.web.conftest import Clock
from tests.web.helpers import (
    CORE_POSITIVE,
    answer,
    audit_rows,
    check_page,
    chosen,
    csrf_token,
    start,
    text_of,
)


def sign_in_again(client: FlaskClient, app: Flask, location: str, name: str) -> str:
    """Follow the sign-in page the tool sent us to, and sign in there; where it sends us."""
    page = client.get(location)
    assert page.status_code == 200
    signed = client.post(location, data={"name": name, "password": PASSWORD})
    assert signed.status_code == 302
    return signed.location


def test_a_practitioner_away_for_16_minutes_signs_in_again_and_is_back_on_the_same_page(
        client: FlaskClient, app: Flask, clock: Clock) -> None:
    user = sign_in(client)
    screening_id = start(client)
    partial = {k: v for k, v in CORE_POSITIVE.items() if k != "threats"}
    answer(client, screening_id, 0, partial)  # saved, with one question still to answer
    page = f"/screenings/{screening_id}/questions/0"
    clock.advance(minutes=16)
    sent_away = client.get(page)
    assert sent_away.status_code == 302
    assert sent_away.location == f"/sign-in?next={page}"
    sign_in_page = text_of(check_page(client.get(sent_away.location)))
    assert "You were signed out because the service was not used for 15 minutes" in sign_in_page
    assert "your saved answers are kept" in sign_in_page
    back = client.post(sent_away.location, data={"name": user.name, "password": PASSWORD})
    assert back.location == page
    resumed = client.get(page)
    check_page(resumed)
    assert chosen(resumed, "afraid_of_you") == ["yes"]
    assert [r["action"] for r in audit_rows(app, "session_expired_idle")] == [
        "session_expired_idle"]


def test_using_the_tool_keeps_the_session_going(client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    for _ in range(4):
        clock.advance(minutes=14)
        assert client.get("/screenings").status_code == 200


def test_the_tool_checking_in_the_background_does_not_keep_the_session_going(
        client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    for _ in range(2):
        clock.advance(minutes=7)
        assert client.get("/session").status_code == 200
        assert client.get("/api/v1/session").status_code == 200
        assert client.get("/screenings", headers={"Sec-Fetch-Mode": "cors"}).status_code == 200
    clock.advance(minutes=2)
    assert client.get("/screenings").location == "/sign-in?next=/screenings"
    assert client.get("/api/v1/session").status_code == 401


def test_stay_signed_in_starts_the_idle_time_again(client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    clock.advance(minutes=14)
    stayed = client.post("/session/keep-alive", headers={"Sec-Fetch-Mode": "cors"})
    assert stayed.status_code == 200
    assert stayed.get_json()["idle_seconds_left"] == 15 * 60
    clock.advance(minutes=14)
    assert client.get("/screenings").status_code == 200


def test_the_warning_knows_how_long_is_left_without_extending_it(
        client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    clock.advance(minutes=5)
    assert client.get("/session").get_json() == {
        "signed_in": True, "idle_seconds_left": 10 * 60, "absolute_seconds_left": 10 * 3600 - 300,
        "warning_seconds": 120}
    clock.advance(minutes=11)
    assert client.get("/session").status_code == 401


def test_a_session_ends_after_10_hours_however_busy(client: FlaskClient, app: Flask,
                                                    clock: Clock) -> None:
    sign_in(client)
    for _ in range(41):  # a page every 14:59, for 10 hours and a bit
        clock.advance(minutes=15, seconds=-1)
        client.get("/screenings")
    response = client.get("/screenings")
    assert response.location == "/sign-in?next=/screenings"
    page = text_of(client.get(response.location).get_data(as_text=True))
    assert "you signed in more than 10 hours ago" in page
    assert len(audit_rows(app, "session_expired_absolute")) == 1


def test_keep_alive_cannot_stretch_a_session_past_its_absolute_end(
        client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    for _ in range(41):
        clock.advance(minutes=15, seconds=-1)
        client.post("/session/keep-alive")
    assert client.post("/session/keep-alive").status_code == 401


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page(
        client: FlaskClient, clock: Clock) -> None:
    sign_in(client)
    screening_id = start(client)
    clock.advance(minutes=20)
    response = answer(client, screening_id, 0, CORE_POSITIVE)
    assert response.location == f"/sign-in?next=/screenings/{screening_id}/questions/0"
    consent = client.post(f"/screenings/{screening_id}/judgement", data={
        "judgement_level": "high", "judgement_reason": "Worried"})
    assert consent.location == "/sign-in"


def test_the_interface_language_survives_the_timeout(client: FlaskClient,
                                                     clock: Clock) -> None:
    sign_in(client)
    client.post("/language", data={"lang": "cy", "next": "/screenings"})
    clock.advance(minutes=16)
    client.get("/screenings")
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'lang="cy"' in page.split(">", 2)[1]


def test_every_signed_in_page_carries_the_warning_dialog(client: FlaskClient,
                                                         clock: Clock) -> None:
    assert 'id="session-timeout"' not in client.get("/sign-in").get_data(as_text=True)
    sign_in(client)
    html = check_page(client.get("/screenings"))
    assert 'role="alertdialog"' in html and 'aria-modal="true"' in html
    assert "Stay signed in" in text_of(html)
    assert 'data-idle-seconds-left="900"' in html and 'data-warning-seconds="120"' in html
    assert "/static/js/session-timeout.js" in html


def test_keep_alive_needs_the_csrf_token(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    token = csrf_token(client.get("/sign-in"))
    client.post("/sign-in", data={"name": user.name, "password": PASSWORD, "csrf_token": token})
    token = client.get("/api/v1/session").get_json()["csrf_token"]  # a new session, a new token
    assert client.post("/session/keep-alive").status_code == 400
    assert client.post("/session/keep-alive", headers={"X-CSRFToken": token}).status_code == 200


def test_the_idle_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     clock: Clock) -> None:
    monkeypatch.setenv("SCREENING_IDLE_TIMEOUT_MINUTES", "5")
    monkeypatch.setenv("SCREENING_ABSOLUTE_TIMEOUT_HOURS", "2")
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))
    client = app.test_client()
    sign_in(client)
    assert client.get("/session").get_json()["idle_seconds_left"] == 300
    assert app.permanent_session_lifetime.total_seconds() == 7200
