"""The warning before a session ends, in a real browser, with the idle limit cut to seconds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from tests.browser.conftest import serving
from tests.browser.pages import Practitioner
from tests.conftest import PASSWORD, app_config, make_user

pytestmark = pytest.mark.browser
IDLE_SECONDS = 10  # the warning opens 5 seconds before the end (half the idle time)


@pytest.fixture(scope="module")
def quick_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from screening.web import create_app

    return create_app(app_config(tmp_path_factory.mktemp("timeout"),
                                 IDLE_TIMEOUT_SECONDS=IDLE_SECONDS))


@pytest.fixture(scope="module")
def quick_url(quick_app: Flask) -> Iterator[str]:
    with serving(quick_app) as url:
        yield url


@pytest.fixture
def person(browser: Any, quick_url: str, quick_app: Flask,
           request: pytest.FixtureRequest) -> Iterator[Practitioner]:
    user = make_user(quick_app, name=f"t-{request.node.name}"[:60])
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    found = Practitioner(context.new_page(), quick_url, user.name, PASSWORD)
    found.sign_in()
    yield found
    context.close()


def test_the_warning_comes_before_the_end_and_stay_signed_in_keeps_the_session(
        person: Practitioner) -> None:
    person.start("GP practice", "Routine questions about relationships and behaviour")
    dialog = person.page.get_by_role("alertdialog", name="You will be signed out soon")
    dialog.wait_for(state="visible", timeout=(IDLE_SECONDS + 2) * 1000)
    assert "You will be signed out in" in dialog.inner_text()
    person.accessible()
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    person.page.wait_for_timeout((IDLE_SECONDS - 4) * 1000)  # past the first end
    person.page.reload()
    assert "Section 1 of" in person.text()


def test_a_practitioner_who_walks_away_finds_their_typed_answers_after_signing_in(
        person: Practitioner) -> None:
    person.start("GP practice", "Routine questions about relationships and behaviour")
    question_page = person.page.url
    person.choose("Yes", within="afraid_of_you")  # typed, never sent
    person.page.wait_for_url(re.compile(r"/sign-in\?next="), timeout=(IDLE_SECONDS + 5) * 1000)
    assert "You were signed out because the service was not used" in person.text()
    person.accessible()
    person.fill("User name", person.name)
    person.fill("Password", person.password)
    person.press("Sign in")
    assert person.page.url == question_page
    # The page's script puts the typed answer back once the page has loaded: wait for it.
    expect(person.page.locator("#afraid_of_you-0")).to_be_checked()
