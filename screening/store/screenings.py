"""Screenings as read back: one whole, or a practitioner's own list.

A draft saves page by page and then becomes a completed, counted record (screening/store/
recording.py writes both). Its sealed columns are opened here on the way out
(screening/store/sealed_columns.py); counted columns (setting, outcome, level…) are plain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from screening.questionnaire import Result
from screening.store.crypto import TamperedRecord, unseal
from screening.store.db import rows
from screening.store.sealed_columns import TEXT_COLUMNS, load_answers, load_result


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


def _from_row(db: sqlite_utils.Database, row: Mapping[str, Any]) -> Screening:
    ident = row["id"]
    answers = load_answers(db, ident, row["answers"])
    result = load_result(db, ident, row["result"], answers)
    values = {name: row[name] for name in Screening.__dataclass_fields__
              if name not in ("answers", "result", "unreadable")}
    for column in TEXT_COLUMNS:
        values[column] = unseal(db, ident, column, row[column])
    return Screening(**values, answers=answers, result=result)


def _unreadable(row: Mapping[str, Any], error: TamperedRecord) -> Screening:
    """A row whose sealed columns fail their check: its plain columns only, and why."""
    values: dict[str, Any] = {name: row[name] for name in Screening.__dataclass_fields__
                              if name not in ("answers", "result", "unreadable")}
    values.update(dict.fromkeys(TEXT_COLUMNS))
    return Screening(**values, answers={}, result=None, unreadable=str(error))


def get(db: sqlite_utils.Database, screening_id: str) -> Screening | None:
    """The screening, whole; None when there is none; TamperedRecord when it cannot be opened."""
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
