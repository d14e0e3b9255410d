"""The funnel page's form, and the words it shows for stages and waits."""

from __future__ import annotations

import datetime as dt

from werkzeug.datastructures import MultiDict
from wtforms import SelectField

from screening.counts import CountRequestError
from screening.web import labels
from screening.web.catalog import lazy_gettext as _l
from screening.web.counts.forms import DateRangeForm, twelve_months_to_today
from screening.web.fields import choices
from screening.web.i18n import said

STAGE_LABELS = {
    "offered": _l("Offered"), "consented": _l("Consented"), "sent": _l("Sent"),
    "accepted": _l("Accepted"), "engaged": _l("Engaged"), "completed": _l("Completed"),
    "dropped_out": _l("Dropped out"),
}
MEDIAN_LABELS = {"days_to_sent": _l("Median days from screening to sent"),
                 "days_to_first_session": _l("Median days from sent to first session")}


class FunnelForm(DateRangeForm):
    """The funnel page's question: the dates, then one setting or every one."""

    setting = SelectField(_l("Setting"), validate_choice=False,
                          choices=choices([("", _l("Every setting")),
                                           *labels.SETTINGS.items()]))

    def place(self, error: CountRequestError) -> None:
        """Show a request error beside the field it is about."""
        field = {"from": self.date_from, "to": self.date_to}.get(error.field, self.setting)
        field.errors = [said(error.wording)]

    def query(self) -> dict[str, str]:
        """The request as URL parameters, for the download links."""
        query = {"from": self.date_from.data or "", "to": self.date_to.data or ""}
        if self.setting.data:
            query["setting"] = self.setting.data
        return query


def funnel_form(args: MultiDict[str, str], today: dt.date) -> FunnelForm:
    """What was asked for; on a first visit, the twelve months to today in every setting."""
    if any(args.get(name) for name in ("from", "to", "setting")):
        return FunnelForm(formdata=args)
    start, end = twelve_months_to_today(today)
    return FunnelForm(data={"date_from": start.isoformat(), "date_to": end.isoformat(),
                            "setting": ""})
