"""`screening export`: a service lead downloads protected counts from the shell."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.counts import DisclosureRule
from screening.counts.command import export_command
from screening.store.schema import create
from tests.conftest import database_file
from tests.test_counts_query import add_screenings

FEBRUARY = "2026-02-10T10:00:00+00:00"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """January: 12 at a GP, 3 at a pharmacy; February: 9 at a GP, 20 at a pharmacy."""
    path = tmp_path / "screening.db"
    conn = database_file(path)
    create(conn)
    add_screenings(conn, 12, setting="gp")
    add_screenings(conn, 3, setting="pharmacy", team="south")
    add_screenings(conn, 9, setting="gp", completed_at=FEBRUARY)
    add_screenings(conn, 20, setting="pharmacy", completed_at=FEBRUARY)
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def export(database: Path, monkeypatch: pytest.MonkeyPatch):
    def run(*args: str, **environment: str):
        for name in ("SUPPRESS_BELOW", "ROUND_TO", "DATABASE"):
            monkeypatch.delenv(f"SCREENING_{name}", raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(f"SCREENING_{name}", value)
        options = {"--from": "2026-01-01", "--to": "2026-02-28", "--by": "month,setting"}
        if "DATABASE" not in environment:
            options["--database"] = str(database)
        given = set(args[::2])  # every option takes a value
        argv = [x for name, value in options.items() if name not in given for x in (name, value)]
        return CliRunner().invoke(export_command, [*argv, *args])
    return run


def test_csv_export_hides_the_small_count_and_every_cell_that_would_give_it_away(export) -> None:
    # 3 is hidden; its row, its column and the cells that meet them all have to go too
    # (12 + 9 + 20 is the cheapest way round). Totals come from raw counts: 29 -> 30, 21 -> 20.
    result = export()
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO(result.output)))
    assert lines[:5] == [["month", "gp", "pharmacy", "Total"],
                         ["2026-01", "*", "*", "15"],
                         ["2026-02", "*", "*", "30"],
                         ["Total", "20", "25", "45"],
                         []]
    assert lines[5:] == [["Rows", "month"], ["Columns", "setting"], ["From", "2026-01-01"],
                         ["To", "2026-02-28"], ["Teams", "all teams"],
                         ["Rules", DisclosureRule().describe()]]


def test_json_export_carries_the_scope_and_the_rule(export) -> None:
    result = export("--format", "json", "--team", "north", "--team", "south")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "from": "2026-01-01", "to": "2026-02-28", "by": ["month", "setting"],
        "teams": ["north", "south"], "rules": DisclosureRule().describe(),
        "rows": {"dimension": "month", "labels": ["2026-01", "2026-02"]},
        "columns": {"dimension": "setting", "labels": ["gp", "pharmacy"]},
        "cells": [["*", "*"], ["*", "*"]], "row_totals": ["15", "30"],
        "column_totals": ["20", "25"], "total": "45"}


def test_one_team_and_one_dimension(export) -> None:
    result = export("--by", "setting", "--team", "south", "--format", "json")
    data = json.loads(result.output)
    assert (data["rows"]["labels"], data["cells"], data["total"]) == (["pharmacy"], [["*"]], "*")
    assert data["columns"] == {"dimension": None, "labels": ["screenings"]}
    assert data["teams"] == ["south"]


def test_stricter_settings_are_applied_and_named_in_the_export(export) -> None:
    result = export("--by", "setting", SUPPRESS_BELOW="10", ROUND_TO="10")
    lines = list(csv.reader(io.StringIO(result.output)))
    assert lines[:4] == [["setting", "screenings"], ["gp", "20"], ["pharmacy", "20"],
                         ["Total", "40"]]
    assert lines[-1][1].startswith("Counts from 1 to 9 are shown as *.")


def test_the_database_setting_is_the_default(export, database: Path) -> None:
    result = export("--by", "year", DATABASE=str(database))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "2026,45"  # 44 -> 45


def test_a_team_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(tmp_path) -> None:
    path = tmp_path / "formula.db"
    conn = database_file(path)
    create(conn)
    add_screenings(conn, 10, team="=HYPERLINK(\"http://x\")")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(export_command, ["--from", "2026-01-01", "--to", "2026-01-31",
                                                 "--by", "team", "--database", str(path)])
    assert list(csv.reader(io.StringIO(result.output)))[1] == ["'=HYPERLINK(\"http://x\")", "10"]


@pytest.mark.parametrize(("args", "message"), [
    (("--by", "colour"), "Invalid value for '--by': Counts cannot be grouped by 'colour'; choose "
     "one or two of: week, month, quarter, year, setting, team, question_set, outcome, "
     "risk_level, pathway, consent, handover, flag"),
    (("--by", "month,year"), "Invalid value for '--by': Choose at most one period (week, month, "
     "quarter, year); you chose month and year"),
    (("--by", "month,setting,team"), "you chose 3 (month, setting, team)"),
    (("--by", "setting,setting"), "Choose two different ones; you chose setting twice"),
    (("--from", "2026-03-01"), "Invalid value for '--to': The end date must be the same as or "
     "after the start date (2026-03-01)"),
    (("--from", "01/03/2026"), "Invalid value for '--from': Enter the start date as YYYY-MM-DD, "
     "for example 2026-01-01"),
    (("--to", "2026-02-30"), "Invalid value for '--to': Enter a real end date as YYYY-MM-DD, for "
     "example 2026-03-31; 2026-02-30 does not exist"),
    (("--from", "1990-01-01", "--by", "week"), "a table can show at most 1000 periods (week), and "
     "this range has more"),
    (("--format", "xml"),
     "Invalid value for '--format': 'xml' is not one of 'csv', 'json', 'text'."),
    (("--database", "/nonexistent/screening.db"), "There is no database at "
     "/nonexistent/screening.db; give --database or set SCREENING_DATABASE"),
])
def test_bad_input_exits_2_naming_the_option_and_what_is_allowed(export, args, message) -> None:
    result = export(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_rounding_that_would_show_a_small_count_as_0_is_refused(export) -> None:
    result = export(ROUND_TO="50")
    assert result.exit_code == 2
    assert "ROUND_TO (50) is more than twice SUPPRESS_BELOW (8)" in result.output


def test_a_welsh_service_lead_is_told_in_welsh_how_to_write_the_date(
        export, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    result = export("--from", "01/03/2026")
    assert result.exit_code == 2
    # Click's own "Invalid value for" stays English; the tool's words are Welsh.
    assert ("Rhowch y dyddiad dechrau fel BBBB-MM-DD, er enghraifft 2026-01-01"
            in " ".join(result.output.split()))


def test_the_csv_itself_is_the_same_in_every_language(export, monkeypatch: pytest.MonkeyPatch,
                                                      ) -> None:
    english = export().output
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    assert export().output == english


def test_an_export_with_no_screenings_in_its_dates_says_so_beside_the_csv(
        export, database: Path) -> None:
    result = export("--from", "2025-01-01", "--to", "2025-03-31")
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.stdout)))[1] == ["2025-01", "0"]
    assert result.stderr == (f"No completed screenings from 2025-01-01 to 2025-03-31 in "
                             f"{database}.\n")


def test_the_quarterly_return_is_a_text_report_with_the_rule_written_on_it(
        export, database: Path) -> None:
    result = export("--report", "quarterly", "--quarter", "2026Q1", "--from", "", "--to", "",
                    "--by", "")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Quarterly return 2026Q1: screenings completed from 2026-01-01 to "
                           "2026-03-31\n")
    assert "Who was asked (NICE QS116), by setting" in text
    assert "Referrals at each stage, per service" in text and "Repeat disclosures" in text
    assert "Counts from 1 to 7 are shown as *." in text.split("How these counts are protected")[1]
    setting_lines = text.split("by setting\n")[1].split("\n\n")[0].splitlines()
    assert setting_lines[1].split() == ["gp", "20", "0", "0", "20", "0", "0", "-"]
    assert setting_lines[2].split() == ["pharmacy", "25", "0", "0", "25", "0", "0", "-"]


def test_the_quarterly_return_as_json(export) -> None:
    result = export("--report", "quarterly", "--quarter", "2026-q1", "--format", "json",
                    "--from", "", "--to", "", "--by", "")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert (found["quarter"], found["denominators_by_team"]["total_offered"]) == ("2026Q1", "45")
    assert found["age_band"]["rows"]["labels"] == ["not_asked"]


@pytest.mark.parametrize("quarter", ["2026Q5", "Q3 2026", "", "0000Q1"])
def test_a_wrong_quarter_is_named_without_a_traceback(export, quarter: str) -> None:
    result = export("--report", "quarterly", "--quarter", quarter, "--from", "", "--to", "",
                    "--by", "")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--quarter': Enter the quarter as a year and Q1 to Q4, for " \
           "example 2026Q3" in " ".join(result.output.split())
