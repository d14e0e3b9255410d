"""One small invalid file per problem the check finds: each gets its whole message, and only it.

Every file in tests/fixtures/invalid/ is tests/fixtures/smallest.json (which loads cleanly) with
one thing wrong, checked as `questionnaires/tiny/v1.json` of a library. Structure problems come
from questionnaires/schema.json, meaning problems from screening/questionnaire/meaning.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.questionnaire import check_folder
from screening.settings import SETTINGS
from tests.engine.helpers import FIXTURE, library_folder

FIXTURES = FIXTURE.parent
INVALID = FIXTURES / "invalid"
FILE = "questionnaires/tiny/v1.json: "

EXPECTED = {
    "answer_key_not_snake_case":
        "golden_cases[0].answers.Afraid: 'Afraid' is not a snake_case id. Fix: use lower-case "
        'letters, digits and underscores',
    "answer_the_question_cannot_take":
        "safety_flags[0].when.equals: 'Yes' is not an answer of 'afraid', so this can never hold. "
        'Fix: use one of: yes, no, dont_know',
    "answer_type_unknown":
        "sections[0].questions[0].type: 'yesno' is not an answer type. Fix: use one of: yes_no, "
        'single, multiple, number, date, text',
    "band_id_twice":
        "bands[1].id: band id 'positive' is used twice. Fix: give each a different id",
    "band_max_below_min":
        'bands[1].max: is below min. Fix: make max at least min',
    "band_open_not_last":
        'bands[0].max: is open-ended but is not the last band. Fix: give it a max or move it last',
    "bands_gap":
        'bands[1].min: leaves scores 1 to 1 in no band. Fix: start this band at 1',
    "bands_overlap":
        'bands[1].min: overlaps the band before (starts at 0, the band before ends at 0). Fix: '
        'start this band at 1',
    "comparison_on_yes_no":
        "raise_rules[0].when.gt: compares 'afraid', which is not a number question. Fix: use "
        'equals or in',
    "condition_list_empty":
        'raise_rules[0].when.all: is empty. Fix: add at least one',
    "condition_two_comparisons":
        "raise_rules[0].when: needs exactly one comparison after 'question'. Fix: use one of: "
        'equals, not_equals, in, includes, gt, gte, lt, lte, answered',
    "condition_two_sources":
        'pathway_rules[0].when: should have exactly one of all, any, not, question, count, score, '
        'outcome, risk_level_at_least, flag. Fix: see the table of conditions in '
        'questionnaires/FORMAT.md',
    "count_without_comparison":
        "raise_rules[0].when: needs exactly one comparison after 'count'. Fix: use one of: "
        'equals, gt, gte, lt, lte',
    "english_missing":
        'guidance_languages: English is missing. Fix: list "en" in languages and '
        'guidance_languages',
    "file_name_differs":
        "version: 2 differs from the file name 'v1.json'. Fix: name the file v2.json",
    "flag_id_twice":
        "safety_flags[1].id: flag id 'child' is used twice. Fix: give each a different id",
    "flag_unknown":
        "pathway_rules[0].when.flag: 'children' is not allowed. Fix: use one of: child",
    "folder_differs":
        "id: 'small' differs from the folder 'tiny'. Fix: make id 'tiny' or move the file",
    "golden_answer_not_allowed":
        "golden_cases[0] (yes).answers: afraid: 'maybe' is not allowed; choose one of: yes, no, "
        'dont_know, not_asked. Fix: give answers the questions allow',
    "golden_case_differs":
        'golden_cases[0] (yes).expect: score is 1, expected 2. Fix: correct the rules, or the '
        'expectation if the rules are right',
    "golden_cases_empty":
        'golden_cases: is empty. Fix: add cases that pin down what the set means',
    "guidance_blank":
        'bands[0].label: has no \'en\' text. Fix: add "en": "…" (the set lists \'en\' in '
        'guidance_languages)',
    "id_not_kebab_case":
        "id: 'Tiny' is not a kebab-case id. Fix: use lower-case letters, digits and hyphens",
    "id_not_snake_case":
        "sections[0].questions[0].id: 'Afraid' is not a snake_case id. Fix: use lower-case "
        'letters, digits and underscores',
    "includes_on_number":
        "raise_rules[0].when.includes: 'age' is not a multiple-choice question. Fix: use equals",
    "key_missing":
        "sections[0].questions[0].how_to_ask: is missing. Fix: add 'how_to_ask' (an object)",
    "key_missing_one_of":
        "status: is missing. Fix: add 'status' (one of: draft, published)",
    "key_unknown":
        'sections[0].questions[0].hint: is not a known key. Fix: remove it or use one of: id, '
        'type, text, how_to_ask, why_we_ask, required, show_if, asked, options, min, max, '
        'max_length',
    "kind_wrong":
        "bands[0].max: should be a whole number or null, not str. Fix: write 'max' as a whole "
        'number or null',
    "language_code_wrong":
        "title.EN: 'EN' is not a language code. Fix: write a code such as en, cy or pl",
    "last_band_ends":
        'bands[1].max: ends the last band, so higher scores fall in no band. Fix: give the last '
        'band "max": null',
    "listed_twice":
        "settings: lists 'gp' more than once. Fix: list each once",
    "not_an_object":
        'the file should be an object. Fix: write it as {…}',
    "not_json":
        "line 3 column 3: is not valid JSON (Expecting ',' delimiter). Fix: correct the JSON "
        'there (a missing comma or quote is the usual cause)',
    "number_not_a_number":
        "raise_rules[0].when.lt: 'eighteen' is not a number. Fix: write a whole number, or "
        '{"parameter": NAME}',
    "number_question_compared_with_text":
        "raise_rules[0].when.equals: 'young' is not a number. Fix: write a whole number",
    "option_id_twice":
        "sections[0].questions[1].options[1].id: option id 'child' is used twice. Fix: give each "
        'a different id',
    "options_missing":
        "sections[0].questions[1].options: is missing. Fix: add 'options'",
    "options_on_yes_no":
        'sections[0].questions[0].options: only single and multiple questions have options. Fix: '
        'remove options or make the type single or multiple',
    "options_too_few":
        'sections[0].questions[1].options: needs at least two options. Fix: list the options as '
        '[{"id": …, "label": {…}}]',
    "outcome_unknown":
        "pathway_rules[0].when.outcome: 'serious' is not allowed. Fix: use one of: negative, "
        'positive',
    "parameter_setting_unknown":
        "parameters.threshold.setting: 'NOPE' is not one of the tool's settings. Fix: use one of: "
        + ", ".join(setting.name for setting in SETTINGS),
    "parameter_unknown":
        "raise_rules[0].when.lt: {'parameter': 'youth'} names no parameter of this set. Fix: use "
        'one of: threshold',
    "points_item_shape":
        'scoring.points[1]: is neither a count nor a when/add item. Fix: write {"count": '
        '{"questions": […], "equals": "yes"}, "each": 1} or {"when": {…}, "add": 2}',
    "points_negative":
        'scoring.points[0].each: -1 is not a whole number of points. Fix: write a whole number, 0 '
        'or more (scores never go below 0)',
    "question_asked_later":
        "sections[0].questions[0].show_if.question: refers to 'age', which comes later or is this "
        'question, so the question can never be shown. Fix: only refer to earlier questions',
    "question_id_twice":
        "sections[0].questions[4].id: question id 'afraid' is used twice. Fix: give each question "
        'its own id',
    "question_unknown":
        "raise_rules[0].when.question: 'agee' is not a question of this set. Fix: use the id of "
        "one of the set's questions",
    "range_on_text":
        'sections[0].questions[3].min: only number questions have min and max. Fix: remove it or '
        'make the type number',
    "range_upside_down":
        'sections[0].questions[2].min: is above max. Fix: make min at most max',
    "result_not_worked_out_yet":
        "safety_flags[0].when: 'flag' cannot be used in safety_flags: it is not worked out yet. "
        'Fix: use one of: all, any, count, not, outcome, question, risk_level_at_least, score',
    "score_comparison_unknown":
        "raise_rules[0].when.score.above: 'above' is not allowed. Fix: use one of: equals, gt, "
        'gte, lt, lte',
    "score_two_comparisons":
        'raise_rules[0].when.score: needs exactly one comparison. Fix: use one of: equals, gt, '
        'gte, lt, lte',
    "section_empty":
        'sections[1].questions: is empty. Fix: add a question or remove it',
    "section_id_twice":
        "sections[1].id: section id 'core' is used twice. Fix: give each a different id",
    "service_unknown":
        "pathway_rules[0].service: 'couples_counselling' is not in services.json. Fix: use one "
        'of: dapp, marac, victim_safety, youth',
    "setting_unknown":
        "settings[1]: 'surgery' is not a setting. Fix: use one of: gp, substance_misuse, "
        'mental_health, co_located, victim_safety, other',
    "text_empty":
        'golden_cases[0].name: is empty. Fix: write the text',
    "text_limit_on_number":
        'sections[0].questions[2].max_length: only text questions have max_length. Fix: remove it '
        'or make the type text',
    "text_limit_too_high":
        'sections[0].questions[3].max_length: must be from 1 to 500. Fix: keep free text short: '
        '500 characters at most',
    "translation_missing":
        'sections[0].questions[2].text: has no \'cy\' text. Fix: add "cy": "…" (the set lists '
        "'cy' in languages)",
    "value_not_a_value":
        'raise_rules[0].when.equals: True is not an answer to compare with. Fix: write an option '
        'id, "yes", "no", a whole number or {"parameter": NAME}',
    "version_below_one":
        'version: 0 is below 1. Fix: write 1 or more',
    "word_not_allowed":
        "bands[0].risk_level: 'low' is not allowed. Fix: use one of: none, standard, medium, high",
}


def problems_with(tmp_path: Path, path: Path) -> list[str]:
    folder = library_folder(tmp_path, raw=path.read_text(encoding="utf-8"), lock=False)
    return [str(problem) for problem in check_folder(folder)[2]]


def test_the_smallest_set_loads_so_each_invalid_file_has_only_its_own_problem(
        tmp_path: Path) -> None:
    assert problems_with(tmp_path, FIXTURES / "smallest.json") == []


def test_every_invalid_file_has_its_expected_message() -> None:
    assert sorted(path.stem for path in INVALID.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_author_is_told_where_what_and_the_fix(tmp_path: Path, name: str) -> None:
    assert problems_with(tmp_path, INVALID / f"{name}.json") == [FILE + EXPECTED[name]]
