"""A service lead's counts page and downloads: their teams only, protected, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from screening.counts import DisclosureRule
from screening.store.db import connect
from screening.web.counts.forms import twelve_months_to_today
from tests.conftest import app_config, make_user, sign_in
from tests.page_checks import words
from tests.test_counts_query import add_screening, add_screenings
from tests.web.helpers import audit_rows, check_page, routine, table_rows, text_of, typed
from tests.web.test_access import SCREENING_PAGES

BITTERNE, PORTSWOOD = "Bitterne Surgery", "Portswood Practice"
WINTER = {"from": "2026-01-01", "to": "2026-02-28"}
JANUARY = {"from": "2026-01-01", "to": "2026-01-31"}
FEBRUARY_DAY = "2026-02-10T10:00:00+00:00"
RULE = DisclosureRule().describe()


@pytest.fixture(autouse=True)
def default_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """NHS Digital's rule (1 to 7 hidden, others to the nearest 5) unless a test sets another."""
    for name in ("SUPPRESS_BELOW", "ROUND_TO"):
        monkeypatch.delenv(f"SCREENING_{name}", raising=False)


def add_winter(app: Flask) -> None:
    """January: 20 at Bitterne's GP practice, 30 at Portswood's substance misuse service;
    February: 3 at Bitterne's mental health service."""
    bitterne = make_user(app, "practitioner", BITTERNE)
    portswood = make_user(app, "practitioner", PORTSWOOD)
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        add_screenings(db.conn, 20, practitioner_id=bitterne.id, team=BITTERNE, setting="gp")
        add_screenings(db.conn, 30, practitioner_id=portswood.id, team=PORTSWOOD,
                       setting="substance_misuse")
        add_screenings(db.conn, 3, practitioner_id=bitterne.id, team=BITTERNE,
                       setting="mental_health", completed_at=FEBRUARY_DAY)
    finally:
        db.conn.close()


@pytest.fixture
def winter(app: Flask) -> None:
    add_winter(app)


def error_links(response: TestResponse) -> dict[str, str]:
    """The error summary at the top of a page: where each link goes, and what it says."""
    summary = response.page.find(class_="error-summary")
    return {str(a["href"]): words(a) for a in summary.find_all("a")}


def beside(response: TestResponse, field: str) -> str:
    """The error shown beside a field."""
    return words(response.page.find(id=f"{field}-error"))


def test_a_service_lead_sees_counts_for_the_team_they_lead_and_no_other(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={**JANUARY, "rows": "team"})
    html = check_page(response)
    assert table_rows(response) == [["Team", "Screenings"], [BITTERNE, "20"], ["Total", "20"]]
    assert "Teams counted: Bitterne Surgery." in text_of(html)
    assert PORTSWOOD not in html


def test_an_admin_sees_every_team(client: FlaskClient, winter: None) -> None:
    sign_in(client, "admin", "Administration")
    response = client.get("/counts", query_string={**JANUARY, "rows": "team"})
    html = check_page(response)
    assert table_rows(response) == [["Team", "Screenings"], [BITTERNE, "20"], [PORTSWOOD, "30"],
                                ["Total", "50"]]
    assert "Teams counted: every team." in text_of(html)


def test_months_by_setting_hide_the_small_count_and_whatever_would_give_it_away(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "admin", "Administration")
    response = client.get("/counts", query_string={
        **WINTER, "rows": "month", "columns": "setting"})
    html = check_page(response)
    hidden = "* (hidden)"
    assert table_rows(response) == [
        ["", "Setting", ""],
        ["Month", "GP practice", "Mental health service", "Substance misuse service", "Total"],
        ["2026-01", "20", "0", "30", "50"],
        ["2026-02", "0", hidden, "0", hidden],
        ["Total", "20", hidden, "30", hidden]]
    assert "* means a count is hidden" in text_of(html)
    assert RULE in text_of(html)


def test_a_practitioner_cannot_open_counts_or_download_them(client: FlaskClient,
                                                            app: Flask) -> None:
    user = sign_in(client)
    for path in ("/counts", "/counts.csv", "/counts.json"):
        assert client.get(path).status_code == 403
    assert [(r["user_id"], r["object"]) for r in audit_rows(app, "denied")] == [
        (user.id, "/counts"), (user.id, "/counts.csv"), (user.id, "/counts.json")]
    assert audit_rows(app, "export_counts") == []


def test_someone_signed_out_is_asked_to_sign_in_first(client: FlaskClient) -> None:
    response = client.get("/counts?rows=month")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in?next=")


