"""Tables of the embedded SQLite database, created on first use.

Columns that service leads count (setting, team, outcome, risk level, pathway, consent, handover
status, flags) are plain and non-identifying; answers and free text live in ``answers`` only.
"""

from __future__ import annotations

import sqlite3

from screening.store import funnel_columns
from screening.store.upgrades import upgrade

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('practitioner', 'service_lead', 'admin',
                                       'service_worker')),
    team TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    -- Organisation sign-in (screening/web/oidc.py): the address the provider's verified email
    -- claim must match, the provider's subject remembered on the first sign-in, and whether the
    -- local password is refused.
    email TEXT,
    oidc_sub TEXT,
    sso_only INTEGER NOT NULL DEFAULT 0
);
-- Each sign-in, so that signing out, a disabled account or a new password ends it on the
-- server too: a copied session cookie is only as good as the row it names. The cookie carries
-- a random token; only its SHA-256 is kept here.
CREATE TABLE IF NOT EXISTS sign_ins (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ended_because TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sign_ins_open_by_user ON sign_ins (user_id) WHERE ended_at IS NULL;
CREATE TABLE IF NOT EXISTS team_leads (
    user_id INTEGER NOT NULL REFERENCES users(id),
    team TEXT NOT NULL,
    PRIMARY KEY (user_id, team)
);
CREATE TABLE IF NOT EXISTS screenings (
    id TEXT PRIMARY KEY,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    team TEXT NOT NULL,
    setting TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
    client_reference TEXT NOT NULL,
    local_record_number TEXT,
    client_language TEXT NOT NULL DEFAULT 'en',
    opening_accepted_at TEXT,
    answers TEXT NOT NULL DEFAULT '{}',
    current_page INTEGER NOT NULL DEFAULT 0,
    score INTEGER,
    outcome TEXT,
    risk_level TEXT,
    pathway_primary TEXT,
    result TEXT,
    judgement_level TEXT,
    judgement_reason TEXT,
    consent_referral TEXT CHECK (consent_referral IN ('yes', 'no', 'override')),
    consent_reason TEXT,
    handover_status TEXT NOT NULL DEFAULT 'not_sent'
        CHECK (handover_status IN ('not_sent', 'sent', 'accepted', 'declined', 'no_response')),
    handover_sent_on TEXT,
    handover_sent_how TEXT,
    source TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'offline')),
    enquiry TEXT NOT NULL DEFAULT 'asked'
        CHECK (enquiry IN ('asked', 'declined', 'not_safe_to_ask')),
    not_asked_because TEXT,
    idempotency_key TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX IF NOT EXISTS screenings_by_practitioner
    ON screenings (practitioner_id, status, updated_at);
-- Every column a count can read, after (status, completed_at), so a date range is one index
-- range and counts never touch the wide rows (answers, results). status leads rather than a
-- partial index because SQLite does not treat a partial index as covering.
CREATE INDEX IF NOT EXISTS screenings_for_counts ON screenings (
    status, completed_at, setting, team, questionnaire, version, outcome, risk_level,
    pathway_primary, consent_referral, handover_status, id);
