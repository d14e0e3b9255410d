"""`/api/v1`: what a device needs to screen offline, and where it sends finished screenings.

Every message is in the signed-in practitioner's interface language, with a stable `code` (and
`params`, `question`) beside it for whatever reads the answer by machine.

Every request needs the signed-in session. A POST also needs the session's CSRF token in the
`X-CSRFToken` header (Flask-WTF checks it as for every form), and a JSON body: a page on another
site can neither read the token nor send JSON without asking first.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request, session, url_for
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import HTTPException

from screening.questionnaire import immediate
from screening.questionnaire.definition import definition_json
from screening.questionnaire.scoring import parameter_values
from screening.store import audit, offline_checks, offline_receipts, sync
from screening.store.db import WritersBusy
from screening.web import library
from screening.web.auth import current_user
from screening.web.db import get_db
from screening.web.i18n import said
from screening.wording import N_, Template, Wording

bp = Blueprint("api", __name__, url_prefix="/api/v1")
BODY_LIMIT = 64 * 1024
# A screening is a flat object with a few lists and objects inside: deeper is not one.
DEPTH_LIMIT = 16
# The device needs none of these to screen: golden cases are for the check, not for practice.
NOT_FOR_DEVICES = ("golden_cases",)

# The API's own refusals: each a Template with its stable code (the `code` field), said in
# the practitioner's language like every other message (screening/wording.py).
SIGNED_OUT = Template("signed_out", N_(
    "You are signed out. Sign in again: screenings waiting on this device are kept and sent "
    "after you sign in."))
NOT_A_PRACTITIONER = Template("not_a_practitioner", N_("Only practitioners record screenings."))
TOO_LARGE = Template("too_large", N_(
    "The screening is larger than %(size)s KB, so it was not stored."))
NOT_JSON = Template("not_json", N_(
    "Send the screening as JSON, with the Content-Type application/json."))
MALFORMED = Template("malformed", N_(
    "The screening could not be read: it is not a JSON object."))
TOO_DEEP = Template("too_deep", N_(
    "The screening could not be read: it is nested more than %(depth)s levels deep."))
NOT_TEXT = Template("not_text", N_(
    "The screening could not be read: it holds text that is not valid Unicode (a lone "
    "surrogate such as \\ud800)."))
KEY_MISMATCH = Template("key_mismatch", N_(
    "The Idempotency-Key header and the idempotency_key in the body must be the same."))
STALE_CSRF = Template("stale_csrf", N_(
    "The page's security token is missing or old. The screening is kept on this device: it is "
    "sent again once the page has a new token."))
NO_SUCH_ADDRESS = Template("no_such_address", N_("There is no such address in this API."))
NOT_THAT_WAY = Template("method_not_allowed", N_("This address cannot be used that way."))
WENT_WRONG = Template("went_wrong", N_("Something went wrong."))
BUSY = Template("busy", N_(
    "The tool is busy with another change, so the screening was not stored yet. It is kept on "
    "this device and sent again."))
# The refusal for each HTTP status the API's routes do not answer themselves.
BY_STATUS = {400: MALFORMED(), 401: SIGNED_OUT(), 403: NOT_A_PRACTITIONER(),
             404: NO_SUCH_ADDRESS(), 405: NOT_THAT_WAY(),
             413: TOO_LARGE(size=BODY_LIMIT // 1024), 415: NOT_JSON()}


def problem_json(found: offline_checks.Problem) -> dict[str, Any]:
    """One problem: the field, the message said for the practitioner, its code and values."""
    item = {"field": found.field, "message": said(found.wording), **found.wording.to_json()}
    if found.question is not None:
        item["question"] = found.question
    return item


def problem(status: int, wording: Wording, problems: list[dict[str, Any]] | None = None,
            code: str | None = None, **extra: Any) -> tuple[Response, int]:
    """A JSON error in the practitioner's words: {"error", "code", "problems": [...]}; the code
    is the message's own unless another is given (an HTTP status nobody named)."""
    return jsonify({"error": said(wording), "code": code or wording.code,
                    "problems": problems or [], **extra}), status


def _in_their_language(body: dict[str, Any]) -> dict[str, Any]:
    """An outcome's message (kept with the receipt as a code and values) said for this reader."""
    wording = offline_receipts.wording_of(body)
    if wording is not None:
        body["error" if "error" in body else "message"] = said(wording)
    return body


@bp.before_request
def signed_in() -> Any:
    """401, never a redirect to the sign-in page: the device keeps its data and asks again."""
    if g.get("user") is None:
        return problem(401, SIGNED_OUT())
    return None


@bp.get("/session")
def who() -> Any:
    """Who is signed in, and a fresh CSRF token for the next POST."""
    user = current_user()
    return jsonify({"user": {"id": user.id, "name": user.name, "team": user.team,
                             "role": user.role}, "csrf_token": generate_csrf()})


