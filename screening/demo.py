"""A demo database: synthetic people and a few months of screenings, to try every page.

Everything here is made up: user and team names say "demo", client references are random and
answers are drawn at random. Screenings go through the same `score` function and the same
store functions as real ones, so every page, handover and count is consistent with them.

A database is only filled when it is marked as a demo database (then it is made again from
nothing) or holds no users and no screenings: real work is never touched.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from screening import referrals as referral_rules
from screening.questionnaire import AnswerError, Library, Question, QuestionSet, Result, score
from screening.questionnaire.rules import referenced_questions
from screening.questionnaire.scoring import parameter_values
from screening.store import audit, recording
from screening.store import referrals as referral_store
from screening.store.cipher import CannotOpen, DatabaseError, database_key, open_any
from screening.store.db import connect, transaction
from screening.store.users import User, add_user
from screening.wording import N_, Template, Wording

# The mark of a demo database: a table of its own, beside the tool's (not in the schema).
MARK_TABLE = "demo_database"
MARK_SQL = "CREATE TABLE IF NOT EXISTS demo_database (made_at TEXT NOT NULL, note TEXT NOT NULL)"
MARK_ROW_SQL = "INSERT INTO demo_database (made_at, note) VALUES (?, ?)"
MONTHS_OF_HISTORY = 6


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    team: str
    setting: str | None = None  # where a practitioner screens
    per_month: int = 0  # screenings a practitioner completes in a month


# Enough screenings a month in Demo Surgery (the lead's team) that its monthly counts are shown
# rather than hidden by the disclosure rule (fewer than 8 is hidden by default).
PEOPLE = (
    Person("demo-practitioner", "practitioner", "Demo Surgery", "gp", 16),
    Person("demo-gp-2", "practitioner", "Demo Surgery", "gp", 12),
    Person("demo-recovery-worker", "practitioner", "Demo Recovery Service", "substance_misuse", 10),
    Person("demo-mental-health", "practitioner", "Demo Mental Health Team", "mental_health", 8),
    Person("demo-co-located", "practitioner", "Demo Perpetrator Service", "co_located", 9),
    Person("demo-victim-safety", "practitioner", "Demo Victim Safety Service", "victim_safety", 6),
    Person("demo-lead", "service_lead", "Demo Surgery"),
    Person("demo-admin", "admin", "Demo Administration"),
)
# The one of each role whose password is printed.
SHOWN = {"practitioner": "demo-practitioner", "service_lead": "demo-lead", "admin": "demo-admin"}

HOLDS_REAL_WORK = Template("demo_refused", N_(
    "%(path)s is not a demo database and holds real work (%(users)s users, %(screenings)s "
    "screenings), so nothing was changed. Give the demo its own database, for example: "
    "--database instance/demo.db"))
NOT_A_DATABASE = Template("demo_not_database", N_(
    "%(path)s is not a database this tool can read, so nothing was changed. Give the demo its "
    "own database, for example: --database instance/demo.db"))


class DemoRefused(ValueError):
    """The database holds real work (or is not a database): the demo leaves it alone."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        super().__init__(wording.english())


@dataclass(frozen=True)
class SignIn:
    role: str
    name: str
    team: str
    password: str


@dataclass(frozen=True)
class DemoReport:
    sign_ins: tuple[SignIn, ...]  # one of each role, with its generated password
    others: tuple[str, ...]  # the other demo users, whose passwords were not kept
    screenings: int
    first_day: dt.date
    last_day: dt.date


def check_can_fill(path: Path) -> bool:
    """Whether the file at path is an earlier demo database (True), or new or empty (False);
    DemoRefused for anything holding real work. Read-only: nothing is created or changed."""
    if not path.exists():
        return False
    try:
        conn = open_any(path, database_key())
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if MARK_TABLE in tables:
                return True
            users = _count(conn, tables, "users")
            screenings = _count(conn, tables, "screenings")
        finally:
            conn.close()
    except (DatabaseError, CannotOpen):
        raise DemoRefused(NOT_A_DATABASE(path=str(path))) from None
    if users or screenings:
        raise DemoRefused(HOLDS_REAL_WORK(path=str(path), users=users, screenings=screenings))
    return False


def _count(conn: sqlite3.Connection, tables: set[str], table: str) -> int:
    if table not in tables:
        return 0
    # table is one of two fixed names checked against the database's own list.
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608  # nosec B608


