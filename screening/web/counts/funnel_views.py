"""The referral funnel for service leads and admins: a page with a chart, and CSV or JSON.

Each view only parses the request, calls screening.counts.funnel and renders; the disclosure
rule is the counts page's, and so is the audit record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request

from screening.counts import CountRequestError
from screening.counts.funnel import (
    STAGES,
    FunnelTable,
    funnel_sentences,
    funnel_table,
    parse_funnel_request,
)
from screening.counts.funnel_render import funnel_csv, funnel_json
from screening.store import audit
from screening.store.users import led_teams
from screening.web import labels
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.counts import forms as counts_forms
from screening.web.counts.funnel_forms import MEDIAN_LABELS, STAGE_LABELS, FunnelForm, funnel_form
from screening.web.counts.funnel_presenting import funnel_chart, service_charts, service_names
from screening.web.counts.views import RULE_KEY, attachment, refused_download
from screening.web.db import get_db

bp = Blueprint("funnel", __name__)


def _funnel(form: FunnelForm, shown_as: str) -> FunnelTable:
    """The protected funnel for what the form asks, over the teams this user may see; audited."""
    teams = led_teams(get_db(), current_user())
    asked = parse_funnel_request(form.date_from.data or "", form.date_to.data or "", teams,
                                 form.setting.data, tuple(labels.SETTINGS))
    table = funnel_table(get_db().conn, asked, current_app.extensions[RULE_KEY])
    # What was asked for and by whom, never the counts themselves.
    scope = "all" if asked.teams is None else "; ".join(asked.teams) or "none"
    audit.record(get_db(), current_user().id, "export_counts", None,
                 f"funnel {shown_as} from {asked.date_from.isoformat()} to "
                 f"{asked.date_to.isoformat()} setting {asked.setting or 'all'} teams {scope}")
    return table


@bp.get("/counts/funnel")
@role_required("service_lead", "admin")
def page() -> Any:
    form = funnel_form(request.args, dt.date.today())
    table = None
    try:
        table = _funnel(form, "page")
    except CountRequestError as error:
        form.place(error)
    rule = current_app.extensions[RULE_KEY]
    return render_template(
        "counts/funnel.html", title=_("Referrals and what followed"), form=form, table=table,
        chart=funnel_chart(table) if table is not None else None,
        service_charts=service_charts(table) if table is not None else [],
        names=service_names(table) if table is not None else {},
        rules=" ".join(counts_forms.said(s) for s in funnel_sentences(rule)),
        stages=STAGES, stage_labels=STAGE_LABELS, median_labels=MEDIAN_LABELS,
        teams=led_teams(get_db(), current_user()))


@bp.get("/counts/funnel.<any(csv, json):kind>")
@role_required("service_lead", "admin")
def download(kind: str) -> Any:
    form = funnel_form(request.args, dt.date.today())
    try:
        table = _funnel(form, kind)
    except CountRequestError as error:
        return refused_download(error)
    asked = table.request
    name = (f"referral-funnel-{asked.date_from.isoformat()}-to-{asked.date_to.isoformat()}"
            f"{'-' + asked.setting if asked.setting else ''}.{kind}")
    return attachment(funnel_csv(table) if kind == "csv" else funnel_json(table), kind, name)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
