"""Screenings finished on a device without network, received exactly once.

The device sends each finished screening with an idempotency key made when it started. The
first arrival is checked (screening/store/offline_checks.py), re-scored with the server's own
rules and stored. The same key with the same content answers as the first time (its receipt,
screening/store/offline_receipts.py); the same key with other content, or a question-set version
this server does not hold, is kept whole for review (screening/store/offline_review.py), so
nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from screening.questionnaire import AnswerError, Library, QuestionSet, score
from screening.questionnaire.scoring import parameter_values
from screening.referrals import with_consent, with_reason
from screening.store import audit, offline_checks, offline_receipts, offline_review, recording
from screening.store import referrals as referral_store
from screening.store.db import transaction
from screening.store.offline_checks import Decisions, SubmissionError
from screening.store.offline_receipts import CONFLICT, KEPT_FOR_REVIEW, STORED, Outcome
from screening.store.offline_receipts import message_fields as said
from screening.store.users import User


def _question_set(library: Library, sent: Mapping[str, Any]) -> QuestionSet | None:
    """The very version the device used (same content hash), or None when this server lacks it."""
    try:
        found = library.get(str(sent.get("questionnaire")), int(sent.get("version") or 0))
    except (KeyError, TypeError, ValueError):
        return None
    return found if found.content_hash == sent.get("content_hash") else None


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
    offline_checks.check_key(key)
    content_digest = offline_receipts.digest(sent)
    target = f"offline/{key}"
    with transaction(db) as conn:
        receipt = offline_receipts.find(db, key)
        if receipt is not None:
            if receipt.practitioner_id == practitioner.id and receipt.digest == content_digest:
                audit.record(db, practitioner.id, "offline_replay", target, "sent again")
                return receipt.again()
            offline_review.hold(db, key, practitioner, "conflict", sent, content_digest)
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
            offline_review.hold(db, key, practitioner, "unknown_version", sent, content_digest)
            offline_receipts.keep(conn, key, practitioner, content_digest, outcome)
            audit.record(db, practitioner.id, "offline_kept", target,
                         f"unknown question-set version {shown}: kept for review")
            return outcome
        details, judgement = offline_checks.details(question_set, sent, key)
        try:
            result = score(question_set, offline_checks.answers(sent),
                           parameter_values(question_set), judgement)
        except AnswerError as error:
            raise SubmissionError(offline_checks.answer_problems(error)) from None
        decisions = offline_checks.referral_decisions(sent, result, library.basis_of)
        screening_id = recording.add_completed(db, practitioner, question_set, result, details)
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
        offline_receipts.keep(conn, key, practitioner, content_digest, outcome)
        audit.record(db, practitioner.id, "complete", f"screening/{screening_id}",
                     f"offline ({question_set.key}): {result.outcome}, {result.risk_level}")
        return outcome
