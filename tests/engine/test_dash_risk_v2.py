"""The DASH-style checklist v2, as the victim safety service meets it on the day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.questionnaire import Judgement, QuestionSet, Result, load_library, score
from screening.questionnaire.scoring import parameter_values, visible_answers

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
SEVERE = ("threats_to_kill", "strangulation", "stalking", "weapons")


@pytest.fixture(scope="module")
def dash() -> QuestionSet:
    return load_library(SHIPPED).get("dash-risk", 2)


@pytest.fixture(scope="module")
def factors(dash: QuestionSet) -> list[str]:
    """The 24 DASH-style factors, the only answers the score counts."""
    return list(dash.scoring[0]["count"]["questions"])


def a_call(factors: list[str], yes: list[str] | tuple[str, ...] = (), **more: Any
           ) -> dict[str, Any]:
    """A complete checklist: the given factors yes, everything else no, an adult victim."""
    answers: dict[str, Any] = {"safe_to_go_home": "yes", "age": 29}
    answers.update({q: ("yes" if q in yes else "no") for q in factors})
    answers.update(incidents_12m=0, repeat_marac="no", honour_based_abuse="no",
                   forced_marriage="no", children_at_risk="no", judgement_level="no_change")
    answers.update(more)
    return answers


def services(result: Result) -> dict[str, str]:
    """Each service on the pathway with its role."""
    return {r.service: r.role for r in result.pathway.referrals}


def asked(dash: QuestionSet, answers: dict[str, Any], **parameters: int) -> list[str]:
    shown, _ = visible_answers(dash, answers, {**parameter_values(dash, {}), **parameters})
    return [q.id for q in shown]


def other_yes(factors: list[str], count: int, besides: str) -> list[str]:
    """`count` yes answers that include `besides`, the rest from factors with no flag."""
    quiet = [f for f in factors if f not in (*SEVERE, "separation", "pregnancy")]
    return [besides, *quiet[:count - 1]]


def test_a_partner_not_safe_to_go_home_today_sees_999_and_still_gets_case_management(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, ["frightened"], safe_to_go_home="no"))
    assert [r.service for r in result.pathway.referrals] == ["emergency_999", "victim_safety"]
    emergency = result.pathway.immediate[0]
    assert (emergency.role, emergency.basis) == ("immediate", "emergency")
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "victim_safety"
    assert "not_safe_today" in {f.id for f in result.safety_flags}


def test_999_sits_beside_marac_and_the_childrens_referral_never_instead(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, factors[:14], safe_to_go_home="no",
                                children_at_risk="yes"))
    assert services(result) == {"emergency_999": "immediate", "marac": "primary",
                                "victim_safety": "also", "childrens_safeguarding": "also"}


def test_a_partner_unsure_whether_home_is_safe_gets_a_plan_for_tonight_not_999(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, safe_to_go_home="dont_know"))
    assert result.pathway.immediate == ()
    assert [f.id for f in result.safety_flags] == ["safety_today_unsure"]


def test_safe_to_go_home_is_asked_first(dash: QuestionSet) -> None:
    assert dash.questions[0].id == "safe_to_go_home"


def test_strangulation_with_9_yes_cannot_stay_standard_without_a_written_reason(
        dash: QuestionSet, factors: list[str]) -> None:
    answers = a_call(factors, other_yes(factors, 9, "strangulation"))
    assert "not_raised_reason" in asked(dash, answers)
    reason = dash.question("not_raised_reason")
    assert reason.required and reason.asked == "practitioner"
    result = score(dash, answers)
    assert result.risk_level == "standard"
    assert "not_raised_reason" in result.unanswered
    written = score(dash, {**answers, "not_raised_reason": "Ex-partner now in prison for 4 years."})
    assert "not_raised_reason" not in written.unanswered


@pytest.mark.parametrize("factor", SEVERE)
def test_each_strong_warning_sign_asks_for_the_reason(
        dash: QuestionSet, factors: list[str], factor: str) -> None:
    assert "not_raised_reason" in asked(dash, a_call(factors, [factor]))


def test_no_reason_is_asked_when_none_of_the_strong_warning_signs_was_disclosed(
        dash: QuestionSet, factors: list[str]) -> None:
    assert "not_raised_reason" not in asked(dash, a_call(factors, other_yes(factors, 13,
                                                                            "frightened")))


def test_the_reason_is_asked_at_13_yes_and_not_at_14_when_the_count_makes_it_high(
        dash: QuestionSet, factors: list[str]) -> None:
    thirteen = a_call(factors, other_yes(factors, 13, "stalking"))
    fourteen = a_call(factors, other_yes(factors, 14, "stalking"))
    assert "not_raised_reason" in asked(dash, thirteen)
    assert score(dash, thirteen).risk_level == "medium"
    assert "not_raised_reason" not in asked(dash, fourteen)
    assert score(dash, fourteen).risk_level == "high"


def test_the_reason_follows_the_escalation_threshold_below_and_at_it(
        dash: QuestionSet, factors: list[str]) -> None:
    below = a_call(factors, ["threats_to_kill"], incidents_12m=2)
    at = a_call(factors, ["threats_to_kill"], incidents_12m=3)
    assert "not_raised_reason" in asked(dash, below)
    assert "not_raised_reason" not in asked(dash, at)
    assert score(dash, at).risk_level == "high"
    # An area whose threshold is 4 keeps 3 incidents below high, so the reason is asked.
    assert "not_raised_reason" in asked(dash, at, escalation_threshold=4)
    assert score(dash, at, {"escalation_threshold": 4}).risk_level == "standard"


@pytest.mark.parametrize("raised", [{"judgement_level": "high", "judgement_reason": "Fears for "
                                     "her life."}, {"repeat_marac": "yes"},
                                    {"honour_based_abuse": "yes"}, {"forced_marriage": "yes"}])
def test_no_reason_for_not_raising_is_asked_once_the_level_is_high(
        dash: QuestionSet, factors: list[str], raised: dict[str, str]) -> None:
    answers = a_call(factors, ["weapons"], **raised)
    assert "not_raised_reason" not in asked(dash, answers)
    assert score(dash, answers).risk_level == "high"


def test_a_medium_judgement_after_a_weapon_still_needs_the_reason_for_not_high(
        dash: QuestionSet, factors: list[str]) -> None:
    answers = a_call(factors, ["weapons"], judgement_level="medium",
                     judgement_reason="No one she can turn to.")
    assert "not_raised_reason" in asked(dash, answers)


def test_the_reason_waits_until_the_practitioner_has_given_a_judgement(
        dash: QuestionSet, factors: list[str]) -> None:
    answers = a_call(factors, ["weapons"])
    del answers["judgement_level"]
    assert "not_raised_reason" not in asked(dash, answers)


def test_a_repeat_disclosure_within_a_year_of_a_marac_referral_goes_to_marac_whatever_the_count(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, repeat_marac="yes"))
    assert result.score == 0 and result.risk_level == "high"
    assert services(result) == {"marac": "primary", "victim_safety": "also"}
    assert any("whatever the count" in r.text["en"] for r in result.reasons)
    assert dash.question("repeat_marac").asked == "practitioner"


@pytest.mark.parametrize("matter", ["honour_based_abuse", "forced_marriage"])
def test_honour_based_abuse_and_forced_marriage_go_to_marac_with_one_yes(
        dash: QuestionSet, factors: list[str], matter: str) -> None:
    result = score(dash, a_call(factors, ["frightened"], **{matter: "yes"}))
    assert services(result) == {"marac": "primary", "victim_safety": "also"}
    flag = next(f for f in result.safety_flags if f.id == matter)
    assert "Never contact the family" in flag.action["en"]


def test_suicidal_thoughts_raise_a_flag_for_urgent_support_and_leave_the_count_alone(
        dash: QuestionSet, factors: list[str]) -> None:
    low = a_call(factors, ["depressed_suicidal"], suicidal_thoughts="no", self_harm="no")
    suicidal = {**low, "suicidal_thoughts": "yes"}
    assert score(dash, low).safety_flags == ()
    result = score(dash, suicidal)
    assert result.score == score(dash, low).score == 1
    flag = next(f for f in result.safety_flags if f.id == "suicidal_self_harm")
    assert "urgent mental health support" in flag.action["en"]
    assert "MARAC" in flag.action["en"]


def test_the_follow_up_about_suicide_is_asked_only_after_low_mood_is_not_denied(
        dash: QuestionSet, factors: list[str]) -> None:
    assert "suicidal_thoughts" not in asked(dash, a_call(factors))
    assert {"suicidal_thoughts", "self_harm"} <= set(
        asked(dash, a_call(factors, depressed_suicidal="dont_know")))


def test_pregnancy_with_no_other_children_is_a_childrens_referral_for_the_unborn_baby(
        dash: QuestionSet, factors: list[str]) -> None:
    assert services(score(dash, a_call(factors, ["pregnancy"]))) == {
        "victim_safety": "primary", "childrens_safeguarding": "also"}
    assert "childrens_safeguarding" not in services(score(dash, a_call(factors)))


@pytest.mark.parametrize(("age", "expected"), [
    (15, {"childrens_safeguarding": "primary", "victim_safety": "also"}),
    (16, {"victim_safety": "primary", "childrens_safeguarding": "also"}),
    (17, {"victim_safety": "primary", "childrens_safeguarding": "also"}),
    (18, {"victim_safety": "primary"}),
])
def test_a_victim_under_18_is_a_childrens_matter_and_under_16_child_protection_leads(
        dash: QuestionSet, factors: list[str], age: int, expected: dict[str, str]) -> None:
    assert services(score(dash, a_call(factors, ["frightened"], age=age))) == expected


def test_a_15_year_old_at_high_risk_keeps_marac_beside_child_protection(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, factors[:14], age=15))
    assert services(result) == {"childrens_safeguarding": "primary", "marac": "also",
                                "victim_safety": "also"}


def test_judgement_on_the_result_page_raises_v2_to_marac(
        dash: QuestionSet, factors: list[str]) -> None:
    result = score(dash, a_call(factors, ["weapons"]),
                   judgement=Judgement("high", "Knife by the bed since she asked him to go."))
    assert services(result) == {"marac": "primary", "victim_safety": "also"}


def test_the_checklist_is_for_the_victim_safety_service_not_a_co_located_worker(
        dash: QuestionSet) -> None:
    assert dash.settings == ("victim_safety", "other")


def test_v2_keeps_v1s_24_factors_bands_and_escalation_setting(factors: list[str]) -> None:
    library = load_library(SHIPPED)
    v1, v2 = library.get("dash-risk", 1), library.get("dash-risk", 2)
    assert factors == list(v1.scoring[0]["count"]["questions"]) and len(factors) == 24
    assert [(b.id, b.min, b.max, b.risk_level) for b in v2.bands] == [
        (b.id, b.min, b.max, b.risk_level) for b in v1.bands]
    assert parameter_values(v2, {"SCREENING_ESCALATION_THRESHOLD": "5"}) == {
        "escalation_threshold": 5}
    assert parameter_values(v2, {}) == {"escalation_threshold": 3}


def test_the_practitioners_own_questions_are_never_read_aloud(dash: QuestionSet) -> None:
    coded = {q.id for q in dash.questions if q.asked == "practitioner"}
    assert coded == {"repeat_marac", "judgement_level", "judgement_reason", "not_raised_reason"}


def test_every_flag_reaches_only_the_victim_safety_service(dash: QuestionSet) -> None:
    assert {f.audience for f in dash.safety_flags} == {"partner_safety"}
