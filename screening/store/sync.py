"""Screenings finished on a device without network, received exactly once.

The device sends each finished screening with an idempotency key made when it started. The
first arrival is checked, re-scored with the server's own rules and stored. The same key with
the same content answers as the first time; the same key with other content, or a question-set
version this server does not hold, is kept whole for review, so nothing is ever lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from screening.handover import OVERRIDE_DUTY_WORDS
from screening.limits import REASON_LIMIT, RECORD_NUMBER_LIMIT
from screening.questionnaire import AnswerError, Judgement, Library, QuestionSet, score
from screening.questionnaire.model import RISK_LEVELS
from screening.questionnaire.scoring import check_answers, parameter_values, visible_answers
from screening.referrals import (
    CONSENT,
    CONSENT_ANSWERS,
    DUTY_BASES,
    planned,
    with_consent,
    with_reason,
)
from screening.store import audit
from screening.store import referrals as referral_store
from screening.store import screenings as store
from screening.store.db import now, transaction
from screening.store.users import User
from screening.wording import N_, Nn_, Template, Wording

KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
_LETTER = f"[{store.REFERENCE_ALPHABET}]"
REFERENCE_PATTERN = re.compile(f"^{_LETTER}{{3}}-{_LETTER}{{3}}$")
# A device's clock a few days ahead is held to now; a time further ahead, or older than a year
# (longer than any device stays offline), is a wrong clock or a forged body: refused.
MOST_DAYS_AHEAD = 7
MOST_DAYS_OLD = 366
# Neither the key nor the device's own result is content: the result is worked out again here.
NOT_CONTENT = frozenset({"idempotency_key", "result"})

# Every message the device is told, as a template the API says in the practitioner's language.
STORED = Template("stored", N_("Stored. The screening's result and handover are in My "
                               "screenings."))
KEPT_FOR_REVIEW = Template("kept_for_review", N_(
    "This screening used %(questionnaire)s version %(version)s (content %(hash)s), which this "
    "server does not have. It is kept for an administrator to review: nothing is lost."))
CONFLICT = Template("conflict", N_(
    "A different screening was already sent with this screening's key, so this one was not "
    "stored as a screening. It is kept for an administrator to review: nothing is lost."))
NOT_STORED = Template("not_stored", N_("The screening was not stored. Correct what is shown and "
                                       "send it again."))
# The outcomes kept with a receipt, by code, so a repeat is said in the language asked then.
OUTCOMES = {template.code: template for template in (STORED, KEPT_FOR_REVIEW, CONFLICT)}

GIVE_TIME = Template("give_time", N_("Give the time as an ISO 8601 date and time"))
TIME_AHEAD = Template("time_ahead", N_(
    "Give a time no more than %(days)s days ahead of now: check the device's date and time"))
TIME_TOO_OLD = Template("time_too_old", N_(
    "Give a time within the past %(days)s days: check the device's date and time"))
GIVE_TEXT = Template("give_text", N_("Give this as text"))
TOO_LONG = Template("too_long", *Nn_("Must be %(count)s character or fewer",
                                     "Must be %(count)s characters or fewer"))
ANSWER_QUESTION = Template("answer_required", N_("Answer question: %(question)s"))
SELECT_LEVEL = Template("select_judgement_level", N_(
    "Select the level your professional judgement raises the risk to"))
ENTER_JUDGEMENT_REASON = Template("enter_judgement_reason", N_(
    "Enter why your professional judgement raises the level"))
SELECT_CONSENT = Template("select_consent", N_("Select whether the person consents to the "
                                               "referral"))
SELECT_DUTY = Template("select_override_duty", N_(
    "Select which safeguarding duty overrides the person's decision"))
ENTER_DUTY_REASON = Template("enter_override_reason", N_(
    "Enter why the safeguarding duty overrides the person's decision"))
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
ENTER_REFERRAL_REASON = Template("enter_referral_reason", N_(
    "Enter why this referral goes ahead"))
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


@dataclass(frozen=True)
class Outcome:
    """What to answer the device: 201 stored, 200 the same again, 202 kept, 409 refused."""

    status: int
    body: dict[str, Any]
    replay: bool = False
    screening_id: str | None = field(default=None)


def said(wording: Wording, name: str = "message") -> dict[str, Any]:
    """The message in English, with its code and values so the API can say it in any language."""
    return {name: wording.english(), **wording.to_json()}


def wording_of(body: Mapping[str, Any]) -> Wording | None:
    """The outcome's message as a template again (None for a receipt kept before codes)."""
    template = OUTCOMES.get(str(body.get("code")))
    params = body.get("params")
    return template(**params) if template and isinstance(params, Mapping) else None


