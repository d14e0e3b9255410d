"""The admin page: add, disable, enable and reset users (as `screening users` does); a service
worker is added with the service whose referrals they answer."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from sqlite_utils.db import NotFoundError

from screening.referrals import receiving_services
from screening.store import audit
from screening.store.users import (
    CAN_SIGN_IN_AGAIN,
    CANNOT_SIGN_IN,
    ORGANISATION_ONLY,
    PASSWORD_ALLOWED,
    User,
    UserError,
    add_user,
    find_user,
    get_user,
    list_users,
    reset_password,
    set_disabled,
    set_sso_only,
)
from screening.web import labels, library
from screening.web import messages as m
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.db import get_db
from screening.web.fields import choices
from screening.web.fixed_forms import ActionForm, AddUserForm
from screening.web.i18n import interface_language, said, text_in

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _add_form(empty: bool = False) -> AddUserForm:
    """The form (empty, or as sent), offering each service that receives referrals."""
    form = AddUserForm(formdata=None) if empty else AddUserForm()
    services = library(current_app).services
    form.service.choices = choices((sid, text_in(services[sid].name, interface_language()))
                                   for sid in receiving_services(services))
    return form


def _render(form: AddUserForm, status: int = 200) -> tuple[str, int]:
    services = library(current_app).services
    return render_template("admin/users.html", title=_("Users"), form=form,
                           users=list_users(get_db()), labels=labels,
                           service_names={sid: text_in(s.name, interface_language())
                                          for sid, s in services.items()}), status


def _password_page(user: User, password: str, added: bool) -> str:
    return render_template("admin/password.html", title=_("Give this password to %(name)s",
                                                          name=user.name),
                           shown_user=user, password=password, added=added)


@bp.get("/users")
@role_required("admin")
def users() -> Any:
    return _render(_add_form(empty=True))


@bp.post("/users")
@role_required("admin")
def add() -> Any:
    form, db = _add_form(), get_db()
    if not form.validate_on_submit():
        return _render(form)
    if find_user(db, form.name.data or ""):
        form.name.errors.append(str(m.USER_EXISTS))
        return _render(form)
    try:
        user, password = add_user(db, form.name.data or "", form.role.data or "",
                                  form.team.data or "", email=form.email.data or None,
                                  service=form.service.data or None,
                                  services=receiving_services(library(current_app).services))
    except UserError as error:
        if error.wording.code == "email_exists":
            form.email.errors.append(str(m.EMAIL_EXISTS))
        elif error.wording.code == "email_format":
            form.email.errors.append(str(m.EMAIL_FORMAT))
        else:
            form.name.errors.append(str(m.USER_EXISTS))
        return _render(form)
    audit.record(db, current_user().id, "user_add", f"user/{user.id}",
                 f"{user.role} in {user.team}"
                 + (f" for {user.service}" if user.service else "")
                 + (f", organisation account {user.email}" if user.email else ""))
    return _password_page(user, password, added=True)


def _target(user_id: int) -> User:
    try:
        return get_user(get_db(), user_id)
    except NotFoundError:
        abort(404)


@bp.post("/users/<int:user_id>/<any(disable, enable):change>")
@role_required("admin")
def toggle(user_id: int, change: str) -> Any:
    user = _target(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user().id:
        flash(str(m.CANNOT_DISABLE_SELF), "error")
        return redirect(url_for("admin.users"))
    set_disabled(get_db(), user.id, change == "disable")
    audit.record(get_db(), current_user().id, f"user_{change}", f"user/{user.id}")
    flash(said((CANNOT_SIGN_IN if change == "disable" else CAN_SIGN_IN_AGAIN)(name=user.name)))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/<any('organisation-only', 'allow-password'):change>")
@role_required("admin")
def password_allowed(user_id: int, change: str) -> Any:
    """Make a user sign in with their organisation account only, or allow their password."""
    user = _target(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    only = change == "organisation-only"
    set_sso_only(get_db(), user.id, only)
    audit.record(get_db(), current_user().id, "user_sso_only" if only else "user_password_allowed",
                 f"user/{user.id}")
    flash(said((ORGANISATION_ONLY if only else PASSWORD_ALLOWED)(name=user.name)))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset")
@role_required("admin")
def reset(user_id: int) -> Any:
    user = _target(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    password = reset_password(get_db(), user.id)
    audit.record(get_db(), current_user().id, "user_reset", f"user/{user.id}")
    return _password_page(user, password, added=False)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
