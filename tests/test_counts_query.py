"""A service lead's counts come straight from the screenings completed in the chosen range."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from screening.counts import DisclosureRule, count_table, parse_request
from screening.store.schema import create

SHOW_ALL = DisclosureRule(suppress_below=1, round_to=1)  # exact counts, to check what is counted
_ids = itertools.count(1)


def add_screening(conn: sqlite3.Connection, **overrides: Any) -> str:
    """One screening, completed on 15 January 2026 at a GP by the north team, unless told."""
    flags = overrides.pop("flags", ())
    referrals = overrides.pop("referrals", ())
    row = {"id": f"screening-{next(_ids)}", "practitioner_id": 1, "team": "north",
           "setting": "gp", "questionnaire": "routine-enquiry", "version": 1,
           "content_hash": "0" * 64, "status": "complete", "client_reference": "ref",
           "outcome": "negative", "risk_level": "none", "pathway_primary": None,
           "consent_referral": None, "handover_status": "not_sent",
           "created_at": "2026-01-15T09:00:00+00:00", "updated_at": "2026-01-15T10:00:00+00:00",
           "completed_at": "2026-01-15T10:00:00+00:00"} | overrides
    conn.execute(f"INSERT INTO screenings ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))
    conn.executemany("INSERT INTO screening_flags (screening_id, flag_id) VALUES (?, ?)",
                     [(row["id"], flag) for flag in flags])
    conn.executemany(
        "INSERT INTO referrals (id, screening_id, service, role, basis, status, created_at, "
        "updated_at) VALUES (?, ?, ?, 'also', ?, ?, '2026-01-15', '2026-01-15')",
        [(f"{row['id']}-{n}", row["id"], service, basis, status)
         for n, (service, basis, status) in enumerate(referrals)])
    return str(row["id"])


def add_screenings(conn: sqlite3.Connection, how_many: int, **overrides: Any) -> None:
    for _ in range(how_many):
        add_screening(conn, **overrides)


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    create(connection)
    yield connection
    connection.close()


def counts(conn: sqlite3.Connection, by: str, start: str = "2026-01-01", end: str = "2026-03-31",
           teams: tuple[str, ...] | None = None, rule: DisclosureRule = SHOW_ALL):
    return count_table(conn, parse_request(start, end, by, teams), rule)


def on(day: str) -> str:
    return f"{day}T10:00:00+00:00"


def test_months_by_setting_with_an_empty_month_shown_as_0(conn) -> None:
    add_screenings(conn, 2, setting="gp")
    add_screening(conn, setting="pharmacy")
    add_screening(conn, setting="pharmacy", completed_at=on("2026-03-02"))
    t = counts(conn, "month,setting")
    assert (t.rows, t.columns) == (("2026-01", "2026-02", "2026-03"), ("gp", "pharmacy"))
    assert t.cells == (("2", "1"), ("0", "0"), ("0", "1"))
    assert (t.row_totals, t.column_totals, t.total) == (("3", "0", "1"), ("2", "2"), "4")


def test_only_completed_screenings_inside_the_range_count_and_the_last_day_counts_whole(conn):
    add_screening(conn, completed_at="2026-03-31T23:59:59+00:00")
    add_screening(conn, completed_at="2026-01-01T00:00:00+00:00")
    add_screening(conn, completed_at="2025-12-31T23:59:59+00:00")
    add_screening(conn, completed_at="2026-04-01T00:00:00+00:00")
    add_screening(conn, status="draft", completed_at=None)
    assert counts(conn, "month").cells == (("1",), ("0",), ("1",))


def test_weeks_are_iso_weeks_named_by_the_year_of_their_thursday(conn) -> None:
    for day in ("2025-12-29", "2026-01-01", "2027-01-01", "2027-01-03"):
        add_screening(conn, completed_at=on(day))
    t = counts(conn, "week", "2025-12-29", "2027-01-03")
    assert len(t.rows) == 53 and t.rows[0] == "2026-W01" and t.rows[-1] == "2026-W53"
    assert (t.cells[0], t.cells[1], t.cells[-1], t.total) == (("2",), ("0",), ("2",), "4")


def test_quarters_and_years(conn) -> None:
    add_screening(conn, completed_at=on("2026-02-10"))
    add_screenings(conn, 2, completed_at=on("2026-11-30"))
    add_screening(conn, completed_at=on("2027-01-01"))
    quarters = counts(conn, "quarter", "2026-01-01", "2027-01-01")
    assert quarters.rows == ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1")
    assert quarters.cells == (("1",), ("0",), ("0",), ("2",), ("1",))
    years = counts(conn, "year", "2026-01-01", "2027-01-01")
    assert (years.rows, years.cells) == (("2026", "2027"), (("3",), ("1",)))


def test_a_period_can_be_the_columns(conn) -> None:
    add_screening(conn, setting="probation", completed_at=on("2026-02-01"))
    t = counts(conn, "setting,month")
    assert (t.rows, t.columns, t.cells) == (("probation",), ("2026-01", "2026-02", "2026-03"),
                                            (("0", "1", "0"),))


def test_unrecorded_values_have_names_and_levels_come_in_order_of_risk(conn) -> None:
    add_screening(conn, risk_level="high", pathway_primary="dapp", consent_referral="yes")
    add_screening(conn, risk_level="standard", questionnaire="dash-risk", version=2)
    add_screening(conn, risk_level="medium")
    add_screening(conn, risk_level=None)
    add_screening(conn, risk_level="none")
    assert counts(conn, "risk_level").rows == ("none", "standard", "medium", "high",
                                              "not_recorded")
    assert counts(conn, "pathway").rows == ("dapp", "none")
    assert counts(conn, "consent").rows == ("yes", "not_asked")
    t = counts(conn, "question_set")
    assert (t.rows, t.cells) == (("dash-risk v2", "routine-enquiry v1"), (("1",), ("4",)))


def test_handover_status_follows_the_handover_from_not_sent_to_its_answer(conn) -> None:
    for status in ("declined", "sent", "accepted", "not_sent", "no_response"):
        add_screening(conn, handover_status=status)
    assert counts(conn, "handover").rows == ("not_sent", "sent", "accepted", "declined",
                                             "no_response")


def test_a_screening_with_two_flags_counts_once_per_flag_and_unflagged_as_none(conn) -> None:
    add_screening(conn, flags=("weapons", "threats_to_kill"))
    add_screening(conn, flags=("weapons",))
    add_screening(conn)
    t = counts(conn, "flag")
    assert (t.rows, t.cells, t.total) == (("threats_to_kill", "weapons", "none"),
                                          (("1",), ("2",), ("1",)), "4")
    assert "Screenings with several safety flags count once per flag" in t.rules


def test_referrals_count_once_each_by_service_basis_and_where_they_got_to(conn) -> None:
    add_screening(conn, referrals=(("dapp", "consent", "engaged"),
                                   ("victim_safety", "information_sharing", "sent")))
    add_screening(conn, referrals=(("dapp", "consent", "dropped_out"),))
    add_screening(conn)
    t = counts(conn, "referral_service")
    assert (t.rows, t.cells) == (("dapp", "victim_safety", "none"), (("2",), ("1",), ("1",)))
    assert "Screenings with several referrals count once per referral" in t.rules
    t = counts(conn, "referral_status")
    assert t.rows == ("sent", "engaged", "dropped_out", "none")
    t = counts(conn, "referral_basis,referral_status")
    assert t.rows == ("consent", "information_sharing", "none")


def test_declined_and_not_safe_to_ask_are_counted_not_lost(conn) -> None:
    add_screenings(conn, 3)
    add_screening(conn, enquiry="declined", outcome="declined", risk_level=None)
    add_screening(conn, enquiry="not_safe_to_ask", outcome="not_safe_to_ask", risk_level=None)
    t = counts(conn, "enquiry")
    assert (t.rows, t.cells, t.total) == (("asked", "declined", "not_safe_to_ask"),
                                          (("3",), ("1",), ("1",)), "5")


def test_flags_and_referrals_are_not_counted_against_each_other(conn) -> None:
    from screening.counts import CountRequestError

    with pytest.raises(CountRequestError, match="Choose flag or a referral dimension"):
        parse_request("2026-01-01", "2026-03-31", "flag,referral_service", None)


def test_a_lead_sees_only_the_teams_they_lead(conn) -> None:
    add_screenings(conn, 2, team="north")
    add_screening(conn, team="south")
    add_screening(conn, team="O'Brien'); DROP TABLE screenings; --")
    assert counts(conn, "team", teams=("north",)).cells == (("2",),)
    assert counts(conn, "team", teams=("O'Brien'); DROP TABLE screenings; --",)).total == "1"
    assert counts(conn, "team", teams=()).total == "0"
    assert counts(conn, "team").total == "4"


def test_with_the_nhs_rule_a_small_setting_and_its_neighbour_are_hidden(conn) -> None:
    add_screenings(conn, 3, setting="gp")
    add_screenings(conn, 12, setting="pharmacy")
    add_screenings(conn, 21, setting="probation")
    t = counts(conn, "setting", rule=DisclosureRule())
    assert (t.cells, t.total) == ((("*",), ("*",), ("20",)), "35")


def test_age_bands_and_the_two_kinds_of_level_are_counted_apart(conn) -> None:
    add_screening(conn, age_band="35_49", level_kind="disclosure", risk_level="standard")
    add_screening(conn, age_band="under_18", level_kind="disclosure", risk_level="none")
    add_screening(conn, age_band="25_34", level_kind="risk", risk_level="high")
    add_screening(conn)  # a set that does not ask age, from before levels were kept apart
    t = counts(conn, "age_band")
    assert dict(zip(t.rows, (c[0] for c in t.cells), strict=True)) == {
        "under_18": "1", "25_34": "1", "35_49": "1", "not_asked": "1"}
    levels = counts(conn, "disclosure_level,partner_risk_level")
    assert (levels.rows, levels.columns) == (("none", "standard", "not_asked"),
                                             ("high", "not_asked"))
    assert levels.cells == (("0", "1"), ("0", "1"), ("1", "1"))


def test_denominators_count_everyone_offered_and_the_disclosures_offered_a_referral(conn):
    from screening.counts.denominators import denominators

    for _ in range(3):
        add_screening(conn, setting="gp", level_kind="disclosure", risk_level="standard",
                      referrals=[("dapp", "consent", "sent")])
    add_screening(conn, setting="gp", level_kind="disclosure", risk_level="standard")
    add_screening(conn, setting="gp", level_kind="disclosure", risk_level="none")
    add_screening(conn, setting="gp", level_kind="risk", risk_level="high")
    add_screening(conn, setting="gp", enquiry="declined", outcome="declined")
    add_screening(conn, setting="pharmacy", enquiry="not_safe_to_ask", risk_level=None)
    d = denominators(conn, parse_request("2026-01-01", "2026-03-31", "setting"), "setting",
                     SHOW_ALL)
    assert (d.enquiry.rows, d.enquiry.columns) == (("gp", "pharmacy"),
                                                   ("asked", "declined", "not_safe_to_ask"))
    assert d.enquiry.cells == (("6", "1", "0"), ("0", "0", "1"))
    assert d.enquiry.row_totals == ("7", "1")  # offered
    assert (d.disclosures, d.offered_referral, d.proportions) == (
        ("4", "0", "4"), ("3", "0", "3"), ("75%", "-", "75%"))


def test_small_denominators_are_hidden_and_so_is_their_proportion(conn) -> None:
    from screening.counts.denominators import denominators

    for _ in range(3):
        add_screening(conn, level_kind="disclosure", risk_level="standard")
    d = denominators(conn, parse_request("2026-01-01", "2026-01-31", "month"), "month",
                     DisclosureRule())
    assert (d.disclosures, d.offered_referral, d.proportions) == (("*", "*"), ("0", "0"),
                                                                  ("*", "*"))


def test_people_who_disclosed_again_within_a_year_are_counted_never_named(conn) -> None:
    from screening.counts.repeats import raw_repeats

    disclosed = {"level_kind": "disclosure", "risk_level": "standard"}
    add_screening(conn, person_key="a", completed_at=on("2025-03-01"), **disclosed)
    add_screening(conn, person_key="a", completed_at=on("2026-02-01"), **disclosed)  # again
    add_screening(conn, person_key="b", completed_at=on("2024-12-01"), **disclosed)
    add_screening(conn, person_key="b", completed_at=on("2026-02-01"), **disclosed)  # > a year
    add_screening(conn, person_key="c", completed_at=on("2026-01-05"), **disclosed)
    add_screening(conn, person_key="c", completed_at=on("2026-03-05"), **disclosed)  # again
    add_screening(conn, person_key="d", completed_at=on("2026-01-05"), risk_level="none",
                  level_kind="disclosure")  # nothing disclosed
    add_screening(conn, completed_at=on("2026-01-05"), **disclosed)  # no record number
    request = parse_request("2026-01-01", "2026-03-31", "month")
    assert raw_repeats(conn, request) == (3, 2, 1)  # people a, b, c; a and c again
