"""A real gunicorn (3 workers) on 127.0.0.1 for the reliability tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.loopback import Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """Not started: each test adds its practitioners to the database first."""
    found = Server(tmp_path / "instance")
    found.instance.mkdir(parents=True)
    yield found
    found.stop()
