"""Admins read and download the audit log, and that is audited too; no one can change it."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store.cipher import DatabaseError
from screening.store.db import connect
from tests.conftest import make_user, sign_in
from tests.web.helpers import audit_rows, check_page, routine, text_of


def test_an_admin_sees_who_did_what_and_when_newest_first(client: FlaskClient,
                                                         app: Flask) -> None:
    with app.test_client() as practitioner_client:
        practitioner = sign_in(practitioner_client, name="sam.nurse")
        screening_id = routine(practitioner_client)
        practitioner_client.get(f"/screenings/{screening_id}/handover.txt")
    sign_in(client, "admin", name="ali.admin")
    html = check_page(client.get("/admin/audit"))
    table = text_of(html).split("newest first", 1)[1]
    assert "sam.nurse" in table and f"screening/{screening_id}" in table
    assert "handover_download" in table and "sign_in" in table
    assert table.index("handover_download") < table.index("complete")  # newest first
    assert f"user/{practitioner.id}" in table


def test_filters_narrow_the_log_to_one_user_and_one_kind_of_entry(client: FlaskClient,
                                                                  app: Flask) -> None:
    with app.test_client() as other:
        sign_in(other, name="sam.nurse")
        routine(other)
    with app.test_client() as other:
        sign_in(other, name="jo.gp")
        routine(other)
    sign_in(client, "admin")
    page = text_of(check_page(client.get("/admin/audit?user=jo.gp&action=complete")))
    assert "1 entry, newest first" in page
    assert "jo.gp" in page and "sam.nurse" not in page.split("newest first", 1)[1]


def test_a_date_that_is_not_real_is_an_error_beside_the_field(client: FlaskClient) -> None:
    sign_in(client, "admin")
    response = client.get("/admin/audit?date_from=2025-02-30&date_to=2024-01-01")
    page = text_of(check_page(response))
    assert "Enter a real 'from' date" in page
    assert client.get("/admin/audit.csv?date_from=2025-02-30").status_code == 400


def test_reading_the_log_is_itself_recorded(client: FlaskClient, app: Flask) -> None:
    admin = sign_in(client, "admin")
    client.get("/admin/audit?action=sign_in")
    [entry] = audit_rows(app, "audit_view")
    assert entry["user_id"] == admin.id and "action sign_in" in entry["detail"]


def test_the_download_is_a_csv_of_every_matching_entry_including_itself(
        client: FlaskClient, app: Flask) -> None:
    admin = sign_in(client, "admin")
    response = client.get("/admin/audit.csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["action"] for r in rows] == ["sign_in", "audit_export"]
    assert rows[-1]["user_name"] == admin.name
    assert len(audit_rows(app, "audit_export")) == 1


def test_a_name_typed_to_look_like_a_formula_stays_text_in_the_download(
        client: FlaskClient) -> None:
    client.post("/sign-in", data={"name": "=HYPERLINK(\"http://x\")", "password": "x" * 12})
    sign_in(client, "admin")
    text = client.get("/admin/audit.csv?action=sign_in_failed").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert not row["detail"].startswith("=")
    failed = list(csv.DictReader(io.StringIO(client.get(
        "/admin/audit.csv?user=nobody").get_data(as_text=True))))
    assert failed == []


def test_only_admins_can_open_the_log(client: FlaskClient, app: Flask) -> None:
    for role in ("practitioner", "service_lead"):
        with app.test_client() as other:
            sign_in(other, role)
            assert other.get("/admin/audit").status_code == 403
            assert other.get("/admin/audit.csv").status_code == 403
    assert client.get("/admin/audit").location.startswith("/sign-in")


def test_no_one_can_change_or_delete_an_entry_even_in_the_database(app: Flask) -> None:
    make_user(app)
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    db.conn.execute("INSERT INTO audit (at, user_id, action, object) "
                    "VALUES ('2026-01-01T00:00:00+00:00', 1, 'view', 'screening/A')")
    with pytest.raises(DatabaseError, match="the audit log cannot be changed"):
        db.conn.execute("UPDATE audit SET action = 'nothing'")
    with pytest.raises(DatabaseError, match="the audit log cannot be changed"):
        db.conn.execute("DELETE FROM audit")
    assert [r["action"] for r in db["audit"].rows] == ["view"]
