"""Every error message a person can see, in one place, in GOV.UK content style.

Messages say what to do ("Select…", "Enter…"), name the question where a page has several,
and never say which of a user name or password was wrong. Each is a Template of the one message
system (screening/wording.py): a stable snake_case code and its English text, marked N_ for the
catalogs, said lazily in the reader's language whenever a page shows it. A message the domain
says too (to the offline API or the command) is defined there once, and only said here.
"""

from __future__ import annotations

from flask import has_request_context
from flask_babel.speaklater import LazyString

from screening.store import recording_messages as recording
from screening.store import users
from screening.wording import N_, Nn_, Template


class Said(LazyString):  # type: ignore[misc]
    """A Template said in the reader's language each time it is shown (a WTForms message, a
    page's words). A placeholder stays as it is, for the page or the offline app to fill."""

    def __init__(self, template: Template) -> None:
        super().__init__(_say_now, template)
        self.template = template


def _said(code: str, text: str) -> Said:
    """One of the pages' own messages: its code, and its English text marked N_."""
    return Said(Template(code, text))


def _say_now(template: Template) -> str:
    wording = template(**{name: f"%({name})s" for name in template.placeholders})
    if not has_request_context():  # read at import (a form's class body): English, as _l was
        return wording.english()
    from screening.web.i18n import said  # i18n imports the forms, and they import this module

    return said(wording)


# Signing in and users
SIGN_IN_FAILED = _said("sign_in_failed", N_(
    "Enter a correct user name and password. If your account was disabled, ask your "
    "administrator."))
ENTER_USER_NAME = _said("enter_your_user_name", N_("Enter your user name"))
ENTER_PASSWORD = _said("enter_password", N_("Enter your password"))
ENTER_NEW_USER_NAME = Said(users.ENTER_NAME)
USER_NAME_TOO_LONG = _said("user_name_too_long", N_(
    "User name must be %(max)s characters or fewer"))
USER_EXISTS = _said("user_name_taken", N_("There is already a user with that name: choose another"))
SELECT_ROLE = _said("select_role", N_("Select the user's role"))
ENTER_TEAM = _said("enter_users_team", N_(
    "Enter the team the user belongs to, for example the name of the GP practice"))
TEAM_TOO_LONG = _said("team_too_long", N_("Team must be %(max)s characters or fewer"))
CANNOT_DISABLE_SELF = _said("cannot_disable_self", N_("You cannot disable your own account"))
ENTER_CURRENT_PASSWORD = _said("enter_current_password", N_("Enter your current password"))
ENTER_NEW_PASSWORD = _said("enter_new_password", N_("Enter a new password"))
CONFIRM_NEW_PASSWORD = _said("confirm_new_password", N_("Enter the new password again"))
PASSWORDS_DIFFER = _said("passwords_differ", N_(
    "The new passwords do not match: enter the same new password twice"))
WRITERS_BUSY_TITLE = _said("writers_busy_title", N_("The service is busy"))
WRITERS_BUSY = _said("writers_busy", N_("Another change is taking longer than usual, so this one "
                                        "was not saved. Wait a few seconds and try again: "
                                        "everything saved before is kept."))
BAD_RETURN_ADDRESS_TITLE = _said("bad_return_address_title", N_("This sign-in link is not valid"))
BAD_RETURN_ADDRESS = _said("bad_return_address", N_(
    "The address to return to after signing in has a line break or another control character "
    "in it, so nobody was signed in. Go to the start page and sign in from there."))

# A screening whose stored data fails its integrity check (changed outside the tool, or the
# wrong data key): said plainly, audited as integrity_failure, the others still shown.
SCREENING_UNREADABLE = _said("screening_unreadable", N_(
    "This screening cannot be read: its stored data failed its integrity check. Ask your "
    "administrator, who can see it in the audit log."))
SCREENING_UNREADABLE_TITLE = _said("screening_unreadable_title", N_(
    "This screening cannot be read"))
SCREENING_UNREADABLE_PAGE = _said("screening_unreadable_page", N_(
    "Its stored data failed its integrity check: it was changed outside the tool, or the tool "
    "is using a different data key. Nothing was changed. Your administrator can see this in "
    "the audit log; your other screenings are not affected."))
EMAIL_FORMAT = Said(users.EMAIL_FORMAT)
EMAIL_TOO_LONG = _said("email_too_long", N_("E-mail address must be 254 characters or fewer"))
EMAIL_EXISTS = _said("email_taken", N_("There is already a user with that e-mail address"))
SIGN_IN_ORGANISATION_ONLY = _said("sign_in_organisation_only", N_(
    "Your account signs in with your organisation account only. Use the button to sign in with "
    "your organisation account, or ask your administrator."))

