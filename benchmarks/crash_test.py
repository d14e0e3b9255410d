"""Kill the server mid-write, again and again: every acknowledged screening is stored once, whole.

Several devices send offline screenings to `POST /api/v1/screenings` (each with its own
idempotency key, sent again until the tool acknowledges it) while gunicorn is killed with
SIGKILL at random moments and started again. Afterwards every screening the tool acknowledged
must be in the database exactly once, with the answers the device sent, and the database must
pass its integrity check.

    .venv/bin/python benchmarks/crash_test.py [--kills 10] [--clients 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import Practitioner, Server, add_practitioners, opening  # noqa: E402

REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CORE_NO = {"afraid_of_you": "no", "controlling": "no", "threats": "no", "physical_harm": "no",
           "worried_about_behaviour": "no", "being_harmed": "no"}


def answers_for(rng: random.Random) -> dict[str, Any]:
    """A negative enquiry, or a positive one with its follow-up; the age makes each distinct."""
    if rng.random() < 0.3:
        return dict(CORE_NO)
    return {**CORE_NO, "afraid_of_you": "yes", "worried_about_behaviour": "yes",
            "who_affected": ["current_partner"], "partner_under_16": "no",
            "children_in_household": rng.choice(["yes", "no"]),
            "pregnancy": "no", "age": rng.randint(18, 90), "violence_past_month": "no",
            "weapons": "no", "strangulation": "no", "separation": "no",
            "immediate_danger": "no", "needs_first": "none",
            "readiness": rng.choice(["wants_help", "unsure"]), "denial": "owns_behaviour"}


def submission(question_set: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    reference = "".join(rng.choice(REFERENCE_LETTERS) for _ in range(6))
    return {"idempotency_key": str(uuid.UUID(int=rng.getrandbits(128))),
            "questionnaire": question_set["id"], "version": question_set["version"],
            "content_hash": question_set["content_hash"], "setting": "gp",
            "client_reference": f"{reference[:3]}-{reference[3:]}", "local_record_number": None,
            "client_language": "en",
            "opening_accepted_at": (now - dt.timedelta(minutes=20)).isoformat(),
            "answers": answers_for(rng), "judgement": None, "consent_referral": "yes",
            "consent_duty": None, "consent_reason": None,
            "started_at": (now - dt.timedelta(minutes=21)).isoformat(),
            "completed_at": (now - dt.timedelta(minutes=1)).isoformat(), "result": None}


@dataclass
class Ledger:
    """What the devices were told: key → (screening id, answers sent)."""

    acknowledged: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    sent: set[str] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Unexpected(RuntimeError):
    """The tool answered, but not 200: sign in again and carry on."""


def expect_ok(reply: Any) -> bytes:
    if reply.status != 200:
        raise Unexpected(f"{reply.status}: {reply.text[:200]}")
    body: bytes = reply.body
    return body


def device(port: int, name: str, seed: int, ledger: Ledger, stop: threading.Event) -> None:
    """One practitioner's device: sends screenings one after another, each until acknowledged."""
    rng = random.Random(seed)
    person = Practitioner(port, name, timeout=10)
    question_set: dict[str, Any] | None = None
    body: dict[str, Any] | None = None
    signed_in = False
    while not stop.is_set():
        try:
            if not signed_in:
                person.sign_in()
                person.token = json.loads(expect_ok(person.get("/api/v1/session")))["csrf_token"]
                signed_in = True
            if question_set is None:
                sets = json.loads(expect_ok(person.get("/api/v1/question-sets")))["question_sets"]
                question_set = next(s for s in sets if s["id"] == "routine-enquiry")
            if body is None:
                body = submission(question_set, rng)
                with ledger.lock:
                    ledger.sent.add(body["idempotency_key"])
            key = body["idempotency_key"]
            reply = person.post_json("/api/v1/screenings", json.dumps(body).encode(),
                                     {"Idempotency-Key": key})
        except (OSError, http.client.HTTPException, ValueError, RuntimeError, StopIteration,
                KeyError) as error:
            # The server is down (or answered half a response): the device keeps it and retries.
            person.close()
            if isinstance(error, Unexpected):
                signed_in = False
                with ledger.lock:
                    ledger.unexpected.append(str(error))
            with ledger.lock:
                ledger.retries += 1
            time.sleep(0.05)
            continue
        if reply.status in (200, 201):
            stored = json.loads(reply.body)
            with ledger.lock:
                ledger.acknowledged[key] = (stored["id"], body["answers"])
            body = None
        elif reply.status == 401 or (reply.status == 400 and b'"csrf"' in reply.body):
            signed_in = False  # a new session and token, then send it again
        elif reply.status == 503:
            # The writers' lock stayed taken (SCREENING_WRITE_WAIT_SECONDS): as the device
            # does, keep the screening and send it again.
            with ledger.lock:
                ledger.retries += 1
            time.sleep(0.05)
        else:
            with ledger.lock:
                ledger.refused.append(f"{key}: {reply.status} {reply.text[:200]}")
            body = None
    person.close()


