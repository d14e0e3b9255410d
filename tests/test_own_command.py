"""Messages name the running `screening` command as it can be typed from here."""

from __future__ import annotations

import sys
from pathlib import Path

from screening.own_command import own_command


def test_the_virtual_environment_command_is_named_as_make_run_starts_it(tmp_path: Path) -> None:
    assert own_command(".venv/bin/screening", cwd=tmp_path) == ".venv/bin/screening"
    assert own_command(str(tmp_path / ".venv/bin/screening"), cwd=tmp_path) == (
        ".venv/bin/screening")


def test_a_command_elsewhere_is_named_by_its_full_path(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    assert own_command("/opt/screening/bin/screening", cwd=tmp_path / "here") == (
        "/opt/screening/bin/screening")


def test_a_command_in_this_folder_is_not_mistaken_for_one_on_the_path(tmp_path: Path) -> None:
    assert own_command("screening", cwd=tmp_path) == "./screening"


def test_python_dash_m_is_named_with_the_python_that_runs_it(tmp_path: Path) -> None:
    named = own_command("/x/screening/__main__.py", cwd=tmp_path)
    assert named.endswith(" -m screening") and Path(sys.executable).name in named


def test_a_path_with_a_space_is_quoted_for_the_shell(tmp_path: Path) -> None:
    assert own_command("/opt/my tools/screening", cwd=tmp_path) == "'/opt/my tools/screening'"
