"""The handover: printable page, plain text, JSON, the case-record note, and what followed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from screening.handover import (
    Handover,
    HandoverRefused,
    build_case_note,
    build_handover,
    recipients,
    to_json_text,
)
from screening.handover_text import LANGUAGE_NAMES
from screening.questionnaire import QuestionSet
from screening.store import audit
from screening.store import screenings as store
from screening.store.screenings import Screening
from screening.web import labels, library
from screening.web.access import completed_result, open_screening
from screening.web.auth import current_user, role_required
from screening.web.db import get_db
from screening.web.fixed_forms import OutcomeForm, SentForm
from screening.web.i18n import babel_locale

bp = Blueprint("handover", __name__)
REFERRAL_ALLOWED = ("yes", "override")


def _completed(screening_id: str, action: str, detail: str) -> tuple[Screening, QuestionSet]:
    screening, question_set = open_screening(screening_id, action, detail)
    completed_result(screening)
    return screening, question_set


def _handover(screening: Screening, question_set: QuestionSet,
              service_id: str | None) -> Handover:
    try:
        return build_handover(screening, completed_result(screening), question_set,
                              library(current_app).services, current_user(), service_id)
    except HandoverRefused:
        abort(404)


def _case_note(screening: Screening, question_set: QuestionSet) -> str:
    return build_case_note(screening, completed_result(screening), question_set,
                           library(current_app).services, current_user()).to_text()


def _document_html(handover: Handover) -> Markup:
    """The handover in English whatever the interface language: it goes to another service."""
    with force_locale(babel_locale("en")):
        # Safe: the document is a Jinja template rendered with autoescaping on.
        return Markup(render_template(  # noqa: S704  # nosec B704
            "handover/_document.html", h=handover, language_names=LANGUAGE_NAMES))


def _render(screening: Screening, question_set: QuestionSet, service_id: str | None,
            sent_form: Any = None, outcome_form: Any = None) -> str:
    services = recipients(completed_result(screening), question_set,
                          library(current_app).services)
    allowed = screening.consent_referral in REFERRAL_ALLOWED
    handover = _handover(screening, question_set, service_id) if services and allowed else None
    return render_template(
        "handover/page.html", title=_("Handover and case note"), screening=screening,
        question_set=question_set, handover=handover, services=services,
        document=_document_html(handover) if handover else "",
        case_note=_case_note(screening, question_set), labels=labels,
        sent_form=sent_form or SentForm(formdata=None, data={"sent_on": dt.date.today()}),
        outcome_form=outcome_form or OutcomeForm(formdata=None))


@bp.get("/screenings/<screening_id>/handover")
@role_required("practitioner")
def page(screening_id: str) -> Any:
    service_id = request.args.get("service")
    screening, question_set = _completed(screening_id, "handover_view", service_id or "primary")
    return _render(screening, question_set, service_id)


def _document(screening_id: str, kind: str) -> Handover:
    service_id = request.args.get("service")
    screening, question_set = _completed(screening_id, "handover_download",
                                         f"{kind} for {service_id or 'primary'}")
    if screening.consent_referral not in REFERRAL_ALLOWED:
        abort(409)
    return _handover(screening, question_set, service_id)


@bp.get("/screenings/<screening_id>/handover.txt")
@role_required("practitioner")
def text(screening_id: str) -> Response:
    return Response(_document(screening_id, "text").to_text(), mimetype="text/plain")


@bp.get("/screenings/<screening_id>/handover.json")
@role_required("practitioner")
def json(screening_id: str) -> Response:
    return Response(to_json_text(_document(screening_id, "json")), mimetype="application/json")


@bp.get("/screenings/<screening_id>/case-note.txt")
@role_required("practitioner")
def case_note(screening_id: str) -> Response:
    screening, question_set = _completed(screening_id, "handover_download", "case note")
    return Response(_case_note(screening, question_set), mimetype="text/plain")


@bp.post("/screenings/<screening_id>/sent")
@role_required("practitioner")
def sent(screening_id: str) -> Any:
    screening, question_set = _completed(screening_id, "change", "handover sent")
    form = SentForm()
    if screening.consent_referral not in REFERRAL_ALLOWED:
        abort(409)
    if not form.validate_on_submit():
        return _render(screening, question_set, request.args.get("service"), sent_form=form)
    store.mark_sent(get_db(), screening_id, form.sent_on.data.isoformat(), form.how.data or "")
    audit.record(get_db(), current_user().id, "change", f"screening/{screening_id}",
                 f"handover sent by {form.how.data}")
    return redirect(url_for("handover.page", screening_id=screening_id) + "#follow-up")


@bp.post("/screenings/<screening_id>/outcome")
@role_required("practitioner")
def outcome(screening_id: str) -> Any:
    screening, question_set = _completed(screening_id, "change", "handover outcome")
    form = OutcomeForm()
    if screening.handover_status == "not_sent":
        abort(409)
    if not form.validate_on_submit():
        return _render(screening, question_set, request.args.get("service"), outcome_form=form)
    store.record_outcome(get_db(), screening_id, form.outcome.data or "")
    audit.record(get_db(), current_user().id, "change", f"screening/{screening_id}",
                 f"handover outcome {form.outcome.data}")
    return redirect(url_for("handover.page", screening_id=screening_id) + "#follow-up")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
