"""Answers in words, in the practitioner's language, for check-your-answers and the result."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import force_locale

from screening.questionnaire import Question
from screening.web import labels
from screening.web.catalog import gettext as _
from screening.web.formats import local_date, local_list, local_number
from screening.web.i18n import LocalText, text_in


def answer_text(question: Question, value: Any, lang: str) -> str:
    """The answer as a practitioner reads it; "Not answered" when there is none."""
    if value is None or value == "" or value == []:
        return _("Not answered")
    if question.type == "yes_no":
        return str(labels.YES_NO.get(value, value))
    options = {o.id: str(text_in(o.label, lang)) for o in question.options}
    if question.type == "single":
        return options.get(value, str(value))
    if question.type == "multiple":
        return local_list(options.get(v, str(v)) for v in value)
    if question.type == "date":
        return local_date(value)
    if question.type == "number":
        return local_number(value)
    return str(value)


def client_labels(question: Question, client_lang: str) -> dict[str, LocalText]:
    """Each answer's label in the client's language, to show beside the practitioner's."""
    if question.type == "yes_no":
        return dict(yes_no_labels(client_lang))
    return {o.id: text_in(o.label, client_lang) for o in question.options}


def yes_no_labels(client_lang: str) -> dict[str, LocalText]:
    """Yes and No in the client's language, worked out once per language for this app (the
    catalogs are loaded once too): switching locale twice per question was a cost on every page."""
    cache: dict[str, dict[str, LocalText]] = current_app.extensions.setdefault(
        "screening.client_yes_no", {})
    found = cache.get(client_lang)
    if found is None:
        with force_locale("en"):
            english = {value: str(text) for value, text in labels.YES_NO.items()}
        with force_locale(client_lang):
            # Until a catalog translates a label it stays English: mark it as English.
            found = {value: LocalText(str(text), client_lang if str(text) != english[value]
                                      or client_lang == "en" else "en")
                     for value, text in labels.YES_NO.items()}
        cache[client_lang] = found
    return found
