"""The tool in Welsh, Polish and Arabic in a real browser: axe-core in every language, and an
Arabic page laid out right to left, with the client's Arabic right to left inside English too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.web.i18n import ENDONYMS, SUPPORTED
from tests.browser.pages import Practitioner

pytestmark = pytest.mark.browser
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
# How far (CSS pixels) an edge may sit from where it belongs: borders and rounding.
SLACK = 2


def set_interface(practitioner: Practitioner, lang: str) -> None:
    """Choose the interface language with the switcher every page has."""
    page = practitioner.page
    if page.evaluate("document.documentElement.lang") != lang:
        with page.expect_navigation():
            page.get_by_role("button", name=ENDONYMS[lang], exact=True).click()
    assert page.evaluate("document.documentElement.lang") == lang
    practitioner.accessible()


def open_first_question_page(practitioner: Practitioner, client_lang: str) -> None:
    """Start a GP's routine enquiry asked in the client's language, in whatever language the
    interface is: options are picked by value, buttons by their place in the form."""
    page = practitioner.page
    practitioner.goto("/screenings/new")
    page.locator('input[name="setting"][value="gp"]').check()
    page.locator('input[name="question_set"][value="routine-enquiry"]').check()
    page.locator(f'input[name="client_language"][value="{client_lang}"]').check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    practitioner.accessible()
    with page.expect_navigation():
        page.locator("main form[action$='/opening'] button[type=submit]").click()
    assert "/questions/" in page.url
    practitioner.accessible()


EDGES = """(selector) => {
  const element = document.querySelector(selector);
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  const main = document.querySelector("main");
  const style = getComputedStyle(main);
  const box = main.getBoundingClientRect();
  return {left: text.left - (box.left + parseFloat(style.paddingLeft)),
          right: box.right - parseFloat(style.paddingRight) - text.right};
}"""


def gaps(page: Any, selector: str) -> dict[str, float]:
    """How far the element's text is from the left and right edges of the page's content."""
    found: dict[str, float] = page.evaluate(EDGES, selector)
    return found


def direction_of(page: Any, selector: str) -> tuple[str, str]:
    """The element's dir attribute and its computed direction."""
    found: list[str] = page.eval_on_selector(
        selector, "(e) => [e.getAttribute('dir'), getComputedStyle(e).direction]")
    return found[0], found[1]


@pytest.mark.parametrize("lang", SUPPORTED)
def test_asking_in_the_clients_own_language(
        practitioner: Practitioner, lang: str) -> None:
    """A practitioner whose interface is in the client's language too: every page of the start
    passes axe-core, and the page says its translation is not yet reviewed."""
    practitioner.sign_in()
    set_interface(practitioner, lang)
    open_first_question_page(practitioner, lang)
    page = practitioner.page
    assert page.evaluate("document.documentElement.lang") == lang
    assert direction_of(page, ".client-text") == ("rtl" if lang == "ar" else "ltr",) * 2
    if lang != "en":
        assert page.locator(".language-switcher__note").is_visible()
    # All "no", sent: the result with the answers and their change links, then My screenings
    # with last time's choices, each page checked by axe-core in this language.
    for question in ("afraid_of_you", "controlling", "threats", "physical_harm",
                     "worried_about_behaviour", "being_harmed"):
        page.locator(f'input[name="{question}"][value="no"]').check()
    with page.expect_navigation():
        page.locator("main form button[name=continue]").click()
    assert page.url.endswith("/result")
    practitioner.accessible()
    practitioner.goto("/screenings")
    assert page.locator("#quick-start-hint").count() == 1


def test_an_arabic_question_page_is_mirrored(practitioner: Practitioner) -> None:
    practitioner.sign_in()
    set_interface(practitioner, "ar")
    open_first_question_page(practitioner, "ar")
    page = practitioner.page
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "question-page-ar.png"), full_page=True)
    page.screenshot(path=str(RESULTS / "question-page-ar-top.png"),
                    clip={"x": 0, "y": 0, "width": 1024, "height": 420})

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Headings, captions and the back link start at the right of the content and end short of
    # its left edge; the first radio button sits to the right of its label.
    for selector in ("main h1", "main .caption", "main .back-link"):
        found = gaps(page, selector)
        assert found["right"] <= SLACK + 12, (selector, found)  # the back link's arrow
        if selector != "main h1":
            assert found["left"] > 100, (selector, found)
    assert page.evaluate("""() => {
      const input = document.querySelector(".radios__input").getBoundingClientRect();
      const label = document.querySelector(".radios__label").getBoundingClientRect();
      return input.left >= label.right - 50;
    }""")
    assert direction_of(page, ".client-text") == ("rtl", "rtl")
    assert page.evaluate("document.querySelector('.client-text').closest('[lang]').lang") == "ar"


def test_arabic_questions_read_right_to_left_inside_an_english_page(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    open_first_question_page(practitioner, "ar")
    page = practitioner.page
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "question-page-en-with-ar-client.png"), full_page=True)

    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert direction_of(page, ".client-text") == ("rtl", "rtl")
    assert direction_of(page, ".practitioner-text") == ("ltr", "ltr")
    # The Arabic ends at the right of its own block; the English starts at the left of its own.
    assert page.evaluate("""() => {
      const edge = (selector) => {
        const element = document.querySelector(selector);
        const range = document.createRange();
        range.selectNodeContents(element);
        return [range.getBoundingClientRect(), element.getBoundingClientRect()];
      };
      const [arabic, arabicBox] = edge(".client-text");
      const [english, englishBox] = edge(".practitioner-text");
      return Math.abs(arabicBox.right - arabic.right) <= 2
        && Math.abs(english.left - englishBox.left) <= 2;
    }""")
    assert gaps(page, "main h1")["left"] <= SLACK


COUNTED_WORDS = """() => {
  const rules = new Intl.PluralRules(document.documentElement.lang);
  const missing = [];
  for (const id of ["device-words", "session-timeout-words"]) {
    const element = document.getElementById(id);
    if (!element) { missing.push([id, "absent"]); continue; }
    for (const [name, forms] of Object.entries(JSON.parse(element.textContent))) {
      if (forms === null || typeof forms !== "object") continue;
      for (let count = 0; count < 250; count++) {
        if (!(rules.select(count) in forms)) missing.push([name, count]);
      }
    }
  }
  return missing;
}"""


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_count_has_words_in_the_plural_form(practitioner: Practitioner,
                                                  lang: str) -> None:
    """The scripts pick a form with the browser's Intl.PluralRules: the page has every form the
    browser can ask for, for the offline badge, the sign-out warning and the time-out countdown."""
    practitioner.sign_in()
    set_interface(practitioner, lang)
    assert practitioner.page.evaluate(COUNTED_WORDS) == []
