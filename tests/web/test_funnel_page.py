"""A service lead follows their teams' referrals to the end, on a page and in downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store.db import connect
from tests.conftest import make_user, sign_in
from tests.test_counts_funnel import add_referral
from tests.test_counts_query import add_screening
from tests.web.helpers import audit_rows, check_page, table_rows, text_of
from tests.web.test_counts_page import BITTERNE, PORTSWOOD, WINTER, default_rule  # noqa: F401

JANUARY_DAY = "2026-01-15T10:00:00+00:00"


@pytest.fixture
def referrals(app: Flask) -> None:
    add_referrals(app)


def add_referrals(app: Flask) -> None:
    """Bitterne: 12 to the perpetrator programme (10 accepted, of whom 9 engaged), 3 to MARAC;
    Portswood: 20 to the perpetrator programme."""
    bitterne = make_user(app, "practitioner", BITTERNE)
    portswood = make_user(app, "practitioner", PORTSWOOD)
    db = connect(app.config["DATABASE"])
    try:
        for n in range(12):
            status = "engaged" if n < 9 else "accepted" if n < 10 else "sent"
            screening = add_screening(db.conn, practitioner_id=bitterne.id, team=BITTERNE,
                                      completed_at=JANUARY_DAY)
            add_referral(db.conn, screening, "dapp", status=status, consent="yes",
                         sent_on="2026-01-17", first_session_on="2026-01-24" if n < 9 else None)
        for _ in range(3):
            screening = add_screening(db.conn, practitioner_id=bitterne.id, team=BITTERNE,
                                      completed_at=JANUARY_DAY)
            add_referral(db.conn, screening, "marac", basis="safeguarding", status="sent",
                         sent_on="2026-01-15")
        for _ in range(20):
            screening = add_screening(db.conn, practitioner_id=portswood.id, team=PORTSWOOD,
                                      completed_at=JANUARY_DAY)
            add_referral(db.conn, screening, "dapp", status="completed", consent="yes")
    finally:
        db.conn.close()


def test_a_lead_sees_their_team_s_funnel_with_small_counts_hidden(
        client: FlaskClient, referrals: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/funnel", query_string=WINTER)
    html = check_page(response)
    rows = table_rows(response)
    assert rows[0] == ["Service", "Offered", "Consented", "Sent", "Accepted", "Engaged",
                       "Completed", "Dropped out", "Median days from screening to sent",
                       "Median days from sent to first session"]
    # 12 and 3 offered: the 3 is hidden, so the 12 is too, or the total would give it away.
    assert rows[1][1:5] == ["* (hidden)", "10", "* (hidden)", "10"]
    assert rows[-1][:5] == ["Total", "15", "10", "15", "10"]
    assert rows[-1][-2:] == ["2", "7"]  # the 9 engaged waited a week for their first session
    assert PORTSWOOD not in html and "Counts from 1 to 7 are shown as *." in text_of(html)
    assert response.page.find("svg", attrs={"role": "img"}) is not None


def test_each_service_has_its_own_chart_showing_only_what_its_row_shows(
        client: FlaskClient, referrals: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/funnel", query_string=WINTER)
    check_page(response)
    rows = {row[0]: row[1:8] for row in table_rows(response)[1:]}
    charts = {str(svg.find("text").string): svg
              for svg in response.page.find_all("svg", attrs={"role": "img"})}
    assert sorted(charts) == sorted(
        ["Referrals at each stage"] + [f"Referrals to {name} at each stage" for name in rows
                                       if name != "Total"])
    for name, shown in rows.items():
        title = ("Referrals at each stage" if name == "Total"
                 else f"Referrals to {name} at each stage")
        bars = [str(bar.title.string) for bar in charts[title].find_all("rect")]
        stages = table_rows(response)[0][1:8]
        # A bar for each count the row shows, none for a hidden one: the chart adds nothing.
        assert bars == [f"{stage}: {int(count):,}" for stage, count in zip(stages, shown)
                        if count != "* (hidden)"], name
        hidden = sum(count == "* (hidden)" for count in shown)
        assert f"{hidden} of 7 hidden" in charts[title]["aria-label"]


def test_a_setting_narrows_the_funnel_and_an_unknown_one_is_named(
        client: FlaskClient, referrals: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    elsewhere = client.get("/counts/funnel", query_string={**WINTER, "setting": "mental_health"})
    check_page(elsewhere)
    assert table_rows(elsewhere)[-1][:2] == ["Total", "0"]
    wrong = client.get("/counts/funnel", query_string={**WINTER, "setting": "moon"})
    check_page(wrong)
    assert "Choose a setting from the list, or every setting; 'moon' is not one" in text_of(
        wrong.get_data(as_text=True))
    assert wrong.page.find(id="funnel") is None


def test_the_funnel_downloads_as_csv_and_json_with_the_rule_and_is_audited(
        client: FlaskClient, app: Flask, referrals: None) -> None:
    lead = sign_in(client, "service_lead", BITTERNE)
    as_csv = client.get("/counts/funnel.csv", query_string=WINTER)
    assert as_csv.headers["Content-Disposition"] == (
        'attachment; filename="referral-funnel-2026-01-01-to-2026-02-28.csv"')
    lines = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))
    assert lines[3] == ["Total", "15", "10", "15", "10", "10", "0", "0", "2", "7"]
    as_json = json.loads(client.get("/counts/funnel.json", query_string=WINTER).get_data())
    assert as_json["total"]["accepted"] == "10" and as_json["teams"] == [BITTERNE]
    assert [(r["user_id"], r["detail"]) for r in audit_rows(app, "export_counts")] == [
        (lead.id, f"funnel {kind} from 2026-01-01 to 2026-02-28 setting all teams {BITTERNE}")
        for kind in ("csv", "json")]


def test_a_bad_date_in_a_funnel_download_says_which_field(client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/funnel.csv", query_string={"from": "2026-02-30",
                                                              "to": "2026-03-01"})
    assert response.status_code == 400 and "Content-Disposition" not in response.headers
    assert "Enter a real start date" in text_of(check_page(response))


def test_practitioners_cannot_see_the_funnel(client: FlaskClient) -> None:
    sign_in(client, "practitioner", BITTERNE)
    assert client.get("/counts/funnel").status_code in (403, 404)
    assert client.get("/counts/funnel.csv").status_code in (403, 404)


def test_the_counts_page_shows_the_funnel_for_its_period_too(
        client: FlaskClient, referrals: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={**WINTER, "rows": "setting"})
    check_page(response)
    total = [c.get_text(strip=True) for c in
             response.page.find(id="funnel").find("tfoot").find_all("td")]
    assert total[:4] == ["15", "10", "15", "10"]
    assert response.page.find("a", href="/counts/funnel?from=2026-01-01&to=2026-02-28")
