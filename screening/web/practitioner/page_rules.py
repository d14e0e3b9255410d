"""What a question page's script needs to show questions and the 999 action as answers change.

The show-if rules of the set (ids and conditions only), the parameters in force, and the saved
answers from other pages that those rules look at (and only those); static/js/questions.js runs
them through the browser engine (static/js/engine.js), the same rules the server applies.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from screening.questionnaire import QuestionSet, immediate
from screening.questionnaire.rules import referenced_questions
from screening.questionnaire.scoring import parameter_values
from screening.web import library
from screening.web.practitioner.flow import Flow


def service_kinds() -> dict[str, str]:
    """Each service's kind, from the services directory (which of them is an emergency)."""
    return {service.id: service.kind for service in library(current_app).services.values()}


def immediate_actions(question_set: QuestionSet) -> list[immediate.ImmediateAction]:
    """The set's answers that call for 999 at once, with this app's services: worked out once
    per set and app, so a question page's reused blocks (blocks.py) find the same actions."""
    kept: dict[tuple[str, str], list[immediate.ImmediateAction]] = (
        current_app.extensions.setdefault("screening.immediate_actions", {}))
    key = (question_set.key, question_set.content_hash)
    if key not in kept:
        kept[key] = immediate.immediate_actions(question_set, service_kinds())
    return kept[key]


def _looked_at(question_set: QuestionSet, start: list[str]) -> set[str]:
    """Questions the show-if rules of `start` depend on, following their own rules too."""
    rules = {q.id: q.show_if for section in question_set.sections for q in section.questions}
    found: set[str] = set()
    waiting = list(start)
    while waiting:
        condition = rules.get(waiting.pop())
        for question in referenced_questions(condition) if condition else []:
            if question not in found:
                found.add(question)
                waiting.append(question)
    return found


def page_rules(question_set: QuestionSet, flow: Flow, page: int) -> dict[str, Any]:
    on_page = [q.id for q in flow.all_questions_on(page)]
    others = _looked_at(question_set, on_page) - set(on_page)
    return {
        "questions": [{"id": q.id, "type": q.type, "show_if": q.show_if}
                      for section in question_set.sections for q in section.questions],
        "parameters": parameter_values(question_set),
        "answers": {q: flow.answers[q] for q in sorted(others) if q in flow.answers},
    }
