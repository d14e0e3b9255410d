"""The result page: level and why, safety flags first, then each referral with what it needs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for

from screening.questionnaire import Judgement, QuestionSet, score
from screening.questionnaire.scoring import parameter_values
from screening.store import audit, recording
from screening.store import referrals as referral_store
from screening.store.db import transaction
from screening.store.screenings import Screening
from screening.web import labels, library
from screening.web.access import completed_result, open_screening
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import JudgementForm
from screening.web.i18n import interface_language
from screening.web.practitioner.presenting import present
from screening.web.practitioner.referral_cards import cards

bp = Blueprint("results", __name__)


def _judgement_form(view: Any, formdata: Any = None) -> JudgementForm:
    form = JudgementForm(formdata=formdata)
    form.judgement_level.choices = choices((level, labels.RISK_LEVELS[level])
                                 for level in view.higher_levels)
    return form


def render_result(screening: Screening, question_set: QuestionSet, judgement_form: Any = None,
                  bound: tuple[str, Any] | None = None) -> str:
    """The result page; `bound` is (referral id, form) when a referral's form has errors."""
    app_library = library(current_app)
    services = app_library.services
    result = completed_result(screening)
    lang = interface_language()
    view = present(result, question_set, services, lang)
    db = get_db()
    referrals = referral_store.ensure(db, screening, app_library.basis_of)
    prompted = {r.prompted_by: r for r in referrals if r.prompted_by}
    forms_with_errors = [judgement_form] if judgement_form is not None else []
    if bound is not None:
        forms_with_errors.append(bound[1])
    return render_template(
        "results/result.html", title=_("Result"), screening=screening,
        question_set=question_set, view=view, labels=labels, result=result,
        judgement_form=judgement_form or _judgement_form(view, formdata=None),
        forms_with_errors=forms_with_errors,
        cards=cards(referrals, result, services, lang, prompted, bound), referrals=referrals,
        interface_lang=lang)


def completed(screening_id: str, action: str,
              detail: str | None = None) -> tuple[Screening, QuestionSet] | Any:
    screening, question_set = open_screening(screening_id, action, detail)
    if screening.is_draft or screening.result is None:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    return screening, question_set


@bp.get("/screenings/<screening_id>/result")
@role_required("practitioner")
def result(screening_id: str) -> Any:
    screening, question_set = open_screening(screening_id, "view")
    if not screening.is_draft and not screening.was_asked:
        return render_template("results/not_asked.html", title=_("Not asked"),
                               screening=screening, question_set=question_set, labels=labels)
    if screening.is_draft or screening.result is None:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    return render_result(screening, question_set)


@bp.post("/screenings/<screening_id>/judgement")
@role_required("practitioner")
def judgement(screening_id: str) -> Any:
    opened = completed(screening_id, "change")
    if not isinstance(opened, tuple):
        return opened
    screening, question_set = opened
    view = present(completed_result(screening), question_set, library(current_app).services,
                   interface_language())
    form = _judgement_form(view, formdata=request.form)
    if not form.validate_on_submit():
        return render_result(screening, question_set, judgement_form=form)
    level, reason = form.judgement_level.data or "", form.judgement_reason.data or ""
    rescored = score(question_set, screening.answers, parameter_values(question_set),
                     Judgement(level, reason))
    db = get_db()
    with transaction(db):
        recording.apply_judgement(db, screening_id, level, reason, rescored)
        # A raised level can bring in services (the victim safety service, an engagement
        # route, MARAC); referrals already made keep their consent and status.
        referral_store.ensure(db, screening, library(current_app).basis_of)
        referral_store.create_for(db, screening_id, rescored, library(current_app).basis_of,
                                  current_user().id)
        audit.record(db, current_user().id, "change", f"screening/{screening_id}",
                     f"professional judgement raised the level to {level}")
    return redirect(url_for("results.result", screening_id=screening_id) + "#level")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
