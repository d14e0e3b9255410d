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

MAX_PERIODS = 1000  # a table longer than this is unreadable and slow to protect
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD_NAMES = ", ".join(p.name for p in PERIODS)
_ALL_NAMES = ", ".join(DIMENSIONS)


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

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _date(field: str, text: str, example: str) -> dt.date:
    what = "start" if field == "from" else "end"
    if not _DATE.fullmatch(text.strip()):
        raise CountRequestError(field, f"Enter the {what} date as YYYY-MM-DD, for example "
                                       f"{example}")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CountRequestError(field, f"Enter a real {what} date as YYYY-MM-DD, for example "
                                       f"{example}; {text.strip()} does not exist") from None


def _dimensions(by: str | Sequence[str]) -> tuple[Dimension, ...]:
    names = [n.strip() for n in (by.split(",") if isinstance(by, str) else by) if n.strip()]
    if not names:
        raise CountRequestError("by", f"Choose one or two of: {_ALL_NAMES}")
    unknown = [n for n in names if n not in DIMENSIONS]
    if unknown:
        raise CountRequestError("by", f"Counts cannot be grouped by {unknown[0]!r}; choose one or "
                                      f"two of: {_ALL_NAMES}")
    if len(names) > 2:
        raise CountRequestError("by", f"Choose at most two of: {_ALL_NAMES}; you chose "
                                      f"{len(names)} ({', '.join(names)})")
    if len(names) == 2 and names[0] == names[1]:
        raise CountRequestError("by", f"Choose two different ones; you chose {names[0]} twice")
    dimensions = tuple(DIMENSIONS[n] for n in names)
    if all(d.is_period for d in dimensions) and len(dimensions) == 2:
        raise CountRequestError("by", f"Choose at most one period ({_PERIOD_NAMES}); you chose "
                                      f"{names[0]} and {names[1]}")
    return dimensions


def parse_request(date_from: str, date_to: str, by: str | Sequence[str],
                  teams: Sequence[str] | None = None) -> CountRequest:
    """Check what was typed or chosen; raise CountRequestError naming the field and the fix."""
    start = _date("from", date_from, "2026-01-01")
    end = _date("to", date_to, "2026-03-31")
    if end < start:
        raise CountRequestError("to", f"The end date must be the same as or after the start date "
                                      f"({start.isoformat()})")
    chosen = None if teams is None else tuple(dict.fromkeys(t.strip() for t in teams if t.strip()))
    request = CountRequest(start, end, _dimensions(by), chosen)
    if len(request.periods()) > MAX_PERIODS:
        period = request.period.name if request.period else "period"
        raise CountRequestError("to", f"Choose a shorter date range or a longer period: a table "
                                      f"can show at most {MAX_PERIODS} periods, and this range "
                                      f"has more than {MAX_PERIODS} {period}s")
    return request
