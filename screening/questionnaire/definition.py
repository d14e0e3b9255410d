"""A question set as JSON for other readers: `show --json`, and the browser engine offline."""

from __future__ import annotations

from typing import Any

from screening.questionnaire.model import QuestionSet


def definition_json(question_set: QuestionSet) -> dict[str, Any]:
    """The file as written, with its content hash and each question's allowed values."""
    data = dict(question_set.raw)
    data.pop("$schema", None)
    data["content_hash"] = question_set.content_hash
    data["questions"] = [
        {"id": q.id, "type": q.type, "section": s.id, "text": q.text["en"],
         "allowed_values": q.allowed_values(), "required": q.required, "show_if": q.show_if,
         "min": q.min, "max": q.max, "max_length": q.max_length, "asked": q.asked}
        for s in question_set.sections for q in s.questions]
    # The browser engine needs each service's basis to list the referrals as the server does.
    data["service_basis"] = dict(question_set.service_basis)
    return data
