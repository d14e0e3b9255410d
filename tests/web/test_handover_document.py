"""The handover domain on its own: partner-safety content never reaches a perpetrator service."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.handover import (
    HandoverRefused,
    build_case_note,
    build_handover,
    case_note,
    recipients,
)
from screening.questionnaire import Judgement, Library, QuestionSet, load_library, score
from screening.referrals import Referral, initial_status, planned
from screening.store.screenings import Screening
from screening.store.users import User

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
LIBRARY: Library = load_library(SHIPPED)
GP = User(7, "jo.gp", "practitioner", "Bitterne Surgery", False)


def screening_for(question_set: QuestionSet, **changes: Any) -> Screening:
    values: dict[str, Any] = dict(
        id="abc123", practitioner_id=7, team="Bitterne Surgery", setting="gp",
        questionnaire=question_set.id, version=question_set.version,
        content_hash=question_set.content_hash, status="complete", client_reference="K7Q-4MP",
        local_record_number=None, client_language="en", opening_accepted_at="2024-03-27",
        answers={}, current_page=0, risk_level=None, judgement_level=None,
        judgement_reason=None, consent_referral="yes", consent_reason=None,
        handover_status="not_sent", handover_sent_on=None, handover_sent_how=None,
        created_at="2024-03-27T10:00:00+00:00", updated_at="2024-03-27T10:00:00+00:00",
        completed_at="2024-03-27T10:20:00+00:00", result=None)
    values.update(changes)
    return Screening(**values)


def answers_for(question_set: QuestionSet) -> st.SearchStrategy[dict[str, Any]]:
    """Any answers the question set allows."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for q in question_set.questions:
        if q.type in ("yes_no", "single"):
            fields[q.id] = st.sampled_from(q.allowed_values())
        elif q.type == "multiple":
            fields[q.id] = st.lists(st.sampled_from(q.allowed_values()), min_size=1,
                                    unique=True)
        elif q.type == "number":
            fields[q.id] = st.integers(q.min or 0, q.max or 100)
        elif q.type == "text":
            fields[q.id] = st.just("Partner's words kept out of the handover")
    return st.fixed_dictionaries({}, optional=fields)


def partner_only_words(question_set: QuestionSet) -> list[str]:
    return [text for flag in question_set.safety_flags if flag.audience != "all"
            for text in (flag.action["en"], flag.label["en"])]


def partner_only_services(library: Library = LIBRARY) -> list[str]:
    """Names of every service that is not voluntary work with the person or a number for them."""
    return [s.name["en"] for s in library.services.values()
            if s.basis not in ("consent", "information")]


def made(result: Any, screening: Screening, choices: dict[str, Any] | None = None,
         ) -> list[Referral]:
    """The referrals a completed screening gets, with consent and typed reasons applied."""
    found = []
    for n, (service, role, basis, held) in enumerate(planned(result, LIBRARY.basis_of)):
        referral = Referral(f"r{n}", screening.id, service, role, basis, held,
                            initial_status(basis))
        choice = (choices or {}).get(service, {})
        if basis == "consent" and choice.get("consent"):
            referral = replace(referral, consent=choice["consent"])
        if basis in ("safeguarding", "information_sharing"):
            referral = replace(referral, reason=choice.get("reason", TYPED))
        found.append(referral)
    return found


TYPED = "Typed by the practitioner: she told me he held a knife to her"
TYPED_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=12, max_size=30).map(
    lambda words: f"typed {words} typed")


