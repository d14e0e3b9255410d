"""Guided enquiry v2 as a co-located perpetrator-service practitioner meets it in a longer
conversation: police involvement counts, danger first, anyone can be referred."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.questionnaire import Judgement, QuestionSet, load_library, score

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
BEHAVIOURS = ["emotional", "controlling", "economic", "threats", "physical", "sexual", "stalking"]
NOTHING = {q: "no" for q in BEHAVIOURS} | {"being_harmed": "no", "incidents_12m": 0, "age": 35,
                                           "who_affected": ["current_partner"]}


@pytest.fixture(scope="module")
def guided() -> QuestionSet:
    return load_library(SHIPPED).get("guided-enquiry", 2)


def _services(result: Any) -> set[str]:
    return {r.service for r in result.pathway.referrals}


def test_a_man_who_denies_everything_after_a_police_call_out_is_still_referred(
        guided: QuestionSet) -> None:
    result = score(guided, NOTHING | {"incidents_12m": 1, "denial": "denies_blames"})
    assert result.risk_level == "standard"
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "awareness_sessions"
    assert "victim_safety" in _services(result)
    assert score(guided, NOTHING).risk_level == "none"


def test_the_safety_section_opens_with_danger_now(guided: QuestionSet) -> None:
    order = [q.id for q in guided.questions]
    assert order.index("immediate_danger") == order.index(BEHAVIOURS[-1]) + 1


def test_the_person_is_asked_whether_they_are_harmed_before_their_own_behaviour(
        guided: QuestionSet) -> None:
    order = [q.id for q in guided.questions]
    assert order.index("being_harmed") < min(order.index(q) for q in BEHAVIOURS)


def test_a_woman_controlling_her_wife_goes_to_the_engagement_worker_like_anyone_else(
        guided: QuestionSet) -> None:
    result = score(guided, NOTHING | {"controlling": "yes", "economic": "yes",
                                      "readiness": "unsure"})
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "engagement_worker"
    assert not any("male" in r.service for r in result.pathway.referrals)


def test_someone_grabbed_back_while_being_hit_waits_for_review_with_support_meanwhile(
        guided: QuestionSet) -> None:
    data = score(guided, NOTHING | {"physical": "yes", "being_harmed": "yes",
                                    "sounds_like_self_defence": "yes"}).to_json()
    held = {r["service"]: r["held"] for r in data["referrals"]}
    assert data["pathway"]["hold_for_review"] is True
    assert held["victim_support"] is False and held["national_helpline"] is False
    assert held["victim_safety"] is True
    assert held[data["pathway"]["primary"]] is True


def test_a_firearm_at_home_with_abuse_disclosed_is_high(guided: QuestionSet) -> None:
    answers = NOTHING | {"controlling": "yes", "weapons_access": "yes"}
    result = score(guided, answers)
    assert result.risk_level == "high"
    assert {"marac", "victim_safety"} <= _services(result)
    assert score(guided, answers | {"weapons_access": "no"}).risk_level == "standard"


def test_judgement_without_a_disclosure_reaches_engagement_and_victim_safety_not_marac_alone(
        guided: QuestionSet) -> None:
    result = score(guided, NOTHING, judgement=Judgement("high", "Police intelligence today"))
    assert {"engagement_worker", "victim_safety", "marac"} <= _services(result)


def test_stalking_after_separation_raises_the_level_to_high(guided: QuestionSet) -> None:
    answers = NOTHING | {"stalking": "yes", "who_affected": ["ex_partner"]}
    assert score(guided, answers | {"separation": "yes"}).risk_level == "high"
    assert score(guided, answers | {"separation": "no"}).risk_level == "standard"
