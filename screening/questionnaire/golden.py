"""Golden cases: each file's own answers-in, result-out examples, run by the check and the tests."""

from __future__ import annotations

from typing import Any

from screening.questionnaire.errors import Collector
from screening.questionnaire.model import QuestionSet
from screening.questionnaire.scoring import AnswerError, Judgement, Result, score


def compare(result: Result, expect: dict[str, Any]) -> list[str]:
    """Each way the result differs from what the case expects, in words."""
    got = {
        "score": result.score,
        "outcome": result.outcome,
        "risk_level": result.risk_level,
        "pathway.primary": result.pathway.primary.service if result.pathway.primary else None,
        "pathway.others": sorted(r.service for r in result.pathway.others),
        "safety_flags": sorted(f.id for f in result.safety_flags),
    }
    pathway = expect.get("pathway", {})
    wanted = {
        "score": expect["score"],
        "outcome": expect["outcome"],
        "risk_level": expect["risk_level"],
        "pathway.primary": pathway.get("primary"),
        "pathway.others": sorted(pathway.get("others", [])),
        "safety_flags": sorted(expect["safety_flags"]),
    }
    return [f"{key} is {got[key]!r}, expected {wanted[key]!r}"
            for key in wanted if got[key] != wanted[key]]


def check_golden_cases(question_set: QuestionSet, out: Collector) -> None:
    """Score every golden case; a difference is a problem that names the case."""
    if not question_set.golden_cases:
        out.add("golden_cases", "is empty", "add cases that pin down what the set means")
    for i, case in enumerate(question_set.golden_cases):
        path = f"golden_cases[{i}] ({case.name})"
        judgement = Judgement(**case.judgement) if case.judgement else None
        try:
            result = score(question_set, case.answers, case.parameters, judgement)
        except (AnswerError, TypeError) as error:
            out.add(f"{path}.answers", str(error), "give answers the questions allow")
            continue
        for difference in compare(result, dict(case.expect)):
            out.add(f"{path}.expect", difference,
                    "correct the rules, or the expectation if the rules are right")
