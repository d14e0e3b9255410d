"""The referral funnel per service: how many referrals reached each stage, with median days.

A referral counts at every stage it reached, read from its current status (a completed referral
was sent, accepted and engaged) and from its dated history in `referral_events` (a `no_contact`
after an acceptance was accepted). Triggers keep that on the referral as a set of stage bits
(screening/store/funnel_columns.py), so one pass of SQLite over one index returns counts per
service, stages and pair of whole-day waits; the medians are read from those counts, and no
referral ever leaves the database. Every count then goes through the disclosure rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from screening.counts.disclosure import HIDDEN, DisclosureRule
from screening.counts.request import CountRequestError, parse_request
from screening.counts.secondary import hidden_in_column
from screening.store.db import Readable, rows
from screening.store.funnel_columns import INDEX_NAME, unpack_key
from screening.wording import N_, Template, Wording

STAGES = ("offered", "consented", "sent", "accepted", "engaged", "completed", "dropped_out")
MEDIANS = ("days_to_sent", "days_to_first_session")
NO_VALUE = "-"  # a median of nobody
# The bit of each stage in referrals.stages, kept up to date by triggers on every write
# (screening/store/funnel_columns.py), with the screening's day, team and setting beside it.
STAGE_BITS = {stage: 1 << i for i, stage in enumerate(STAGES)}
# Which stage's count a median is worked out over: it is shown only when that count is.
MEDIAN_STAGE = {"days_to_sent": "sent", "days_to_first_session": "engaged"}
NOT_A_SETTING = Template("choose_listed_setting", N_(
    "Choose a setting from the list, or every setting; '%(typed)s' is not one"))


@dataclass(frozen=True)
class FunnelRequest:
    """Completion dates inclusive; teams None means every team; setting None means every one."""

    date_from: dt.date
    date_to: dt.date
    teams: tuple[str, ...] | None = None
    setting: str | None = None


def parse_funnel_request(date_from: str, date_to: str, teams: Sequence[str] | None = None,
                         setting: str | None = None,
                         known_settings: Sequence[str] = ()) -> FunnelRequest:
    """Check what was typed; raise CountRequestError naming the field (from, to or setting)."""
    dates = parse_request(date_from, date_to, "setting", teams)
    chosen = (setting or "").strip() or None
    if chosen is not None and known_settings and chosen not in known_settings:
        raise CountRequestError("setting", NOT_A_SETTING, typed=chosen)
    return FunnelRequest(dates.date_from, dates.date_to, dates.teams, chosen)


@dataclass(frozen=True)
class RawFunnel:
    """Unprotected: per service, the count at each stage and whole-day waits with how many."""

    stages: Mapping[str, Mapping[str, int]]  # service -> stage -> count
    waits: Mapping[str, Mapping[str, Mapping[int, int]]]  # service -> median -> days -> count


def build_funnel_query(request: FunnelRequest) -> tuple[str, list[Any]]:
    """One read through the referrals_by_funnel_key index, grouped in its own order: no join,
    no sort. Only fixed text and '?' marks are formatted in; values are bound."""
    params: list[Any] = [_julian_day(request.date_from), _julian_day(request.date_to)]
    # The unary + keeps SQLite reading the index straight through rather than seeking once per
    # (service, key) for the date range: with most referrals in range that is slower.
    where = ("+r.funnel_key > 0 AND +r.screening_completed_day >= ? AND "
             "+r.screening_completed_day <= ?")
    if request.teams is not None:
        marks = ", ".join("?" * len(request.teams))
        where += f" AND +r.screening_team IN ({marks})" if request.teams else " AND 0"
        params += request.teams
    if request.setting is not None:
        where += " AND +r.screening_setting = ?"
        params.append(request.setting)
    sql = ("SELECT r.service, r.funnel_key, count(*) AS n "  # noqa: S608  # nosec B608
           f"FROM referrals AS r INDEXED BY {INDEX_NAME} WHERE {where} GROUP BY 1, 2")
    return sql, params


def _julian_day(day: dt.date) -> int:
    """The day as SQLite's julianday() gives it at midnight, whole: 2000-01-01 is 2451544."""
    return day.toordinal() + 1721424


