"""Dates, times, numbers and counted words in the interface language, all through Babel.

Pages show `24 November 2026`, `24 Tachwedd 2026`, `24 listopada 2026`; what a machine reads
(JSON, CSV, form values, the stored data) stays ISO.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

from babel import Locale
from babel.dates import format_time, get_datetime_format
from flask import Flask
from flask_babel import format_date, format_decimal, get_locale, to_user_timezone

from screening.web.catalog import gettext, ngettext

# The placeholder a script fills with the count; ngettext leaves it in the text for it.
SCRIPT_COUNT = "%(count)s"


def _moment(value: dt.datetime | str | None) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _date(value: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A day; a stored moment (ISO with a time, in UTC) is the day it was where the tool is."""
    if not value:
        return None
    if isinstance(value, str) and len(value) == 10:
        return dt.date.fromisoformat(value)
    if isinstance(value, str | dt.datetime):
        moment = _moment(value)
        return to_user_timezone(moment).date() if moment else None
    return value


def local_date(value: dt.date | dt.datetime | str | None) -> str:
    """A day as people write it in the interface language; '' for none."""
    day = _date(value)
    return format_date(day, "long") if day else ""


def local_datetime(value: dt.datetime | str | None) -> str:
    """A stored UTC moment as the local day and time (UK time by default); '' for none."""
    moment = _moment(value)
    if moment is None:
        return ""
    local = to_user_timezone(moment)
    locale = get_locale() or Locale("en", "GB")
    # The locale's own way of joining a date and a time ("{1}, {0}", "{1} {0}", …).
    pattern = get_datetime_format("medium", locale=locale)
    return (pattern.replace("'", "").replace("{1}", format_date(local, "long"))
            .replace("{0}", format_time(local, "short", locale=locale)))


def local_number(value: int | float | str) -> str:
    """A number with the locale's digit grouping; text such as '*' is shown as it is."""
    if isinstance(value, str):
        return value if not value.strip().lstrip("-").isdigit() else format_decimal(int(value))
    return format_decimal(value)


def local_list(items: Iterable[object]) -> str:
    """Items joined the way the language separates them in a list ("، " in Arabic)."""
    return gettext(", ").join(str(item) for item in items)


def plural_samples(locale: Locale | None = None) -> dict[str, int]:
    """A whole number in each plural category of the locale (Welsh: zero, one, two, few, many,
    other), for the script's Intl.PluralRules to pick from."""
    locale = locale or get_locale() or Locale("en")
    return dict(_plural_samples(str(locale)))


@functools.lru_cache(maxsize=64)
def _plural_samples(tag: str) -> tuple[tuple[str, int], ...]:
    """plural_samples for one locale, worked out once: it was ~16% of every page."""
    plural_form = Locale.parse(tag).plural_form
    samples: dict[str, int] = {}
    for number in range(200):
        samples.setdefault(plural_form(number), number)
    return tuple(samples.items())


def for_script(counted: Callable[[int], str]) -> dict[str, str]:
    """A counted message in every plural category of the interface language; `%(count)s`
    stays in each for the script. `other` is always there, as the script's fallback."""
    forms = {category: counted(number) for category, number in plural_samples().items()}
    forms.setdefault("other", counted(100))
    return forms


Words = TypeVar("Words")


def per_locale(build: Callable[[], Words]) -> Callable[[], Words]:
    """Worked out once per locale in each process: the words in every plural form, sent on
    every page, only change when the catalogs do (and those are read once, at start)."""
    made: dict[str, Words] = {}

    @functools.wraps(build)
    def cached() -> Words:
        tag = str(get_locale())
        if tag not in made:
            made[tag] = build()
        return made[tag]
    return cached


@per_locale
def device_counts() -> dict[str, dict[str, str]]:
    """The counted words of the offline badge and the sign-out warning, for status.js."""
    return {
        "waiting": for_script(lambda n: ngettext(
            "%(count)s screening waiting to be sent", "%(count)s screenings waiting to be sent",
            n, count=SCRIPT_COUNT)),
        "unsent_warning": for_script(lambda n: ngettext(
            "%(count)s screening on this device has not been sent. If you sign out now it is "
            "deleted from this device and lost.",
            "%(count)s screenings on this device have not been sent. If you sign out now they "
            "are deleted from this device and lost.", n, count=SCRIPT_COUNT)),
    }


@per_locale
def session_counts() -> dict[str, dict[str, str]]:
    """The countdown before a session ends, in minutes or seconds, for session-timeout.js."""
    return {
        "minutes": for_script(lambda n: ngettext(
            "%(count)s minute", "%(count)s minutes", n, count=SCRIPT_COUNT)),
        "seconds": for_script(lambda n: ngettext(
            "%(count)s second", "%(count)s seconds", n, count=SCRIPT_COUNT)),
    }


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(local_date=local_date, local_datetime=local_datetime,
                                 local_number=local_number, local_list=local_list)
    app.jinja_env.globals.update(device_counts=device_counts, session_counts=session_counts)
