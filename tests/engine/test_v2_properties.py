"""Practice rules every v2 question set keeps, whatever the answers: Hypothesis draws random
answers (hidden questions, blanks and "don't know" included) and a professional judgement, and
scores them through the same `score` the pages, the API and the golden cases use.

One test per rule, parametrised over the v2 sets it applies to: a new v2 set (the DASH set, for
one) joins a rule by meeting its `applies` test, or gets its own rule function below.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.questionnaire import Judgement, QuestionSet, Result, load_library, score
from screening.questionnaire.model import HELD_BASES, RISK_LEVELS, level_rank
from tests.engine_cases import random_value

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
LIBRARY = load_library(SHIPPED)
V2_SETS = sorted((qs for qs in LIBRARY.question_sets if qs.version == 2), key=lambda qs: qs.id)
# Answers ticked as victimisation: the person says they are harmed, or it sounds like
# self-defence. Either one means the perpetrator and partner-contact referrals wait for review.
VICTIMISATION = ("being_harmed", "sounds_like_self_defence")
# The person's own support as a possible victim goes ahead while everything else waits.
NOT_HELD_FOR_VICTIM = {"victim_support", "national_helpline"}
UNSAFE_WORDS = ("couple", "mediat", "joint")
EXAMPLES = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _has(question_set: QuestionSet, *ids: str) -> bool:
    known = {q.id for q in question_set.questions}
    return all(i in known for i in ids)


def _sets(applies: Callable[[QuestionSet], bool]) -> list[Any]:
    chosen = [pytest.param(qs, id=qs.key) for qs in V2_SETS if applies(qs)]
    return chosen or [pytest.param(None, marks=pytest.mark.skip(reason="no v2 set applies"))]


def _person(question_set: QuestionSet) -> bool:
    return question_set.asked_of == "person"


@st.composite
def screenings(draw: st.DrawFn, question_set: QuestionSet) -> Result:
    """A screening of the set as it might be saved: random answers and maybe a judgement."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    yes = draw(st.sampled_from([0.1, 0.3, 0.5, 0.8, 1.0]))
    answers = {q.id: random_value(q, question_set, rng, yes) for q in question_set.questions
               if rng.random() < 0.9}
    judgement = draw(st.one_of(st.none(), st.builds(
        Judgement, st.sampled_from(RISK_LEVELS[1:]), st.just("Concern written down"))))
    return score(question_set, answers, judgement=judgement)


def _services(result: Result) -> set[str]:
    return {r.service for r in result.pathway.referrals}


def _victimisation(result: Result) -> bool:
    """The person said they are harmed, or the practitioner coded self-defence (asked, shown)."""
    return any(result.answers.get(q) == "yes" for q in VICTIMISATION)


def _concern(result: Result) -> bool:
    """Anything that makes a screening a concern: a disclosure level, or victimisation."""
    return level_rank(result.risk_level) >= level_rank("standard") or _victimisation(result)


@pytest.mark.parametrize("question_set", _sets(lambda qs: True))
def test_999_is_done_now_and_never_instead_of_the_onward_route(
        question_set: QuestionSet) -> None:
    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        roles = {r.role for r in result.pathway.referrals if r.service == "emergency_999"}
        if roles:
            assert roles == {"immediate"}
            if result.score > 0:
                assert result.pathway.primary is not None, result.answers
    check()


@pytest.mark.parametrize("question_set", _sets(lambda qs: True))
def test_no_pathway_leads_to_couples_work_or_mediation(question_set: QuestionSet) -> None:
    services = LIBRARY.services

    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        for service in _services(result):
            found = services[service]
            words = f"{found.id} {found.kind} {found.name.get('en', '')}".lower()
            assert not any(w in words for w in UNSAFE_WORDS), service
    check()


@pytest.mark.parametrize("question_set", _sets(lambda qs: _person(qs) and _has(qs, "age")))
def test_an_under_18_with_a_concern_always_has_childrens_safeguarding(
        question_set: QuestionSet) -> None:
    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        age = result.answers.get("age")
        if isinstance(age, int) and age < 18 and _concern(result):
            assert "childrens_safeguarding" in _services(result), result.answers
            assert "youth_intervention" in _services(result), result.answers
    check()


@pytest.mark.parametrize("question_set",
                         _sets(lambda qs: _person(qs) and _has(qs, "pregnancy")))
def test_a_pregnant_partner_always_raises_childrens_safeguarding(
        question_set: QuestionSet) -> None:
    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        if result.answers.get("pregnancy") == "yes" and _concern(result):
            assert "childrens_safeguarding" in _services(result), result.answers
    check()


@pytest.mark.parametrize("question_set",
                         _sets(lambda qs: _has(qs, "being_harmed", "sounds_like_self_defence")))
def test_victimisation_holds_every_voluntary_and_partner_contact_referral(
        question_set: QuestionSet) -> None:
    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        if not _victimisation(result):
            assert not result.pathway.hold_for_review
            return
        assert result.pathway.hold_for_review
        assert "victim_support" in _services(result)
        for referral in result.pathway.referrals:
            waits = referral.basis in HELD_BASES and referral.service not in NOT_HELD_FOR_VICTIM
            assert referral.held == waits, (referral, result.answers)
    check()


@pytest.mark.parametrize("question_set",
                         _sets(lambda qs: _person(qs) and _has(qs, "partner_under_16")))
def test_a_partner_under_16_is_never_an_adult_victim_safety_referral(
        question_set: QuestionSet) -> None:
    @given(screenings(question_set))
    @EXAMPLES
    def check(result: Result) -> None:
        if result.answers.get("partner_under_16") == "yes":
            assert {"victim_safety", "marac"}.isdisjoint(_services(result)), result.answers
            assert "childrens_safeguarding" in _services(result)
    check()
