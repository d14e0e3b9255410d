"""Referrals as stored: one row per recipient of a completed screening, and each status it took.

Service, basis and status are plain (counts read them); the practitioner's reasons are sealed
like a screening's free text. Screenings completed before referrals existed get theirs from
their stored result the first time they are read: their one consent and handover status become
the primary referral's, and the old columns stay as they were (nothing is lost).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

import sqlite_utils

from screening.questionnaire import Result
from screening.referrals import (
    CONSENT,
    DUTY_BASES,
    INFORMATION_SHARING,
    VICTIM_SAFETY,
    Referral,
    initial_status,
    planned,
)
from screening.store import audit
from screening.store.crypto import seal, unseal
from screening.store.db import now, rows, transaction
from screening.store.screenings import Screening

SEALED = ("reason", "review_reason")
COLUMNS = tuple(f.name for f in fields(Referral))


def from_row(db: sqlite_utils.Database, row: Mapping[str, Any]) -> Referral:
    values = {name: row[name] for name in COLUMNS}
    for column in SEALED:
        values[column] = unseal(db, f"referral/{row['id']}", column, row[column])
    values["held"] = bool(values["held"])
    values["sent_in_tool"] = bool(values["sent_in_tool"])
    return Referral(**values)


def _insert(conn: Any, db: sqlite_utils.Database, referral: Referral, user_id: int | None,
            ) -> None:
    values = {name: getattr(referral, name) for name in COLUMNS}
    for column in SEALED:
        values[column] = seal(db, f"referral/{referral.id}", column, values[column])
    # Column names come from the dataclass, never from input.
    conn.execute(f"INSERT INTO referrals ({', '.join(COLUMNS)}) "  # noqa: S608  # nosec B608
                 f"VALUES ({', '.join('?' * len(COLUMNS))})", tuple(values.values()))
    conn.execute("INSERT INTO referral_events (referral_id, at, status, user_id) "
                 "VALUES (?, ?, ?, ?)", (referral.id, referral.created_at, referral.status,
                                         user_id))


def new_id() -> str:
    return secrets.token_hex(6)


def _new(screening_id: str, service: str, role: str, basis: str, held: bool,
         stamp: str, **extra: Any) -> Referral:
    return Referral(new_id(), screening_id, service, role, basis, held,
                    extra.pop("status", initial_status(basis)), created_at=stamp,
                    updated_at=stamp, **extra)


def create_for(db: sqlite_utils.Database, screening_id: str, result: Result,
               basis_of: Mapping[str, str], user_id: int | None = None) -> list[Referral]:
    """Add a referral for each service on the pathway that the screening has none for yet (a
    raised level can add services; existing referrals keep their consent and status)."""
    stamp = now()
    with transaction(db) as conn:
        have = {str(r["service"]) for r in rows(
            db, "SELECT service FROM referrals WHERE screening_id = ?", (screening_id,))}
        for service, role, basis, held in planned(result, basis_of):
            if service not in have:
                _insert(conn, db, _new(screening_id, service, role, basis, held, stamp),
                        user_id)
    return for_screening(db, screening_id)


def for_screening(db: sqlite_utils.Database, screening_id: str) -> list[Referral]:
    """A screening's referrals: immediate actions first, then the pathway's order."""
    order = "CASE role WHEN 'immediate' THEN 0 WHEN 'primary' THEN 1 WHEN 'also' THEN 2 ELSE 3 END"
    return [from_row(db, row) for row in rows(
        db, f"SELECT * FROM referrals WHERE screening_id = ? "  # noqa: S608  # nosec B608
        f"ORDER BY {order}, created_at, rowid", (screening_id,))]


def for_practitioner(db: sqlite_utils.Database, user_id: int) -> dict[str, list[Referral]]:
    """Every referral of a practitioner's screenings, by screening id."""
    found: dict[str, list[Referral]] = {}
    for row in rows(db, "SELECT r.* FROM referrals r JOIN screenings s ON s.id = r.screening_id "
                    "WHERE s.practitioner_id = ? ORDER BY r.created_at", (user_id,)):
        found.setdefault(str(row["screening_id"]), []).append(from_row(db, row))
    return found


def get(db: sqlite_utils.Database, referral_id: str) -> Referral | None:
    for row in rows(db, "SELECT * FROM referrals WHERE id = ?", (referral_id,)):
        return from_row(db, row)
    return None


def ensure(db: sqlite_utils.Database, screening: Screening,
           basis_of: Mapping[str, str]) -> list[Referral]:
    """The referrals of a completed screening, made from its result the first time."""
    found = for_screening(db, screening.id)
    if found or screening.result is None or screening.is_draft:
        return found
    return migrate(db, screening, basis_of)


