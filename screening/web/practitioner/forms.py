"""Question pages built per request from the question-set definition.

`FIELD_BUILDERS` maps each answer type to a function that makes its field; a new answer type is
one entry here and one macro in `templates/fields.html`, never a hand-written form per set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Field, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from screening.limits import TEXT_LIMIT
from screening.questionnaire import Question
from screening.web import labels
from screening.web import messages as m
from screening.web.fields import ChecksField, ChoiceField, choices
from screening.web.i18n import text_in

FieldBuilder = Callable[[Question, int, str], Any]
YES_NO_ORDER = ("yes", "no", "dont_know", "not_asked")


class NotAsked:
    """A required question must be asked: "Not asked" is no answer to it."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data == "not_asked":
            raise ValidationError(self.message)


class NotInFuture:
    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError(self.message)


def _presence(question: Question, message: str) -> list[Any]:
    return [InputRequired(message)] if question.required else [Optional()]


def _options(question: Question, lang: str) -> list[Any]:
    return choices((o.id, str(text_in(o.label, lang))) for o in question.options)


def yes_no_field(question: Question, number: int, lang: str) -> Any:
    required = m.numbered(m.SELECT_YES_NO, number)
    checks: list[Any] = _presence(question, required)
    if question.required:
        checks.append(NotAsked(m.numbered(m.NOT_ASKED_REQUIRED, number)))
    return ChoiceField(str(text_in(question.text, lang)), checks,
                       choices=choices((v, str(labels.YES_NO[v])) for v in YES_NO_ORDER),
                       invalid_choice_message=required)


def single_field(question: Question, number: int, lang: str) -> Any:
    return ChoiceField(str(text_in(question.text, lang)),
                       _presence(question, m.numbered(m.SELECT_ONE, number)),
                       choices=_options(question, lang),
                       invalid_choice_message=m.numbered(m.NOT_A_CHOICE, number))


def multiple_field(question: Question, number: int, lang: str) -> Any:
    return ChecksField(str(text_in(question.text, lang)),
                       _presence(question, m.numbered(m.SELECT_AT_LEAST_ONE, number)),
                       choices=_options(question, lang),
                       invalid_choice_message=m.numbered(m.NOT_A_CHOICE, number))


def number_field(question: Question, number: int, lang: str) -> Any:
    if question.min is not None and question.max is not None:
        message = m.numbered(m.WHOLE_NUMBER_RANGE, number, min=question.min, max=question.max)
    else:
        message = m.numbered(m.WHOLE_NUMBER, number)
    return IntegerField(str(text_in(question.text, lang)),
                        [*_presence(question, message),
                         NumberRange(question.min, question.max, message)],
                        invalid_value_message=message)


def date_field(question: Question, number: int, lang: str) -> Any:
    message = m.numbered(m.DATE_FORMAT, number)
    return DateField(str(text_in(question.text, lang)),
                     [*_presence(question, message),
                      NotInFuture(m.numbered(m.DATE_NOT_FUTURE, number))],
                     invalid_value_message=message)


def text_field(question: Question, number: int, lang: str) -> Any:
    limit = min(question.max_length or TEXT_LIMIT, TEXT_LIMIT)
    return TextAreaField(str(text_in(question.text, lang)),
                         [*_presence(question, m.numbered(m.ENTER_TEXT, number)),
                          Length(max=limit, message=m.numbered(m.TEXT_TOO_LONG, number,
                                                                max=limit))],
                         filters=[lambda value: value.strip() if isinstance(value, str) else value],
                         render_kw={"maxlength": limit})


FIELD_BUILDERS: dict[str, FieldBuilder] = {
    "yes_no": yes_no_field,
    "single": single_field,
    "multiple": multiple_field,
    "number": number_field,
    "date": date_field,
    "text": text_field,
}
RESERVED = frozenset(dir(FlaskForm))


class QuestionPageForm(FlaskForm):
    """One page of questions; `page_questions` pairs each question with its field."""

    class Meta:
        # CSRFProtect (security.py) checks the token of every form sent, before any view runs,
        # and the page renders that token; a second check per form only signed a new one.
        csrf = False

    page_questions: list[tuple[Question, Any]]


def field_name(question: Question) -> str:
    """The form field (and HTML id) of a question: its id, unless that clashes with the form."""
    return f"answer_{question.id}" if question.id in RESERVED else question.id


def _field_value(question: Question, value: Any) -> Any:
    return dt.date.fromisoformat(value) if question.type == "date" else value


# Form classes already built, by language and the questions on the page: the same questions in
# the same language always make the same fields, labels and messages, and building them (every
# message translated and numbered) was a tenth of sending a page. The questions are kept in the
# value, so the ids in the key stay theirs. Plain dict operations: safe between threads.
_PAGE_FORMS: dict[tuple[str, tuple[int, ...]],
                  tuple[list[Question], type[QuestionPageForm]]] = {}
_PAGE_FORMS_KEPT = 1024


def _page_form(questions: list[Question], lang: str) -> type[QuestionPageForm]:
    key = (lang, tuple(id(question) for question in questions))
    found = _PAGE_FORMS.get(key)
    if found is not None:
        return found[1]
    page = type("QuestionPage", (QuestionPageForm,), {})
    for number, question in enumerate(questions, 1):
        setattr(page, field_name(question), FIELD_BUILDERS[question.type](question, number, lang))
    if len(_PAGE_FORMS) >= _PAGE_FORMS_KEPT:
        _PAGE_FORMS.clear()
    _PAGE_FORMS[key] = (list(questions), page)
    return page


def question_form(questions: list[Question], lang: str, saved: Mapping[str, Any],
                  formdata: MultiDict[str, str] | None) -> QuestionPageForm:
    """The form for these questions: from what was posted, or else from the saved answers."""
    page = _page_form(questions, lang)
    data = None if formdata is not None else {
        field_name(q): _field_value(q, saved[q.id]) for q in questions if q.id in saved}
    form: QuestionPageForm = page(formdata=formdata, data=data)
    form.page_questions = [(q, form[field_name(q)]) for q in questions]
    return form


def answer_value(question: Question, field: Any) -> Any:
    """A field's data as the question set stores it; None when there is no answer."""
    value = field.data
    if question.type == "multiple":
        return list(value) if value else None
    if question.type == "date":
        return value.isoformat() if value else None
    if question.type == "text":
        return value or None
    return value


def valid_answers(form: QuestionPageForm) -> dict[str, Any]:
    """Each answer on the page that passed its checks (None clears a saved answer)."""
    return {q.id: answer_value(q, field) for q, field in form.page_questions if not field.errors}
