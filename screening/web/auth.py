"""Signing in and out, the signed-in user on `g`, and who may open which page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlite_utils.db import NotFoundError

from screening.store import audit
from screening.store.users import User, authenticate, get_user
from screening.web import messages as m
from screening.web.db import get_db
from screening.web.fixed_forms import ActionForm, SignInForm
from screening.web.safety import safe_next

bp = Blueprint("auth", __name__)
View = TypeVar("View", bound=Callable[..., Any])
HOME_BY_ROLE = {"practitioner": "screenings.index", "service_lead": "screenings.lead_home",
                "admin": "admin.users"}


def load_user() -> None:
    """Put the signed-in user on `g`; a disabled or deleted account is signed out at once."""
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    try:
        user: User | None = get_user(get_db(), int(user_id))
    except (NotFoundError, TypeError, ValueError):
        user = None
    if user is None or user.disabled:
        session.clear()
        return
    g.user = user


def current_user() -> User:
    user: User = g.user
    return user


def sign_in_required(view: View) -> View:
    """Send anyone not signed in to the sign-in page, and back here afterwards."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[View], View]:
    """Only these roles; anyone else gets 404 and the attempt is audited."""
    def decorate(view: View) -> View:
        @sign_in_required
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user.role not in roles:
                audit.record(get_db(), user.id, "denied", request.path,
                             f"role {user.role} may not open this page")
                abort(404)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorate


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    if g.get("user") is not None and request.method == "GET":
        return redirect(url_for("home"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        db = get_db()
        user = authenticate(db, form.name.data or "", form.password.data or "")
        if user is not None:
            session.clear()
            session.permanent = True
            session["user_id"] = user.id
            audit.record(db, user.id, "sign_in", f"user/{user.id}")
            return redirect(safe_next(request.args.get("next"), url_for("home")))
        audit.record(db, None, "sign_in_failed", None, f"name {form.name.data!r}")
        failed = True
    form.password.data = ""
    return render_template("sign_in.html", form=form, failed=failed,
                           failed_message=m.SIGN_IN_FAILED, title=_("Sign in"))


@bp.post("/sign-out")
def sign_out() -> Any:
    form = ActionForm()
    user = g.get("user")
    if form.validate_on_submit() and user is not None:
        audit.record(get_db(), user.id, "sign_out", f"user/{user.id}")
        session.clear()
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