def test_a_date_that_does_not_exist_is_kept_and_explained_beside_it(client: FlaskClient,
                                                                    app: Flask) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={
        "from": "2026-02-30", "to": "2026-03-31", "rows": "month", "columns": "setting"})
    check_page(response)
    message = ("Enter a real start date as YYYY-MM-DD, for example 2026-01-01; 2026-02-30 does "
               "not exist")
    assert words(response.page.title).startswith("Error: Counts of screenings")
    assert error_links(response) == {"#from": message}
    assert message in beside(response, "from")
    assert typed(response, "from") == "2026-02-30"
    assert [words(o) for o in response.page.find(id="columns").find_all(
        "option", selected=True)] == ["Setting"]
    assert response.page.find("table") is None and audit_rows(app, "export_counts") == []


def test_an_end_before_the_start_is_explained_beside_the_end_date(client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={
        "from": "2026-03-01", "to": "2026-02-01", "rows": "month"})
    check_page(response)
    message = "The end date must be the same as or after the start date (2026-03-01)"
    assert error_links(response) == {"#to": message}
    assert typed(response, "to") == "2026-02-01" and message in beside(response, "to")


def test_the_same_choice_for_rows_and_columns_is_explained_beside_the_columns(
        client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={
        **WINTER, "rows": "month", "columns": "month"})
    check_page(response)
    assert error_links(response) == {"#columns": "Choose two different ones; you chose month twice"}


def test_the_first_visit_counts_by_month_up_to_today(
        client: FlaskClient, app: Flask) -> None:
    start, end = twelve_months_to_today(dt.date.today())
    practitioner = make_user(app, "practitioner", BITTERNE)
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:  # the first month of the period, and the work done this morning
        add_screenings(db.conn, 9, practitioner_id=practitioner.id, team=BITTERNE,
                       completed_at=f"{start.isoformat()}T10:00:00+00:00")
        add_screenings(db.conn, 10, practitioner_id=practitioner.id, team=BITTERNE,
                       completed_at=dt.datetime.now(dt.UTC).isoformat())
    finally:
        db.conn.close()
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts")
    check_page(response)
    assert (typed(response, "from"), typed(response, "to")) == (start.isoformat(),
                                                                 end.isoformat())
    rows = table_rows(response)
    assert rows[0] == ["Month", "Screenings"] and len(rows) == 14  # header, 12 months, total
    assert rows[1] == [start.isoformat()[:7], "10"] and rows[12] == [end.isoformat()[:7], "10"]


def test_a_first_visit_before_any_screening_says_there_is_nothing_to_count_yet(
        client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    html = check_page(client.get("/counts"))
    assert "<table" not in html
    assert "No screenings were completed from" in text_of(html)


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 3, 2), (dt.date(2025, 4, 1), dt.date(2026, 3, 2))),
    (dt.date(2026, 1, 1), (dt.date(2025, 2, 1), dt.date(2026, 1, 1))),
    (dt.date(2026, 12, 31), (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
])
def test_the_default_period_ends_today_and_spans_twelve_months(
        today: dt.date, expected: tuple[dt.date, dt.date]) -> None:
    assert twelve_months_to_today(today) == expected


