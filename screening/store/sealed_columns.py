"""A screening's answers and result as kept in their sealed columns, and read back.

Answers, the result and free text are personal data: they are sealed (AES-GCM, bound to the
row and column) on the way in and opened on the way out, so a database file on its own reveals
none of them. The result is kept as JSON without its answers; reading it back also reads the
shapes stored before referrals had roles and bases.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from screening.questionnaire import Result
from screening.questionnaire.scoring import Pathway, RaisedFlag, Reason, Referral
from screening.store.crypto import seal, unseal

# Columns sealed at rest; purge empties them to "" (nothing left to open). The first two are
# JSON (answers, result); the others free text.
SEALED_COLUMNS = ("answers", "result", "local_record_number", "judgement_reason",
                  "consent_reason", "handover_sent_how")
TEXT_COLUMNS = SEALED_COLUMNS[2:]


def dump_answers(db: sqlite_utils.Database, screening_id: str,
                 answers: Mapping[str, Any]) -> str:
    """Answers as stored in the `answers` column."""
    return str(seal(db, screening_id, "answers",
                    json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)))


def load_answers(db: sqlite_utils.Database, screening_id: str, stored: str) -> dict[str, Any]:
    """Answers read back from the `answers` column."""
    loaded = json.loads(unseal(db, screening_id, "answers", stored) or "{}")
    return dict(loaded) if isinstance(loaded, dict) else {}


def dump_result(db: sqlite_utils.Database, screening_id: str, result: Result) -> str:
    """The result as stored in the `result` column: everything but the answers."""
    data = result.to_json()
    data.pop("answers")
    return str(seal(db, screening_id, "result", json.dumps(data, ensure_ascii=False)))


def load_result(db: sqlite_utils.Database, screening_id: str, stored: str | None,
                answers: Mapping[str, Any]) -> Result | None:
    """The result read back from the `result` column with its answers (None for a draft)."""
    opened = unseal(db, screening_id, "result", stored)
    return _result(opened, answers) if opened else None


def _result(stored: str, answers: Mapping[str, Any]) -> Result:
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
