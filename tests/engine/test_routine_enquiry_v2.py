"""Routine enquiry v2 as a GP, a substance misuse or a mental health worker meets it in a
ten-minute appointment: who is being harmed, 999 beside the route, children first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.questionnaire import Judgement, QuestionSet, load_library, score

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
CORE_NO = {"afraid_of_you": "no", "controlling": "no", "threats": "no", "physical_harm": "no",
           "worried_about_behaviour": "no", "being_harmed": "no"}


@pytest.fixture(scope="module")
def routine() -> QuestionSet:
    return load_library(SHIPPED).get("routine-enquiry", 2)


def _referrals(result: Any) -> dict[str, dict[str, Any]]:
    return {r["service"]: r for r in result.to_json()["referrals"]}


def test_a_gp_hears_a_16_year_old_disclose_and_sees_childrens_safeguarding_for_him_and_the_youth_programme(  # noqa: E501
        routine: QuestionSet) -> None:
    # He lives with his mum, no younger children; he has been shoving her when she takes his phone.
    answers = CORE_NO | {"afraid_of_you": "yes", "physical_harm": "yes", "immediate_danger": "no",
                         "age": 16, "children_in_household": "no", "who_affected": ["parent"],
                         "readiness": "unsure"}
    result = score(routine, answers)
    referrals = _referrals(result)
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "youth_intervention"
    assert referrals["childrens_safeguarding"]["basis"] == "safeguarding"
    assert "young_person" in {f.id for f in result.safety_flags}
    # A child harming a parent is not routed to adult safeguarding or adult programmes.
    assert {"adult_safeguarding", "dapp", "engagement_worker"}.isdisjoint(referrals)


def test_a_woman_who_says_she_pushed_her_partner_back_is_offered_support_and_her_referral_waits_for_review(  # noqa: E501
        routine: QuestionSet) -> None:
    answers = CORE_NO | {"physical_harm": "yes", "being_harmed": "yes", "immediate_danger": "no",
                         "age": 34, "who_affected": ["current_partner"],
                         "sounds_like_self_defence": "yes", "readiness": "wants_help"}
    result = score(routine, answers)
    referrals = _referrals(result)
    assert result.pathway.hold_for_review is True
    assert referrals["victim_support"] == {"service": "victim_support", "role": "also",
                                           "basis": "consent", "held": False}
    assert referrals["national_helpline"]["held"] is False
    # Her own referral and any contact with her partner "as the victim" wait for the review.
    assert referrals["dapp"]["held"] is True
    assert referrals["victim_safety"]["held"] is True
    assert "possible_victim" in {f.id for f in result.safety_flags}


def test_being_harmed_is_asked_of_everyone_beside_the_behaviour_questions(
        routine: QuestionSet) -> None:
    always_asked = [q.id for q in routine.questions if q.show_if is None]
    assert "being_harmed" in always_asked
    assert len(always_asked) <= 6


def test_after_a_disclosure_the_first_follow_up_asks_whether_anyone_is_in_danger_now(
        routine: QuestionSet) -> None:
    follow_ups = [q.id for q in routine.questions if q.show_if is not None]
    assert follow_ups[0] == "immediate_danger"


def test_danger_today_means_999_now_and_the_engagement_worker_still_gets_the_handover(
        routine: QuestionSet) -> None:
    answers = CORE_NO | {"threats": "yes", "immediate_danger": "yes", "age": 45,
                         "threats_to_kill": "yes", "readiness": "not_ready"}
    data = score(routine, answers).to_json()
    assert data["pathway"]["immediate"] == ["emergency_999"]
    assert data["pathway"]["primary"] == "engagement_worker"
    assert data["referrals"][0] == {"service": "emergency_999", "role": "immediate",
                                    "basis": "emergency", "held": False}


def test_a_partner_under_16_goes_to_childrens_safeguarding_never_adult_victim_safety(
        routine: QuestionSet) -> None:
    answers = CORE_NO | {"controlling": "yes", "age": 19, "who_affected": ["current_partner"],
                         "partner_under_16": "yes", "readiness": "wants_help"}
    referrals = _referrals(score(routine, answers))
    assert "childrens_safeguarding" in referrals
    assert "victim_safety" not in referrals
    assert "marac" not in referrals


def test_a_pregnant_partner_raises_childrens_safeguarding_with_no_children_at_home(
        routine: QuestionSet) -> None:
    base = CORE_NO | {"controlling": "yes", "age": 28, "children_in_household": "no",
                      "who_affected": ["current_partner"], "readiness": "wants_help"}
    assert "childrens_safeguarding" in _referrals(score(routine, base | {"pregnancy": "yes"}))
    assert "childrens_safeguarding" not in _referrals(score(routine, base | {"pregnancy": "no"}))


def test_a_gp_worried_by_what_the_practice_nurse_saw_raises_the_level_and_gets_a_whole_pathway(
        routine: QuestionSet) -> None:
    result = score(routine, CORE_NO, judgement=Judgement("high", "Partner's injuries seen today"))
    assert result.risk_level == "high"
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "engagement_worker"
    assert {"victim_safety", "marac", "respect_line"} <= set(_referrals(result))


def test_the_level_is_named_a_disclosure_level_not_a_risk_assessment(
        routine: QuestionSet) -> None:
    result = score(routine, CORE_NO | {"worried_about_behaviour": "yes", "age": 50})
    assert result.level_kind == "disclosure"
    label = next(b.label["en"] for b in routine.bands if b.id == result.outcome)
    assert "Disclosure level" in label
    assert "risk not assessed until the partner's own checklist" in label


def test_an_adult_harming_a_parent_is_also_an_adult_safeguarding_matter(
        routine: QuestionSet) -> None:
    answers = CORE_NO | {"afraid_of_you": "yes", "age": 24, "who_affected": ["parent"],
                         "readiness": "unsure"}
    referrals = _referrals(score(routine, answers))
    assert referrals["adult_safeguarding"]["basis"] == "safeguarding"
    assert referrals["engagement_worker"]["role"] == "primary"


def test_a_breach_of_a_non_molestation_order_tells_the_police(routine: QuestionSet) -> None:
    answers = CORE_NO | {"controlling": "yes", "age": 39, "breach_orders": "yes"}
    result = score(routine, answers)
    assert _referrals(result)["police"] == {"service": "police", "role": "also",
                                            "basis": "safeguarding", "held": False}
    assert result.risk_level == "medium"


def test_the_respect_line_is_a_number_given_never_a_handover(routine: QuestionSet) -> None:
    result = score(routine, CORE_NO | {"worried_about_behaviour": "yes", "age": 31})
    assert _referrals(result)["respect_line"] == {"service": "respect_line", "role": "also",
                                                  "basis": "information", "held": False}


def test_whether_drink_or_mental_health_comes_first_is_the_practitioners_call_not_a_question(
        routine: QuestionSet) -> None:
    coded = {q.id for q in routine.questions if q.asked == "practitioner"}
    assert coded == {"needs_first", "sounds_like_self_defence"}
