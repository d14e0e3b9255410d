"""Plain helpers for the web tests: run a screening through the pages, and read what they show."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from screening.store.db import connect
from tests.page_checks import is_page, parse, words

CORE_NO = {"afraid_of_you": "no", "controlling": "no", "threats": "no", "physical_harm": "no",
           "worried_about_behaviour": "no", "being_harmed": "no"}
CORE_POSITIVE = {**CORE_NO, "afraid_of_you": "yes", "worried_about_behaviour": "yes"}
FOLLOW_UP_WANTS_HELP = {
    "who_affected": ["current_partner"], "partner_under_16": "no",
    "children_in_household": "yes", "pregnancy": "no",
    "age": "42", "violence_past_month": "no", "weapons": "no", "strangulation": "no",
    "separation": "no", "immediate_danger": "no", "needs_first": "none",
    "readiness": "wants_help", "denial": "owns_behaviour"}


def check_page(response: TestResponse) -> str:
    """The page's HTML. The test client has parsed and checked it (tests/page_checks.py); this
    also holds it to what every signed-in page sends: no copy kept by the browser."""
    assert is_page(response) and getattr(response, "page", None) is not None
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    """Visible words of a page, for asserting what a practitioner reads."""
    return words(parse(html))


def csrf_token(response: TestResponse) -> str:
    """The security token of the page's form, to send it back as a browser does."""
    return str(response.page.find("input", attrs={"name": "csrf_token"})["value"])


def chosen(response: TestResponse, name: str) -> list[str]:
    """The values of a page's radios or checkboxes of that name that are shown ticked."""
    return [str(tag["value"]) for tag in response.page.find_all(
        "input", attrs={"name": name, "checked": True})]


def typed(response: TestResponse, name: str) -> str | None:
    """What a field of the page shows as typed in, as a browser fills it."""
    field = response.page.find(["input", "textarea"], attrs={"name": name})
    if field is None:
        return None
    return words(field) if field.name == "textarea" else str(field.get("value", ""))


