"""A copy of the database file, its WAL or a backup shows nothing without the database key; a
database from before encryption is encrypted by one command, losing nothing; a wrong key is
said in one line."""

from __future__ import annotations

import base64
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

from screening.cli import main
from screening.store.cipher import database_key, is_plain
from screening.store.upgrades import APPLICATION_ID, SCHEMA_VERSION
from tests.conftest import PASSWORD, database_file, sign_in
from tests.web.helpers import dash, routine, text_of

REASON = "Children at home; partner frightened."  # typed by the practitioner (helpers.dash)


def screening(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def stored(path: Path) -> dict[str, set[str]]:
    """What the tool keeps in the clear inside the encrypted file, read with the key."""
    conn = database_file(path)
    try:
        def column(sql: str) -> set[str]:
            return {str(row[0]) for row in conn.execute(sql) if row[0]}
        return {
            "flags": column("SELECT flag_id FROM screening_flags"),
            "levels": column("SELECT risk_level FROM screenings"),
            "pathways": column("SELECT pathway_primary FROM screenings"),
            "services": column("SELECT service FROM referrals"),
            "names": column("SELECT name FROM users"),
            "actions": column("SELECT action FROM audit"),
        }
    finally:
        conn.close()


def plain_copy_of(path: Path, target: Path) -> None:
    """The database as the tool kept it before encryption: the same tables and rows, in a
    plain SQLite file in WAL mode."""
    conn = database_file(path)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute(f"PRAGMA plain.application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA plain.user_version = {SCHEMA_VERSION}")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    plain = sqlite3.connect(target)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.close()


def test_a_copied_database_wal_or_backup_shows_no_answer_flag_level_pathway_or_name(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    sign_in(client, name="dr.marguerite.oyelaran-fitzwilliam")
    dash(client, yes=24)  # every risk factor, strangulation among them: the highest level
    routine(client)  # a positive routine enquiry, with a pathway and a referral
    database = Path(app.config["DATABASE"])
    # Copied while the tool holds it open: the latest changes are in the WAL.
    copied = {"database": database.read_bytes(), "WAL": Path(f"{database}-wal").read_bytes()}
    assert len(copied["WAL"]) > 0
    assert screening("backup", str(tmp_path / "copy.db")).exit_code == 0
    copied["backup"] = (tmp_path / "copy.db").read_bytes()

    kept = stored(database)
    assert "strangulation" in kept["flags"] and "high" in kept["levels"]
    assert kept["pathways"] and kept["services"] and kept["actions"]
    assert "dr.marguerite.oyelaran-fitzwilliam" in kept["names"]
    needles = {REASON, "frightened", *set().union(*kept.values())}
    for name, raw in copied.items():
        assert not raw.startswith(b"SQLite format 3"), name
        shown = [needle for needle in needles if needle.encode() in raw]
        assert shown == [], f"the {name} file shows {shown} without the key"
    # With the key, the backup holds the same.
    assert stored(tmp_path / "copy.db")["flags"] == kept["flags"]


def test_a_database_from_before_encryption_is_refused_until_encrypted_then_reads_as_before(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    user = sign_in(client, name="nurse.kowalczyk")
    screening_id = routine(client)
    database = Path(app.config["DATABASE"])
    plain_copy_of(database, tmp_path / "plain.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(tmp_path / "plain.db", database)
    assert is_plain(database)

    refused = screening("users", "list")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert f"{database} is not encrypted" in refused.output
    assert f"screening encrypt-database {database}" in refused.output
    assert is_plain(database)  # nothing was changed

    result = screening("encrypt-database")
    assert result.exit_code == 0, result.output
    assert f"Encrypted {database} with the database key from {database.parent / 'db_key'}" in (
        result.output)
    kept = Path(result.output.split("The unencrypted file is kept at ", 1)[1].split(".db")[0]
                + ".db")
    assert kept.parent == database.parent and is_plain(kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not is_plain(database)
    assert not Path(f"{database}-wal").exists() or not is_plain(Path(f"{database}-wal"))

    # Everything still reads through the tool: the user signs in, the screening opens.
    fresh = app.test_client()
    assert fresh.post("/sign-in", data={"name": user.name, "password": PASSWORD}
                      ).status_code == 302
    page = fresh.get(f"/screenings/{screening_id}", follow_redirects=True)
    assert page.status_code == 200, page.status_code
    listed = text_of(fresh.get("/screenings").get_data(as_text=True))
    assert "could not be read" not in listed.lower()
    assert "encrypt_database" in stored(database)["actions"]

    again = screening("encrypt-database")
    assert again.exit_code == 2 and "is already encrypted" in again.output


def test_a_database_in_use_is_not_encrypted(app: Flask, client: FlaskClient,
                                            tmp_path: Path) -> None:
    sign_in(client)
    database = Path(app.config["DATABASE"])
    plain_copy_of(database, tmp_path / "plain.db")
    # The tool of before, still running: another process with the file open.
    other = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM users').fetchone(); print('open', flush=True); "
         "sys.stdin.read()", str(tmp_path / "plain.db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "open\n"
        before = (tmp_path / "plain.db").read_bytes()
        result = screening("encrypt-database", str(tmp_path / "plain.db"))
    finally:
        other.communicate("")
    assert result.exit_code == 2 and "is in use by another program" in result.output
    assert (tmp_path / "plain.db").read_bytes() == before
    assert is_plain(tmp_path / "plain.db")
    assert [p.name for p in tmp_path.glob("*plain*")] == ["plain.db"]  # no copy left behind


def test_a_wrong_key_is_said_in_one_line(app: Flask, client: FlaskClient, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(client)
    assert screening("backup", str(tmp_path / "copy.db")).exit_code == 0
    monkeypatch.setenv("SCREENING_DB_KEY", base64.b64encode(os.urandom(32)).decode())
    listed = screening("users", "list")
    assert listed.exit_code == 2 and "Traceback" not in listed.output
    assert "cannot be opened with the database key from SCREENING_DB_KEY" in listed.output
    restored = screening("restore", str(tmp_path / "copy.db"), "--yes")
    assert restored.exit_code == 2 and "Traceback" not in restored.output
    assert "one encrypted with another key" in restored.output
    monkeypatch.setenv("SCREENING_DB_KEY", "not a key")
    malformed = screening("users", "list")
    assert malformed.exit_code == 2 and "Traceback" not in malformed.output
    assert "SCREENING_DB_KEY must be 32 random bytes written in base64" in malformed.output


def test_a_backup_from_before_encryption_is_restored_encrypted(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    sign_in(client, name="gp.before")
    database = Path(app.config["DATABASE"])
    plain_copy_of(database, tmp_path / "old-backup.db")
    sqlite3.connect(tmp_path / "old-backup.db").execute("PRAGMA journal_mode = DELETE").close()
    sign_in(client, name="gp.after")
    result = screening("restore", str(tmp_path / "old-backup.db"), "--yes")
    assert result.exit_code == 0, result.output
    assert not is_plain(database)
    assert stored(database)["names"] == {"gp.before"}
    assert database_key().source == str(database.parent / "db_key")


def gunicorn(instance: Path) -> subprocess.CompletedProcess[str]:
    """`gunicorn wsgi:app` as an administrator would start it by hand, on an unused port."""
    environment = {**os.environ, "SCREENING_INSTANCE_PATH": str(instance)}
    environment.pop("SCREENING_DATABASE", None)
    return subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", "127.0.0.1:0",
         "--workers", "1", "wsgi:app"],
        cwd=Path(__file__).resolve().parent.parent, env=environment, capture_output=True,
        text=True, timeout=60, check=False)


def test_gunicorn_started_by_hand_on_a_plain_database_refuses_to_start_in_one_line(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    sign_in(client)
    database = Path(app.config["DATABASE"])
    plain_copy_of(database, tmp_path / "plain.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(tmp_path / "plain.db", database)
    before = database.read_bytes()

    started = gunicorn(database.parent)
    # It stops rather than serving 500 on every page: gunicorn's "failed to boot" exit.
    assert started.returncode != 0
    assert f"{database} is not encrypted" in started.stderr
    assert f"screening encrypt-database {database}" in started.stderr
    assert "Traceback" not in started.stderr
    assert "Worker failed to boot" in started.stderr
    assert database.read_bytes() == before and is_plain(database)

    # Encrypted, then started with another key in the instance folder: said, not served.
    assert screening("encrypt-database").exit_code == 0
    (database.parent / "db_key").write_text(base64.b64encode(os.urandom(32)).decode())
    wrong = gunicorn(database.parent)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert "cannot be opened with the database key from" in wrong.stderr
