"""What a handover and a case-record note are made of: plain frozen records, no behaviour.

Kept apart from the building (screening/handover.py) and the plain text (screening/handover_text.py)
so that neither of those imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


@dataclass(frozen=True)
class ReasonNote:
    text: str
    answers: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class FlagNote:
    severity: str
    action: str
    label: str


@dataclass(frozen=True)
class ServiceNote:
    id: str
    name: str
    contact: str
    reason: str
    audience: str
    basis: str = "consent"


@dataclass(frozen=True)
class CaseNote:
    """What goes into the person's own record, which they may read online: only what they
    already know (their own answers, the voluntary referrals), never partner, victim,
    children's or safeguarding details, and no text the practitioner typed."""

    reference: str
    screening_id: str
    local_record_number: str | None
    date: str
    practitioner: str
    team: str
    setting: str
    question_set_title: str
    question_set: str
    version: int
    asked_of_partner: bool
    answers: tuple[AnswerLine, ...]
    voluntary_referrals: tuple[str, ...]


@dataclass(frozen=True)
class PartnerSafety:
    """What only the victim safety service, MARAC and the safeguarding services receive."""

    addressed_to: str
    risk_level: str | None
    reasons: tuple[ReasonNote, ...]
    flags: tuple[FlagNote, ...]
    services: tuple[ServiceNote, ...]
    notes: tuple[AnswerLine, ...]
