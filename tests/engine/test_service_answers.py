"""What a receiving service may answer, and when an unanswered referral is overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from screening.referrals import (
    Referral,
    ReferralError,
    answer_choices,
    overdue,
    sent_in_tool,
    working_days_after,
)

MONDAY = dt.date(2026, 3, 2)


def dapp(status: str = "sent", sent_on: str | None = "2026-03-02",
         consent: str | None = "yes") -> Referral:
    return Referral("r1", "s1", "dapp", "primary", "consent", status=status, sent_on=sent_on,
                    consent=consent)


def test_a_consented_referral_sent_in_the_tool_is_dated_today() -> None:
    sent = sent_in_tool(dapp("not_sent", None), MONDAY)
    assert (sent.status, sent.sent_in_tool, sent.sent_on, sent.sent_how) == (
        "sent", True, "2026-03-02", "in_tool")


def test_a_referral_without_consent_is_not_sent_in_the_tool() -> None:
    with pytest.raises(ReferralError):
        sent_in_tool(dapp("not_sent", None, consent=None), MONDAY)


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
