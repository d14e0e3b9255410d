"""The counted columns of screenings completed before those columns existed.

`level_kind` and `age_band` are worked out at completion (screening/store/counted.py); a
database upgraded from before them has NULL in both for its earlier screenings, so counts by age
band or by disclosure and risk level left them out. Filled once, at start-up, from each
screening's question set (the kind of level) and its sealed answers (the age band), which only
the running tool can open. A screening that fails its integrity check is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlite_utils

from screening.store.counted import age_band
from screening.store.crypto import TamperedRecord
from screening.store.db import rows, transaction
from screening.store.screenings import get

_WAITING = ("SELECT id FROM screenings WHERE status = 'complete' AND level_kind IS NULL "
            "AND enquiry = 'asked' AND result IS NOT NULL ORDER BY completed_at")


def fill_counted(db: sqlite_utils.Database, kinds: Mapping[tuple[str, int], str]) -> int:
    """Fill level_kind (from the question set in `kinds`, else the stored result) and age_band
    (from the answers) where they are missing; how many screenings were filled."""
    filled = 0
    for found in rows(db, _WAITING):
        try:
            screening = get(db, str(found["id"]))
        except TamperedRecord:
            continue
        if screening is None or screening.result is None:
            continue
        result = screening.result
        kind = kinds.get((screening.questionnaire, screening.version), result.level_kind)
        band = age_band(result.answers, "age" in result.answers or "age" in result.unanswered)
        with transaction(db) as conn:
            # Each gunicorn worker starts by filling: a row another worker filled first is not
            # counted (or audited) twice.
            filled += conn.execute(
                "UPDATE screenings SET level_kind = ?, age_band = coalesce(age_band, ?) "
                "WHERE id = ? AND level_kind IS NULL", (kind, band, screening.id)).rowcount
    return filled
