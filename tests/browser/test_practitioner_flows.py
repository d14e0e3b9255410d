"""Practitioners' days in a real browser, every page checked with axe-core."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.pages import Practitioner

pytestmark = pytest.mark.browser
FIGURES = Path(__file__).resolve().parents[2] / "test-results" / "browser-figures.json"
CORE = ["afraid_of_you", "controlling", "threats", "physical_harm", "worried_about_behaviour",
        "being_harmed"]
FOLLOW_UP_WANTS_HELP = {
    "who_affected": "A current partner", "children_in_household": "Yes", "pregnancy": "No",
    "age": "42", "violence_past_month": "No", "weapons": "No", "strangulation": "No",
    "separation": "No", "immediate_danger": "No",
    "needs_first": "No — work on the behaviour can start now",
    "readiness": "I want help to change",
    "denial": "It was my behaviour and I am responsible for it"}


def record_figure(name: str, value: object) -> None:
    """Keep the figures the issue asks for (clicks, keystrokes, bytes) beside the test run."""
    FIGURES.parent.mkdir(exist_ok=True)
    figures = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")


def test_a_gp_completes_a_negative_routine_enquiry(practitioner: Practitioner) -> None:
    practitioner.sign_in()
    before = (practitioner.clicks, practitioner.keystrokes)
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.answer({question: "No" for question in CORE})
    practitioner.press("Save and continue")
    assert "Check your answers" in practitioner.text()
    practitioner.press("Confirm and see the result")
    page = practitioner.text()
    assert "Nothing disclosed" in page and "No referral is needed" in page
    record_figure("negative routine enquiry", {
        "clicks": practitioner.clicks - before[0],
        "keystrokes": practitioner.keystrokes - before[1]})
    practitioner.follow("Handovers and the note for your case record")
    assert "Routine enquiry about relationships completed" in practitioner.text()


def test_a_substance_misuse_worker_refers_a_positive_enquiry_with_children_at_home(
        practitioner: Practitioner, tmp_path: Path) -> None:
    practitioner.sign_in()
    before = (practitioner.clicks, practitioner.keystrokes)
    practitioner.start("Substance misuse service",
                       "Routine questions about relationships and behaviour")
    practitioner.answer({**{q: "No" for q in CORE}, "afraid_of_you": "Yes",
                         "worried_about_behaviour": "Yes"})
    practitioner.press("Save and continue")
    practitioner.answer(FOLLOW_UP_WANTS_HELP)
    practitioner.press("Save and continue")
    # Naming a partner opens "is that partner under 16?" on the same page.
    practitioner.answer({"partner_under_16": "No"})
    practitioner.press("Save and continue")
    practitioner.press("Confirm and see the result")
    page = practitioner.text()
    assert "Disclosure level: standard" in page and "Domestic Abuse Perpetrator Partnership" in page
    assert page.index("Safety: act on these first") < page.index("Disclosure level: standard")
    practitioner.choose("Yes, they consent to this referral")
    practitioner.press("Save consent")
    record_figure("positive routine enquiry to consent", {
        "clicks": practitioner.clicks - before[0],
        "keystrokes": practitioner.keystrokes - before[1]})
    practitioner.press("Go to the handover")
    handover = practitioner.page.locator("article.handover").inner_text()
    assert "Referral handover to Domestic Abuse Perpetrator Partnership (DAPP)" in handover
    assert "Children live with, or regularly stay with" in handover
    assert "Refer the partner to the victim safety service" not in handover
    pdf = practitioner.page.pdf(path=str(tmp_path / "handover.pdf"), format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the handover prints on one A4 page"
    practitioner.fill("Date sent", "2024-03-27")
    practitioner.choose("Secure e-mail")
    practitioner.press("Record that it was sent")
    practitioner.choose("Accepted")
    practitioner.press("Record what happened")
    assert "Accepted" in practitioner.text()


def test_the_victim_safety_service_sees_marac_for_14_yes_on_the_dash_checklist(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("Victim safety service", "Your safety: a risk checklist")
    practitioner.answer({"safe_to_go_home": "Yes"})
    practitioner.press("Save and continue")
    asked = 0
    for page, more in enumerate([{"age": "34"},
                                 {"honour_based_abuse": "No", "forced_marriage": "No"}]):
        groups = practitioner.page.locator(".question").evaluate_all(
            "nodes => nodes.map(n => n.id.replace('-group', ''))")
        factors = [q for q in groups if q not in more]
        for question in factors:
            practitioner.choose("Yes" if asked < 14 else "No", within=question)
            asked += 1
        practitioner.answer(more)
        practitioner.press("Save and continue")
        if page == 0:  # feeling low was "yes": the follow-ups join the same page
            practitioner.answer({"suicidal_thoughts": "No", "self_harm": "No"})
            practitioner.press("Save and continue")
    assert asked == 24
    practitioner.answer({"incidents_12m": "1", "repeat_marac": "No", "children_at_risk": "No"})
    practitioner.press("Save and continue")
    practitioner.answer({"judgement_level": "No change: the answers reflect the risk"})
    practitioner.press("Save and continue")
    practitioner.press("Confirm and see the result")
    page = practitioner.text()
    assert "High risk" in page and "MARAC (multi-agency risk assessment conference)" in page


def test_a_validation_error_keeps_the_answers_already_given(practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("Mental health service",
                       "Routine questions about relationships and behaviour")
    practitioner.answer({"afraid_of_you": "Yes", "controlling": "No", "threats": "No"})
    practitioner.press("Save and continue")
    summary = practitioner.page.locator(".error-summary")
    assert "Select yes, no or don't know for question 4" in summary.inner_text()
    assert practitioner.page.locator("#afraid_of_you-group").get_by_label(
        "Yes", exact=True).is_checked()
    summary.get_by_role("link", name="question 4").click()
    assert practitioner.page.evaluate("document.activeElement.id") == "physical_harm-0"
    assert practitioner.page.title().startswith("Error:")


def test_closing_mid_way_and_signing_in_again_resumes_where_it_stopped(
        practitioner: Practitioner, browser: object) -> None:
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.answer({**{q: "No" for q in CORE}, "threats": "Yes"})
    practitioner.press("Save and continue")
    practitioner.answer({"age": "35"})
    practitioner.page.context.close()
    context = browser.new_context()  # type: ignore[attr-defined]
    again = Practitioner(context.new_page(), practitioner.base_url, practitioner.name,
                         practitioner.password)
    again.sign_in()
    again.follow("Resume")
    assert "A little more about what is happening" in again.text()
    assert again.page.locator("#threats_to_kill-group").count() == 1
    assert again.page.locator("#age").input_value() == ""
    context.close()
