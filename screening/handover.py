"""The handover of a completed screening to a service, and the note for the practitioner's record.

Plain Python, in English (the receiving service's language). What the victim safety service needs
about a partner or children is a separate part that only partner-facing services receive: flags
with audience `partner_safety`, and everything from a set asked of a partner, never reach a
handover addressed to a service that works with the person causing harm.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from screening.handover_text import case_note_text, handover_text
from screening.questionnaire import Question, QuestionSet, Result, Service
from screening.store.screenings import Screening
from screening.store.users import User

FORMAT = "screening-handover/1"
PARTNER_AUDIENCE = "partner"
SETTING_NAMES = {
    "gp": "GP practice", "substance_misuse": "Substance misuse service",
    "mental_health": "Mental health service",
    "co_located": "Co-located perpetrator-service practitioner",
    "victim_safety": "Victim safety service", "other": "Other setting",
}
YES_NO_WORDS = {"yes": "Yes", "no": "No", "dont_know": "Don't know", "not_asked": "Not asked"}
CONSENT_WORDS = {
    None: "Consent to referral not yet recorded.",
    "yes": "The person consents to this referral.",
    "no": "The person does not consent to a referral.",
    "override": "The person does not consent, but a safeguarding duty overrides consent.",
}
OVERRIDE_DUTY_WORDS = {
    "children_at_risk": "Children are at risk of significant harm.",
    "immediate_danger": "Someone is in immediate danger.",
    "serious_harm": "Someone else is at risk of serious harm.",
}
SENT_HOW_WORDS = {"secure_email": "secure e-mail", "phone": "telephone",
                  "referral_form": "the service's referral form", "in_person": "in person",
                  "other": "another way"}


class HandoverRefused(ValueError):
    """This service may not receive a handover of this screening; the message says why."""


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


@dataclass(frozen=True)
class CaseNote:
    """What goes into the practitioner's own record: never partner, victim or children details."""

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
    risk_level: str | None
    services: tuple[str, ...]
    consent: str
    actions_taken: tuple[str, ...]

    def to_text(self) -> str:
        return case_note_text(self)


@dataclass(frozen=True)
class PartnerSafety:
    """What only the victim safety service (and MARAC) receive."""

    addressed_to: str
    risk_level: str | None
    reasons: tuple[ReasonNote, ...]
    flags: tuple[FlagNote, ...]
    services: tuple[ServiceNote, ...]


@dataclass(frozen=True)
class Handover:
    reference: str
    screening_id: str
    local_record_number: str | None
    date: str
    practitioner: str
    team: str
    setting: str
    question_set: str
    question_set_title: str
    asked_of: str
    version: int
    content_hash: str
    client_language: str
    translation_reviewed: bool
    recipient: ServiceNote
    consent: str
    consent_reason: str | None
    risk_level: str | None
    reasons: tuple[ReasonNote, ...]
    pathway: ServiceNote | None
    other_actions: tuple[ServiceNote, ...]
    safety_flags: tuple[FlagNote, ...]
    actions_taken: tuple[str, ...]
    case_note_actions: tuple[str, ...]
    partner_safety: PartnerSafety | None

    def to_json(self) -> dict[str, Any]:
        """The handover as `/screenings/<id>/handover.json` serves it."""
        data = asdict(self)
        data.pop("case_note_actions")
        return {"format": FORMAT, **data}

    def to_text(self) -> str:
        """Plain text, ready to paste into a secure e-mail."""
        return handover_text(self)

    def case_note(self) -> str:
        """A short note for the practitioner's own record: no partner or victim details."""
        person_services = ([self.pathway] if self.pathway else []) + list(self.other_actions)
        return CaseNote(
            self.reference, self.screening_id, self.local_record_number, self.date,
            self.practitioner, self.team, self.setting, self.question_set_title,
            self.question_set, self.version, self.asked_of == PARTNER_AUDIENCE,
            self.risk_level, tuple(s.name for s in person_services if s.audience == "person"),
            self.consent, self.case_note_actions).to_text()


def answer_words(question: Question, value: Any) -> str:
    """An answer as the receiving service reads it, in English."""
    if question.type == "yes_no":
        return YES_NO_WORDS.get(value, str(value))
    labels = {option.id: option.label["en"] for option in question.options}
    if question.type == "multiple":
        return "; ".join(labels.get(v, v) for v in value)
    if question.type == "single":
        return labels.get(value, str(value))
    return str(value)


def _reasons(result: Result, question_set: QuestionSet) -> tuple[ReasonNote, ...]:
    notes = []
    for reason in result.reasons:
        lines = tuple(AnswerLine(question_set.question(q).text["en"],
                                 answer_words(question_set.question(q), result.answers[q]))
                      for q in reason.questions if q in result.answers)
        notes.append(ReasonNote(reason.text["en"], lines))
    return tuple(notes)


def _service(services: Mapping[str, Service], service_id: str, reason: str) -> ServiceNote:
    service = services[service_id]
    return ServiceNote(service.id, service.name["en"], service.contact, reason,
                       service.audience)


