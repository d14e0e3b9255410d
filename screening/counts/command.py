"""`screening export`: protected counts as CSV or JSON on standard output."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from screening import settings
from screening.command_language import _, say_template
from screening.counts.dimensions import DIMENSIONS
from screening.counts.disclosure import DisclosureRule, DisclosureRuleError
from screening.counts.quarterly import parse_quarter, quarterly_return, return_json, return_text
from screening.counts.render import to_csv, to_json
from screening.counts.request import CountRequestError, parse_request
from screening.counts.table import count_table

EXIT_BAD_INPUT = 2
_BY_HELP = "; ".join(f"{d.name} ({d.help})" for d in DIMENSIONS.values())


class _BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


def _setting(name: str) -> int:
    value = settings.read(name)
    if not isinstance(value, int):
        raise _BadInput(_("SCREENING_%(name)s must be a whole number", name=name))
    return value


def rule_from_settings() -> DisclosureRule:
    """The disclosure rule as configured (SCREENING_SUPPRESS_BELOW, SCREENING_ROUND_TO)."""
    try:
        return DisclosureRule(_setting("SUPPRESS_BELOW"), _setting("ROUND_TO"))
    except (settings.SettingError, DisclosureRuleError) as error:
        raise _BadInput(str(error)) from None


@click.command("export")
@click.option("--from", "date_from", metavar="YYYY-MM-DD",
              help="First day counted (completion date, inclusive).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD",
              help="Last day counted (inclusive).")
@click.option("--by", metavar="DIMENSION[,DIMENSION]",
              help=f"One or two of: {_BY_HELP}. At most one period.")
@click.option("--report", type=click.Choice(["quarterly"]),
              help="A whole return instead of one table: denominators, the referral funnel, "
                   "repeat disclosures, age bands and levels, for --quarter.")
@click.option("--quarter", metavar="YYYYQN", help="The quarter of --report, like 2026Q3.")
@click.option("--format", "output_format", type=click.Choice(["csv", "json", "text"]),
              help="CSV for spreadsheets (the default for one table), JSON for other systems, "
                   "text for reading (the default for a report).")
@click.option("--database", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite file to read. Default: SCREENING_DATABASE, or screening.db in the "
                   "instance folder.")
@click.option("--team", "teams", multiple=True,
              help="Count only this team; repeat for several. Default: every team.")
def export_command(date_from: str | None, date_to: str | None, by: str | None,
                   report: str | None, quarter: str | None, output_format: str | None,
                   database: Path | None, teams: tuple[str, ...]) -> None:
    """Anonymised counts of completed screenings, with small numbers hidden and others rounded."""
    if report is not None:
        _quarterly(quarter, output_format or "text", database, teams)
        return
    for name, value in (("from", date_from), ("to", date_to), ("by", by)):
        if not value:
            raise click.UsageError(_("Give --%(name)s, or --report quarterly with --quarter",
                                     name=name))
    if output_format == "text":
        raise click.BadParameter(_("text is for --report; choose csv or json for one table"),
                                 param_hint="'--format'")
    try:
        request = parse_request(str(date_from), str(date_to), str(by), teams or None)
    except CountRequestError as error:
        raise _bad(error) from None
    rule = rule_from_settings()
    conn = _read_only(database)
    try:
        table = count_table(conn, request, rule)
    finally:
        conn.close()
    click.echo(to_json(table) if output_format == "json" else to_csv(table), nl=False)


def _bad(error: CountRequestError) -> click.BadParameter:
    return click.BadParameter(say_template(error.sentence.template, error.sentence.params),
                              param_hint=f"'--{error.field}'")


def _read_only(database: Path | None) -> sqlite3.Connection:
    path = database if database is not None else settings.database_path()
    if not path.is_file():
        raise _BadInput(_("There is no database at %(path)s; give --database or set "
                          "SCREENING_DATABASE", path=str(path)))
    # Read-only: an export never changes the database, and cannot create an empty one.
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _quarterly(quarter: str | None, output_format: str, database: Path | None,
               teams: tuple[str, ...]) -> None:
    if output_format == "csv":
        raise click.BadParameter(_("a report is several tables: choose text or json"),
                                 param_hint="'--format'")
    try:
        chosen = parse_quarter(quarter or "")
    except CountRequestError as error:
        raise _bad(error) from None
    rule = rule_from_settings()
    conn = _read_only(database)
    try:
        found = quarterly_return(conn, chosen, rule, teams or None)
    finally:
        conn.close()
    click.echo(return_json(found) if output_format == "json" else return_text(found), nl=False)
