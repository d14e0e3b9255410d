"""Which answers call for 999 at once: read from the set's rules, never from a question id."""

from __future__ import annotations

import dataclasses

from screening.questionnaire import load_library
from screening.questionnaire.immediate import immediate_actions, triggered
from screening.questionnaire.model import PathwayRule, SafetyFlagRule
from tests.conftest import question_folder

LIBRARY = load_library(question_folder())
KINDS = {service.id: service.kind for service in LIBRARY.services.values()}


def test_a_v1_set_calls_999_when_yes_to_immediate_danger_through_its_flag() -> None:
    actions = immediate_actions(LIBRARY.get("routine-enquiry"), KINDS)
    assert [(a.question, a.values, a.service) for a in actions] == [
        ("immediate_danger", ("yes",), "emergency_999")]
    assert actions[0].action["en"].startswith("Call 999 now")
    assert triggered(actions, {"immediate_danger": "yes"}) == actions
    assert triggered(actions, {"immediate_danger": "no"}) == []


def test_a_v2_immediate_rule_on_a_flag_with_alternatives_names_each_answer() -> None:
    routine = LIBRARY.get("routine-enquiry")
    flag = SafetyFlagRule("danger_now", "critical", {"any": [
        {"question": "weapons", "equals": "yes"},
        {"question": "needs_first", "in": ["substance", "both"]},
        {"count": {"questions": ["threats"], "equals": "yes"}, "gte": 1}]},
        {"en": "Danger now"}, {"en": "Call 999"}, "all")
    rule = PathwayRule("now", {"flag": "danger_now"}, "emergency_999", "immediate",
                       {"en": "Danger"})
    changed = dataclasses.replace(routine, safety_flags=(flag,), pathway_rules=(rule,))
    actions = immediate_actions(changed, KINDS)
    assert [(a.question, a.values) for a in actions] == [
        ("weapons", ("yes",)), ("needs_first", ("substance", "both"))]
    assert triggered(actions, {"needs_first": "both"})[0].label == {"en": "Danger now"}


def test_a_set_with_no_emergency_service_has_no_immediate_action() -> None:
    assert immediate_actions(LIBRARY.get("dash-risk", 1), KINDS) == []
    routine = LIBRARY.get("routine-enquiry")
    assert immediate_actions(routine, {**KINDS, "emergency_999": "helpline"}) == []


def test_not_safe_to_go_home_on_the_dash_checklist_calls_999_at_once() -> None:
    actions = immediate_actions(LIBRARY.get("dash-risk", 2), KINDS)
    assert [(a.question, a.values, a.service) for a in actions] == [
        ("safe_to_go_home", ("no",), "emergency_999")]
    assert triggered(actions, {"safe_to_go_home": "no"}) and not triggered(
        actions, {"safe_to_go_home": "yes"})
