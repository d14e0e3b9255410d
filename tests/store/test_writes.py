"""How writes reach the disk: audit entries waiting for a request's commit, writers queuing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from screening.store import audit
from screening.store.cipher import OperationalError
from screening.store.db import connect, defer_writes, flush, transaction
from tests.conftest import database_file

# A row any test can write without setting anything else up.
FAILED_SIGN_IN = "INSERT INTO sign_in_failures (at, name, address) VALUES (0, ?, '127.0.0.1')"


def logged(path: Path) -> list[tuple[str, str]]:
    """What another connection (another worker) can read of the audit log."""
    other = database_file(path)
    try:
        return other.execute("SELECT action, object FROM audit ORDER BY id").fetchall()
    finally:
        other.close()


def test_a_viewing_entry_waits_for_the_change_and_both_commit_together(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.db")
    defer_writes(db)
    audit.record(db, None, "view", "screening/a")
    assert logged(tmp_path / "s.db") == []  # not yet written: the request has not answered
    with transaction(db) as conn:
        conn.execute(FAILED_SIGN_IN, ("gp-a",))
        audit.record(db, None, "change", "screening/a")
    assert logged(tmp_path / "s.db") == [("view", "screening/a"), ("change", "screening/a")]


def test_a_request_that_changes_nothing_still_has_its_viewing_logged(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.db")
    defer_writes(db)
    audit.record(db, None, "view", "screening/b")
    flush(db, stop_deferring=True)
    assert logged(tmp_path / "s.db") == [("view", "screening/b")]
    audit.record(db, None, "view", "screening/c")  # no longer deferring: written at once
    assert logged(tmp_path / "s.db")[-1] == ("view", "screening/c")


def test_a_failed_change_keeps_the_viewing_entry_for_the_next_commit(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.db")
    defer_writes(db)
    audit.record(db, None, "view", "screening/d")
    with pytest.raises(OperationalError), transaction(db) as conn:
        conn.execute("INSERT INTO no_such_table VALUES (1)")
    assert logged(tmp_path / "s.db") == []
    flush(db)
    assert logged(tmp_path / "s.db") == [("view", "screening/d")]


def test_a_transaction_inside_another_commits_only_with_it(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.db")
    with pytest.raises(RuntimeError), transaction(db):
        with transaction(db) as conn:
            conn.execute(FAILED_SIGN_IN, ("gp-b",))
        raise RuntimeError("the outer change failed")
    assert db.execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 0


def test_eight_writers_at_once_each_commit_every_change(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    connect(path).conn.close()
    problems: list[BaseException] = []

    def writer(number: int) -> None:
        db = connect(path)
        try:
            for n in range(40):
                with transaction(db) as conn:
                    conn.execute(FAILED_SIGN_IN, (f"gp-{number}-{n}",))
        except BaseException as error:
            problems.append(error)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert connect(path).execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 320