@pytest.mark.parametrize("key", ["routine-enquiry", "guided-enquiry"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_typed_text_partner_flag_or_partner_service_reaches_a_person_facing_handover(
        key: str, data: Any) -> None:
    question_set = LIBRARY.get(key)
    judged = data.draw(st.one_of(st.none(), TYPED_WORDS))
    result = score(question_set, data.draw(answers_for(question_set)), None,
                   Judgement("high", judged) if judged else None)
    typed = [judged] if judged else []
    choices = {}
    for service in LIBRARY.services:
        reason = data.draw(TYPED_WORDS)
        typed.append(reason)
        choices[service] = {"consent": data.draw(st.sampled_from(["yes", "no", None])),
                            "reason": reason}
    screening = screening_for(question_set, judgement_level="high" if judged else None,
                              judgement_reason=judged)
    referrals = made(result, screening, choices)
    for referral in recipients(referrals, question_set, LIBRARY.services):
        if not referral.person_facing:
            continue
        handover = build_handover(screening, result, question_set, LIBRARY.services, GP,
                                  referral, referrals)
        document = handover.to_text() + json.dumps(handover.to_json())
        assert handover.partner_safety is None
        for words in [*partner_only_words(question_set), *partner_only_services(), *typed]:
            assert words not in document
    note = case_note(build_case_note(screening, result, question_set, LIBRARY.services, GP,
                                     referrals))
    for words in [*partner_only_words(question_set), *partner_only_services(), *typed]:
        assert words not in note


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_checklist_done_with_a_partner_only_reaches_partner_and_safeguarding_services(
        data: Any) -> None:
    dash = LIBRARY.get("dash-risk")
    result = score(dash, data.draw(answers_for(dash)))
    screening = screening_for(dash, setting="victim_safety")
    referrals = made(result, screening)
    handed = recipients(referrals, dash, LIBRARY.services)
    assert all(not r.person_facing for r in handed)
    for referral in handed:
        handover = build_handover(screening, result, dash, LIBRARY.services, GP, referral,
                                  referrals)
        assert handover.partner_safety is not None and handover.reasons == ()
    for referral in referrals:
        if referral not in handed:
            with pytest.raises(HandoverRefused):
                build_handover(screening, result, dash, LIBRARY.services, GP, referral,
                               referrals)
    note = case_note(build_case_note(screening, result, dash, LIBRARY.services, GP, referrals))
    assert "Keep this note out of the record of the person causing harm" in note
    assert "Risk level" not in note


def test_a_checklist_with_children_at_risk_carries_its_judgement_reason_to_the_childrens_hub(
        ) -> None:
    dash = LIBRARY.get("dash-risk")
    result = score(dash, {"children_at_risk": "yes", "judgement_level": "high",
                          "judgement_reason": "Threats escalating since she left"})
    screening = screening_for(dash, setting="victim_safety")
    referrals = made(result, screening)
    children = next(r for r in referrals if r.service == "childrens_safeguarding")
    text = build_handover(screening, result, dash, LIBRARY.services, GP, children,
                          referrals).to_text()
    assert "Threats escalating since she left" in text and "PARTNER SAFETY" in text


def test_the_handover_names_the_question_set_version_and_client_language() -> None:
    routine = LIBRARY.get("routine-enquiry", 1)
    result = score(routine, {"afraid_of_you": "yes", "age": 30, "readiness": "wants_help"})
    screening = screening_for(routine, client_language="pl", local_record_number="GP-1")
    referrals = made(result, screening, {"dapp": {"consent": "yes"}})
    dapp = next(r for r in referrals if r.service == "dapp")
    handover = build_handover(screening, result, routine, LIBRARY.services, GP, dapp, referrals)
    text = handover.to_text()
    assert "routine-enquiry version 1" in text and "Polish (translation not yet reviewed" in text
    assert "Referrer's local record number: GP-1" in text
    assert "Referred by: jo.gp, Bitterne Surgery (GP practice)" in text
    assert handover.to_json()["content_hash"] == routine.content_hash


def test_the_case_note_starts_by_asking_to_hide_it_from_online_access() -> None:
    routine = LIBRARY.get("routine-enquiry", 1)
    result = score(routine, {"afraid_of_you": "yes", "age": 30})
    screening = screening_for(routine, judgement_level="high",
                              judgement_reason="His partner told me he choked her")
    referrals = made(result, screening)
    note = case_note(build_case_note(screening, result, routine, LIBRARY.services, GP,
                                     referrals))
    assert note.splitlines()[0].startswith("Mark this entry as not visible through online "
                                           "record access")
    assert "choked" not in note and "overrides" not in note
