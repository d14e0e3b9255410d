"""The result page: level and why, safety flags first, pathway, judgement and consent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from screening.handover import OVERRIDE_DUTY_WORDS, recipients
from screening.questionnaire import Judgement, QuestionSet, score
from screening.questionnaire.scoring import parameter_values
from screening.store import audit
from screening.store import screenings as store
from screening.store.screenings import Screening
from screening.web import labels, library
from screening.web.access import completed_result, open_screening
from screening.web.auth import current_user, role_required
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import ConsentForm, JudgementForm
from screening.web.i18n import interface_language
from screening.web.presenting import present

bp = Blueprint("results", __name__)


def _judgement_form(view: Any, formdata: Any = None) -> JudgementForm:
    form = JudgementForm(formdata=formdata)
    form.judgement_level.choices = choices((level, labels.RISK_LEVELS[level])
                                 for level in view.higher_levels)
    return form


def _render(screening: Screening, question_set: QuestionSet, judgement_form: Any = None,
            consent_form: Any = None) -> str:
    services = library(current_app).services
    view = present(completed_result(screening), question_set, services, interface_language())
    consent_form = consent_form or ConsentForm(formdata=None, data={
        "consent": screening.consent_referral})
    return render_template(
        "results/result.html", title=_("Result"), screening=screening,
        question_set=question_set, view=view, labels=labels,
        judgement_form=judgement_form or _judgement_form(view, formdata=None),
        consent_form=consent_form,
        handover_services=recipients(completed_result(screening), question_set, services),
        interface_lang=interface_language())


def _completed(screening_id: str, action: str) -> tuple[Screening, QuestionSet] | Any:
    screening, question_set = open_screening(screening_id, action)
    if screening.is_draft or screening.result is None:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    return screening, question_set


@bp.get("/screenings/<screening_id>/result")
@role_required("practitioner")
def result(screening_id: str) -> Any:
    opened = _completed(screening_id, "view")
    if not isinstance(opened, tuple):
        return opened
    return _render(*opened)


@bp.post("/screenings/<screening_id>/judgement")
@role_required("practitioner")
def judgement(screening_id: str) -> Any:
    opened = _completed(screening_id, "change")
    if not isinstance(opened, tuple):
        return opened
    screening, question_set = opened
    view = present(completed_result(screening), question_set, library(current_app).services,
                   interface_language())
    form = _judgement_form(view, formdata=request.form)
    if not form.validate_on_submit():
        return _render(screening, question_set, judgement_form=form)
    level, reason = form.judgement_level.data or "", form.judgement_reason.data or ""
    rescored = score(question_set, screening.answers, parameter_values(question_set),
                     Judgement(level, reason))
    store.apply_judgement(get_db(), screening_id, level, reason, rescored)
    audit.record(get_db(), current_user().id, "change", f"screening/{screening_id}",
                 f"professional judgement raised the level to {level}")
    return redirect(url_for("results.result", screening_id=screening_id) + "#level")


@bp.post("/screenings/<screening_id>/consent")
@role_required("practitioner")
def consent(screening_id: str) -> Any:
    opened = _completed(screening_id, "change")
    if not isinstance(opened, tuple):
        return opened
    screening, question_set = opened
    form = ConsentForm()
    if not form.validate_on_submit():
        return _render(screening, question_set, consent_form=form)
    choice = form.consent.data or ""
    reason = None
    if choice == "override":
        reason = (f"{OVERRIDE_DUTY_WORDS[form.override_duty.data or '']} "
                  f"{form.override_reason.data}")
    store.record_consent(get_db(), screening_id, choice, reason)
    audit.record(get_db(), current_user().id, "change", f"screening/{screening_id}",
                 f"consent to referral: {choice}")
    return redirect(url_for("results.result", screening_id=screening_id) + "#consent")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
