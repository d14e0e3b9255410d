"""Killing the server mid-write loses no screening it acknowledged, and stores none twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.crash_test import run

pytestmark = pytest.mark.reliability


def test_screenings_acknowledged_before_three_sigkills_are_all_stored_once_and_whole(
        tmp_path: Path) -> None:
    report = run(tmp_path / "instance", kills=3, clients=3, seed=7, pause=(0.2, 0.8))
    assert report.problems == ()
    assert report.acknowledged > 20
    assert report.seconds < 30
