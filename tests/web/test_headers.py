"""Every response carries the security headers; cookies stay out of scripts and off plain HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.web import create_app
from tests.conftest import PASSWORD, app_config, make_user, sign_in
from tests.web.helpers import csrf_token, routine


def assert_secure_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


def test_every_kind_of_page_carries_the_security_headers_and_is_never_cached(
        client: FlaskClient) -> None:
    sign_in(client)
    screening_id = routine(client)
    for url in ("/sign-in", "/screenings", f"/screenings/{screening_id}/result",
                f"/screenings/{screening_id}/handover.txt", f"/screenings/{screening_id}/handover",
                "/api/v1/session", "/api/v1/question-sets", "/no-such-page", "/session"):
        response = client.get(url)
        assert_secure_headers(response)
        assert response.headers["Cache-Control"] == "no-store", url


def test_an_admin_download_is_never_cached(client: FlaskClient) -> None:
    sign_in(client, "admin")
    response = client.get("/admin/audit.csv")
    assert_secure_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_hidden_from_scripts_and_not_sent_from_other_sites(
        client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on 127.0.0.1: a Secure cookie would be dropped
    assert "Strict-Transport-Security" not in response.headers


def test_over_https_the_cookie_is_secure_and_browsers_are_told_to_stay_on_https(
        client: FlaskClient, app: Flask) -> None:
    user = make_user(app)
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD},
                           base_url="https://screening.example")
    assert "; Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_behind_a_proxy_that_ends_https_the_setting_makes_cookies_secure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_SECURE_COOKIES", "true")
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))
    user = make_user(app)
    response = app.test_client().post("/sign-in", data={"name": user.name,
                                                        "password": PASSWORD})
    assert "; Secure" in response.headers["Set-Cookie"]


def test_behind_a_trusted_proxy_that_ends_https_cookies_are_secure_and_https_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_TRUSTED_PROXIES", "1")
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))
    user = make_user(app)
    response = app.test_client().post("/sign-in", data={"name": user.name,
                                                        "password": PASSWORD},
                                      headers={"X-Forwarded-Proto": "https"})
    assert "; Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_secure_cookies_setting_that_is_not_yes_or_no_stops_start_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screening.settings import SettingError

    monkeypatch.setenv("SCREENING_SECURE_COOKIES", "maybe")
    with pytest.raises(SettingError, match="SCREENING_SECURE_COOKIES"):
        create_app(app_config(tmp_path))


def test_a_form_sent_from_another_site_is_refused(client: FlaskClient) -> None:
    sign_in(client)
    forged = client.post("/screenings/new", data={"setting": "gp"},
                         headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 400
    assert "Your form could not be sent" in forged.get_data(as_text=True)
    api = client.post("/api/v1/screenings", json={}, headers={"Sec-Fetch-Site": "same-site"})
    assert api.status_code == 400 and api.get_json()["error"]
    own = client.post("/screenings/new", data={}, headers={"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200  # the form again, with its errors


def test_over_https_forms_work_without_a_referer(tmp_path: Path) -> None:
    """The pages send no Referer, so the CSRF check must not need one."""
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    https = "https://screening.example"
    token = csrf_token(client.get("/sign-in", base_url=https))
    response = client.post("/sign-in", base_url=https, data={
        "name": user.name, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