def remove_database(path: Path) -> None:
    """Delete an earlier demo database with its journal files (the audit log refuses deletes,
    so a demo is made again from an empty file)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_for_demo(path: Path) -> tuple[sqlite_utils.Database, bool]:
    """The database to fill, made again from nothing when it was a demo; whether it was."""
    replaced = check_can_fill(path)
    if replaced:
        remove_database(path)
    db = connect(path)
    db.conn.execute(MARK_SQL)
    return db, replaced


def fill(db: sqlite_utils.Database, library: Library, today: dt.date,
         seed: int | None = None) -> DemoReport:
    """Add the demo people and their screenings over the last MONTHS_OF_HISTORY full months and
    this month so far. The database must have a data key attached (store.crypto.attach)."""
    # Made-up data, not secrets: a seeded generator draws the same demo again when asked.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    first_day = _months_before(today.replace(day=1), MONTHS_OF_HISTORY)
    people: dict[str, tuple[User, str]] = {}
    for person in PEOPLE:
        people[person.name] = add_user(db, person.name, person.role, person.team)
    plans = sorted(((_when(rng, month, today), person) for person in PEOPLE if person.per_month
                    for index, month in enumerate(_months(first_day, today)) for _ in range(
                        _in_month(rng, person.per_month, index, month, today))),
                   key=lambda plan: plan[0])  # oldest first, so the audit log reads in order
    with transaction(db):  # one commit: hundreds of screenings in well under a second
        db.conn.execute(MARK_ROW_SQL, (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                         "Synthetic demonstration data made by `screening demo`; no real person."))
        for completed, person in plans:
            user = people[person.name][0]
            _add_screening(db, rng, library, user, str(person.setting), completed, today)
        _add_drafts(db, rng, library, people[SHOWN["practitioner"]][0])
        audit.record(db, people[SHOWN["admin"]][0].id, "demo_filled", None,
                     f"{len(plans)} synthetic screenings from {first_day.isoformat()}")
    shown = tuple(SignIn(role, name, people[name][0].team, people[name][1])
                  for role, name in SHOWN.items())
    others = tuple(p.name for p in PEOPLE if p.name not in SHOWN.values())
    return DemoReport(shown, others, len(plans), first_day, today)


def _months_before(month: dt.date, count: int) -> dt.date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return dt.date(year, index + 1, 1)


def _months(first: dt.date, today: dt.date) -> list[dt.date]:
    found, month = [], first
    while month <= today:
        found.append(month)
        month = _months_before(month, -1)
    return found


def _in_month(rng: random.Random, per_month: int, index: int, month: dt.date,
              today: dt.date) -> int:
    """How many screenings a practitioner completed in a month: fewer at first, as the tool
    was taken up, and some months busier than others; this month's only up to today."""
    usual = per_month * (0.7 + 0.1 * min(index, MONTHS_OF_HISTORY - 1)) * rng.uniform(0.85, 1.15)
    if (month.year, month.month) == (today.year, today.month):
        usual = usual * (today.day - 1) / 31
    return round(usual)


def _when(rng: random.Random, month: dt.date, today: dt.date) -> dt.datetime:
    """A weekday in working hours (UTC) in that month, before today."""
    last = min(_months_before(month, -1) - dt.timedelta(days=1), today - dt.timedelta(days=1))
    for _ in range(20):
        day = month + dt.timedelta(days=rng.randrange((last - month).days + 1))
        if day.weekday() < 5:
            break
    return dt.datetime(day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(60),
                       tzinfo=dt.UTC)


def _sets_for(library: Library, setting: str) -> list[QuestionSet]:
    return [qs for qs in library.published() if setting in qs.settings]