def test_a_period_draws_the_trend_and_without_one_the_page_says_how(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    by_month = check_page(client.get("/counts", query_string={
        **WINTER, "rows": "setting", "columns": "month"}))
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in by_month
    assert 'aria-label="Screenings per month, 2026-01 to 2026-02' in by_month
    by_setting = check_page(client.get("/counts", query_string={**WINTER, "rows": "setting"}))
    assert "Screenings per" not in by_setting  # no trend; the funnel chart is drawn still
    assert ("To see the trend over time, choose week, month, quarter or year as the rows or the "
            "columns.") in text_of(by_setting)


def test_the_page_links_to_downloads_of_the_same_counts(client: FlaskClient,
                                                       winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={
        **WINTER, "rows": "month", "columns": "setting"})
    check_page(response)
    query = "from=2026-01-01&to=2026-02-28&rows=month&columns=setting"
    links = {str(a["href"]) for a in response.page.find_all("a", href=True)}
    assert {f"/counts.csv?{query}", f"/counts.json?{query}"} <= links


def test_the_csv_download_hides_the_same_counts_and_names_the_rule(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "admin", "Administration")
    response = client.get("/counts.csv", query_string={
        **WINTER, "rows": "month", "columns": "setting"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="screening-counts-2026-01-01-to-2026-02-28-month-setting.csv"')
    assert response.headers["Cache-Control"] == "no-store"
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert lines == [["month", "gp", "mental_health", "substance_misuse", "Total"],
                     ["2026-01", "20", "0", "30", "50"],
                     ["2026-02", "0", "*", "0", "*"],
                     ["Total", "20", "*", "30", "*"],
                     [],
                     ["Rows", "month"], ["Columns", "setting"], ["From", "2026-01-01"],
                     ["To", "2026-02-28"], ["Teams", "all teams"], ["Rules", RULE]]


def test_the_json_download_keeps_to_the_lead_s_teams_and_names_the_rule(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts.json", query_string={
        **WINTER, "rows": "month", "columns": "setting"})
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; ")
    assert response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.get_data(as_text=True)) == {
        "from": "2026-01-01", "to": "2026-02-28", "by": ["month", "setting"],
        "teams": [BITTERNE], "rules": RULE,
        "rows": {"dimension": "month", "labels": ["2026-01", "2026-02"]},
        "columns": {"dimension": "setting", "labels": ["gp", "mental_health"]},
        "cells": [["20", "0"], ["0", "*"]], "row_totals": ["20", "*"],
        "column_totals": ["20", "*"], "total": "*"}


def test_a_download_that_cannot_be_counted_says_why(client: FlaskClient, app: Flask) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts.csv", query_string={"from": "1 Jan", "to": "2026-01-31",
                                                       "rows": "month"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response.headers
    assert "Enter the start date as YYYY-MM-DD, for example 2026-01-01" in text_of(
        check_page(response))
    assert audit_rows(app, "export_counts") == []


def test_the_rule_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    from screening.web import create_app

    monkeypatch.setenv("SCREENING_SUPPRESS_BELOW", "1")
    monkeypatch.setenv("SCREENING_ROUND_TO", "1")
    app = create_app(app_config(tmp_path, WTF_CSRF_ENABLED=False))
    add_winter(app)
    client = app.test_client()
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts", query_string={**WINTER, "rows": "setting"})
    html = check_page(response)
    assert table_rows(response) == [["Setting", "Screenings"], ["GP practice", "20"],
                                ["Mental health service", "3"], ["Total", "23"]]
    assert "Other counts are exact." in text_of(html)


def test_every_view_and_download_is_audited_with_what_was_asked_never_the_counts(
        client: FlaskClient, app: Flask, winter: None) -> None:
    lead = sign_in(client, "service_lead", BITTERNE)
    query = {**WINTER, "rows": "month", "columns": "setting"}
    for path in ("/counts", "/counts.csv", "/counts.json"):
        assert client.get(path, query_string=query).status_code == 200
    asked = "from 2026-01-01 to 2026-02-28 by month,setting teams Bitterne Surgery"
    assert [(r["user_id"], r["action"], r["object"], r["detail"])
            for r in audit_rows(app, "export_counts")] == [
        (lead.id, "export_counts", None, f"{shown_as} {asked}")
        for shown_as in ("page", "csv", "json")]


def test_service_leads_and_admins_find_counts_in_the_header(client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    home = client.get("/service-lead")
    check_page(home)
    assert len(home.page.find_all("a", href="/counts")) == 2  # the header and the page itself
    client.post("/sign-out")
    sign_in(client, "admin", "Administration")
    users = client.get("/admin/users")
    check_page(users)
    assert users.page.find("a", href="/counts") is not None


@pytest.fixture
def someone_elses(app: Flask) -> str:
    with app.test_client() as owner:
        sign_in(owner, team=BITTERNE)
        return routine(owner)


@pytest.mark.parametrize("page", SCREENING_PAGES)
def test_a_service_lead_opens_no_screening_of_their_team_and_each_try_is_audited(
        client: FlaskClient, app: Flask, someone_elses: str, page: str) -> None:
    lead = sign_in(client, "service_lead", BITTERNE)
    assert client.get(f"/screenings/{someone_elses}{page}").status_code == 403
    assert [(r["user_id"], r["object"]) for r in audit_rows(app, "denied")] == [
        (lead.id, f"/screenings/{someone_elses}{page}")]


def test_the_api_has_no_way_to_read_a_screening(client: FlaskClient, someone_elses: str) -> None:
    sign_in(client, "service_lead", BITTERNE)
    assert client.get(f"/api/v1/screenings/{someone_elses}").status_code == 404
    assert client.get("/api/v1/screenings").status_code == 405


def test_a_welsh_speaking_lead_reads_the_rule_and_the_errors_in_welsh(
        client: FlaskClient, winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    client.post("/language", data={"lang": "cy", "next": "/counts"})
    page = text_of(check_page(client.get("/counts", query_string={
        "from": "2026-01-01", "to": "2026-02-28", "rows": "month", "columns": "setting"})))
    assert "Dangosir cyfrifon o 1 i 7 fel *." in page
    assert "Caiff cyfrifon eraill eu talgrynnu i’r 5 agosaf." in page
    refused = text_of(client.get("/counts", query_string={
        "from": "2026-02-30", "to": "2026-03-31", "rows": "month"}).get_data(as_text=True))
    assert refused.startswith("Gwall:")
    assert "Rhowch ddyddiad dechrau go iawn fel BBBB-MM-DD" in refused
    # The download for commissioners keeps the English rule.
    csv_text = client.get("/counts.csv", query_string={
        "from": "2026-01-01", "to": "2026-02-28", "rows": "month"}).get_data(as_text=True)
    assert "Counts from 1 to 7 are shown as *." in csv_text


def test_the_trend_chart_speaks_the_readers_language(client: FlaskClient, winter: None) -> None:
    sign_in(client, "service_lead", BITTERNE)
    client.post("/language", data={"lang": "pl", "next": "/counts"})
    page = client.get("/counts", query_string={
        "from": "2026-01-01", "to": "2026-02-28", "rows": "month"}).page
    svg = str(page.find_all("svg")[-1])  # the trend comes after the funnel's chart
    assert "od 2026-01 do 2026-02; ukryto" in svg
    assert " to 2026-02" not in svg


def test_the_page_says_who_was_asked_declined_or_not_safe_to_ask_by_setting(
        client: FlaskClient, app: Flask) -> None:
    lead = sign_in(client, "service_lead", BITTERNE)
    db = connect(app.config["DATABASE"])
    try:
        add_screenings(db.conn, 10, practitioner_id=lead.id, team=BITTERNE, setting="gp",
                       level_kind="disclosure", risk_level="standard",
                       referrals=[("dapp", "consent", "sent")])
        add_screenings(db.conn, 10, practitioner_id=lead.id, team=BITTERNE, setting="gp",
                       enquiry="declined")
        add_screenings(db.conn, 2, practitioner_id=lead.id, team=BITTERNE, setting="gp",
                       enquiry="not_safe_to_ask")
    finally:
        db.conn.close()
    response = client.get("/counts", query_string={**JANUARY, "rows": "setting"})
    check_page(response)
    found = response.page.find(id="denominators")  # 2 not safe to ask: hidden, and one more
    assert [words(cell) for cell in found.find("thead").find_all("th")] == [
        "Setting", "Asked", "The person declined to answer", "It was not safe to ask",
        "Offered", "Disclosures", "Disclosures offered a referral",
        "Proportion offered a referral"]
    assert [words(cell) for cell in found.find("tbody").find_all(["th", "td"])] == [
        "GP practice", "* (hidden)", "10", "* (hidden)", "20", "10", "10", "100%"]
    by_flag = client.get("/counts", query_string={**JANUARY, "rows": "flag"})
    assert "choose setting, team or a period" in words(by_flag.page.find(id="denominators-hint"))


def test_the_page_counts_people_who_disclosed_again_without_saying_who(
        client: FlaskClient, app: Flask) -> None:
    lead = sign_in(client, "service_lead", BITTERNE)
    disclosed = {"practitioner_id": lead.id, "team": BITTERNE, "level_kind": "disclosure",
                 "risk_level": "standard"}
    db = connect(app.config["DATABASE"])
    try:
        for person in range(12):
            add_screening(db.conn, person_key=f"person-{person}", **disclosed,
                          completed_at="2025-12-01T10:00:00+00:00")
            if person < 10:  # ten of them disclose again in January
                add_screening(db.conn, person_key=f"person-{person}", **disclosed)
        for person in range(12, 22):  # and ten for the first time
            add_screening(db.conn, person_key=f"person-{person}", **disclosed)
        add_screenings(db.conn, 10, **disclosed)  # no record number
    finally:
        db.conn.close()
    response = client.get("/counts", query_string={**JANUARY, "rows": "setting"})
    html = check_page(response)
    found = response.page.find(id="repeats")
    assert [[words(c) for c in r.find_all(["th", "td"])] for r in found.find_all("tr")] == [
        ["Disclosed once", "10"], ["Disclosed again within 12 months", "10"],
        ["People who disclosed", "20"], ["Disclosures with no record number", "10"]]
    assert "person-" not in html
