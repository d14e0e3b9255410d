"""A referral per recipient: its legal basis, what it needs next, its status and its history.

Plain Python (no Flask). One screening's result names services in roles (`immediate`, `primary`,
`also`); each becomes a referral here, and the basis from the services directory decides what
it needs before anything is sent:

- `consent`: voluntary work with the person. Needs their yes; a no is final (no override).
- `safeguarding` and `information_sharing`: children's and adult safeguarding, MARAC, police and
  the victim safety service. Go ahead whatever the person says, with the practitioner's reason.
- `information` and `emergency`: a number given to the person, or 999. Recorded as done, with a
  time; never a handover.

A pathway held for review (the person may be the one harmed) makes its `held` referrals wait for
a specialist's decision, recorded with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from screening.questionnaire import Result, Service

CONSENT = "consent"
SAFEGUARDING = "safeguarding"
INFORMATION_SHARING = "information_sharing"
INFORMATION = "information"
EMERGENCY = "emergency"
# Bases whose referral is a handover to a service; the others are things done on the spot.
HANDED_OVER = (CONSENT, SAFEGUARDING, INFORMATION_SHARING)
# Bases that go ahead whatever the person says, with the practitioner's reason recorded.
DUTY_BASES = (SAFEGUARDING, INFORMATION_SHARING)
DONE_ON_THE_SPOT = (INFORMATION, EMERGENCY)

STATUSES = ("not_sent", "sent", "accepted", "declined", "no_response", "no_contact", "engaged",
            "completed", "dropped_out", "to_do", "done", "not_proceeding")
# Where each status may go next. `no_response` may still turn into an answer; `no_contact` into
# a first session. Immediate and information actions go from `to_do` to `done`.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "not_sent": ("sent",),
    "sent": ("accepted", "declined", "no_response", "no_contact"),
    "no_response": ("accepted", "declined", "no_contact"),
    "accepted": ("engaged", "no_contact", "dropped_out"),
    "no_contact": ("engaged",),
    "engaged": ("completed", "dropped_out"),
    "to_do": ("done",),
}
# What a receiving service may answer, and what it means for the partner's safety plan.
SERVICE_ANSWERS = ("accepted", "declined", "no_response", "no_contact", "engaged", "completed",
                   "dropped_out")
# What a service worker records in the tool: `no_response` is the referrer's word for silence.
ANSWERED_IN_TOOL = ("accepted", "declined", "no_contact", "engaged", "completed", "dropped_out")
NON_ENGAGEMENT = ("declined", "no_response", "no_contact", "dropped_out")
DECLINE_REASONS = ("not_eligible", "outside_area", "person_declined", "already_known",
                   "risk_too_high_for_service", "other")
CONSENT_ANSWERS = ("yes", "no")
REVIEW_DECISIONS = ("proceed", "not_proceeding")
VICTIM_SAFETY = "victim_safety"
# Support offered to the person as a possible victim: their dropping out is not a risk to a partner.
NOT_ABOUT_THEIR_BEHAVIOUR = ("victim_support",)


class ReferralError(ValueError):
    """A change this referral cannot take; `code` names which, for the pages' own words."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Referral:
    """One service on one screening's pathway, as recorded."""

    id: str
    screening_id: str
    service: str
    role: str
    basis: str
    held: bool = False
    status: str = "not_sent"
    consent: str | None = None
    reason: str | None = None
    review: str | None = None
    review_reason: str | None = None
    sent_on: str | None = None
    sent_how: str | None = None
    sent_in_tool: bool = False
    done_at: str | None = None
    decline_reason: str | None = None
    first_session_on: str | None = None
    prompted_by: str | None = None
    # The team of the receiving service whose inbox it was sent to; None: every team of it
    # (sent before teams were addressed, or an alert the service's teams all need to see).
    sent_to_team: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def person_facing(self) -> bool:
        """Voluntary work with the person: their handover never carries a partner's words."""
        return self.basis == CONSENT

    @property
    def is_handover(self) -> bool:
        return self.basis in HANDED_OVER

    @property
    def waiting_for_review(self) -> bool:
        return self.held and self.review is None

    @property
    def stopped(self) -> bool:
        """Refused by the person, or not to go ahead after review: nothing more to do."""
        return (self.basis == CONSENT and self.consent == "no") or (
            self.held and self.review == "not_proceeding")

    def needs(self) -> str | None:
        """What must happen next: `review`, `consent`, `reason`, `send`, `record_done`, or None."""
        if self.basis in DONE_ON_THE_SPOT:
            return None if self.status == "done" else "record_done"
        if self.waiting_for_review:
            return "review"
        if self.stopped:
            return None
        if self.basis == CONSENT and self.consent is None:
            return "consent"
        if self.basis in DUTY_BASES and not self.reason:
            return "reason"
        return "send" if self.status == "not_sent" else None

    def may_hand_over(self) -> bool:
        """Whether a handover may be produced and sent to this service now."""
        if not self.is_handover or self.waiting_for_review or self.stopped:
            return False
        if self.basis == CONSENT:
            return self.consent == "yes"
        return bool(self.reason)

    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_STATUSES.get(self.status, ())


def planned(result: Result, basis_of: Mapping[str, str]) -> list[tuple[str, str, str, bool]]:
    """(service, role, basis, held) for every service on the result's pathway, in order. A
    result stored before bases existed takes each service's basis from the directory."""
    return [(r.service, r.role, r.basis or basis_of.get(r.service, CONSENT), r.held)
            for r in result.pathway.referrals]


