"""The signed-in person's own account: changing their password at /account/password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session

from screening.store import audit, sign_in_limits
from screening.store.users import MIN_PASSWORD_LENGTH, UserError, change_own_password
from screening.web import messages as m
from screening.web import sessions
from screening.web.auth import current_user, sign_in_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fixed_forms import ChangePasswordForm
from screening.web.i18n import said

bp = Blueprint("account", __name__, url_prefix="/account")


def _limits() -> sign_in_limits.Limits:
    config = current_app.config
    return sign_in_limits.Limits(int(config["SIGNIN_MAX_FAILURES"]),
                                 int(config["SIGNIN_MAX_FAILURES_PER_ADDRESS"]),
                                 int(config["SIGNIN_LOCKOUT_SECONDS"]))


def _page(form: ChangePasswordForm, status: int = 200) -> tuple[str, int]:
    for field in (form.current_password, form.new_password, form.confirm_password):
        field.data = ""  # a password is never sent back in a page
    return render_template("account/password.html", title=_("Change your password"),
                           form=form, has_errors=bool(form.errors),
                           min_length=MIN_PASSWORD_LENGTH), status


@bp.route("/password", methods=["GET", "POST"])
@sign_in_required
def password() -> Any:
    user, db, form = current_user(), get_db(), ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(form)
    address, moment = request.remote_addr or "unknown", sessions.clock()
    # A wrong current password counts as a failed sign-in: an unattended session cannot be
    # used to guess it any faster than the sign-in page allows.
    lockout = sign_in_limits.lockout(db, user.name, address, _limits(), moment)
    if lockout is not None:
        form.current_password.errors.append(m.sign_in_locked(lockout.minutes_left(moment)))
        return _page(form, 429)
    try:
        ended = change_own_password(db, user.id, form.current_password.data or "",
                                    form.new_password.data or "",
                                    str(session.get(sessions.SIGN_IN)))
    except UserError as error:
        words = said(error.wording)
        if error.wording.code == "wrong_current_password":
            form.current_password.errors.append(words)
            audit.record(db, user.id, "password_change_failed", f"user/{user.id}",
                         "current password wrong")
            sign_in_limits.record_failure(db, user.name, address, _limits(), moment)
        else:
            form.new_password.errors.append(words)
        return _page(form)
    audit.record(db, user.id, "password_change", f"user/{user.id}",
                 f"own password changed; {ended} other sign-in(s) ended")
    flash(_("Your password was changed. You are still signed in here; anywhere else you were "
            "signed in, you will need the new password."))
    return redirect(request.path)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
