"""Every error message a person can see, in one place, in GOV.UK content style.

Messages say what to do ("Select…", "Enter…"), name the question where a page has several,
and never say which of a user name or password was wrong. A message the domain says too (to
the offline API or the command) is defined there once, with its stable code, and said here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString

from screening.store import recording_messages as recording
from screening.store import users
from screening.wording import Template


def _from_domain(template: Template, **params: str) -> LazyString:
    """A domain message said in the reader's language when a page shows it (screening.web.
    i18n.said, the one way a Template is said on a page). A placeholder given as itself, such
    as question="%(question)s", stays in the words for the page or the offline app to fill."""
    return LazyString(_said_now, template, params)


def _said_now(template: Template, params: dict[str, str]) -> str:
    from screening.web.i18n import said  # i18n imports the forms, and they import this module

    return said(template(**params))


# Signing in and users
SIGN_IN_FAILED = _l("Enter a correct user name and password. If your account was disabled, "
                    "ask your administrator.")
ENTER_USER_NAME = _l("Enter your user name")
ENTER_PASSWORD = _l("Enter your password")
ENTER_NEW_USER_NAME = _from_domain(users.ENTER_NAME)
USER_NAME_TOO_LONG = _l("User name must be 80 characters or fewer")
USER_EXISTS = _l("There is already a user with that name: choose another")
SELECT_ROLE = _l("Select the user's role")
ENTER_TEAM = _l("Enter the team the user belongs to, for example the name of the GP practice")
TEAM_TOO_LONG = _l("Team must be 120 characters or fewer")
CANNOT_DISABLE_SELF = _l("You cannot disable your own account")
ENTER_CURRENT_PASSWORD = _l("Enter your current password")
ENTER_NEW_PASSWORD = _l("Enter a new password")
CONFIRM_NEW_PASSWORD = _l("Enter the new password again")
PASSWORDS_DIFFER = _l("The new passwords do not match: enter the same new password twice")
WRITERS_BUSY_TITLE = _l("The service is busy")
WRITERS_BUSY = _l("Another change is taking longer than usual, so this one was not saved. Wait "
                  "a few seconds and try again: everything saved before is kept.")
BAD_RETURN_ADDRESS_TITLE = _l("This sign-in link is not valid")
BAD_RETURN_ADDRESS = _l("The address to return to after signing in has a line break or another "
                        "control character in it, so nobody was signed in. Go to the start page "
                        "and sign in from there.")

# A screening whose stored data fails its integrity check (changed outside the tool, or the
# wrong data key): said plainly, audited as integrity_failure, the others still shown.
SCREENING_UNREADABLE = _l("This screening cannot be read: its stored data failed its integrity "
                          "check. Ask your administrator, who can see it in the audit log.")
SCREENING_UNREADABLE_TITLE = _l("This screening cannot be read")
SCREENING_UNREADABLE_PAGE = _l(
    "Its stored data failed its integrity check: it was changed outside the tool, or the tool "
    "is using a different data key. Nothing was changed. Your administrator can see this in "
    "the audit log; your other screenings are not affected.")
EMAIL_FORMAT = _from_domain(users.EMAIL_FORMAT)
EMAIL_TOO_LONG = _l("E-mail address must be 254 characters or fewer")
EMAIL_EXISTS = _l("There is already a user with that e-mail address")
SIGN_IN_ORGANISATION_ONLY = _l("Your account signs in with your organisation account only. Use "
                               "the button to sign in with your organisation account, or ask "
                               "your administrator.")

# Signing in with the organisation account: for each refusal (codes of
# screening/store/organisation_sign_in.py, and of the protocol in screening/web/oidc.py), a
# heading and what to do.
ORGANISATION_REFUSALS = {
    "no_email": (
        _l("Your organisation account did not give an e-mail address"),
        _l("Ask your IT service desk to make sure your account has an e-mail address, then "
           "try again. Until then, ask your administrator for a user name and password.")),
    "email_unverified": (
        _l("Your organisation has not verified your e-mail address"),
        _l("Ask your IT service desk to verify the e-mail address on your organisation "
           "account, then try again.")),
    "domain_not_allowed": (
        _l("Accounts from %(domain)s cannot sign in here"),
        _l("Sign in with the account your organisation gave you for work. If your "
           "organisation should be able to use this service, ask your administrator.")),
    "unknown_address": (
        _l("There is no user with the e-mail address %(email)s"),
        _l("Ask your administrator to add you with this e-mail address, then try again.")),
    "disabled": (
        _l("Your account is disabled"),
        _l("Ask your administrator to enable your account.")),
    "different_account": (
        _l("This e-mail address belongs to a different organisation account"),
        _l("Sign in with the organisation account you used before, or ask your "
           "administrator to give your user this address again.")),
    "state": (
        _l("This sign-in has expired or was already used"),
        _l("Go back to the sign-in page and start again.")),
    "provider": (
        _l("Your organisation did not complete the sign-in"),
        _l("Go back to the sign-in page and start again. If this keeps happening, tell your "
           "administrator the time it happened.")),
    "token": (
        _l("Your organisation's answer could not be trusted"),
        _l("Go back to the sign-in page and start again. If this keeps happening, tell your "
           "administrator the time it happened: the tool may not be set up correctly.")),
    "unreachable": (
        _l("Your organisation's sign-in service cannot be reached"),
        _l("Try again in a few minutes. If you have a user name and password for this "
           "service, you can sign in with those.")),
}
SELECT_SERVICE = _l("Select the service a service worker answers referrals for")
SERVICE_ONLY_FOR_WORKERS = _l("Select a service only for a service worker")

# Messages with a count are functions, so that ngettext picks the language's plural form.


def sign_in_locked(minutes: int) -> str:
    """Too many attempts: wait this many minutes (worded in the language's plural forms)."""
    return ngettext("There have been too many attempts to sign in. Wait %(num)s minute and try "
                    "again, or ask your administrator to reset your password.",
                    "There have been too many attempts to sign in. Wait %(num)s minutes and try "
                    "again, or ask your administrator to reset your password.", minutes)


def signed_out_idle(minutes: int) -> str:
    return ngettext("You were signed out because the service was not used for %(num)s minute. "
                    "Sign in again to go back to the page you were on: your saved answers are "
                    "kept.",
                    "You were signed out because the service was not used for %(num)s minutes. "
                    "Sign in again to go back to the page you were on: your saved answers are "
                    "kept.", minutes)


def signed_out_absolute(hours: int) -> str:
    return ngettext("You were signed out because you signed in more than %(num)s hour ago. "
                    "Sign in again to go back to the page you were on: your saved answers are "
                    "kept.",
                    "You were signed out because you signed in more than %(num)s hours ago. "
                    "Sign in again to go back to the page you were on: your saved answers are "
                    "kept.", hours)


# The audit log
AUDIT_DATE_FROM = _l("Enter a real 'from' date, for example 2024-03-27")
AUDIT_DATE_TO = _l("Enter a real 'to' date, for example 2024-03-27")
AUDIT_DATES_ORDER = _l("The 'to' date must be the same as or after the 'from' date")
AUDIT_RECORD_TOO_LONG = _l("Record must be 120 characters or fewer")

# Starting a screening
SELECT_SETTING = _l("Select the setting you work in")
SELECT_QUESTION_SET = _l("Select a question set")
QUESTION_SET_NOT_FOR_SETTING = _l("Select a question set used in the setting you chose")
SELECT_CLIENT_LANGUAGE = _l("Select the language to ask the questions in")
LANGUAGE_NOT_IN_SET = _l("Select a language this question set is written in")
RECORD_NUMBER_TOO_LONG = _l("Local record number must be 40 characters or fewer")
CONFIRM_OPENING = _l("Confirm that you read the statement and the person agreed to the questions")

# Answers
NOT_ASKED_REQUIRED = _l("Question %(number)s must be asked: select yes, no or don't know")
SELECT_YES_NO = _l("Select yes, no or don't know for question %(number)s")
SELECT_ONE = _l("Select an answer to question %(number)s")
SELECT_AT_LEAST_ONE = _l("Select at least one answer to question %(number)s")
NOT_A_CHOICE = _l("Select one of the answers shown for question %(number)s")
WHOLE_NUMBER_RANGE = _l("Enter a whole number from %(min)s to %(max)s for question %(number)s")
WHOLE_NUMBER = _l("Enter a whole number for question %(number)s")
DATE_FORMAT = _l("Enter a real date for question %(number)s, for example 2024-03-27")
DATE_NOT_FUTURE = _l("The date for question %(number)s must be today or in the past")
ENTER_TEXT = _l("Enter an answer to question %(number)s")
TEXT_TOO_LONG = _l("Answer to question %(number)s must be %(max)s characters or fewer")
UNANSWERED_REQUIRED = _from_domain(recording.ANSWER_REQUIRED, question="%(question)s")

# The result
SELECT_JUDGEMENT_LEVEL = _from_domain(recording.SELECT_JUDGEMENT_LEVEL)
ENTER_JUDGEMENT_REASON = _from_domain(recording.ENTER_JUDGEMENT_REASON)
JUDGEMENT_REASON_TOO_LONG = _l("Reason must be 500 characters or fewer")
SELECT_CONSENT = _from_domain(recording.SELECT_CONSENT)
SELECT_OVERRIDE_DUTY = _from_domain(recording.SELECT_OVERRIDE_DUTY)
ENTER_OVERRIDE_REASON = _from_domain(recording.ENTER_OVERRIDE_REASON)
OVERRIDE_REASON_TOO_LONG = _l("Reason must be 500 characters or fewer")

# The handover
ENTER_SENT_DATE = _l("Enter the date the handover was sent, for example 2024-03-27")
SENT_DATE_NOT_FUTURE = _l("The date the handover was sent must be today or in the past")
SELECT_SENT_HOW = _l("Select how the handover was sent")
SELECT_RECEIVING_TEAM = _l("Select the team whose inbox the handover goes to")
SELECT_HANDOVER_OUTCOME = _l("Select what happened after the handover")

# Not asked
SELECT_NOT_ASKED = _l("Select whether the person declined or it was not safe to ask")
SELECT_NOT_SAFE_BECAUSE = _l("Select why it was not safe to ask")

# Referrals
SELECT_REFERRAL_CONSENT = _l("Select whether the person consents to this referral")
ENTER_REFERRAL_REASON = _from_domain(recording.ENTER_REFERRAL_REASON)
REFERRAL_REASON_TOO_LONG = _l("The reason must be 500 characters or fewer")
SELECT_REVIEW_DECISION = _l("Select what the review decided")
ENTER_REVIEW_REASON = _l("Enter who reviewed it and why")
REVIEW_REASON_TOO_LONG = _l("Who reviewed it and why must be 500 characters or fewer")
SELECT_DECLINE_REASON = _l("Select why the referral was declined")
ENTER_FIRST_SESSION = _l("Enter the date of the first session, for example 2024-03-27")
FIRST_SESSION_NOT_FUTURE = _l("The date of the first session must be today or in the past")


def numbered(message: LazyString, number: int, **values: object) -> str:
    """A message about one question of a page, naming it by its number."""
    return str(message) % {"number": number, **values}
