"""Question pages (a section per page, saved as it goes) and check your answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from screening.questionnaire import AnswerError, QuestionSet, score
from screening.questionnaire.scoring import parameter_values
from screening.store import audit
from screening.store import referrals as referral_store
from screening.store import screenings as store
from screening.store.db import transaction
from screening.web import library
from screening.web import messages as m
from screening.web.access import open_screening
from screening.web.answers import answer_text, client_labels
from screening.web.auth import current_user, role_required
from screening.web.db import get_db
from screening.web.fixed_forms import ActionForm
from screening.web.flow import Flow
from screening.web.forms import field_name, question_form, valid_answers
from screening.web.i18n import interface_language, text_in

bp = Blueprint("questions", __name__)


def _back_url(screening_id: str, flow: Flow, page: int) -> str:
    previous = flow.previous_page(page)
    if previous is None:
        return url_for("screenings.opening", screening_id=screening_id)
    return url_for("questions.page", screening_id=screening_id, page=previous)


def _merge(saved: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(saved)
    for question_id, value in changes.items():
        if value is None:
            merged.pop(question_id, None)
        else:
            merged[question_id] = value
    return merged


def _render_page(screening: store.Screening, question_set: QuestionSet, page: int,
                 form: Any, flow: Flow, added: bool = False) -> str:
    section = question_set.sections[page]
    client = str(text_in(section.title, screening.client_language))
    own = str(text_in(section.title, interface_language()))
    return render_template(
        "questions/page.html", title=client if own == client else f"{client} {own}",
        form=form, screening=screening, question_set=question_set, section=section,
        page=page, pages=flow.pages(), back_url=_back_url(screening.id, flow, page),
        added=added, today=dt.date.today().isoformat(),
        client_labels={q.id: client_labels(q, screening.client_language)
                       for q, _field in form.page_questions})


@bp.route("/screenings/<screening_id>/questions/<int:page>", methods=["GET", "POST"])
@role_required("practitioner")
def page(screening_id: str, page: int) -> Any:
    posted = request.method == "POST"
    screening, question_set = open_screening(screening_id, "change" if posted else "view")
    if not screening.is_draft or not screening.opening_accepted_at:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    if not 0 <= page < len(question_set.sections):
        abort(404)
    saved, lang = dict(screening.answers), interface_language()
    flow = Flow(question_set, saved)
    questions = flow.questions_on(page)
    if not questions:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    if not posted:
        return _render_page(screening, question_set, page,
                            question_form(questions, lang, saved, None), flow)
    form = question_form(questions, lang, saved, request.form)
    valid = form.validate()
    merged = _merge(saved, valid_answers(form))
    flow = Flow(question_set, merged)
    now_asked = flow.questions_on(page)
    added = [q for q in now_asked if q not in questions]
    if "save_and_exit" in request.form:
        store.save_answers(get_db(), screening_id, merged, page)
        flash(_("Your answers are saved. Resume the screening from this list."))
        return redirect(url_for("screenings.index"))
    if not valid or added:
        store.save_answers(get_db(), screening_id, merged, page)
        if added:
            form = question_form(now_asked, lang, merged, None)
        return _render_page(screening, question_set, page, form, flow, added=bool(added))
    changing = request.args.get("change") == "1"
    following = flow.next_page(page)
    if changing:
        # After a change, go back to the check unless the change opened new questions.
        unstarted = flow.unstarted_after(page)
        following = flow.check_page if unstarted is None else unstarted
    store.save_answers(get_db(), screening_id, merged, following)
    if following >= flow.check_page:
        return redirect(url_for("questions.check", screening_id=screening_id))
    return redirect(url_for("questions.page", screening_id=screening_id, page=following,
                            **({"change": 1} if changing else {})))


def _summary(question_set: QuestionSet, flow: Flow) -> list[dict[str, Any]]:
    """Each page's questions with the answer in words, for check your answers."""
    lang, sections = interface_language(), []
    for page in flow.pages():
        rows = [{"question": q, "text": text_in(q.text, lang),
                 "answer": answer_text(q, flow.answers.get(q.id), lang),
                 "anchor": field_name(q)} for q in flow.questions_on(page)]
        sections.append({"page": page, "title": text_in(question_set.sections[page].title,
                                                         lang), "rows": rows})
    return sections


def _missing_errors(flow: Flow, screening_id: str) -> list[tuple[str, str]]:
    lang, errors = interface_language(), []
    for page, question in flow.missing_required():
        link = url_for("questions.page", screening_id=screening_id, page=page, change=1)
        errors.append((f"{link}#{field_name(question)}-group",
                       str(m.UNANSWERED_REQUIRED) % {"question": text_in(question.text, lang)}))
    return errors


@bp.route("/screenings/<screening_id>/check", methods=["GET", "POST"])
@role_required("practitioner")
def check(screening_id: str) -> Any:
    posted = request.method == "POST"
    screening, question_set = open_screening(screening_id, "change" if posted else "view")
    if not screening.is_draft or not screening.opening_accepted_at:
        return redirect(url_for("screenings.resume", screening_id=screening_id))
    flow = Flow(question_set, screening.answers)
    errors: list[tuple[str, str]] = []
    if posted:
        if ActionForm().validate_on_submit():
            errors = _missing_errors(flow, screening_id)
            if not errors:
                return _complete(screening, question_set)
    return render_template("questions/check.html",
                           title=_("Check your answers before you see the result"),
                           screening=screening, question_set=question_set,
                           sections=_summary(question_set, flow), errors=errors,
                           back_url=_back_url(screening_id, flow, flow.check_page))


def _complete(screening: store.Screening, question_set: QuestionSet) -> Any:
    """Score through the one scoring function and record the completed screening."""
    try:
        result = score(question_set, screening.answers, parameter_values(question_set))
    except AnswerError as error:
        audit.record(get_db(), current_user().id, "error", f"screening/{screening.id}",
                     str(error))
        raise
    db = get_db()
    with transaction(db):
        store.complete(db, screening.id, result)
        referral_store.create_for(db, screening.id, result, library(current_app).basis_of,
                                  current_user().id)
        audit.record(db, current_user().id, "complete", f"screening/{screening.id}",
                     f"{result.outcome}, {result.risk_level}")
    return redirect(url_for("results.result", screening_id=screening.id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
