"""A table of counts as a reader may see it: every cell and total already protected."""

from __future__ import annotations

from dataclasses import dataclass

from screening.counts.dimensions import Dimension
from screening.counts.disclosure import DisclosureRule
from screening.counts.query import RawCounts, raw_counts
from screening.counts.request import CountRequest
from screening.counts.secondary import hidden_in_column, hidden_in_grid
from screening.store.db import Readable

ONE_WAY_COLUMN = "screenings"


@dataclass(frozen=True)
class CountTable:
    """Rows by the first dimension, columns by the second (or one 'screenings' column)."""

    request: CountRequest
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    row_totals: tuple[str, ...]  # () for a one-way table: each row total would be its cell
    column_totals: tuple[str, ...]
    total: str
    rules: str

    @property
    def dims(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.request.by)

    @property
    def two_way(self) -> bool:
        return len(self.request.by) == 2


def _axis(dimension: Dimension, found: set[str], request: CountRequest) -> tuple[str, ...]:
    if dimension.is_period:  # every period in the range, and any the data has beyond them
        return tuple(sorted(set(request.periods()) | found))
    return dimension.ordered(found)


def build_table(request: CountRequest, raw: RawCounts, rule: DisclosureRule) -> CountTable:
    """Lay raw counts out as a table, work out totals, then hide and round what must be."""
    rows = _axis(request.by[0], {key[0] for key in raw}, request)
    rules = rule.describe(once_per_flag=any(d.needs_flags for d in request.by),
                          once_per_referral=any(d.needs_referrals for d in request.by))
    if len(request.by) == 1:
        column = [raw.get((label,), 0) for label in rows]
        hidden = hidden_in_column(column, rule.is_primary)
        shown = [rule.shown(value, (i, 0) in hidden) for i, value in enumerate(column)]
        total = rule.shown(sum(column), (len(rows), 0) in hidden)
        return CountTable(request, rows, (ONE_WAY_COLUMN,), tuple((s,) for s in shown), (),
                          (total,), total, rules)
    columns = _axis(request.by[1], {key[1] for key in raw}, request)
    grid = [[raw.get((row, column), 0) for column in columns] for row in rows]
    hidden = hidden_in_grid(grid, rule.is_primary)
    r, c = len(rows), len(columns)

    def show(value: int, position: tuple[int, int]) -> str:
        return rule.shown(value, position in hidden)

    cells = tuple(tuple(show(v, (i, j)) for j, v in enumerate(row)) for i, row in enumerate(grid))
    row_totals = tuple(show(sum(row), (i, c)) for i, row in enumerate(grid))
    column_totals = tuple(show(sum(row[j] for row in grid), (r, j)) for j in range(c))
    total = show(sum(map(sum, grid)), (r, c))
    return CountTable(request, rows, columns, cells, row_totals, column_totals, total, rules)


def count_table(conn: Readable, request: CountRequest,
                rule: DisclosureRule) -> CountTable:
    """The protected table for a request: the one function the page, API and command call."""
    return build_table(request, raw_counts(conn, request), rule)

