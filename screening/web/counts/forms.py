"""The counts page's form, and the words it shows for dimensions and their values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, StringField

from screening.counts import DIMENSIONS, CountRequestError
from screening.web import labels
from screening.web.catalog import lazy_gettext as _l
from screening.web.fields import choices
from screening.web.i18n import said

DIMENSION_LABELS = {
    "week": _l("Week"), "month": _l("Month"), "quarter": _l("Quarter"), "year": _l("Year"),
    "setting": _l("Setting"), "team": _l("Team"), "question_set": _l("Question set and version"),
    "outcome": _l("Outcome"), "risk_level": _l("Risk level"), "pathway": _l("Pathway"),
    "consent": _l("Consent to referral"), "handover": _l("Handover and what followed"),
    "flag": _l("Safety flag raised"), "enquiry": _l("Asked, declined or not safe to ask"),
    "referral_service": _l("Service referred to"), "referral_basis": _l("Basis of referral"),
    "referral_status": _l("Where the referral got to"),
    "age_band": _l("Age band"), "disclosure_level": _l("Level from the person's own account"),
    "partner_risk_level": _l("Partner's DASH risk level"),
}
# The chart's title, whole, so each language can word it its own way.
TREND_TITLES = {"week": _l("Screenings per week"), "month": _l("Screenings per month"),
                "quarter": _l("Screenings per quarter"), "year": _l("Screenings per year")}
_NOT_RECORDED = {"not_recorded": _l("Not recorded")}
_NOT_ASKED = {"not_asked": _l("Not asked")}
VALUE_LABELS: dict[str, Mapping[str, object]] = {
    "setting": labels.SETTINGS,
    "risk_level": {**labels.RISK_LEVELS, **_NOT_RECORDED},
    "outcome": _NOT_RECORDED,
    "pathway": {"none": _l("No pathway")},
    "consent": {"yes": _l("Consented"), "no": _l("Did not consent"),
                "override": _l("Safeguarding duty overrode their decision"),
                "not_asked": _l("Not asked")},
    "handover": labels.HANDOVER_STATUS,
    "flag": {"none": _l("No flag")},
    "enquiry": {"asked": _l("Asked"), **labels.ENQUIRY_NOT_ASKED},
    "referral_service": {"none": _l("No referral")},
    "referral_basis": {**labels.BASES, "none": _l("No referral")},
    "referral_status": {**labels.REFERRAL_STATUS, "none": _l("No referral")},
    "age_band": {"under_18": _l("Under 18"), "18_24": "18-24", "25_34": "25-34",
                 "35_49": "35-49", "50_plus": _l("50 and over"), **_NOT_RECORDED,
                 **_NOT_ASKED},
    "disclosure_level": {**labels.DISCLOSURE_LEVELS, **_NOT_RECORDED, **_NOT_ASKED},
    "partner_risk_level": {**labels.RISK_LEVELS, **_NOT_RECORDED, **_NOT_ASKED},
}
DEFAULT_ROWS = "month"
_DIMENSION_CHOICES = [(name, DIMENSION_LABELS[name]) for name in DIMENSIONS]


def value_label(dimension: str, value: str) -> str:
    """A value in words where the tool has words for it; else the stored value (a period, a
    team, a question set's own code)."""
    return str(VALUE_LABELS.get(dimension, {}).get(value, value))


def twelve_months_to_today(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first day of the month eleven months before this one, to today: twelve months,
    the last one so far, so a lead looking on the 2nd sees the work of the 1st."""
    month_index = today.year * 12 + today.month - 1 - 11
    return dt.date(month_index // 12, month_index % 12 + 1, 1), today


class DateRangeForm(Form):
    """Read from the query string: asking for counts changes nothing, so it needs no token."""

    date_from = StringField(_l("From"), name="from",
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    date_to = StringField(_l("To"), name="to",
                          render_kw={"autocomplete": "off", "spellcheck": "false"})


class CountsForm(DateRangeForm):
    """The counts page's question: the dates, then the table's rows and columns."""

    rows = SelectField(_l("Rows"), validate_choice=False,
                       choices=choices(_DIMENSION_CHOICES))
    columns = SelectField(_l("Columns (optional)"), validate_choice=False,
                          choices=choices([("", _l("None: one column of counts")),
                                           *_DIMENSION_CHOICES]))

    @property
    def by(self) -> list[str]:
        return [name for name in (self.rows.data, self.columns.data) if name]

    def place(self, error: CountRequestError) -> None:
        """Show a request error beside the field it is about."""
        if error.field == "from":
            field = self.date_from
        elif error.field == "to":
            field = self.date_to
        else:  # a problem with the dimensions is the rows' if they are unknown, else the columns'
            field = self.rows if self.rows.data not in DIMENSIONS else self.columns
        field.errors = [said(error.wording)]

    def query(self) -> dict[str, str]:
        """The request as URL parameters, for the download links."""
        query = {"from": self.date_from.data or "", "to": self.date_to.data or "",
                 "rows": self.rows.data or ""}
        if self.columns.data:
            query["columns"] = self.columns.data
        return query


def counts_form(args: MultiDict[str, str], today: dt.date) -> CountsForm:
    """What was asked for; on a first visit, by month over the twelve months to today."""
    if any(args.get(name) for name in ("from", "to", "rows", "columns")):
        return CountsForm(formdata=args)
    start, end = twelve_months_to_today(today)
    return CountsForm(data={"date_from": start.isoformat(), "date_to": end.isoformat(),
                            "rows": DEFAULT_ROWS, "columns": ""})