def initial_status(basis: str) -> str:
    return "to_do" if basis in DONE_ON_THE_SPOT else "not_sent"


def with_consent(referral: Referral, answer: str) -> Referral:
    """The person's answer: only where consent is the basis, and a no is final."""
    if referral.basis != CONSENT:
        raise ReferralError("consent_not_the_basis",
                            f"{referral.service} does not depend on the person's consent")
    if answer not in CONSENT_ANSWERS:
        raise ReferralError("consent_answer", f"consent must be one of {CONSENT_ANSWERS}")
    if referral.consent == "no":
        raise ReferralError("consent_refused", "the person refused: that is final")
    if referral.status != "not_sent":
        raise ReferralError("already_sent", "the referral has been sent already")
    return replace(referral, consent=answer)


def with_reason(referral: Referral, reason: str) -> Referral:
    """Why a safeguarding or information-sharing referral goes ahead."""
    if referral.basis not in DUTY_BASES:
        raise ReferralError("reason_not_needed",
                            f"{referral.service} is not a safeguarding or information-sharing "
                            "referral")
    if not reason.strip():
        raise ReferralError("reason_missing", "a reason is needed")
    return replace(referral, reason=reason.strip())


def with_review(referral: Referral, decision: str, reason: str) -> Referral:
    """A specialist's decision on a held referral, with the reason."""
    if not referral.held:
        raise ReferralError("not_held", f"{referral.service} is not held for review")
    if referral.review is not None:
        raise ReferralError("already_reviewed", "the review decision is recorded already")
    if decision not in REVIEW_DECISIONS or not reason.strip():
        raise ReferralError("review_incomplete", "a decision and a reason are needed")
    return replace(referral, review=decision, review_reason=reason.strip(),
                   status="not_proceeding" if decision == "not_proceeding" else referral.status)


def moved(referral: Referral, status: str) -> Referral:
    """The referral in its next status; ReferralError when it cannot go there from here."""
    if status == "sent" and not referral.may_hand_over():
        raise ReferralError("not_ready", f"{referral.service} may not be sent yet: "
                            f"{referral.needs() or 'it is stopped'}")
    if status not in referral.next_statuses():
        raise ReferralError("not_next", f"a referral that is {referral.status} cannot become "
                            f"{status}")
    return replace(referral, status=status)


def answered(referral: Referral, status: str, decline_reason: str | None = None,
             first_session_on: dt.date | None = None) -> Referral:
    """What happened next, as the practitioner or the receiving service records it: the next
    status, with why it was declined or when the first session was; ReferralError when the
    referral cannot go there from here."""
    changed = moved(referral, status)
    if status == "declined":
        changed = replace(changed, decline_reason=decline_reason)
    if status == "engaged" and first_session_on is not None:
        changed = replace(changed, first_session_on=first_session_on.isoformat())
    return changed


def alerts_victim_safety(referral: Referral, status: str) -> bool:
    """Non-engagement with voluntary work is shared with the victim safety service."""
    return (referral.person_facing and status in NON_ENGAGEMENT
            and referral.service not in NOT_ABOUT_THEIR_BEHAVIOUR)


def untouched(referral: Referral) -> bool:
    """Made from the result and nothing recorded on it yet: no consent, reason, review or
    status of its own (the answers may still change, and the referral be made again)."""
    return (referral.consent is None and referral.reason is None and referral.review is None
            and referral.prompted_by is None and referral.status in ("not_sent", "to_do"))


def waiting_to_send(referrals: Iterable[Referral]) -> list[Referral]:
    """Referrals that need the practitioner before they leave: consent, reason, send or done."""
    return [r for r in referrals if r.needs() is not None]


def receiving_services(services: Mapping[str, Service]) -> tuple[str, ...]:
    """Ids of the services a referral is handed over to: the ones that may have workers."""
    return tuple(sorted(sid for sid, service in services.items()
                        if service.basis in HANDED_OVER))


def sent_in_tool(referral: Referral, today: dt.date, team: str | None) -> Referral:
    """Sent to the inbox of one team of the service today; ReferralError when it may not be
    sent yet."""
    return replace(moved(referral, "sent"), sent_in_tool=True, sent_on=today.isoformat(),
                   sent_how="in_tool", sent_to_team=team)


def reaches(referral: Referral, service: str | None, team: str) -> bool:
    """Whether a worker of this service and team may open the referral: it was sent in the tool
    to their service, and to their team or to every team of it."""
    return (referral.sent_in_tool and referral.service == service
            and referral.sent_to_team in (None, team))


def alert_team(addressed: list[str | None], teams: list[str]) -> str | None:
    """The victim safety team an alert goes to: the team the partner's referral was sent to,
    else the service's only team; with several and none known, every team sees it (None), so
    an alert about a partner's safety never waits in nobody's inbox."""
    for team in addressed:
        if team is not None and team in teams:
            return team
    return teams[0] if len(teams) == 1 else None


def answer_choices(referral: Referral) -> tuple[str, ...]:
    """What the receiving service may record next on a referral sent to it in the tool."""
    return tuple(s for s in referral.next_statuses() if s in ANSWERED_IN_TOOL)


def working_days_after(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (bank holidays count)."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += day.weekday() < 5
    return days


def overdue(referral: Referral, today: dt.date, within_working_days: int) -> bool:
    """Sent in the tool and still unanswered after the working days a service has to answer."""
    if referral.status != "sent" or not referral.sent_on:
        return False
    sent = dt.date.fromisoformat(referral.sent_on)
    return working_days_after(sent, today) > within_working_days
