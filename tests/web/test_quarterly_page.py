"""A commissioner's quarterly return, printable, with the rule applied written on it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in
from tests.web.helpers import audit_rows, check_page, text_of
from tests.web.test_counts_page import BITTERNE, default_rule  # noqa: F401
from tests.web.test_funnel_page import add_referrals


def test_a_lead_prints_the_quarter_s_return_for_their_team(
        client: FlaskClient, app: Flask) -> None:
    add_referrals(app)
    lead = sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/quarterly", query_string={"quarter": "2026Q1"})
    html = check_page(response)
    page = response.page
    assert page.find("h1").get_text(strip=True) == "Quarterly return 2026Q1"
    by_setting = [[c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
                  for r in page.find(id="by-setting").find("tbody").find_all("tr")]
    assert by_setting == [["GP practice", "15", "0", "0", "15", "0", "0", "-"]]
    funnel = page.find(id="funnel").find("tfoot").find_all("td")
    assert [c.get_text(strip=True) for c in funnel][:4] == ["15", "10", "15", "10"]
    titles = [str(svg.find("text").string) for svg in page.find_all("svg", attrs={"role": "img"})]
    assert titles[0] == "Referrals at each stage"
    assert "Referrals to Domestic Abuse Perpetrator Partnership (DAPP) at each stage" in titles
    assert "Counts from 1 to 7 are shown as *." in text_of(html)
    assert [(r["user_id"], r["detail"]) for r in audit_rows(app, "export_counts")] == [
        (lead.id, f"quarterly page 2026Q1 teams {BITTERNE}")]


def test_a_wrong_quarter_is_named_beside_the_field(client: FlaskClient, app: Flask) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/quarterly", query_string={"quarter": "2026Q7"})
    html = check_page(response)
    assert "Enter the quarter as a year and Q1 to Q4, for example 2026Q3; '2026Q7' is not " \
           "one" in text_of(html)
    assert response.page.find(id="funnel") is None and audit_rows(app, "export_counts") == []


def test_the_first_visit_shows_this_quarter(client: FlaskClient) -> None:
    sign_in(client, "service_lead", BITTERNE)
    response = client.get("/counts/quarterly")
    check_page(response)
    assert response.page.find(id="by-team") is not None


def test_practitioners_cannot_see_the_quarterly_return(client: FlaskClient) -> None:
    sign_in(client, "practitioner", BITTERNE)
    assert client.get("/counts/quarterly?quarter=2026Q1").status_code in (403, 404)
