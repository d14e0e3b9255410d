"""What a practitioner does and what the network carries, in Debian's Chromium, per scenario.

Each scenario runs from My screenings to the result as a practitioner would, in a fresh browser
profile, on a desktop (1280x800) and a phone (375x667), against `screening serve --gunicorn`
on 127.0.0.1. Counted: every click (choosing an answer, pressing a button or link) and every
typed answer (a click into the box and the typing: 2). The minimum of a scenario is one per
answer (a consent choice counts as an answer), one for the opening statement and one to send;
its answers are one for every question the question set asks on that path, which the script
works out from the set's own show-if rules before it opens a browser (`Scenario`), and the
pages must ask exactly those. The practitioner has started a screening of the same kind before
(the tool remembers the setting and question set per practitioner). Then the keyboard alone
(all "no"), and the network: bytes transferred (as sent, compressed, headers included) and
requests for a question page with an empty cache and for the next page; the offline app's first
load; and how soon the offline app shows the first question with no network, from navigation
start.

    .venv/bin/python benchmarks/interactions.py
    .venv/bin/python benchmarks/interactions.py --scenario keyboard   # only that part

With --scenario, only the rows of the parts named are measured and replaced in
benchmarks/results.md, and the section says which command they came from.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import ROOT, Practitioner, Server, add_practitioners  # noqa: E402
from benchmarks.report import replace_rows, write_section  # noqa: E402
from screening.questionnaire import Question, QuestionSet, load_library  # noqa: E402
from screening.questionnaire.scoring import parameter_values, visible_answers  # noqa: E402
from screening.web.practitioner.flow import page_groups  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 667}
TARGET_RATIO, TARGET_KEYS = 1.25, 2.0
TARGET_FIRST, TARGET_LATER, TARGET_OFFLINE, TARGET_OFFLINE_MS = 30_000, 12_000, 200_000, 300
PASSWORD = "kettle orbit lantern meadow"
CORE = ["afraid_of_you", "controlling", "threats", "physical_harm", "worried_about_behaviour",
        "being_harmed"]
# The question sets the scenarios answer: the newest published version of each, the one the
# server starts a new screening with (version 2 of all three when this was written).
LIBRARY = load_library(ROOT / "questionnaires")


@dataclass(frozen=True)
class Scenario:
    """A screening from My screenings to its result, and the answers the practitioner gives.

    `answers` are the values the question set stores (as in its golden cases), one for every
    question the set asks on this path and for no other: `asked()` works that out from the
    set's own show-if rules (screening.questionnaire.visible_answers, as the server does) and
    refuses a scenario that leaves a question out or answers one the path does not ask. The
    browser answers, page by page, each question the page shows in order (follow-ups appear as
    the answers call for them), and must meet exactly those questions.

    The minimum is then one interaction per question asked, one for each consent choice on the
    result page, one for the opening statement and one to send: `minimum()`. Pages, typing and
    "Start a new screening" are what the interactions add on top of it."""

    title: str
    setting: str
    question_set: str
    answers: dict[str, str]
    expect: str  # the result page says this when the scenario has reached its end
    consents: int = 0  # referrals the person consents to on the result page

    @property
    def version(self) -> QuestionSet:
        return LIBRARY.get(self.question_set)

    def asked(self) -> list[str]:
        """The questions the set asks given these answers, in order; the answers must match."""
        values = {q: [v] if self.version.question(q).type == "multiple" else
                  int(v) if self.version.question(q).type == "number" else v
                  for q, v in self.answers.items()}
        shown, _ = visible_answers(self.version, values, parameter_values(self.version))
        asked = [q.id for q in shown]
        if set(asked) != set(self.answers):
            raise SystemExit(f"{self.title}: {self.version.key} asks "
                             f"{sorted(set(asked) - set(self.answers))} without an answer here, "
                             f"and does not ask {sorted(set(self.answers) - set(asked))}")
        return asked

    def minimum(self) -> int:
        return len(self.asked()) + self.consents + 2


YES_NO = {"yes": "Yes", "no": "No", "dont_know": "Don't know"}


@dataclass
class Counter:
    """Clicks and typed answers, and the questions answered."""

    page: Any
    interactions: int = 0
    answered: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def click(self, locator: Any, what: str) -> None:
        locator.click()
        self.interactions += 1
        self.log.append(what)

    def press(self, name: str) -> None:
        button = self.page.get_by_role("button", name=name, exact=True)
        with self.page.expect_navigation():
            self.click(button.first, name)

    def give(self, question: Question, value: str) -> None:
        """One answer as a person gives it: a click on the answer's label, or a click into the
        box and the typing (2)."""
        if question.type in ("number", "text"):
            box = self.page.locator(f"#{question.id}")
            self.click(box, f"{question.id} (into the box)")
            box.press_sequentially(value)
            self.interactions += 1
        else:
            label = YES_NO[value] if question.type == "yes_no" else next(
                option.label["en"] for option in question.options if option.id == value)
            self.click(self.page.locator(f"#{question.id}-group").get_by_label(
                label, exact=True), f"{question.id}={value}")
        self.answered.append(question.id)

    def answer_page(self, scenario: Scenario) -> None:
        """Every question the page shows, top to bottom, including those an answer shows."""
        done: set[str] = set()
        while True:
            shown = self.page.locator("form[data-question-page] .question:not([hidden])"
                                      ).evaluate_all("nodes => nodes.map(n => n.dataset.question)")
            waiting = [q for q in shown if q not in done]
            if not waiting:
                return
            question = waiting[0]
            if question not in scenario.answers:
                raise RuntimeError(f"{scenario.title}: the page asks {question}, which "
                                   f"{scenario.version.key} should not ask on this path")
            self.give(scenario.version.question(question), scenario.answers[question])
            done.add(question)


def run(counter: Counter, scenario: Scenario) -> None:
    """My screenings: start with the remembered choices, the opening statement, each page of
    questions sent with "Save and continue" until the result; then any consent."""
    counter.press("Start a new screening")
    counter.press("Continue to the questions")
    for _page in range(len(scenario.version.sections)):
        counter.answer_page(scenario)
        counter.press("Save and continue")
        if "/result" in counter.page.url:
            break
    for number in range(scenario.consents):
        counter.click(counter.page.get_by_label("Yes, they consent to this referral",
                                                exact=True).first, f"consent {number + 1}")
        counter.press("Save consent")


# Two yes of the six: every follow-up the first yes shows (not the threats to kill, which only
# a yes to threats shows, nor stalking, which only separation shows); a partner named, so
# "under 16?" shows too.
ROUTINE_DISCLOSURE = {
    **{q: "no" for q in CORE}, "afraid_of_you": "yes", "controlling": "yes",
    "immediate_danger": "no", "age": "34", "children_in_household": "no",
    "who_affected": "current_partner", "partner_under_16": "no", "pregnancy": "no",
    "violence_past_month": "no", "strangulation": "no", "weapons": "no", "weapons_access": "no",
    "sexual": "no", "separation": "no", "breach_orders": "no", "suicidal": "no",
    "sounds_like_self_defence": "no", "needs_first": "none", "readiness": "wants_help",
    "denial": "owns_behaviour"}
# Emotional abuse and control; no substance or mental health need, so "which comes first?"
# is not asked.
GUIDED = {
    "who_affected": "current_partner", "partner_under_16": "no", "children_in_household": "no",
    "age": "41", "being_harmed": "no",
    "emotional": "yes", "controlling": "yes", "economic": "no", "threats": "no",
    "physical": "no", "sexual": "no", "stalking": "no",
    "immediate_danger": "no", "sounds_like_self_defence": "no", "weapons": "no",
    "weapons_access": "no", "strangulation": "no", "threats_to_kill": "no", "separation": "no",
    "pregnancy": "no", "breach_orders": "no", "incidents_12m": "2",
    "substance_use": "no", "mental_health": "no", "suicidal": "no", "housing": "no",
    "readiness": "unsure", "denial": "owns_behaviour", "previous_programme": "no"}
# The partner's checklist: the first three factors of each page yes, the rest no (feeling low is
# no, so its two follow-ups are not asked); 6 yes with weapons, threats to kill and
# strangulation among them, and the level left as it is, so the practitioner writes why it is
# not raised (v2 asks that).
DASH = {
    "safe_to_go_home": "yes",
    "age": "29", "injured": "yes", "frightened": "yes", "afraid_what_next": "yes",
    **{q: "no" for q in ("isolated", "depressed_suicidal", "separation",
                         "child_contact_conflict", "stalking", "pregnancy", "more_often",
                         "getting_worse", "controlling_jealous")},
    "weapons": "yes", "threats_to_kill": "yes", "strangulation": "yes",
    **{q: "no" for q in ("sexual_abuse", "others_threatening", "honour_based_abuse",
                         "forced_marriage", "hurt_others", "harm_pets", "money_problems",
                         "substance_mental_health", "threats_suicide", "breached_orders",
                         "criminal_history")},
    "incidents_12m": "1", "repeat_marac": "no", "children_at_risk": "no",
    "judgement_level": "no_change",
    "not_raised_reason": "Safety plan in place with the IDVA; checked with the team lead"}

SCENARIOS = [
    Scenario("routine enquiry, all no", "gp", "routine-enquiry", {q: "no" for q in CORE},
             "No referral is needed"),
    Scenario("routine enquiry, a disclosure with consent", "gp", "routine-enquiry",
             ROUTINE_DISCLOSURE, "Go to the handover", consents=1),
    Scenario("guided enquiry", "co_located", "guided-enquiry", GUIDED, "Referrals and actions"),
    Scenario("DASH checklist", "victim_safety", "dash-risk", DASH, "Referrals and actions"),
]


def remember(port: int, name: str, setting: str, question_set: str) -> None:
    """An earlier screening of this kind (left in progress): the choices are remembered."""
    person = Practitioner(port, name)
    person.sign_in()
    person.get("/screenings/new")
    reply = person.post_form("/screenings/new", {"setting": setting,
                                                 "question_set": question_set,
                                                 "client_language": "en"})
    if reply.status != 302:
        raise RuntimeError(f"could not start a screening for {name}: {reply.status}")
    person.close()


def signed_in(browser: Any, base: str, name: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/screenings")
    return context, page


def run_scenarios(browser: Any, base: str, port: int, names: list[str]) -> list[str]:
    rows = []
    users = iter(names)
    for scenario in SCENARIOS:
        asked, minimum = scenario.asked(), scenario.minimum()
        for label, viewport in (("desktop", DESKTOP), ("375x667", PHONE)):
            name = next(users)
            remember(port, name, scenario.setting, scenario.question_set)
            context, page = signed_in(browser, base, name, viewport)
            counter = Counter(page)
            run(counter, scenario)
            text = page.locator("main").inner_text()
            if scenario.expect not in text or "/result" not in page.url:
                raise RuntimeError(f"{scenario.title} ({label}) did not reach the result: "
                                   f"{page.url}")
            if counter.answered != asked:
                raise RuntimeError(f"{scenario.title} ({label}): the pages asked "
                                   f"{counter.answered}, {scenario.version.key} {asked}")
            context.close()
            ratio = counter.interactions / minimum
            rows.append(f"| {scenario.title} | {label} | {counter.interactions} | {minimum} | "
                        f"{ratio:.2f}× | {'met' if ratio <= TARGET_RATIO else 'NOT met'} |")
    return rows


def skip_to_main(page: Any, keys: list[str]) -> None:
    """The first Tab of a page reaches "Skip to main content"; Enter follows it."""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    keys += ["Tab", "Enter"]


def tab_to(page: Any, selector: str, keys: list[str]) -> None:
    for _ in range(60):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
        keys.append("Tab")
    raise RuntimeError(f"Tab never reached {selector}")


# Two frames drawn: the browser gives `autofocus` (My screenings' start button) its focus when
# it first draws the page, which may come just after the load event; a person sees it drawn.
DRAWN = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def reach(page: Any, selector: str, keys: list[str]) -> None:
    """No key when the page arrives with focus there (a person sees the focus ring); else the
    skip link, then Tab until it is there."""
    page.wait_for_load_state()
    page.evaluate(DRAWN)
    if page.evaluate(f"document.activeElement.matches({selector!r})"):
        return
    skip_to_main(page, keys)
    tab_to(page, selector, keys)


def keyboard_only(browser: Any, base: str, port: int, name: str) -> str:
    """All "no" with the keyboard alone: Tab to the control (unless it has focus already),
    Enter to press it; on a question page a letter picks the answer starting with it and moves
    to the next question."""
    remember(port, name, "gp", "routine-enquiry")
    context, page = signed_in(browser, base, name, DESKTOP)
    keys: list[str] = []
    reach(page, "main button[type=submit]", keys)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.append("Enter")
    reach(page, "#agreed", keys)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.append("Enter")
    before = len(keys)
    reach(page, "#afraid_of_you-group input", keys)
    for _question in CORE:
        page.keyboard.press("n")
        keys.append("n")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.append("Enter")
    on_page = len(keys) - before
    if "No referral is needed" not in page.locator("main").inner_text():
        raise RuntimeError("the keyboard-only enquiry did not reach its result")
    context.close()
    per_answer, per_answer_page = len(keys) / len(CORE), on_page / len(CORE)
    return (f"| routine enquiry, all no, keyboard only (desktop) | {len(keys)} key presses from "
            f"My screenings ({per_answer:.1f} an answer); {on_page} on the question page "
            f"({per_answer_page:.1f} an answer) | at most {TARGET_KEYS:g} an answer — "
            f"{'met' if per_answer_page <= TARGET_KEYS else 'NOT met'} on the question page, "
            f"{'met' if per_answer <= TARGET_KEYS else 'NOT met'} from My screenings |")


class Traffic:
    """Every byte the server sends the browser (headers and compressed bodies, as on the wire)
    and every request, counted by a relay between the two on 127.0.0.1: the pages' and the
    service worker's alike; what the browser's caches answer never reaches it. The bytes of
    static files (/static/: styles and scripts) are also kept apart from the pages' own."""

    REQUEST = re.compile(rb"(?:GET|POST|HEAD) (\S+) HTTP/1\.[01]\r\n")

    def __init__(self, target: int) -> None:
        self.target = target
        self.bytes = 0
        self.static_bytes = 0
        self.paths: list[str] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def requests(self) -> int:
        return len(self.paths)

    def reset(self) -> None:
        with self.lock:
            self.bytes, self.static_bytes, self.paths = 0, 0, []

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            asked: list[str] = []  # this connection's requests: their answers come in order
            for ends in ((client, server, True), (server, client, False)):
                threading.Thread(target=self._pipe, args=(*ends, asked), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, upstream: bool,
              asked: list[str]) -> None:
        try:
            while data := source.recv(65536):
                with self.lock:
                    if upstream:
                        found = [m.decode() for m in self.REQUEST.findall(data)]
                        self.paths += found
                        asked += found
                    else:
                        self.bytes += len(data)
                        if asked and asked[-1].startswith("/static/"):
                            self.static_bytes += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def first_page(browser: Any, base: str, port: int, name: str,
               question_set: str) -> tuple[str, Any]:
    """The address of a new screening's first question page, and the sign-in's cookies."""
    remember(port, name, "gp" if question_set == "routine-enquiry" else "co_located",
             question_set)
    context, page = signed_in(browser, base, name, DESKTOP)
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new screening").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to the questions").click()
    found = page.url, context.cookies()
    context.close()
    return found


