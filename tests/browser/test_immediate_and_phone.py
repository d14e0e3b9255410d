"""Danger acted on at once, and question pages that fit a phone: in a real browser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from tests.browser.pages import Practitioner
from tests.browser.test_offline import (
    CORE_POSITIVE,
    answer,
    press,
    signed_in_then_offline,
    start_routine_enquiry,
)

pytestmark = pytest.mark.browser
ROUTINE = "Routine questions about relationships and behaviour"
CORE = ["afraid_of_you", "controlling", "threats", "physical_harm", "worried_about_behaviour"]


def above(page: Any, first: str, then: str) -> bool:
    return bool(page.locator(first).bounding_box()["y"] < page.locator(then).bounding_box()["y"])


def test_a_gp_answers_yes_to_immediate_danger_and_sees_call_999_before_the_next_question(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("GP practice", ROUTINE)
    page = practitioner.page
    address = page.url
    practitioner.answer({**{q: "No" for q in CORE}, "afraid_of_you": "Yes"})
    action = page.locator("#immediate_danger-group .immediate-action")
    assert action.is_hidden()
    practitioner.choose("Yes", within="immediate_danger")
    assert action.is_visible() and "Call 999 now" in action.inner_text()
    assert page.url == address, "nothing was sent: the action shows the moment yes is chosen"
    assert above(page, "#immediate_danger-group .immediate-action", "#needs_first-group")
    assert action.get_attribute("role") == "alert"
    practitioner.accessible()
    practitioner.choose("No", within="immediate_danger")
    assert action.is_hidden()


def test_offline_a_gp_answers_yes_to_immediate_danger_and_sees_call_999_before_the_next_question(
        practitioner: Practitioner, live_app: Flask, base_url: str) -> None:
    page = signed_in_then_offline(practitioner, base_url)
    start_routine_enquiry(page)
    answer(page, CORE_POSITIVE)
    press(page, "Save and continue")
    page.wait_for_selector("#q-immediate_danger-group")
    answer(page, {"immediate_danger": "Yes"})
    action = page.locator("#q-immediate_danger-group [data-immediate-action]")
    action.wait_for(state="visible", timeout=2000)
    assert "Call 999 now" in action.inner_text()
    assert above(page, "#q-immediate_danger-group [data-immediate-action]",
                 "#q-needs_first-group")
    practitioner.accessible()


def first_screen_shows_the_first_question(page: Any) -> None:
    """At the top of the page, the first question's text and every answer are on screen."""
    page.evaluate("window.scrollTo(0, 0)")
    height = page.viewport_size["height"]
    first = page.locator(".question:not([hidden])").first
    inputs = first.locator("input[type=radio], input[type=checkbox], input[type=text], "
                           "input[type=date], textarea")
    last = inputs.nth(inputs.count() - 1)
    box = page.locator(f"label[for='{last.get_attribute('id')}']").bounding_box() \
        if last.get_attribute("type") in ("radio", "checkbox") else last.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, page.url
    assert first.locator(".client-text").bounding_box()["y"] >= 0


def answer_every_question_shown(page: Any) -> None:
    for group in page.locator(".question:not([hidden])").all():
        choices = group.locator("input[type=radio], input[type=checkbox]")
        if choices.count():
            labels = [choices.nth(i).get_attribute("value") for i in range(choices.count())]
            # "No", unless "no" is the answer that calls 999 (not safe to go home today): that
            # banner rightly comes first on every later page.
            trigger = group.locator("[data-immediate]")
            calls_999 = json.loads(trigger.get_attribute("data-immediate") or "[]") \
                if trigger.count() else []
            safe = [i for i, value in enumerate(labels) if value not in calls_999]
            pick = labels.index("no") if "no" in labels and "no" not in calls_999 else safe[0]
            choices.nth(pick).check()
        elif group.locator("textarea").count():
            group.locator("textarea").fill("Synthetic reason")
        else:
            group.locator("input").first.fill("30")


@pytest.mark.parametrize(("setting", "question_set"), [
    ("GP practice", ROUTINE),
    ("Co-located perpetrator-service practitioner",
     "Guided conversation: relationships, behaviour and safety"),
    # The checklist is the victim safety service's own: one worker never does both sides.
    ("Victim safety service", "Your safety: a risk checklist")],
    ids=["routine", "guided", "dash"])
def test_phone_pages_show_answers_first(
        practitioner: Practitioner, setting: str, question_set: str) -> None:
    practitioner.page.set_viewport_size({"width": 375, "height": 667})
    practitioner.sign_in()
    practitioner.start(setting, question_set)
    page = practitioner.page
    pages = 0
    while "/questions/" in page.url:
        pages += 1
        first_screen_shows_the_first_question(page)
        how = page.locator(".question:not([hidden]) .how-to-ask").first
        assert how.locator("summary").is_visible() and not how.locator("p").first.is_visible()
        answer_every_question_shown(page)
        practitioner.press("Save and continue")
    assert page.url.endswith("/result") and pages >= 1
