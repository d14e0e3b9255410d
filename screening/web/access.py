"""Opening a screening: only its own practitioner may, and every opening is audited."""

from __future__ import annotations

from flask import abort, current_app, request

from screening.questionnaire import QuestionSet, Result
from screening.store import audit
from screening.store import screenings as store
from screening.store.screenings import Screening
from screening.web import library
from screening.web.auth import current_user
from screening.web.db import get_db


def open_screening(screening_id: str, action: str = "view",
                   detail: str | None = None) -> tuple[Screening, QuestionSet]:
    """The screening and its pinned question set, or 404 (audited) for anyone else's."""
    user, db = current_user(), get_db()
    screening = store.get(db, screening_id)
    target = f"screening/{screening_id}"
    if screening is None or user.role != "practitioner" or screening.practitioner_id != user.id:
        audit.record(db, user.id, "denied", target,
                     f"{request.method} {request.path}: not this user's screening")
        abort(404)
    audit.record(db, user.id, action, target, detail or f"{request.method} {request.path}")
    try:
        question_set = library(current_app).get(screening.questionnaire, screening.version)
    except KeyError:
        current_app.logger.error("Screening %s uses %s@%s, which is not loaded", screening_id,
                                 screening.questionnaire, screening.version)
        abort(500)
    return screening, question_set


def completed_result(screening: Screening) -> Result:
    """The result of a completed screening; a draft has none to show (404)."""
    if screening.is_draft or screening.result is None:
        abort(404)
    return screening.result
