"""A question-set version's texts as a PO file, so translators work in the tools they know.

Each text is one entry: its JSON path as the context (`sections[0].questions[2].how_to_ask`),
the English as the source, the language's text as the translation. The header names the set
and version (`Project-Id-Version: routine-enquiry 3`). An entry is marked fuzzy when the set
lists its language in `unreviewed_languages`; on import, a file with any fuzzy entry keeps (or
puts) the language in that list, and a file with none takes it off: clearing the marks in the
translator's tool is the review.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from screening.questionnaire.errors import Collector, QuestionSetError
from screening.wording import N_

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Answers and expectations, not words anyone reads: never offered to translators.
NOT_TEXT = frozenset({"$schema", "parameters", "scoring", "golden_cases"})
KEEP_PLACEHOLDERS = N_("keep each placeholder of the English, such as %%(name)s, exactly as "
                       "written, and add none")
HEADER_COMMENT = ("# Texts of the question set {key} for translation into {language}.\n"
                  "# The context of each entry is where the text is in {key}; translate the\n"
                  "# English. Import with `screening questionnaires translations import`.")


def is_text(value: Any) -> bool:
    """A text object: English and other languages, each a string, keyed by language code."""
    return (isinstance(value, Mapping) and isinstance(value.get("en"), str)
            and all(isinstance(k, str) and LANGUAGE_CODE.match(k) and isinstance(v, str)
                    for k, v in value.items()))


def texts(data: Any, path: str = "") -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every text of a question-set file with its JSON path, in the file's order."""
    if is_text(data):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if not (path == "" and key in NOT_TEXT):
                yield from texts(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from texts(item, f"{path}[{i}]")


def key_of(data: Mapping[str, Any]) -> str:
    return f"{data['id']}@{data['version']}"


def export_po(data: Mapping[str, Any], language: str) -> bytes:
    """The PO file of every text of this version, for translation into `language`."""
    unreviewed = language in data.get("unreviewed_languages", [])
    catalog = Catalog(locale=language, project=str(data["id"]), version=str(data["version"]),
                      header_comment=HEADER_COMMENT.format(key=key_of(data), language=language),
                      fuzzy=False)
    for path, text in texts(data):
        translated = text.get(language, "")
        catalog.add(text["en"], translated, context=path,
                    flags=["fuzzy"] if unreviewed and translated else [])
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@dataclass(frozen=True)
class Translations:
    """What a PO file says: for which set, version and language, and each entry."""

    file: str
    set_id: str
    version: str
    language: str
    header_line: int
    entries: tuple[Message, ...]

    @property
    def key(self) -> str:
        return f"{self.set_id}@{self.version}"


def read_translations(po: bytes, file: str) -> Translations:
    """A translator's PO file, read; QuestionSetError if it is not one, naming the line."""
    try:
        catalog = read_po(io.BytesIO(po), abort_invalid=True)
    except Exception as error:  # Babel says what is wrong, and where, in its own words.
        out = Collector(file)
        out.add("", N_("is not a PO file (%(error)s)"),
                N_("export the file again and translate it in a PO editor"), error=str(error))
        raise QuestionSetError(out.problems) from error
    header_line = next((n for n, line in enumerate(po.splitlines(), 1)
                        if line.startswith(b'"Project-Id-Version:')), 1)
    return Translations(file, str(catalog.project or ""), str(catalog.version or ""),
                        str(catalog.locale_identifier or ""), header_line,
                        tuple(m for m in catalog if m.id))


def translated(data: Mapping[str, Any], translations: Translations) -> dict[str, Any]:
    """A copy of the draft `data` with the file's translations written in; QuestionSetError
    (every refused entry, with its line) and nothing changed when any entry is refused."""
    out = Collector(translations.file)
    header = f"line {translations.header_line}"
    language = translations.language
    if translations.key != key_of(data):
        out.add(header, N_("is for %(found)s, not %(key)s"),
                N_("export the texts of %(key)s and translate that file"),
                found=repr(translations.key), key=key_of(data))
        raise QuestionSetError(out.problems)
    if language == "en" or language not in data["guidance_languages"]:
        out.add(header, N_("%(language)s is not a language of %(key)s"),
                N_('add "%(code)s" to guidance_languages (and languages) of the draft first'),
                language=repr(language), code=language, key=key_of(data))
        raise QuestionSetError(out.problems)
    updated: dict[str, Any] = _copy(data)
    by_path = dict(texts(updated))
    fuzzy = False
    for entry in translations.entries:
        where = f"line {entry.lineno} ({entry.context or ''})"
        text = by_path.get(entry.context or "")
        if _entry_refused(entry, text, where, key_of(data), out):
            continue
        fuzzy = fuzzy or entry.fuzzy
        if entry.string and isinstance(text, dict):  # a text: _entry_refused checked
            text[language] = entry.string
    if out.problems:
        raise QuestionSetError(out.problems)
    marked = list(updated.get("unreviewed_languages", []))
    if fuzzy and language not in marked:
        updated["unreviewed_languages"] = marked + [language]
    elif not fuzzy and language in marked:
        updated["unreviewed_languages"] = [code for code in marked if code != language]
    return updated


def _entry_refused(entry: Message, text: Mapping[str, str] | None, where: str, key: str,
                   out: Collector) -> bool:
    if text is None:
        out.add(where, N_("is not a text of %(key)s"),
                N_("remove the entry, or export %(key)s again"), key=key)
        return True
    if entry.pluralizable or isinstance(entry.string, (list, tuple)):
        forms = len(entry.string) if isinstance(entry.string, (list, tuple)) else 2
        out.add(where, N_("has %(forms)s plural forms; this text has 1"),
                N_("give one msgid and one msgstr, as the export wrote it"), forms=forms)
        return True
    if entry.id != text["en"]:
        out.add(where, N_("its English is not the English of %(key)s here"),
                N_("export %(key)s again and translate the texts that changed"), key=key)
        return True
    wanted, given = PLACEHOLDER.findall(entry.id), PLACEHOLDER.findall(entry.string or "")
    if not entry.string:
        return False
    lacking = [p for p in dict.fromkeys(wanted) if given.count(p) < wanted.count(p)]
    adding = [p for p in dict.fromkeys(given) if given.count(p) > wanted.count(p)]
    if lacking:
        out.add(where, N_("the translation lacks %(placeholders)s"), KEEP_PLACEHOLDERS,
                placeholders=lacking)
    if adding:
        out.add(where, N_("the translation adds %(placeholders)s, not in the English"),
                KEEP_PLACEHOLDERS, placeholders=adding)
    return bool(lacking or adding)
    return False


def _copy(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(item) for item in data]
    return data
