"""A commissioner follows referrals to the end: offered, consented, sent, accepted, engaged,
completed or dropped out, per service, with how long each wait took."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from screening.counts import DisclosureRule
from screening.counts.funnel import STAGES, funnel_table, parse_funnel_request
from screening.counts.funnel_render import funnel_csv, funnel_dict
from screening.store.schema import create
from tests.test_counts_query import SHOW_ALL, add_screening

_ids = itertools.count(1)


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    create(connection)
    yield connection
    connection.close()


def add_referral(conn: sqlite3.Connection, screening_id: str, service: str = "dapp",
                 basis: str = "consent", status: str = "not_sent", history: tuple[str, ...] = (),
                 **columns: Any) -> None:
    """One referral on a screening, with the statuses it went through before its current one."""
    row = {"id": f"referral-{next(_ids)}", "screening_id": screening_id, "service": service,
           "role": "primary", "basis": basis, "status": status,
           "created_at": "2026-01-15", "updated_at": "2026-01-15"} | columns
    conn.execute(f"INSERT INTO referrals ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))
    conn.executemany("INSERT INTO referral_events (referral_id, at, status) VALUES (?, ?, ?)",
                     [(row["id"], "2026-01-15", s) for s in (*history, status)])


def funnel(conn: sqlite3.Connection, rule: DisclosureRule = SHOW_ALL, **asked: Any):
    request = parse_funnel_request(asked.pop("start", "2026-01-01"),
                                   asked.pop("end", "2026-03-31"), **asked)
    return funnel_table(conn, request, rule)


def stages(table, service: str) -> dict[str, str]:
    return dict(zip(STAGES, table.cells[table.services.index(service)], strict=True))


def test_a_completed_referral_counts_at_every_stage_it_passed(conn) -> None:
    s = add_screening(conn)
    add_referral(conn, s, status="completed", consent="yes", sent_on="2026-01-20",
                 first_session_on="2026-01-30")
    assert stages(funnel(conn), "dapp") == {
        "offered": "1", "consented": "1", "sent": "1", "accepted": "1", "engaged": "1",
        "completed": "1", "dropped_out": "0"}


def test_history_tells_whether_a_no_contact_was_accepted_or_a_drop_out_engaged(conn) -> None:
    s = add_screening(conn)
    add_referral(conn, s, status="no_contact", history=("not_sent", "sent", "accepted"))
    add_referral(conn, s, status="no_contact", history=("not_sent", "sent"))
    add_referral(conn, s, status="dropped_out", history=("not_sent", "sent", "accepted",
                                                         "engaged"))
    add_referral(conn, s, status="dropped_out", history=("not_sent", "sent", "accepted"))
    row = stages(funnel(conn), "dapp")
    assert (row["sent"], row["accepted"], row["engaged"], row["dropped_out"]) == ("4", "3", "1",
                                                                                  "2")


def test_consented_counts_only_referrals_on_the_person_s_consent(conn) -> None:
    s = add_screening(conn)
    add_referral(conn, s, "dapp", consent="yes")
    add_referral(conn, s, "dapp", consent="no")
    add_referral(conn, s, "marac", basis="safeguarding", status="sent")
    add_referral(conn, s, "helpline", basis="information", status="done")
    t = funnel(conn)
    assert t.services == ("dapp", "marac")  # information given on the spot is not a referral
    assert (stages(t, "dapp")["consented"], stages(t, "marac")["consented"]) == ("1", "0")
    assert (t.totals[0], t.totals[2]) == ("3", "1")


def test_median_days_from_screening_to_sent_and_sent_to_first_session(conn) -> None:
    for sent, first in (("2026-01-16", "2026-01-26"), ("2026-01-18", "2026-01-20"),
                        ("2026-01-25", None)):
        add_referral(conn, add_screening(conn), status="engaged" if first else "sent",
                     sent_on=sent, first_session_on=first)
    t = funnel(conn)
    assert t.medians == (("3", "6"),)  # 1, 3 and 10 days; 10 and 2 days
    assert t.total_medians == ("3", "6")


def test_only_referrals_of_screenings_in_the_period_team_and_setting_count(conn) -> None:
    add_referral(conn, add_screening(conn, team="north", setting="gp"))
    add_referral(conn, add_screening(conn, team="south", setting="gp"))
    add_referral(conn, add_screening(conn, team="north", setting="pharmacy"))
    add_referral(conn, add_screening(conn, completed_at="2025-12-31T10:00:00+00:00"))
    t = funnel(conn, teams=("north",), setting="gp", known_settings=("gp", "pharmacy"))
    assert (t.totals[0], t.request.setting) == ("1", "gp")


def test_small_counts_are_hidden_with_their_medians(conn) -> None:
    for _ in range(20):
        add_referral(conn, add_screening(conn), "dapp", status="sent", sent_on="2026-01-17")
    for _ in range(3):
        add_referral(conn, add_screening(conn), "marac", basis="safeguarding", status="sent",
                     sent_on="2026-01-17")
    t = funnel(conn, rule=DisclosureRule())
    assert stages(t, "marac")["sent"] == "*" and stages(t, "dapp")["sent"] == "*"
    assert t.medians == (("*", "-"), ("*", "-"))
    assert (t.totals[2], t.total_medians[0]) == ("25", "2")


def test_the_download_says_the_period_setting_and_rule(conn) -> None:
    for _ in range(10):
        add_referral(conn, add_screening(conn), "dapp", status="accepted", sent_on="2026-01-15")
    t = funnel(conn, rule=DisclosureRule())
    text = funnel_csv(t)
    assert text.splitlines()[:3] == [
        "service,offered,consented,sent,accepted,engaged,completed,dropped_out,days_to_sent,"
        "days_to_first_session",
        "dapp,10,0,10,10,0,0,0,0,-", "Total,10,0,10,10,0,0,0,0,-"]
    assert "Setting,every setting" in text and "Counts from 1 to 7 are shown as *." in text
    assert funnel_dict(t)["services"][0]["accepted"] == "10"


def test_the_stage_bits_the_store_keeps_are_the_ones_the_funnel_reads() -> None:
    from screening.counts.funnel import STAGE_BITS as READ
    from screening.store.funnel_columns import STAGE_BITS as KEPT

    assert READ == KEPT


def test_a_referral_moved_on_after_it_was_made_is_counted_where_it_got_to(conn) -> None:
    s = add_screening(conn)
    add_referral(conn, s, id="moving", consent="yes")
    for status in ("sent", "accepted", "no_contact"):
        conn.execute("UPDATE referrals SET status = ? WHERE id = 'moving'", (status,))
        conn.execute("INSERT INTO referral_events (referral_id, at, status) VALUES "
                     "('moving', '2026-02-01', ?)", (status,))
    conn.execute("UPDATE referrals SET consent = 'no' WHERE id = 'moving'")
    row = stages(funnel(conn), "dapp")
    assert (row["consented"], row["sent"], row["accepted"], row["engaged"]) == ("0", "1", "1",
                                                                                "0")


def test_a_referral_sent_before_the_screening_ended_waited_0_days_not_less(conn) -> None:
    for sent in ("2026-01-10", "2026-01-10", "2026-01-20"):  # completed on 15 January
        add_referral(conn, add_screening(conn), status="sent", sent_on=sent)
    assert funnel(conn).medians == (("0", "-"),)
