"""What the referring practitioner records on each referral: consent, the reason a safeguarding or
information-sharing referral goes ahead, a review decision, an action done, and telling the
victim safety service when the person stops engaging."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    request,
    url_for,
)

from screening import referrals as rules
from screening.referrals import Referral, ReferralError
from screening.store import audit
from screening.store import referrals as referral_store
from screening.store.db import now, transaction
from screening.store.screenings import Screening
from screening.web import library
from screening.web.auth import current_user, role_required
from screening.web.db import get_db
from screening.web.fixed_forms import ActionForm
from screening.web.practitioner.referral_cards import form_for
from screening.web.practitioner.result_views import completed, render_result
from screening.web.referral_common import VICTIM_SAFETY_PROMPT, WHAT_HAPPENED

bp = Blueprint("referrals", __name__)


def _open(screening_id: str, referral_id: str, what: str) -> tuple[Screening, Any, Referral] | Any:
    opened = completed(screening_id, "change", f"referral {referral_id}: {what}")
    if not isinstance(opened, tuple):
        return opened
    screening, question_set = opened
    referral_store.ensure(get_db(), screening, library(current_app).basis_of)
    referral = referral_store.get(get_db(), referral_id)
    if referral is None or referral.screening_id != screening.id:
        abort(404)
    return screening, question_set, referral


def _back(screening_id: str, referral: Referral) -> Response:
    return redirect(url_for("results.result", screening_id=screening_id)
                    + f"#referral-{referral.id}")


def _change(screening_id: str, referral_id: str, kind: str,
            apply: Callable[[Referral, Any], Referral], describe: Callable[[Any], str]) -> Any:
    """Validate the referral's form, apply the change through the domain, save and audit it."""
    opened = _open(screening_id, referral_id, kind)
    if not isinstance(opened, tuple):
        return opened
    screening, question_set, referral = opened
    if referral.needs() != kind:
        abort(409)
    form = form_for(kind, referral, formdata=request.form)
    if not form.validate_on_submit():
        return render_result(screening, question_set, bound=(referral.id, form))
    return _save_change(screening_id, referral, lambda: apply(referral, form),
                        f"referral to {referral.service}: {describe(form)}")


def _save_change(screening_id: str, referral: Referral, make: Callable[[], Referral],
                 what: str) -> Any:
    """The changed referral through the domain's rules (409 when they refuse), saved with
    its audit entry in one transaction; back to the result."""
    try:
        changed = make()
    except ReferralError:
        abort(409)
    referral_store.save_change(get_db(), referral, changed, current_user().id, what)
    return _back(screening_id, referral)


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/consent")
@role_required("practitioner")
def consent(screening_id: str, referral_id: str) -> Any:
    return _change(screening_id, referral_id, "consent",
                   lambda r, f: rules.with_consent(r, f.consent.data or ""),
                   lambda f: f"consent {f.consent.data}")


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/reason")
@role_required("practitioner")
def reason(screening_id: str, referral_id: str) -> Any:
    return _change(screening_id, referral_id, "reason",
                   lambda r, f: rules.with_reason(r, f.reason.data or ""),
                   lambda f: "reason recorded")


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/review")
@role_required("practitioner")
def review(screening_id: str, referral_id: str) -> Any:
    return _change(screening_id, referral_id, "review",
                   lambda r, f: rules.with_review(r, f.decision.data or "", f.reason.data or ""),
                   lambda f: f"review decision {f.decision.data}")


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/done")
@role_required("practitioner")
def done(screening_id: str, referral_id: str) -> Any:
    opened = _open(screening_id, referral_id, "done")
    if not isinstance(opened, tuple):
        return opened
    _screening, _question_set, referral = opened
    if not ActionForm().validate_on_submit():
        abort(400)
    return _save_change(screening_id, referral,
                        lambda: replace(rules.moved(referral, "done"), done_at=now()),
                        f"{referral.service} recorded as done")


@bp.post("/screenings/<screening_id>/referrals/<referral_id>/tell-victim-safety")
@role_required("practitioner")
def tell_victim_safety(screening_id: str, referral_id: str) -> Any:
    opened = _open(screening_id, referral_id, "tell the victim safety service")
    if not isinstance(opened, tuple):
        return opened
    _screening, _question_set, referral = opened
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_db()
    if not rules.alerts_victim_safety(referral, referral.status) or (
            referral_store.prompted_for(db, referral.id) is not None):
        abort(409)
    service = library(current_app).services.get(referral.service)
    name = service.name["en"] if service else referral.service
    with transaction(db):
        made = referral_store.prompt_victim_safety(db, referral, VICTIM_SAFETY_PROMPT.format(
            what=WHAT_HAPPENED.get(referral.status, referral.status), service=name),
            current_user().id)
        audit.record(db, current_user().id, "change", f"screening/{screening_id}",
                     f"victim safety service told of {referral.status} from {referral.service}")
    return _back(screening_id, made)


@bp.get("/screenings/<screening_id>/referrals.json")
@role_required("practitioner")
def as_json(screening_id: str) -> Any:
    """Each referral for programs: service, basis, consent, status and its handover's URLs."""
    opened = completed(screening_id, "referrals_download", "referrals.json")
    if not isinstance(opened, tuple):
        return opened
    screening, _question_set = opened
    found = referral_store.ensure(get_db(), screening, library(current_app).basis_of)
    return jsonify({"screening": screening.id, "referrals": [{
        "id": r.id, "service": r.service, "role": r.role, "basis": r.basis,
        "consent": r.consent, "held": r.held, "review": r.review, "status": r.status,
        "needs": r.needs(), "sent_on": r.sent_on, "first_session_on": r.first_session_on,
        "handover": ({kind: url_for(f"handover.referral_{kind}", screening_id=screening.id,
                                    referral_id=r.id, _external=False)
                      for kind in ("page", "text", "json")} if r.is_handover else None),
    } for r in found]})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
