"""Changing an answer from the result page: the screening goes back to a draft, then is scored
again when its pages are sent. Only while nothing has followed the result (no consent, no
professional judgement, no handover sent): after that the answers stay as they were scored."""

from __future__ import annotations

import sqlite_utils

from screening.store.db import now, transaction
from screening.store.screenings import Screening

REOPEN_SQL = ("UPDATE screenings SET status = 'draft', score = NULL, outcome = NULL, "
              "risk_level = NULL, pathway_primary = NULL, result = NULL, completed_at = NULL, "
              "current_page = ?, updated_at = ? WHERE id = ? AND status = 'complete' "
              "AND consent_referral IS NULL AND judgement_level IS NULL "
              "AND handover_status = 'not_sent'")


def can_change_answers(screening: Screening) -> bool:
    """A completed screening whose result nothing has yet been built on."""
    return (screening.status == "complete" and screening.consent_referral is None
            and screening.judgement_level is None and screening.handover_status == "not_sent")


def reopen(db: sqlite_utils.Database, screening_id: str, page: int) -> bool:
    """Back to a draft at `page`, its result and flags gone until it is scored again; False
    when something has followed the result in the meantime."""
    with transaction(db) as conn:
        changed = conn.execute(REOPEN_SQL, (page, now(), screening_id)).rowcount
        if changed:
            conn.execute("DELETE FROM screening_flags WHERE screening_id = ?", (screening_id,))
    return bool(changed)
