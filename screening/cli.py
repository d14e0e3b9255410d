"""The `screening` command: question sets, scoring, users and exports from the shell.

Its messages are in the language of the environment (LC_ALL, LC_MESSAGES, LANG; see
screening/command_language.py); what it prints for machines (JSON, tab-separated lists) is not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from screening import settings
from screening.command_language import _, ngettext, say
from screening.counts.command import export_command
from screening.maintenance_commands import COMMANDS
from screening.questionnaire import AnswerError, Judgement, check_folder, load_library, score
from screening.questionnaire.definition import definition_json
from screening.questionnaire.errors import QuestionSetError
from screening.questionnaire.library import Library, read_lock, write_lock
from screening.questionnaire.scoring import parameter_values
from screening.settings import database_path

EXIT_BAD_INPUT = 2


def questionnaires_folder() -> Path:
    return Path(str(settings.read("QUESTIONNAIRES")))


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def said(error: QuestionSetError) -> str:
    """Each problem of the question sets on its own line, in the command's language."""
    return "\n".join(say(problem) for problem in error.problems)


def library_or_fail() -> Library:
    try:
        return load_library(questionnaires_folder())
    except QuestionSetError as error:
        fail(_("The question sets cannot be used:") + "\n" + said(error) + "\n"
             + _("Run `screening questionnaires check` for the full list."))
        raise  # unreachable: fail exits


@click.group()
def main() -> None:
    """Routine-enquiry screening for people who may be causing domestic abuse."""


@main.group()
def questionnaires() -> None:
    """Check, list, show and publish question sets."""


@questionnaires.command("check")
def check_command() -> None:
    """Validate every question-set file, the services directory and the published lock."""
    question_sets, services, problems = check_folder(questionnaires_folder())
    for problem in problems:
        click.echo(say(problem), err=True)
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
    for qs in sorted(library_or_fail().question_sets, key=lambda q: (q.id, q.version)):
        click.echo(f"{qs.id}\t{qs.version}\t{qs.status}\t{qs.title['en']}")


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
    """Mark the draft ID@VERSION published and record its hash; it never changes after."""
    folder = questionnaires_folder()
    name, _at, version = key.partition("@")
    path = folder / name / f"v{version}.json"
    if not version.isdigit() or not path.exists():
        fail(_("No draft file for %(key)s: give ID@VERSION of a file in %(folder)s",
               key=repr(key), folder=str(folder)))
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("status") != "draft":
        fail(_("%(key)s is not a draft; a published version never changes", key=key))
    data["status"] = "published"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    import hashlib

    lock = read_lock(folder)
    lock[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_lock(folder, lock)
    click.echo(_("Published %(key)s.", key=key))


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
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
def users_add_command(name: str, role: str, service: str | None, team: str,
                      password_stdin: bool) -> None:
    """Add NAME with a role and a team (a service worker also with a service); prints the
    generated password."""
    from screening.questionnaire.library import load_services
    from screening.referrals import receiving_services
    from screening.store.users import UserError, add_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    services = receiving_services(load_services(questionnaires_folder(), []))
    try:
        user, generated = add_user(_user_db(), name, role, team, password, service, services)
    except UserError as error:
        fail(say(error.wording))
        return
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
    from screening.store.users import list_users

    for user in list_users(_user_db()):
        state = "disabled" if user.disabled else "active"
        service = f"\t{user.service}" if user.service else ""
        click.echo(f"{user.name}\t{user.role}\t{user.team}\t{state}{service}")


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
    from screening.store.users import set_disabled

    db = _user_db()
    set_disabled(db, _named_user(db, name).id, True)
    click.echo(_("%(name)s can no longer sign in.", name=name))


@users.command("reset-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from standard input instead of generating one.")
def users_reset_command(name: str, password_stdin: bool) -> None:
    """Give NAME a new password (generated unless read from standard input)."""
    from screening.store.users import UserError, reset_password

    db = _user_db()
    user = _named_user(db, name)
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    try:
        new = reset_password(db, user.id, password)
    except UserError as error:
        fail(say(error.wording))
        return
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
        fail(_("The question sets cannot be used:") + "\n" + said(error))
        return
    serve(app, use_gunicorn)


main.add_command(export_command)
for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
