"""A screening whose stored data was changed outside the tool says so, alone: the practitioner's
other screenings still open, and the failure is in the audit log as integrity_failure."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from tests.conftest import sign_in
from tests.web.helpers import audit_rows, check_page, routine, text_of


def damage(app: Flask, screening_id: str) -> None:
    """Someone edits the sealed answers in the database file directly."""
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    db.execute("UPDATE screenings SET answers = 'gcm1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' "
               "WHERE id = ?", [screening_id])
    db.conn.close()


def test_one_damaged_screening_is_named_and_the_others_still_listed(client: FlaskClient,
                                                                    app: Flask) -> None:
    sign_in(client)
    kept, damaged = routine(client), routine(client)
    damage(app, damaged)
    response = client.get("/screenings")
    assert response.status_code == 200
    html = check_page(response)
    assert f"/screenings/{kept}/result" in html
    assert f"/screenings/{damaged}/result" not in html
    assert "This screening cannot be read: its stored data failed its integrity check." in (
        text_of(html))
    failures = audit_rows(app, "integrity_failure")
    assert [row["object"] for row in failures] == [f"screening/{damaged}"]
    assert "failed its integrity check" in failures[0]["detail"]


def test_opening_a_damaged_screening_says_so_and_is_audited(client: FlaskClient,
                                                            app: Flask) -> None:
    user = sign_in(client)
    damaged = routine(client)
    damage(app, damaged)
    response = client.get(f"/screenings/{damaged}/result")
    assert response.status_code == 500
    page = text_of(check_page(response))
    assert "This screening cannot be read" in page
    assert "your other screenings are not affected" in page
    failures = audit_rows(app, "integrity_failure")
    assert failures[-1]["object"] == f"screening/{damaged}"
    assert failures[-1]["user_id"] == user.id