CREATE TABLE IF NOT EXISTS screening_flags (
    screening_id TEXT NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    flag_id TEXT NOT NULL,
    PRIMARY KEY (screening_id, flag_id)
);
-- A referral per recipient (screening/referrals.py): its service, basis and status are plain and
-- counted; the practitioner's reasons are sealed like the screening's free text.
CREATE TABLE IF NOT EXISTS referrals (
    id TEXT PRIMARY KEY,
    screening_id TEXT NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('immediate', 'primary', 'also', 'prompted')),
    basis TEXT NOT NULL CHECK (basis IN ('consent', 'safeguarding', 'information_sharing',
                                         'information', 'emergency')),
    held INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'not_sent' CHECK (status IN (
        'not_sent', 'sent', 'accepted', 'declined', 'no_response', 'no_contact', 'engaged',
        'completed', 'dropped_out', 'to_do', 'done', 'not_proceeding')),
    consent TEXT CHECK (consent IN ('yes', 'no')),
    reason TEXT,
    review TEXT CHECK (review IN ('proceed', 'not_proceeding')),
    review_reason TEXT,
    sent_on TEXT,
    sent_how TEXT,
    sent_in_tool INTEGER NOT NULL DEFAULT 0,
    done_at TEXT,
    decline_reason TEXT,
    first_session_on TEXT,
    prompted_by TEXT REFERENCES referrals(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS referrals_by_screening ON referrals (screening_id);
CREATE INDEX IF NOT EXISTS referrals_by_service ON referrals (service, sent_in_tool, status);
-- Every status a referral took, with its date: what the funnel's days are counted from.
CREATE TABLE IF NOT EXISTS referral_events (
    id INTEGER PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    user_id INTEGER
);
CREATE INDEX IF NOT EXISTS referral_events_by_referral ON referral_events (referral_id, at);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    action TEXT NOT NULL,
    object TEXT,
    detail TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
-- Failed sign-ins, kept only while SIGNIN_LOCKOUT_MINUTES counts them
-- (screening/store/sign_in_limits.py); the audit log keeps the lasting record.
CREATE TABLE IF NOT EXISTS sign_in_failures (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_name ON sign_in_failures (name, at);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_address ON sign_in_failures (address, at);
-- Offline screenings (screening/store/offline_receipts.py): the first answer to each
-- idempotency key, kept so a repeat gets the same answer; no answers here, only what the device
-- was told.
CREATE TABLE IF NOT EXISTS offline_receipts (
    idempotency_key TEXT PRIMARY KEY,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    screening_id TEXT,
    received_at TEXT NOT NULL
);
-- Offline submissions that could not be stored as screenings (a key reused with other content,
-- a question-set version this server lacks): kept whole for an administrator, never lost.
CREATE TABLE IF NOT EXISTS offline_review (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL,
    practitioner_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('conflict', 'unknown_version')),
    questionnaire TEXT,
    version INTEGER,
    content_hash TEXT,
    digest TEXT NOT NULL,
    submission TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (idempotency_key, digest)
);
"""


# Columns added after a table was first shipped: a database made before gets them on its first
# connection (ALTER TABLE … ADD COLUMN keeps every row; the default fills the old ones).
ADDED_COLUMNS = (
    ("screenings", "enquiry", "TEXT NOT NULL DEFAULT 'asked' "
                              "CHECK (enquiry IN ('asked', 'declined', 'not_safe_to_ask'))"),
    ("screenings", "not_asked_because", "TEXT"),
    ("users", "email", "TEXT"),
    ("users", "oidc_sub", "TEXT"),
    ("users", "sso_only", "INTEGER NOT NULL DEFAULT 0"),
    # A service worker's service (an id of services.json); NULL for everyone else.
    ("users", "service", "TEXT"),
    # The last referral_events id a practitioner's list showed them: answers after it are new.
    ("users", "answers_seen_upto", "INTEGER NOT NULL DEFAULT 0"),
    # Worked out at completion (screening/store/counted.py) so counts never open the answers.
    ("screenings", "level_kind", "TEXT CHECK (level_kind IN ('disclosure', 'risk'))"),
    ("screenings", "age_band", "TEXT CHECK (age_band IN ('under_18', '18_24', '25_34', "
                               "'35_49', '50_plus', 'not_recorded'))"),
    # A keyed pseudonym of the team and local record number (screening/store/crypto.py): counts
    # say how many people disclosed again, never who.
    ("screenings", "person_key", "TEXT"),
    # The team of the receiving service a referral was sent to in the tool (its inbox).
    ("referrals", "sent_to_team", "TEXT"),
)
# Indexes on added columns: made after the columns exist, on new and old databases alike.
ADDED_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS users_by_email ON users (lower(email)) "
    "WHERE email IS NOT NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS users_by_oidc_sub ON users (oidc_sub) "
    "WHERE oidc_sub IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS screenings_by_person ON screenings (person_key, completed_at) "
    "WHERE person_key IS NOT NULL",
)
# Tables whose CHECK constraints grew since they were first shipped: SQLite cannot alter a
# CHECK, so an older table is rebuilt once under the new definition, keeping every row and id.
REBUILT_WHEN_MISSING = (("users", "'service_worker'"),)


def create(conn: sqlite3.Connection) -> None:
    """Create every table and index that does not exist yet, add columns shipped since, then
    mark and upgrade the file."""
    conn.executescript(SCHEMA)
    for table, marker in REBUILT_WHEN_MISSING:
        _rebuild_if_older(conn, table, marker)
    for table, column, definition in ADDED_COLUMNS:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    for statement in ADDED_INDEXES:
        conn.execute(statement)
    upgrade(conn)
    # Last: its backfill writes rows, which opens a transaction on a connection that is not
    # in autocommit (the tests' plain ones), and upgrade() begins its own.
    funnel_columns.add(conn)


def _rebuild_if_older(conn: sqlite3.Connection, table: str, marker: str) -> None:
    """SQLite's way to change a table's constraints: a new table, the rows copied, the old one
    dropped and the new one renamed, with foreign keys off so the rows pointing at it stay."""
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                         (table,)).fetchone()
    if found is None or marker in found[0]:
        return
    start = SCHEMA.index(f"CREATE TABLE IF NOT EXISTS {table} (")
    definition = SCHEMA[start:SCHEMA.index(");", start) + 1].replace(
        f"IF NOT EXISTS {table} (", f"{table}_rebuilt (", 1)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(definition)
            old = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            new = [row[1] for row in conn.execute(f"PRAGMA table_info({table}_rebuilt)")]
            kept = ", ".join(c for c in new if c in old)
            # Table and column names come from this module's schema, never from input.
            conn.execute(f"INSERT INTO {table}_rebuilt ({kept}) "  # noqa: S608  # nosec B608
                         f"SELECT {kept} FROM {table}")
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    # The rebuilt table has the shipped columns only: what upgrades.py added to the old one
    # (user names' keys, their index and triggers) is made again by upgrade().
    conn.execute("PRAGMA user_version = 0")