# Signing in with the organisation account: for each refusal (codes of
# screening/store/organisation_sign_in.py, and of the protocol in screening/web/oidc.py), a
# heading and what to do.
ORGANISATION_REFUSALS = {
    "no_email": (
        _said("organisation_no_email_title", N_(
            "Your organisation account did not give an e-mail address")),
        _said("organisation_no_email_advice", N_(
            "Ask your IT service desk to make sure your account has an e-mail address, then "
            "try again. Until then, ask your administrator for a user name and password."))),
    "email_unverified": (
        _said("organisation_email_unverified_title", N_(
            "Your organisation has not verified your e-mail address")),
        _said("organisation_email_unverified_advice", N_(
            "Ask your IT service desk to verify the e-mail address on your organisation "
            "account, then try again."))),
    "domain_not_allowed": (
        _said("organisation_domain_not_allowed_title", N_(
            "Accounts from %(domain)s cannot sign in here")),
        _said("organisation_domain_not_allowed_advice", N_(
            "Sign in with the account your organisation gave you for work. If your "
            "organisation should be able to use this service, ask your administrator."))),
    "unknown_address": (
        _said("organisation_unknown_address_title", N_(
            "There is no user with the e-mail address %(email)s")),
        _said("organisation_unknown_address_advice", N_(
            "Ask your administrator to add you with this e-mail address, then try again."))),
    "disabled": (
        _said("organisation_disabled_title", N_("Your account is disabled")),
        _said("organisation_disabled_advice", N_(
            "Ask your administrator to enable your account."))),
    "different_account": (
        _said("organisation_different_account_title", N_(
            "This e-mail address belongs to a different organisation account")),
        _said("organisation_different_account_advice", N_(
            "Sign in with the organisation account you used before, or ask your "
            "administrator to give your user this address again."))),
    "state": (
        _said("organisation_state_title", N_("This sign-in has expired or was already used")),
        _said("organisation_state_advice", N_("Go back to the sign-in page and start again."))),
    "provider": (
        _said("organisation_provider_title", N_("Your organisation did not complete the sign-in")),
        _said("organisation_provider_advice", N_(
            "Go back to the sign-in page and start again. If this keeps happening, tell your "
            "administrator the time it happened."))),
    "token": (
        _said("organisation_token_title", N_("Your organisation's answer could not be trusted")),
        _said("organisation_token_advice", N_(
            "Go back to the sign-in page and start again. If this keeps happening, tell your "
            "administrator the time it happened: the tool may not be set up correctly."))),
    "unreachable": (
        _said("organisation_unreachable_title", N_(
            "Your organisation's sign-in service cannot be reached")),
        _said("organisation_unreachable_advice", N_(
            "Try again in a few minutes. If you have a user name and password for this "
            "service, you can sign in with those."))),
}
SELECT_SERVICE = _said("select_service", N_(
    "Select the service a service worker answers referrals for"))
SERVICE_ONLY_FOR_WORKERS = _said("service_only_for_workers", N_(
    "Select a service only for a service worker"))

# Messages with a count are functions, so that the language's plural form is picked; their
# templates have lower-case names (every upper-case name here is sent to the offline app).
_sign_in_locked = Template("sign_in_locked", *Nn_(
    "There have been too many attempts to sign in. Wait %(num)s minute and try again, or ask "
    "your administrator to reset your password.",
    "There have been too many attempts to sign in. Wait %(num)s minutes and try again, or ask "
    "your administrator to reset your password."))
_signed_out_idle = Template("signed_out_idle", *Nn_(
    "You were signed out because the service was not used for %(num)s minute. Sign in again to "
    "go back to the page you were on: your saved answers are kept.",
    "You were signed out because the service was not used for %(num)s minutes. Sign in again "
    "to go back to the page you were on: your saved answers are kept."))
_signed_out_absolute = Template("signed_out_absolute", *Nn_(
    "You were signed out because you signed in more than %(num)s hour ago. Sign in again to go "
    "back to the page you were on: your saved answers are kept.",
    "You were signed out because you signed in more than %(num)s hours ago. Sign in again to go "
    "back to the page you were on: your saved answers are kept."))


def _counted(template: Template, num: int) -> str:
    from screening.web.i18n import said  # as in _say_now

    return said(template(count=num, num=num))


def sign_in_locked(minutes: int) -> str:
    """Too many attempts: wait this many minutes (worded in the language's plural forms)."""
    return _counted(_sign_in_locked, minutes)


def signed_out_idle(minutes: int) -> str:
    return _counted(_signed_out_idle, minutes)


def signed_out_absolute(hours: int) -> str:
    return _counted(_signed_out_absolute, hours)


# The audit log
AUDIT_DATE_FROM = _said("audit_date_from", N_("Enter a real 'from' date, for example 2024-03-27"))
AUDIT_DATE_TO = _said("audit_date_to", N_("Enter a real 'to' date, for example 2024-03-27"))
AUDIT_DATES_ORDER = _said("audit_dates_order", N_(
    "The 'to' date must be the same as or after the 'from' date"))
AUDIT_RECORD_TOO_LONG = _said("audit_record_too_long", N_(
    "Record must be %(max)s characters or fewer"))

# Starting a screening
SELECT_SETTING = _said("select_setting_worked_in", N_("Select the setting you work in"))
SELECT_QUESTION_SET = _said("select_question_set", N_("Select a question set"))
QUESTION_SET_NOT_FOR_SETTING = _said("question_set_not_for_setting", N_(
    "Select a question set used in the setting you chose"))
