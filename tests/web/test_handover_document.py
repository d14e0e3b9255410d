"""The handover domain on its own: partner-safety content never reaches a perpetrator service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.handover import HandoverRefused, build_case_note, build_handover, recipients
from screening.questionnaire import Library, QuestionSet, load_library, score
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


@pytest.mark.parametrize("key", ["routine-enquiry", "guided-enquiry"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_perpetrator_facing_handover_never_carries_partner_safety(key: str,
                                                                    data: Any) -> None:
    question_set = LIBRARY.get(key)
    result = score(question_set, data.draw(answers_for(question_set)))
    screening = screening_for(question_set)
    for service in recipients(result, question_set, LIBRARY.services):
        handover = build_handover(screening, result, question_set, LIBRARY.services, GP,
                                  service.id)
        if service.audience == "partner":
            continue
        document = handover.to_text() + json.dumps(handover.to_json())
        assert handover.partner_safety is None
        for words in partner_only_words(question_set):
            assert words not in document


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_checklist_done_with_a_partner_only_reaches_partner_services(data: Any) -> None:
    dash = LIBRARY.get("dash-risk")
    result = score(dash, data.draw(answers_for(dash)))
    screening = screening_for(dash, setting="co_located")
    for service_id, service in LIBRARY.services.items():
        if service.audience == "partner" and service_id in {
                r.service for r in ([result.pathway.primary] if result.pathway.primary else [])
                + list(result.pathway.others)}:
            handover = build_handover(screening, result, dash, LIBRARY.services, GP, service_id)
            assert handover.partner_safety is not None and handover.reasons == ()
        else:
            with pytest.raises(HandoverRefused):
                build_handover(screening, result, dash, LIBRARY.services, GP, service_id)
    note = build_case_note(screening, result, dash, LIBRARY.services, GP).to_text()
    assert "Keep this note out of the record of the person causing harm" in note
    assert "Risk level" not in note


def test_the_handover_names_the_question_set_version_and_client_language() -> None:
    routine = LIBRARY.get("routine-enquiry")
    result = score(routine, {"afraid_of_you": "yes", "age": 30, "readiness": "wants_help"})
    screening = screening_for(routine, client_language="pl", local_record_number="GP-1")
    handover = build_handover(screening, result, routine, LIBRARY.services, GP)
    text = handover.to_text()
    assert "routine-enquiry version 2" in text and "Polish (translation not yet reviewed" in text
    assert "Referrer's local record number: GP-1" in text
    assert "Referred by: jo.gp, Bitterne Surgery (GP practice)" in text
    assert handover.to_json()["content_hash"] == routine.content_hash


def test_the_case_note_leaves_out_free_text_reasons() -> None:
    routine = LIBRARY.get("routine-enquiry")
    result = score(routine, {"afraid_of_you": "yes", "age": 30})
    screening = screening_for(routine, judgement_level="high",
                              judgement_reason="His partner told me he choked her")
    handover = build_handover(screening, result, routine, LIBRARY.services, GP)
    assert "choked" in handover.to_text()
    assert "choked" not in handover.case_note()
    assert "the reason is recorded with the screening" in handover.case_note()