def table_rows(response: TestResponse) -> list[list[str]]:
    """The page's first table as a reader sees it, row by row, header and totals included."""
    table = response.page.find("table")
    return [[words(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def start(client: FlaskClient, setting: str = "gp", question_set: str = "routine-enquiry",
          language: str = "en", record: str = "") -> str:
    """Start a screening and accept the opening statement; the screening id."""
    response = client.post("/screenings/new", data={
        "setting": setting, "question_set": question_set, "client_language": language,
        "local_record_number": record})
    assert response.status_code == 302, response.get_data(as_text=True)
    screening_id = response.location.split("/")[2]
    accepted = client.post(f"/screenings/{screening_id}/opening", data={"agreed": "y"})
    assert accepted.status_code == 302
    return screening_id


def answer(client: FlaskClient, screening_id: str, page: int, answers: dict[str, Any],
           **query: str) -> TestResponse:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return client.post(f"/screenings/{screening_id}/questions/{page}{suffix}", data=answers)


def complete(client: FlaskClient, screening_id: str) -> TestResponse:
    response = client.post(f"/screenings/{screening_id}/check")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def routine(client: FlaskClient, positive: bool = True, setting: str = "substance_misuse",
            follow_up: dict[str, Any] | None = None, consent: str | None = "yes") -> str:
    """A completed routine enquiry, positive (wants help, children at home) unless asked not."""
    screening_id = start(client, setting)
    answers = {**CORE_POSITIVE, **(follow_up or FOLLOW_UP_WANTS_HELP)} if positive else CORE_NO
    answer_all(client, screening_id, answers)
    if consent and positive:
        give_consent(client, screening_id, primary_referral(client, screening_id)["id"],
                     consent)
    return screening_id


def referrals(client: FlaskClient, screening_id: str) -> list[dict[str, Any]]:
    """The screening's referrals as `referrals.json` lists them."""
    response = client.get(f"/screenings/{screening_id}/referrals.json")
    assert response.status_code == 200, response.status_code
    found: list[dict[str, Any]] = response.get_json()["referrals"]
    return found


def referral_to(client: FlaskClient, screening_id: str, service: str) -> dict[str, Any]:
    return next(r for r in referrals(client, screening_id) if r["service"] == service)


def primary_referral(client: FlaskClient, screening_id: str) -> dict[str, Any]:
    return next(r for r in referrals(client, screening_id) if r["role"] == "primary")


def give_consent(client: FlaskClient, screening_id: str, referral_id: str,
                 consent: str) -> TestResponse:
    return client.post(f"/screenings/{screening_id}/referrals/{referral_id}/consent",
                       data={f"r{referral_id}-consent": consent})


def give_reason(client: FlaskClient, screening_id: str, referral_id: str,
                reason: str) -> TestResponse:
    return client.post(f"/screenings/{screening_id}/referrals/{referral_id}/reason",
                       data={f"r{referral_id}-reason": reason})


def give_reasons(client: FlaskClient, screening_id: str,
                 reason: str = "Children at home; partner frightened.") -> None:
    """A reason on every safeguarding and information-sharing referral of the screening."""
    for found in referrals(client, screening_id):
        if found["needs"] == "reason":
            assert give_reason(client, screening_id, found["id"], reason).status_code == 302


def every_question(client: FlaskClient) -> str:
    """The `shown` list of a page whose script showed each question the moment the answers
    asked for it: every question seen."""
    from screening.web import library

    return " ".join(sorted({q.id for qs in library(client.application).question_sets
                            for q in qs.questions}))


def answer_all(client: FlaskClient, screening_id: str, answers: dict[str, Any]) -> TestResponse:
    """Answer every page as a practitioner with the page's script does: each page sent with the
    answers it asks for (questions an answer opens show at once, so they are sent with it),
    until sending the last page shows the result."""
    shown = every_question(client)
    page = 0
    for _ in range(20):
        sent = answer(client, screening_id, page, {**answers, "shown": shown})
        assert sent.status_code == 302, text_of(sent.get_data(as_text=True))
        if sent.location.endswith("/result"):
            return sent
        page = int(sent.location.split("/questions/")[1].split("?")[0])
    raise AssertionError("the screening did not reach its result")


def dash(client: FlaskClient, yes: int = 14, reasons: bool = True,
         safe_to_go_home: str = "yes") -> str:
    """A completed DASH-style checklist (the latest, v2) with this many "yes" answers.

    The victim safety service asks it; it is safe to go home today unless said, the victim is
    an adult, and the new questions (suicidal thoughts, honour-based abuse, forced marriage, repeat
    MARAC) are "no", so the count alone decides the level.
    """
    screening_id = start(client, "victim_safety", "dash-risk")
    questions = [
        ["injured", "frightened", "afraid_what_next", "isolated", "depressed_suicidal",
         "separation", "child_contact_conflict", "stalking", "pregnancy", "more_often",
         "getting_worse", "controlling_jealous"],
        ["weapons", "threats_to_kill", "strangulation", "sexual_abuse", "others_threatening",
         "hurt_others", "harm_pets", "money_problems", "substance_mental_health",
         "threats_suicide", "breached_orders", "criminal_history"]]
    extra = [{"age": "34", "suicidal_thoughts": "no", "self_harm": "no"},
             {"honour_based_abuse": "no", "forced_marriage": "no"}]
    flat = [q for page in questions for q in page]
    answer_all(client, screening_id, {
        "safe_to_go_home": safe_to_go_home, **extra[0], **extra[1],
        **{q: "yes" if flat.index(q) < yes else "no" for q in flat},
        "incidents_12m": "1", "repeat_marac": "no", "children_at_risk": "yes",
        "judgement_level": "no_change",
        "not_raised_reason": "No contact for a year; she and the service agree on the plan."})
    if reasons:
        give_reasons(client, screening_id)
    return screening_id


def row(app: Any, screening_id: str) -> dict[str, Any]:
    """The stored screening row, its sealed columns opened with the tool's data key."""
    from screening.store.crypto import attach, unseal
    from screening.store.sealed_columns import SEALED_COLUMNS
    from screening.web import SEALER_KEY

    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        found = dict(db["screenings"].get(screening_id))
        for column in SEALED_COLUMNS:
            found[column] = unseal(db, screening_id, column, found[column])
        return found
    finally:
        db.conn.close()


def audit_rows(app: Any, action: str | None = None) -> list[dict[str, Any]]:
    from screening.store.audit import entries

    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    try:
        return entries(db, action=action)
    finally:
        db.conn.close()
