"""Recording a screening: a draft that saves page by page, then a completed, counted record.

Each write is one transaction under the write lock (add_completed joins its caller's). The
counted columns (score, outcome, level, pathway, age band, flags) are written with the result,
so counts never open the sealed answers; a screening finished on a device without network is
stored whole by add_completed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from screening.questionnaire import QuestionSet, Result
from screening.store.counted import age_band
from screening.store.crypto import seal, sealer_for, unseal
from screening.store.db import now, rows, transaction
from screening.store.screenings import Screening, get
from screening.store.sealed_columns import TEXT_COLUMNS, dump_answers, dump_result
from screening.store.users import User

# Letters and digits that are hard to confuse when read out or copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A pseudonymous client reference such as `K7Q-4MP`: no name is needed."""
    letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{letters[:3]}-{letters[3:]}"


def create(db: sqlite_utils.Database, practitioner: User, setting: str, question_set: QuestionSet,
           client_language: str, local_record_number: str | None = None,
           at: str | None = None) -> Screening:
    """Start a draft pinned to this version of the question set, in the practitioner's team
    (now, unless `at` says when: the demo's history)."""
    screening_id, stamp = secrets.token_hex(8), at or now()
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO screenings (id, practitioner_id, team, setting, questionnaire, version, "
            "content_hash, status, client_reference, local_record_number, client_language, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
            (screening_id, practitioner.id, practitioner.team, setting, question_set.id,
             question_set.version, question_set.content_hash, new_reference(),
             seal(db, screening_id, "local_record_number", local_record_number or None),
             client_language, stamp, stamp))
        conn.execute("UPDATE screenings SET answers = ? WHERE id = ?",
                     (dump_answers(db, screening_id, {}), screening_id))
    found = get(db, screening_id)
    if found is None:
        raise LookupError(f"screening {screening_id} vanished as it was created")
    return found


def _write(db: sqlite_utils.Database, sql: str, *values: Any) -> None:
    """One UPDATE of a screening, under the write lock; `updated_at` is the first value."""
    with transaction(db) as conn:
        conn.execute(sql, (now(), *values))


def accept_opening(db: sqlite_utils.Database, screening_id: str, first_page: int) -> None:
    """The person heard the opening statement and agreed to the questions (the first time it
    is recorded, never moved); the draft resumes at its first question page."""
    _write(db, "UPDATE screenings SET updated_at = ?, "
           "opening_accepted_at = coalesce(opening_accepted_at, ?), current_page = ? "
           "WHERE id = ? AND status = 'draft'", now(), first_page, screening_id)


def save_answers(db: sqlite_utils.Database, screening_id: str, answers: Mapping[str, Any],
                 current_page: int) -> None:
    """Save the draft's answers and the page to resume at."""
    _write(db, "UPDATE screenings SET updated_at = ?, answers = ?, current_page = ? "
           "WHERE id = ? AND status = 'draft'",
           dump_answers(db, screening_id, answers), current_page, screening_id)


RESULT_NAMES = ("answers", "score", "outcome", "risk_level", "pathway_primary", "result",
                "level_kind", "age_band")
_SET_RESULT = ", ".join(f"{name} = ?" for name in RESULT_NAMES)
COMPLETE_SQL = (f"UPDATE screenings SET {_SET_RESULT}, status = 'complete', "  # noqa: S608  # nosec B608
                "completed_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'")
JUDGEMENT_SQL = (f"UPDATE screenings SET {_SET_RESULT}, judgement_level = ?, "  # noqa: S608  # nosec B608
                 "judgement_reason = ?, updated_at = ? WHERE id = ?")


def _result_values(db: sqlite_utils.Database, screening_id: str,
                   result: Result) -> tuple[Any, ...]:
    return (dump_answers(db, screening_id, result.answers), result.score, result.outcome,
            result.risk_level,
            result.pathway.primary.service if result.pathway.primary else None,
            dump_result(db, screening_id, result), result.level_kind,
            age_band(result.answers, "age" in result.answers or "age" in result.unanswered))


def _result_columns(db: sqlite_utils.Database, screening_id: str,
                    result: Result) -> dict[str, Any]:
    return dict(zip(RESULT_NAMES, _result_values(db, screening_id, result), strict=True))


def _person_key(db: sqlite_utils.Database, team: str, number: str | None) -> str | None:
    """The keyed pseudonym counts use to find repeat disclosures, written at completion."""
    return sealer_for(db).pseudonym(team, number)


def _replace_flags(conn: Any, screening_id: str, result: Result) -> None:
    conn.execute("DELETE FROM screening_flags WHERE screening_id = ?", (screening_id,))
    conn.executemany("INSERT INTO screening_flags (screening_id, flag_id) VALUES (?, ?)",
                     [(screening_id, flag.id) for flag in result.safety_flags])