def migrate(db: sqlite_utils.Database, screening: Screening,
            basis_of: Mapping[str, str]) -> list[Referral]:
    """A screening from before referrals: one referral per service on its stored pathway; the
    screening's consent and handover status become the primary referral's."""
    assert screening.result is not None  # noqa: S101  # nosec B101 - callers check
    stamp = screening.completed_at or now()
    primary = screening.result.pathway.primary
    with transaction(db) as conn:
        if rows(db, "SELECT 1 FROM referrals WHERE screening_id = ? LIMIT 1", (screening.id,)):
            return for_screening(db, screening.id)
        for service, role, basis, held in planned(screening.result, basis_of):
            extra: dict[str, Any] = {}
            if primary is not None and service == primary.service:
                extra = old_primary(basis, screening.consent_referral, screening.consent_reason,
                                    screening.handover_status, screening.handover_sent_on,
                                    screening.handover_sent_how)
            _insert(conn, db, _new(screening.id, service, role, basis, held, stamp, **extra),
                    None)
    return for_screening(db, screening.id)


def old_primary(basis: str, consent: str | None, consent_reason: str | None,
                status: str = "not_sent", sent_on: str | None = None,
                sent_how: str | None = None) -> dict[str, Any]:
    """The one consent and handover status a screening had (before referrals, or from a device
    that still sends one `consent_referral`), as its primary referral's. An override of consent
    never reaches a voluntary referral: that one asks the person again."""
    extra: dict[str, Any] = {}
    if basis == CONSENT and consent in ("yes", "no"):
        extra["consent"] = consent
    if basis in DUTY_BASES and consent in ("yes", "override"):
        extra["reason"] = consent_reason or "Recorded before referrals had a basis."
    if status != "not_sent":
        extra.update(status=status, sent_on=sent_on, sent_how=sent_how)
    return extra


def apply_old_consent(db: sqlite_utils.Database, screening_id: str, primary_service: str,
                      consent: str | None, consent_reason: str | None) -> None:
    """A device's single `consent_referral`, applied to the primary referral."""
    for referral in for_screening(db, screening_id):
        if referral.service == primary_service and referral.role == "primary":
            extra = old_primary(referral.basis, consent, consent_reason)
            save(db, referral, replace(referral, **extra), None)


def save(db: sqlite_utils.Database, before: Referral, after: Referral,
         user_id: int | None, at: str | None = None) -> Referral:
    """Write a changed referral; a new status is dated in its history (now, unless `at` says
    when it happened: the demo's history, a service's answer recorded late)."""
    changed = {name: getattr(after, name) for name in COLUMNS
               if getattr(after, name) != getattr(before, name)}
    if not changed:
        return after
    stamp = at or now()
    changed["updated_at"] = stamp
    for column in SEALED:
        if column in changed:
            changed[column] = seal(db, f"referral/{after.id}", column, changed[column])
    with transaction(db) as conn:
        # Column names come from the dataclass, never from input.
        conn.execute(f"UPDATE referrals SET {', '.join(f'{c} = ?' for c in changed)} "  # noqa: S608  # nosec B608
                     "WHERE id = ?", (*changed.values(), after.id))
        if after.status != before.status:
            conn.execute("INSERT INTO referral_events (referral_id, at, status, user_id) "
                         "VALUES (?, ?, ?, ?)", (after.id, stamp, after.status, user_id))
    return replace(after, updated_at=stamp)


def save_change(db: sqlite_utils.Database, before: Referral, after: Referral, user_id: int,
                what: str) -> Referral:
    """A practitioner's change to a referral, saved with its audit entry on the screening in
    one transaction."""
    with transaction(db):
        saved = save(db, before, after, user_id)
        audit.record(db, user_id, "change", f"screening/{after.screening_id}", what)
    return saved


def prompt_victim_safety(db: sqlite_utils.Database, about: Referral, reason: str,
                         user_id: int | None, sent_in_tool_on: str | None = None,
                         team: str | None = None) -> Referral:
    """A new information-sharing referral telling the victim safety service that the person
    stopped engaging (or never started) with voluntary work; with `sent_in_tool_on` (a date)
    it is already sent to the service's inbox (of `team`, or of all its teams), as an alert."""
    stamp = now()
    sent: dict[str, Any] = {}
    if sent_in_tool_on is not None:
        sent = {"status": "sent", "sent_in_tool": True, "sent_on": sent_in_tool_on,
                "sent_how": "in_tool", "sent_to_team": team}
    referral = _new(about.screening_id, VICTIM_SAFETY, "prompted", INFORMATION_SHARING, False,
                    stamp, reason=reason, prompted_by=about.id, **sent)
    with transaction(db) as conn:
        _insert(conn, db, referral, user_id)
    return referral


def prompted_for(db: sqlite_utils.Database, referral_id: str) -> Referral | None:
    """The victim safety referral made about this referral's non-engagement, if any."""
    for row in rows(db, "SELECT * FROM referrals WHERE prompted_by = ? LIMIT 1", (referral_id,)):
        return from_row(db, row)
    return None


def history(db: sqlite_utils.Database, referral_id: str) -> list[tuple[str, str]]:
    """(date and time, status) of each status the referral took, oldest first."""
    return [(str(r["at"]), str(r["status"])) for r in rows(
        db, "SELECT at, status FROM referral_events WHERE referral_id = ? ORDER BY at, id",
        (referral_id,))]
