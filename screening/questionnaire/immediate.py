"""Which answers call for an action at once (999), read from a question set's own rules.

A pathway rule whose service is of kind `emergency` (services.json) is an immediate action,
whatever its role (`primary` in v1 sets, `immediate` in v2). Its `when` is followed through
`flag` conditions to the safety flag's own `when`, and through `any` to each alternative; a
simple `{"question": X, "equals": V}` or `{"question": X, "in": [...]}` names the answers that
trigger it. Conditions of other shapes (counts, scores, `all`) cannot be decided from one
answer and are left to the result page, where the scored pathway shows them.

The pages use this to show the action the moment such an answer is chosen, before any other
question; nothing here is tied to a question id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from screening.questionnaire.model import Condition, QuestionSet, Text

EMERGENCY_KIND = "emergency"


@dataclass(frozen=True)
class ImmediateAction:
    """Choosing one of `values` for `question` calls for `service` now, saying `label`/`action`."""

    question: str
    values: tuple[Any, ...]
    service: str
    label: Text
    action: Text

    def triggered_by(self, answer: Any) -> bool:
        chosen = answer if isinstance(answer, list) else [answer]
        return any(value in self.values for value in chosen)


def _simple_triggers(condition: Condition, flags: Mapping[str, Condition],
                     seen: frozenset[str]) -> Iterator[tuple[str, tuple[Any, ...], str | None]]:
    """(question, values, flag id or None) for each single answer that makes `condition` hold."""
    if "flag" in condition:
        flag = str(condition["flag"])
        if flag in flags and flag not in seen:
            for question, values, _ in _simple_triggers(flags[flag], flags, seen | {flag}):
                yield question, values, flag
    elif "any" in condition:
        for part in condition["any"]:
            yield from _simple_triggers(part, flags, seen)
    elif "question" in condition and "equals" in condition:
        yield str(condition["question"]), (condition["equals"],), None
    elif "question" in condition and isinstance(condition.get("in"), list):
        yield str(condition["question"]), tuple(condition["in"]), None


def immediate_actions(question_set: QuestionSet,
                      service_kinds: Mapping[str, str]) -> list[ImmediateAction]:
    """Every answer of the set that calls for an emergency service at once, in rule order.

    `service_kinds` maps a service id to its kind (the services directory)."""
    flags = {flag.id: flag.when for flag in question_set.safety_flags}
    flag_texts = {flag.id: (flag.label, flag.action) for flag in question_set.safety_flags}
    found: list[ImmediateAction] = []
    for rule in question_set.pathway_rules:
        if service_kinds.get(rule.service) != EMERGENCY_KIND:
            continue
        for question, values, flag in _simple_triggers(rule.when, flags, frozenset()):
            label, action = flag_texts.get(flag or "", (rule.reason, rule.reason))
            found.append(ImmediateAction(question, values, rule.service, label, action))
    return found


def triggered(actions: list[ImmediateAction],
              answers: Mapping[str, Any]) -> list[ImmediateAction]:
    """The actions the answers given so far call for (one per service)."""
    hit: dict[str, ImmediateAction] = {}
    for action in actions:
        if action.question in answers and action.triggered_by(answers[action.question]):
            hit.setdefault(action.service, action)
    return list(hit.values())


def as_json(actions: list[ImmediateAction]) -> list[dict[str, Any]]:
    """For the browser: which answers trigger what, with its words in every language held."""
    return [{"question": a.question, "values": list(a.values), "service": a.service,
             "label": dict(a.label), "action": dict(a.action)} for a in actions]
