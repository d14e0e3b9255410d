"""What a screening finished offline must hold before it is stored, checked field by field.

Every problem names its field (and its question, for an answer) so the device can show it where
it belongs; all of them are found at once, and nothing is stored while any remains.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from screening.handover import OVERRIDE_DUTY_WORDS
from screening.limits import REASON_LIMIT, RECORD_NUMBER_LIMIT
from screening.questionnaire import AnswerError, Judgement, QuestionSet
from screening.questionnaire.model import RISK_LEVELS
from screening.questionnaire.scoring import check_answers, parameter_values, visible_answers
from screening.referrals import CONSENT, CONSENT_ANSWERS, DUTY_BASES, planned
from screening.store.db import now
from screening.store.recording import REFERENCE_ALPHABET
from screening.store.recording_messages import (
    ANSWER_REQUIRED,
    ENTER_JUDGEMENT_REASON,
    ENTER_OVERRIDE_REASON,
    ENTER_REFERRAL_REASON,
    SELECT_CONSENT,
    SELECT_JUDGEMENT_LEVEL,
    SELECT_OVERRIDE_DUTY,
)
from screening.wording import N_, Nn_, Template, Wording

KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
_LETTER = f"[{REFERENCE_ALPHABET}]"
REFERENCE_PATTERN = re.compile(f"^{_LETTER}{{3}}-{_LETTER}{{3}}$")
CONSENT_VALUES = ("yes", "no", "override")
# A device's clock a few days ahead is held to now; a time further ahead, or older than a year
# (longer than any device stays offline), is a wrong clock or a forged body: refused.
MOST_DAYS_AHEAD = 7
MOST_DAYS_OLD = 366

# What the device is told when nothing was stored, then each problem, as templates the API says
# in the practitioner's language (what the result page asks too is in recording_messages.py).
NOT_STORED = Template("not_stored", N_("The screening was not stored. Correct what is shown and "
                                       "send it again."))
GIVE_TIME = Template("give_time", N_("Give the time as an ISO 8601 date and time"))
TIME_AHEAD = Template("time_ahead", N_(
    "Give a time no more than %(days)s days ahead of now: check the device's date and time"))
TIME_TOO_OLD = Template("time_too_old", N_(
    "Give a time within the past %(days)s days: check the device's date and time"))
GIVE_TEXT = Template("give_text", N_("Give this as text"))
TOO_LONG = Template("too_long", *Nn_("Must be %(count)s character or fewer",
                                     "Must be %(count)s characters or fewer"))
SELECT_SETTING = Template("select_setting", N_("Select a setting this question set is used in: "
                                               "%(settings)s"))
GIVE_REFERENCE = Template("give_reference", N_("Give the reference the device made, such as "
                                               "K7Q-4MP"))
SELECT_LANGUAGE = Template("select_client_language", N_(
    "Select a language this question set is written in: %(languages)s"))
GIVE_REFERRALS = Template("give_referrals", N_(
    "Give the referral decisions as a list of {service, consent, reason}"))
NOT_ON_PATHWAY = Template("not_on_pathway", N_(
    "This service is not on the screening's pathway; the pathway has: %(services)s"))
CONSENT_NOT_THE_BASIS = Template("consent_not_the_basis", N_(
    "This referral does not depend on the person's consent: give a reason instead"))
SELECT_REFERRAL_CONSENT = Template("select_referral_consent", N_(
    "Select yes or no: does the person agree to this referral?"))
REASON_NOT_NEEDED = Template("reason_not_needed", N_(
    "This referral is voluntary and needs the person's consent, not a reason"))
GIVE_KEY = Template("give_key", N_("Give the key the device made when the screening started "
                                   "(16 to 64 letters, digits or -)"))



@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of a submission (and its question, for an answer)."""

    field: str
    wording: Wording
    question: str | None = None

    @property
    def message(self) -> str:
        return self.wording.english()


