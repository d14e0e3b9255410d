"""What a receiving service may answer, and when an unanswered referral is overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from screening.referrals import (
    Referral,
    ReferralError,
    alert_team,
    answer_choices,
    answered,
    overdue,
    reaches,
    sent_in_tool,
    working_days_after,
)

MONDAY = dt.date(2026, 3, 2)


def dapp(status: str = "sent", sent_on: str | None = "2026-03-02",
         consent: str | None = "yes") -> Referral:
    return Referral("r1", "s1", "dapp", "primary", "consent", status=status, sent_on=sent_on,
                    consent=consent)


def test_a_consented_referral_sent_in_the_tool_is_dated_today() -> None:
    sent = sent_in_tool(dapp("not_sent", None), MONDAY, "DAPP North")
    assert (sent.status, sent.sent_in_tool, sent.sent_on, sent.sent_how, sent.sent_to_team) == (
        "sent", True, "2026-03-02", "in_tool", "DAPP North")


def test_a_referral_without_consent_is_not_sent_in_the_tool() -> None:
    with pytest.raises(ReferralError):
        sent_in_tool(dapp("not_sent", None, consent=None), MONDAY, "DAPP North")


def test_the_service_answers_only_what_may_come_next_never_no_response() -> None:
    assert answer_choices(dapp()) == ("accepted", "declined", "no_contact")
    assert answer_choices(dapp("accepted")) == ("engaged", "no_contact", "dropped_out")
    assert answer_choices(dapp("completed")) == ()


def test_weekends_are_not_working_days() -> None:
    friday = dt.date(2026, 3, 6)
    assert working_days_after(friday, friday + dt.timedelta(days=3)) == 1
    assert working_days_after(MONDAY, MONDAY + dt.timedelta(days=7)) == 5


def test_unanswered_after_five_working_days_is_overdue_and_an_answer_ends_it() -> None:
    assert not overdue(dapp(), MONDAY + dt.timedelta(days=7), 5)
    assert overdue(dapp(), MONDAY + dt.timedelta(days=8), 5)
    assert not overdue(dapp("accepted"), MONDAY + dt.timedelta(days=30), 5)


def test_a_worker_reaches_referrals_sent_to_their_team_or_to_every_team_of_their_service(
        ) -> None:
    north = sent_in_tool(dapp("not_sent", None), MONDAY, "DAPP North")
    assert reaches(north, "dapp", "DAPP North")
    assert not reaches(north, "dapp", "DAPP South")
    assert not reaches(north, "victim_safety", "DAPP North")
    assert not reaches(dapp("not_sent", None), "dapp", "DAPP North")  # not sent in the tool
    before_teams = Referral("r2", "s1", "dapp", "primary", "consent", status="sent",
                            sent_in_tool=True)
    assert reaches(before_teams, "dapp", "DAPP North") and reaches(before_teams, "dapp", "x")


def test_an_alert_goes_to_the_partners_team_else_the_only_team_else_to_every_team() -> None:
    teams = ["Victim safety North", "Victim safety South"]
    assert alert_team([None, "Victim safety South"], teams) == "Victim safety South"
    assert alert_team(["Victim safety East"], teams) is None  # that team has nobody now
    assert alert_team([], ["Victim safety North"]) == "Victim safety North"
    assert alert_team([], teams) is None
    assert alert_team([], []) is None


def test_an_answer_keeps_why_it_was_declined_and_when_the_first_session_was_only() -> None:
    declined = answered(dapp(), "declined", "outside_area", MONDAY)
    assert (declined.status, declined.decline_reason, declined.first_session_on) == (
        "declined", "outside_area", None)
    engaged = answered(dapp("accepted"), "engaged", "outside_area", MONDAY)
    assert (engaged.status, engaged.decline_reason, engaged.first_session_on) == (
        "engaged", None, "2026-03-02")
    with pytest.raises(ReferralError):
        answered(dapp("completed"), "engaged", None, MONDAY)
