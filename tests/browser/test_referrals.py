"""Referrals in a real browser: each with its own basis, content and status."""

from __future__ import annotations

import pytest

from tests.browser.pages import Practitioner
from tests.browser.test_practitioner_flows import CORE, FOLLOW_UP_WANTS_HELP

pytestmark = pytest.mark.browser
REASON = "Two children under five at home; partner said to be frightened."


def referral(practitioner: Practitioner, service: str) -> object:
    return practitioner.page.get_by_role("region", name=service, exact=True)


def test_a_gp_records_no_consent_and_still_sends_the_childrens_and_victim_safety_referrals(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("GP practice", "Routine questions about relationships and behaviour")
    practitioner.answer({**{q: "No" for q in CORE}, "afraid_of_you": "Yes",
                         "worried_about_behaviour": "Yes"})
    practitioner.press("Save and continue")
    practitioner.answer(FOLLOW_UP_WANTS_HELP)
    practitioner.press("Save and continue")
    practitioner.answer({"partner_under_16": "No"})  # opened on the same page by the partner
    practitioner.press("Save and continue")
    practitioner.press("Confirm and see the result")

    dapp = referral(practitioner, "Domestic Abuse Perpetrator Partnership (DAPP)")
    dapp.get_by_label("No, they do not want this referral", exact=True).check()  # type: ignore[attr-defined]
    dapp.get_by_role("button", name="Save consent").click()  # type: ignore[attr-defined]
    practitioner.accessible()
    assert "The person did not want this referral" in practitioner.text()

    for service in ("Children's safeguarding hub (MASH)", "Integrated victim safety service"):
        card = referral(practitioner, service)
        card.get_by_label("Why does this referral go ahead?").fill(REASON)  # type: ignore[attr-defined]
        card.get_by_role("button", name="Save the reason").click()  # type: ignore[attr-defined]
        practitioner.accessible()
    children = referral(practitioner, "Children's safeguarding hub (MASH)")
    children.get_by_role("button", name="Go to the handover").click()  # type: ignore[attr-defined]
    practitioner.accessible()
    handover = practitioner.page.locator("article.handover").inner_text()
    assert "Reason recorded: " + REASON in handover and "Partner safety: for" in handover
    practitioner.fill("Date sent", "2024-03-27")
    practitioner.choose("Secure e-mail")
    practitioner.press("Record that it was sent")
    assert "Status: Sent" in practitioner.text()

    practitioner.page.get_by_role("link", name="Back").click()
    practitioner.accessible()
    page = practitioner.text()
    victim_safety = referral(practitioner, "Integrated victim safety service").inner_text()  # type: ignore[attr-defined]
    assert "Not sent" in victim_safety and "Go to the handover" in victim_safety
    assert "Go to the handover" not in referral(
        practitioner, "Domestic Abuse Perpetrator Partnership (DAPP)").inner_text()  # type: ignore[attr-defined]
    assert "Sent" in referral(practitioner, "Children's safeguarding hub (MASH)").inner_text()  # type: ignore[attr-defined]
    assert "Disclosure level: standard" in page
    result_url = practitioner.page.url.split("#")[0]
    response = practitioner.page.request.get(result_url.replace("/result", "/handover.txt")
                                             + "?service=dapp")
    assert response.status == 409


def test_a_dash_with_children_at_risk_gives_a_childrens_handover_carrying_the_judgement_reason(
        practitioner: Practitioner) -> None:
    practitioner.sign_in()
    practitioner.start("Victim safety service", "Your safety: a risk checklist")
    practitioner.answer({"safe_to_go_home": "Yes"})
    practitioner.press("Save and continue")
    for more in [{"age": "34"}, {"honour_based_abuse": "No", "forced_marriage": "No"}]:
        groups = practitioner.page.locator(".question").evaluate_all(
            "nodes => nodes.map(n => n.id.replace('-group', ''))")
        for question in groups:
            if question not in more:
                practitioner.choose("No", within=question)
        practitioner.answer(more)
        practitioner.press("Save and continue")
    practitioner.answer({"incidents_12m": "0", "repeat_marac": "No", "children_at_risk": "Yes"})
    practitioner.press("Save and continue")
    practitioner.answer({"judgement_level": "High risk"})
    practitioner.press("Save and continue")  # the reason is asked once the level is raised
    practitioner.fill("Reasons for your professional judgement",
                      "Threats escalating since she left him")
    practitioner.press("Save and continue")
    practitioner.press("Confirm and see the result")
    children = referral(practitioner, "Children's safeguarding hub (MASH)")
    children.get_by_label("Why does this referral go ahead?").fill(REASON)  # type: ignore[attr-defined]
    children.get_by_role("button", name="Save the reason").click()  # type: ignore[attr-defined]
    practitioner.accessible()
    referral(practitioner, "Children's safeguarding hub (MASH)").get_by_role(  # type: ignore[attr-defined]
        "button", name="Go to the handover").click()
    practitioner.accessible()
    handover = practitioner.page.locator("article.handover").inner_text()
    assert "Threats escalating since she left him" in handover
    assert "Partner safety: for Children's safeguarding hub (MASH) only" in handover
