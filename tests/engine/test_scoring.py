"""Scoring the tiny set: bands, raises, flags, pathways and what stays unanswered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.questionnaire import AnswerError, Judgement, QuestionSet, load_library, score
from tests.engine.helpers import FIXTURE, library_folder, tiny_definition


@pytest.fixture(scope="module")
def tiny() -> QuestionSet:
    return load_library(FIXTURE).get("tiny")


def test_all_no_is_negative_with_no_pathway(tiny: QuestionSet) -> None:
    result = score(tiny, {"afraid": "no", "hurt": "no"})
    assert (result.score, result.outcome, result.risk_level) == (0, "negative", "none")
    assert result.pathway.primary is None
    assert result.safety_flags == ()


def test_dont_know_and_not_asked_are_not_no_and_do_not_count(tiny: QuestionSet) -> None:
    result = score(tiny, {"afraid": "dont_know"})
    assert result.score == 0
    assert result.answers == {"afraid": "dont_know"}
    assert result.unanswered == ("hurt", "who", "note")


def test_answers_to_hidden_questions_are_ignored(tiny: QuestionSet) -> None:
    result = score(tiny, {"afraid": "no", "hurt": "no", "age": 16, "incidents": 9})
    assert "age" not in result.answers and result.risk_level == "none"


def test_weighted_points_and_an_open_ended_band(tiny: QuestionSet) -> None:
    result = score(tiny, {"afraid": "yes", "hurt": "no", "who": ["child"], "age": 40})
    assert (result.score, result.outcome, result.risk_level) == (3, "serious", "medium")
    assert result.reasons[0].questions == ("afraid", "who")


def test_escalation_raises_to_high_and_adds_marac(tiny: QuestionSet) -> None:
    result = score(tiny, {"afraid": "no", "hurt": "yes", "age": 30, "incidents": 3})
    assert result.risk_level == "high"
    assert result.reasons[-1].questions == ("incidents",)
    assert [r.service for r in result.pathway.others] == ["victim_safety", "marac"]


def test_a_parameter_changes_the_threshold(tiny: QuestionSet) -> None:
    answers = {"afraid": "no", "hurt": "yes", "age": 30, "incidents": 3}
    assert score(tiny, answers, {"threshold": 6}).risk_level == "standard"


def test_judgement_raises_but_never_lowers(tiny: QuestionSet) -> None:
    answers = {"afraid": "yes", "age": 30}
    raised = score(tiny, answers, judgement=Judgement("high", "Partner very frightened"))
    assert raised.risk_level == "high"
    assert raised.reasons[-1].text == {"en": "Partner very frightened"}
    escalated = {"hurt": "yes", "age": 30, "incidents": 5}
    lowered = score(tiny, escalated, judgement=Judgement("standard", "seems fine"))
    assert lowered.risk_level == "high"


def test_judgement_needs_a_reason(tiny: QuestionSet) -> None:
    with pytest.raises(AnswerError, match="judgement: give a level"):
        score(tiny, {"afraid": "yes"}, judgement=Judgement("high", "  "))


def test_under_18_goes_to_the_youth_service_first(tiny: QuestionSet) -> None:
    result = score(tiny, {"hurt": "yes", "age": 17})
    assert result.pathway.primary is not None and result.pathway.primary.service == "youth"


def test_partner_safety_flag_is_only_for_the_victim_safety_service(tiny: QuestionSet) -> None:
    flag = next(f for f in score(tiny, {"hurt": "yes", "age": 30}).safety_flags
                if f.id == "partner_safety")
    assert flag.audience == "partner_safety"


@pytest.mark.parametrize(("answers", "message"), [
    ({"afraid": "Yes"},
     "afraid: 'Yes' is not allowed; choose one of: yes, no, dont_know, not_asked"),
    ({"age": "twelve", "hurt": "yes"}, "age: 'twelve' is not a whole number"),
    ({"hurt": "yes", "age": 9}, "age: 9 is outside 10 to 120"),
    ({"who": ["partner", "dog"]},
     "who: ['partner', 'dog'] is not allowed; give a list of: partner, child"),
    ({"note": "x" * 21}, "note: is 21 characters long; the limit is 20"),
    ({"colour": "red"}, "colour: no such question in tiny@1"),
])
def test_bad_answers_name_the_question_and_what_is_allowed(
        tiny: QuestionSet, answers: dict[str, Any], message: str) -> None:
    with pytest.raises(AnswerError) as error:
        score(tiny, answers)
    assert message in str(error.value)


def with_a_date_question(tmp_path: Path) -> QuestionSet:
    """A draft of the tiny set whose free-text note is a date question instead."""
    definition = tiny_definition()
    definition["status"] = "draft"
    definition["sections"][1]["questions"][3] = {
        "id": "note", "type": "date", "text": {"en": "When?"}, "how_to_ask": {"en": "Ask."},
        "why_we_ask": {"en": "Time."}}
    return load_library(library_folder(tmp_path, definition, lock=False)).get("tiny", 1)


def test_a_date_in_the_future_is_refused(tmp_path: Path) -> None:
    question_set = with_a_date_question(tmp_path)
    with pytest.raises(AnswerError, match="is in the future"):
        score(question_set, {"note": "2030-01-02"}, today=dt.date(2026, 1, 1))
    assert score(question_set, {"note": "2025-12-31"}, today=dt.date(2026, 1, 1)).answers == {
        "note": "2025-12-31"}


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 400) | st.text(max_size=30)
    | st.sampled_from(["yes", "no", "dont_know", "not_asked", "partner", "child", "2020-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=2),
    max_leaves=6)
ANSWERS = st.dictionaries(
    st.sampled_from(["afraid", "hurt", "age", "incidents", "who", "note", "other"]) | st.text(),
    ANY_VALUE, max_size=7)


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS)
def test_any_answers_give_a_result_or_a_clear_error_never_a_crash(
        tiny: QuestionSet, answers: dict[str, Any]) -> None:
    try:
        result = score(tiny, answers)
    except AnswerError as error:
        assert error.problems and all(p.question and p.message for p in error.problems)
    else:
        assert result.outcome in {"negative", "positive", "serious"}
        assert result.risk_level in {"none", "standard", "medium", "high"}


def test_every_condition_shape_in_the_format_has_an_evaluator() -> None:
    from screening.questionnaire.rules import EVALUATORS, SOURCES

    assert set(EVALUATORS) == set(SOURCES)
    format_doc = (FIXTURE.parents[2] / "questionnaires" / "FORMAT.md").read_text()
    assert all(f'"{source}"' in format_doc for source in SOURCES)


def test_a_week_date_is_not_a_date(tmp_path: Path) -> None:
    question_set = with_a_date_question(tmp_path)
    with pytest.raises(AnswerError, match="is not a date written YYYY-MM-DD"):
        score(question_set, {"note": "2024-W01-1"})


def test_a_parameter_default_comes_from_the_file_unless_the_area_sets_it(
        tmp_path: Path) -> None:
    from screening.questionnaire.scoring import parameter_values

    definition = tiny_definition()
    definition["parameters"]["threshold"] = {"default": 5, "setting": "ESCALATION_THRESHOLD"}
    definition["status"] = "draft"
    question_set = load_library(library_folder(tmp_path, definition, lock=False)).get("tiny", 1)
    assert parameter_values(question_set, {}) == {"threshold": 5}
    assert parameter_values(question_set, {"SCREENING_ESCALATION_THRESHOLD": "6"}) == {
        "threshold": 6}
