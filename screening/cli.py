"""The `screening` command: question sets, scoring, users and exports from the shell."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from screening import settings
from screening.questionnaire import AnswerError, Judgement, check_folder, load_library, score
from screening.questionnaire.errors import QuestionSetError
from screening.questionnaire.library import Library, read_lock, write_lock
from screening.questionnaire.scoring import parameter_values

EXIT_BAD_INPUT = 2


def questionnaires_folder() -> Path:
    return Path(str(settings.read("QUESTIONNAIRES")))


def database_path() -> Path:
    explicit = settings.read("DATABASE")
    if explicit:
        return Path(str(explicit))
    return Path(str(settings.read("INSTANCE_PATH"))) / "screening.db"


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def library_or_fail() -> Library:
    try:
        return load_library(questionnaires_folder())
    except QuestionSetError as error:
        fail("The question sets cannot be used:\n" + str(error)
             + "\nRun `screening questionnaires check` for the full list.")
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
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    cases = sum(len(qs.golden_cases) for qs in question_sets)
    click.echo(f"OK: {len(question_sets)} question set version(s), {len(services)} services, "
               f"{cases} golden case(s) pass.")


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
        fail(f"No question set {key!r}. Known: {known}")


@questionnaires.command("show")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the definition as JSON.")
def show_command(key: str, as_json: bool) -> None:
    """The definition of ID[@VERSION], with each question's allowed values."""
    qs = _lookup(library_or_fail(), key)
    questions = [{"id": q.id, "type": q.type, "section": s.id, "text": q.text["en"],
                  "allowed_values": q.allowed_values(), "required": q.required,
                  "show_if": q.show_if, "min": q.min, "max": q.max, "max_length": q.max_length}
                 for s in qs.sections for q in s.questions]
    if as_json:
        data = dict(qs.raw)
        data.pop("$schema", None)
        data.update(content_hash=qs.content_hash, questions=questions)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{qs.key} ({qs.status}): {qs.title['en']}")
    for q in questions:
        allowed = f" [{', '.join(q['allowed_values'])}]" if q["allowed_values"] else ""
        click.echo(f"  {q['id']} ({q['type']}){allowed}: {q['text']}")


@questionnaires.command("publish")
@click.argument("key")
def publish_command(key: str) -> None:
    """Mark the draft ID@VERSION published and record its hash; it never changes after."""
    folder = questionnaires_folder()
    name, _, version = key.partition("@")
    path = folder / name / f"v{version}.json"
    if not version.isdigit() or not path.exists():
        fail(f"No draft file for {key!r}: give ID@VERSION of a file in {folder}")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("status") != "draft":
        fail(f"{key} is not a draft; a published version never changes")
    data["status"] = "published"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    import hashlib

    lock = read_lock(folder)
    lock[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_lock(folder, lock)
    click.echo(f"Published {key}.")


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
        fail(f"The answers file is not valid JSON: {error.msg} at line {error.lineno} "
             f"column {error.colno}")
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        fail('The answers file must be an object like {"answers": {"question_id": "yes"}}')
    judgement = None
    if data.get("judgement") is not None:
        j = data["judgement"]
        if not isinstance(j, dict) or set(j) != {"level", "reason"}:
            fail('"judgement" must be {"level": "medium"|"high", "reason": "…"}')
        judgement = Judgement(str(j["level"]), str(j["reason"]))
    try:
        result = score(qs, data["answers"], parameter_values(qs), judgement)
    except AnswerError as error:
        lines = []
        for problem in error.problems:
            lines.append(f"- {problem.question}: {problem.message}")
        fail("These answers cannot be scored:\n" + "\n".join(lines))
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
