"""Denominators (NICE QS116): who was offered the enquiry, asked in private, declined or not safe
to ask, and of those who disclosed, how many were offered a referral.

The enquiry counts are an ordinary two-way table (rows by setting, team or period; a column per
enquiry outcome; the row total is everyone offered), protected like any other. Disclosures and
referrals offered are each a column protected with its total; the proportion is worked out from
the rounded counts as shown, so it tells a reader nothing the counts do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.counts.dimensions import DAY_SQL, DIMENSIONS, Dimension
from screening.counts.disclosure import HIDDEN, DisclosureRule
from screening.counts.query import raw_counts
from screening.counts.request import CountRequest, CountRequestError
from screening.counts.secondary import hidden_in_column
from screening.counts.table import CountTable, build_table
from screening.store.db import Readable, rows
from screening.wording import N_, Template

ROWS = ("setting", "team", "week", "month", "quarter", "year")
ENQUIRY = ("asked", "declined", "not_safe_to_ask")
NO_VALUE = "-"
# Disclosed: asked, a set asked of the person, and a level above 'none'. A partner's DASH
# checklist is an assessment of risk to them, not a disclosure.
DISCLOSED_SQL = ("s.enquiry = 'asked' AND s.level_kind = 'disclosure' AND "
                 "coalesce(s.risk_level, 'none') <> 'none'")
OFFERED_SQL = ("EXISTS (SELECT 1 FROM referrals AS r WHERE r.screening_id = s.id AND "
               "r.basis IN ('consent', 'safeguarding', 'information_sharing'))")
DENOMINATOR_SENTENCES = (
    Template("denominators_offered", N_(
        "Offered counts every screening: asked in private, declined by the person, or not safe "
        "to ask."))(),
    Template("denominators_disclosure", N_(
        "A disclosure is a person asked in private whose own account gave a level above none; "
        "offered a referral means at least one referral to a service."))(),
    Template("denominators_proportions", N_(
        "Proportions are worked out from the rounded counts shown, so they reveal nothing the "
        "counts do not."))(),
)
NOT_A_DENOMINATOR_ROW = Template("denominator_rows", N_(
    "Denominators are counted by %(names)s; choose one of them, not %(name)s"))


@dataclass(frozen=True)
class Denominators:
    """The protected enquiry table, then per row: disclosures, those offered a referral, and
    the proportion (a whole percentage, '*' or '-'); the last of each is the total."""

    enquiry: CountTable
    disclosures: tuple[str, ...]
    offered_referral: tuple[str, ...]
    proportions: tuple[str, ...]


def denominator_request(request: CountRequest, by: str) -> CountRequest:
    """The same dates and teams, with rows `by` one of ROWS and a column per enquiry outcome."""
    if by not in ROWS:
        raise CountRequestError("by", NOT_A_DENOMINATOR_ROW, names=", ".join(ROWS), name=by)
    return CountRequest(request.date_from, request.date_to,
                        (DIMENSIONS[by], DIMENSIONS["enquiry"]), request.teams)


def _disclosure_sql(request: CountRequest, dimension: Dimension) -> tuple[str, list[str]]:
    key = DAY_SQL if dimension.is_period else dimension.sql
    params = [request.date_from.isoformat(), request.date_to.isoformat() + "~"]
    where = "s.status = 'complete' AND s.completed_at >= ? AND s.completed_at < ?"
    if request.teams is not None:
        marks = ", ".join("?" * len(request.teams))
        where += f" AND s.team IN ({marks})" if request.teams else " AND 0"
        params += request.teams
    # Only fixed expressions from this module and DIMENSIONS are formatted in; values are bound.
    inner = (f"SELECT {key} AS k, count(*) AS n, sum({OFFERED_SQL}) AS o "  # noqa: S608  # nosec B608
             f"FROM screenings AS s WHERE {where} AND {DISCLOSED_SQL} GROUP BY 1")
    outer_key = dimension.sql.replace("{day}", "k") if dimension.is_period else "k"
    return f"SELECT {outer_key} AS k, sum(n) AS n, sum(o) AS o FROM ({inner}) GROUP BY 1", params  # noqa: S608  # nosec B608


def _protected(values: list[int], rule: DisclosureRule) -> list[str]:
    every = [*values, sum(values)]
    hidden = hidden_in_column(values, rule.is_primary)
    return [rule.shown(value, (i, 0) in hidden) for i, value in enumerate(every)]


def _proportion(offered: str, disclosed: str) -> str:
    if HIDDEN in (offered, disclosed):
        return HIDDEN
    if int(disclosed) == 0:
        return NO_VALUE
    return f"{round(100 * int(offered) / int(disclosed))}%"


def denominators(conn: Readable, request: CountRequest, by: str,
                 rule: DisclosureRule) -> Denominators:
    """The protected denominators for these dates and teams, by setting, team or a period."""
    asked = denominator_request(request, by)
    raw = raw_counts(conn, asked)
    for label in {key[0] for key in raw} | set(asked.periods()):
        for outcome in ENQUIRY:  # every outcome is a column, even where none happened
            raw.setdefault((label, outcome), 0)
    enquiry = build_table(asked, raw, rule)
    sql, params = _disclosure_sql(asked, asked.by[0])
    found = {str(row["k"]): (int(str(row["n"])), int(str(row["o"])))
             for row in rows(conn, sql, params)}
    disclosed = _protected([found.get(label, (0, 0))[0] for label in enquiry.rows], rule)
    offered = _protected([found.get(label, (0, 0))[1] for label in enquiry.rows], rule)
    proportions = tuple(_proportion(o, d) for o, d in zip(offered, disclosed, strict=True))
    return Denominators(enquiry, tuple(disclosed), tuple(offered), proportions)
