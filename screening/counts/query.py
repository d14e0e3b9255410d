"""Raw counts of completed screenings, aggregated by SQLite; only totals ever leave the database."""

from __future__ import annotations

from screening.counts.dimensions import DAY_SQL
from screening.counts.request import CountRequest
from screening.store.db import Readable, rows

RawCounts = dict[tuple[str, ...], int]


def build_query(request: CountRequest) -> tuple[str, list[str]]:
    """The SQL and bound parameters for one request; SQL text comes only from DIMENSIONS."""
    keys = [f"{DAY_SQL if d.is_period else d.sql} AS k{i}" for i, d in enumerate(request.by)]
    groups = ", ".join(str(i + 1) for i in range(len(request.by)))
    join = (" LEFT JOIN screening_flags AS f ON f.screening_id = s.id"
            if any(d.needs_flags for d in request.by) else "")
    if any(d.needs_referrals for d in request.by):
        join += " LEFT JOIN referrals AS r ON r.screening_id = s.id"
    # '~' sorts after any time of day, so the last date counts whole without date arithmetic.
    params = [request.date_from.isoformat(), request.date_to.isoformat() + "~"]
    where = "s.status = 'complete' AND s.completed_at >= ? AND s.completed_at < ?"
    if request.teams is not None:
        marks = ", ".join("?" * len(request.teams))
        where += f" AND s.team IN ({marks})" if request.teams else " AND 0"  # no teams, no counts
        params += request.teams
    # Only fixed expressions from DIMENSIONS and '?' marks are formatted in; values are bound.
    inner = (f"SELECT {', '.join(keys)}, count(*) AS n FROM screenings AS s{join} "  # noqa: S608  # nosec B608
             f"WHERE {where} GROUP BY {groups}")
    if request.period is None:
        return inner, params
    # Group by day first, then fold days into periods: sorting a million rows costs the same
    # whatever the key, and the week arithmetic then runs once per day instead of once per row.
    outer = [(d.sql.replace("{day}", f"k{i}") if d.is_period else f"k{i}") + f" AS k{i}"
             for i, d in enumerate(request.by)]
    outer_sql = f"SELECT {', '.join(outer)}, sum(n) AS n FROM ({inner}) GROUP BY {groups}"  # noqa: S608  # nosec B608
    return outer_sql, params


def raw_counts(conn: Readable, request: CountRequest) -> RawCounts:
    """Unprotected counts keyed by dimension values; pass them to disclosure, never to a person."""
    sql, params = build_query(request)
    keys = [f"k{i}" for i in range(len(request.by))]
    return {tuple(str(row[key]) for key in keys): int(str(row["n"]))
            for row in rows(conn, sql, params)}
