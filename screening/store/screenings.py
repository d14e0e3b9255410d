"""Screenings as stored: a draft that saves page by page, then a completed, counted record.

Answers, the result and free text are personal data: they are sealed (AES-GCM, bound to the
row and column) on the way in and opened on the way out, here and nowhere else, so a database
file on its own reveals none of them. Counted columns (setting, outcome, level…) stay plain.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from screening.questionnaire import QuestionSet, Result
from screening.questionnaire.scoring import Pathway, RaisedFlag, Reason, Referral
from screening.store.counted import age_band
from screening.store.crypto import TamperedRecord, sealer_for
from screening.store.db import now, rows, transaction
from screening.store.users import User

# Letters and digits that are hard to confuse when read out or copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONSENT_VALUES = ("yes", "no", "override")


@dataclass(frozen=True)
class Screening:
    id: str
    practitioner_id: int
    team: str
    setting: str
    questionnaire: str
    version: int
    content_hash: str
    status: str
    client_reference: str
    local_record_number: str | None
    client_language: str
    opening_accepted_at: str | None
    answers: Mapping[str, Any]
    current_page: int
    risk_level: str | None
    judgement_level: str | None
    judgement_reason: str | None
    consent_referral: str | None
    consent_reason: str | None
    handover_status: str
    handover_sent_on: str | None
    handover_sent_how: str | None
    created_at: str
    updated_at: str
    completed_at: str | None
    result: Result | None
    enquiry: str = "asked"
    not_asked_because: str | None = None
    # Why the sealed columns could not be opened (TamperedRecord), for a row shown in a list
    # without them; None for every screening read whole.
    unreadable: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def was_asked(self) -> bool:
        """False when the person declined, or it was not safe to ask: no answers, no result."""
        return self.enquiry == "asked"


# Columns sealed at rest; purge empties them to "" (nothing left to open).
SEALED_COLUMNS = ("answers", "result", "local_record_number", "judgement_reason",
                  "consent_reason", "handover_sent_how")


def seal(db: sqlite_utils.Database, row: str, column: str, value: str | None) -> str | None:
    """A value as stored in a sealed column."""
    return None if value is None else sealer_for(db).seal(value, row, column)


def unseal(db: sqlite_utils.Database, row: str, column: str, stored: str | None) -> str | None:
    """A sealed column's value; TamperedRecord when it was changed outside the tool."""
    return None if stored in (None, "") else sealer_for(db).open(str(stored), row, column)


def _dump_answers(db: sqlite_utils.Database, screening_id: str,
                  answers: Mapping[str, Any]) -> str:
    """Answers as stored in the `answers` column."""
    return str(seal(db, screening_id, "answers",
                    json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)))


def _load_answers(db: sqlite_utils.Database, screening_id: str, stored: str) -> dict[str, Any]:
    """Answers read back from the `answers` column."""
    loaded = json.loads(unseal(db, screening_id, "answers", stored) or "{}")
    return dict(loaded) if isinstance(loaded, dict) else {}


def _dump_result(db: sqlite_utils.Database, screening_id: str, result: Result) -> str:
    data = result.to_json()
    data.pop("answers")
    return str(seal(db, screening_id, "result", json.dumps(data, ensure_ascii=False)))


def _load_result(stored: str, answers: Mapping[str, Any]) -> Result:
    data = json.loads(stored)
    pathway = data["pathway"]
    # Results stored before referrals had roles and bases read as they were: no immediate
    # actions, nothing held; `referrals` (when present) says each service's role and basis.
    listed = {r["service"]: r for r in data.get("referrals", [])}

    def referral(service: str, reason: Any, role: str) -> Referral:
        found = listed.get(service, {})
        return Referral(service, reason, found.get("role", role), found.get("basis", ""),
                        bool(found.get("held", False)))

    primary = (referral(pathway["primary"], pathway["primary_reason"], "primary")
               if pathway["primary"] else None)
    others = tuple(referral(s, pathway["other_reasons"][s], "also") for s in pathway["others"])
    immediate = tuple(referral(s, pathway.get("immediate_reasons", {}).get(s, {}), "immediate")
                      for s in pathway.get("immediate", []))
    return Result(
        data["questionnaire"], data["version"], data["content_hash"], data["score"],
        data["outcome"], data["risk_level"],
        tuple(Reason(r["kind"], r["text"], tuple(r["questions"])) for r in data["reasons"]),
        Pathway(primary, others, immediate, bool(pathway.get("hold_for_review", False)),
                pathway.get("hold_reason")),
        tuple(RaisedFlag(f["id"], f["severity"], f["label"], f["action"], f["audience"])
              for f in data["safety_flags"]),
        tuple(data["unanswered"]), dict(answers), data.get("level_kind", "disclosure"))


