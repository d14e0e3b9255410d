"""Signing in and out, the signed-in user on `g`, and who may open which page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException

from screening.store import audit, sign_in_limits, sign_ins
from screening.store.crypto import sealer_for
from screening.store.users import User, authenticate, find_user
from screening.web import messages as m
from screening.web import oidc, sessions
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fixed_forms import ActionForm, SignInForm
from screening.web.refusals import RoleRefused
from screening.web.safety import has_control_characters, safe_next

bp = Blueprint("auth", __name__)
View = TypeVar("View", bound=Callable[..., Any])
HOME_BY_ROLE = {"practitioner": "screenings.index", "service_lead": "screenings.lead_home",
                "admin": "admin.users", "service_worker": "inbox.index"}


def load_user() -> None:
    """Put the signed-in user on `g`; a disabled or deleted account is signed out at once."""
    g.user = None
    user_id, token = session.get(sessions.USER_ID), session.get(sessions.SIGN_IN)
    if user_id is None:
        return
    try:
        row = sign_ins.user_row(get_db(), str(token), int(user_id)) if token else None
    except (TypeError, ValueError):
        row = None
    if row is None or row["disabled"]:
        # Signed out elsewhere, a new password, a disabled account, or a session from before
        # sign-ins were kept: sign in again. A cookie that outlived its sign-in may be a copy.
        if token:
            audit.record(get_db(), None, "session_refused", f"user/{user_id}",
                         f"{request.method} {request.path}: this sign-in has ended (signed "
                         f"out, new password or account disabled)")
        sessions.end("account disabled" if row is not None else "ended")
        return
    g.user = User.from_row(row)


def current_user() -> User:
    user: User = g.user
    return user


def _return_to() -> str | None:
    """Where to come back to after signing in: this page, or for a form sent, the page it is
    on when that page can be opened (a question page can; a button's address cannot)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    try:
        current_app.url_map.bind("localhost").match(request.path, method="GET")
    except HTTPException:
        return None
    return request.path


def sign_in_required(view: View) -> View:
    """Send anyone not signed in to the sign-in page, and back here afterwards."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.sign_in", next=_return_to()))
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[View], View]:
    """Only these roles; anyone else gets 403, a page saying who can (screening/web/refusals.py),
    and the attempt is audited. A receiving service's worker gets 404 instead."""
    def decorate(view: View) -> View:
        @sign_in_required
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user.role not in roles:
                audit.record(get_db(), user.id, "denied", request.path,
                             f"role {user.role} may not open this page")
                if user.role == "service_worker":
                    # Someone from a receiving service is told nothing about the rest of the
                    # tool, not even that a page exists.
                    abort(404)
                raise RoleRefused(roles)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorate


def typed_name(name: str) -> str:
    """A typed sign-in name as the audit log keeps it: a user's own name, or, for a name that
    matches no user (often a password typed into the wrong box), only a keyed fingerprint."""
    db = get_db()
    user = find_user(db, name)
    if user is not None:
        return f"name {user.name!r}"
    fingerprint = sealer_for(db).fingerprint(sign_in_limits.name_key(name), "sign-in name")
    return f"unknown name hmac:{fingerprint}"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    if has_control_characters(request.args.get("next") or ""):
        # A line break in where to go afterwards is no address a page of ours made: refused
        # before anyone signs in, rather than after (it cannot go into a Location header).
        return render_template("error.html", title=str(m.BAD_RETURN_ADDRESS_TITLE),
                               message=str(m.BAD_RETURN_ADDRESS)), 400
    if g.get("user") is not None and request.method == "GET":
        return redirect(url_for("home"))
    form = SignInForm()
    failed: Any = None
    signed_out_because = session.pop(sessions.SIGNED_OUT_BECAUSE, None)
    if form.validate_on_submit():
        db, name, address = get_db(), form.name.data or "", request.remote_addr or "unknown"
        limits, moment = _limits(), sessions.clock()
        lockout = sign_in_limits.lockout(db, name, address, limits, moment)
        if lockout is not None:
            audit.record(db, None, "sign_in_refused", None,
                         f"{lockout.scope} locked out: {typed_name(name)} from {address}")
            return _locked(form, lockout, moment)
        user = authenticate(db, name, form.password.data or "")
        if user is not None and user.sso_only:
            # Told only once the password is right, so that it says nothing about a name.
            audit.record(db, user.id, "sign_in_refused", f"user/{user.id}",
                         f"password refused: organisation account only, from {address}")
            return _sign_in_page(form, m.SIGN_IN_ORGANISATION_ONLY, None), 403
        if user is not None:
            sign_in_limits.forget_name(db, name)
            # A new session on sign-in, keeping only the language chosen; a sign-in this
            # browser had before ends, so no copy of its cookie lives on.
            sessions.end("signed in again")
            sessions.begin(user.id)
            audit.record(db, user.id, "sign_in", f"user/{user.id}", f"from {address}")
            return redirect(safe_next(request.args.get("next"), url_for("home")))
        audit.record(db, None, "sign_in_failed", None, f"{typed_name(name)} from {address}")
        lockout = sign_in_limits.record_failure(db, name, address, limits, moment)
        if lockout is not None:
            audit.record(db, None, "sign_in_locked", None,
                         f"{lockout.scope} locked out for {lockout.minutes_left(moment)} "
                         f"minutes: {typed_name(name)} from {address}")
            return _locked(form, lockout, moment)
        failed = m.SIGN_IN_FAILED
    return _sign_in_page(form, failed, signed_out_because)


def _limits() -> sign_in_limits.Limits:
    config = current_app.config
    return sign_in_limits.Limits(int(config["SIGNIN_MAX_FAILURES"]),
                                 int(config["SIGNIN_MAX_FAILURES_PER_ADDRESS"]),
                                 int(config["SIGNIN_LOCKOUT_SECONDS"]))


def _locked(form: SignInForm, lockout: sign_in_limits.Lockout, moment: float) -> Any:
    minutes = lockout.minutes_left(moment)
    page = _sign_in_page(form, m.sign_in_locked(minutes), None)
    return page, 429, {"Retry-After": str(int(lockout.until - moment) + 1)}


def _sign_in_page(form: SignInForm, failed: Any, signed_out_because: str | None) -> str:
    """The page, with why sign-in failed, or why the last session ended."""
    form.password.data = ""
    config = current_app.config
    signed_out = None
    if signed_out_because == "idle":
        signed_out = m.signed_out_idle(int(config["IDLE_TIMEOUT_SECONDS"]) // 60)
    elif signed_out_because == "absolute":
        signed_out = m.signed_out_absolute(int(config["ABSOLUTE_TIMEOUT_SECONDS"]) // 3600)
    provider_sign_out = (oidc.provider_sign_out_url()
                         if session.pop(oidc.OFFER_PROVIDER_SIGN_OUT, None) else None)
    return render_template("sign_in.html", form=form, failed=bool(failed),
                           failed_message=failed, signed_out=signed_out, title=_("Sign in"),
                           organisation_button=oidc.button_text(),
                           provider_sign_out=provider_sign_out)


@bp.post("/sign-out")
def sign_out() -> Any:
    form = ActionForm()
    user = g.get("user")
    if form.validate_on_submit() and user is not None:
        audit.record(get_db(), user.id, "sign_out", f"user/{user.id}")
        with_organisation = session.get(oidc.SIGNED_IN_WITH) == "oidc"
        sessions.end("signed out")
        if with_organisation:
            # The provider's own sign-in lives on: the sign-in page offers to end it too.
            session[oidc.OFFER_PROVIDER_SIGN_OUT] = True
    return redirect(url_for("auth.sign_in"))


def home() -> Any:
    """The start page for each role."""
    user = g.get("user")
    if user is None:
        return redirect(url_for("auth.sign_in"))
    return redirect(url_for(HOME_BY_ROLE[user.role]))


def init_app(app: Flask) -> None:
    app.before_request(load_user)
    app.context_processor(lambda: {"user": g.get("user")})
    app.add_url_rule("/", "home", sign_in_required(home))
    app.register_blueprint(bp)
