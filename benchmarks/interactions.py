"""What a practitioner does and what the network carries, in Debian's Chromium, per scenario.

Each scenario runs from My screenings to the result as a practitioner would, in a fresh browser
profile, on a desktop (1280x800) and a phone (375x667), against `screening serve --gunicorn`
on 127.0.0.1. Counted: every click (choosing an answer, pressing a button or link) and every
typed answer (a click into the box and the typing: 2). The minimum of a scenario is one per
answer (a consent choice counts as an answer), one for the opening statement and one to send.
The practitioner has started a screening of the same kind before (the tool remembers the
setting and question set per practitioner). Then the keyboard alone (all "no"), and the network:
bytes transferred (as sent, compressed, headers included) and requests for a question page
with an empty cache and for the next page; the offline app's first load; and how soon the
offline app shows the first question with no network, from navigation start.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loopback import Practitioner, Server, add_practitioners  # noqa: E402
from benchmarks.report import replace_rows, write_section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 667}
TARGET_RATIO, TARGET_KEYS = 1.25, 2.0
TARGET_FIRST, TARGET_LATER, TARGET_OFFLINE, TARGET_OFFLINE_MS = 30_000, 12_000, 200_000, 300
PASSWORD = "kettle orbit lantern meadow"
CORE = ["afraid_of_you", "controlling", "threats", "physical_harm", "worried_about_behaviour",
        "being_harmed"]


@dataclass
class Counter:
    """Clicks and typed answers, and the answers given."""

    page: Any
    interactions: int = 0
    answers: int = 0
    log: list[str] = field(default_factory=list)

    def click(self, locator: Any, what: str) -> None:
        locator.click()
        self.interactions += 1
        self.log.append(what)

    def press(self, name: str) -> None:
        button = self.page.get_by_role("button", name=name, exact=True)
        with self.page.expect_navigation():
            self.click(button.first, name)

    def choose(self, question: str, label: str) -> None:
        self.click(self.page.locator(f"#{question}-group").get_by_label(label, exact=True),
                   f"{question}={label}")
        self.answers += 1

    def type(self, question: str, text: str) -> None:
        box = self.page.locator(f"#{question}")
        self.click(box, f"{question} (into the box)")
        box.press_sequentially(text)
        self.interactions += 1
        self.answers += 1

    def answer(self, answers: dict[str, str]) -> None:
        for question, value in answers.items():
            if value.isdigit():
                self.type(question, value)
            else:
                self.choose(question, value)


def begin(counter: Counter) -> None:
    """My screenings: start with the remembered choices, then the opening statement."""
    counter.press("Start a new screening")
    counter.press("Continue to the questions")


def routine_no(counter: Counter) -> None:
    begin(counter)
    counter.answer({q: "No" for q in CORE})
    counter.press("Save and continue")


ROUTINE_FOLLOW_UP = {
    "who_affected": "A current partner", "children_in_household": "No", "pregnancy": "No",
    "age": "34", "violence_past_month": "No", "weapons": "No", "strangulation": "No",
    "separation": "No", "immediate_danger": "No", "needs_first": "No",
    "readiness": "I want help to change",
    "denial": "It was my behaviour and I am responsible for it"}


def routine_disclosure(counter: Counter) -> None:
    begin(counter)
    counter.answer({"afraid_of_you": "Yes", "controlling": "Yes", "threats": "No",
                    "physical_harm": "No", "worried_about_behaviour": "Yes"})
    counter.answer(ROUTINE_FOLLOW_UP)
    counter.press("Save and continue")
    counter.click(counter.page.get_by_label("Yes, they consent to the referral", exact=True),
                  "consent=yes")
    counter.answers += 1
    counter.press("Save consent")


def guided(counter: Counter) -> None:
    begin(counter)
    counter.answer({"who_affected": "A current partner", "children_in_household": "No",
                    "age": "41", "emotional": "Yes", "controlling": "Yes", "economic": "No",
                    "threats": "No", "physical": "No", "sexual": "No", "stalking": "No"})
    counter.press("Save and continue")
    counter.answer({"weapons": "No", "strangulation": "No", "threats_to_kill": "No",
                    "separation": "No", "pregnancy": "No", "incidents_12m": "2",
                    "immediate_danger": "No"})
    counter.press("Save and continue")
    counter.answer({"substance_use": "No", "mental_health": "No", "housing": "No",
                    "readiness": "I'm not sure",
                    "denial": "It was my behaviour and I am responsible for it",
                    "previous_programme": "No"})
    counter.press("Save and continue")


def dash(counter: Counter) -> None:
    begin(counter)
    for _page in range(2):
        groups = counter.page.locator(".question:not([hidden])").evaluate_all(
            "nodes => nodes.map(n => n.id.replace('-group', ''))")
        for number, question in enumerate(groups):
            counter.choose(question, "Yes" if number < 3 else "No")
        counter.press("Save and continue")
    counter.answer({"incidents_12m": "1", "children_at_risk": "No",
                    "judgement_level": "No change: the answers reflect the risk"})
    counter.press("Save and continue")


# name, setting, question set, what the practitioner does, the result page must say
SCENARIOS: list[tuple[str, str, str, Callable[[Counter], None], str]] = [
    ("routine enquiry, all no", "gp", "routine-enquiry", routine_no, "No referral is needed"),
    ("routine enquiry, a disclosure with consent", "gp", "routine-enquiry",
     routine_disclosure, "Recorded:"),
    ("guided enquiry", "co_located", "guided-enquiry", guided, "Recommended pathway"),
    ("DASH checklist", "co_located", "dash-risk", dash, "Recommended pathway"),
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
    for title, setting, question_set, steps, expect in SCENARIOS:
        for label, viewport in (("desktop", DESKTOP), ("375x667", PHONE)):
            name = next(users)
            remember(port, name, setting, question_set)
            context, page = signed_in(browser, base, name, viewport)
            counter = Counter(page)
            steps(counter)
            text = page.locator("main").inner_text()
            if expect not in text or "/result" not in page.url:
                raise RuntimeError(f"{title} ({label}) did not reach the result: {page.url}")
            context.close()
            minimum = counter.answers + 2
            ratio = counter.interactions / minimum
            rows.append(f"| {title} | {label} | {counter.interactions} | {minimum} | "
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


def reach(page: Any, selector: str, keys: list[str]) -> None:
    """No key when the page arrives with focus there (a person sees the focus ring); else the
    skip link, then Tab until it is there."""
    page.wait_for_load_state()
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
    service worker's alike; what the browser's caches answer never reaches it."""

    REQUEST = re.compile(rb"(?:GET|POST|HEAD) (\S+) HTTP/1\.[01]\r\n")

    def __init__(self, target: int) -> None:
        self.target = target
        self.bytes = 0
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
            self.bytes, self.paths = 0, []

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                with self.lock:
                    if upstream:
                        self.paths += [m.decode() for m in self.REQUEST.findall(data)]
                    else:
                        self.bytes += len(data)
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


