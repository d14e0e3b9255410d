"""Arabic pages keep every left-to-right span in its own direction: an English service name or
reason inside a right-to-left page is isolated (`dir`, or inside a <bdi>), so its full stop
stays at its end instead of jumping to the start of the line. On the result page this is also
checked by screenshot (tests/browser/punctuation.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from screening.questionnaire import load_library, score
from screening.questionnaire.scoring import parameter_values
from screening.store import recording
from screening.store import referrals as referral_store
from screening.store.crypto import attach
from screening.store.db import connect, now, transaction
from screening.store.users import find_user
from screening.web import DB_KEY, SEALER_KEY
from tests.browser.pages import Practitioner
from tests.browser.punctuation import compare_last_line, spans_ending_in_punctuation
from tests.browser.test_languages import set_interface
from tests.conftest import question_folder

pytestmark = pytest.mark.browser
RESULTS = Path(__file__).resolve().parents[2] / "test-results"

# Elements in a language other than the page's whose text runs left to right, without a `dir`
# of their own, outside any <bdi>, and not inside an isolated block of the same language.
NOT_ISOLATED = """() => {
  const page = document.documentElement;
  const rtl = new Set(["ar", "he", "fa", "ur"]);
  const ltrLanguage = (lang) => !rtl.has(lang.split("-")[0]);
  const found = [];
  for (const element of document.querySelectorAll("body [lang]")) {
    const lang = element.getAttribute("lang");
    if (lang === page.lang || !ltrLanguage(lang) || !element.textContent.trim()) continue;
    if (element.hasAttribute("dir") || element.closest("bdi")) continue;
    const around = element.parentElement.closest("[lang]");
    if (around && around !== page && around.getAttribute("lang") === lang
        && around.hasAttribute("dir")) continue;
    found.push(element.outerHTML.slice(0, 120));
  }
  return found;
}"""


def isolated(practitioner: Practitioner, name: str) -> None:
    """The page is right to left, passes axe-core, and isolates every left-to-right span."""
    page = practitioner.page
    practitioner.accessible()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar", "rtl"], name
    assert page.evaluate(NOT_ISOLATED) == [], name


def punctuation_in_place(page: Any, name: str) -> list[str]:
    """Every English span on this right-to-left page that ends in punctuation looks, pixel for
    pixel, as the same words do in a left-to-right block, and its last character is at the right
    end of its line; the last lines compared. Each pair of pictures is kept in test-results/."""
    RESULTS.mkdir(exist_ok=True)
    compared = []
    for number, span in enumerate(spans_ending_in_punctuation(page)):
        line = compare_last_line(span, RESULTS / f"{name}-punctuation-{number}")
        # Drawn by the same browser with the same fonts: a moved full stop shifts every letter.
        assert 0 <= line.differing <= line.ink // 50, (
            f"{name}: {line.text!r} is not drawn as it is left to right: {line.differing} of "
            f"{line.ink} pixels differ (see test-results/{name}-punctuation-{number}-*.png)")
        if len(line.text) > 1:
            assert line.last["left"] >= line.first["right"] - 0.5, (
                f"{name}: the {line.text[-1]!r} of {line.text!r} is not at its right end")
        compared.append(line.text)
    return compared


FIELDS = ("main input[type=radio], main input[type=checkbox], main input[type=number], "
          "main input[inputmode=numeric]")


def answer_by_value(page: Any, chosen: dict[str, str]) -> None:
    """Answer every visible question not yet answered: the chosen value, else "no", else the
    first option; whole numbers 42. Again while answers open more questions on the page."""
    for _round in range(3):
        unanswered: list[str] = page.evaluate("""(selector) => {
          const names = new Set();
          for (const input of document.querySelectorAll(selector)) {
            if (!input.offsetParent) continue;
            const group = document.getElementsByName(input.name);
            const done = input.type === "radio" || input.type === "checkbox"
              ? [...group].some((i) => i.checked) : input.value !== "";
            if (!done) names.add(input.name);
          }
          return [...names];
        }""", FIELDS)
        if not unanswered:
            return
        for name in unanswered:
            inputs = page.locator(f'main input[name="{name}"]')
            kind = inputs.first.get_attribute("type")
            if kind in ("radio", "checkbox"):
                values = [inputs.nth(i).get_attribute("value") for i in range(inputs.count())]
                value = chosen.get(name, "no" if "no" in values else values[0])
                page.locator(f'main input[name="{name}"][value="{value}"]').check()
            else:
                inputs.first.fill(chosen.get(name, "42"))


def test_an_arabic_practitioner_asking_in_english_sees_every_english_span_isolated(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    set_interface(practitioner, "ar")
    page = practitioner.page
    practitioner.goto("/screenings/new")
    isolated(practitioner, "start")
    page.locator('input[name="setting"][value="gp"]').check()
    page.locator('input[name="question_set"][value="routine-enquiry"]').check()
    page.locator('input[name="client_language"][value="en"]').check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    isolated(practitioner, "opening")
    with page.expect_navigation():
        page.locator("#agreed").click()  # the declaration: one button records it

    positive = {"afraid_of_you": "yes", "worried_about_behaviour": "yes",
                "who_affected": "current_partner", "children_in_household": "yes",
                "readiness": "wants_help", "needs_first": "none",
                "denial": "owns_behaviour"}
    while "/questions/" in page.url:
        isolated(practitioner, page.url)
        answer_by_value(page, positive)
        with page.expect_navigation():
            page.locator('main button[name="continue"]').click()
    assert page.url.endswith("/result")  # the result lists the answers: no separate check
    isolated(practitioner, "result")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "result-page-ar.png"), full_page=True)
    # The services' contact details are English, and end in a bracket.
    assert any(line.endswith(")") for line in punctuation_in_place(page, "result-page-ar"))

    consent = page.locator("main form[action$='/consent']").first
    consent.locator('input[type=radio][value="yes"]').check()
    with page.expect_navigation():
        consent.locator("button[type=submit]").click()
    isolated(practitioner, "result with consent")
    result_path = page.url.split("#")[0].removeprefix(practitioner.base_url)
    practitioner.goto(result_path.replace("/result", "/handover"))
    isolated(practitioner, "handovers")
    with page.expect_navigation():
        # The service's name is in Arabic now; its acronym stays.
        page.locator("main ul a[href*='/referrals/']", has_text="DAPP").click()
    isolated(practitioner, "handover")
    page.emulate_media(media="print")
    assert page.locator("article.handover").is_visible()
    assert page.evaluate(NOT_ISOLATED) == []
    page.emulate_media(media="screen")

    practitioner.goto("/screenings")
    isolated(practitioner, "my screenings")


# Answers to routine-enquiry version 1 that give a disclosure, a safety flag and referrals.
VERSION_1_ANSWERS = {
    "afraid_of_you": "yes", "controlling": "no", "threats": "no", "physical_harm": "no",
    "worried_about_behaviour": "yes", "who_affected": ["current_partner"],
    "children_in_household": "yes", "pregnancy": "no", "age": 42, "violence_past_month": "no",
    "weapons": "no", "strangulation": "no", "separation": "no", "immediate_danger": "no",
    "needs_first": "none", "readiness": "wants_help", "denial": "owns_behaviour"}


def finished_on_version_1(app: Flask, name: str) -> str:
    """A routine enquiry finished on version 1, whose reasons and safety actions have no Arabic
    (as a device that kept version 1 offline would send it); its id."""
    library = load_library(question_folder())
    routine = library.get("routine-enquiry", 1)
    result = score(routine, VERSION_1_ANSWERS, parameter_values(routine))
    db = connect(app.config["DATABASE"], key=app.extensions[DB_KEY])
    attach(db, app.extensions[SEALER_KEY])
    try:
        user = find_user(db, name)
        assert user is not None
        stamp = now()
        with transaction(db):
            screening_id = recording.add_completed(db, user, routine, result, {
                "setting": "gp", "client_reference": recording.new_reference(),
                "client_language": "en", "opening_accepted_at": stamp, "created_at": stamp,
                "completed_at": stamp})
        referral_store.create_for(db, screening_id, result, library.basis_of, user.id)
        return screening_id
    finally:
        db.conn.close()


def test_an_arabic_practitioner_sees_the_full_stops_of_english_reasons_at_their_end(
        practitioner: Practitioner, live_app: Flask) -> None:
    screening_id = finished_on_version_1(live_app, practitioner.name)
    practitioner.sign_in()
    set_interface(practitioner, "ar")
    practitioner.goto(f"/screenings/{screening_id}/result")
    isolated(practitioner, "result of version 1")
    page = practitioner.page
    page.screenshot(path=str(RESULTS / "result-page-ar-version-1.png"), full_page=True)
    compared = punctuation_in_place(page, "result-page-ar-version-1")
    # The pathway's reasons and the safety actions are English sentences.
    assert sum(line.endswith(".") for line in compared) >= 3, compared


def press_offline(page: Any, word: str) -> None:
    """Press the offline page's button whose words (in the interface language) are `word`."""
    name = page.evaluate(f"JSON.parse(document.getElementById('offline-words').textContent)"
                         f".text.{word}")
    page.get_by_role("button", name=name, exact=True).click()


