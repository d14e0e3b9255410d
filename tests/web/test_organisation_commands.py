"""Administrators set up organisation sign-in from the shell, and old databases gain its columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli import main
from screening.store.db import connect
from tests.conftest import database_file


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SCREENING_DATABASE": str(tmp_path / "screening.db"), "LANG": "C.UTF-8"}


def test_an_admin_adds_a_gp_with_the_address_of_their_organisation_account(
        env: dict[str, str]) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "dr.jones", "--role", "practitioner", "--team",
                                 "Bitterne Surgery", "--email", "dr.jones@nhs.example"], env=env)
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["users", "list"], env=env).output
    assert "dr.jones\tpractitioner\tBitterne Surgery\tactive\tdr.jones@nhs.example" in listed
    again = runner.invoke(main, ["users", "add", "dr.jones2", "--role", "practitioner", "--team",
                                 "T", "--email", "DR.JONES@nhs.example"], env=env)
    assert again.exit_code == 2
    assert "There is already a user with the e-mail address DR.JONES@nhs.example" in again.output
    wrong = runner.invoke(main, ["users", "add", "x", "--role", "admin", "--team", "T",
                                 "--email", "not an address"], env=env)
    assert wrong.exit_code == 2 and "Enter an e-mail address in the correct format" in wrong.output


def test_an_admin_gives_an_existing_user_an_address_and_makes_them_organisation_only(
        env: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(main, ["users", "add", "pat", "--role", "practitioner", "--team", "T"], env=env)
    given = runner.invoke(main, ["users", "email", "pat", "pat@nhs.example"], env=env)
    assert given.output == "pat signs in with the organisation account pat@nhs.example.\n"
    only = runner.invoke(main, ["users", "sso-only", "pat"], env=env)
    assert only.output == "pat can only sign in with their organisation account.\n"
    back = runner.invoke(main, ["users", "sso-only", "pat", "--off"], env=env)
    assert back.output == "pat can sign in with their password again.\n"
    assert runner.invoke(main, ["users", "email", "nobody", "n@nhs.example"],
                         env=env).exit_code == 2


def test_a_database_from_before_organisation_sign_in_gains_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = database_file(path)  # a database of the release before, encrypted as every one is
    old.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                "password_hash TEXT NOT NULL, role TEXT NOT NULL, team TEXT NOT NULL, "
                "disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)")
    old.execute("INSERT INTO users (name, password_hash, role, team, created_at) "
                "VALUES ('pat', 'x', 'practitioner', 'T', '2024-01-01')")
    old.commit()
    old.close()
    db = connect(str(path))
    try:
        [row] = list(db["users"].rows)
        assert (row["name"], row["email"], row["oidc_sub"], row["sso_only"]) == \
            ("pat", None, None, 0)
    finally:
        db.conn.close()
