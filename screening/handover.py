"""The handover of a completed screening to one referral's service, and the case-record note.

Plain Python, in English (the receiving service's language). What each recipient may read is
decided by the referral's basis:

- a *person-facing* referral (consent: voluntary work with the person) carries structured fields
  only: no text the practitioner typed, nothing a partner said, no partner-safety flag, and no
  mention of MARAC, children's or adult safeguarding, the police or the victim safety service;
- a safeguarding or information-sharing referral carries everything, with the practitioner's
  reasons, and a partner-safety part.

Immediate actions (999) and information given (helplines) are never handed over.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from screening.handover_parts import (
    AnswerLine,
    CaseNote,
    FlagNote,
    PartnerSafety,
    ReasonNote,
    ServiceNote,
)
from screening.handover_text import case_note_text, handover_text
from screening.questionnaire import Question, QuestionSet, Result, Service
from screening.referrals import CONSENT, INFORMATION, Referral
from screening.store.screenings import Screening
from screening.store.users import User

FORMAT = "screening-handover/2"
PARTNER = "partner"
SETTING_NAMES = {
    "gp": "GP practice", "substance_misuse": "Substance misuse service",
    "mental_health": "Mental health service",
    "co_located": "Co-located perpetrator-service practitioner",
    "victim_safety": "Victim safety service", "other": "Other setting",
}
YES_NO_WORDS = {"yes": "Yes", "no": "No", "dont_know": "Don't know", "not_asked": "Not asked"}
BASIS_WORDS = {
    "consent": "The person consents to this referral.",
    "safeguarding": "Made on safeguarding grounds.",
    "information_sharing": "Made under information sharing to protect a partner or ex-partner.",
}
LEVEL_WORDS = {"disclosure": "Disclosure level (from the person's own account; risk not "
                             "assessed until the partner's own checklist)",
               "risk": "Risk level"}
OVERRIDE_DUTY_WORDS = {
    "children_at_risk": "Children are at risk of significant harm.",
    "immediate_danger": "Someone is in immediate danger.",
    "serious_harm": "Someone else is at risk of serious harm.",
}
SENT_HOW_WORDS = {"secure_email": "secure e-mail", "phone": "telephone",
                  "referral_form": "the service's referral form", "in_person": "in person",
                  "in_tool": "this tool", "other": "another way"}
RAISED_BY = "These answers raised the level:"
HIDE_FROM_ONLINE_ACCESS = (
    "Mark this entry as not visible through online record access (for example the NHS App) "
    "before you save it.")


class HandoverRefused(ValueError):
    """This referral may not be handed over (yet); the message says why."""


@dataclass(frozen=True)
class Handover:
    reference: str
    screening_id: str
    referral_id: str
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
    person_facing: bool
    consent: str
    consent_reason: str | None
    level_label: str
    risk_level: str | None
    reasons: tuple[ReasonNote, ...]
    pathway: ServiceNote | None
    other_actions: tuple[ServiceNote, ...]
    safety_flags: tuple[FlagNote, ...]
    actions_taken: tuple[str, ...]
    partner_safety: PartnerSafety | None

    def to_json(self) -> dict[str, Any]:
        """The handover as `/screenings/<id>/handover.json` serves it."""
        return {"format": FORMAT, **asdict(self)}

    def to_text(self) -> str:
        """Plain text, ready to paste into a secure e-mail."""
        return handover_text(self)


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


def _reasons(result: Result, question_set: QuestionSet, structured_only: bool,
             ) -> tuple[ReasonNote, ...]:
    """Why the level is what it is; structured_only leaves out judgement and typed answers."""
    notes = []
    for reason in result.reasons:
        if structured_only and reason.kind == "judgement":
            continue
        # A rule's own words may name MARAC or a partner's risk: a person-facing handover says
        # only that the answers below raised the level.
        text = RAISED_BY if structured_only and reason.kind == "raise" else reason.text["en"]
        lines = tuple(AnswerLine(question_set.question(q).text["en"],
                                 answer_words(question_set.question(q), result.answers[q]))
                      for q in reason.questions if q in result.answers and not (
                          structured_only and question_set.question(q).type == "text"))
        notes.append(ReasonNote(text, lines))
    return tuple(notes)


def _typed_notes(result: Result, question_set: QuestionSet) -> tuple[AnswerLine, ...]:
    """Text answers (a checklist's judgement reasons): for the partner-safety part only."""
    return tuple(AnswerLine(q.text["en"], str(result.answers[q.id]))
                 for q in question_set.questions if q.type == "text" and q.id in result.answers)


def _note(service: Service, reason: str) -> ServiceNote:
    return ServiceNote(service.id, service.name["en"], service.contact, reason,
                       service.audience, service.basis)


def _sent_words(referral: Referral) -> tuple[str, ...]:
    words = []
    if referral.sent_on:
        how = SENT_HOW_WORDS.get(referral.sent_how or "", "another way")
        words.append(f"Handover sent on {referral.sent_on} by {how}.")
    if referral.status not in ("not_sent", "sent", "to_do"):
        words.append("Latest status: " + referral.status.replace("_", " ") + ".")
    return tuple(words)


def _judgement_words(screening: Screening, kind: str, with_reason: bool) -> tuple[str, ...]:
    if not screening.judgement_level:
        return ()
    level = "disclosure level" if kind == "disclosure" else "risk level"
    said = (f": {screening.judgement_reason}" if with_reason and screening.judgement_reason
            else ".")
    return (f"Professional judgement raised the {level} to {screening.judgement_level}{said}",)


def recipients(referrals: Iterable[Referral], question_set: QuestionSet,
               services: Mapping[str, Service]) -> list[Referral]:
    """Referrals that are handovers (not immediate actions or information given), whose
    service is in the directory. A checklist asked of a partner never reaches a service
    working with the person causing harm."""
    found = [r for r in referrals if r.is_handover and r.service in services]
    if question_set.asked_of == PARTNER:
        found = [r for r in found if not r.person_facing]
    return found


def build_handover(screening: Screening, result: Result, question_set: QuestionSet,
                   services: Mapping[str, Service], practitioner: User, referral: Referral,
                   referrals: Iterable[Referral]) -> Handover:
    """The handover for one referral, with only what its recipient may read."""
    every = list(referrals)
    if referral not in recipients(every, question_set, services):
        raise HandoverRefused(f"{referral.service} is not a handover this screening may make")
    from_partner = question_set.asked_of == PARTNER
    person_facing = referral.person_facing
    reasons_by_service = {r.service: r.reason["en"] for r in result.pathway.referrals}
    notes = {r.id: _note(services[r.service], reasons_by_service.get(
        r.service, "The person stopped engaging, or never started, with a voluntary service."))
        for r in every if r.service in services}
    recipient = notes[referral.id]

    def shown(other: Referral) -> bool:
        if person_facing:  # voluntary work and numbers given to the person, nothing else
            return other.basis in (CONSENT, INFORMATION) and not from_partner
        return True

    primary = next((r for r in every if r.role == "primary" and r.id in notes), None)
    pathway = notes[primary.id] if primary is not None and shown(primary) else None
    others = tuple(notes[r.id] for r in every
                   if r.id in notes and r is not primary and shown(r) and r.id != referral.id)
    flags = [(raised.audience, raised) for raised in result.safety_flags]
    structured = person_facing
    if person_facing:
        # Labels only: a flag's action may name a safeguarding or partner referral.
        main_flags = tuple(FlagNote(f.severity, "", f.label["en"]) for a, f in flags
                           if a == "all" and not from_partner)
    else:
        main_flags = tuple(FlagNote(f.severity, f.action["en"], f.label["en"])
                           for a, f in flags if a == "all" and not from_partner)
    partner_safety = None
    if not person_facing:
        partner_safety = PartnerSafety(
            addressed_to=recipient.name,
            risk_level=result.risk_level if from_partner else None,
            reasons=_reasons(result, question_set, False) if from_partner else (),
            flags=tuple(FlagNote(f.severity, f.action["en"], f.label["en"])
                        for a, f in flags if from_partner or a != "all"),
            services=tuple(notes[r.id] for r in every
                           if r.id in notes and not r.person_facing and r.id != referral.id),
            notes=_typed_notes(result, question_set) if from_partner else ())
    kind = question_set.level_kind
    actions = (*_judgement_words(screening, kind, with_reason=not structured),
               *_sent_words(referral))
    return Handover(
        reference=screening.client_reference, screening_id=screening.id,
        referral_id=referral.id, local_record_number=screening.local_record_number,
        date=(screening.completed_at or screening.created_at)[:10],
        practitioner=practitioner.name, team=screening.team,
        setting=SETTING_NAMES.get(screening.setting, screening.setting),
        question_set=question_set.id, question_set_title=question_set.title["en"],
        asked_of=question_set.asked_of, version=question_set.version,
        content_hash=question_set.content_hash, client_language=screening.client_language,
        translation_reviewed=screening.client_language not in question_set.unreviewed_languages,
        recipient=recipient, person_facing=person_facing,
        consent=BASIS_WORDS.get(referral.basis, ""),
        consent_reason=None if structured else referral.reason,
        level_label=LEVEL_WORDS[kind],
        risk_level=None if from_partner else result.risk_level,
        reasons=() if from_partner else _reasons(result, question_set, structured),
        pathway=pathway, other_actions=others, safety_flags=main_flags,
        actions_taken=actions, partner_safety=partner_safety)


def build_case_note(screening: Screening, result: Result, question_set: QuestionSet,
                    services: Mapping[str, Service], practitioner: User,
                    referrals: Iterable[Referral]) -> CaseNote:
    """The note for the person's own record, which every completed screening has."""
    from_partner = question_set.asked_of == PARTNER
    answers: tuple[AnswerLine, ...] = ()
    voluntary: tuple[str, ...] = ()
    if not from_partner:
        answers = tuple(AnswerLine(q.text["en"], answer_words(q, result.answers[q.id]))
                        for q in question_set.questions
                        if q.id in result.answers and q.asked == "client" and q.type != "text")
        voluntary = tuple(
            f"{services[r.service].name['en']} ({_voluntary_state(r)})" for r in referrals
            if r.basis in (CONSENT, INFORMATION) and r.service in services and not r.held)
    return CaseNote(
        screening.client_reference, screening.id, screening.local_record_number,
        (screening.completed_at or screening.created_at)[:10], practitioner.name,
        screening.team, SETTING_NAMES.get(screening.setting, screening.setting),
        question_set.title["en"], question_set.id, question_set.version, from_partner,
        answers, voluntary)


def _voluntary_state(referral: Referral) -> str:
    if referral.basis == INFORMATION:
        return "details given" if referral.status == "done" else "to give"
    if referral.consent == "no":
        return "the person did not want a referral"
    if referral.consent is None:
        return "not yet discussed"
    return referral.status.replace("_", " ")


def case_note(note: CaseNote) -> str:
    return case_note_text(note, HIDE_FROM_ONLINE_ACCESS)


def to_json_text(handover: Handover) -> str:
    """The JSON document, indented for people who open it."""
    return json.dumps(handover.to_json(), ensure_ascii=False, indent=2)
