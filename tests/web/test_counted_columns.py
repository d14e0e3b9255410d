"""What counts read of a completed screening is plain, worked out once at completion: the age
band and whose level it is, so no count ever opens the sealed answers."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import database_file, sign_in
from tests.web.helpers import (
    CORE_NO,
    answer,
    audit_rows,
    complete,
    dash,
    routine,
    row,
    start,
)


def test_a_routine_enquiry_keeps_the_person_s_age_band_and_a_disclosure_level(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client, "practitioner", "Bitterne Surgery")
    stored = row(app, routine(client))  # aged 42
    assert (stored["age_band"], stored["level_kind"]) == ("35_49", "disclosure")
    negative = row(app, routine(client, positive=False))  # age was never asked
    assert (negative["age_band"], negative["level_kind"]) == (None, "disclosure")


def test_a_dash_checklist_keeps_a_partner_risk_level_apart(client: FlaskClient,
                                                           app: Flask) -> None:
    sign_in(client, "practitioner", "Victim Safety")
    stored = row(app, dash(client))  # aged 34
    assert (stored["age_band"], stored["level_kind"]) == ("25_34", "risk")


def test_a_record_number_is_kept_as_a_pseudonym_that_finds_the_person_again(
        client: FlaskClient, app: Flask) -> None:
    sign_in(client, "practitioner", "Bitterne Surgery")
    keys = []
    for record in ("RN 4471", "rn4471", "RN 9000", ""):
        screening_id = start(client, record=record)
        answer(client, screening_id, 0, CORE_NO)
        complete(client, screening_id)
        keys.append(row(app, screening_id)["person_key"])
    assert keys[0] == keys[1] and keys[2] not in (keys[0], None) and keys[3] is None
    assert "4471" not in keys[0]
    assert (Path(app.instance_path) / "pseudonym_key").stat().st_mode & 0o777 == 0o600


def test_screenings_completed_before_the_counted_columns_are_filled_once_at_start_up(
        client: FlaskClient, app: Flask) -> None:
    from screening.web.wsgi_entry import prepare_database

    sign_in(client, "practitioner", "Bitterne Surgery")
    routine_id, dash_id = routine(client), dash(client)  # aged 42 and 34
    draft = start(client)  # not completed: nothing to count yet
    conn = database_file(app.config["DATABASE"])
    conn.execute("UPDATE screenings SET level_kind = NULL, age_band = NULL")
    conn.commit()
    conn.close()
    assert (row(app, routine_id)["level_kind"], row(app, dash_id)["age_band"]) == (None, None)

    assert prepare_database(app) == 2
    assert (row(app, routine_id)["age_band"], row(app, routine_id)["level_kind"]) == (
        "35_49", "disclosure")
    # The checklist's level is the partner's risk: from its question set, not a default.
    assert (row(app, dash_id)["age_band"], row(app, dash_id)["level_kind"]) == ("25_34", "risk")
    assert row(app, draft)["level_kind"] is None
    assert [r["detail"] for r in audit_rows(app, "counted_columns_filled")] == [
        "age band and level kind of 2 screenings completed before they were kept"]
    assert prepare_database(app) == 0  # once only
