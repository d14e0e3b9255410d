"""Pathway roles on the tiny set: immediate actions beside the route, bases, holds for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screening.questionnaire import check_folder, load_library, score
from tests.engine.helpers import library_folder, tiny_definition

DANGER = {"id": "now", "when": {"question": "hurt", "equals": "yes"}, "service": "marac",
          "role": "immediate", "reason": {"en": "Act now."}}
REVIEW = {"id": "review", "when": {"question": "afraid", "equals": "dont_know"},
          "service": "victim_safety", "role": "also", "hold_for_review": True,
          "reason": {"en": "Check who is being harmed first."}}


def _tiny_with(tmp_path: Path, *rules: dict[str, Any], **changes: Any) -> Any:
    definition = tiny_definition()
    definition["pathway_rules"] = [*rules, *definition["pathway_rules"]]
    definition.update(changes)
    definition["golden_cases"] = definition["golden_cases"][:1]
    folder = library_folder(tmp_path, definition)
    return load_library(folder).get("tiny")


def test_an_immediate_action_is_listed_first_and_the_onward_route_stays(tmp_path: Path) -> None:
    tiny = _tiny_with(tmp_path, DANGER)
    result = score(tiny, {"afraid": "no", "hurt": "yes", "age": 30})
    assert [r.service for r in result.pathway.immediate] == ["marac"]
    assert result.pathway.primary is not None and result.pathway.primary.service == "dapp"
    assert [r.service for r in result.pathway.referrals][:2] == ["marac", "dapp"]
    assert result.to_json()["pathway"]["immediate"] == ["marac"]


def test_each_referral_carries_its_basis_from_the_services_directory(tmp_path: Path) -> None:
    tiny = _tiny_with(tmp_path)
    result = score(tiny, {"afraid": "yes", "hurt": "yes", "age": 30, "incidents": 3})
    assert result.to_json()["referrals"] == [
        {"service": "dapp", "role": "primary", "basis": "consent", "held": False},
        {"service": "victim_safety", "role": "also", "basis": "information_sharing",
         "held": False},
        {"service": "marac", "role": "also", "basis": "safeguarding", "held": False},
    ]


def test_a_hold_for_review_makes_voluntary_and_partner_contact_referrals_wait(
        tmp_path: Path) -> None:
    tiny = _tiny_with(tmp_path, REVIEW)
    result = score(tiny, {"afraid": "dont_know", "hurt": "yes", "age": 30, "incidents": 3})
    data = result.to_json()
    assert data["pathway"]["hold_for_review"] is True
    assert data["pathway"]["hold_reason"] == {"en": "Check who is being harmed first."}
    held = {r["service"]: r["held"] for r in data["referrals"]}
    # The programme waits; the holding rule's own service and MARAC (safeguarding) go ahead.
    assert held == {"victim_safety": False, "dapp": True, "marac": False}


def test_without_the_review_answer_nothing_is_held(tmp_path: Path) -> None:
    tiny = _tiny_with(tmp_path, REVIEW)
    result = score(tiny, {"afraid": "yes", "hurt": "yes", "age": 30})
    assert result.pathway.hold_for_review is False
    assert not any(r.held for r in result.pathway.referrals)


def test_a_level_from_the_persons_own_account_is_a_disclosure_level(tmp_path: Path) -> None:
    tiny = _tiny_with(tmp_path)
    assert score(tiny, {"afraid": "yes"}).to_json()["level_kind"] == "disclosure"
    partner = _tiny_with(tmp_path / "p", asked_of="partner")
    assert score(partner, {"afraid": "yes"}).level_kind == "risk"


def test_a_role_the_format_does_not_know_is_refused_with_the_roles_it_does(
        tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["pathway_rules"][0]["role"] = "now"
    _, _, problems = check_folder(library_folder(tmp_path, definition))
    assert [str(p) for p in problems] == [
        "questionnaires/tiny/v1.json: pathway_rules[0].role: 'now' is not allowed. "
        "Fix: use one of: immediate, primary, also"]


def test_a_question_the_practitioner_codes_needs_only_the_practitioners_languages(
        tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["languages"] = ["en", "cy"]
    for key in ("title", "opening_statement"):
        definition[key]["cy"] = "testun"
    for section in definition["sections"]:
        section["title"]["cy"] = "adran"
        for question in section["questions"]:
            question["text"]["cy"] = "cwestiwn"
            for option in question.get("options", []):
                option["label"]["cy"] = "dewis"
    coded = definition["sections"][0]["questions"][1]
    del coded["text"]["cy"]
    coded["asked"] = "practitioner"
    _, _, problems = check_folder(library_folder(tmp_path, definition))
    assert problems == []


def test_a_service_without_a_basis_is_refused(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    services = (folder / "services.json").read_text()
    (folder / "services.json").write_text(services.replace('"basis": "safeguarding"',
                                                           '"basis": "maybe"'))
    _, _, problems = check_folder(folder)
    assert any("services[3].basis: 'maybe' is not a basis for a referral" in str(p)
               for p in problems)
