"""Screenings sent from a device that could not be stored as screenings, kept whole (sealed) for
an administrator to review: a key already used for other content, or a question-set version
this server does not hold. Nothing a device sends is ever lost."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from screening.store.crypto import seal
from screening.store.db import now, rows
from screening.store.users import User


def hold(db: sqlite_utils.Database, key: str, user: User, reason: str,
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
         content_digest, seal(db, f"review/{key}", "submission", json.dumps(
             dict(sent), ensure_ascii=False, sort_keys=True)), now()))


def held(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Submissions kept for review, newest first, without their content."""
    return rows(db, "SELECT r.id, r.idempotency_key, r.reason, r.questionnaire, r.version, "
                    "r.content_hash, r.received_at, u.name AS practitioner, u.team "
                    "FROM offline_review r JOIN users u ON u.id = r.practitioner_id "
                    "ORDER BY r.id DESC")
