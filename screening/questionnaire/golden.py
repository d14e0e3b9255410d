"""Golden cases: each file's own answers-in, result-out examples, run by the check and the tests."""

from __future__ import annotations

from typing import Any

from screening.questionnaire.errors import Collector
from screening.questionnaire.model import QuestionSet
from screening.questionnaire.scoring import AnswerError, Judgement, Result, score
from screening.wording import N_

# Python's own words for a case it cannot even pass to the scoring: not translated.
PYTHON_SAYS = "%(error)s"


def compare(result: Result, expect: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each way the result differs from what the case expects: what, got and expected."""
    got = {
        "score": result.score,
        "outcome": result.outcome,
        "risk_level": result.risk_level,
        "pathway.primary": result.pathway.primary.service if result.pathway.primary else None,
        "pathway.others": sorted(r.service for r in result.pathway.others),
        "pathway.immediate": sorted(r.service for r in result.pathway.immediate),
        "pathway.hold_for_review": result.pathway.hold_for_review,
        "safety_flags": sorted(f.id for f in result.safety_flags),
        "referrals": sorted((r.service, r.role, r.basis, r.held)
                            for r in result.pathway.referrals),
    }
    pathway = expect.get("pathway", {})
    wanted = {
        "score": expect["score"],
        "outcome": expect["outcome"],
        "risk_level": expect["risk_level"],
        "pathway.primary": pathway.get("primary"),
        "pathway.others": sorted(pathway.get("others", [])),
        # Older cases say nothing of these: no immediate action and nothing held.
        "pathway.immediate": sorted(pathway.get("immediate", [])),
        "pathway.hold_for_review": pathway.get("hold_for_review", False),
        "safety_flags": sorted(expect["safety_flags"]),
    }
    if "referrals" in expect:
        wanted["referrals"] = sorted(
            (r.get("service"), r.get("role"), r.get("basis"), r.get("held", False))
            for r in expect["referrals"] if isinstance(r, dict))
    return [(key, repr(got[key]), repr(wanted[key])) for key in wanted if got[key] != wanted[key]]


def check_golden_cases(question_set: QuestionSet, out: Collector) -> None:
    """Score every golden case; a difference is a problem that names the case."""
    for i, case in enumerate(question_set.golden_cases):
        path = f"golden_cases[{i}] ({case.name})"
        judgement = Judgement(**case.judgement) if case.judgement else None
        try:
            result = score(question_set, case.answers, case.parameters, judgement)
        except AnswerError as error:
            for problem in error.problems:
                out.add(f"{path}.answers", N_("%(question)s: %(problem)s"),
                        N_("give answers the questions allow"), question=problem.question,
                        problem=problem.wording)
            continue
        except TypeError as error:
            out.add(f"{path}.answers", PYTHON_SAYS, N_("give answers the questions allow"),
                    error=str(error))
            continue
        for key, got, wanted in compare(result, dict(case.expect)):
            out.add(f"{path}.expect", N_("%(key)s is %(got)s, expected %(wanted)s"),
                    N_("correct the rules, or the expectation if the rules are right"),
                    key=key, got=got, wanted=wanted)
