"""With the network gone, a practitioner finishes a screening, and the tool stores it exactly once.

Each test signs in online (which installs the service worker and makes the device key), goes
offline with `context.set_offline(True)`, screens in the browser, comes back online and checks
the database: one screening, the same answers, the server's own result.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from screening.questionnaire import load_library, score
from screening.questionnaire.scoring import parameter_values
from screening.referrals import Referral
from screening.store import referrals as referral_store
from screening.store import screenings as store
from screening.store.crypto import attach
from screening.store.db import connect
from screening.web import SEALER_KEY
from tests.browser.pages import Practitioner
from tests.conftest import question_folder

pytestmark = pytest.mark.browser
FIGURES = Path(__file__).resolve().parents[2] / "test-results" / "offline-figures.json"
ROUTINE = "Routine questions about relationships and behaviour"
CHILDREN_REASON = "Two children under five at home."
CORE_POSITIVE = {"afraid_of_you": "Yes", "controlling": "No", "threats": "No",
                 "physical_harm": "No", "worried_about_behaviour": "Yes", "being_harmed": "No"}
FOLLOW_UP_BEFORE_RELOAD = {"who_affected": "A current partner", "partner_under_16": "No",
                           "children_in_household": "Yes",
                           "pregnancy": "No", "age": "42"}
FOLLOW_UP_AFTER_RELOAD = {
    "violence_past_month": "No", "weapons": "No", "strangulation": "No", "separation": "No",
    "immediate_danger": "No",
    "needs_first": "No — work on the behaviour can start now", "readiness": "I want help to change",
    "denial": "It was my behaviour and I am responsible for it"}
EXPECTED_ANSWERS = {
    "afraid_of_you": "yes", "controlling": "no", "threats": "no", "physical_harm": "no",
    "worried_about_behaviour": "yes", "being_harmed": "no", "who_affected": ["current_partner"],
    "partner_under_16": "no", "children_in_household": "yes", "pregnancy": "no", "age": 42,
    "violence_past_month": "no",
    "weapons": "no", "strangulation": "no", "separation": "no", "immediate_danger": "no",
    "needs_first": "none", "readiness": "wants_help", "denial": "owns_behaviour"}
BYTES_CACHED = """async () => {
  let caches_bytes = 0, entries = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      caches_bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
      entries += 1;
    }
  }
  const estimate = await navigator.storage.estimate();
  return {caches_bytes, entries, usage: estimate.usage, details: estimate.usageDetails || {}};
}"""


def record_figure(name: str, value: object) -> None:
    FIGURES.parent.mkdir(exist_ok=True)
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")


@pytest.fixture(autouse=True)
def no_script_errors(practitioner: Practitioner) -> Any:
    """Every offline test fails if a script on any page threw."""
    errors: list[str] = []
    practitioner.page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def eventually(page: Any, script: str, seconds: float = 10) -> None:
    """Wait until an async script in the page answers true (wait_for_function does not await)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(50)


