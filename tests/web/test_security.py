"""CSRF on every form, no caching of personal pages, nothing from another host, start-up checks."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.questionnaire import QuestionSetError
from screening.web import create_app
from tests.conftest import FIXTURE_LIBRARY, PASSWORD, app_config, make_user, sign_in
from tests.web.helpers import chosen, csrf_token


def test_a_form_posted_without_its_csrf_token_is_refused(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form could not be sent" in response.get_data(as_text=True)


def test_a_form_posted_with_its_csrf_token_works(tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()
    token = csrf_token(client.get("/sign-in"))
    response = client.post("/sign-in", data={"name": user.name, "password": PASSWORD,
                                             "csrf_token": token})
    assert response.status_code == 302


def test_answers_sent_without_the_pages_csrf_token_are_refused_and_not_saved(
        tmp_path: Path) -> None:
    app = create_app(app_config(tmp_path))
    user = make_user(app)
    client = app.test_client()

    def token(path: str) -> str:
        return csrf_token(client.get(path))

    client.post("/sign-in", data={"name": user.name, "password": PASSWORD,
                                  "csrf_token": token("/sign-in")})
    started = client.post("/screenings/new", data={
        "setting": "gp", "question_set": "routine-enquiry", "client_language": "en",
        "csrf_token": token("/screenings/new")})
    base = started.location
    client.post(base, data={"agreed": "y", "csrf_token": token(base)})
    page = base.replace("/opening", "/questions/0")
    refused = client.post(page, data={"afraid_of_you": "yes"})
    assert refused.status_code == 400
    assert "Your form could not be sent" in refused.get_data(as_text=True)
    # nothing was saved from the refused form
    assert chosen(client.get(page), "afraid_of_you") == []
    sent = client.post(page, data={"afraid_of_you": "yes", "csrf_token": token(page)})
    assert sent.status_code in (200, 302)
    assert chosen(client.get(page), "afraid_of_you") == ["yes"]


def test_pages_are_never_cached_and_load_nothing_from_another_host(client: FlaskClient) -> None:
    sign_in(client)
    response = client.get("/screenings")
    assert response.headers["Cache-Control"] == "no-store"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = response.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html


def test_the_stylesheet_is_served_from_static_and_may_be_cached(client: FlaskClient) -> None:
    response = client.get("/static/css/screening.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "@import" not in response.get_data(as_text=True)
    response.close()


def test_the_health_check_says_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "OK\n")


def test_a_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    config = app_config(tmp_path, SECRET_KEY=None)
    first = create_app(config)
    second = create_app(config)
    key_file = tmp_path / "instance" / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_a_malformed_question_set_stops_start_up_with_its_message(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, folder)
    definition = json.loads((folder / "tiny" / "v1.json").read_text())
    definition["bands"][0]["min"] = 5
    (folder / "tiny" / "v1.json").write_text(json.dumps(definition))
    with pytest.raises(QuestionSetError, match="tiny/v1.json"):
        create_app(app_config(tmp_path, QUESTIONNAIRES=str(folder)))


def test_an_unknown_page_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_the_app_fixture_uses_the_shipped_question_sets(app: Flask) -> None:
    assert app.config["QUESTIONNAIRES"].endswith("questionnaires")
