"""A service lead looks at a winter's counts by month and setting, sees the trend, downloads CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from screening.counts import DisclosureRule
from screening.store.db import connect
from tests.browser.pages import Practitioner
from tests.conftest import PASSWORD, make_user
from tests.test_counts_query import add_screenings

pytestmark = pytest.mark.browser


@pytest.fixture
def service_lead(browser: Any, base_url: str, live_app: Flask,
                 request: pytest.FixtureRequest) -> Iterator[Practitioner]:
    """The lead of a team with 20 GP screenings in January 2026 and 3 at a mental health
    service in February, signed out, in a fresh browser profile."""
    team = f"Team of {request.node.name}"[:120]  # its own team: the live app is shared
    practitioner = make_user(live_app, "practitioner", team, name=f"p-{request.node.name}"[:60])
    lead = make_user(live_app, "service_lead", team, name=f"lead-{request.node.name}"[:60])
    db = connect(live_app.config["DATABASE"], key=live_app.extensions["screening.db_key"])
    try:
        add_screenings(db.conn, 20, practitioner_id=practitioner.id, team=team, setting="gp")
        add_screenings(db.conn, 3, practitioner_id=practitioner.id, team=team,
                       setting="mental_health", completed_at="2026-02-10T10:00:00+00:00")
    finally:
        db.conn.close()
    context = browser.new_context(viewport={"width": 1024, "height": 800}, accept_downloads=True)
    yield Practitioner(context.new_page(), base_url, lead.name, PASSWORD)
    context.close()


def test_a_service_lead_sees_months_by_setting_with_the_trend_and_downloads_csv(
        service_lead: Practitioner) -> None:
    service_lead.sign_in()
    service_lead.follow("Counts")
    page = service_lead.page
    service_lead.fill("From", "2026-01-01", exact=True)
    service_lead.fill("To", "2026-02-28", exact=True)
    page.get_by_label("Rows").select_option("month")
    page.get_by_label("Columns (optional)").select_option("setting")
    service_lead.press("Show counts")

    table = page.get_by_role(
        "table", name="Completed screenings from 1 January 2026 to 28 February 2026")
    rows = [" ".join(row.split()) for row in table.locator("tbody tr").all_inner_texts()]
    assert rows == ["2026-01 20 0 20", "2026-02 0 * (hidden) * (hidden)"]
    assert page.locator("#rule").inner_text() == DisclosureRule().describe()
    chart = page.get_by_role("img", name="Screenings per month, 2026-01 to 2026-02; 1 of 2 hidden")
    assert chart.is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV, for spreadsheets").click()
    download = download_info.value
    assert download.suggested_filename == (
        "screening-counts-2026-01-01-to-2026-02-28-month-setting.csv")
    lines = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert lines[:4] == [["month", "gp", "mental_health", "Total"],
                         ["2026-01", "20", "0", "20"],
                         ["2026-02", "0", "*", "*"],
                         ["Total", "20", "*", "*"]]
    assert lines[-1] == ["Rules", DisclosureRule().describe()]


def test_a_service_lead_follows_referrals_to_the_end_and_prints_the_quarter(
        service_lead: Practitioner, live_app: Flask) -> None:
    from tests.test_counts_funnel import add_referral
    from tests.test_counts_query import add_screening

    db = connect(live_app.config["DATABASE"], key=live_app.extensions["screening.db_key"])
    try:
        team = db.conn.execute("SELECT team FROM users WHERE name = ?",
                               (service_lead.name,)).fetchone()[0]
        for n in range(10):  # ten to the perpetrator programme: all accepted, eight engaged
            add_referral(db.conn, add_screening(db.conn, team=team), "dapp",
                         status="engaged" if n < 8 else "accepted", consent="yes",
                         sent_on="2026-01-16", first_session_on="2026-01-23" if n < 8 else None)
    finally:
        db.conn.close()
    service_lead.sign_in()
    service_lead.follow("Counts")
    service_lead.follow("Referrals and what followed")
    service_lead.fill("From", "2026-01-01", exact=True)
    service_lead.fill("To", "2026-03-31", exact=True)
    service_lead.press("Show the funnel")
    page = service_lead.page
    table = page.get_by_role(
        "table", name="Referrals from screenings completed from 1 January 2026 to 31 March 2026")
    total = " ".join(table.locator("tfoot tr").inner_text().split())
    assert total == "Total 10 10 10 10 10 0 0 1 7"  # 8 engaged shown as 10, after a week
    chart = page.get_by_role("img", name="Referrals at each stage, Offered to Dropped out; "
                                         "0 of 7 hidden")
    assert chart.is_visible()
    service_lead.goto("/counts/quarterly?quarter=2026Q1")
    assert page.get_by_role("heading", level=1).inner_text() == "Quarterly return 2026Q1"
    assert page.locator("#rule").inner_text().startswith("Counts from 1 to 7 are shown as *.")