def _actions_taken(screening: Screening, with_reasons: bool = True) -> tuple[str, ...]:
    """What was done; the case note leaves out free-text reasons, which may name a partner."""
    actions = []
    if screening.judgement_level:
        reason = (f": {screening.judgement_reason}" if with_reasons
                  else " (the reason is recorded with the screening).")
        actions.append("Professional judgement raised the risk level to "
                       f"{screening.judgement_level}{reason}")
    if screening.handover_sent_on:
        how = SENT_HOW_WORDS.get(screening.handover_sent_how or "", "another way")
        actions.append(f"Handover sent on {screening.handover_sent_on} by {how}.")
    if screening.handover_status in ("accepted", "declined", "no_response"):
        actions.append("Outcome of the handover: " + screening.handover_status.replace("_", " ")
                       + ".")
    return tuple(actions)


def recipients(result: Result, question_set: QuestionSet,
               services: Mapping[str, Service]) -> list[Service]:
    """Services on the pathway that may receive a handover of this screening, primary first."""
    chosen = ([result.pathway.primary] if result.pathway.primary else []) + list(
        result.pathway.others)
    found = [services[r.service] for r in chosen if r.service in services]
    if question_set.asked_of == PARTNER_AUDIENCE:
        found = [s for s in found if s.audience == PARTNER_AUDIENCE]
    return found


def build_handover(screening: Screening, result: Result, question_set: QuestionSet,
                   services: Mapping[str, Service], practitioner: User,
                   service_id: str | None = None) -> Handover:
    """The handover to one service on the pathway (the primary one unless another is named)."""
    allowed = {s.id: s for s in recipients(result, question_set, services)}
    service_id = service_id or next(iter(allowed), None)
    if service_id is None or service_id not in allowed:
        raise HandoverRefused(f"{service_id or 'No service'} is not a service this screening's "
                              "handover may go to")
    from_partner = question_set.asked_of == PARTNER_AUDIENCE
    referrals = [r for r in ([result.pathway.primary] if result.pathway.primary else [])
                 + list(result.pathway.others) if r.service in services]
    notes = {r.service: _service(services, r.service, r.reason["en"]) for r in referrals}
    recipient = notes[service_id]

    def for_person(service: str) -> bool:
        return not from_partner and services[service].audience != PARTNER_AUDIENCE

    primary = result.pathway.primary
    pathway = notes[primary.service] if primary and primary.service in notes and for_person(
        primary.service) else None
    others = tuple(notes[r.service] for r in result.pathway.others
                   if r.service in notes and for_person(r.service))
    flags = [(raised.audience, FlagNote(raised.severity, raised.action["en"], raised.label["en"]))
             for raised in result.safety_flags]
    reasons = _reasons(result, question_set)
    partner_safety = None
    if allowed[service_id].audience == PARTNER_AUDIENCE:
        partner_safety = PartnerSafety(
            addressed_to=recipient.name,
            risk_level=result.risk_level if from_partner else None,
            reasons=reasons if from_partner else (),
            flags=tuple(note for audience, note in flags if from_partner or audience != "all"),
            services=tuple(note for sid, note in notes.items()
                           if services[sid].audience != "person"))
    return Handover(
        reference=screening.client_reference, screening_id=screening.id,
        local_record_number=screening.local_record_number,
        date=(screening.completed_at or screening.created_at)[:10],
        practitioner=practitioner.name, team=screening.team,
        setting=SETTING_NAMES.get(screening.setting, screening.setting),
        question_set=question_set.id, question_set_title=question_set.title["en"],
        asked_of=question_set.asked_of, version=question_set.version,
        content_hash=question_set.content_hash,
        client_language=screening.client_language,
        translation_reviewed=screening.client_language not in question_set.unreviewed_languages,
        recipient=recipient, consent=CONSENT_WORDS.get(screening.consent_referral, ""),
        consent_reason=screening.consent_reason,
        risk_level=None if from_partner else result.risk_level,
        reasons=() if from_partner else reasons, pathway=pathway, other_actions=others,
        safety_flags=() if from_partner else tuple(n for a, n in flags if a == "all"),
        actions_taken=_actions_taken(screening),
        case_note_actions=_actions_taken(screening, with_reasons=False),
        partner_safety=partner_safety)


def build_case_note(screening: Screening, result: Result, question_set: QuestionSet,
                    services: Mapping[str, Service], practitioner: User) -> CaseNote:
    """The case-record note, which every completed screening has, referred or not."""
    from_partner = question_set.asked_of == PARTNER_AUDIENCE
    referrals = ([result.pathway.primary] if result.pathway.primary else []) + list(
        result.pathway.others)
    names = tuple(services[r.service].name["en"] for r in referrals if r.service in services
                  and services[r.service].audience == "person" and not from_partner)
    return CaseNote(
        screening.client_reference, screening.id, screening.local_record_number,
        (screening.completed_at or screening.created_at)[:10], practitioner.name,
        screening.team, SETTING_NAMES.get(screening.setting, screening.setting),
        question_set.title["en"], question_set.id, question_set.version, from_partner,
        None if from_partner else result.risk_level, names,
        CONSENT_WORDS.get(screening.consent_referral, ""),
        _actions_taken(screening, with_reasons=False))


def to_json_text(handover: Handover) -> str:
    """The JSON document, indented for people who open it."""
    return json.dumps(handover.to_json(), ensure_ascii=False, indent=2)
