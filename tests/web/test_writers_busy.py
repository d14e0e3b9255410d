"""A writer stuck while holding the writers' lock makes the others give up after
SCREENING_WRITE_WAIT_SECONDS with 503 and Retry-After, instead of every request stalling."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import WritersBusy, connect, transaction
from screening.web import create_app
from tests.conftest import app_config, sign_in
from tests.web.helpers import text_of
from tests.web.test_api_sync import offline_screening, send


@contextmanager
def stuck_writer(database: str | Path) -> Iterator[None]:
    """Another process's writer that took the lock and does not let go."""
    descriptor = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("SCREENING_WRITE_WAIT_SECONDS", "0.2")
    return create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))


def test_a_store_write_gives_up_and_writes_nothing(tmp_path: Path) -> None:
    db = connect(tmp_path / "live.db", write_wait=0.1)
    with stuck_writer(tmp_path / "live.db"), pytest.raises(WritersBusy) as refused:
        with transaction(db) as conn:
            conn.execute("INSERT INTO audit (at, action) VALUES ('now', 'never')")
    assert refused.value.retry_after == 1
    assert db.execute("SELECT count(*) FROM audit WHERE action = 'never'").fetchone()[0] == 0
    with transaction(db) as conn:  # once the lock is free, writing works again
        conn.execute("INSERT INTO audit (at, action) VALUES ('now', 'later')")


def test_the_api_answers_503_with_retry_after_and_the_device_keeps_it(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client)
    body = offline_screening(app)
    with stuck_writer(app.config["DATABASE"]):
        response = send(client, body)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.get_json()["code"] == "busy"
    assert "kept on this device" in response.get_json()["error"]
    assert send(client, body).status_code == 201  # sent again: stored once


def test_a_page_that_saves_answers_503_with_a_plain_message(client: FlaskClient,
                                                          app: Flask) -> None:
    sign_in(client)
    with stuck_writer(app.config["DATABASE"]):
        response = client.post("/screenings/new", data={
            "setting": "gp", "question_set": "routine-enquiry", "client_language": "en"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert "Wait a few seconds and try again" in text_of(response.get_data(as_text=True))
    assert client.get("/screenings").status_code == 200
