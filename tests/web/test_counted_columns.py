"""What counts read of a completed screening is plain, worked out once at completion: the age
band and whose level it is, so no count ever opens the sealed answers."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import dash, routine, row


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
