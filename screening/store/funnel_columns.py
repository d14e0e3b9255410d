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
    ("referrals", "screening_completed_day", "INTEGER"),  # the same day as a Julian day number
    ("referrals", "funnel_key", "INTEGER"),
    ("referrals", "screening_team", "TEXT"),
    ("referrals", "screening_setting", "TEXT"),
)
_KEPT_FROM_HISTORY = 4 | 8 | 16 | 32 | 64
# The stages and both waits packed into one number (see unpack_key), so the count groups by two
# columns instead of four: a third less time over 1.5 million referrals. Waits are whole days
# from 0 to 4,094 (a negative one, sent before the screening ended, counts as 0); 0 is no wait.
DAYS_LIMIT = 4094


def _wait(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN 0 ELSE min(max({column}, 0), {DAYS_LIMIT}) + 1 END"


KEY_SQL = (f"CASE WHEN stages > 0 THEN stages + 128 * ({_wait('days_to_sent')}) "
           f"+ 524288 * ({_wait('days_to_first_session')}) ELSE 0 END")


def unpack_key(key: int) -> tuple[int, int | None, int | None]:
    """(stages, days to sent, days from sent to first session) from a funnel_key."""
    to_sent, to_session = (key >> 7) & 4095, key >> 19
    return key & 127, to_sent - 1 if to_sent else None, to_session - 1 if to_session else None


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
    "UPDATE referrals SET screening_completed_day = "
    "CAST(julianday(screening_completed_on) AS INTEGER) WHERE id = NEW.id; "
    f"UPDATE referrals SET {_set('NEW', '0')} WHERE id = NEW.id; "
    f"UPDATE referrals SET funnel_key = {KEY_SQL} WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS referrals_funnel_changed AFTER UPDATE OF basis, status, "  # noqa: S608  # nosec B608
    "consent, sent_on, first_session_on ON referrals BEGIN "
    f"UPDATE referrals SET {_set('NEW', f'coalesce(stages, 0) & {_KEPT_FROM_HISTORY}')} "
    f"WHERE id = NEW.id; UPDATE referrals SET funnel_key = {KEY_SQL} WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS referral_events_funnel AFTER INSERT ON referral_events "  # noqa: S608  # nosec B608
    "BEGIN "
    f"UPDATE referrals SET stages = stages | {status_mask('NEW.status')} "
    "WHERE id = NEW.referral_id AND stages > 0; "
    f"UPDATE referrals SET funnel_key = {KEY_SQL} WHERE id = NEW.referral_id; END",
)
# Every column the funnel reads, in the order it groups by, so the count needs no sort.
INDEX_NAME = "referrals_by_funnel_key"
INDEX = (f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON referrals (service, funnel_key, "
         "screening_completed_day, screening_team, screening_setting)")
_EVER = ("(CASE WHEN EXISTS (SELECT 1 FROM referral_events AS e WHERE e.referral_id = "
         "referrals.id AND e.status = '{status}') THEN {mask} ELSE 0 END)")
_EVER_ACCEPTED_OR_ENGAGED = (_EVER.format(status="accepted", mask=12) + " | "
                             + _EVER.format(status="engaged", mask=28))
BACKFILL = (
    "UPDATE referrals SET (screening_completed_on, screening_team, screening_setting) = "
    "(SELECT substr(s.completed_at, 1, 10), s.team, s.setting FROM screenings AS s "
    "WHERE s.id = referrals.screening_id) WHERE funnel_key IS NULL",
    "UPDATE referrals SET screening_completed_day = "
    "CAST(julianday(screening_completed_on) AS INTEGER) WHERE funnel_key IS NULL",
    f"UPDATE referrals SET {_set('referrals', _EVER_ACCEPTED_OR_ENGAGED)} "  # noqa: S608  # nosec B608
    "WHERE funnel_key IS NULL",
    f"UPDATE referrals SET funnel_key = {KEY_SQL} WHERE funnel_key IS NULL",  # noqa: S608  # nosec B608
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
    if "funnel_key" not in have:
        for statement in BACKFILL:
            conn.execute(statement)