def test_offline_in_arabic_every_english_span_is_isolated_too(
        practitioner: Practitioner, base_url: str) -> None:
    from tests.browser.test_offline import open_offline, ready_for_offline

    practitioner.sign_in()
    set_interface(practitioner, "ar")
    page = practitioner.page
    ready_for_offline(page)
    page.context.set_offline(True)
    open_offline(page, base_url, "/offline/")
    assert page.evaluate(NOT_ISOLATED) == [], "offline start"
    page.locator('#setting-group input[value="gp"]').check()
    page.locator('#question_set-group input[value="routine-enquiry"]').check()
    page.locator('#client_language-group input[value="en"]').check()
    press_offline(page, "continue")
    page.wait_for_selector("#agreed")
    assert page.evaluate(NOT_ISOLATED) == [], "offline opening"
    page.locator("#agreed").check()
    press_offline(page, "to_questions")
    page.wait_for_selector("#q-afraid_of_you-group")
    assert page.evaluate(NOT_ISOLATED) == [], "offline questions"
    for question in ("afraid_of_you", "controlling", "threats", "physical_harm",
                     "worried_about_behaviour", "being_harmed"):
        page.locator(f'#q-{question}-group input[value="no"]').check()
    press_offline(page, "save_continue")  # the result, with the answers and change links
    page.wait_for_selector("#offline-app[data-screen=result]")
    practitioner.accessible()
    assert page.evaluate(NOT_ISOLATED) == [], "offline result"
