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

from screening.questionnaire import AnswerError, QuestionSet, immediate, score
from screening.questionnaire.scoring import parameter_values
from screening.referrals import Referral
from screening.store import audit, recording
from screening.store import referrals as referral_store
from screening.store import revise as store_revise
from screening.store import screenings as store
from screening.store.db import transaction
from screening.store.revise import can_change_answers
from screening.web import library
from screening.web import messages as m
from screening.web.access import open_screening
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fixed_forms import ActionForm
from screening.web.i18n import interface_language, text_in
from screening.web.practitioner.answers import answer_text, client_labels
from screening.web.practitioner.flow import Flow
from screening.web.practitioner.forms import field_name, question_form, valid_answers
from screening.web.practitioner.page_rules import immediate_actions, page_rules

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
    lang = interface_language()
    shown = {q.id: field for q, field in form.page_questions}
    # Questions of the page not asked yet: rendered hidden, shown by the page's script the
    # moment an answer calls for them (without script, after the page is sent).
    waiting = [q for q in flow.all_questions_on(page) if q.id not in shown]
    spare = question_form(waiting, lang, {}, None) if waiting else None
    rows, number = [], 0
    for section_number in flow.sections_on(page):
        for question in question_set.sections[section_number].questions:
            if question.id in shown:
                number += 1
                rows.append((section_number, question, shown[question.id], number))
            elif spare is not None:
                rows.append((section_number, question, spare[field_name(question)], None))
    actions = immediate_actions(question_set)
    return render_template(
        "questions/page.html", title=client if own == client else f"{client} {own}",
        form=form, screening=screening, question_set=question_set, section=section,
        page=page, pages=flow.pages(), back_url=_back_url(screening.id, flow, page),
        added=added, today=dt.date.today().isoformat(), rows=rows, total=number,
        immediate={a.question: a for a in actions},
        immediate_now=immediate.triggered(actions, flow.answers),
        page_rules=page_rules(question_set, flow, page),
        client_labels={q.id: client_labels(q, screening.client_language)
                       for q in flow.all_questions_on(page)})


def _validate(form: Any) -> bool:
    """Check only the questions asked (the form holds no others)."""
    return all([field.validate(form) for _q, field in form.page_questions])


def _posted(flow: Flow, page: int, lang: str) -> tuple[Any, Flow, bool]:
    """The form for the questions the answers sent ask (an answer can ask more on the same
    page: those sent with it count), the flow with the answers merged, and whether all were
    valid.

    The questions asked are those the set's rules show given the answers sent for the
    questions asked: a fixed point, and only one, since a question's rule looks only at
    questions before it. Reading every question of the page first gives it at once (the rules
    show exactly the questions they would at the fixed point), so the second round only
    builds the form for them: two rounds, where starting from the saved answers took one
    more for each level of follow-up."""
    saved = dict(flow.answers)
    asked = flow.all_questions_on(page)
    for _round in range(32):  # two, as above; the bound only guards a mistake
        form = question_form(asked, lang, saved, request.form)
        valid = _validate(form)
        flow = Flow(flow.question_set, _merge(saved, valid_answers(form)))
        now_asked = flow.questions_on(page)
        if now_asked == asked:
            break
        asked = now_asked
    return form, flow, valid


@bp.route("/screenings/<screening_id>/questions/<int:page>", methods=["GET", "POST"])
@role_required("practitioner")
def page(screening_id: str, page: int) -> Any:
    posted = request.method == "POST"
    changing = request.args.get("change") == "1"
    screening, question_set = open_screening(screening_id, "change" if posted else "view")
    reopening = changing and can_change_answers(
        screening, referral_store.for_screening(get_db(), screening.id))
    if not (screening.is_draft or reopening) or not screening.opening_accepted_at:
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
    if not screening.is_draft:
        if not store_revise.reopen(get_db(), screening_id, page):
            return redirect(url_for("screenings.resume", screening_id=screening_id))
        audit.record(get_db(), current_user().id, "change", f"screening/{screening_id}",
                     "answers changed after the result: scored again when sent")
    form, flow, valid = _posted(flow, page, lang)
    merged = dict(flow.answers)
    now_asked = flow.questions_on(page)
    # Questions the practitioner had on screen when sending (the page's script keeps the list);
    # any other the answers now ask are new to them.
    seen = (set(request.form.get("shown", "").split()) if "shown" in request.form
            else {q.id for q in questions})
    added = [q for q in now_asked if q.id not in seen]
    for question, field in form.page_questions:
        if question.id not in seen:
            field.errors = []  # not yet seen: no error for it, only the note that it is new
    if "save_and_exit" in request.form:
        recording.save_answers(get_db(), screening_id, merged, page)
        flash(_("Your answers are saved. Resume the screening from this list."))
        return redirect(url_for("screenings.index"))
    if not valid or added:
        recording.save_answers(get_db(), screening_id, merged, page)
        return _render_page(screening, question_set, page, form, flow, added=bool(added))
    following = flow.next_page(page)
    if changing:
        # After a change, go back to the result unless the change opened new questions.
        unstarted = flow.unstarted_after(page)
        following = flow.check_page if unstarted is None else unstarted
    if following >= flow.check_page and not flow.missing_required():
        # The answers are the check: the result page lists them, each with a change link.
        return _complete(screening, question_set, (merged, following))
    recording.save_answers(get_db(), screening_id, merged, following)
    if following >= flow.check_page:
        return redirect(url_for("questions.check", screening_id=screening_id))
    return redirect(url_for("questions.page", screening_id=screening_id, page=following,
                            **({"change": 1} if changing else {})))


def answers_for_result(screening: store.Screening, question_set: QuestionSet,
                       referrals: list[Referral]) -> dict[str, Any]:
    """The answers on the result page (results/_answers.html), which replaces "check your
    answers": each with a change link while nothing has followed the result (`referrals`,
    the page's own)."""
    flow = Flow(question_set, screening.answers)
    return {"sections": _summary(question_set, flow),
            "can_change": can_change_answers(screening, referrals)}


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


def _complete(screening: store.Screening, question_set: QuestionSet,
              sent: tuple[dict[str, Any], int] | None = None) -> Any:
    """Score through the one scoring function and record the completed screening. With the
    answers of the last page just sent (and the page to resume at), they are saved in the same
    transaction: one commit, not two."""
    answers = screening.answers if sent is None else sent[0]
    try:
        result = score(question_set, answers, parameter_values(question_set))
    except AnswerError as error:
        if sent is not None:
            recording.save_answers(get_db(), screening.id, *sent)
        audit.record(get_db(), current_user().id, "error", f"screening/{screening.id}",
                     str(error))
        raise
    db = get_db()
    with transaction(db):
        if sent is not None:
            recording.save_answers(db, screening.id, *sent)
        recording.complete(db, screening.id, result)
        referral_store.create_for(db, screening.id, result, library(current_app).basis_of,
                                  current_user().id)
        audit.record(db, current_user().id, "complete", f"screening/{screening.id}",
                     f"{result.outcome}, {result.risk_level}")
    return redirect(url_for("results.result", screening_id=screening.id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(answers_for_result, "answers_for_result")
