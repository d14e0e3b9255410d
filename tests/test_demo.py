"""`screening demo`: a separate database of synthetic people and months of screenings to try,
never one that holds real work."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from screening.cli import main
from screening.counts import DisclosureRule, count_table, parse_request
from screening.demo import MONTHS_OF_HISTORY, PEOPLE
from screening.questionnaire import load_library, score
from screening.questionnaire.scoring import parameter_values
from screening.store import referrals as referral_store
from screening.store import screenings as store
from screening.store.crypto import Sealer, attach, load_or_create_key
from screening.store.db import connect
from screening.store.users import add_user, authenticate
from screening.web import create_app
from screening.web.counts.forms import twelve_months_to_today
from tests.conftest import SHIPPED, database_file
from tests.web.helpers import check_page, text_of


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("DATABASE", "DATA_KEY", "SECRET_KEY"):
        monkeypatch.delenv(f"SCREENING_{name}", raising=False)
    return {"SCREENING_INSTANCE_PATH": str(tmp_path / "instance"),
            "SCREENING_QUESTIONNAIRES": str(SHIPPED)}


def demo(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["demo", "--seed", "7", *args], env=env)


def sign_ins(output: str) -> dict[str, str]:
    return dict(re.findall(r"sign in as (\S+) .*?with password (\S+)", output))


def opened(path: Path, instance: Path) -> object:
    db = connect(path)
    attach(db, Sealer(load_or_create_key(None, instance)))
    return db


def test_demo_fills_its_own_database_and_says_how_to_sign_in_as_each_role(
        env: dict[str, str], tmp_path: Path) -> None:
    result = demo(env)
    assert result.exit_code == 0, result.output
    path = tmp_path / "instance" / "demo.db"
    assert f"Filled the demo database {path}." in result.output
    assert f"SCREENING_DATABASE={path} make run" in result.output
    assert not (tmp_path / "instance" / "screening.db").exists()  # the real one is not touched
    db = connect(path)
    roles = {name: authenticate(db, name, password).role  # type: ignore[union-attr]
             for name, password in sign_ins(result.output).items()}
    assert roles == {"demo-practitioner": "practitioner", "demo-lead": "service_lead",
                     "demo-admin": "admin"}


def test_the_demo_has_months_of_every_shipped_set_with_a_spread_of_outcomes(
        env: dict[str, str], tmp_path: Path) -> None:
    demo(env)
    conn = database_file(tmp_path / "instance" / "demo.db")
    rows = conn.execute("SELECT questionnaire, outcome, risk_level, substr(completed_at, 1, 7) "
                        "FROM screenings WHERE status = 'complete' AND enquiry = 'asked'"
                        ).fetchall()
    published = {qs.id for qs in load_library(SHIPPED).published()}
    assert {r[0] for r in rows} == published
    for question_set in published:
        assert len({r[2] for r in rows if r[0] == question_set}) >= 2, question_set
    assert len({r[3] for r in rows}) >= 6  # months of history
    statuses = {r[0] for r in conn.execute("SELECT status FROM referrals")}
    assert {"not_sent", "sent", "accepted", "declined", "engaged", "completed", "dropped_out",
            "done"} <= statuses
    assert {r[0] for r in conn.execute("SELECT basis FROM referrals")} >= {
        "consent", "safeguarding", "information_sharing", "information"}
    # People who declined the enquiry, or could not be asked safely, are counted too.
    assert {r[0] for r in conn.execute("SELECT enquiry FROM screenings")} == {
        "asked", "declined", "not_safe_to_ask"}
    assert conn.execute("SELECT count(*) FROM screenings WHERE status = 'draft'").fetchone()[0]


def test_every_demo_result_is_what_score_makes_of_its_answers(env: dict[str, str],
                                                               tmp_path: Path) -> None:
    demo(env)
    db = opened(tmp_path / "instance" / "demo.db", tmp_path / "instance")
    library = load_library(SHIPPED)
    ids = [r[0] for r in db.conn.execute(  # type: ignore[attr-defined]
        "SELECT id FROM screenings WHERE status = 'complete' AND enquiry = 'asked'")]
    for screening_id in ids:
        screening = store.get(db, screening_id)  # type: ignore[arg-type]
        assert screening is not None and screening.result is not None
        question_set = library.get(screening.questionnaire, screening.version)
        day = dt.date.fromisoformat(str(screening.completed_at)[:10])
        again = score(question_set, screening.answers, parameter_values(question_set), today=day)
        assert (again.outcome, again.risk_level) == (screening.result.outcome,
                                                     screening.result.risk_level)
        for referral in referral_store.for_screening(db, screening_id):  # type: ignore[arg-type]
            if referral.status not in ("not_sent", "to_do", "done", "not_proceeding"):
                # Sent only on the person's yes, or with a safeguarding reason recorded.
                assert referral.consent == "yes" if referral.basis == "consent" else \
                    referral.reason


def test_the_leads_counts_show_monthly_figures_above_the_hidden_ones(env: dict[str, str],
                                                                    tmp_path: Path) -> None:
    result = demo(env)
    path = tmp_path / "instance" / "demo.db"
    start, end = twelve_months_to_today(dt.date.today())  # what the page shows first
    asked = parse_request(start.isoformat(), end.isoformat(), "month", ["Demo Surgery"])
    conn = database_file(path)
    table = count_table(conn, asked, DisclosureRule(8, 5))
    shown = [int(cells[0]) for cells in table.cells if cells[0].isdigit()]
    # Six full months of history; the month so far is small and hidden, and one more month
    # may be hidden with it so that the total cannot give it away (secondary suppression).
    assert len([count for count in shown if count >= 8]) >= MONTHS_OF_HISTORY - 1
    # And on the page the lead signs in to, with the password printed.
    app = create_app({"INSTANCE_PATH": tmp_path / "instance", "DATABASE": str(path),
                      "SECRET_KEY": "demo test", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/sign-in", data={"name": "demo-lead",
                                  "password": sign_ins(result.output)["demo-lead"]})
    page = check_page(client.get("/counts"))
    assert "<svg" in page and "Teams counted: Demo Surgery." in text_of(page)


def test_demo_makes_a_demo_database_again_with_new_passwords(env: dict[str, str],
                                                             tmp_path: Path) -> None:
    first = sign_ins(demo(env).output)
    again = demo(env)
    assert again.exit_code == 0
    assert "Made the demo database again" in again.output
    db = connect(tmp_path / "instance" / "demo.db")
    assert authenticate(db, "demo-admin", first["demo-admin"]) is None
    assert authenticate(db, "demo-admin", sign_ins(again.output)["demo-admin"]) is not None
    # Made again from nothing: each demo person once, nobody left over from the first time.
    assert db.conn.execute("SELECT count(*) FROM users").fetchone()[0] == len(PEOPLE)


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_refuses_a_database_that_holds_real_work(env: dict[str, str],
                                                      tmp_path: Path) -> None:
    real = tmp_path / "instance" / "screening.db"
    db = connect(real)
    add_user(db, "admin", "admin", "Administration")
    db.conn.close()
    before = fingerprint(real)
    result = demo(env, "--database", str(real))
    assert result.exit_code == 2
    assert (f"{real} is not a demo database and holds real work (1 users, 0 screenings), so "
            "nothing was changed.") in result.output
    assert "--database instance/demo.db" in result.output
    assert fingerprint(real) == before


def test_demo_refuses_a_file_that_is_not_a_database(env: dict[str, str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n")
    result = demo(env, "--database", str(notes))
    assert result.exit_code == 2 and "is not a database this tool can read" in result.output
    assert notes.read_text() == "my notes, not a database\n"


def test_demo_fills_an_empty_database_it_is_given(env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "try.db"
    connect(empty).conn.close()
    result = demo(env, "--database", str(empty))
    assert result.exit_code == 0 and f"Filled the demo database {empty}." in result.output
    assert Counter(r[0] for r in database_file(empty).execute(
        "SELECT role FROM users")) == {"practitioner": 6, "service_lead": 1, "admin": 1}
