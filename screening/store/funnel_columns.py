"""What the referral funnel counts, kept on each referral as plain columns by triggers, so a count
over a million screenings is one pass over one index with no join, no history and no sort.

`stages` is a bit per stage the referral reached (screening/counts/funnel.py reads it): offered
1, consented 2, sent 4, accepted 8, engaged 16, completed 32, dropped out 64. A status implies the
stages before it (completed: sent, accepted, engaged); a dated status in `referral_events` adds
its own, so a `no_contact` after an acceptance still counts as accepted. Consented follows the
current consent. Referrals that are not handed over (information, 999) have no stages: they are
not a funnel. The screening's completion day, team and setting are copied when the referral is
made, because a screening's are fixed once it is complete.
"""

from __future__ import annotations

import sqlite3

STAGE_BITS = {"offered": 1, "consented": 2, "sent": 4, "accepted": 8, "engaged": 16,
              "completed": 32, "dropped_out": 64}
ADDED = (
    ("referrals", "stages", "INTEGER"),
    ("referrals", "days_to_sent", "INTEGER"),
    ("referrals", "days_to_first_session", "INTEGER"),
    ("referrals", "screening_completed_on", "TEXT"),
    ("referrals", "screening_team", "TEXT"),
    ("referrals", "screening_setting", "TEXT"),
)
_KEPT_FROM_HISTORY = 4 | 8 | 16 | 32 | 64


def status_mask(status: str) -> str:
    """SQL: the stages a status implies."""
    return (f"CASE {status} WHEN 'sent' THEN 4 WHEN 'declined' THEN 4 WHEN 'no_response' THEN 4 "
            "WHEN 'no_contact' THEN 4 WHEN 'accepted' THEN 12 WHEN 'engaged' THEN 28 "
            "WHEN 'completed' THEN 60 WHEN 'dropped_out' THEN 76 ELSE 0 END")


def _stages(row: str, kept: str) -> str:
    """SQL: the stages of referral `row` (NEW in a trigger), with `kept` from its history."""
    return (f"CASE WHEN {row}.basis IN ('consent', 'safeguarding', 'information_sharing') THEN "
            f"1 | CASE WHEN {row}.basis = 'consent' AND {row}.consent = 'yes' THEN 2 ELSE 0 END"
            f" | {status_mask(f'{row}.status')}"
            f" | CASE WHEN {row}.first_session_on IS NOT NULL THEN 28 ELSE 0 END"
            f" | ({kept}) ELSE 0 END")


def _days(later: str, earlier: str) -> str:
    return (f"CAST(julianday(substr({later}, 1, 10)) - julianday(substr({earlier}, 1, 10)) "
            "AS INTEGER)")


def _set(row: str, kept: str) -> str:
    return (f"stages = {_stages(row, kept)}, "
            f"days_to_sent = {_days(f'{row}.sent_on', 'screening_completed_on')}, "
            f"days_to_first_session = {_days(f'{row}.first_session_on', f'{row}.sent_on')}")


TRIGGERS = (
    # The screening's day, team and setting first, so the days to sent can be read from them.
    # Only fixed text from this module is formatted into these statements.
    "CREATE TRIGGER IF NOT EXISTS referrals_funnel_made AFTER INSERT ON referrals BEGIN "  # noqa: S608  # nosec B608
    "UPDATE referrals SET (screening_completed_on, screening_team, screening_setting) = "
    "(SELECT substr(s.completed_at, 1, 10), s.team, s.setting FROM screenings AS s "
    "WHERE s.id = NEW.screening_id) WHERE id = NEW.id; "
    f"UPDATE referrals SET {_set('NEW', '0')} WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS referrals_funnel_changed AFTER UPDATE OF basis, status, "  # noqa: S608  # nosec B608
    "consent, sent_on, first_session_on ON referrals BEGIN "
    f"UPDATE referrals SET {_set('NEW', f'coalesce(stages, 0) & {_KEPT_FROM_HISTORY}')} "
    "WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS referral_events_funnel AFTER INSERT ON referral_events "  # noqa: S608  # nosec B608
    "BEGIN "
    f"UPDATE referrals SET stages = stages | {status_mask('NEW.status')} "
    "WHERE id = NEW.referral_id AND stages > 0; END",
)
# Every column the funnel reads, in the order it groups by, so the count needs no sort.
INDEX = ("CREATE INDEX IF NOT EXISTS referrals_for_funnel ON referrals (service, stages, "
         "days_to_sent, days_to_first_session, screening_completed_on, screening_team, "
         "screening_setting)")
_EVER = ("(CASE WHEN EXISTS (SELECT 1 FROM referral_events AS e WHERE e.referral_id = "
         "referrals.id AND e.status = '{status}') THEN {mask} ELSE 0 END)")
_EVER_ACCEPTED_OR_ENGAGED = (_EVER.format(status="accepted", mask=12) + " | "
                             + _EVER.format(status="engaged", mask=28))
BACKFILL = (
    "UPDATE referrals SET (screening_completed_on, screening_team, screening_setting) = "
    "(SELECT substr(s.completed_at, 1, 10), s.team, s.setting FROM screenings AS s "
    "WHERE s.id = referrals.screening_id) WHERE stages IS NULL",
    f"UPDATE referrals SET {_set('referrals', _EVER_ACCEPTED_OR_ENGAGED)} "  # noqa: S608  # nosec B608
    "WHERE stages IS NULL",
)


def add(conn: sqlite3.Connection) -> None:
    """The columns, triggers and index; referrals made before them are filled in once."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(referrals)")}
    for table, column, definition in ADDED:
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    for trigger in TRIGGERS:
        conn.execute(trigger)
    conn.execute(INDEX)
    if "stages" not in have:
        for statement in BACKFILL:
            conn.execute(statement)