@bp.get("/question-sets")
def question_sets() -> Any:
    """The published sets as the browser engine reads them, with the parameters in force here."""
    found = library(current_app)
    kinds = {service.id: service.kind for service in found.services.values()}
    sets = []
    for question_set in found.published():
        data = definition_json(question_set)
        for key in NOT_FOR_DEVICES:
            data.pop(key, None)
        data["parameters_in_force"] = parameter_values(question_set)
        # Which answers call for 999 at once, from the set's rules: the offline pages show it
        # the moment one is chosen.
        data["immediate_actions"] = immediate.as_json(
            immediate.immediate_actions(question_set, kinds))
        sets.append(data)
    services = {s.id: {"name": dict(s.name), "description": dict(s.description),
                       "contact": s.contact, "audience": s.audience}
                for s in found.services.values()}
    return jsonify({"question_sets": sets, "services": services})


def _read_body() -> dict[str, Any] | tuple[Response, int]:
    if request.mimetype != "application/json":
        return problem(415, NOT_JSON())
    if request.content_length is not None and request.content_length > BODY_LIMIT:
        return problem(413, TOO_LARGE(size=BODY_LIMIT // 1024))
    request.max_content_length = BODY_LIMIT  # also when the length is not announced
    raw = request.get_data(cache=False)
    if len(raw) > BODY_LIMIT:
        return problem(413, TOO_LARGE(size=BODY_LIMIT // 1024))
    try:
        sent = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return problem(400, MALFORMED())
    except RecursionError:
        return problem(400, TOO_DEEP(depth=DEPTH_LIMIT))
    if not isinstance(sent, dict):
        return problem(400, MALFORMED())
    if _depth(sent) > DEPTH_LIMIT:
        return problem(400, TOO_DEEP(depth=DEPTH_LIMIT))
    try:
        # JSON may spell a lone surrogate (\ud800) that no UTF-8 text can hold: refused here,
        # before it reaches the digest, the seal or the database.
        json.dumps(sent, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return problem(400, NOT_TEXT())
    return sent


def _depth(value: Any) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, waiting = 0, [(value, 1)]
    while waiting:
        item, level = waiting.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= DEPTH_LIMIT:
                children = item.values() if isinstance(item, dict) else item
                waiting.extend((child, level + 1) for child in children)
    return deepest


@bp.post("/screenings")
def receive() -> Any:
    """Store an offline screening once: 201, 200 (a repeat), 202 (kept), 409, 422 or 4xx."""
    user = current_user()
    if user.role != "practitioner":
        audit.record(get_db(), user.id, "denied", request.path,
                     f"role {user.role} may not record screenings")
        return problem(403, NOT_A_PRACTITIONER())
    sent = _read_body()
    if not isinstance(sent, dict):
        return sent
    key = request.headers.get("Idempotency-Key") or str(sent.get("idempotency_key") or "")
    if sent.get("idempotency_key", key) != key:
        return problem(400, KEY_MISMATCH())
    try:
        outcome = sync.receive(get_db(), library(current_app), user, key, sent)
    except offline_checks.SubmissionError as error:
        return problem(422, offline_checks.NOT_STORED(),
                       [problem_json(p) for p in error.problems])
    body = _in_their_language(dict(outcome.body))
    if outcome.screening_id:
        body["result_url"] = url_for("results.result", screening_id=outcome.screening_id)
        body["handover_url"] = url_for("handover.page", screening_id=outcome.screening_id)
    response = jsonify(body)
    response.status_code = outcome.status
    if outcome.replay:
        response.headers["Idempotent-Replayed"] = "true"
    if outcome.screening_id:
        response.headers["Location"] = body["result_url"]
    return response


@bp.errorhandler(CSRFError)
def csrf_failed(_error: CSRFError) -> Any:
    # CSRF is checked before the user is loaded: a lapsed session shows up here first.
    if session.get("user_id") is None:
        return problem(401, SIGNED_OUT())
    return problem(400, STALE_CSRF(), reason="csrf")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if status in BY_STATUS:
        return problem(status, BY_STATUS[status])
    return problem(status, WENT_WRONG(), code=f"http_{status}")


@bp.errorhandler(WritersBusy)
def busy(error: WritersBusy) -> Any:
    g.writers_busy = True  # the request's audit entries are not waited for again
    response, status = problem(503, BUSY())
    response.headers["Retry-After"] = str(error.retry_after)
    return response, status


# The app's own handlers for 404, 405, 409, 413 and 500 answer with HTML pages, and Flask looks
# for a handler of the status before one of its class: the API names each status too, so a
# body too large for the whole app (refused before the view, by the CSRF check) is JSON as well.
for _status in (400, 404, 405, 409, 413, 415, 500):
    bp.register_error_handler(_status, http_error)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