def raw_funnel(conn: Readable, request: FunnelRequest) -> RawFunnel:
    """Counts straight from the database; pass them to protect_funnel, never to a person."""
    sql, params = build_funnel_query(request)
    stages: dict[str, dict[str, int]] = {}
    waits: dict[str, dict[str, dict[int, int]]] = {}
    for row in rows(conn, sql, params):
        service, count = row["service"], int(str(row["n"]))
        reached, to_sent, to_session = unpack_key(int(str(row["funnel_key"])))
        at = stages.setdefault(str(service), dict.fromkeys(STAGES, 0))
        for stage, bit in STAGE_BITS.items():
            if reached & bit:
                at[stage] += count
        for name, days in zip(MEDIANS, (to_sent, to_session), strict=True):
            if days is not None:
                bins = waits.setdefault(str(service), {}).setdefault(name, {})
                bins[days] = bins.get(days, 0) + count
    return RawFunnel(stages, waits)


def median(bins: Mapping[int, int]) -> float | None:
    """The median of values given as value -> how many; None for nobody."""
    size = sum(bins.values())
    if size == 0:
        return None
    middle, seen, lower = (size - 1) / 2, 0, None
    for value in sorted(bins):
        seen += bins[value]
        if lower is None and seen > middle:
            lower = value
        if seen > size / 2:
            return (lower + value) / 2 if lower is not None else float(value)
    raise AssertionError("unreachable: the bins add up to size")


def _days(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"{value:g}"


@dataclass(frozen=True)
class FunnelTable:
    """Rows by service, a column per stage, then the medians; a Total row across services."""

    request: FunnelRequest
    services: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]  # per service: each stage
    totals: tuple[str, ...]
    medians: tuple[tuple[str, ...], ...]  # per service: each of MEDIANS
    total_medians: tuple[str, ...]
    rules: str


def funnel_sentences(rule: DisclosureRule) -> tuple[Wording, ...]:
    """The rule applied and how the funnel counts, sentence by sentence, for the page."""
    return (*rule.sentences(), *FUNNEL_SENTENCES)


FUNNEL_SENTENCES = (
    Template("funnel_stages_protected", N_(
        "Each stage is protected on its own, with its total across services."))(),
    Template("funnel_every_stage_reached", N_(
        "A referral counts at every stage it reached: a completed referral was also sent, "
        "accepted and engaged."))(),
    Template("funnel_consented", N_(
        "Consented counts only referrals made with the person's consent."))(),
    Template("funnel_medians_shown", N_(
        "A median number of days is shown only where the count it is worked out from is "
        "shown."))(),
)


def _median_shown(rule: DisclosureRule, bins: Mapping[int, int], stage_text: str) -> str:
    size = sum(bins.values())
    if size == 0:
        return NO_VALUE
    if stage_text == HIDDEN or rule.is_primary(size):
        return HIDDEN
    return _days(median(bins))


def protect_funnel(request: FunnelRequest, raw: RawFunnel, rule: DisclosureRule) -> FunnelTable:
    """Hide and round each stage's counts with its total; medians follow their stage's count."""
    services = tuple(sorted(raw.stages))
    shown: list[list[str]] = [[] for _ in services]
    totals: list[str] = []
    for stage in STAGES:
        column = [raw.stages[service][stage] for service in services]
        hidden = hidden_in_column(column, rule.is_primary)
        for i, value in enumerate(column):
            shown[i].append(rule.shown(value, (i, 0) in hidden))
        totals.append(rule.shown(sum(column), (len(services), 0) in hidden))
    medians = []
    for i, service in enumerate(services):
        waits = raw.waits.get(service, {})
        medians.append(tuple(_median_shown(rule, waits.get(name, {}),
                                           shown[i][STAGES.index(MEDIAN_STAGE[name])])
                             for name in MEDIANS))
    total_medians = []
    for name in MEDIANS:
        every: dict[int, int] = {}
        for waits in raw.waits.values():
            for days, n in waits.get(name, {}).items():
                every[days] = every.get(days, 0) + n
        total_medians.append(_median_shown(rule, every, totals[STAGES.index(MEDIAN_STAGE[name])]))
    rules = " ".join(s.english() for s in funnel_sentences(rule))
    return FunnelTable(request, services, tuple(tuple(row) for row in shown), tuple(totals),
                       tuple(medians), tuple(total_medians), rules)


def funnel_table(conn: Readable, request: FunnelRequest,
                 rule: DisclosureRule) -> FunnelTable:
    """The protected funnel: the one function the page, the downloads and the command call."""
    return protect_funnel(request, raw_funnel(conn, request), rule)
