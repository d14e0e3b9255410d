"""A commissioner reads counts that never reveal a small number, even by subtracting from totals."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.counts import DisclosureRule, DisclosureRuleError, build_table, parse_request, to_csv
from screening.counts.funnel import STAGES, parse_funnel_request, protect_funnel, raw_funnel
from screening.counts.funnel_render import funnel_csv
from screening.store.schema import create
from tests.test_counts_funnel import add_referral
from tests.test_counts_query import add_screening

NHS = DisclosureRule(suppress_below=8, round_to=5)
EXACT = DisclosureRule(suppress_below=8, round_to=1)  # no rounding: suppression must hold alone


def table(by: str, raw: dict[tuple[str, ...], int], rule: DisclosureRule = NHS):
    request = parse_request("2026-01-01", "2026-03-31", by)
    return build_table(request, raw, rule)


def shown(t) -> list[list[str]]:
    """Each row with its total, then the totals row, as a reader sees them."""
    totals = t.row_totals or tuple(row[0] for row in t.cells)
    lines = [[*row, total] if t.two_way else list(row) for row, total in zip(t.cells, totals)]
    return lines + [[*t.column_totals, t.total] if t.two_way else [t.total]]


@pytest.mark.parametrize(("count", "expected"), [(0, "0"), (1, "*"), (7, "*"), (8, "10"),
                                                 (12, "10"), (13, "15"), (97, "95")])
def test_one_count_is_hidden_or_rounded_by_the_nhs_rule(count: int, expected: str) -> None:
    hidden = NHS.is_primary(count)
    assert NHS.shown(count, hidden) == expected


def test_halves_round_up_with_a_coarser_rounding() -> None:
    assert [DisclosureRule(10, 10).shown(n, False) for n in (14, 15, 25)] == ["10", "20", "30"]


def test_a_month_table_rounds_each_month_and_the_total() -> None:
    t = table("month", {("2026-01",): 8, ("2026-02",): 12, ("2026-03",): 13})
    assert shown(t) == [["10"], ["10"], ["15"], ["35"]]  # total 33 -> 35


def test_an_empty_month_shows_0_and_never_hides_anything() -> None:
    t = table("month", {("2026-02",): 20})
    assert t.rows == ("2026-01", "2026-02", "2026-03")
    assert shown(t) == [["0"], ["20"], ["0"], ["20"]]


def test_a_small_count_hides_the_next_smallest_so_the_total_cannot_give_it_away() -> None:
    # 35 - 20 leaves 15 shared by two hidden counts: neither can be worked out.
    t = table("setting", {("gp",): 12, ("pharmacy",): 3, ("probation",): 20})
    assert shown(t) == [["*"], ["*"], ["20"], ["35"]]


def test_zeros_stay_visible_and_are_never_used_to_hide_a_count() -> None:
    t = table("setting", {("a",): 3, ("b",): 0, ("c",): 0, ("d",): 9})
    assert shown(t) == [["*"], ["0"], ["0"], ["*"], ["10"]]


def test_a_total_from_1_to_7_is_hidden_too() -> None:
    assert shown(table("setting", {("a",): 2, ("b",): 3})) == [["*"], ["*"], ["*"]]


def test_two_way_table_hides_a_rectangle_so_every_row_and_column_keeps_two_hidden() -> None:
    # Hand-worked: 3 is hidden; its row and column each need a second hidden count, and the
    # cheapest way to close them is 12 (row), 8 (column) and 30 (meets both): 50 hidden in all.
    raw = {("2026-01", "gp"): 12, ("2026-01", "pharmacy"): 3, ("2026-01", "probation"): 20,
           ("2026-02", "gp"): 9, ("2026-02", "probation"): 15,
           ("2026-03", "gp"): 30, ("2026-03", "pharmacy"): 8}
    t = table("month,setting", raw)
    assert t.columns == ("gp", "pharmacy", "probation")
    assert shown(t) == [["*", "*", "20", "35"],
                        ["10", "0", "15", "25"],
                        ["*", "*", "0", "40"],
                        ["50", "10", "35", "95"]]


def test_one_month_hides_column_totals_as_well_as_cells() -> None:
    # With one row the column totals repeat the cells, so they are hidden alongside them.
    t = table("month,setting", {("2026-01", "gp"): 3, ("2026-01", "nhs"): 12,
                                ("2026-01", "police"): 20})
    assert shown(t)[0] == ["*", "*", "20", "35"]
    assert shown(t)[-1] == ["*", "*", "20", "35"]


def test_only_secondary_suppression_protects_a_count_when_totals_are_exact() -> None:
    # Without rounding, showing 12 and the total 15 would give away the hidden 3.
    t = table("setting", {("gp",): 3, ("pharmacy",): 12}, EXACT)
    assert shown(t) == [["*"], ["*"], ["15"]]


def test_rounding_alone_would_narrow_a_hidden_6_to_6_or_7_so_its_neighbour_is_hidden() -> None:
    # Shown 10 and 20 would mean 20±2 - (10±2) = 6 to 14, and a hidden count is at most 7.
    t = table("setting", {("gp",): 6, ("pharmacy",): 12})
    assert shown(t) == [["*"], ["*"], ["20"]]


def test_two_hidden_counts_that_must_both_be_1_are_not_enough() -> None:
    # 12 - 10 = 2 split between two hidden counts of at least 1 each: both would be 1.
    t = table("setting", {("a",): 1, ("b",): 1, ("c",): 10}, EXACT)
    assert shown(t) == [["*"], ["*"], ["*"], ["12"]]


def test_the_rule_says_what_was_applied() -> None:
    assert table("month", {}).rules.startswith(
        "Counts from 1 to 7 are shown as *. Where a hidden count could be worked out from the "
        "other counts and the totals, further counts are shown as * too (secondary "
        "suppression). Other counts are rounded to the nearest 5.")
    assert "count once per flag" in table("flag", {}).rules
    assert "Other counts are exact." in DisclosureRule(10, 1).describe()


def test_settings_that_would_show_a_small_count_as_0_are_refused() -> None:
    with pytest.raises(DisclosureRuleError, match=r"a count of 2 would be shown as 0"):
        DisclosureRule(suppress_below=2, round_to=5)


# Property: whatever the counts, no hidden count in an exported table can be worked out.

def extended_grid(raw: list[list[int]]) -> list[list[int]]:
    """Counts with a total column and a totals row, as exported."""
    rows = [[*row, sum(row)] for row in raw]
    return rows + [[sum(column) for column in zip(*rows)]]


def exported(raw: list[list[int]], rule: DisclosureRule, two_way: bool,
             by: tuple[str, str] = ("setting", "team")) -> list[list[str]]:
    """Build the table through the real pipeline and read the cells back from its CSV."""
    if two_way:
        data = {(f"r{i}", f"c{j}"): v for i, row in enumerate(raw) for j, v in enumerate(row)}
        t = table(",".join(by), data, rule)
    else:
        t = table(by[0], {(f"r{i}",): row[0] for i, row in enumerate(raw)}, rule)
    lines = list(csv.reader(io.StringIO(to_csv(t))))
    body = lines[1:lines.index([])]
    return [line[1:] for line in body]


def can_move(values: list[list[int]], hidden: set[tuple[int, int]], start: tuple[int, int],
             two_way: bool) -> bool:
    """Whether another table fits everything shown but differs at `start` (shown counts exact,
    hidden ones at least 1): found as a cycle of hidden cells alternating along rows/columns."""
    last_row, last_col = len(values) - 1, len(values[0]) - 1
    if not two_way:  # one sum: move two hidden entries against each other
        return any(other != start and (last_row in (start[0], other[0])
                                       or max(values[start[0]][0], values[other[0]][0]) >= 2)
                   for other in hidden)

    def sign(cell: tuple[int, int]) -> int:  # totals enter their line's sum with a minus
        return -1 if (cell[0] == last_row) != (cell[1] == last_col) else 1

    def fits(cycle: list[tuple[int, int]]) -> bool:
        changes = [(-1) ** i * sign(cell) for i, cell in enumerate(cycle)]
        return any(all(values[r][c] + d * change >= 1 for (r, c), change in zip(cycle, changes))
                   for d in (1, -1))

    def search(cycle: list[tuple[int, int]], rows: set[int], cols: set[int]) -> bool:
        r, c = cycle[-1]
        if len(cycle) % 2 == 0:  # move along the column to a row not yet used
            return any(search([*cycle, (i, c)], rows | {i}, cols) for (i, j) in hidden
                       if j == c and i not in rows)
        for i, j in hidden:  # move along the row: to a new column, or back to the first one
            if i != r or (i, j) == cycle[-1]:
                continue
            if j == start[1]:
                if fits([*cycle, (i, j)]):
                    return True
            elif j not in cols and search([*cycle, (i, j)], rows, cols | {j}):
                return True
        return False

    return search([start], {start[0]}, {start[1]})


counts = st.one_of(st.sampled_from([0, 1, 1, 2]), st.integers(0, 9), st.integers(8, 60))


@settings(deadline=None, max_examples=150)
@given(st.integers(1, 4).flatmap(lambda c: st.lists(st.lists(counts, min_size=c, max_size=c),
                                                    min_size=1, max_size=4)),
       st.sampled_from([NHS, EXACT, DisclosureRule(10, 5), DisclosureRule(3, 1)]),
       st.booleans(),
       st.sampled_from([("setting", "team"), ("age_band", "disclosure_level"),
                        ("partner_risk_level", "enquiry"), ("referral_service", "age_band")]))
def test_no_hidden_count_can_be_worked_out_from_the_totals(raw: list[list[int]],
                                                           rule: DisclosureRule,
                                                           two_way: bool,
                                                           by: tuple[str, str]) -> None:
    """Even a reader who knew every shown count exactly, ignoring rounding, finds another table
    that fits all they see but differs at any hidden count; and no row or column has exactly
    one hidden count."""
    raw = raw if two_way else [[row[0]] for row in raw]
    values = extended_grid(raw) if two_way else [*raw, [sum(r[0] for r in raw)]]
    cells = exported(raw, rule, two_way, by)
    hidden = {(i, j) for i, line in enumerate(cells) for j, text in enumerate(line) if text == "*"}
    for i, line in enumerate(values):
        for j, value in enumerate(line):
            if rule.is_primary(value):
                assert cells[i][j] == "*"
            elif (i, j) not in hidden:
                assert cells[i][j] == str(rule.rounded(value))
    lines = [hidden]  # a one-way table is a single sum
    if two_way:
        lines = [{c for c in hidden if c[0] == i} for i in range(len(values))]
        lines += [{c for c in hidden if c[1] == j} for j in range(len(values[0]))]
    assert all(len(line) != 1 for line in lines)
    assert all(values[r][c] > 0 for r, c in hidden)
    assert [cell for cell in sorted(hidden) if not can_move(values, hidden, cell, two_way)] == []


# The same property over the referral funnel: each stage is a sum over services with its total.

_referral = st.tuples(st.sampled_from(["dapp", "marac", "victim_safety"]),
                      st.sampled_from(["not_sent", "sent", "accepted", "declined", "no_contact",
                                       "engaged", "completed", "dropped_out"]),
                      st.sampled_from(["consent", "safeguarding"]),
                      st.sampled_from(["yes", None]))


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(_referral, st.integers(1, 12)), min_size=1, max_size=8),
       st.sampled_from([NHS, EXACT, DisclosureRule(10, 5)]))
def test_no_funnel_count_under_the_threshold_is_shown_or_can_be_worked_out(
        groups: list[tuple[tuple[str, str, str, str | None], int]],
        rule: DisclosureRule) -> None:
    """Random referrals, many alike: every stage's small counts are hidden, and each hidden
    count, in its stage's column with the total, could be another number; medians follow."""
    db = sqlite3.connect(":memory:")
    create(db)
    for (service, status, basis, consent), how_many in groups:
        for _ in range(how_many):
            screening = add_screening(db)
            add_referral(db, screening, service, basis, status, consent=consent,
                         sent_on=None if status == "not_sent" else "2026-01-20")
    request = parse_funnel_request("2026-01-01", "2026-03-31")
    raw = raw_funnel(db, request)
    t = protect_funnel(request, raw, rule)
    db.close()
    cells = [line.split(",")[1:8] for line in funnel_csv(t).splitlines()[1:len(t.services) + 2]]
    for j, stage in enumerate(STAGES):
        values = [[raw.stages[service][stage]] for service in t.services]
        values.append([sum(v[0] for v in values)])
        column = [[line[j]] for line in cells]
        hidden = {(i, 0) for i, line in enumerate(column) if line[0] == "*"}
        for i, (value,) in enumerate(values):
            if rule.is_primary(value):
                assert column[i][0] == "*"
            elif (i, 0) not in hidden:
                assert column[i][0] == str(rule.rounded(value))
        assert len(hidden) != 1
        assert [c for c in sorted(hidden) if not can_move(values, hidden, c, False)] == []
    for i, medians in enumerate(t.medians):
        assert medians[0] in ("*", "-") or cells[i][STAGES.index("sent")] not in ("*", "0")