def empty_cache_load(browser: Any, url: str, cookies: Any,
                     traffic: Traffic) -> tuple[Any, Any, int]:
    """The page opened in a browser with nothing kept (no cache, no service worker), and the
    length of its HTML before compression."""
    fresh = browser.new_context(viewport=DESKTOP, service_workers="block")
    fresh.add_cookies(cookies)
    page = fresh.new_page()
    traffic.reset()
    html = len(page.goto(url).body())
    page.wait_for_load_state("networkidle")
    return fresh, page, html


def first_page_holds(question_set: str) -> tuple[str, int, int]:
    """The set's version, how many questions its first page holds, and how many of them its
    script shows only when an answer calls for them (a show-if), as the server makes pages."""
    version = LIBRARY.get(question_set)
    questions = [q for number in page_groups(version)[0]
                 for q in version.sections[number].questions]
    return version.key, len(questions), sum(1 for q in questions if q.show_if)


def network(browser: Any, base: str, port: int, names: list[str],
            traffic: Traffic) -> tuple[list[str], list[str]]:
    """A question page with an empty cache (the guided enquiry's first page, and the routine
    enquiry's one page, whose follow-ups show by script), then the guided enquiry's next page,
    its first page answered as in the clicks scenario. The rows, and a note on a page over its
    target."""
    url, cookies = first_page(browser, base, port, names[0], "routine-enquiry")
    fresh, page, routine_html = empty_cache_load(browser, url, cookies, traffic)
    routine = (traffic.bytes, traffic.requests, traffic.static_bytes)
    fresh.close()
    url, cookies = first_page(browser, base, port, names[1], "guided-enquiry")
    fresh, page, _html = empty_cache_load(browser, url, cookies, traffic)
    first = (traffic.bytes, traffic.requests, traffic.static_bytes)
    traffic.reset()
    guided = next(s for s in SCENARIOS if s.question_set == "guided-enquiry")
    Counter(page).answer_page(guided)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("networkidle")
    if page.locator("#emotional-group").count() != 1:
        raise RuntimeError(f"the guided enquiry's second page did not come: {page.url}")
    later = (traffic.bytes, traffic.requests, traffic.static_bytes)
    fresh.close()
    routine_set, routine_asks, routine_hidden = first_page_holds("routine-enquiry")
    guided_set, guided_asks, guided_hidden = first_page_holds("guided-enquiry")
    rows = []
    for what, (size, count, static), target in (
            (f"a question page, empty cache: guided enquiry, first page ({guided_set}, "
             f"{guided_asks} questions, {guided_hidden} shown by answers)", first, TARGET_FIRST),
            (f"a question page, empty cache: routine enquiry ({routine_set}, {routine_asks} "
             f"questions, {routine_hidden} shown by answers)", routine, TARGET_FIRST),
            ("the next question page (send the first, get the second)", later, TARGET_LATER)):
        split = (f" (the page {size - static:,}, styles and scripts {static:,})" if static
                 else "")
        rows.append(f"| {what} | {size:,} bytes, {count} requests{split} | at most "
                    f"{target:,} — {'met' if size <= target else 'NOT met'} |")
    notes = []
    if routine[0] > TARGET_FIRST:
        notes.append(
            f"The routine enquiry's page is over {TARGET_FIRST:,} bytes because of its own "
            f"HTML: {routine_set} asks all {routine_asks} questions on one page, the "
            f"{routine_hidden} follow-ups sent hidden until an answer shows them, each with its "
            f"answers and its folded \"How to ask\" guidance, so the page is "
            f"{routine[0] - routine[2]:,} bytes as sent ({routine_html:,} before compression) "
            f"against {first[0] - first[2]:,} for the guided enquiry's first page of "
            f"{guided_asks} questions; styles and scripts are "
            + (f"the same {routine[2]:,} bytes on both." if routine[2] == first[2] else
               f"{routine[2]:,} bytes on the one, {first[2]:,} on the other."))
    return rows, notes


