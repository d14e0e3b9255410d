"""The restore drill in the README, end to end: the database is lost; stop, restore the newest
backup from the second disk, start, and the practitioner signs in and finds their screening."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli import main
from screening.web import create_app
from tests.conftest import PASSWORD, question_folder
from tests.web.helpers import routine, text_of


def test_stop_restore_the_newest_backup_start_and_sign_in(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    instance, second_disk = tmp_path / "var-lib-screening", tmp_path / "mnt-backup2" / "screening"
    second_disk.mkdir(parents=True)
    monkeypatch.setenv("SCREENING_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("SCREENING_QUESTIONNAIRES", str(question_folder()))
    monkeypatch.setenv("SCREENING_SECRET_KEY", "drill secret key, not for use anywhere else")
    command = CliRunner()
    added = command.invoke(main, ["users", "add", "dr.jones", "--role", "practitioner",
                                  "--team", "Hill", "--password-stdin"], input=f"{PASSWORD}\n")
    assert added.exit_code == 0, added.output

    # A working day: the practitioner completes a screening; the timer backs up every 15 min.
    before = create_app({"WTF_CSRF_ENABLED": False})
    with before.test_client() as browser:
        browser.post("/sign-in", data={"name": "dr.jones", "password": PASSWORD})
        done = routine(browser)
    for _ in range(2):
        backed = command.invoke(main, ["backup", str(second_disk), "--keep", "96"])
        assert backed.exit_code == 0, backed.output

    # The disk holding the database fails; the data key was kept apart and is still there.
    for lost in instance.glob("screening.db*"):
        lost.unlink()

    # Stop (nothing serves during the drill), restore the newest, start, sign in.
    newest = sorted(second_disk.iterdir())[-1]
    restored = command.invoke(main, ["restore", str(second_disk), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert f"The newest backup in the folder is {newest}." in restored.output
    assert "holds 1 user and 1 screening." in restored.output
    after = create_app({"WTF_CSRF_ENABLED": False})
    with after.test_client() as browser:
        signed = browser.post("/sign-in", data={"name": "dr.jones", "password": PASSWORD})
        assert signed.status_code == 302
        assert f"/screenings/{done}/result" in browser.get("/screenings").get_data(as_text=True)
        result = browser.get(f"/screenings/{done}/result")
        assert result.status_code == 200 and "Result" in text_of(result.get_data(as_text=True))