def _add_screening(db: sqlite_utils.Database, rng: random.Random, library: Library, user: User,
                   setting: str, completed: dt.datetime, today: dt.date) -> None:
    """One screening offered: mostly completed (scored by `score` and stored as an offline one
    would be), some declined by the person or not safe to ask, as commissioners count them."""
    question_set = rng.choice(_sets_for(library, setting))
    started = completed - dt.timedelta(minutes=rng.randrange(6, 25))
    not_asked = rng.choices((None, "declined", "not_safe_to_ask"), weights=(90, 7, 3))[0]
    if not_asked is not None and question_set.asked_of != "partner":
        draft = recording.create(db, user, setting, question_set, "en", at=_stamp(started))
        because = rng.choice(recording.NOT_SAFE_BECAUSE) if not_asked == "not_safe_to_ask" else None
        recording.record_not_asked(db, draft.id, not_asked, because, at=_stamp(completed))
        audit.record(db, user.id, "not_asked", f"screening/{draft.id}", f"demo: {not_asked}",
                     at=_stamp(completed))
        return
    result = _scored(question_set, rng, completed.date())
    screening_id = recording.add_completed(db, user, question_set, result, {
        "setting": setting, "client_reference": recording.new_reference(),
        "client_language": rng.choices(question_set.languages, weights=[
            20 if lang == "en" else 1 for lang in question_set.languages])[0],
        "opening_accepted_at": _stamp(started), "created_at": _stamp(started),
        "completed_at": _stamp(completed)})
    audit.record(db, user.id, "complete", f"screening/{screening_id}",
                 f"demo ({question_set.key}): {result.outcome}, {result.risk_level}",
                 at=_stamp(completed))
    record_handover_history(db, rng, screening_id, result, library, completed, today)


def record_handover_history(db: sqlite_utils.Database, rng: random.Random, screening_id: str,
                            result: Result, library: Library, completed: dt.datetime,
                            today: dt.date) -> None:
    """What followed the screening, referral by referral: the person's consent where consent is
    the basis, the practitioner's reason where it is a duty, 999 and helplines given, each
    handover sent, then what the receiving service answered, each step dated."""
    for referral in referral_store.create_for(db, screening_id, result, library.basis_of):
        _follow(db, rng, referral, completed, today)


def _follow(db: sqlite_utils.Database, rng: random.Random, referral: referral_rules.Referral,
            completed: dt.datetime, today: dt.date) -> None:
    step = referral
    if referral.waiting_for_review:
        if rng.random() < 0.3:
            return  # the review is still to come
        step = referral_rules.with_review(step, rng.choices(
            referral_rules.REVIEW_DECISIONS, weights=(70, 30))[0],
            "Demo: reviewed with the perpetrator service's assessment.")
    if step.needs() == "consent":
        answer = rng.choices(("yes", "no", None), weights=(72, 20, 8))[0]
        if answer is None:
            _save(db, referral, step, completed)
            return
        step = referral_rules.with_consent(step, answer)
    elif step.needs() == "reason":
        step = referral_rules.with_reason(step, "Synthetic demo reason: children in the home.")
    elif step.needs() == "record_done":
        step = replace(referral_rules.moved(step, "done"), done_at=_stamp(completed))
    step = _save(db, referral, step, completed)
    if not step.may_hand_over() or rng.random() < 0.12:
        return  # refused, stopped, or not sent yet
    sent_on = min(completed.date() + dt.timedelta(days=rng.choice((0, 0, 1, 2))), today)
    step = _save(db, step, _sent(step, sent_on, rng), _at(sent_on))
    answered_on = sent_on + dt.timedelta(days=rng.randrange(2, 12))
    if answered_on >= today:
        return
    answer = rng.choices(("accepted", "declined", "no_response", None), weights=(60, 15, 15, 10))[0]
    if answer is None:
        return
    step = _save(db, step, _moved(step, answer, rng), _at(answered_on))
    first_session = answered_on + dt.timedelta(days=rng.randrange(5, 25))
    if answer != "accepted" or first_session >= today:
        return
    if rng.random() < 0.2:
        _save(db, step, referral_rules.moved(step, "no_contact"), _at(first_session))
        return
    step = _save(db, step, _moved(step, "engaged", rng, first_session), _at(first_session))
    ended = first_session + dt.timedelta(days=rng.randrange(30, 140))
    if ended < today and rng.random() < 0.7:
        _save(db, step, referral_rules.moved(step, rng.choices(
            ("completed", "dropped_out"), weights=(65, 35))[0]), _at(ended))


def _sent(referral: referral_rules.Referral, sent_on: dt.date,
          rng: random.Random) -> referral_rules.Referral:
    sent = referral_rules.moved(referral, "sent")
    return replace(sent, sent_on=sent_on.isoformat(), sent_how=rng.choice(
        ("secure_email", "secure_email", "phone", "referral_form", "in_person")))


