"""`screening demo`: a separate database of synthetic people and screenings to try the tool."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

import click

from screening import settings
from screening.command_language import _, ngettext, say, unusable_question_sets
from screening.demo import DemoRefused, fill, open_for_demo
from screening.own_command import own_command
from screening.questionnaire import QuestionSetError, load_library
from screening.store.crypto import Sealer, attach, load_or_create_key
from screening.wording import N_

EXIT_BAD_INPUT = 2
# Whole sentences per role, so that each language can word them its own way.
SIGN_IN_AS = {
    "practitioner": N_("Practitioner: sign in as %(name)s (team %(team)s) with password "
                       "%(password)s"),
    "service_lead": N_("Service lead: sign in as %(name)s (team %(team)s) with password "
                       "%(password)s"),
    "admin": N_("Administrator: sign in as %(name)s with password %(password)s"),
}


def demo_database() -> Path:
    """The demo's own database: demo.db in the instance folder, never the real one."""
    return Path(str(settings.read("INSTANCE_PATH"))) / "demo.db"


@click.command("demo")
@click.option("--database", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite file to fill. Default: demo.db in the instance folder.")
@click.option("--seed", type=int, help="Draw the same made-up screenings every time.")
def demo_command(database: Path | None, seed: int | None) -> None:
    """Fill a separate database with synthetic people and months of screenings to try."""
    path = database if database is not None else demo_database()
    try:
        library = load_library(Path(str(settings.read("QUESTIONNAIRES"))))
    except QuestionSetError as error:
        click.echo(unusable_question_sets(error.problems), err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        db, replaced = open_for_demo(path)
    except DemoRefused as error:
        click.echo(say(error.wording), err=True)
        sys.exit(EXIT_BAD_INPUT)
    # The same data key as the tool reads when it serves this database.
    instance = Path(str(settings.read("INSTANCE_PATH")))
    attach(db, Sealer(load_or_create_key(settings.read("DATA_KEY"), instance)))  # type: ignore[arg-type]
    report = fill(db, library, dt.date.today(), seed)
    db.conn.close()
    shown_path = shlex.quote(str(path))
    click.echo((_("Made the demo database again: %(path)s.", path=str(path)) if replaced
                else _("Filled the demo database %(path)s.", path=str(path))) + " "
               + ngettext("It holds %(count)s synthetic screening from %(start)s to %(end)s, "
                          "made up for trying the tool: no real person's data.",
                          "It holds %(count)s synthetic screenings from %(start)s to %(end)s, "
                          "made up for trying the tool: no real person's data.",
                          report.screenings, start=report.first_day.isoformat(),
                          end=report.last_day.isoformat()))
    click.echo(_("Serve it with: %(command)s", command=f"SCREENING_DATABASE={shown_path} make run"))
    for sign_in in report.sign_ins:
        click.echo(_(SIGN_IN_AS[sign_in.role], name=sign_in.name, team=sign_in.team,
                     password=sign_in.password))
    click.echo(_("Other demo practitioners: %(names)s. Give one a password with: %(command)s",
                 names=", ".join(report.others),
                 command=f"SCREENING_DATABASE={shown_path} {own_command()} users "
                         "reset-password NAME"))
