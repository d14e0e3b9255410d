"""`screening questionnaires translations export|import`: a version's texts as a PO file.

The PO format and its rules are in screening/questionnaire/translation_files.py; this module
finds the files, refuses published versions and says what happened in the command's language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from screening import settings
from screening.command_language import _, ngettext, say
from screening.questionnaire.errors import QuestionSetError
from screening.questionnaire.translation_files import (
    LANGUAGE_CODE,
    export_po,
    read_translations,
    texts,
    translated,
)

EXIT_BAD_INPUT = 2


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _version_file(key: str) -> Path:
    folder = Path(str(settings.read("QUESTIONNAIRES")))
    name, _at, version = key.partition("@")
    path = folder / name / f"v{version}.json"
    if not name or not version.isdigit() or not path.exists():
        _fail(_("No question-set file for %(key)s: give ID@VERSION of a file in %(folder)s",
                key=repr(key), folder=str(folder)))
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        _fail(_("%(file)s is not valid JSON: run `screening questionnaires check`",
                file=str(path)))
    if not isinstance(data, dict):
        _fail(_("%(file)s is not valid JSON: run `screening questionnaires check`",
                file=str(path)))
    return data


@click.group()
def translations() -> None:
    """Texts of a question-set version as PO files, for translators' own tools."""


@translations.command("export")
@click.argument("key")
@click.option("--lang", "language", required=True, help="The language to translate into.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the PO file here instead of to standard output.")
def export_command(key: str, language: str, output: Path | None) -> None:
    """Write a PO file of every text of ID@VERSION: its path as context, English as source."""
    if language == "en" or not LANGUAGE_CODE.match(language):
        _fail(_("%(language)s is not a language to translate into: give a code such as cy",
                language=repr(language)))
    po = export_po(_read(_version_file(key)), language)
    if output is None:
        click.echo(po.decode("utf-8"), nl=False)
    else:
        output.write_bytes(po)


@translations.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "key", help="The draft ID@VERSION the file must be for (by default "
              "the one its header names).")
def import_command(file: Path, key: str | None) -> None:
    """Write FILE's translations into the draft version its header names; refuse it all if
    any entry is wrong, naming its line."""
    try:
        found = read_translations(file.read_bytes(), str(file))
        path = _version_file(key or found.key)
        data = _read(path)
        if data.get("status") != "draft":
            _fail(_("%(key)s is published, and a published version never changes: copy it to "
                    "a new draft version, export that version's texts and translate them",
                    key=f"{data['id']}@{data['version']}"))
        updated = translated(data, found)
    except QuestionSetError as error:
        _fail(_("Nothing was imported:") + "\n"
              + "\n".join(say(problem) for problem in error.problems))
    path.write_text(json.dumps(updated, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    count = sum(1 for _path, text in texts(updated) if found.language in text)
    click.echo(ngettext("%(file)s now has %(count)s text in %(language)s.",
                        "%(file)s now has %(count)s texts in %(language)s.", count,
                        file=str(path), language=found.language))
    if found.language in updated.get("unreviewed_languages", []):
        click.echo(_("%(language)s is marked unreviewed: the file has fuzzy entries.",
                     language=found.language))
