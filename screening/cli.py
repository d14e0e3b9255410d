"""The `screening` command: question sets, scoring, users and exports from the shell.

Its messages are in the language of the environment (LC_ALL, LC_MESSAGES, LANG; see
screening/command_language.py); what it prints for machines (JSON, tab-separated lists) is not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from screening import settings
from screening.command_language import _, ngettext, said_setting, say, unusable_question_sets
from screening.counts.command import export_command
from screening.demo_command import demo_command
from screening.maintenance_commands import COMMANDS
from screening.own_command import own_command
from screening.questionnaire import AnswerError, Judgement, check_folder, load_library, score
from screening.questionnaire.definition import definition_json
from screening.questionnaire.errors import Problem, QuestionSetError
from screening.questionnaire.library import Library, read_lock, write_lock
from screening.questionnaire.scoring import parameter_values
from screening.settings import database_path
from screening.translation_commands import translations

EXIT_BAD_INPUT = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: try again later
# ID@VERSION of a file directly inside the question-set folder: no path, no "..".
PUBLISHABLE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]*)@([1-9][0-9]*)$")


def questionnaires_folder() -> Path:
    return Path(str(settings.read("QUESTIONNAIRES")))


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def shown_folder(folder: Path) -> str:
    """The question-set folder as the person would type it: relative to where they are when it
    is below, else in full."""
    relative = os.path.relpath(folder.resolve(), Path.cwd())
    return str(folder.resolve()) if relative.startswith("..") else relative


def where_it_is(problem: Problem, folder: Path) -> Problem:
    """A problem named under the folder actually checked (SCREENING_QUESTIONNAIRES), not under
    `questionnaires/` whatever it is."""
    name = problem.file.removeprefix("questionnaires/")
    return dataclasses.replace(problem, file=f"{shown_folder(folder)}/{name}")


def located(error: QuestionSetError) -> list[Problem]:
    """The problems of the question sets, each named under the folder actually used."""
    folder = questionnaires_folder()
    return [where_it_is(problem, folder) for problem in error.problems]


def library_or_fail() -> Library:
    try:
        return load_library(questionnaires_folder())
    except QuestionSetError as error:
        fail(unusable_question_sets(located(error)))
        raise  # unreachable: fail exits


class _Screening(click.Group):
    """The command group; a database of another program is named, never written into."""

    def invoke(self, ctx: click.Context) -> Any:
        from screening.store.cipher import CannotOpen
        from screening.store.crypto import DataKeyError
        from screening.store.db import WritersBusy
        from screening.store.upgrades import FOREIGN_DATABASE, ForeignDatabase

        try:
            return super().invoke(ctx)
        except WritersBusy as error:
            click.echo(_("Another change held the database for more than %(seconds)s seconds "
                         "(SCREENING_WRITE_WAIT_SECONDS), so nothing was written: try again.",
                         seconds=f"{error.waited:g}"), err=True)
            sys.exit(EXIT_BUSY)
        except ForeignDatabase as error:
            fail(say(FOREIGN_DATABASE(path=str(database_path()), found=f"{error.found:#x}")))
        except CannotOpen as error:
            fail(say(error.wording))
        except DataKeyError as error:
            fail(str(error))


@click.group(cls=_Screening)
def main() -> None:
    """Routine-enquiry screening for people who may be causing domestic abuse."""
    # Every setting is read once before any command runs: a value that cannot be used is named
    # here, with what it allows, rather than as a traceback from deep inside a command.
    try:
        settings.read_all()
    except settings.SettingError as error:
        fail(said_setting(error))


@main.group()
def questionnaires() -> None:
    """Check, list, show, publish and translate question sets."""


@questionnaires.command("check")
def check_command() -> None:
    """Validate every question-set file, the services directory and the published lock."""
    folder = questionnaires_folder()
    question_sets, services, problems = check_folder(folder)
    for problem in problems:
        click.echo(say(where_it_is(problem, folder)), err=True)
    if problems:
        click.echo(ngettext("%(count)s problem found.", "%(count)s problems found.",
                            len(problems)), err=True)
        sys.exit(EXIT_BAD_INPUT)
    cases = sum(len(qs.golden_cases) for qs in question_sets)
    click.echo(_("OK: %(versions)s, %(services)s, %(cases)s pass.",
                 versions=ngettext("%(count)s question set version",
                                   "%(count)s question set versions", len(question_sets)),
                 services=ngettext("%(count)s service", "%(count)s services", len(services)),
                 cases=ngettext("%(count)s golden case", "%(count)s golden cases", cases)))


@questionnaires.command("list")
def list_command() -> None:
    """Id, version, status and title of every question-set version."""
    found = sorted(library_or_fail().question_sets, key=lambda q: (q.id, q.version))
    for qs in found:
        click.echo(f"{qs.id}\t{qs.version}\t{qs.status}\t{qs.title['en']}")
    if not found:
        # Said on standard error: standard output stays the tab-separated list, empty.
        click.echo(_("There are no question sets in %(folder)s (see questionnaires/FORMAT.md).",
                     folder=str(questionnaires_folder())), err=True)


def _lookup(library: Library, key: str) -> Any:
    try:
        return library.parse_key(key)
    except KeyError:
        known = ", ".join(qs.key for qs in library.question_sets)
        fail(_("No question set %(key)s. Known: %(known)s", key=repr(key), known=known))


@questionnaires.command("show")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the definition as JSON.")
def show_command(key: str, as_json: bool) -> None:
    """The definition of ID[@VERSION], with each question's allowed values."""
    qs = _lookup(library_or_fail(), key)
    data = definition_json(qs)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    questions = data["questions"]
    click.echo(f"{qs.key} ({qs.status}): {qs.title['en']}")
    for q in questions:
        allowed = f" [{', '.join(q['allowed_values'])}]" if q["allowed_values"] else ""
        click.echo(f"  {q['id']} ({q['type']}){allowed}: {q['text']}")


