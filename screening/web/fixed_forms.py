"""The forms that do not come from a question set: signing in, starting, result, handover, users."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from screening.limits import REASON_LIMIT, RECORD_NUMBER_LIMIT, TEAM_LIMIT, USER_NAME_LIMIT
from screening.web import labels
from screening.web import messages as m
from screening.web.catalog import lazy_gettext as _l
from screening.web.fields import ChoiceField, choices


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _not_future(message: Any) -> Any:
    """A date that has not come yet is refused; the message is said when the form is checked,
    in the reader's language (str() at import would fix it in English)."""
    def check(form: Any, field: Any) -> None:
        if field.data and field.data > dt.date.today():
            raise ValidationError(str(message))
    return check


def label(form: type[FlaskForm], name: str) -> str:
    """A field's label, in the reader's language: the offline app's form says the same words
    as the page's without writing them again."""
    return str(getattr(form, name).args[0])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token (sign out, delete, disable)."""


class LanguageForm(FlaskForm):
    lang = StringField()


class SignInForm(FlaskForm):
    name = StringField(_l("User name"), [InputRequired(m.ENTER_USER_NAME)], filters=[_strip],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Password"), [InputRequired(m.ENTER_PASSWORD)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     [InputRequired(m.ENTER_CURRENT_PASSWORD)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), [InputRequired(m.ENTER_NEW_PASSWORD)],
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(_l("New password again"),
                                     [InputRequired(m.CONFIRM_NEW_PASSWORD)],
                                     render_kw={"autocomplete": "new-password"})

    def validate_confirm_password(self, field: Any) -> None:
        if self.new_password.data and field.data != self.new_password.data:
            raise ValidationError(str(m.PASSWORDS_DIFFER))


class StartForm(FlaskForm):
    setting = RadioField(_l("Where are you working today?"), [InputRequired(m.SELECT_SETTING)],
                         choices=choices((k, labels.SETTINGS[k]) for k in labels.START_SETTINGS),
                         invalid_choice_message=m.SELECT_SETTING)
    question_set = RadioField(_l("Which questions will you ask?"),
                              [InputRequired(m.SELECT_QUESTION_SET)],
                              invalid_choice_message=m.SELECT_QUESTION_SET)
    client_language = RadioField(_l("Which language will you ask the questions in?"),
                                 [InputRequired(m.SELECT_CLIENT_LANGUAGE)],
                                 invalid_choice_message=m.SELECT_CLIENT_LANGUAGE)
    local_record_number = StringField(
        _l("Local record number (optional)"),
        [Optional(), Length(max=RECORD_NUMBER_LIMIT, message=m.RECORD_NUMBER_TOO_LONG)],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"})


class OpeningForm(FlaskForm):
    agreed = BooleanField(_l("I read this statement to the person, and they agreed to answer "
                             "the questions"), [InputRequired(m.CONFIRM_OPENING)])


class NotAskedForm(FlaskForm):
    enquiry = RadioField(_l("Why are the questions not being asked?"),
                         [InputRequired(m.SELECT_NOT_ASKED)],
                         choices=choices(labels.ENQUIRY_NOT_ASKED.items()),
                         invalid_choice_message=m.SELECT_NOT_ASKED)
    because = ChoiceField(_l("Why is it not safe to ask?"),
                          choices=choices(labels.NOT_SAFE_BECAUSE.items()),
                          invalid_choice_message=m.SELECT_NOT_SAFE_BECAUSE)

    def validate_because(self, field: Any) -> None:
        if self.enquiry.data == "not_safe_to_ask" and not field.data:
            raise ValidationError(str(m.SELECT_NOT_SAFE_BECAUSE))


class JudgementForm(FlaskForm):
    judgement_level = RadioField(_l("Raise the risk level to"),
                                 [InputRequired(m.SELECT_JUDGEMENT_LEVEL)],
                       invalid_choice_message=m.SELECT_JUDGEMENT_LEVEL)
    judgement_reason = TextAreaField(_l("Why does your professional judgement raise the level?"),
                           [InputRequired(m.ENTER_JUDGEMENT_REASON),
                            Length(max=REASON_LIMIT, message=m.JUDGEMENT_REASON_TOO_LONG)],
                           filters=[_strip], render_kw={"maxlength": REASON_LIMIT, "rows": 3})


class ConsentForm(FlaskForm):
    consent = RadioField(_l("Does the person consent to the referral?"),
                         [InputRequired(m.SELECT_CONSENT)],
                         choices=choices(labels.CONSENT.items()),
                         invalid_choice_message=m.SELECT_CONSENT)
    override_duty = ChoiceField(_l("Which safeguarding duty overrides their decision?"),
                      choices=choices(labels.OVERRIDE_DUTIES.items()),
                      invalid_choice_message=m.SELECT_OVERRIDE_DUTY)
    override_reason = TextAreaField(_l("Why does the duty override their decision?"),
                           [Length(max=REASON_LIMIT, message=m.OVERRIDE_REASON_TOO_LONG)],
                           filters=[_strip], render_kw={"maxlength": REASON_LIMIT, "rows": 3})

    def validate_override_duty(self, field: Any) -> None:
        if self.consent.data == "override" and not field.data:
            raise ValidationError(str(m.SELECT_OVERRIDE_DUTY))

    def validate_override_reason(self, field: Any) -> None:
        if self.consent.data == "override" and not field.data:
            raise ValidationError(str(m.ENTER_OVERRIDE_REASON))


class SentForm(FlaskForm):
    sent_on = DateField(_l("Date sent"), [InputRequired(m.ENTER_SENT_DATE),
                                           _not_future(m.SENT_DATE_NOT_FUTURE)],
                        invalid_value_message=m.ENTER_SENT_DATE)
    how = RadioField(_l("How was it sent?"), [InputRequired(m.SELECT_SENT_HOW)],
                     choices=choices((k, v) for k, v in labels.SENT_HOW.items()
                                     if k != "in_tool"),
                     invalid_choice_message=m.SELECT_SENT_HOW)


class SendInToolForm(FlaskForm):
    """Which team of the receiving service gets the handover in its inbox (choices: the teams
    with workers of that service; with one, it is chosen for the practitioner)."""

    team = RadioField(_l("Which team should receive it?"), [InputRequired(m.SELECT_RECEIVING_TEAM)],
                      choices=[], invalid_choice_message=m.SELECT_RECEIVING_TEAM)


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("What happened after the handover?"),
                         [InputRequired(m.SELECT_HANDOVER_OUTCOME)],
                         choices=choices((k, labels.HANDOVER_STATUS[k])
                                         for k in labels.HANDOVER_OUTCOMES),
                         invalid_choice_message=m.SELECT_HANDOVER_OUTCOME)


class ReferralConsentForm(FlaskForm):
    consent = RadioField(_l("Does the person consent to this referral?"),
                         [InputRequired(m.SELECT_REFERRAL_CONSENT)],
                         choices=choices(labels.REFERRAL_CONSENT.items()),
                         invalid_choice_message=m.SELECT_REFERRAL_CONSENT)


class ReferralReasonForm(FlaskForm):
    reason = TextAreaField(_l("Why does this referral go ahead?"),
                           [DataRequired(m.ENTER_REFERRAL_REASON),
                            Length(max=REASON_LIMIT, message=m.REFERRAL_REASON_TOO_LONG)],
                           filters=[_strip], render_kw={"maxlength": REASON_LIMIT, "rows": 3})


class ReviewForm(FlaskForm):
    decision = RadioField(_l("What did the review decide?"),
                          [InputRequired(m.SELECT_REVIEW_DECISION)],
                          choices=choices(labels.REVIEW_DECISIONS.items()),
                          invalid_choice_message=m.SELECT_REVIEW_DECISION)
    reason = TextAreaField(_l("Who reviewed it, and why?"),
                           [DataRequired(m.ENTER_REVIEW_REASON),
                            Length(max=REASON_LIMIT, message=m.REVIEW_REASON_TOO_LONG)],
                           filters=[_strip], render_kw={"maxlength": REASON_LIMIT, "rows": 3})


class ReferralOutcomeForm(FlaskForm):
    """What followed a sent referral; the choices are set from where the referral may go."""

    status = RadioField(_l("What happened next?"), [InputRequired(m.SELECT_HANDOVER_OUTCOME)],
                        invalid_choice_message=m.SELECT_HANDOVER_OUTCOME)
    decline_reason = ChoiceField(_l("Why was it declined?"),
                                 choices=choices(labels.DECLINE_REASONS.items()),
                                 invalid_choice_message=m.SELECT_DECLINE_REASON)
    first_session_on = DateField(_l("Date of the first session"), [Optional(), _not_future(
        m.FIRST_SESSION_NOT_FUTURE)], invalid_value_message=m.ENTER_FIRST_SESSION)

    def validate_decline_reason(self, field: Any) -> None:
        if self.status.data == "declined" and not field.data:
            raise ValidationError(str(m.SELECT_DECLINE_REASON))

    def validate_first_session_on(self, field: Any) -> None:
        if self.status.data == "engaged" and not field.data:
            raise ValidationError(str(m.ENTER_FIRST_SESSION))


class AddUserForm(FlaskForm):
    name = StringField(_l("User name"), [InputRequired(m.ENTER_NEW_USER_NAME),
                                         Length(max=USER_NAME_LIMIT, message=m.USER_NAME_TOO_LONG)],
                       filters=[_strip], render_kw={"autocomplete": "off", "spellcheck": "false"})
    role = RadioField(_l("Role"), [InputRequired(m.SELECT_ROLE)],
                      choices=choices(labels.ROLES.items()), invalid_choice_message=m.SELECT_ROLE)
    service = ChoiceField(_l("Service (for a service worker)"),
                          invalid_choice_message=m.SELECT_SERVICE)
    team = StringField(_l("Team"), [InputRequired(m.ENTER_TEAM),
                                    Length(max=TEAM_LIMIT, message=m.TEAM_TOO_LONG)],
                       filters=[_strip])
    email = StringField(_l("E-mail address (optional)"),
                        [Optional(), Length(max=254, message=m.EMAIL_TOO_LONG),
                         Regexp(r"[^@\s]+@[^@\s]+\.[^@\s]+$", message=m.EMAIL_FORMAT)],
                        filters=[_strip],
                        render_kw={"autocomplete": "off", "spellcheck": "false"})

    def validate_service(self, field: Any) -> None:
        if self.role.data == "service_worker" and not field.data:
            raise ValidationError(str(m.SELECT_SERVICE))
        if self.role.data != "service_worker" and field.data:
            raise ValidationError(str(m.SERVICE_ONLY_FOR_WORKERS))


class AuditFilterForm(FlaskForm):
    """The audit log's filters, sent in the address (GET), so no CSRF token."""

    class Meta:
        csrf = False

    user = StringField(_l("User name"),
                       [Optional(), Length(max=USER_NAME_LIMIT, message=m.USER_NAME_TOO_LONG)],
                       filters=[_strip], render_kw={"autocomplete": "off", "spellcheck": "false"})
    action = SelectField(_l("What happened"), [Optional()], validate_choice=False)
    object = StringField(_l("Record"),
                         [Optional(), Length(max=TEAM_LIMIT, message=m.AUDIT_RECORD_TOO_LONG)],
                         filters=[_strip], render_kw={"spellcheck": "false"})
    date_from = DateField(_l("From"), [Optional()], invalid_value_message=m.AUDIT_DATE_FROM)
    date_to = DateField(_l("To"), [Optional()], invalid_value_message=m.AUDIT_DATE_TO)

    def validate_date_to(self, field: Any) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(str(m.AUDIT_DATES_ORDER))
