"""A receiving service's inbox: the referrals sent to it in the tool, each with exactly the
handover its basis allows, and what the service records (accepted, declined, engaged…).

A service worker opens nothing else: a referral of another service, or one not sent in the tool,
is a 404 and the attempt is audited, as every other page is for their role (auth.role_required).
"""

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

from screening import referrals as rules
from screening.handover import HandoverRefused, build_handover
from screening.questionnaire import QuestionSet
from screening.referrals import Referral, ReferralError
from screening.store import audit
from screening.store import inbox as inbox_store
from screening.store import referrals as referral_store
from screening.store import screenings as screening_store
from screening.store.db import transaction
from screening.store.screenings import Screening
from screening.store.users import get_user, receiving_teams
from screening.web import labels, library
from screening.web import messages as m
from screening.web.access import completed_result
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import ReferralOutcomeForm
from screening.web.i18n import interface_language, text_in
from screening.web.referral_common import VICTIM_SAFETY_PROMPT, WHAT_HAPPENED, document_html

bp = Blueprint("inbox", __name__)


def _within() -> int:
    return int(current_app.config["ANSWER_WITHIN_WORKING_DAYS"])


def _service_name(service_id: str) -> str:
    service = library(current_app).services.get(service_id)
    return str(text_in(service.name, interface_language())) if service else service_id


@bp.get("/inbox")
@role_required("service_worker")
def index() -> Any:
    """Referrals sent to the worker's service in the tool, newest first, the overdue marked."""
    user, db = current_user(), get_db()
    service = str(user.service)
    audit.record(db, user.id, "list", f"service/{service}", "inbox")
    found = inbox_store.for_team(db, service, user.team)
    today = dt.date.today()
    return render_template(
        "inbox/index.html", title=_("Referrals to %(service)s", service=_service_name(service)),
        referrals=found, labels=labels, within=_within(),
        overdue={r.id for r in found if rules.overdue(r, today, _within())},
        screenings=inbox_store.references(db, sorted({r.screening_id for r in found})))


def _open(referral_id: str, action: str, detail: str,
          ) -> tuple[Referral, Screening, QuestionSet, list[Referral]]:
    """The referral when it was sent to this worker's service in the tool; else 404, audited."""
    user, db = current_user(), get_db()
    referral = referral_store.get(db, referral_id)
    if referral is None or not rules.reaches(referral, user.service, user.team):
        audit.record(db, user.id, "denied", f"referral/{referral_id}",
                     f"{detail}: not a referral sent to {user.service} ({user.team}) in the tool")
        abort(404)
    screening = screening_store.get(db, referral.screening_id)
    if screening is None:
        abort(404)
    completed_result(screening)
    audit.record(db, user.id, action, f"screening/{screening.id}",
                 f"referral {referral.id} in the {user.service} inbox: {detail}")
    try:
        question_set = library(current_app).get(screening.questionnaire, screening.version)
    except KeyError:
        abort(500)
    return referral, screening, question_set, referral_store.for_screening(db, screening.id)


def _answer_form(referral: Referral, formdata: Any = None) -> ReferralOutcomeForm:
    form = ReferralOutcomeForm(formdata=formdata)
    form.status.choices = choices((s, labels.REFERRAL_STATUS[s])
                                  for s in rules.answer_choices(referral))
    return form


def _render(referral: Referral, screening: Screening, question_set: QuestionSet,
            found: list[Referral], form: ReferralOutcomeForm | None = None) -> str:
    services = library(current_app).services
    try:
        handover = build_handover(screening, completed_result(screening), question_set, services,
                                  get_user(get_db(), screening.practitioner_id), referral, found)
    except HandoverRefused:
        abort(404)
    return render_template(
        "inbox/referral.html", title=_("Referral %(reference)s", reference=(
            screening.client_reference)),
        referral=referral, screening=screening, labels=labels, document=document_html(handover),
        history=referral_store.history(get_db(), referral.id),
        overdue=rules.overdue(referral, dt.date.today(), _within()), within=_within(),
        form=form or _answer_form(referral))


@bp.get("/inbox/<referral_id>")
@role_required("service_worker")
def referral_page(referral_id: str) -> Any:
    return _render(*_open(referral_id, "handover_view", "opened"))


@bp.post("/inbox/<referral_id>")
@role_required("service_worker")
def answer(referral_id: str) -> Any:
    """Record the service's answer; non-engagement with voluntary work alerts the victim safety
    service's inbox, once."""
    referral, screening, question_set, found = _open(referral_id, "change", "answer")
    if not rules.answer_choices(referral):
        abort(409)
    form = _answer_form(referral, formdata=request.form)
    valid = form.validate_on_submit()
    if valid and form.status.data == "engaged" and not form.first_session_on.data:
        # The service knows when the first session was: the funnel counts days to it.
        form.first_session_on.errors = [str(m.ENTER_FIRST_SESSION)]
        valid = False
    if not valid:
        return _render(referral, screening, question_set, found, form)
    status = form.status.data or ""
    try:
        changed = rules.answered(referral, status, form.decline_reason.data,
                                 form.first_session_on.data)
    except ReferralError:
        abort(409)
    user, db = current_user(), get_db()
    with transaction(db):
        referral_store.save(db, referral, changed, user.id)
        audit.record(db, user.id, "change", f"screening/{screening.id}",
                     f"referral to {referral.service}: {status} (answered in the inbox)")
        if rules.alerts_victim_safety(referral, status) and (
                referral_store.prompted_for(db, referral.id) is None):
            service = library(current_app).services.get(referral.service)
            team = rules.alert_team(
                [r.sent_to_team for r in found
                 if r.service == rules.VICTIM_SAFETY and r.sent_in_tool],
                receiving_teams(db, rules.VICTIM_SAFETY))
            made = referral_store.prompt_victim_safety(
                db, changed, VICTIM_SAFETY_PROMPT.format(
                    what=WHAT_HAPPENED.get(status, status),
                    service=service.name["en"] if service else referral.service),
                user.id, sent_in_tool_on=dt.date.today().isoformat(), team=team)
            audit.record(db, user.id, "change", f"screening/{screening.id}",
                         f"victim safety service alerted in the tool of {status} from "
                         f"{referral.service} (referral {made.id})")
    flash(_("Recorded: %(status)s", status=labels.REFERRAL_STATUS[status]))
    return redirect(url_for("inbox.referral_page", referral_id=referral_id))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