def digest(submission: Mapping[str, Any]) -> str:
    """SHA-256 of the content, whatever order the device wrote the keys in."""
    content = {k: v for k, v in submission.items() if k not in NOT_CONTENT}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
        return [Problem("answers", p.wording, p.question) for p in error.problems]
    shown, _ = visible_answers(question_set, clean, parameter_values(question_set))
    return [Problem("answers", ANSWER_QUESTION(question=q.text), q.id) for q in shown
            if q.required and clean.get(q.id, "not_asked") == "not_asked"]


def _judgement(value: Any, problems: list[Problem]) -> Judgement | None:
    if value is None:
        return None
    level = value.get("level") if isinstance(value, Mapping) else None
    reason = _text(value.get("reason") if isinstance(value, Mapping) else None,
                   "judgement.reason", REASON_LIMIT, problems)
    if level not in RISK_LEVELS[1:]:
        problems.append(Problem("judgement.level", SELECT_LEVEL()))
    if not reason:
        problems.append(Problem("judgement.reason", ENTER_JUDGEMENT_REASON()))
    return Judgement(str(level), reason or "")


def _consent(sent: Mapping[str, Any], problems: list[Problem]) -> tuple[str | None, str | None]:
    choice = sent.get("consent_referral")
    if choice is None:
        return None, None
    if not isinstance(choice, str) or choice not in store.CONSENT_VALUES:
        problems.append(Problem("consent_referral", SELECT_CONSENT()))
        return None, None
    if choice != "override":
        return choice, None
    duty = sent.get("consent_duty")
    reason = _text(sent.get("consent_reason"), "consent_reason", REASON_LIMIT, problems)
    if not isinstance(duty, str) or duty not in OVERRIDE_DUTY_WORDS:
        problems.append(Problem("consent_duty", SELECT_DUTY()))
    if not reason:
        problems.append(Problem("consent_reason", ENTER_DUTY_REASON()))
    # The same words the result page records, so a handover reads the same either way.
    return choice, f"{OVERRIDE_DUTY_WORDS.get(str(duty), '')} {reason}"


def _details(question_set: QuestionSet, sent: Mapping[str, Any], key: str
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
    details: dict[str, Any] = {
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
    details["consent_referral"], details["consent_reason"] = _consent(sent, problems)
    if judgement is not None:
        details["judgement_level"], details["judgement_reason"] = judgement.level, judgement.reason
    problems.extend(_answer_problems(question_set, _answers(sent)))
    if problems:
        raise SubmissionError(problems)
    return details, judgement


def _answers(sent: Mapping[str, Any]) -> Any:
    answers = sent.get("answers")
    return {} if answers is None else answers


def _question_set(library: Library, sent: Mapping[str, Any]) -> QuestionSet | None:
    """The very version the device used (same content hash), or None when this server lacks it."""
    try:
        found = library.get(str(sent.get("questionnaire")), int(sent.get("version") or 0))
    except (KeyError, TypeError, ValueError):
        return None
    return found if found.content_hash == sent.get("content_hash") else None


def _hold(db: sqlite_utils.Database, key: str, user: User, reason: str,
          sent: Mapping[str, Any], content_digest: str) -> None:
    """Keep the whole submission for review; the same one sent again is kept once."""
    version = sent.get("version")
    db.conn.execute(
        "INSERT OR IGNORE INTO offline_review (idempotency_key, practitioner_id, reason, "
        "questionnaire, version, content_hash, digest, submission, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (key, user.id, reason, str(sent.get("questionnaire"))[:80],
         version if isinstance(version, int) and abs(version) < 2**63 else None,
         str(sent.get("content_hash"))[:80],
         content_digest, store.seal(db, f"review/{key}", "submission", json.dumps(
             dict(sent), ensure_ascii=False, sort_keys=True)), now()))


def _receipt(conn: Any, key: str, user: User, content_digest: str, outcome: Outcome) -> None:
    conn.execute(
        "INSERT INTO offline_receipts (idempotency_key, practitioner_id, digest, status, body, "
        "screening_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (key, user.id, content_digest, outcome.status, json.dumps(outcome.body),
         outcome.screening_id, now()))


Decisions = dict[str, tuple[str | None, str | None]]


