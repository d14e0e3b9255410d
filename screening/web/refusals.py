"""A page the person's role may not use: 403, saying what their role can do and who can do this.

Someone else's screening stays a 404 (screening/web/access.py), so that nobody learns whether it
exists; a role refusal hides nothing, because it is the same for every address of that kind.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, g, render_template
from werkzeug.exceptions import Forbidden

from screening.web.catalog import lazy_gettext as _l

# What each role is for, shown to someone who reached a page of another role.
ROLE_CAN = {
    "practitioner": _l("As a practitioner you start screenings, see your own screenings and "
                       "their handovers, and can screen offline."),
    "service_lead": _l("As a service lead you see anonymised counts of screenings for the teams "
                       "you lead. No one in that role opens an individual screening."),
    "admin": _l("As an administrator you add people and reset their passwords, read the audit "
                "log, review offline screenings and see anonymised counts. No one in that role "
                "opens an individual screening."),
}
# Who may use the page, by the roles a view allows (role_required in screening/web/auth.py).
WHO_CAN = {
    ("practitioner",): _l("Only practitioners can use this page: a screening is started and "
                          "seen only by the practitioner who makes it."),
    ("service_lead",): _l("Only service leads can use this page."),
    ("admin",): _l("Only administrators can use this page."),
    ("admin", "service_lead"): _l("Only service leads and administrators can use this page."),
}
ASK = _l("If your work needs it, ask an administrator for an account with that role.")


class RoleRefused(Forbidden):
    """The signed-in person's role may not use this page; `roles` are those that may."""

    def __init__(self, roles: Iterable[str]) -> None:
        super().__init__()
        self.roles = tuple(sorted(roles))


def role_refused(error: Forbidden) -> tuple[str, int]:
    user = g.get("user")
    roles = getattr(error, "roles", ())
    return render_template("refused.html", title=_l("You cannot use this page"),
                           who_can=WHO_CAN.get(roles), role_can=ROLE_CAN.get(
                               user.role) if user is not None else None, ask=ASK), 403


def init_app(app: Flask) -> None:
    app.register_error_handler(403, role_refused)