SELECT_CLIENT_LANGUAGE = _said("select_language_to_ask_in", N_(
    "Select the language to ask the questions in"))
LANGUAGE_NOT_IN_SET = _said("language_not_in_set", N_(
    "Select a language this question set is written in"))
RECORD_NUMBER_TOO_LONG = _said("record_number_too_long", N_(
    "Local record number must be 40 characters or fewer"))
CONFIRM_OPENING = _said("confirm_opening", N_(
    "Confirm that you read the statement and the person agreed to the questions"))

# Answers
NOT_ASKED_REQUIRED = _said("not_asked_required", N_(
    "Question %(number)s must be asked: select yes, no or don't know"))
SELECT_YES_NO = _said("select_yes_no", N_("Select yes, no or don't know for question %(number)s"))
SELECT_ONE = _said("select_one", N_("Select an answer to question %(number)s"))
SELECT_AT_LEAST_ONE = _said("select_at_least_one", N_(
    "Select at least one answer to question %(number)s"))
NOT_A_CHOICE = _said("not_a_choice", N_("Select one of the answers shown for question %(number)s"))
WHOLE_NUMBER_RANGE = _said("whole_number_range", N_(
    "Enter a whole number from %(min)s to %(max)s for question %(number)s"))
WHOLE_NUMBER = _said("whole_number", N_("Enter a whole number for question %(number)s"))
DATE_FORMAT = _said("date_format", N_("Enter a real date for question %(number)s, for example "
                                      "2024-03-27"))
DATE_NOT_FUTURE = _said("date_not_future", N_(
    "The date for question %(number)s must be today or in the past"))
ENTER_TEXT = _said("enter_text", N_("Enter an answer to question %(number)s"))
TEXT_TOO_LONG = _said("text_too_long", N_(
    "Answer to question %(number)s must be %(max)s characters or fewer"))
UNANSWERED_REQUIRED = Said(recording.ANSWER_REQUIRED)

# The result
SELECT_JUDGEMENT_LEVEL = Said(recording.SELECT_JUDGEMENT_LEVEL)
ENTER_JUDGEMENT_REASON = Said(recording.ENTER_JUDGEMENT_REASON)
JUDGEMENT_REASON_TOO_LONG = _said("reason_too_long", N_("Reason must be 500 characters or fewer"))
SELECT_CONSENT = Said(recording.SELECT_CONSENT)
SELECT_OVERRIDE_DUTY = Said(recording.SELECT_OVERRIDE_DUTY)
ENTER_OVERRIDE_REASON = Said(recording.ENTER_OVERRIDE_REASON)
OVERRIDE_REASON_TOO_LONG = JUDGEMENT_REASON_TOO_LONG  # the same words for either reason

# The handover
ENTER_SENT_DATE = _said("enter_sent_date", N_(
    "Enter the date the handover was sent, for example 2024-03-27"))
SENT_DATE_NOT_FUTURE = _said("sent_date_not_future", N_(
    "The date the handover was sent must be today or in the past"))
SELECT_SENT_HOW = _said("select_sent_how", N_("Select how the handover was sent"))
SELECT_RECEIVING_TEAM = _said("select_receiving_team", N_(
    "Select the team whose inbox the handover goes to"))
SELECT_HANDOVER_OUTCOME = _said("select_handover_outcome", N_(
    "Select what happened after the handover"))

# Not asked
SELECT_NOT_ASKED = _said("select_not_asked", N_(
    "Select whether the person declined or it was not safe to ask"))
SELECT_NOT_SAFE_BECAUSE = _said("select_not_safe_because", N_("Select why it was not safe to ask"))

# Referrals
SELECT_REFERRAL_CONSENT = _said("select_consent_to_referral", N_(
    "Select whether the person consents to this referral"))
ENTER_REFERRAL_REASON = Said(recording.ENTER_REFERRAL_REASON)
REFERRAL_REASON_TOO_LONG = _said("referral_reason_too_long", N_(
    "The reason must be 500 characters or fewer"))
SELECT_REVIEW_DECISION = _said("select_review_decision", N_("Select what the review decided"))
ENTER_REVIEW_REASON = _said("enter_review_reason", N_("Enter who reviewed it and why"))
REVIEW_REASON_TOO_LONG = _said("review_reason_too_long", N_(
    "Who reviewed it and why must be 500 characters or fewer"))
SELECT_DECLINE_REASON = _said("select_decline_reason", N_("Select why the referral was declined"))
ENTER_FIRST_SESSION = _said("enter_first_session", N_(
    "Enter the date of the first session, for example 2024-03-27"))
FIRST_SESSION_NOT_FUTURE = _said("first_session_not_future", N_(
    "The date of the first session must be today or in the past"))


def numbered(message: LazyString, number: int, **values: object) -> str:
    """A message about one question of a page, naming it by its number."""
    return str(message) % {"number": number, **values}
