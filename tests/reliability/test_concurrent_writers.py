"""Three gunicorn workers and eight practitioners saving at once: nothing lost, never locked."""

from __future__ import annotations

import threading

import pytest

from benchmarks.loopback import Practitioner, Server, add_practitioners, complete_routine_enquiry
from screening.store.db import connect

pytestmark = pytest.mark.reliability
PRACTITIONERS, SCREENINGS_EACH = 8, 5


def test_eight_practitioners_completing_screenings_at_once_lose_nothing(server: Server) -> None:
    names = add_practitioners(server.instance, PRACTITIONERS)
    server.start()
    done: dict[str, list[str]] = {}
    statuses: list[int] = []
    errors: list[BaseException] = []

    def practitioner_day(name: str) -> None:
        person = Practitioner(server.port, name)
        try:
            person.sign_in()
            done[name] = [complete_routine_enquiry(person, statuses=statuses)
                          for _ in range(SCREENINGS_EACH)]
        except BaseException as error:
            errors.append(error)
        finally:
            person.close()

    threads = [threading.Thread(target=practitioner_day, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses and max(statuses) < 500
    server.stop()
    db = connect(server.instance / "screening.db")
    rows = {r["id"]: r for r in db.query(
        "SELECT s.id, s.status, s.risk_level, u.name FROM screenings s "
        "JOIN users u ON u.id = s.practitioner_id")}
    assert len(rows) == PRACTITIONERS * SCREENINGS_EACH
    for name, ids in done.items():
        assert {(rows[i]["name"], rows[i]["status"]) for i in ids} == {(name, "complete")}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
