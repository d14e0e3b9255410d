"""The tool served by gunicorn on 127.0.0.1, and practitioners who use it over plain HTTP.

Shared by the load benchmark, the crash test and the reliability tests: no external load tool,
only `http.client`, one connection per simulated practitioner.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "kettle orbit lantern meadow"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_COOKIE = re.compile(r"session=([^;]*)")
# The routine enquiry as a practitioner answers it: a positive core, and the follow-up questions
# its first yes shows on the same page.
CORE_POSITIVE = {"afraid_of_you": "yes", "controlling": "no", "threats": "no",
                 "physical_harm": "no", "worried_about_behaviour": "yes",
                 "being_harmed": "no"}
FOLLOW_UP = {"who_affected": "current_partner", "partner_under_16": "no",
             "children_in_household": "yes",
             "pregnancy": "no", "age": "42", "violence_past_month": "no", "weapons": "no",
             "strangulation": "no", "separation": "no", "immediate_danger": "no",
             "needs_first": "none", "readiness": "wants_help", "denial": "owns_behaviour",
             "weapons_access": "no", "sexual": "no", "breach_orders": "no", "suicidal": "no",
             "sounds_like_self_defence": "no"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def opening(instance: Path) -> dict[str, Any]:
    """connect()'s key argument for the database of the server on this instance folder: the
    key it uses (made there on first use)."""
    try:
        from screening.store.cipher import database_key
    except ImportError:  # a checkout from before whole-file encryption, measured for comparison
        return {}
    return {"key": database_key(os.environ.get("SCREENING_DB_KEY"), instance)}


def add_practitioners(instance: Path, count: int, prefix: str = "p") -> list[str]:
    """A new database in the instance folder with `count` practitioners; their names."""
    sys.path.insert(0, str(ROOT))
    from screening.store.db import connect
    from screening.store.users import add_user

    db = connect(instance / "screening.db", **opening(instance))
    try:
        names = [f"{prefix}{n:03d}" for n in range(count)]
        for name in names:
            add_user(db, name, "practitioner", "Loopback Surgery", PASSWORD)
        return names
    finally:
        db.conn.close()


@dataclass
class Server:
    """`screening serve --gunicorn` (3 workers) on 127.0.0.1, in its own process group."""

    instance: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    extra_env: Mapping[str, str] = field(default_factory=dict)

    @property
    def environ(self) -> dict[str, str]:
        # The caller's keys stay (so its own checks can read what the server wrote); where the
        # database is and how the server is reached come from this instance only.
        kept = ("SCREENING_DATA_KEY", "SCREENING_DB_KEY", "SCREENING_SECRET_KEY")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("SCREENING_") or k in kept}
        env.update({"SCREENING_INSTANCE_PATH": str(self.instance), "SCREENING_HOST": "127.0.0.1",
                    "SCREENING_PORT": str(self.port), "PYTHONPATH": str(ROOT), **self.extra_env})
        return env

    def start(self, timeout: float = 30.0) -> None:
        with (self.instance / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "screening", "serve", "--gunicorn"], cwd=ROOT,
                env=self.environ, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start: see {self.instance}/server.log")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the server did not answer within {timeout} s")

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the server's processes: the gunicorn master
        and its live workers, read from /proc (Linux)."""
        tick, used = os.sysconf("SC_CLK_TCK"), 0.0
        if self.process is None:
            return used
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[2]) == self.process.pid:  # in the server's process group
                used += (int(fields[11]) + int(fields[12])) / tick
        return used

    def _signal(self, number: int) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, number)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a power cut, as far as the tool knows."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path


class Practitioner:
    """One person with one browser: a session cookie and a connection to the tool."""

    def __init__(self, port: int, name: str, password: str = PASSWORD,
                 timeout: float = 30.0) -> None:
        self.port, self.name, self.password, self.timeout = port, name, password, timeout
        self.cookie: str | None = None
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> Reply:
        sent = dict(headers or {})
        if self.cookie:
            sent["Cookie"] = f"session={self.cookie}"
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed meanwhile: open a new one, once.
                self.close()
                if attempt == 2:
                    raise
        elapsed = time.perf_counter() - started
        found = {k.lower(): v for k, v in response.getheaders()}
        if found.get("content-encoding") == "gzip":
            data = gzip.decompress(data)  # timed as sent: the browser unpacks it itself
        if response.will_close:
            self.close()
        cookie = _COOKIE.search(found.get("set-cookie", ""))
        if cookie:
            self.cookie = cookie.group(1) or None
        token = _TOKEN.search(data.decode("utf-8", "replace")) if b"csrf_token" in data else None
        if token:
            self.token = token.group(1)
        return Reply(response.status, found, data, elapsed)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, fields: Mapping[str, Any]) -> Reply:
        body = urllib.parse.urlencode({"csrf_token": self.token, **fields}, doseq=True)
        return self.request("POST", path, body.encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path: str, document: bytes, headers: Mapping[str, str]) -> Reply:
        return self.request("POST", path, document, {
            "Content-Type": "application/json", "Accept": "application/json",
            "X-CSRFToken": self.token, **headers})

    def sign_in(self) -> Reply:
        self.cookie = None
        self.get("/sign-in")
        signed = self.post_form("/sign-in", {"name": self.name, "password": self.password})
        if signed.status != 302:
            raise RuntimeError(f"{self.name} could not sign in: {signed.status}")
        return signed


PAGES = ("start", "opening", "questions", "result")
# As the pages' own requests: browsers accept compressed answers.
# As a browser asks for a page of the tool from another of its pages (assets.py compresses only
# those, against BREACH).
COMPRESSED = {"Accept-Encoding": "gzip", "Sec-Fetch-Site": "same-origin"}


def complete_routine_enquiry(person: Practitioner, timings: dict[str, list[float]] | None = None,
                             statuses: list[int] | None = None,
                             sizes: list[int] | None = None,
                             reading: Callable[[], None] | None = None) -> str:
    """Start, answer and complete a positive routine enquiry the way the pages are used: open
    each page, then send its form. `reading` is the practitioner's time on each page: between
    opening it and sending it, and on the result. The screening's id."""
    def step(page: str, path: str, fields: Mapping[str, Any] | None) -> Reply:
        shown = person.request("GET", path, headers=COMPRESSED)
        replies = [shown]
        if reading is not None:
            reading()
        if fields is not None:
            replies.append(person.post_form(path, fields))
        if sizes is not None:
            sizes.append(len(shown.body))
        for reply in replies:
            if statuses is not None:
                statuses.append(reply.status)
            if reply.status >= 500 or b"database is locked" in reply.body:
                raise RuntimeError(f"{page}: {reply.status} {reply.text[:200]}")
        if timings is not None:
            timings.setdefault(page, []).extend(r.seconds for r in replies)
        return replies[-1]

    started = step("start", "/screenings/new", {"setting": "gp",
                                                "question_set": "routine-enquiry",
                                                "client_language": "en"})
    screening_id = started.location.split("/")[2]
    base = f"/screenings/{screening_id}"
    step("opening", f"{base}/opening", {"agreed": "y"})
    answers = {**CORE_POSITIVE, **FOLLOW_UP}
    done = step("questions", f"{base}/questions/0", {**answers, "shown": " ".join(answers)})
    if done.location != f"{base}/result":
        raise RuntimeError(f"{screening_id} was not completed: {done.status} {done.location}")
    step("result", f"{base}/result", None)
    return screening_id