def _moved(referral: referral_rules.Referral, status: str, rng: random.Random,
           first_session: dt.date | None = None) -> referral_rules.Referral:
    step = referral_rules.moved(referral, status)
    if status == "declined":
        step = replace(step, decline_reason=rng.choice(referral_rules.DECLINE_REASONS))
    if first_session is not None:
        step = replace(step, first_session_on=first_session.isoformat())
    return step


def _at(day: dt.date) -> str:
    return f"{day.isoformat()}T10:00:00+00:00"


def _save(db: sqlite_utils.Database, before: referral_rules.Referral,
          after: referral_rules.Referral, when: dt.datetime | str) -> referral_rules.Referral:
    stamp = when if isinstance(when, str) else _stamp(when)
    return referral_store.save(db, before, after, None, at=stamp)


def _stamp(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _scored(question_set: QuestionSet, rng: random.Random, today: dt.date) -> Result:
    """A result for made-up answers: mostly nothing disclosed, some concerns, a few serious."""
    for _ in range(10):
        try:
            return score(question_set, _answers(question_set, rng, today),
                         parameter_values(question_set), today=today)
        except AnswerError:
            continue  # a rule the generator does not know about: draw again
    # Fall back on the set's own golden cases, which are known to score.
    case = rng.choice([c for c in question_set.golden_cases if not c.parameters])
    return score(question_set, case.answers, parameter_values(question_set), today=today)


def _answers(question_set: QuestionSet, rng: random.Random, today: dt.date) -> dict[str, Any]:
    disclosed = rng.choices((0.0, 0.15, 0.4), weights=(58, 30, 12))[0]
    if question_set.asked_of == "partner":  # asked because a partner is already at risk
        disclosed = rng.choice((0.15, 0.3, 0.5))
    serious = _serious_questions(question_set)
    return {q.id: _answer(q, rng, disclosed * (0.2 if q.id in serious else 1), today)
            for q in question_set.questions}


def _serious_questions(question_set: QuestionSet) -> set[str]:
    """Questions whose yes raises the level or a critical flag on its own (a weapon, danger
    today): disclosed far less often than the rest, as in practice."""
    conditions = [rule.when for rule in question_set.raise_rules] + [
        flag.when for flag in question_set.safety_flags if flag.severity == "critical"]
    return {q for condition in conditions for q in referenced_questions(condition)}


def _answer(question: Question, rng: random.Random, disclosed: float, today: dt.date) -> Any:
    if question.type == "yes_no":
        roll = rng.random()
        return "yes" if roll < disclosed else "dont_know" if roll > 0.97 else "no"
    if question.type == "single":
        # The first option is usually the everyday one (no change, none, wants help).
        ids = [option.id for option in question.options]
        return rng.choices(ids, weights=[12] + [1] * (len(ids) - 1))[0]
    if question.type == "multiple":
        ids = [option.id for option in question.options]
        return rng.sample(ids, k=min(len(ids), rng.choice((1, 1, 2))))
    if question.type == "number":
        return _number(question, rng, disclosed)
    if question.type == "date":
        return (today - dt.timedelta(days=rng.randrange(1, 365))).isoformat()
    return "Synthetic demo text."[:question.max_length or None]


def _number(question: Question, rng: random.Random, disclosed: float) -> int:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 10
    if low > 0:  # an age, say: an adult's
        return rng.randrange(max(low, 18), max(min(high, 75), max(low, 18)) + 1)
    # A count of incidents, say: none unless something is disclosed.
    return min(high, rng.choice((1, 1, 1, 2, 2, 3, 4)) if rng.random() < disclosed else 0)


def _add_drafts(db: sqlite_utils.Database, rng: random.Random, library: Library,
                user: User) -> None:
    """Two screenings in progress, so My screenings shows where to resume."""
    for setting in ("gp", "gp"):
        sets = _sets_for(library, setting)
        if not sets:
            return
        question_set = sets[0]
        draft = recording.create(db, user, setting, question_set, "en")
        recording.accept_opening(db, draft.id, 0)
        first = question_set.sections[0].questions
        answers: Mapping[str, Any] = {q.id: "no" for q in first if q.type == "yes_no"}
        recording.save_answers(db, draft.id, answers, 1 if rng.random() < 0.5 else 0)
        audit.record(db, user.id, "create", f"screening/{draft.id}", question_set.key)
