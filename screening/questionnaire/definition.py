"""A question set as JSON for other readers: `show --json`, and the browser engine offline."""

from __future__ import annotations

from typing import Any

from screening.limits import TEXT_LIMIT, limits_json
from screening.questionnaire.model import QuestionSet


def definition_json(question_set: QuestionSet) -> dict[str, Any]:
    """The file as written, with its content hash, each question's allowed values and the
    limits on what may be typed (a text question's max_length is the one that applies)."""
    data = dict(question_set.raw)
    data.pop("$schema", None)
    data["content_hash"] = question_set.content_hash
    data["limits"] = limits_json()
    data["questions"] = [
        {"id": q.id, "type": q.type, "section": s.id, "text": q.text["en"],
         "allowed_values": q.allowed_values(), "required": q.required, "show_if": q.show_if,
         "min": q.min, "max": q.max, "asked": q.asked,
         "max_length": q.max_length or TEXT_LIMIT if q.type == "text" else q.max_length}
        for s in question_set.sections for q in s.questions]
    # The browser engine needs each service's basis to list the referrals as the server does.
    data["service_basis"] = dict(question_set.service_basis)
    return data
