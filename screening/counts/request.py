"""What a service lead asks for: a date range, one or two dimensions and the teams in scope.

Every message a person sees for a request that cannot be counted is written here, once, for the
command line and the web page alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from screening.counts.dimensions import DIMENSIONS, PERIODS, Dimension, period_labels
from screening.wording import N_, Template, Wording

MAX_PERIODS = 1000  # a table longer than this is unreadable and slow to protect
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD_NAMES = ", ".join(p.name for p in PERIODS)
_ALL_NAMES = ", ".join(DIMENSIONS)

ENTER_START = Template("enter_start_date", N_(
    "Enter the start date as YYYY-MM-DD, for example %(example)s"))
ENTER_END = Template("enter_end_date", N_(
    "Enter the end date as YYYY-MM-DD, for example %(example)s"))
REAL_START = Template("enter_real_start_date", N_(
    "Enter a real start date as YYYY-MM-DD, for example %(example)s; %(typed)s does not exist"))
REAL_END = Template("enter_real_end_date", N_(
    "Enter a real end date as YYYY-MM-DD, for example %(example)s; %(typed)s does not exist"))
CHOOSE_DIMENSIONS = Template("choose_dimensions", N_("Choose one or two of: %(names)s"))
UNKNOWN_DIMENSION = Template("unknown_dimension", N_(
    "Counts cannot be grouped by '%(name)s'; choose one or two of: %(names)s"))
TOO_MANY_DIMENSIONS = Template("too_many_dimensions", N_(
    "Choose at most two of: %(names)s; you chose %(count)s (%(chosen)s)"))
SAME_DIMENSION_TWICE = Template("same_dimension_twice", N_(
    "Choose two different ones; you chose %(name)s twice"))
FLAG_AND_REFERRAL = Template("flag_and_referral_dimensions", N_(
    "Choose flag or a referral dimension, not both"))
TWO_PERIODS = Template("two_periods", N_(
    "Choose at most one period (%(periods)s); you chose %(first)s and %(second)s"))
END_BEFORE_START = Template("end_before_start", N_(
    "The end date must be the same as or after the start date (%(start)s)"))
TOO_MANY_PERIODS = Template("too_many_periods", N_(
    "Choose a shorter date range or a longer period: a table can show at most %(most)s periods "
    "(%(period)s), and this range has more"))


@dataclass(frozen=True)
class CountRequest:
    """Checked parameters of one count: dates inclusive; teams None means every team."""

    date_from: dt.date
    date_to: dt.date
    by: tuple[Dimension, ...]
    teams: tuple[str, ...] | None = None

    @property
    def period(self) -> Dimension | None:
        return next((d for d in self.by if d.is_period), None)

    def periods(self) -> tuple[str, ...]:
        """Labels of every period in the range, or () when no period is asked for."""
        period = self.period
        if period is None:
            return ()
        return period_labels(period.name, self.date_from, self.date_to, MAX_PERIODS)


class CountRequestError(ValueError):
    """A request that cannot be counted; `field` is from, to, by or team."""

    def __init__(self, field: str, template: Template, **params: object) -> None:
        self.wording: Wording = template(**params)
        super().__init__(self.wording.english())
        self.field = field
        self.message = self.wording.english()


def _date(field: str, text: str, example: str) -> dt.date:
    start = field == "from"
    if not _DATE.fullmatch(text.strip()):
        raise CountRequestError(field, ENTER_START if start else ENTER_END, example=example)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CountRequestError(field, REAL_START if start else REAL_END, example=example,
                                typed=text.strip()) from None


def _dimensions(by: str | Sequence[str]) -> tuple[Dimension, ...]:
    names = [n.strip() for n in (by.split(",") if isinstance(by, str) else by) if n.strip()]
    if not names:
        raise CountRequestError("by", CHOOSE_DIMENSIONS, names=_ALL_NAMES)
    unknown = [n for n in names if n not in DIMENSIONS]
    if unknown:
        raise CountRequestError("by", UNKNOWN_DIMENSION, name=unknown[0], names=_ALL_NAMES)
    if len(names) > 2:
        raise CountRequestError("by", TOO_MANY_DIMENSIONS, names=_ALL_NAMES, count=len(names),
                                chosen=", ".join(names))
    if len(names) == 2 and names[0] == names[1]:
        raise CountRequestError("by", SAME_DIMENSION_TWICE, name=names[0])
    dimensions = tuple(DIMENSIONS[n] for n in names)
    if any(d.needs_flags for d in dimensions) and any(d.needs_referrals for d in dimensions):
        # Each screening would count once per flag *and* referral: a number nobody can read.
        raise CountRequestError("by", FLAG_AND_REFERRAL)
    if all(d.is_period for d in dimensions) and len(dimensions) == 2:
        raise CountRequestError("by", TWO_PERIODS, periods=_PERIOD_NAMES, first=names[0],
                                second=names[1])
    return dimensions


def parse_request(date_from: str, date_to: str, by: str | Sequence[str],
                  teams: Sequence[str] | None = None) -> CountRequest:
    """Check what was typed or chosen; raise CountRequestError naming the field and the fix."""
    start = _date("from", date_from, "2026-01-01")
    end = _date("to", date_to, "2026-03-31")
    if end < start:
        raise CountRequestError("to", END_BEFORE_START, start=start.isoformat())
    chosen = None if teams is None else tuple(dict.fromkeys(t.strip() for t in teams if t.strip()))
    request = CountRequest(start, end, _dimensions(by), chosen)
    if len(request.periods()) > MAX_PERIODS:
        period = request.period.name if request.period else "period"
        raise CountRequestError("to", TOO_MANY_PERIODS, most=MAX_PERIODS, period=period)
    return request
