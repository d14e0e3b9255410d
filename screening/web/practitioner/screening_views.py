"""My screenings, starting a screening, the opening statement, resuming and deleting a draft."""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask import Blueprint, Flask, current_app, flash, redirect, render_template, url_for

from screening.questionnaire import QuestionSet
from screening.referrals import SERVICE_ANSWERS, waiting_to_send
from screening.store import audit, recording
from screening.store import inbox as inbox_store
from screening.store import referrals as referral_store
from screening.store import screenings as store
from screening.store.db import transaction
from screening.store.users import led_teams
from screening.web import labels, library
from screening.web import messages as m
from screening.web.access import open_screening
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import ActionForm, NotAskedForm, OpeningForm, StartForm
from screening.web.formats import local_list
from screening.web.i18n import SUPPORTED, interface_language, text_in
from screening.web.practitioner.flow import Flow, page_of

bp = Blueprint("screenings", __name__)


def language_name(code: str) -> str:
    """A language named in itself and, when different, in the interface language."""
    own = Locale.parse(code).get_display_name(code) or code
    local = Locale.parse(code).get_display_name(interface_language()) or code
    own = own[:1].upper() + own[1:]
    return own if code == interface_language() else f"{own} ({local})"


def resume_url(screening: store.Screening, question_set: QuestionSet) -> str:
    """Where the practitioner stopped: the opening, a question page, the check page or result."""
    if not screening.is_draft:
        return url_for("results.result", screening_id=screening.id)
    if not screening.opening_accepted_at:
        return url_for("screenings.opening", screening_id=screening.id)
    flow = Flow(question_set, screening.answers)
    if screening.current_page >= flow.check_page:
        return url_for("questions.check", screening_id=screening.id)
    # A draft saved before sections were grouped into pages resumes on the page of its section.
    page = page_of(question_set, screening.current_page)
    page = page if page in flow.pages() else flow.next_page(page)
    if page >= flow.check_page:
        return url_for("questions.check", screening_id=screening.id)
    return url_for("questions.page", screening_id=screening.id, page=page)


@bp.get("/screenings")
@role_required("practitioner")
def index() -> Any:
    user, db = current_user(), get_db()
    audit.record(db, user.id, "list", f"user/{user.id}", "my screenings")
    own = store.for_practitioner(db, user.id)
    for damaged in (s for s in own if s.unreadable):
        audit.record(db, user.id, "integrity_failure", f"screening/{damaged.id}",
                     f"my screenings: {damaged.unreadable}")
    app_library = library(current_app)
    titles = {qs.id: text_in(qs.title, interface_language()) for qs in app_library.question_sets}
    kinds = {(qs.id, qs.version): qs.level_kind for qs in app_library.question_sets}
    by_screening = referral_store.for_practitioner(db, user.id)
    for screening in own:  # screenings from before referrals get theirs now
        if screening.id not in by_screening and screening.result is not None:
            by_screening[screening.id] = referral_store.ensure(db, screening,
                                                               app_library.basis_of)
    waiting = {sid: len(waiting_to_send(found)) for sid, found in by_screening.items()}
    answered, latest = inbox_store.answered_since(db, user.id)
    inbox_store.mark_looked(db, user.id, latest)
    service_names = {sid: text_in(s.name, interface_language())
                     for sid, s in app_library.services.items()}
    return render_template("screenings/index.html", title=_("My screenings"),
                           drafts=[s for s in own if s.is_draft],
                           completed=[s for s in own if not s.is_draft], titles=titles,
                           labels=labels, waiting=waiting, referrals=by_screening,
                           kinds=kinds, unreadable_message=m.SCREENING_UNREADABLE,
                           answered=answered, service_names=service_names,
                           service_answers=SERVICE_ANSWERS, quick=_quick_start(user.id))


def _quick_start(user_id: int) -> dict[str, str] | None:
    """The setting and question set this practitioner used last, to start again in one press
    (asked in English, as the start page would); None the first time."""
    last = store.last_choice(get_db(), user_id)
    published = {qs.id: qs for qs in library(current_app).published()}
    if (last is None or last[1] not in published or last[0] not in labels.START_SETTINGS
            or last[0] not in published[last[1]].settings):
        return None
    question_set = published[last[1]]
    return {"setting": last[0], "question_set": question_set.id, "client_language": "en",
            "hint": _("As last time: %(questions)s, %(setting)s.",
                      questions=text_in(question_set.title, interface_language()),
                      setting=labels.SETTINGS[last[0]])}


@bp.get("/service-lead")
@role_required("service_lead")
def lead_home() -> Any:
    return render_template("screenings/lead_home.html", title=_("Service lead"),
                           teams=led_teams(get_db(), current_user()) or [])


