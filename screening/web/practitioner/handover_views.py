"""Handovers, one per referral (printable page, plain text, JSON), what followed each, and the
note for the case record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
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

from screening import referrals as rules
from screening.handover import (
    Handover,
    HandoverRefused,
    build_case_note,
    build_handover,
    case_note,
    recipients,
    to_json_text,
)
from screening.questionnaire import QuestionSet
from screening.referrals import Referral, ReferralError
from screening.store import referrals as referral_store
from screening.store.screenings import Screening
from screening.store.users import receiving_teams
from screening.web import labels, library
from screening.web.access import completed_result, open_screening
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import ReferralOutcomeForm, SendInToolForm, SentForm
from screening.web.i18n import interface_language, text_in
from screening.web.referral_common import document_html

bp = Blueprint("handover", __name__)


def _completed(screening_id: str, action: str, detail: str,
               ) -> tuple[Screening, QuestionSet, list[Referral]]:
    screening, question_set = open_screening(screening_id, action, detail)
    completed_result(screening)
    found = referral_store.ensure(get_db(), screening, library(current_app).basis_of)
    return screening, question_set, found


def _referral(found: list[Referral], referral_id: str) -> Referral:
    for referral in found:
        if referral.id == referral_id:
            return referral
    abort(404)


def _by_service(found: list[Referral], question_set: QuestionSet, service_id: str | None,
                ) -> Referral | None:
    """The handover a `?service=` address means (the first handover when none is named)."""
    handovers = recipients(found, question_set, library(current_app).services)
    for referral in handovers:
        if service_id in (None, referral.service):
            return referral
    return None


def _handover(screening: Screening, question_set: QuestionSet, referral: Referral,
              found: list[Referral]) -> Handover:
    try:
        return build_handover(screening, completed_result(screening), question_set,
                              library(current_app).services, current_user(), referral, found)
    except HandoverRefused:
        abort(404)


def _case_note(screening: Screening, question_set: QuestionSet, found: list[Referral]) -> str:
    return case_note(build_case_note(screening, completed_result(screening), question_set,
                                     library(current_app).services, current_user(), found))


def _outcome_form(referral: Referral, formdata: Any = None) -> ReferralOutcomeForm:
    form = ReferralOutcomeForm(formdata=formdata)
    form.status.choices = choices((s, labels.REFERRAL_STATUS[s])
                                  for s in referral.next_statuses())
    return form


@bp.get("/screenings/<screening_id>/handover")
@role_required("practitioner")
def page(screening_id: str) -> Any:
    """The screening's handovers and its case note; `?service=` opens that service's."""
    service_id = request.args.get("service")
    screening, question_set, found = _completed(screening_id, "handover_view",
                                                service_id or "handovers")
    if service_id is not None:
        referral = _by_service(found, question_set, service_id)
        if referral is None:
            abort(404)
        return redirect(url_for("handover.referral_page", screening_id=screening_id,
                                referral_id=referral.id))
    services = library(current_app).services
    return render_template(
        "handover/overview.html", title=_("Handovers and case note"), screening=screening,
        question_set=question_set, labels=labels,
        handovers=recipients(found, question_set, services),
        service_names={sid: s.name for sid, s in services.items()},
        case_note=_case_note(screening, question_set, found))


def _send_form(teams: list[str], formdata: Any = None) -> SendInToolForm:
    """The choice of the receiving service's team; with one team it is made already."""
    form = SendInToolForm(formdata=formdata)
    form.team.choices = choices((team, team) for team in teams)
    if formdata is None and len(teams) == 1:
        form.team.data = teams[0]
    return form


def _render(screening: Screening, question_set: QuestionSet, referral: Referral,
            found: list[Referral], sent_form: Any = None, outcome_form: Any = None,
            send_form: SendInToolForm | None = None) -> str:
    services = library(current_app).services
    teams = receiving_teams(get_db(), referral.service)
    handover = (_handover(screening, question_set, referral, found)
                if referral.may_hand_over() else None)
    return render_template(
        "handover/page.html", title=_("Handover to %(service)s", service=str(text_in(
            services[referral.service].name, interface_language()))),
        screening=screening, question_set=question_set, referral=referral, handover=handover,
        service=services[referral.service], labels=labels,
        document=document_html(handover) if handover else "",
        history=referral_store.history(get_db(), referral.id),
        sent_form=sent_form or SentForm(formdata=None, data={"sent_on": dt.date.today()}),
        outcome_form=outcome_form or _outcome_form(referral),
        in_tool=bool(teams), send_form=send_form or _send_form(teams))


@bp.get("/screenings/<screening_id>/referrals/<referral_id>/handover")
@role_required("practitioner")
def referral_page(screening_id: str, referral_id: str) -> Any:
    screening, question_set, found = _completed(screening_id, "handover_view", referral_id)
    referral = _referral(found, referral_id)
    if referral not in recipients(found, question_set, library(current_app).services):
        abort(404)
    return _render(screening, question_set, referral, found)