def complete(db: sqlite_utils.Database, screening_id: str, result: Result) -> None:
    """Record the result: the counted columns, the flags, and only the answers that were asked."""
    stamp = now()
    with transaction(db) as conn:
        conn.execute(COMPLETE_SQL,
                     (*_result_values(db, screening_id, result), stamp, stamp, screening_id))
        _replace_flags(conn, screening_id, result)
        for row in rows(db, "SELECT team, local_record_number FROM screenings WHERE id = ?",
                        (screening_id,)):
            stored = row["local_record_number"]
            number = unseal(db, screening_id, "local_record_number",
                            stored if isinstance(stored, str) else None)
            conn.execute("UPDATE screenings SET person_key = ? WHERE id = ?",
                         (_person_key(db, str(row["team"]), number), screening_id))


def apply_judgement(db: sqlite_utils.Database, screening_id: str, level: str, reason: str,
                    result: Result) -> None:
    """Professional judgement raised the level: keep it, its reason and the new result."""
    with transaction(db) as conn:
        conn.execute(JUDGEMENT_SQL, (*_result_values(db, screening_id, result), level,
                                     seal(db, screening_id, "judgement_reason", reason),
                                     now(), screening_id))
        _replace_flags(conn, screening_id, result)


ENQUIRY_NOT_ASKED = ("declined", "not_safe_to_ask")
NOT_SAFE_BECAUSE = ("partner_present", "family_present", "no_private_space",
                    "interpreter_not_independent", "other")


def record_not_asked(db: sqlite_utils.Database, screening_id: str, enquiry: str,
                     because: str | None, at: str | None = None) -> bool:
    """The person declined, or it was not safe to ask: the draft becomes a completed screening
    with that outcome and no answers, so counts see everyone who was offered the enquiry."""
    if enquiry not in ENQUIRY_NOT_ASKED:
        raise ValueError(f"enquiry must be one of {ENQUIRY_NOT_ASKED}")
    if because is not None and because not in NOT_SAFE_BECAUSE:
        raise ValueError(f"because must be one of {NOT_SAFE_BECAUSE}")
    stamp = at or now()
    with transaction(db) as conn:
        return conn.execute(
            "UPDATE screenings SET enquiry = ?, not_asked_because = ?, outcome = ?, "
            "answers = ?, status = 'complete', completed_at = ?, updated_at = ? "
            "WHERE id = ? AND status = 'draft'",
            (enquiry, because, enquiry, dump_answers(db, screening_id, {}), stamp, stamp,
             screening_id)).rowcount == 1


def delete_draft(db: sqlite_utils.Database, screening_id: str) -> bool:
    """Delete a draft (the person did not want to go on); a completed screening stays."""
    with transaction(db) as conn:
        return conn.execute("DELETE FROM screenings WHERE id = ? AND status = 'draft'",
                            (screening_id,)).rowcount == 1


# Columns a screening finished elsewhere may set besides its result; anything else is a bug.
COMPLETED_ELSEWHERE_COLUMNS = frozenset({
    "setting", "client_reference", "local_record_number", "client_language",
    "opening_accepted_at", "judgement_level", "judgement_reason", "consent_referral",
    "consent_reason", "source", "idempotency_key", "created_at", "completed_at"})


def add_completed(db: sqlite_utils.Database, practitioner: User, question_set: QuestionSet,
                  result: Result, details: Mapping[str, Any]) -> str:
    """Store a screening finished elsewhere (offline) in the caller's open transaction; its id."""
    unknown = set(details) - COMPLETED_ELSEWHERE_COLUMNS
    if unknown:
        raise ValueError(f"not columns a completed screening may set: {sorted(unknown)}")
    screening_id = secrets.token_hex(8)
    columns = {"id": screening_id, "practitioner_id": practitioner.id, "team": practitioner.team,
               "questionnaire": question_set.id, "version": question_set.version,
               "content_hash": question_set.content_hash, "status": "complete",
               "current_page": len(question_set.sections), "updated_at": now(), **details,
               **_result_columns(db, screening_id, result)}
    columns["person_key"] = _person_key(db, practitioner.team,
                                        details.get("local_record_number"))
    for column in TEXT_COLUMNS:
        if column in columns:
            columns[column] = seal(db, screening_id, column, columns[column])
    # Column names come from the fixed set above, never from input.
    db.conn.execute(f"INSERT INTO screenings ({', '.join(columns)}) "  # noqa: S608  # nosec B608
                    f"VALUES ({', '.join('?' * len(columns))})", tuple(columns.values()))
    _replace_flags(db.conn, screening_id, result)
    return screening_id