@questionnaires.command("publish")
@click.argument("key")
def publish_command(key: str) -> None:
    """Check everything, then mark the draft ID@VERSION published and record its hash; it
    never changes after."""
    folder = questionnaires_folder()
    match = PUBLISHABLE.match(key)
    path = folder / match.group(1) / f"v{match.group(2)}.json" if match else None
    if path is None or not path.is_file() or path.resolve().parent.parent != folder.resolve():
        fail(_("No draft file for %(key)s: give ID@VERSION of a file in %(folder)s",
               key=repr(key), folder=str(folder)))
        return
    original = path.read_bytes()
    data = json.loads(original)
    if data.get("status") != "draft":
        fail(_("%(key)s is not a draft; a published version never changes", key=key))
    # The full check first: a draft that fails it, or a folder the tool would refuse to start
    # with, is not published.
    _sets, _services, problems = check_folder(folder)
    if problems:
        fail(_("%(key)s was not published: the check found these problems.", key=key) + "\n"
             + "\n".join(say(where_it_is(p, folder)) for p in problems))
    lock = read_lock(folder)
    data["status"] = "published"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lock[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_lock(folder, lock)
    _audit_publish(key, path)
    click.echo(_("Published %(key)s.", key=key))


def _audit_publish(key: str, path: Path) -> None:
    """Publishing is an administrative act: recorded in the database's audit log when there is
    a database here (an author's checkout may have none)."""
    database = database_path()
    if database.is_file():
        from screening.store.audit import record_command
        from screening.store.db import connect

        record_command(connect(database), "publish", f"question_set/{key}",
                       f"{path} published, sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")


@main.command("score")
@click.argument("key")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def score_command(key: str, file: Any) -> None:
    """Score FILE ({"answers": {...}}, or - for standard input) with ID[@VERSION]; print JSON."""
    library = library_or_fail()
    qs = _lookup(library, key)
    try:
        data = json.load(file)
    except json.JSONDecodeError as error:
        fail(_("The answers file is not valid JSON: %(error)s at line %(line)s column "
               "%(column)s", error=error.msg, line=error.lineno, column=error.colno))
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        fail(_('The answers file must be an object like {"answers": {"question_id": "yes"}}'))
    judgement = None
    if data.get("judgement") is not None:
        j = data["judgement"]
        if not isinstance(j, dict) or set(j) != {"level", "reason"}:
            fail(_('"judgement" must be {"level": "medium"|"high", "reason": "…"}'))
        judgement = Judgement(str(j["level"]), str(j["reason"]))
    try:
        result = score(qs, data["answers"], parameter_values(qs), judgement)
    except AnswerError as error:
        lines = [f"- {problem.question}: {say(problem.wording)}" for problem in error.problems]
        fail(_("These answers cannot be scored:") + "\n" + "\n".join(lines))
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))



@main.group()
def users() -> None:
    """Add, list, disable and reset the people who sign in."""


def _user_db() -> Any:
    from screening.store.db import connect

    return connect(database_path())


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["practitioner", "service_lead",
                                                          "admin", "service_worker"]))
@click.option("--service", default=None,
              help="For a service worker: the id in services.json of the service they answer "
                   "referrals for (for example dapp).")