def _start_choices(form: StartForm) -> dict[str, QuestionSet]:
    published = {qs.id: qs for qs in library(current_app).published()}
    lang = interface_language()
    form.question_set.choices = choices((qs.id, str(text_in(qs.title, lang)))
                                        for qs in published.values())
    offered = {code for qs in published.values() for code in qs.languages}
    form.client_language.choices = choices((c, language_name(c)) for c in SUPPORTED if c in offered)
    return published


def set_hint(question_set: QuestionSet) -> str:
    """Where a set is used, and a warning when it is asked of a partner."""
    used = local_list(labels.SETTINGS[s] for s in question_set.settings)
    hint = _("Used in: %(settings)s.", settings=used)
    if question_set.asked_of == "partner":
        hint += " " + _("Asked of a partner or ex-partner, never of the person causing harm.")
    return hint


@bp.route("/screenings/new", methods=["GET", "POST"])
@role_required("practitioner")
def start() -> Any:
    user, db = current_user(), get_db()
    form = StartForm()
    published = _start_choices(form)
    if not form.is_submitted():
        last = store.last_choice(db, user.id)
        if last and last[1] in published:
            form.setting.data, form.question_set.data = last
        form.client_language.data = "en"
    if form.validate_on_submit():
        question_set = published[form.question_set.data or ""]
        if form.setting.data not in question_set.settings:
            form.question_set.errors.append(str(m.QUESTION_SET_NOT_FOR_SETTING))
        elif form.client_language.data not in question_set.languages:
            form.client_language.errors.append(str(m.LANGUAGE_NOT_IN_SET))
        else:
            with transaction(db):  # the new draft and its audit entry commit together
                screening = recording.create(db, user, form.setting.data or "", question_set,
                                             form.client_language.data or "en",
                                             form.local_record_number.data)
                audit.record(db, user.id, "create", f"screening/{screening.id}",
                             question_set.key)
            return redirect(url_for("screenings.opening", screening_id=screening.id))
    return render_template("screenings/start.html", title=_("Start a screening"), form=form,
                           set_hints={key: set_hint(qs) for key, qs in published.items()})


@bp.get("/screenings/<screening_id>")
@role_required("practitioner")
def resume(screening_id: str) -> Any:
    screening, question_set = open_screening(screening_id, "view", "resume")
    return redirect(resume_url(screening, question_set))


@bp.route("/screenings/<screening_id>/opening", methods=["GET", "POST"])
@role_required("practitioner")
def opening(screening_id: str) -> Any:
    screening, question_set = open_screening(screening_id)
    if not screening.is_draft:
        return redirect(url_for("results.result", screening_id=screening_id))
    form = OpeningForm(data={"agreed": bool(screening.opening_accepted_at)})
    if form.validate_on_submit():
        db = get_db()
        with transaction(db):
            recording.accept_opening(db, screening_id,
                                     Flow(question_set, screening.answers).next_page(-1))
            if not screening.opening_accepted_at:
                audit.record(db, current_user().id, "change", f"screening/{screening_id}",
                             "opening statement accepted")
        return redirect(resume_url(store.get(db, screening_id) or screening, question_set))
    return render_template("screenings/opening.html", title=_("Read this to the person first"),
                           form=form, not_asked_form=NotAskedForm(formdata=None),
                           screening=screening, question_set=question_set)


@bp.post("/screenings/<screening_id>/not-asked")
@role_required("practitioner")
def not_asked(screening_id: str) -> Any:
    """Declined, or not safe to ask: recorded (and counted), never deleted."""
    screening, question_set = open_screening(screening_id, "change", "not asked")
    if not screening.is_draft:
        return redirect(url_for("results.result", screening_id=screening_id))
    form = NotAskedForm()
    if not form.validate_on_submit():
        return render_template("screenings/opening.html", title=_("Read this to the person first"),
                               form=OpeningForm(formdata=None), not_asked_form=form,
                               screening=screening, question_set=question_set)
    enquiry = form.enquiry.data or ""
    because = form.because.data if enquiry == "not_safe_to_ask" else None
    db = get_db()
    with transaction(db):
        recording.record_not_asked(db, screening_id, enquiry, because)
        audit.record(db, current_user().id, "complete", f"screening/{screening_id}",
                     f"not asked: {enquiry}" + (f" ({because})" if because else ""))
    return redirect(url_for("results.result", screening_id=screening_id))


@bp.post("/screenings/<screening_id>/delete")
@role_required("practitioner")
def delete(screening_id: str) -> Any:
    open_screening(screening_id, "change", "delete draft")
    form = ActionForm()
    if form.validate_on_submit() and recording.delete_draft(get_db(), screening_id):
        flash(_("The screening was stopped and its draft deleted."))
    return redirect(url_for("screenings.index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