def _referral_decisions(sent: Mapping[str, Any], result: Any, basis_of: Mapping[str, str]
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


def _apply_decisions(db: sqlite_utils.Database, screening_id: str, decisions: Decisions,
                     user_id: int) -> None:
    for referral in referral_store.for_screening(db, screening_id):
        consent, reason = decisions.get(referral.service, (None, None))
        changed = referral
        if consent is not None:
            changed = with_consent(changed, consent)
        if reason is not None:
            changed = with_reason(changed, reason)
        referral_store.save(db, referral, changed, user_id)


def _stored_body(key: str, screening_id: str, result: Any) -> dict[str, Any]:
    """What the device is told: enough to check its own result, and no answers."""
    return {"status": "stored", **said(STORED()), "id": screening_id, "idempotency_key": key,
            "questionnaire": result.questionnaire, "version": result.version,
            "content_hash": result.content_hash, "score": result.score,
            "outcome": result.outcome, "risk_level": result.risk_level,
            "safety_flags": [flag.id for flag in result.safety_flags],
            "pathway": {"primary": result.pathway.primary.service
                        if result.pathway.primary else None,
                        "others": [r.service for r in result.pathway.others]}}


def receive(db: sqlite_utils.Database, library: Library, practitioner: User, key: str,
            sent: Mapping[str, Any]) -> Outcome:
    """Store an offline screening once; SubmissionError (nothing stored) when it does not fit."""
    if not KEY_PATTERN.match(key):
        raise SubmissionError([Problem("idempotency_key", GIVE_KEY())])
    content_digest = digest(sent)
    target = f"offline/{key}"
    with transaction(db) as conn:
        found = conn.execute("SELECT practitioner_id, digest, status, body, screening_id FROM "
                             "offline_receipts WHERE idempotency_key = ?", (key,)).fetchone()
        if found is not None:
            if found[0] == practitioner.id and found[1] == content_digest:
                audit.record(db, practitioner.id, "offline_replay", target, "sent again")
                return Outcome(200 if found[2] == 201 else found[2], json.loads(found[3]),
                               replay=True, screening_id=found[4])
            _hold(db, key, practitioner, "conflict", sent, content_digest)
            audit.record(db, practitioner.id, "offline_conflict", target,
                         "same key, different content: kept for review")
            return Outcome(409, {"status": "conflict", **said(CONFLICT(), "error"),
                                 "problems": []})
        question_set = _question_set(library, sent)
        if question_set is None:
            shown = f"{sent.get('questionnaire')} version {sent.get('version')}"
            kept = KEPT_FOR_REVIEW(questionnaire=str(sent.get("questionnaire")),
                                   version=str(sent.get("version")),
                                   hash=str(sent.get("content_hash"))[:12])
            outcome = Outcome(202, {"status": "kept_for_review", "idempotency_key": key,
                                    "questionnaire": sent.get("questionnaire"),
                                    "version": sent.get("version"),
                                    "content_hash": sent.get("content_hash"), **said(kept)})
            _hold(db, key, practitioner, "unknown_version", sent, content_digest)
            _receipt(conn, key, practitioner, content_digest, outcome)
            audit.record(db, practitioner.id, "offline_kept", target,
                         f"unknown question-set version {shown}: kept for review")
            return outcome
        details, judgement = _details(question_set, sent, key)
        try:
            result = score(question_set, _answers(sent), parameter_values(question_set),
                           judgement)
        except AnswerError as error:
            raise SubmissionError([Problem("answers", p.wording, p.question)
                                   for p in error.problems]) from None
        decisions = _referral_decisions(sent, result, library.basis_of)
        screening_id = store.add_completed(db, practitioner, question_set, result, details)
        referral_store.create_for(db, screening_id, result, library.basis_of, practitioner.id)
        _apply_decisions(db, screening_id, decisions, practitioner.id)
        if (not decisions and details.get("consent_referral")
                and result.pathway.primary is not None):
            # A device from before referrals: its one consent is the primary referral's.
            referral_store.apply_old_consent(db, screening_id, result.pathway.primary.service,
                                             details["consent_referral"],
                                             details.get("consent_reason"))
        made = [{"service": r.service, "role": r.role, "basis": r.basis, "held": r.held,
                 "consent": r.consent, "status": r.status}
                for r in referral_store.for_screening(db, screening_id)]
        outcome = Outcome(201, {**_stored_body(key, screening_id, result), "referrals": made},
                          screening_id=screening_id)
        _receipt(conn, key, practitioner, content_digest, outcome)
        audit.record(db, practitioner.id, "complete", f"screening/{screening_id}",
                     f"offline ({question_set.key}): {result.outcome}, {result.risk_level}")
        return outcome


def held(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Submissions kept for review, newest first, without their content."""
    return list(db.query(
        "SELECT r.id, r.idempotency_key, r.reason, r.questionnaire, r.version, r.content_hash, "
        "r.received_at, u.name AS practitioner, u.team FROM offline_review r "
        "JOIN users u ON u.id = r.practitioner_id ORDER BY r.id DESC"))
