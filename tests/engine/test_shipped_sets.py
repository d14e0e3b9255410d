"""The question sets we ship, as practitioners meet them."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.questionnaire import Library, QuestionSet, load_library, score
from screening.questionnaire.golden import compare
from screening.questionnaire.scoring import Judgement

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(SHIPPED)


def test_we_ship_the_three_sets_published(library: Library) -> None:
    assert [(qs.id, qs.version) for qs in library.published()] == [
        ("dash-risk", 2), ("guided-enquiry", 2), ("routine-enquiry", 2)]
    # Screenings started on the first version of each set keep it.
    assert all(library.get(name, 1).status == "published"
               for name in ("dash-risk", "guided-enquiry", "routine-enquiry"))


def test_the_routine_enquiry_asks_at_most_six_core_questions(library: Library) -> None:
    routine = library.get("routine-enquiry")
    always_asked = [q for q in routine.questions if q.show_if is None]
    assert 1 <= len(always_asked) <= 6


def test_the_dash_checklist_has_24_yes_no_risk_factors(library: Library) -> None:
    dash = library.get("dash-risk")
    counted = dash.scoring[0]["count"]["questions"]
    assert len(counted) == 24
    assert all(dash.question(q).type == "yes_no" for q in counted)


@pytest.mark.parametrize(("yes", "level", "marac"), [
    (9, "standard", False), (10, "medium", False), (13, "medium", False), (14, "high", True)])
def test_dash_bands_and_marac(library: Library, yes: int, level: str, marac: bool) -> None:
    dash = library.get("dash-risk")
    counted = dash.scoring[0]["count"]["questions"]
    answers = {q: ("yes" if i < yes else "no") for i, q in enumerate(counted)}
    answers.update(incidents_12m=0, judgement_level="no_change")
    result = score(dash, answers)
    assert (result.score, result.risk_level) == (yes, level)
    primary = result.pathway.primary.service if result.pathway.primary else None
    assert (primary == "marac") == marac


def test_dont_know_never_counts_on_the_dash_checklist(library: Library) -> None:
    dash = library.get("dash-risk")
    counted = dash.scoring[0]["count"]["questions"]
    answers = {q: "dont_know" for q in counted}
    answers.update(incidents_12m=0, judgement_level="no_change")
    assert score(dash, answers).score == 0


def test_judgement_on_the_result_page_raises_dash_to_marac(library: Library) -> None:
    dash = library.get("dash-risk")
    result = score(dash, {"incidents_12m": 0, "judgement_level": "no_change"},
                   judgement=Judgement("high", "She fears for her life"))
    assert result.risk_level == "high"
    assert result.pathway.primary is not None and result.pathway.primary.service == "marac"


def test_a_positive_routine_enquiry_from_a_17_year_old_goes_to_the_youth_service(
        library: Library) -> None:
    result = score(library.get("routine-enquiry"),
                   {"afraid_of_you": "yes", "age": 17, "readiness": "wants_help"})
    assert result.outcome == "positive"
    assert result.pathway.primary is not None
    assert result.pathway.primary.service == "youth_intervention"


def test_no_pathway_ever_offers_couples_work(library: Library) -> None:
    unsafe = [s.id for s in library.services.values()
              if any(w in f"{s.id} {s.kind}" for w in ("couple", "mediation", "joint"))]
    assert unsafe == []


def test_everything_said_on_the_dash_checklist_is_for_the_victim_safety_service_only(
        library: Library) -> None:
    dash = library.get("dash-risk")
    assert dash.asked_of == "partner"
    assert {f.audience for f in dash.safety_flags} == {"partner_safety"}


def _cases(library_path: Path) -> list[tuple[QuestionSet, int]]:
    found = load_library(library_path)
    return [(qs, i) for qs in found.question_sets for i in range(len(qs.golden_cases))]


@pytest.mark.parametrize(("question_set", "index"), _cases(SHIPPED),
                         ids=lambda v: v.key if isinstance(v, QuestionSet) else str(v))
def test_every_golden_case_of_every_shipped_set_holds(question_set: QuestionSet,
                                                      index: int) -> None:
    case = question_set.golden_cases[index]
    judgement = Judgement(**case.judgement) if case.judgement else None
    result = score(question_set, case.answers, case.parameters, judgement)
    assert compare(result, dict(case.expect)) == [], case.name
