"""What counts can be grouped by: a fixed map of dimension name to SQL, and how values are ordered.

No SQL in a count query comes from anywhere else: a request names dimensions, and only the
expressions below ever reach the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# A period's SQL is applied to the completion day ('YYYY-MM-DD') after screenings are grouped
# by day, so the costly per-row work is one substr() whatever the period.
DAY_SQL = "substr(s.completed_at, 1, 10)"
_THURSDAY = "date({day}, '-3 days', 'weekday 4')"  # ISO weeks belong to the year of their Thursday


@dataclass(frozen=True)
class Dimension:
    """One way of grouping screenings. `sql` reads `s` (screenings) and `f` (its flags), or for
    a period the completion day, written `{day}`."""

    name: str
    sql: str
    help: str
    is_period: bool = False
    needs_flags: bool = False
    needs_referrals: bool = False
    first: tuple[str, ...] = ()
    last: tuple[str, ...] = ()

    def ordered(self, values: Iterable[str]) -> tuple[str, ...]:
        """Values in the order a reader expects: known ones first, then A to Z, then 'none'."""
        def key(value: str) -> tuple[int, int, str]:
            if value in self.first:
                return (0, self.first.index(value), "")
            if value in self.last:
                return (2, self.last.index(value), "")
            return (1, 0, value)
        return tuple(sorted(set(values), key=key))


def _period(name: str, sql: str, help: str) -> Dimension:
    return Dimension(name, sql, help, is_period=True)


PERIODS = (
    _period("week", f"printf('%s-W%02d', strftime('%Y', {_THURSDAY}), "
                    f"(strftime('%j', {_THURSDAY}) - 1) / 7 + 1)", "ISO week, like 2026-W09"),
    _period("month", "substr({day}, 1, 7)", "calendar month, like 2026-03"),
    _period("quarter",
            "substr({day}, 1, 4) || '-Q' || ((CAST(substr({day}, 6, 2) AS INTEGER) + 2) / 3)",
            "calendar quarter, like 2026-Q1"),
    _period("year", "substr({day}, 1, 4)", "calendar year, like 2026"),
)

CATEGORIES = (
    Dimension("setting", "s.setting", "where the screening happened"),
    Dimension("team", "s.team", "the practitioner's team"),
    Dimension("question_set", "s.questionnaire || ' v' || s.version",
              "question set and version, like routine-enquiry v1"),
    Dimension("outcome", "coalesce(s.outcome, 'not_recorded')", "the scoring band",
              first=("negative", "positive", "no_concerns", "standard", "medium", "high"),
              last=("not_recorded",)),
    Dimension("risk_level", "coalesce(s.risk_level, 'not_recorded')", "the risk level",
              first=("none", "standard", "medium", "high"), last=("not_recorded",)),
    Dimension("pathway", "coalesce(s.pathway_primary, 'none')", "the first service offered",
              last=("none",)),
    Dimension("consent", "coalesce(s.consent_referral, 'not_asked')", "consent to referral",
              first=("yes", "no", "override"), last=("not_asked",)),
    Dimension("handover", "s.handover_status", "whether a handover was sent and what followed",
              first=("not_sent", "sent", "accepted", "declined", "no_response")),
    Dimension("flag", "coalesce(f.flag_id, 'none')", "safety flag raised, once per flag",
              needs_flags=True, last=("none",)),
    Dimension("enquiry", "s.enquiry", "asked, declined by the person, or not safe to ask",
              first=("asked", "declined", "not_safe_to_ask")),
    Dimension("age_band", "coalesce(s.age_band, 'not_asked')",
              "age band, where the question set asks age",
              first=("under_18", "18_24", "25_34", "35_49", "50_plus", "not_recorded"),
              last=("not_asked",)),
    # Two dimensions, never one column: a person's own account and a partner's DASH risk are
    # different measures, and adding them up would count neither.
    Dimension("disclosure_level",
              "CASE WHEN s.level_kind = 'disclosure' THEN coalesce(s.risk_level, "
              "'not_recorded') ELSE 'not_asked' END",
              "the level from the person's own account (sets asked of the person)",
              first=("none", "standard", "medium", "high", "not_recorded"),
              last=("not_asked",)),
    Dimension("partner_risk_level",
              "CASE WHEN s.level_kind = 'risk' THEN coalesce(s.risk_level, 'not_recorded') "
              "ELSE 'not_asked' END",
              "the partner's DASH risk level (sets asked of the partner)",
              first=("standard", "medium", "high", "not_recorded"), last=("not_asked",)),
    Dimension("referral_service", "coalesce(r.service, 'none')",
              "service referred to, once per referral", needs_referrals=True, last=("none",)),
    Dimension("referral_basis", "coalesce(r.basis, 'none')",
              "basis of each referral (consent, safeguarding…), once per referral",
              needs_referrals=True,
              first=("consent", "safeguarding", "information_sharing", "information",
                     "emergency"), last=("none",)),
    Dimension("referral_status", "coalesce(r.status, 'none')",
              "where each referral got to, once per referral", needs_referrals=True,
              first=("not_sent", "sent", "accepted", "declined", "no_response", "no_contact",
                     "engaged", "completed", "dropped_out", "to_do", "done",
                     "not_proceeding"), last=("none",)),
)

DIMENSIONS = {dimension.name: dimension for dimension in PERIODS + CATEGORIES}


def period_label(period: str, day: dt.date) -> str:
    """The label SQL gives `day` for this period: 2026-W09, 2026-03, 2026-Q1 or 2026."""
    if period == "week":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month + 2) // 3}"
    return str(day.year)


def _next_start(period: str, day: dt.date) -> dt.date:
    """The first day of the period after the one holding `day`."""
    if period == "week":
        return day + dt.timedelta(days=7 - day.weekday())
    if period == "year":
        return dt.date(day.year + 1, 1, 1)
    months = 1 if period == "month" else 3
    first_month = day.month if period == "month" else (day.month - 1) // 3 * 3 + 1
    month_index = day.year * 12 + first_month - 1 + months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def period_labels(period: str, start: dt.date, end: dt.date, limit: int) -> tuple[str, ...]:
    """Every period from start to end (at most `limit` + 1), so an empty period still shows as 0."""
    labels: list[str] = []
    day = start
    while day <= end and len(labels) <= limit:
        labels.append(period_label(period, day))
        try:
            day = _next_start(period, day)
        except (OverflowError, ValueError):  # past 9999-12-31: there is no next period
            break
    return tuple(labels)
