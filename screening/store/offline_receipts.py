"""The first answer to each idempotency key, kept so the same screening sent again is answered
as the first time, in the language asked then.

A receipt keeps the outcome's status and body with its message as a code and values, never as
text: a repeat is said again in whatever language the practitioner reads now.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from screening.store.db import now, rows
from screening.store.users import User
from screening.wording import N_, Template, Wording

# Neither the key nor the device's own result is content: the result is worked out again here.
NOT_CONTENT = frozenset({"idempotency_key", "result"})

# The outcomes kept with a receipt, as templates the API says in the practitioner's language.
STORED = Template("stored", N_("Stored. The screening's result and handover are in My "
                               "screenings."))
KEPT_FOR_REVIEW = Template("kept_for_review", N_(
    "This screening used %(questionnaire)s version %(version)s (content %(hash)s), which this "
    "server does not have. It is kept for an administrator to review: nothing is lost."))
CONFLICT = Template("conflict", N_(
    "A different screening was already sent with this screening's key, so this one was not "
    "stored as a screening. It is kept for an administrator to review: nothing is lost."))
# The outcomes kept with a receipt, by code, so a repeat is said in the language asked then.
OUTCOMES = {template.code: template for template in (STORED, KEPT_FOR_REVIEW, CONFLICT)}


@dataclass(frozen=True)
class Outcome:
    """What to answer the device: 201 stored, 200 the same again, 202 kept, 409 refused."""

    status: int
    body: dict[str, Any]
    replay: bool = False
    screening_id: str | None = field(default=None)


@dataclass(frozen=True)
class Receipt:
    """The first answer given for a key: who sent what, and what they were told."""

    practitioner_id: int
    digest: str
    status: int
    body: dict[str, Any]
    screening_id: str | None

    def again(self) -> Outcome:
        """The same answer for the same screening sent again (201 Created becomes 200 OK)."""
        return Outcome(200 if self.status == 201 else self.status, self.body, replay=True,
                       screening_id=self.screening_id)


def message_fields(wording: Wording, name: str = "message") -> dict[str, Any]:
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


def find(db: sqlite_utils.Database, key: str) -> Receipt | None:
    """The receipt kept for this key (inside a transaction, what it sees); None for a new key."""
    for row in rows(db, "SELECT practitioner_id, digest, status, body, screening_id FROM "
                        "offline_receipts WHERE idempotency_key = ?", (key,)):
        screening_id = row["screening_id"]
        return Receipt(int(str(row["practitioner_id"])), str(row["digest"]),
                       int(str(row["status"])), json.loads(str(row["body"])),
                       None if screening_id is None else str(screening_id))
    return None


def keep(conn: sqlite3.Connection, key: str, user: User, content_digest: str,
         outcome: Outcome) -> None:
    """Keep the first answer to this key, in the caller's transaction."""
    conn.execute(
        "INSERT INTO offline_receipts (idempotency_key, practitioner_id, digest, status, body, "
        "screening_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (key, user.id, content_digest, outcome.status, json.dumps(outcome.body),
         outcome.screening_id, now()))
