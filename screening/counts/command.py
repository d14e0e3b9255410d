"""`screening export`: protected counts as CSV or JSON on standard output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from screening import settings
from screening.command_language import _, said_setting, say
from screening.counts.dimensions import DIMENSIONS
from screening.counts.disclosure import DisclosureRule, DisclosureRuleError
from screening.counts.quarterly import parse_quarter, quarterly_return, return_json, return_text
from screening.counts.render import to_csv, to_json
from screening.counts.request import CountRequest, CountRequestError, parse_request
from screening.counts.table import count_table
from screening.store.cipher import CannotOpen, database_key, open_database

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
    except settings.SettingError as error:
        raise _BadInput(said_setting(error)) from None
    except DisclosureRuleError as error:
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
    path = _database_path(database)
    conn = _read_only(path)
    try:
        table = count_table(conn, request, rule)
    finally:
        conn.close()
    chosen = output_format or "csv"
    _audit(path, request, chosen)
    click.echo(to_json(table) if chosen == "json" else to_csv(table), nl=False)
    if table.total == "0":
        # Said on standard error: standard output stays the CSV or JSON a program reads.
        click.echo(_("No completed screenings from %(start)s to %(end)s in %(database)s.",
                     start=request.date_from.isoformat(), end=request.date_to.isoformat(),
                     database=str(path)), err=True)


def _audit(path: Path, request: CountRequest, output_format: str) -> None:
    """What was asked for and by whom, never the counts themselves (as the counts page does)."""
    from screening.store.audit import record_command
    from screening.store.db import connect

    teams = "all" if request.teams is None else "; ".join(request.teams) or "none"
    db = connect(path)
    try:
        record_command(db, "export_counts", None,
                       f"{output_format} from {request.date_from.isoformat()} to "
                       f"{request.date_to.isoformat()} by {','.join(d.name for d in request.by)} "
                       f"teams {teams}")
    finally:
        db.conn.close()


def _bad(error: CountRequestError) -> click.BadParameter:
    return click.BadParameter(say(error.wording), param_hint=f"'--{error.field}'")


def _database_path(database: Path | None) -> Path:
    path = database if database is not None else settings.database_path()
    if not path.is_file():
        raise _BadInput(_("There is no database at %(path)s; give --database or set "
                          "SCREENING_DATABASE", path=str(path)))
    return path


def _read_only(path: Path) -> Any:
    """Read-only: counting never changes the database, and cannot create an empty one; only
    the audit entry saying who exported what is written afterwards."""
    try:
        return open_database(path, database_key(), read_only=True)
    except CannotOpen as error:
        raise _BadInput(say(error.wording)) from None


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
    path = _database_path(database)
    conn = _read_only(path)
    try:
        found = quarterly_return(conn, chosen, rule, teams or None)
    finally:
        conn.close()
    _audit_quarterly(path, quarter or "", output_format, teams)
    click.echo(return_json(found) if output_format == "json" else return_text(found), nl=False)


def _audit_quarterly(path: Path, quarter: str, output_format: str,
                     teams: tuple[str, ...]) -> None:
    """Who exported which quarterly return (never its counts), as for any other export."""
    from screening.store.audit import record_command
    from screening.store.db import connect

    db = connect(path)
    try:
        record_command(db, "export_counts", None,
                       f"quarterly return {quarter} as {output_format} teams "
                       f"{'; '.join(teams) if teams else 'all'}")
    finally:
        db.conn.close()
