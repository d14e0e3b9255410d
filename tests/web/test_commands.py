"""`screening users …` and `screening serve`: passwords printed once, no fixed default, and
every message says what to run next."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from screening.cli import main
from screening.store.db import connect
from screening.store.users import authenticate, list_users
from tests.conftest import question_folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    # A port nothing listens on: serve checks it is free before making the first admin.
    return {"SCREENING_INSTANCE_PATH": str(tmp_path / "instance"),
            "SCREENING_DATABASE": str(tmp_path / "instance" / "screening.db"),
            "SCREENING_QUESTIONNAIRES": str(question_folder()),
            "SCREENING_HOST": "127.0.0.1", "SCREENING_PORT": str(free_port())}


def test_users_add_prints_a_generated_password_that_signs_in(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["users", "add", "jo.gp", "--role", "practitioner",
                                       "--team", "Bitterne Surgery"], env=env)
    assert result.exit_code == 0, result.output
    password = result.output.split("Password: ", 1)[1].strip()
    user = authenticate(connect(env["SCREENING_DATABASE"]), "jo.gp", password)
    assert user is not None and user.team == "Bitterne Surgery"


def test_users_add_reads_a_password_from_standard_input(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["users", "add", "lead", "--role", "service_lead",
                                       "--team", "Team", "--password-stdin"],
                                input="a long enough pass phrase\n", env=env)
    assert result.exit_code == 0 and "Password" not in result.output
    assert authenticate(connect(env["SCREENING_DATABASE"]), "lead",
                        "a long enough pass phrase") is not None


def test_users_add_refuses_a_bad_role_and_a_short_password(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["users", "add", "x", "--role", "boss", "--team", "T"],
                         env=env).exit_code == 2
    short = runner.invoke(main, ["users", "add", "x", "--role", "admin", "--team", "T",
                                 "--password-stdin"], input="short\n", env=env)
    assert short.exit_code == 2 and "at least 12 characters" in short.output


def test_a_dapp_worker_is_added_with_their_service_and_an_unknown_one_is_refused(
        env: dict[str, str]) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "sam.dapp", "--role", "service_worker",
                                 "--service", "dapp", "--team", "DAPP Southampton"], env=env)
    assert added.exit_code == 0, added.output
    assert "Added sam.dapp (service_worker of dapp, team DAPP Southampton)." in added.output
    assert "sam.dapp\tservice_worker\tDAPP Southampton\tactive\tdapp" in runner.invoke(
        main, ["users", "list"], env=env).output
    unknown = runner.invoke(main, ["users", "add", "x", "--role", "service_worker", "--service",
                                   "dap", "--team", "T"], env=env)
    assert unknown.exit_code == 2
    assert "There is no service 'dap' that receives referrals: give one of" in unknown.output
    assert "childrens_safeguarding, dapp," in unknown.output and "national_helpline" not in (
        unknown.output)
    missing = runner.invoke(main, ["users", "add", "x", "--role", "service_worker", "--team",
                                   "T"], env=env)
    assert missing.exit_code == 2 and "A service worker belongs to one service" in missing.output
    practitioner = runner.invoke(main, ["users", "add", "x", "--role", "practitioner",
                                        "--service", "dapp", "--team", "T"], env=env)
    assert practitioner.exit_code == 2 and "Only a service worker" in practitioner.output


def test_users_list_disable_and_reset(env: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(main, ["users", "add", "pat", "--role", "practitioner", "--team", "T"], env=env)
    assert runner.invoke(main, ["users", "disable", "pat"], env=env).exit_code == 0
    assert "pat\tpractitioner\tT\tdisabled" in runner.invoke(main, ["users", "list"],
                                                           env=env).output
    reset = runner.invoke(main, ["users", "reset-password", "pat"], env=env)
    assert reset.exit_code == 0 and "New password for pat: " in reset.output
    assert runner.invoke(main, ["users", "disable", "nobody"], env=env).exit_code == 2


def test_serve_creates_one_admin_on_a_new_database_and_prints_how_to_sign_in(
        env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[Any, ...]] = []
    monkeypatch.setattr("werkzeug.serving.run_simple",
                        lambda host, port, app, **kw: served.append((host, port, kw)))
    port = env["SCREENING_PORT"]
    first = CliRunner().invoke(main, ["serve"], env=env)
    assert first.exit_code == 0, first.output
    assert f"Sign in at http://127.0.0.1:{port}/ as admin with password " in first.output
    password = first.output.split("with password ", 1)[1].split()[0]
    admin = authenticate(connect(env["SCREENING_DATABASE"]), "admin", password)
    assert admin is not None and (admin.role, admin.team) == ("admin", "Administration")
    assert served == [("127.0.0.1", int(port), {"threaded": True})]
    again = CliRunner().invoke(main, ["serve"], env=env)
    assert "with password" not in again.output  # shown once, never again
    assert [u.name for u in list_users(connect(env["SCREENING_DATABASE"]))] == ["admin"]


def test_the_first_run_names_the_whole_command_that_resets_a_lost_admin_password(
        env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *args, **kwargs: None)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [".venv/bin/screening", "serve"])  # as `make run` starts it
    first = CliRunner().invoke(main, ["serve"], env=env)
    assert ("This password is shown only once. If it is lost, get a new one with: "
            ".venv/bin/screening users reset-password admin") in first.output
    assert ".venv/bin/screening users add NAME --role practitioner --team TEAM" in first.output
    # The first start failed, say, and the password scrolled away: the next start says how.
    again = CliRunner().invoke(main, ["serve"], env=env)
    assert (f"No one has signed in yet. Sign in at http://127.0.0.1:{env['SCREENING_PORT']}/ "
            "as admin; if you do not have its password, get a new one with: "
            ".venv/bin/screening users reset-password admin") in again.output
    reset = CliRunner().invoke(main, ["users", "reset-password", "admin"], env=env)
    password = reset.output.split("New password for admin: ", 1)[1].strip()
    assert authenticate(connect(env["SCREENING_DATABASE"]), "admin", password) is not None


def test_a_port_in_use_stops_serve_before_it_makes_an_admin(
        env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *args, **kwargs: None)
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        port = other_program.getsockname()[1]
        result = CliRunner().invoke(main, ["serve"], env={**env, "SCREENING_PORT": str(port)})
    assert result.exit_code == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert f"SCREENING_PORT={port + 1} make run" in result.output
    assert list_users(connect(env["SCREENING_DATABASE"])) == []  # no password lost on the way


def test_users_list_on_a_new_database_says_there_are_none_and_how_to_add_one(
        env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["users", "list"], env=env)
    assert result.exit_code == 0 and result.stdout == ""  # the listing itself stays empty
    assert f"There are no users in {env['SCREENING_DATABASE']} yet." in result.stderr
    assert "users add NAME --role admin --team TEAM" in result.stderr


def test_questionnaires_list_of_an_empty_folder_says_so(env: dict[str, str],
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    shutil.copy(question_folder() / "services.json", folder)
    result = CliRunner().invoke(main, ["questionnaires", "list"],
                                env={**env, "SCREENING_QUESTIONNAIRES": str(folder)})
    assert result.exit_code == 0 and result.stdout == ""
    assert f"There are no question sets in {folder}" in result.stderr


def test_serve_with_gunicorn_uses_three_workers(env: dict[str, str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr("screening.web.serve.run_gunicorn",
                        lambda app, host, port: calls.append((host, port)))
    result = CliRunner().invoke(main, ["serve", "--gunicorn"], env=env)
    assert result.exit_code == 0 and calls == [("127.0.0.1", int(env["SCREENING_PORT"]))]
    from screening.web.serve import GUNICORN_WORKERS

    assert GUNICORN_WORKERS == 3


def test_serve_refuses_to_start_with_a_broken_question_set(env: dict[str, str],
                                                           tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["serve"], env={**env,
                                                      "SCREENING_QUESTIONNAIRES": str(
                                                          tmp_path / "empty")})
    assert result.exit_code == 2 and "services.json" in result.output


def test_the_runner_fixture_reaches_the_screening_command(runner: Any) -> None:
    assert "serve" in runner.invoke(main, ["--help"]).output


def test_an_admin_whose_shell_is_welsh_adds_a_user_in_welsh(env: dict[str, str]) -> None:
    welsh = {**env, "LANG": "cy_GB.UTF-8"}
    added = CliRunner().invoke(main, ["users", "add", "jo.gp", "--role", "practitioner",
                                      "--team", "Bitterne Surgery"], env=welsh)
    assert added.exit_code == 0
    assert "Wedi ychwanegu jo.gp (practitioner, tîm Bitterne Surgery)." in added.output
    assert "Cyfrinair: " in added.output
    short = CliRunner().invoke(main, ["users", "add", "x", "--role", "admin", "--team", "T",
                                      "--password-stdin"], input="short\n", env=welsh)
    assert short.exit_code == 2
    assert "Rhaid i'r cyfrinair fod yn 12 nod o hyd o leiaf" in short.output


def test_lc_all_comes_before_lang_and_an_unknown_language_is_english(env: dict[str, str]) -> None:
    def add(name: str, **language: str) -> str:
        return CliRunner().invoke(main, ["users", "add", name, "--role", "practitioner",
                                         "--team", "T"], env={**env, **language}).output
    assert add("a.b", LANG="cy_GB.UTF-8", LC_ALL="pl_PL.UTF-8").startswith(
        "Dodano użytkownika a.b")
    assert add("c.d", LANG="fr_FR.UTF-8").startswith("Added c.d (practitioner, team T).")
    assert add("e.f", LANG="cy_GB.UTF-8", LC_MESSAGES="C").startswith("Added e.f")
    # The listing is for machines: the same values in every language.
    listed = CliRunner().invoke(main, ["users", "list"], env={**env, "LANG": "ar_EG.UTF-8"})
    assert "a.b\tpractitioner\tT\tactive" in listed.output


def test_first_serve_says_how_to_sign_in_in_polish(env: dict[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *args, **kwargs: None)
    result = CliRunner().invoke(main, ["serve"], env={**env, "LANG": "pl_PL.UTF-8"})
    assert result.exit_code == 0, result.output
    port = env["SCREENING_PORT"]
    assert f"Zaloguj się pod adresem http://127.0.0.1:{port}/ jako admin, hasło: " in result.output
    assert "users reset-password admin" in result.output


def test_a_user_name_in_another_case_is_the_same_user(env: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(main, ["users", "add", "dr.jones", "--role", "practitioner", "--team", "T"],
                  env=env)
    again = runner.invoke(main, ["users", "add", "DR.JONES", "--role", "admin", "--team", "T"],
                          env=env)
    assert again.exit_code == 2
    assert ("There is already a user called 'dr.jones': user names are the same in any case, "
            "so 'DR.JONES' would be the same person. Choose another name") in again.output
    assert runner.invoke(main, ["users", "list"], env=env).output == (
        "dr.jones\tpractitioner\tT\tactive\n")
    # The commands find the user however the name is typed.
    assert runner.invoke(main, ["users", "disable", "Dr.Jones"], env=env).exit_code == 0
    assert "dr.jones\tpractitioner\tT\tdisabled" in runner.invoke(main, ["users", "list"],
                                                                 env=env).output
