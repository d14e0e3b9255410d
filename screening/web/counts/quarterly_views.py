"""The quarterly return as a printable page: the same protected tables as
`screening export --report quarterly`, over the teams this user may see; audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request
from wtforms import Form, StringField

from screening.counts import CountRequestError
from screening.counts.denominators import DENOMINATOR_SENTENCES
from screening.counts.funnel import FUNNEL_SENTENCES, STAGES
from screening.counts.quarterly import parse_quarter, quarter_of, quarterly_return
from screening.counts.repeats import REPEAT_SENTENCES
from screening.store import audit
from screening.store.users import led_teams
from screening.web.auth import current_user, role_required
from screening.web.catalog import gettext as _
from screening.web.catalog import lazy_gettext as _l
from screening.web.counts import forms as counts_forms
from screening.web.counts.funnel_forms import MEDIAN_LABELS, STAGE_LABELS
from screening.web.counts.funnel_presenting import funnel_chart, service_charts, service_names
from screening.web.counts.views import RULE_KEY
from screening.web.db import get_db

bp = Blueprint("quarterly", __name__)


class QuarterForm(Form):
    """Read from the query string: asking for counts changes nothing, so it needs no token."""

    quarter = StringField(_l("Quarter"), render_kw={"autocomplete": "off", "spellcheck": "false"})


@bp.get("/counts/quarterly")
@role_required("service_lead", "admin")
def page() -> Any:
    form = QuarterForm(request.args) if request.args.get("quarter") is not None else \
        QuarterForm(data={"quarter": quarter_of(dt.date.today()).label})
    teams = led_teams(get_db(), current_user())
    rule = current_app.extensions[RULE_KEY]
    found = None
    try:
        quarter = parse_quarter(form.quarter.data or "")
    except CountRequestError as error:
        form.quarter.errors = [counts_forms.said(error.wording)]
    else:
        found = quarterly_return(get_db().conn, quarter, rule,
                                 None if teams is None else tuple(teams))
        # What was asked for and by whom, never the counts themselves.
        scope = "all" if teams is None else "; ".join(teams) or "none"
        audit.record(get_db(), current_user().id, "export_counts", None,
                     f"quarterly page {quarter.label} teams {scope}")
    sentences = (*rule.sentences(), *FUNNEL_SENTENCES, *DENOMINATOR_SENTENCES,
                 *REPEAT_SENTENCES)
    return render_template(
        "counts/quarterly.html", form=form,
        title=_("Quarterly return %(quarter)s", quarter=found.quarter.label) if found else
        _("Quarterly return"), report=found,
        teams=teams, chart=funnel_chart(found.funnel) if found else None,
        service_charts=service_charts(found.funnel) if found else [],
        names=service_names(found.funnel) if found else {},
        rules=" ".join(counts_forms.said(s) for s in sentences), stages=STAGES,
        stage_labels=STAGE_LABELS, median_labels=MEDIAN_LABELS,
        dimension_labels=counts_forms.DIMENSION_LABELS, value_label=counts_forms.value_label)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