def empty_cache_load(browser: Any, url: str, cookies: Any, traffic: Traffic) -> tuple[Any, Any]:
    """The page opened in a browser with nothing kept (no cache, no service worker)."""
    fresh = browser.new_context(viewport=DESKTOP, service_workers="block")
    fresh.add_cookies(cookies)
    page = fresh.new_page()
    traffic.reset()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return fresh, page


def network(browser: Any, base: str, port: int, names: list[str],
            traffic: Traffic) -> list[str]:
    """A question page with an empty cache (the guided enquiry's first page, which asks
    nothing conditional, and the routine enquiry's one page, whose follow-ups show by script),
    then the guided enquiry's next page."""
    url, cookies = first_page(browser, base, port, names[0], "routine-enquiry")
    fresh, page = empty_cache_load(browser, url, cookies, traffic)
    routine = (traffic.bytes, traffic.requests)
    fresh.close()
    url, cookies = first_page(browser, base, port, names[1], "guided-enquiry")
    fresh, page = empty_cache_load(browser, url, cookies, traffic)
    first = (traffic.bytes, traffic.requests)
    traffic.reset()
    page.locator("#who_affected-group").get_by_label("A current partner", exact=True).check()
    for question in ("children_in_household", "emotional", "controlling", "economic", "threats",
                     "physical", "sexual", "stalking"):
        page.locator(f"#{question}-group").get_by_label("No", exact=True).check()
    page.fill("#age", "41")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("networkidle")
    later = (traffic.bytes, traffic.requests)
    fresh.close()
    rows = []
    for what, (size, count), target in (
            ("a question page, empty cache: guided enquiry, first page", first, TARGET_FIRST),
            ("a question page, empty cache: routine enquiry (18 questions, 13 shown by answers)",
             routine, TARGET_FIRST),
            ("the next question page (send the first, get the second)", later, TARGET_LATER)):
        rows.append(f"| {what} | {size:,} bytes, {count} requests | at most {target:,} — "
                    f"{'met' if size <= target else 'NOT met'} |")
    return rows


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
                    bytes_rows += network(browser, base, server.port, names[9:11], traffic)
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
        print("\n".join(rows + keys + bytes_rows))
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
        "statement and one to send.\n\n"
        "| measure | figure | target |\n| --- | --- | --- |\n" + "\n".join(keys) + "\n"
        + "\n".join(bytes_rows) + "\n")
    print(body)
    write_section(TITLE, body)


if __name__ == "__main__":
    main()