READY = """async () => {
  const cache = await caches.open("screening-offline-data");
  return (await cache.keys()).length === 2 && navigator.serviceWorker.controller !== null;
}"""


def offline(browser: Any, base: str, name: str, traffic: Traffic) -> list[str]:
    """A new device: signing in, then the offline app opened for the first time, counted from
    the sign-in page to the app ready to work with no network (its worker, caches and all);
    then, with no network, how soon a screening reopens at its first question."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    traffic.reset()
    page.goto(f"{base}/sign-in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")  # My screenings, as a person reads it first
    page.goto(f"{base}/offline/")
    page.wait_for_selector("#offline-app[data-ready=yes]")
    for _ in range(200):
        if page.evaluate(READY):
            break
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    loaded, requests = traffic.bytes, traffic.requests
    sets_sent = traffic.paths.count("/api/v1/question-sets")
    # A screening kept on the device, at its first question; then no network, and reopen it.
    page.locator("#setting-group").get_by_label("GP practice", exact=True).check()
    page.locator("#question_set-group").get_by_label(
        "Routine questions about relationships and behaviour", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_label("I read this statement to the person, and they agreed to answer the "
                      "questions").check()
    page.get_by_role("button", name="Continue to the questions", exact=True).click()
    page.wait_for_selector("#q-afraid_of_you-group")
    address = page.url
    context.set_offline(True)
    times = []
    for _ in range(5):
        page.goto("about:blank")
        page.goto(address)
        page.wait_for_selector("#q-afraid_of_you-group")
        times.append(page.evaluate(
            "performance.getEntriesByName('screening-offline-ready')[0].startTime"))
    context.close()
    shown = sorted(times)[len(times) // 2]
    return [
        f"| a new device: sign in, then the offline app ready to work with no network "
        f"| {loaded:,} bytes, {requests} requests; question sets sent {sets_sent} time"
        f"{'s' if sets_sent != 1 else ''} | at most {TARGET_OFFLINE:,}, each set once — "
        f"{'met' if loaded <= TARGET_OFFLINE and sets_sent == 1 else 'NOT met'} |",
        f"| offline, reopening a screening: its first question on screen (median of 5, from "
        f"navigation start) | {shown:.0f} ms | at most {TARGET_OFFLINE_MS} ms — "
        f"{'met' if shown <= TARGET_OFFLINE_MS else 'NOT met'} |"]


ANSWERS_NOTE = (
    "Answers: every question the set asks on the scenario's path ("
    + ", ".join(dict.fromkeys(s.version.key for s in SCENARIOS)) + "), worked out from its "
    "show-if rules (`Scenario` in the script), and no other. The disclosure ends when consent "
    "is saved: the result page's other cards (the reason for the victim safety service's "
    "referral, the Respect phone line) are not counted, nor any in the other scenarios. The "
    "DASH checklist's 6 yes include a weapon, threats to kill and strangulation with the level "
    "left as it is, so it asks why the level is not raised (typed).")
PARTS = ("clicks", "keyboard", "network", "offline")
TITLE = "Interactions, bytes and the offline app"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append", choices=PARTS,
                        help="measure only this part (repeatable): clicks per scenario, the "
                             "keyboard alone, a question page's bytes, the offline app; "
                             "default all")
    return parser.parse_args()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parts = list(dict.fromkeys(arguments().scenario or PARTS))
    rows: list[str] = []
    keys: list[str] = []
    bytes_rows: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        names = add_practitioners(instance, 12, prefix="gp")  # 8 scenarios, keys, 3 network
        server = Server(instance)
        server.start()
        traffic = Traffic(server.port)
        base = f"http://127.0.0.1:{traffic.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                if "clicks" in parts:
                    rows = run_scenarios(browser, base, server.port, names[:8])
                if "keyboard" in parts:
                    keys = [keyboard_only(browser, base, server.port, names[8])]
                if "network" in parts:
                    found, notes = network(browser, base, server.port, names[9:11], traffic)
                    bytes_rows += found
                if "offline" in parts:
                    bytes_rows += offline(browser, base, names[11], traffic)
                browser.close()
        finally:
            traffic.close()
            server.stop()
            shutil.rmtree(instance, ignore_errors=True)
    if len(parts) < len(PARTS):
        command = ("`.venv/bin/python benchmarks/interactions.py "
                   + " ".join(f"--scenario {part}" for part in parts) + "`")
        print("\n".join(rows + keys + bytes_rows + notes))
        replace_rows(TITLE, rows + keys + bytes_rows, command)
        return
    body = (
        "Command: `.venv/bin/python benchmarks/interactions.py` (Debian's Chromium driven by "
        "Playwright; `screening serve --gunicorn` on 127.0.0.1; a fresh browser profile per "
        "scenario; the practitioner started a screening of the same kind before)\n\n"
        "| scenario | screen | interactions | minimum | ÷ minimum | target ≤ 1.25× |\n"
        "| --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        "Interactions: each click, and each typed answer as 2 (a click into the box, the "
        "typing). Minimum: one per answer (a consent choice counts as one), the opening "
        "statement and one to send.\n\n" + ANSWERS_NOTE + "\n\n"
        "| measure | figure | target |\n| --- | --- | --- |\n" + "\n".join(keys) + "\n"
        + "\n".join(bytes_rows) + "\n" + "".join(f"\n{note}\n" for note in notes))
    print(body)
    write_section(TITLE, body)


if __name__ == "__main__":
    main()
