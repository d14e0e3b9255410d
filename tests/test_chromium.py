"""`make chromium` and the browser tests find Chromium the same way (tests/chromium.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.chromium import ChromiumMissing, find_chromium

ROOT = Path(__file__).resolve().parent.parent


def fake_chromium(folder: Path, name: str = "chromium") -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def test_chromium_set_in_the_environment_is_the_one_used(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    mine = fake_chromium(tmp_path / "opt", "my-chromium")
    monkeypatch.setenv("CHROMIUM", str(mine))
    assert find_chromium() == str(mine)


def test_otherwise_chromium_anywhere_on_the_path_is_found(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    mine = fake_chromium(tmp_path / "bin", "chromium-browser")
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(mine.parent))
    assert find_chromium() == str(mine)


def test_make_chromium_and_the_tests_give_the_same_reason_for_a_wrong_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = str(tmp_path / "no-such-chromium")
    monkeypatch.setenv("CHROMIUM", wrong)
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium()
    made = subprocess.run(["make", "-s", "chromium"], cwd=ROOT, capture_output=True, text=True,
                          env={"CHROMIUM": wrong, "PATH": "/usr/bin:/bin"}, timeout=30)
    assert made.returncode != 0  # and apt-get was not run for a path the person chose
    assert str(raised.value) in made.stderr
