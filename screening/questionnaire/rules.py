"""Evaluates the declarative conditions of a question set: a map of operator name to function.

Nothing here evaluates code from a file. `static/js/engine.js` mirrors this module for offline use;
`tests/test_browser_engine.py` proves the two agree on every shipped set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from screening.questionnaire.model import Condition, level_rank

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda a, b: bool(a == b),
    "not_equals": lambda a, b: bool(a != b),
    "in": lambda a, b: a in b,
    "includes": lambda a, b: isinstance(a, list) and b in a,
    "gt": lambda a, b: _numbers(a, b) and a > b,
    "gte": lambda a, b: _numbers(a, b) and a >= b,
    "lt": lambda a, b: _numbers(a, b) and a < b,
    "lte": lambda a, b: _numbers(a, b) and a <= b,
}
COUNT_COMPARISONS = ("equals", "gt", "gte", "lt", "lte")
SOURCES = ("all", "any", "not", "question", "count", "score", "outcome", "risk_level_at_least",
           "flag")


def _numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))


@dataclass
class Facts:
    """What a condition can look at: the answers so far, and results as they are worked out."""

    answers: Mapping[str, Any]
    parameters: Mapping[str, int]
    score: int | None = None
    outcome: str | None = None
    risk_level: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


def resolve(value: Any, facts: Facts) -> Any:
    """A rule's number, or the parameter it names."""
    if isinstance(value, Mapping) and "parameter" in value:
        return facts.parameters[value["parameter"]]
    return value


def _operator(condition: Condition, allowed: tuple[str, ...] | dict[str, Any]) -> str:
    found = [key for key in condition if key in allowed]
    return found[0]


def _question(condition: Condition, facts: Facts) -> bool:
    op = _operator(condition, (*COMPARISONS, "answered"))
    answer = facts.answers.get(condition["question"])
    answered = answer is not None and answer != "not_asked"
    if op == "answered":
        return answered == bool(condition["answered"])
    if not answered:
        return False
    return COMPARISONS[op](answer, resolve(condition[op], facts))


def _count(condition: Condition, facts: Facts) -> bool:
    spec = condition["count"]
    total = sum(1 for qid in spec["questions"] if facts.answers.get(qid) == spec["equals"])
    op = _operator(condition, COUNT_COMPARISONS)
    return COMPARISONS[op](total, resolve(condition[op], facts))


def _score(condition: Condition, facts: Facts) -> bool:
    spec = condition["score"]
    op = _operator(spec, COUNT_COMPARISONS)
    return facts.score is not None and COMPARISONS[op](facts.score, resolve(spec[op], facts))


def _risk_at_least(condition: Condition, facts: Facts) -> bool:
    wanted = condition["risk_level_at_least"]
    return facts.risk_level is not None and level_rank(facts.risk_level) >= level_rank(wanted)


EVALUATORS: dict[str, Callable[[Condition, Facts], bool]] = {
    "all": lambda c, f: all(holds(part, f) for part in c["all"]),
    "any": lambda c, f: any(holds(part, f) for part in c["any"]),
    "not": lambda c, f: not holds(c["not"], f),
    "question": _question,
    "count": _count,
    "score": _score,
    "outcome": lambda c, f: f.outcome == c["outcome"],
    "risk_level_at_least": _risk_at_least,
    "flag": lambda c, f: c["flag"] in f.flags,
}


def holds(condition: Condition, facts: Facts) -> bool:
    """Whether a condition (already checked by the loader) is true for these facts."""
    for source in SOURCES:
        if source in condition:
            return EVALUATORS[source](condition, facts)
    raise ValueError(f"not a condition: {dict(condition)!r}")


def referenced_questions(condition: Condition) -> list[str]:
    """Question ids a condition looks at, in the order written."""
    found: list[str] = []
    if "question" in condition:
        found.append(condition["question"])
    if "count" in condition and isinstance(condition["count"], Mapping):
        found.extend(condition["count"].get("questions", []))
    for key in ("all", "any"):
        for part in condition.get(key, []):
            found.extend(referenced_questions(part))
    if "not" in condition:
        found.extend(referenced_questions(condition["not"]))
    return found