def ready_for_offline(page: Any) -> None:
    """Signed in: the worker controls the page, the key exists, the shell and sets are kept."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate("async () => { await navigator.serviceWorker.ready; "
                  "await window.ScreeningSync.ready; }")
    eventually(page, """async () => {
      const cache = await caches.open("screening-offline-data");
      return (await cache.keys()).length === 2;
    }""")


def wait_until_sent(page: Any) -> None:
    """Nothing waits on the device any more, and the badge says so."""
    eventually(page, "async () => (await ScreeningDevice.unsent(null, false)).length === 0")
    page.wait_for_selector("[data-waiting-badge]", state="hidden")


def answer(page: Any, answers: dict[str, str]) -> None:
    for question, label in answers.items():
        if label.isdigit():
            page.fill(f"#q-{question}", label)
        else:
            page.locator(f"#q-{question}-group").get_by_label(label, exact=True).check()


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def open_offline(page: Any, base_url: str, path: str = "/") -> None:
    """Open the tool: with no network any address shows the offline page."""
    page.goto(base_url + path)
    page.wait_for_selector("#offline-app[data-ready=yes]")


def start_routine_enquiry(page: Any, client_language: str = "English") -> None:
    page.locator("#setting-group").get_by_label("GP practice", exact=True).check()
    page.locator("#question_set-group").get_by_label(ROUTINE, exact=True).check()
    page.locator("#client_language-group").get_by_label(client_language, exact=True).check()
    press(page, "Continue")
    page.get_by_label("I read this statement to the person, and they agreed to answer the "
                      "questions").check()
    press(page, "Continue to the questions")
    page.wait_for_selector("#q-afraid_of_you-group")


def finish_follow_up(page: Any, reload_half_way: bool) -> None:
    answer(page, CORE_POSITIVE)
    press(page, "Save and continue")
    page.wait_for_selector("#q-who_affected-group")
    answer(page, FOLLOW_UP_BEFORE_RELOAD)
    if reload_half_way:
        page.evaluate("() => new Promise((done) => setTimeout(done, 100))")  # let saves land
        started = time.monotonic()
        page.reload()
        page.wait_for_selector("#q-who_affected-group")
        record_figure("offline reload to the question page on screen (ms)",
                      round((time.monotonic() - started) * 1000))
        assert page.locator("#q-children_in_household-group").get_by_label(
            "Yes", exact=True).is_checked()
        assert page.input_value("#q-age") == "42"
    answer(page, FOLLOW_UP_AFTER_RELOAD)
    press(page, "Save and continue")  # the last page: the result, with the answers below it
    page.wait_for_selector("#offline-app[data-screen=result]")


def consent_and_finish(page: Any) -> str:
    """Record the person's yes to the perpetrator service and the reason the children's
    safeguarding referral goes ahead, finish; the risk level the device worked out."""
    page.locator("[data-referral=dapp]").get_by_label("Yes, they consent to this referral",
                                                      exact=True).check()
    page.locator("[data-referral=childrens_safeguarding]").get_by_label(
        "Why does this referral go ahead?").fill(CHILDREN_REASON)
    press(page, "Save the referral decisions")
    page.wait_for_selector("#offline-app[data-screen=result] >> text=Recorded:")
    level = str(page.get_attribute("[data-level]", "data-level"))
    # From the person's own account: a disclosure level, never read as a risk assessment.
    panel = page.locator("[data-level]").inner_text()
    assert "Disclosure level:" in panel and "risk is not assessed" in panel
    assert "risk" not in panel.split("\n")[0].lower()
    press(page, "Finish and send")
    page.wait_for_selector("[data-status=waiting]")
    return level


def referrals_of(app: Flask, screening_id: str) -> list[Referral]:
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        return referral_store.for_screening(db, screening_id)
    finally:
        db.conn.close()


def stored(app: Flask, name: str) -> list[store.Screening]:
    db = connect(app.config["DATABASE"], key=app.extensions["screening.db_key"])
    attach(db, app.extensions[SEALER_KEY])
    try:
        user_id = db.execute("SELECT id FROM users WHERE name = ?", [name]).fetchone()[0]
        return store.for_practitioner(db, user_id)
    finally:
        db.conn.close()


def assert_stored_once(app: Flask, name: str, device_level: str) -> store.Screening:
    found = stored(app, name)
    assert len(found) == 1, found
    screening = found[0]
    question_set = load_library(question_folder()).get("routine-enquiry", screening.version)
    assert (screening.status, screening.answers) == ("complete", EXPECTED_ANSWERS)
    assert screening.result == score(question_set, EXPECTED_ANSWERS,
                                     parameter_values(question_set))
    assert screening.result is not None and screening.result.risk_level == device_level
    assert screening.setting == "gp"
    made = {r.service: r for r in referrals_of(app, screening.id)}
    assert made["dapp"].consent == "yes" and made["dapp"].needs() == "send"
    assert made["childrens_safeguarding"].reason == CHILDREN_REASON
    assert made["victim_safety"].needs() == "reason"  # left for the result page
    assert screening.content_hash == question_set.content_hash
    return screening


def signed_in_then_offline(practitioner: Practitioner, base_url: str) -> Page:
    """Sign in once online, let the worker take control, lose the network, open the tool."""
    page = practitioner.page
    practitioner.sign_in()
    ready_for_offline(page)
    page.context.set_offline(True)
    open_offline(page, base_url)
    return page


def test_a_gp_finishes_a_positive_routine_enquiry_offline_and_it_is_stored_once(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    practitioner.accessible()
    ready_at = page.evaluate("performance.getEntriesByName('screening-offline-ready')[0]"
                             ".startTime")
    record_figure("offline open to the start form on screen (ms)", round(ready_at))
    assert "You are offline" in page.inner_text("[data-connection]")
    started = time.monotonic()
    start_routine_enquiry(page)
    record_figure("start form to the first question, scripted choices included (ms)",
                  round((time.monotonic() - started) * 1000))
    finish_follow_up(page, reload_half_way=True)
    practitioner.accessible()
    flags_then_level = page.locator(".safety-flags, [data-level]").all_inner_texts()
    assert "Safety: act on these first" in flags_then_level[0]  # children at home: flagged first
    level = consent_and_finish(page)
    assert page.inner_text("[data-waiting-badge]") == "1 screening waiting to be sent"
    assert "You are offline" in page.inner_text("[data-connection]")
    record_figure("bytes kept on the device with one screening waiting",
                  page.evaluate(BYTES_CACHED))
    assert stored(live_app, practitioner.name) == []

    page.context.set_offline(False)
    wait_until_sent(page)
    screening = assert_stored_once(live_app, practitioner.name, level)
    page.wait_for_selector("[data-status=sent]")
    link = page.get_by_role("link", name="Open the result and handover")
    assert link.get_attribute("href") == f"/screenings/{screening.id}/result"
    link.click()
    assert page.locator("h1").inner_text() == "Result"
    left = page.evaluate("async () => (await ScreeningDevice.list(null)).map(r => r.has_data)")
    assert left == [False]  # only a note is left: the answers are gone from the device


def test_offline_the_result_lists_the_answers_and_a_changed_answer_is_scored_again(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    """No separate check step: the result lists the answers, each with a change link; a change
    that opens follow-up questions asks them, then the result is scored again."""
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    answer(page, {question: "No" for question in CORE_POSITIVE})
    press(page, "Save and continue")
    page.wait_for_selector("#offline-app[data-screen=result]")
    assert "No referral is needed" in page.inner_text("#offline-app")
    routine = load_library(question_folder()).get("routine-enquiry")
    afraid = routine.question("afraid_of_you").text["en"]
    row = page.locator(".summary-list__row", has_text=afraid)
    assert row.locator(".summary-list__value").inner_text() == "No"
    page.get_by_role("link", name=f"Change answer to: {afraid}").click()
    page.wait_for_selector("#offline-app[data-screen=page]")
    answer(page, {"afraid_of_you": "Yes", "worried_about_behaviour": "Yes"})
    press(page, "Save and continue")
    page.wait_for_selector("#q-who_affected-group")  # the follow-ups the change opened
    answer(page, {**FOLLOW_UP_BEFORE_RELOAD, **FOLLOW_UP_AFTER_RELOAD})
    press(page, "Save and continue")
    page.wait_for_selector("#offline-app[data-screen=result]")
    assert row.locator(".summary-list__value").inner_text() == "Yes"
    assert "No referral is needed" not in page.inner_text("#offline-app")
    level = consent_and_finish(page)
    assert page.get_by_role("link", name=f"Change answer to: {afraid}").count() == 0

    page.context.set_offline(False)
    wait_until_sent(page)
    assert_stored_once(live_app, practitioner.name, level)


def test_a_screening_whose_first_send_lost_its_response_is_stored_once(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    finish_follow_up(page, reload_half_way=False)
    level = consent_and_finish(page)

    sends: list[int] = []

    def drop_the_first_response(route: Any) -> None:
        response = route.fetch()
        sends.append(response.status)
        if len(sends) == 1:
            route.abort()  # the tool stored it, but the device never hears so
        else:
            route.fulfill(response=response)

    page.context.route("**/api/v1/screenings", drop_the_first_response)
    page.context.set_offline(False)
    wait_until_sent(page)
    assert sends == [201, 200]
    assert_stored_once(live_app, practitioner.name, level)


def test_a_session_that_lapsed_offline_sends_after_signing_in_and_sign_out_warns(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    answer(page, {question: "No" for question in CORE_POSITIVE})
    press(page, "Save and continue")
    press(page, "Finish and send")
    page.wait_for_selector("[data-status=waiting]")

    page.context.clear_cookies()  # the session lapsed while the device was offline
    page.context.set_offline(False)
    page.wait_for_selector("[data-waiting-badge]:has-text('sign in to send')")
    assert stored(live_app, practitioner.name) == []
    practitioner.sign_in()
    wait_until_sent(page)
    assert [s.result.outcome for s in stored(live_app, practitioner.name) if s.result] == [
        "negative"]

    open_offline(page, base_url, "/offline/")
    start_routine_enquiry(page)  # begun, not finished: signing out would lose it
    page.get_by_role("button", name="Sign out", exact=True).click()
    warning = page.locator("#sign-out-warning")
    assert "1 screening on this device has not been sent" in warning.inner_text()
    warning.get_by_role("button", name="Sign out and delete them").click()
    page.wait_for_url("**/sign-in")
    assert page.evaluate("ScreeningDevice.list(null)") == []
    assert page.evaluate("async () => (await caches.keys()).includes('screening-offline-data')"
                         ) is False


def test_a_refusal_from_the_tool_is_shown_in_the_practitioners_welsh(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    """The practitioner switched to Welsh before the network came back: the tool's reason for
    refusing the screening (an age it does not accept) is worded in Welsh on the offline page."""
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    finish_follow_up(page, reload_half_way=False)
    consent_and_finish(page)
    screening_id = page.evaluate("async () => (await ScreeningDevice.list(null))[0].id")
    # The cookies are the browser's; this request goes round the page's lost network.
    html = page.context.request.get(f"{base_url}/screenings").text()
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    page.context.request.post(f"{base_url}/language", form={
        "lang": "cy", "next": "/screenings", "csrf_token": token})

    def send_an_age_the_tool_refuses(route: Any) -> None:
        sent = json.loads(route.request.post_data)
        route.continue_(post_data=json.dumps({**sent, "answers": {**sent["answers"], "age": 7}}))

    page.context.route("**/api/v1/screenings", send_an_age_the_tool_refuses)
    page.context.set_offline(False)
    eventually(page, "async () => (await ScreeningDevice.list(null))[0].state === 'refused'")
    problems = page.evaluate("async () => (await ScreeningDevice.load("
                             f"'{screening_id}')).problems")
    assert [(p["question"], p["code"]) for p in problems] == [("age", "answer_outside_range")]
    open_offline(page, base_url, "/offline/")  # the page itself in Welsh now
    page.click(f"a[href='#/s/{screening_id}/result']")
    page.wait_for_selector("#offline-app[data-screen=result]")
    age = load_library(question_folder()).get("routine-enquiry").question("age").text["cy"]
    assert page.inner_text(".banner--error").strip() == (
        f"{age}: mae 7 y tu allan i'r ystod 10 i 120")
    assert stored(live_app, practitioner.name) == []


def test_offline_a_polish_client_reads_yes_and_no_in_polish_beside_the_practitioners_english(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page, client_language="Polski (Polish)")
    group = page.locator("#q-afraid_of_you-group")
    question = load_library(question_folder()).get("routine-enquiry").question("afraid_of_you")
    assert group.locator(".client-text[lang=pl]").inner_text() == question.text["pl"]
    assert group.locator(".client-label[lang=pl]").all_inner_texts() == [
        "Tak", "Nie", "Nie wiem", "Nie zadano pytania"]
    yes = group.get_by_label("Yes Tak", exact=True)  # one label: the practitioner's, the client's
    yes.check()
    assert yes.is_checked()


def test_a_refusal_that_arrives_while_the_result_is_open_replaces_waiting_with_the_reasons(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    finish_follow_up(page, reload_half_way=False)
    consent_and_finish(page)  # the result screen now says the screening waits to be sent

    def send_an_age_the_tool_refuses(route: Any) -> None:
        sent = json.loads(route.request.post_data)
        route.continue_(post_data=json.dumps({**sent, "answers": {**sent["answers"], "age": 7}}))

    page.context.route("**/api/v1/screenings", send_an_age_the_tool_refuses)
    page.context.set_offline(False)
    page.wait_for_selector(".banner--error")  # without reopening anything
    assert "10" in page.inner_text(".banner--error") and "120" in page.inner_text(".banner--error")
    age = load_library(question_folder()).get("routine-enquiry").question("age").text["en"]
    assert page.get_by_role("link", name=f"Change answer to: {age}").is_visible()  # to correct
    assert stored(live_app, practitioner.name) == []
