"""Page objects: what a practitioner does, counted (clicks, keystrokes) and checked by axe-core."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
SERIOUS = ("serious", "critical")


@dataclass
class Practitioner:
    page: Any
    base_url: str
    name: str
    password: str
    clicks: int = 0
    keystrokes: int = 0
    checked: list[str] = field(default_factory=list)

    def accessible(self) -> None:
        """Every page visited passes axe-core with no serious or critical violation."""
        self.page.wait_for_load_state()
        results = AXE.run(self.page)
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in SERIOUS]
        assert bad == [], f"{self.page.url}: {bad}"
        self.checked.append(self.page.url)
        if os.environ.get("SCREENING_AXE_REPORT"):
            print("AXE", self.page.url, [(v["id"], v["impact"]) for v in
                                         results.response["violations"]])

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.accessible()

    def sign_in(self) -> None:
        self.goto("/sign-in")
        self.fill("User name", self.name)
        self.fill("Password", self.password)
        self.press("Sign in")

    def sign_in_with_organisation(self, sub: str) -> None:
        """Press the organisation button and sign in on the provider's own form as `sub`.
        The provider's pages are not ours: only the pages of the tool are checked with axe."""
        self.goto("/sign-in")
        self.page.get_by_role("button", name="Sign in with your organisation account").click()
        self.page.get_by_placeholder("sub").fill(sub)
        self.page.get_by_role("button", name="Authorize").click()
        self.page.wait_for_url(self.base_url + "/**")
        self.clicks += 3
        self.keystrokes += len(sub)
        self.accessible()

    def fill(self, label: str, text: str, exact: bool = False) -> None:
        self.page.get_by_label(label, exact=exact).fill(text)
        self.clicks += 1
        self.keystrokes += len(text)

    def choose(self, label: str, within: str | None = None) -> None:
        scope = self.page.locator(f"#{within}-group") if within else self.page
        scope.get_by_label(label, exact=True).check()
        self.clicks += 1

    def press(self, button: str) -> None:
        """Press a button or button-styled link and check the page it leads to."""
        # Either kind, waited for: the page may still be arriving from the last press.
        target = self.page.get_by_role("button", name=button, exact=True).or_(
            self.page.get_by_role("link", name=button, exact=True))
        target.first.click()
        self.clicks += 1
        self.accessible()

    def follow(self, link: str) -> None:
        self.page.get_by_role("link", name=link).first.click()
        self.clicks += 1
        self.accessible()

    def answer(self, answers: dict[str, str]) -> None:
        """Answer questions on the page by their visible labels."""
        for question, label in answers.items():
            if label.isdigit():
                self.page.locator(f"#{question}").fill(label)
                self.clicks += 1
                self.keystrokes += len(label)
            else:
                self.choose(label, within=question)

    def start(self, setting: str, question_set: str) -> None:
        """From My screenings, through the start page (a second screening has the choices of
        the first remembered: "Start a different screening" leads there)."""
        if self.page.locator("#quick-start-hint").count():
            self.follow("Start a different screening")
        else:
            self.press("Start a new screening")
        self.choose(setting)
        self.choose(question_set)
        self.press("Continue")
        self.press("Continue to the questions")

    def text(self) -> str:
        return " ".join(self.page.locator("main").inner_text().split())