def _document(screening_id: str, referral_id: str | None, kind: str) -> Handover:
    service_id = request.args.get("service")
    screening, question_set, found = _completed(
        screening_id, "handover_download", f"{kind} for {referral_id or service_id or 'first'}")
    referral = (_referral(found, referral_id) if referral_id
                else _by_service(found, question_set, service_id))
    if referral is None:
        abort(404)
    if not referral.may_hand_over():
        abort(409)
    return _handover(screening, question_set, referral, found)


@bp.get("/screenings/<screening_id>/referrals/<referral_id>/handover.txt")
@role_required("practitioner")
def referral_text(screening_id: str, referral_id: str) -> Response:
    return Response(_document(screening_id, referral_id, "text").to_text(),
                    mimetype="text/plain")


@bp.get("/screenings/<screening_id>/referrals/<referral_id>/handover.json")
@role_required("practitioner")
def referral_json(screening_id: str, referral_id: str) -> Response:
    return Response(to_json_text(_document(screening_id, referral_id, "json")),
                    mimetype="application/json")


@bp.get("/screenings/<screening_id>/handover.txt")
@role_required("practitioner")
def text(screening_id: str) -> Response:
    return Response(_document(screening_id, None, "text").to_text(), mimetype="text/plain")


@bp.get("/screenings/<screening_id>/handover.json")
@role_required("practitioner")
def json(screening_id: str) -> Response:
    return Response(to_json_text(_document(screening_id, None, "json")),
                    mimetype="application/json")


@bp.get("/screenings/<screening_id>/case-note.txt")
@role_required("practitioner")
def case_note_text(screening_id: str) -> Response:
    screening, question_set, found = _completed(screening_id, "handover_download", "case note")
    return Response(_case_note(screening, question_set, found), mimetype="text/plain")


def _follow_up(screening_id: str, referral_id: str) -> Any:
    """Back to the referral's handover page, at what followed it."""
    return redirect(url_for("handover.referral_page", screening_id=screening_id,
                            referral_id=referral_id) + "#follow-up")


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/sent")
@role_required("practitioner")
def sent(screening_id: str, referral_id: str) -> Any:
    screening, question_set, found = _completed(screening_id, "change",
                                                f"referral {referral_id}: sent")
    referral = _referral(found, referral_id)
    if not referral.may_hand_over() or referral.status != "not_sent":
        abort(409)
    form = SentForm()
    if not form.validate_on_submit():
        return _render(screening, question_set, referral, found, sent_form=form)
    changed = replace(rules.moved(referral, "sent"), sent_on=form.sent_on.data.isoformat(),
                      sent_how=form.how.data or "")
    referral_store.save_change(get_db(), referral, changed, current_user().id,
                               f"referral to {referral.service} sent by {form.how.data}")
    return _follow_up(screening_id, referral_id)


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/send-in-tool")
@role_required("practitioner")
def send_in_tool(screening_id: str, referral_id: str) -> Any:
    """Send the handover to the service's inbox: its workers read it and answer in the tool."""
    screening, question_set, found = _completed(screening_id, "change",
                                                f"referral {referral_id}: send in the tool")
    referral = _referral(found, referral_id)
    db = get_db()
    teams = receiving_teams(db, referral.service)
    if referral.status != "not_sent" or not teams:
        abort(409)
    formdata = request.form.copy()
    if len(teams) == 1:
        # With one team there is nothing to choose: it goes to that team's inbox.
        formdata.setdefault("team", teams[0])
    form = _send_form(teams, formdata)
    if not form.validate_on_submit():
        if form.errors.keys() - {"team"}:
            abort(400)
        return _render(screening, question_set, referral, found, send_form=form)
    team = str(form.team.data)
    try:
        changed = rules.sent_in_tool(referral, dt.date.today(), team)
    except ReferralError:
        abort(409)
    referral_store.save_change(db, referral, changed, current_user().id,
                               f"referral to {referral.service} sent in the tool to {team}")
    return _follow_up(screening_id, referral_id)


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/outcome")
@role_required("practitioner")
def outcome(screening_id: str, referral_id: str) -> Any:
    screening, question_set, found = _completed(screening_id, "change",
                                                f"referral {referral_id}: outcome")
    referral = _referral(found, referral_id)
    # A referral sent in the tool is answered by its service there, never typed in twice.
    if not referral.next_statuses() or referral.status in ("not_sent", "to_do") or (
            referral.sent_in_tool):
        abort(409)
    form = _outcome_form(referral, formdata=request.form)
    if not form.validate_on_submit():
        return _render(screening, question_set, referral, found, outcome_form=form)
    status = form.status.data or ""
    try:
        changed = rules.answered(referral, status, form.decline_reason.data,
                                 form.first_session_on.data)
    except ReferralError:
        abort(409)
    referral_store.save_change(get_db(), referral, changed, current_user().id,
                               f"referral to {referral.service}: {status}")
    if rules.alerts_victim_safety(referral, status):
        return redirect(url_for("results.result", screening_id=screening_id)
                        + f"#referral-{referral_id}")
    return _follow_up(screening_id, referral_id)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