class SubmissionError(ValueError):
    """The submission cannot be stored as sent; each problem names its field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def check_key(key: str) -> None:
    """SubmissionError unless the key is one a device makes (16 to 64 letters, digits or -)."""
    if not KEY_PATTERN.match(key):
        raise SubmissionError([Problem("idempotency_key", GIVE_KEY())])


def answer_problems(error: AnswerError) -> list[Problem]:
    """The problems scoring found with the answers, as problems of the `answers` field."""
    return [Problem("answers", p.wording, p.question) for p in error.problems]


def _stamp(value: Any, name: str, problems: list[Problem], latest: str) -> str | None:
    """An ISO 8601 time as stored (UTC, to the second); a device clock ahead is held to now."""
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        # Year 1 at +14:00 is before year 1 in UTC: OverflowError, not a time anyone meant.
        moment = moment.astimezone(dt.UTC) if moment is not None else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        problems.append(Problem(name, GIVE_TIME()))
        return None
    now_moment = dt.datetime.fromisoformat(latest)
    if moment > now_moment + dt.timedelta(days=MOST_DAYS_AHEAD):
        problems.append(Problem(name, TIME_AHEAD(days=MOST_DAYS_AHEAD)))
        return None
    if moment < now_moment - dt.timedelta(days=MOST_DAYS_OLD):
        problems.append(Problem(name, TIME_TOO_OLD(days=MOST_DAYS_OLD)))
        return None
    stamped = moment.replace(microsecond=0).isoformat()
    return min(stamped, latest)


def _text(value: Any, name: str, limit: int, problems: list[Problem]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        problems.append(Problem(name, GIVE_TEXT()))
        return None
    if len(value.strip()) > limit:
        problems.append(Problem(name, TOO_LONG(count=limit)))
    return value.strip()


def _answer_problems(question_set: QuestionSet, answers: Any) -> list[Problem]:
    """Answers that do not fit the set, and required questions asked but not answered."""
    try:
        clean = check_answers(question_set, answers)
    except AnswerError as error:
        return answer_problems(error)
    shown, _ = visible_answers(question_set, clean, parameter_values(question_set))
    return [Problem("answers", ANSWER_REQUIRED(question=q.text), q.id) for q in shown
            if q.required and clean.get(q.id, "not_asked") == "not_asked"]


def _judgement(value: Any, problems: list[Problem]) -> Judgement | None:
    if value is None:
        return None
    level = value.get("level") if isinstance(value, Mapping) else None
    reason = _text(value.get("reason") if isinstance(value, Mapping) else None,
                   "judgement.reason", REASON_LIMIT, problems)
    if level not in RISK_LEVELS[1:]:
        problems.append(Problem("judgement.level", SELECT_JUDGEMENT_LEVEL()))
    if not reason:
        problems.append(Problem("judgement.reason", ENTER_JUDGEMENT_REASON()))
    return Judgement(str(level), reason or "")


def _consent(sent: Mapping[str, Any], problems: list[Problem]) -> tuple[str | None, str | None]:
    choice = sent.get("consent_referral")
    if choice is None:
        return None, None
    if not isinstance(choice, str) or choice not in CONSENT_VALUES:
        problems.append(Problem("consent_referral", SELECT_CONSENT()))
        return None, None
    if choice != "override":
        return choice, None
    duty = sent.get("consent_duty")
    reason = _text(sent.get("consent_reason"), "consent_reason", REASON_LIMIT, problems)
    if not isinstance(duty, str) or duty not in OVERRIDE_DUTY_WORDS:
        problems.append(Problem("consent_duty", SELECT_OVERRIDE_DUTY()))
    if not reason:
        problems.append(Problem("consent_reason", ENTER_OVERRIDE_REASON()))
    # The same words the result page records, so a handover reads the same either way.
    return choice, f"{OVERRIDE_DUTY_WORDS.get(str(duty), '')} {reason}"


def details(question_set: QuestionSet, sent: Mapping[str, Any], key: str
            ) -> tuple[dict[str, Any], Judgement | None]:
    """The columns to store, or SubmissionError listing every problem at once."""
    problems: list[Problem] = []
    latest = now()
    if sent.get("setting") not in question_set.settings:
        problems.append(Problem("setting", SELECT_SETTING(settings=list(question_set.settings))))
    reference = sent.get("client_reference")
    if not isinstance(reference, str) or not REFERENCE_PATTERN.match(reference):
        problems.append(Problem("client_reference", GIVE_REFERENCE()))
    if sent.get("client_language") not in question_set.languages:
        problems.append(Problem("client_language",
                                SELECT_LANGUAGE(languages=list(question_set.languages))))
    columns: dict[str, Any] = {
        "setting": sent.get("setting"), "client_reference": reference,
        "client_language": sent.get("client_language"), "source": "offline",
        "idempotency_key": key,
        "local_record_number": _text(sent.get("local_record_number"), "local_record_number",
                                     RECORD_NUMBER_LIMIT, problems),
        "opening_accepted_at": _stamp(sent.get("opening_accepted_at"), "opening_accepted_at",
                                      problems, latest),
        "created_at": _stamp(sent.get("started_at"), "started_at", problems, latest),
        "completed_at": _stamp(sent.get("completed_at"), "completed_at", problems, latest),
    }
    judgement = _judgement(sent.get("judgement"), problems)
    columns["consent_referral"], columns["consent_reason"] = _consent(sent, problems)
    if judgement is not None:
        columns["judgement_level"], columns["judgement_reason"] = judgement.level, judgement.reason
    problems.extend(_answer_problems(question_set, answers(sent)))
    if problems:
        raise SubmissionError(problems)
    return columns, judgement


def answers(sent: Mapping[str, Any]) -> Any:
    """The answers as sent; none at all is an empty set of answers."""
    found = sent.get("answers")
    return {} if found is None else found


Decisions = dict[str, tuple[str | None, str | None]]


def referral_decisions(sent: Mapping[str, Any], result: Any, basis_of: Mapping[str, str]
                        ) -> Decisions:
    """Each referral decision the device recorded, by service: the person's consent where that
    is the basis, the practitioner's reason where a duty is. SubmissionError when one does not
    fit the pathway the server worked out."""
    value = sent.get("referrals")
    if value is None:
        return {}
    problems: list[Problem] = []
    if not isinstance(value, list):
        raise SubmissionError([Problem("referrals", GIVE_REFERRALS())])
    on_pathway = {service: basis for service, _role, basis, _held in planned(result, basis_of)}
    decisions: Decisions = {}
    for i, item in enumerate(value):
        where = f"referrals[{i}]"
        service = item.get("service") if isinstance(item, Mapping) else None
        if not isinstance(service, str) or service not in on_pathway:
            problems.append(Problem(f"{where}.service", NOT_ON_PATHWAY(
                services=list(on_pathway))))
            continue
        basis, consent = on_pathway[service], item.get("consent")
        reason = _text(item.get("reason"), f"{where}.reason", REASON_LIMIT, problems)
        if consent is not None and basis != CONSENT:
            problems.append(Problem(f"{where}.consent", CONSENT_NOT_THE_BASIS()))
        elif consent is not None and consent not in CONSENT_ANSWERS:
            problems.append(Problem(f"{where}.consent", SELECT_REFERRAL_CONSENT()))
        if item.get("reason") is not None and basis not in DUTY_BASES:
            problems.append(Problem(f"{where}.reason", REASON_NOT_NEEDED()))
        elif item.get("reason") is not None and not (reason or "").strip():
            problems.append(Problem(f"{where}.reason", ENTER_REFERRAL_REASON()))
        decisions[service] = (consent if isinstance(consent, str) else None,
                              reason.strip() if reason and basis in DUTY_BASES else None)
    if problems:
        raise SubmissionError(problems)
    return decisions