def _from_row(db: sqlite_utils.Database, row: Mapping[str, Any]) -> Screening:
    ident = row["id"]
    answers = _load_answers(db, ident, row["answers"])
    stored_result = unseal(db, ident, "result", row["result"])
    result = _load_result(stored_result, answers) if stored_result else None
    values = {name: row[name] for name in Screening.__dataclass_fields__
              if name not in ("answers", "result", "unreadable")}
    for column in SEALED_COLUMNS[2:]:
        values[column] = unseal(db, ident, column, row[column])
    return Screening(**values, answers=answers, result=result)


def _unreadable(row: Mapping[str, Any], error: TamperedRecord) -> Screening:
    """A row whose sealed columns fail their check: its plain columns only, and why."""
    values: dict[str, Any] = {name: row[name] for name in Screening.__dataclass_fields__
                              if name not in ("answers", "result", "unreadable")}
    values.update(dict.fromkeys(SEALED_COLUMNS[2:]))
    return Screening(**values, answers={}, result=None, unreadable=str(error))


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
                     (_dump_answers(db, screening_id, {}), screening_id))
    found = get(db, screening_id)
    if found is None:
        raise LookupError(f"screening {screening_id} vanished as it was created")
    return found


def get(db: sqlite_utils.Database, screening_id: str) -> Screening | None:
    for row in rows(db, "SELECT * FROM screenings WHERE id = ?", (screening_id,)):
        return _from_row(db, row)
    return None


def for_practitioner(db: sqlite_utils.Database, user_id: int) -> list[Screening]:
    """A practitioner's own screenings: drafts first, then the most recent first. A row that
    fails its integrity check is listed without its sealed columns (`unreadable` says why), so
    one damaged screening does not hide the others."""
    listed = []
    for row in rows(
        db, "SELECT * FROM screenings WHERE practitioner_id = ? "
        "ORDER BY status = 'complete', coalesce(completed_at, updated_at) DESC", (user_id,)):
        try:
            listed.append(_from_row(db, row))
        except TamperedRecord as error:
            listed.append(_unreadable(row, error))
    return listed


def last_choice(db: sqlite_utils.Database, user_id: int) -> tuple[str, str] | None:
    """The setting and question set this practitioner started with last time."""
    for row in rows(db, "SELECT setting, questionnaire FROM screenings WHERE practitioner_id = ? "
                    "ORDER BY created_at DESC LIMIT 1", (user_id,)):
        return str(row["setting"]), str(row["questionnaire"])
    return None


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
           _dump_answers(db, screening_id, answers), current_page, screening_id)


RESULT_NAMES = ("answers", "score", "outcome", "risk_level", "pathway_primary", "result",
                "level_kind", "age_band")
_SET_RESULT = ", ".join(f"{name} = ?" for name in RESULT_NAMES)
COMPLETE_SQL = (f"UPDATE screenings SET {_SET_RESULT}, status = 'complete', "  # noqa: S608  # nosec B608
                "completed_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'")
JUDGEMENT_SQL = (f"UPDATE screenings SET {_SET_RESULT}, judgement_level = ?, "  # noqa: S608  # nosec B608
                 "judgement_reason = ?, updated_at = ? WHERE id = ?")


def _result_values(db: sqlite_utils.Database, screening_id: str,
                   result: Result) -> tuple[Any, ...]:
    return (_dump_answers(db, screening_id, result.answers), result.score, result.outcome,
            result.risk_level,
            result.pathway.primary.service if result.pathway.primary else None,
            _dump_result(db, screening_id, result), result.level_kind,
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
        for team, number in conn.execute("SELECT team, local_record_number FROM screenings "
                                         "WHERE id = ?", (screening_id,)).fetchall():
            conn.execute("UPDATE screenings SET person_key = ? WHERE id = ?",
                         (_person_key(db, team, unseal(db, screening_id,
                                                       "local_record_number", number)),
                          screening_id))


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
            (enquiry, because, enquiry, _dump_answers(db, screening_id, {}), stamp, stamp,
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
    for column in SEALED_COLUMNS[2:]:
        if column in columns:
            columns[column] = seal(db, screening_id, column, columns[column])
    # Column names come from the fixed set above, never from input.
    db.conn.execute(f"INSERT INTO screenings ({', '.join(columns)}) "  # noqa: S608  # nosec B608
                    f"VALUES ({', '.join('?' * len(columns))})", tuple(columns.values()))
    _replace_flags(db.conn, screening_id, result)
    return screening_id
