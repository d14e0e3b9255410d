"""Whatever a partner answers on the DASH-style checklist v2, the promises of the route hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.questionnaire import Judgement, Library, Question, Result, load_library, score

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
LIBRARY: Library = load_library(SHIPPED)
DASH = LIBRARY.get("dash-risk", 2)
FACTORS: list[str] = list(DASH.scoring[0]["count"]["questions"])
UNSAFE_WORDS = ("couple", "mediation", "joint", "reconcil")


def answer_to(question: Question) -> st.SearchStrategy[Any]:
    """Any answer the question allows."""
    if question.type == "number":
        return st.integers(question.min or 0, question.max or 120)
    if question.type == "text":
        return st.text(max_size=40)
    return st.sampled_from(list(question.allowed_values()))


# Each question answered or left out; the strong warning signs and children come up often.
ANSWERS = st.fixed_dictionaries({}, optional={q.id: answer_to(q) for q in DASH.questions})
THRESHOLD = st.integers(1, 6)
JUDGEMENT = st.none() | st.builds(Judgement, st.sampled_from(["standard", "medium", "high"]),
                                  st.just("Written on the result page."))


def onward(result: Result) -> set[tuple[str, str]]:
    """The route after any immediate action: each service with its role."""
    return {(r.service, r.role) for r in result.pathway.referrals if r.role != "immediate"}


def services(result: Result) -> set[str]:
    return {r.service for r in result.pathway.referrals}


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, threshold=THRESHOLD, judgement=JUDGEMENT)
def test_999_is_added_beside_the_route_and_never_removes_any_of_it(
        answers: dict[str, Any], threshold: int, judgement: Judgement | None) -> None:
    parameters = {"escalation_threshold": threshold}
    unsafe = score(DASH, {**answers, "safe_to_go_home": "no"}, parameters, judgement)
    safe = score(DASH, {**answers, "safe_to_go_home": "yes"}, parameters, judgement)
    assert [r.service for r in unsafe.pathway.immediate] == ["emergency_999"]
    assert unsafe.pathway.primary is not None
    assert onward(unsafe) == onward(safe)


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, threshold=THRESHOLD, judgement=JUDGEMENT)
def test_pregnancy_or_children_at_risk_always_brings_the_childrens_referral(
        answers: dict[str, Any], threshold: int, judgement: Judgement | None) -> None:
    result = score(DASH, answers, {"escalation_threshold": threshold}, judgement)
    if answers.get("pregnancy") == "yes" or answers.get("children_at_risk") == "yes":
        assert "childrens_safeguarding" in services(result)


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, threshold=THRESHOLD, judgement=JUDGEMENT)
def test_14_or_more_yes_or_a_repeat_marac_always_goes_to_marac(
        answers: dict[str, Any], threshold: int, judgement: Judgement | None) -> None:
    result = score(DASH, answers, {"escalation_threshold": threshold}, judgement)
    yes = sum(answers.get(q) == "yes" for q in FACTORS)
    if yes >= 14 or answers.get("repeat_marac") == "yes":
        assert "marac" in services(result)
        assert "victim_safety" in services(result)


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, threshold=THRESHOLD)
def test_only_the_24_factors_count_whatever_the_new_questions_say(
        answers: dict[str, Any], threshold: int) -> None:
    result = score(DASH, answers, {"escalation_threshold": threshold})
    assert result.score == sum(answers.get(q) == "yes" for q in FACTORS)


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, threshold=THRESHOLD, judgement=JUDGEMENT)
def test_no_service_on_the_route_offers_couples_work_or_mediation(
        answers: dict[str, Any], threshold: int, judgement: Judgement | None) -> None:
    result = score(DASH, answers, {"escalation_threshold": threshold}, judgement)
    for referral in result.pathway.referrals:
        service = LIBRARY.services[referral.service]
        described = " ".join([service.id, service.kind, *service.name.values(),
                              *service.description.values()]).lower()
        assert not any(word in described for word in UNSAFE_WORDS), service.id