@click.option("--team", required=True, help="The team (for example a GP practice) they work in.")
@click.option("--email", default=None,
              help="Their organisation e-mail address, to sign in with their organisation account.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
def users_add_command(name: str, role: str, service: str | None, team: str, email: str | None,
                      password_stdin: bool) -> None:
    """Add NAME with a role and a team (a service worker also with a service); prints the
    generated password."""
    from screening.questionnaire.library import load_services
    from screening.referrals import receiving_services
    from screening.store.audit import record_command
    from screening.store.users import UserError, add_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    services = receiving_services(load_services(questionnaires_folder(), []))
    db = _user_db()
    try:
        user, generated = add_user(db, name, role, team, password, email, service, services)
    except UserError as error:
        fail(say(error.wording))
        return
    record_command(db, "user_add", f"user/{user.id}", f"{user.role} in {user.team}")
    if user.service:
        click.echo(_("Added %(name)s (%(role)s of %(service)s, team %(team)s).", name=user.name,
                     role=user.role, service=user.service, team=user.team))
    else:
        click.echo(_("Added %(name)s (%(role)s, team %(team)s).", name=user.name,
                     role=user.role, team=user.team))
    if password is None:
        click.echo(_("Password: %(password)s", password=generated))


@users.command("list")
def users_list_command() -> None:
    """Name, role, team and whether each user can sign in."""
    from screening.store.users import list_users, same_in_any_case

    db = _user_db()
    found = list_users(db)
    for user in found:
        state = "disabled" if user.disabled else "active"
        click.echo("\t".join([user.name, user.role, user.team, state]
                              + ([user.service] if user.service else [])
                              + ([user.email] if user.email else [])))
    if not found:
        # Said on standard error: standard output stays the tab-separated list, empty.
        click.echo(_("There are no users in %(database)s yet. `make run` adds an admin the first "
                     "time it serves, or add one with: %(command)s", database=str(database_path()),
                     command=f"{own_command()} users add NAME --role admin --team TEAM"),
                   err=True)
    for names in same_in_any_case(db):
        click.echo(_("These users' names differ only in case: %(names)s. Each signs in with "
                     "the name typed exactly as shown; consider disabling the one not used.",
                     names=", ".join(names)), err=True)


def _named_user(db: Any, name: str) -> Any:
    from screening.store.users import find_user

    user = find_user(db, name)
    if user is None:
        fail(_("There is no user called %(name)s", name=repr(name)))
    return user


@users.command("disable")
@click.argument("name")
def users_disable_command(name: str) -> None:
    """Stop NAME signing in (their screenings stay)."""
    from screening.store.audit import record_command
    from screening.store.users import CANNOT_SIGN_IN, set_disabled

    db = _user_db()
    user = _named_user(db, name)
    set_disabled(db, user.id, True)
    record_command(db, "user_disable", f"user/{user.id}", f"{user.name} can no longer sign in")
    click.echo(say(CANNOT_SIGN_IN(name=name)))


@users.command("email")
@click.argument("name")
@click.argument("address")
def users_email_command(name: str, address: str) -> None:
    """Give NAME the e-mail address of their organisation account."""
    from screening.store.users import UserError, set_email

    db = _user_db()
    try:
        set_email(db, _named_user(db, name).id, address)
    except UserError as error:
        fail(say(error.wording))
        return
    click.echo(_("%(name)s signs in with the organisation account %(email)s.", name=name,
                 email=address.strip()))


@users.command("sso-only")
@click.argument("name")
@click.option("--off", is_flag=True, help="Allow their local password again.")
def users_sso_only_command(name: str, off: bool) -> None:
    """Refuse NAME's local password: they sign in with their organisation account only."""
    from screening.store.users import ORGANISATION_ONLY, PASSWORD_ALLOWED, set_sso_only

    db = _user_db()
    set_sso_only(db, _named_user(db, name).id, not off)
    click.echo(say((PASSWORD_ALLOWED if off else ORGANISATION_ONLY)(name=name)))


@users.command("reset-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from standard input instead of generating one.")
def users_reset_command(name: str, password_stdin: bool) -> None:
    """Give NAME a new password (generated unless read from standard input)."""
    from screening.store.audit import record_command
    from screening.store.users import UserError, reset_password

    db = _user_db()
    user = _named_user(db, name)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        new = reset_password(db, user.id, password)
    except UserError as error:
        fail(say(error.wording))
        return
    record_command(db, "user_reset", f"user/{user.id}",
                   "new password generated" if password is None else "new password given")
    click.echo(_("New password for %(name)s: %(password)s", name=name, password=new)
               if password is None else _("Password for %(name)s changed.", name=name))


@main.command("serve")
@click.option("--gunicorn", "use_gunicorn", is_flag=True,
              help="Serve with gunicorn (3 workers) instead of the built-in server.")
def serve_command(use_gunicorn: bool) -> None:
    """Serve the web pages on SCREENING_HOST:SCREENING_PORT (first run: prints how to sign in)."""
    from screening.web import create_app
    from screening.web.serve import serve

    try:
        app = create_app()
    except QuestionSetError as error:
        fail(unusable_question_sets(located(error)))
        return
    serve(app, use_gunicorn)


main.add_command(export_command)
main.add_command(demo_command)
questionnaires.add_command(translations)
for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