@dataclass(frozen=True)
class Report:
    kills: int
    seconds: float
    acknowledged: int
    retries: int
    problems: tuple[str, ...]


def check_database(instance: Path, ledger: Ledger) -> list[str]:
    """Every acknowledged screening once, with its answers; nothing else; an intact file."""
    from screening.store import screenings as store
    from screening.store.db import connect
    from screening.web import create_app
    from screening.web.db import get_db

    problems: list[str] = []
    db = connect(instance / "screening.db", **opening(instance))
    try:
        if (check := db.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity check: {check}")
        keys: dict[str, list[str]] = {}
        for key, screening_id in db.execute(
                "SELECT idempotency_key, id FROM screenings WHERE source = 'offline'"):
            keys.setdefault(key, []).append(screening_id)
    finally:
        db.conn.close()
    problems += [f"{key} stored {len(ids)} times" for key, ids in keys.items() if len(ids) > 1]
    problems += [f"{key} stored but never sent" for key in set(keys) - ledger.sent]
    app = create_app({"INSTANCE_PATH": instance, "DATABASE": str(instance / "screening.db")})
    with app.app_context():
        for key, (screening_id, answers) in ledger.acknowledged.items():
            if keys.get(key) != [screening_id]:
                problems.append(f"{key} acknowledged as {screening_id}, stored as {keys.get(key)}")
                continue
            found = store.get(get_db(), screening_id)
            if found is None or dict(found.answers) != answers or found.status != "complete":
                problems.append(f"{key}: the stored answers differ from those sent")
    return problems


def run(instance: Path, kills: int = 10, clients: int = 4, seed: int = 1,
        pause: tuple[float, float] = (0.3, 1.5)) -> Report:
    """Start the tool, kill and restart it `kills` times under load, then check every row."""
    rng = random.Random(seed)
    instance.mkdir(parents=True, exist_ok=True)
    names = add_practitioners(instance, clients, prefix="device")
    server = Server(instance)
    ledger, stop = Ledger(), threading.Event()
    started = time.perf_counter()
    server.start()
    devices = [threading.Thread(target=device, args=(server.port, name, seed * 100 + n, ledger,
                                                     stop)) for n, name in enumerate(names)]
    for thread in devices:
        thread.start()
    try:
        for _ in range(kills):
            time.sleep(rng.uniform(*pause))
            server.kill()
            server.start()
        time.sleep(pause[1])  # let the devices send what they were retrying
    finally:
        stop.set()
        for thread in devices:
            thread.join(timeout=30)
        server.stop()
    seconds = time.perf_counter() - started
    problems = ledger.refused + check_database(instance, ledger)
    return Report(kills, seconds, len(ledger.acknowledged), ledger.retries, tuple(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = run(Path(folder) / "instance", args.kills, args.clients, args.seed)
    verdict = "no problem found" if not report.problems else f"{len(report.problems)} PROBLEMS"
    body = (f"Command: `.venv/bin/python benchmarks/crash_test.py --kills {args.kills} "
            f"--clients {args.clients} --seed {args.seed}`\n\n"
            "| SIGKILLs of gunicorn (master and 3 workers) | devices | seconds | screenings "
            "acknowledged | sends retried after a kill | result |\n"
            "| --- | --- | --- | --- | --- | --- |\n"
            f"| {report.kills} | {args.clients} | {report.seconds:.1f} | {report.acknowledged} | "
            f"{report.retries} | {verdict} |\n\n")
    if report.problems:
        body += "Problems:\n\n" + "\n".join(f"- {p}" for p in report.problems[:50])
    else:
        body += ("Each acknowledged screening was found exactly once, with the answers sent, "
                 "and the database passed `PRAGMA integrity_check`.")
    print(body)
    from benchmarks.report import write_section

    write_section("Crash test", body)
    sys.exit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
