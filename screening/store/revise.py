"""Changing an answer from the result page: the screening goes back to a draft, then is scored
again when its pages are sent. Only while nothing has followed the result (no referral with a
consent, reason, review or status of its own, no professional judgement, no handover sent): after
that the answers stay as they were scored. The untouched referrals made from the old result go
with it and are made again from the new one."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from screening.referrals import Referral, untouched
from screening.store.db import now, transaction
from screening.store.screenings import Screening

REOPEN_SQL = ("UPDATE screenings SET status = 'draft', score = NULL, outcome = NULL, "
              "risk_level = NULL, pathway_primary = NULL, result = NULL, completed_at = NULL, "
              "current_page = ?, updated_at = ? WHERE id = ? AND status = 'complete' "
              "AND consent_referral IS NULL AND judgement_level IS NULL "
              "AND handover_status = 'not_sent' AND NOT EXISTS (SELECT 1 FROM referrals r "
              "WHERE r.screening_id = screenings.id AND (r.consent IS NOT NULL "
              "OR r.reason IS NOT NULL OR r.review IS NOT NULL OR r.prompted_by IS NOT NULL "
              "OR r.status NOT IN ('not_sent', 'to_do')))")
FORGET_REFERRALS_SQL = ("DELETE FROM referral_events WHERE referral_id IN "
                        "(SELECT id FROM referrals WHERE screening_id = ?)",
                        "DELETE FROM referrals WHERE screening_id = ?")


def can_change_answers(screening: Screening, referrals: Iterable[Referral]) -> bool:
    """A completed screening whose result nothing has yet been built on."""
    return (screening.status == "complete" and screening.consent_referral is None
            and screening.judgement_level is None and screening.handover_status == "not_sent"
            and all(untouched(r) for r in referrals))


def reopen(db: sqlite_utils.Database, screening_id: str, page: int) -> bool:
    """Back to a draft at `page`, its result and flags gone until it is scored again; False
    when something has followed the result in the meantime."""
    with transaction(db) as conn:
        changed = conn.execute(REOPEN_SQL, (page, now(), screening_id)).rowcount
        if changed:
            conn.execute("DELETE FROM screening_flags WHERE screening_id = ?", (screening_id,))
            for sql in FORGET_REFERRALS_SQL:
                conn.execute(sql, (screening_id,))
    return bool(changed)
