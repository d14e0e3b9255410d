"""A question-set author gets every problem with the file, the path inside it and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.questionnaire import QuestionSetError, check_folder, load_library
from tests.engine.helpers import library_folder, tiny_definition


def problems_for(tmp_path: Path, definition: dict[str, Any] | None = None,
                 **kwargs: Any) -> list[str]:
    _, _, problems = check_folder(library_folder(tmp_path, definition, **kwargs))
    return [str(p) for p in problems]


def only_problem(tmp_path: Path, definition: dict[str, Any]) -> str:
    found = problems_for(tmp_path, definition)
    assert len(found) == 1, found
    return found[0]


def test_the_tiny_fixture_loads_and_its_golden_cases_pass(tmp_path: Path) -> None:
    assert problems_for(tmp_path) == []


def test_broken_json_names_the_line_and_column(tmp_path: Path) -> None:
    found = problems_for(tmp_path, raw='{"id": "tiny",\n  "version": 1\n  "status": "draft"}')
    assert found == ["questionnaires/tiny/v1.json: line 3 column 3: is not valid JSON "
                     "(Expecting ',' delimiter). Fix: correct the JSON there (a missing comma "
                     "or quote is the usual cause)"]


def test_a_missing_key_is_named_with_its_path(tmp_path: Path) -> None:
    definition = tiny_definition()
    del definition["sections"][1]["questions"][0]["how_to_ask"]
    assert only_problem(tmp_path, definition) == (
        "questionnaires/tiny/v1.json: sections[1].questions[0].how_to_ask: is missing. "
        "Fix: add 'how_to_ask' (an object)")


def test_an_unknown_key_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["sections"][0]["questions"][0]["hint"] = {"en": "x"}
    problem = only_problem(tmp_path, definition)
    assert "sections[0].questions[0].hint: is not a known key" in problem
    assert "how_to_ask" in problem


def test_an_option_without_a_label_is_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["sections"][1]["questions"][2]["options"][1]["label"] = {"en": " "}
    assert only_problem(tmp_path, definition) == (
        "questionnaires/tiny/v1.json: sections[1].questions[2].options[1].label: has no 'en' "
        "text. Fix: add \"en\": \"…\" (the set lists 'en' in languages)")


def test_a_rule_naming_an_unknown_question_is_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["raise_rules"][0]["when"] = {"question": "incidnets", "gte": 3}
    assert "raise_rules[0].when.question: 'incidnets' is not a question of this set" in (
        only_problem(tmp_path, definition))


def test_a_question_shown_only_after_a_later_answer_is_unreachable(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["sections"][0]["questions"][0]["show_if"] = {"question": "hurt", "equals": "yes"}
    assert "sections[0].questions[0].show_if.question: refers to 'hurt', which comes later" in (
        only_problem(tmp_path, definition))


def test_a_condition_on_an_answer_the_question_cannot_take_never_holds(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["sections"][1]["questions"][1]["show_if"] = {"question": "hurt", "equals": "Yes"}
    assert "'Yes' is not an answer of 'hurt', so this can never hold" in (
        only_problem(tmp_path, definition))


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["bands"][1]["min"] = 0
    assert only_problem(tmp_path, definition) == (
        "questionnaires/tiny/v1.json: bands[1].min: overlaps the band before (starts at 0, the "
        "band before ends at 0). Fix: start this band at 1")


def test_a_gap_between_bands_is_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["bands"][2]["min"] = 4
    assert "bands[2].min: leaves scores 3 to 3 in no band" in only_problem(tmp_path, definition)


def test_a_missing_translation_names_the_question_and_language(tmp_path: Path) -> None:
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
    del definition["sections"][0]["questions"][1]["text"]["cy"]
    assert "sections[0].questions[1].text: has no 'cy' text" in only_problem(tmp_path, definition)


def test_a_pathway_to_a_service_not_in_the_directory_is_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["pathway_rules"][0]["service"] = "couples_counselling"
    assert "pathway_rules[0].service: 'couples_counselling' is not in services.json" in (
        only_problem(tmp_path, definition))


def test_a_directory_offering_mediation_is_refused(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    services = (folder / "services.json").read_text()
    (folder / "services.json").write_text(services.replace(
        '"id": "marac"', '"id": "family_mediation"'))
    _, _, problems = check_folder(folder)
    assert any("unsafe where there is abuse" in str(p) for p in problems)


def test_a_flag_cannot_look_at_flags_not_yet_worked_out(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["safety_flags"][0]["when"] = {"flag": "partner_safety"}
    assert "safety_flags[0].when: 'flag' cannot be used in safety_flags" in (
        only_problem(tmp_path, definition))


def test_a_failing_golden_case_names_the_case_and_the_difference(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["golden_cases"][1]["expect"]["pathway"]["primary"] = "dapp"
    assert only_problem(tmp_path, definition) == (
        "questionnaires/tiny/v1.json: golden_cases[1] (hurt, 16).expect: pathway.primary is "
        "'youth', expected 'dapp'. Fix: correct the rules, or the expectation if the rules are "
        "right")


def test_editing_a_published_file_fails_the_lock(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    path = folder / "tiny" / "v1.json"
    path.write_text(path.read_text().replace("Afraid?", "Scared?"))
    _, _, problems = check_folder(folder)
    assert [p.path for p in problems] == ["tiny/v1.json"]
    assert "has changed since it was published" in problems[0].message
    assert "v2.json as a draft" in problems[0].fix


def test_a_published_file_missing_from_the_lock_is_refused(tmp_path: Path) -> None:
    assert problems_for(tmp_path, lock=False) == [
        "questionnaires/published.lock: tiny/v1.json: is published but not in the lock. "
        "Fix: run `screening questionnaires publish tiny@1`"]


def test_start_up_refuses_a_malformed_library(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["bands"][0]["risk_level"] = "low"
    with pytest.raises(QuestionSetError) as error:
        load_library(library_folder(tmp_path, definition))
    assert "bands[0].risk_level: 'low' is not allowed" in str(error.value)


def test_version_and_folder_must_match_the_file(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["version"] = 2
    found = problems_for(tmp_path, definition)
    assert any("version: 2 differs from the file name 'v1.json'" in p for p in found)


def test_negative_points_are_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["scoring"]["points"][1]["add"] = -5
    assert "scoring.points[1].add: -5 is not a whole number of points" in (
        only_problem(tmp_path, definition))


def test_a_last_band_with_an_end_leaves_higher_scores_nowhere(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["bands"][2]["max"] = 3
    assert 'bands[2].max: ends the last band' in only_problem(tmp_path, definition)


def test_a_condition_on_not_asked_is_refused_in_favour_of_answered(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["raise_rules"][0]["when"] = {"question": "hurt", "equals": "not_asked"}
    assert "'not_asked' is not an answer of 'hurt', so this can never hold" in (
        only_problem(tmp_path, definition))


def test_an_unknown_parameter_in_a_comparison_is_refused(tmp_path: Path) -> None:
    definition = tiny_definition()
    definition["raise_rules"][0]["when"] = {"question": "incidents",
                                            "equals": {"parameter": "nope"}}
    assert "names no parameter of this set" in only_problem(tmp_path, definition)
