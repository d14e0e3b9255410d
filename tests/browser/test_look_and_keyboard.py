"""Keyboard-only use, a phone-sized screen, right to left, and what a question page weighs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import Practitioner
from tests.browser.test_practitioner_flows import record_figure

pytestmark = pytest.mark.browser


def test_keyboard_only_skip_link_visible_focus_and_answering(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    page = practitioner.page
    practitioner.goto("/screenings/new")  # a form to fill in: nothing has focus on arrival
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["x"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    practitioner.goto("/screenings")
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    radio = page.locator("#afraid_of_you-0")
    assert page.evaluate("document.activeElement.id") == "afraid_of_you-0", \
        "the first question has focus on arrival"
    page.keyboard.press("Space")
    assert radio.is_checked()
    ring = page.evaluate("getComputedStyle(document.querySelector("
                         "'label[for=afraid_of_you-0]'), '::before').boxShadow")
    assert "255, 221, 0" in ring, "a focused radio shows the yellow focus ring"


class Keyboard:
    """Key presses counted as benchmarks/interactions.py counts them: none to reach a control
    that has focus when the page arrives, else the skip link (Tab, Enter) and a Tab for each
    control passed; Enter to press; on a question page a letter answers and moves on."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def reach(self, selector: str) -> None:
        self.page.wait_for_load_state()
        if not self.page.evaluate(f"document.activeElement.matches({selector!r})"):
            self.press("Tab")
            self.press("Enter")
            while not self.page.evaluate(f"document.activeElement.matches({selector!r})"):
                assert self.presses < 60, f"Tab never reached {selector}"
                self.press("Tab")
        assert self.page.evaluate("document.activeElement.matches(':focus-visible')"), \
            f"{selector} has focus but shows no focus ring"

    def send(self, selector: str) -> None:
        self.reach(selector)
        with self.page.expect_navigation():
            self.press("Enter")


def test_a_keyboard_only_routine_enquiry_from_my_screenings_takes_two_presses_an_answer(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.goto("/screenings")  # the choices are remembered: one button starts the next
    page = practitioner.page
    keys = Keyboard(page)
    keys.send("main .quick-start button[type=submit]")
    keys.send("#agreed")
    keys.reach("#afraid_of_you-group input")
    core = page.locator("[data-question]:not([hidden])").count()
    for _question in range(core):
        keys.press("n")
    keys.send("main button[name=continue]")
    assert "No referral is needed" in practitioner.text()
    practitioner.accessible()
    assert keys.presses / core <= 2, f"{keys.presses} presses for {core} answers"


def test_a_question_page_fits_a_phone_screen(browser: Any, base_url: str,
                                             practitioner: Practitioner) -> None:
    practitioner.page.set_viewport_size({"width": 375, "height": 740})
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    width = practitioner.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    practitioner.page.screenshot(path="/tmp/question-375.png")


def test_arabic_questions_read_right_to_left_and_pass_axe(practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.press("Start a new screening")
    practitioner.choose("GP practice")
    practitioner.choose("Routine questions about relationships and behaviour")
    practitioner.page.get_by_label("العربية (Arabic)").check()
    practitioner.press("Continue")
    practitioner.press("Continue to the questions")
    client_text = practitioner.page.locator("#afraid_of_you-group .client-text")
    assert client_text.get_attribute("dir") == "rtl"
    assert practitioner.page.evaluate(
        "getComputedStyle(document.querySelector('#afraid_of_you-group .client-text'))"
        ".direction") == "rtl"
    practitioner.page.get_by_role("button", name="العربية").click()
    practitioner.accessible()
    assert practitioner.page.locator("html").get_attribute("dir") == "rtl"


def test_bytes_transferred_for_a_question_page(browser: Any, practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    url = practitioner.page.url
    cookies = practitioner.page.context.cookies()
    context = browser.new_context()
    context.add_cookies(cookies)
    fresh = context.new_page()
    responses: list[Any] = []
    fresh.on("response", lambda response: responses.append(response))
    fresh.goto(url)
    fresh.wait_for_load_state("networkidle")
    sizes: dict[str, int] = {}
    for response in responses:
        kind = response.request.resource_type
        # What crossed the network: compressed where the browser accepts it.
        sizes[kind] = sizes.get(kind, 0) + response.request.sizes()["responseBodySize"]
    context.close()
    html, css, js = sizes.get("document", 0), sizes.get("stylesheet", 0), sizes.get("script", 0)
    record_figure("question page bytes (transferred)", {
        "html": html, "css": css, "js": js, "total": html + css + js,
        "other (favicon)": sum(sizes.values()) - html - css - js})
    assert html + css + js < 100_000, "a question page stays light on a slow connection"


def test_my_screenings_fits_a_phone_screen_with_screenings_in_both_lists(
        practitioner: Practitioner) -> None:
    practitioner.page.set_viewport_size({"width": 375, "height": 740})
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.answer({question: "No" for question in (
        "afraid_of_you", "controlling", "threats", "physical_harm", "worried_about_behaviour",
        "being_harmed")})
    practitioner.press("Save and continue")
    practitioner.goto("/screenings")
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.goto("/screenings")
    page = practitioner.page
    assert page.locator("table").count() == 2
    page.screenshot(path="/tmp/my-screenings-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    practitioner.accessible()


def test_on_a_phone_the_opening_statement_stays_in_sight_from_its_first_line(
        practitioner: Practitioner) -> None:
    practitioner.page.set_viewport_size({"width": 375, "height": 667})
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.goto("/screenings")
    practitioner.press("Start a new screening")
    page = practitioner.page
    # The button below the statement is not focused into view: the page stays at its top.
    assert page.evaluate("scrollY") == 0
    assert page.evaluate("document.querySelector('.statement').getBoundingClientRect().top") > 0
