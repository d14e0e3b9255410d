"""A clock the web tests can move forward, for session timeouts and sign-in lock-outs."""

from __future__ import annotations

import pytest

from screening.web import sessions


class Clock:
    """Stands in for time.time() in screening/web/sessions.py."""

    def __init__(self, start: float = 1_900_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float = 0, hours: float = 0, seconds: float = 0) -> None:
        self.now += seconds + minutes * 60 + hours * 3600


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(sessions, "clock", found)
    return found
