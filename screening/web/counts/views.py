"""Anonymised counts for service leads and admins: a page, and the same table as CSV or JSON.

Each view only parses the request, calls screening.counts and renders; the disclosure rule, the
messages and the formats all live there, shared with `screening export`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request
from markupsafe import Markup

from screening import settings
from screening.counts import (
    CountRequest,
    CountRequestError,
    CountTable,
    DisclosureRule,
    count_table,
    parse_request,
    to_csv,
    to_json,
    trend_chart,
)
from screening.counts.chart import CHART_WORDS
from screening.counts.denominators import DENOMINATOR_SENTENCES, Denominators, denominators
from screening.counts.denominators import ROWS as DENOMINATOR_ROWS
from screening.counts.funnel import STAGES, FunnelRequest, funnel_table
from screening.counts.repeats import REPEAT_SENTENCES, repeats
from screening.store import audit
from screening.store.users import led_teams
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.catalog import gettext as translate  # for templates marked N_ in the domain
from screening.web.counts import forms as counts_forms
from screening.web.counts.forms import CountsForm, counts_form
from screening.web.counts.funnel_forms import MEDIAN_LABELS, STAGE_LABELS
from screening.web.counts.funnel_presenting import funnel_chart, service_names
from screening.web.db import get_db

bp = Blueprint("counts", __name__)
RULE_KEY = "screening.disclosure_rule"
MIMETYPES = {"csv": "text/csv", "json": "application/json"}


def disclosure_rule() -> DisclosureRule:
    """SCREENING_SUPPRESS_BELOW and SCREENING_ROUND_TO as a rule; a bad pair stops start-up."""
    return DisclosureRule(int(str(settings.read("SUPPRESS_BELOW"))),
                          int(str(settings.read("ROUND_TO"))))


def _counts(form: CountsForm, teams: list[str] | None, shown_as: str) -> CountTable:
    """The protected table for what the form asks, over the teams this user may see; audited."""
    asked = parse_request(form.date_from.data or "", form.date_to.data or "", form.by, teams)
    table = count_table(get_db().conn, asked, current_app.extensions[RULE_KEY])
    _audit(shown_as, asked)
    return table


def _audit(shown_as: str, asked: CountRequest) -> None:
    # What was asked for and by whom, never the counts themselves.
    teams = "all" if asked.teams is None else "; ".join(asked.teams) or "none"
    audit.record(get_db(), current_user().id, "export_counts", None,
                 f"{shown_as} from {asked.date_from.isoformat()} to {asked.date_to.isoformat()} "
                 f"by {','.join(d.name for d in asked.by)} teams {teams}")


@bp.get("/counts")
@role_required("service_lead", "admin")
def page() -> Any:
    form, teams = counts_form(request.args, dt.date.today()), led_teams(get_db(), current_user())
    table = chart = None
    try:
        table = _counts(form, teams, "page")
    except CountRequestError as error:
        form.place(error)
    if table is not None and table.request.period is not None:
        title = counts_forms.TREND_TITLES[table.request.period.name]
        # trend_chart escapes every label and the title it writes into the SVG.
        words = {key: str(translate(text)) for key, text in CHART_WORDS.items()}
        chart = Markup(trend_chart(table, str(title), words))  # noqa: S704  # nosec B704
    asked = None if table is None else table.request
    enquiry: Denominators | None = None
    if asked is not None and asked.by[0].name in DENOMINATOR_ROWS:
        enquiry = denominators(get_db().conn, asked, asked.by[0].name,
                               current_app.extensions[RULE_KEY])
    funnel = None if asked is None else funnel_table(
        get_db().conn, FunnelRequest(asked.date_from, asked.date_to, asked.teams),
        current_app.extensions[RULE_KEY])
    rules = " ".join(counts_forms.said(s) for s in disclosure_rule().sentences(
        any(d.needs_flags for d in table.request.by),
        any(d.needs_referrals for d in table.request.by))) if table is not None else ""
    return render_template("counts/page.html", title=_("Counts of screenings"), form=form,
                           rules=rules, denominators=enquiry, funnel=funnel,
                           funnel_chart=funnel_chart(funnel) if funnel else None,
                           names=service_names(funnel) if funnel else {},
                           stages=STAGES, stage_labels=STAGE_LABELS,
                           median_labels=MEDIAN_LABELS,
                           repeats=None if asked is None else repeats(
                               get_db().conn, asked, current_app.extensions[RULE_KEY]),
                           repeat_rules=" ".join(counts_forms.said(s) for s in REPEAT_SENTENCES),
                           denominator_rules=" ".join(counts_forms.said(s)
                                                      for s in DENOMINATOR_SENTENCES),
                           table=table, chart=chart, has_errors=table is None, teams=teams,
                           dimension_labels=counts_forms.DIMENSION_LABELS,
                           value_label=counts_forms.value_label)


def refused_download(error: CountRequestError) -> tuple[str, int]:
    """A download that cannot be made: the page says why, as the form would."""
    return render_template("error.html", title=_("These counts cannot be downloaded"),
                           message=counts_forms.said(error.wording)), 400


def attachment(body: str, kind: str, name: str) -> Response:
    """Counts as a file to save (CSV or JSON), never kept by a browser or proxy."""
    response = Response(body, mimetype=MIMETYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/counts.<any(csv, json):kind>")
@role_required("service_lead", "admin")
def download(kind: str) -> Any:
    form = counts_form(request.args, dt.date.today())
    try:
        table = _counts(form, led_teams(get_db(), current_user()), kind)
    except CountRequestError as error:
        return refused_download(error)
    asked = table.request
    name = (f"screening-counts-{asked.date_from.isoformat()}-to-{asked.date_to.isoformat()}-"
            f"{'-'.join(table.dims)}.{kind}")
    return attachment(to_csv(table) if kind == "csv" else to_json(table), kind, name)


def init_app(app: Flask) -> None:
    app.extensions[RULE_KEY] = disclosure_rule()
    app.register_blueprint(bp)
