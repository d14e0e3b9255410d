"""Repeat disclosures without identity: how many people disclosed in a period, and how many of
them had disclosed before within the 12 months, counted by a keyed pseudonym of their team and
local record number. Only the counts leave the database; no pseudonym ever does.

Disclosed once and disclosed again add up to the people who disclosed, so the three are one
protected column with its total: neither small group can be worked out from the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.counts.denominators import DISCLOSED_SQL
from screening.counts.disclosure import DisclosureRule
from screening.counts.request import CountRequest
from screening.counts.secondary import hidden_in_column
from screening.store.db import Readable, rows
from screening.wording import N_, Template

GROUPS = ("disclosed_once", "disclosed_again")
REPEAT_SENTENCES = (
    Template("repeats_keyed_code", N_(
        "People are told apart by a keyed code made from their team and local record number, "
        "never by name; disclosures with no record number cannot be followed and are counted "
        "apart."))(),
    Template("repeats_disclosed_again", N_(
        "Disclosed again: the person had disclosed before, within the 12 months before a "
        "disclosure in this period."))(),
)
_EARLIER = DISCLOSED_SQL.replace("s.", "p.")


@dataclass(frozen=True)
class Repeats:
    """Protected: people who disclosed once, again, in all; disclosures with no number."""

    disclosed_once: str
    disclosed_again: str
    people: str
    without_number: str


def _where(request: CountRequest) -> tuple[str, list[str]]:
    params = [request.date_from.isoformat(), request.date_to.isoformat() + "~"]
    where = ("s.status = 'complete' AND s.completed_at >= ? AND s.completed_at < ? AND "
             f"{DISCLOSED_SQL}")
    if request.teams is not None:
        marks = ", ".join("?" * len(request.teams))
        where += f" AND s.team IN ({marks})" if request.teams else " AND 0"
        params += request.teams
    return where, params


def raw_repeats(conn: Readable, request: CountRequest) -> tuple[int, int, int]:
    """(people, of whom disclosed again, disclosures with no record number): unprotected."""
    where, params = _where(request)
    # Only fixed expressions and '?' marks are formatted in; values are bound.
    sql = (f"SELECT count(DISTINCT s.person_key) AS people, "  # noqa: S608  # nosec B608
           "count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM screenings AS p "
           "WHERE p.person_key = s.person_key AND "
           "p.status = 'complete' AND p.completed_at < s.completed_at AND "
           f"p.completed_at >= strftime('%Y-%m-%dT%H:%M:%S', s.completed_at, '-12 months') AND "
           f"{_EARLIER}) THEN s.person_key END) AS again, "
           f"sum(s.person_key IS NULL) AS unnumbered FROM screenings AS s WHERE {where}")
    found = rows(conn, sql, params)[0]
    people, again, unnumbered = (int(str(found[name] or 0))
                                 for name in ("people", "again", "unnumbered"))
    return people, again, unnumbered


def repeats(conn: Readable, request: CountRequest, rule: DisclosureRule) -> Repeats:
    """The protected repeat-disclosure counts for these dates and teams."""
    people, again, without = raw_repeats(conn, request)
    column = [people - again, again]
    hidden = hidden_in_column(column, rule.is_primary)
    once_text, again_text = (rule.shown(v, (i, 0) in hidden) for i, v in enumerate(column))
    return Repeats(once_text, again_text, rule.shown(people, (2, 0) in hidden),
                   rule.shown(without, rule.is_primary(without)))
