"""Arabic pages keep every left-to-right span in its own direction: an English service name or
reason inside a right-to-left page is isolated (`dir`, or inside a <bdi>), so its full stop
stays at its end instead of jumping to the start of the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import Practitioner
from tests.browser.test_languages import set_interface

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
    press_offline(page, "save_continue")
    page.wait_for_selector("#offline-app[data-screen=check]")
    assert page.evaluate(NOT_ISOLATED) == [], "offline check"
    press_offline(page, "confirm")
    page.wait_for_selector("#offline-app[data-screen=result]")
    practitioner.accessible()
    assert page.evaluate(NOT_ISOLATED) == [], "offline result"
