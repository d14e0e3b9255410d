"""Stage 3, conditions: each looks only at questions asked before it and results worked out.

What a condition may look at depends on where it stands: a question's show_if sees earlier
answers only, a safety flag sees the score and level but no flag, a pathway sees everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from screening.questionnaire.errors import NOT_ALLOWED, USE_ONE_OF, Collector
from screening.questionnaire.rules import SOURCES
from screening.wording import N_

# Which results a condition may look at, by where it stands (each is worked out after the last).
STAGE_SOURCES = {
    "show_if": {"all", "any", "not", "question", "count"},
    "scoring": {"all", "any", "not", "question", "count"},
    "raise_rules": {"all", "any", "not", "question", "count", "score", "outcome"},
    "safety_flags": {"all", "any", "not", "question", "count", "score", "outcome",
                     "risk_level_at_least"},
    "pathway_rules": set(SOURCES),
}


class Conditions:
    """Checks the conditions of one structurally sound file; problems go to the collector."""

    def __init__(self, data: Mapping[str, Any], out: Collector) -> None:
        self.data = data
        self.out = out
        self.order: dict[str, int] = {}
        questions = [q for section in data["sections"] for q in section["questions"]]
        for n, question in enumerate(questions):
            self.order.setdefault(question["id"], n)
        self.flags = {f["id"] for f in data.get("safety_flags", [])}
        self.bands = [b["id"] for b in data["bands"]]
        self.parameters = set(data.get("parameters", {}))

    def choice(self, value: str, allowed: tuple[str, ...], path: str) -> None:
        if value not in allowed:
            self.out.add(path, NOT_ALLOWED, USE_ONE_OF, value=repr(value), allowed=list(allowed))

    def count_spec(self, spec: Mapping[str, Any], path: str) -> None:
        for j, qid in enumerate(spec["questions"]):
            self.reference(qid, f"{path}.questions[{j}]", spec["equals"])

    def reference(self, qid: Any, path: str, value: Any = None, before: int | None = None) -> None:
        question = self._any_question(qid)
        if question is None:
            self.out.add(path, N_("%(id)s is not a question of this set"),
                         N_("use the id of one of the set's questions"), id=repr(qid))
            return
        if before is not None and self.order.get(qid, before) >= before:
            self.out.add(path, N_("refers to %(id)s, which comes later or is this question, so "
                                  "the question can never be shown"),
                         N_("only refer to earlier questions"), id=repr(qid))
            return
        allowed = self._allowed(question)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and allowed and v not in allowed:
                self.out.add(path, N_("%(value)s is not an answer of %(id)s, so this can "
                                      "never hold"), USE_ONE_OF, value=repr(v), id=repr(qid),
                             allowed=list(allowed))

    def _any_question(self, qid: Any) -> dict[str, Any] | None:
        for section in self.data["sections"]:
            for question in section["questions"]:
                if question.get("id") == qid:
                    return dict(question)
        return None

    @staticmethod
    def _allowed(question: Mapping[str, Any]) -> list[str]:
        # "not_asked" counts as unanswered, so a condition on it could never hold:
        # {"answered": false} is the way to ask about it.
        if question["type"] == "yes_no":
            return ["yes", "no", "dont_know"]
        return [o["id"] for o in question.get("options", [])]

    def number(self, value: Any, path: str) -> None:
        """A whole number, or a parameter this set declares."""
        if isinstance(value, dict):
            if value["parameter"] not in self.parameters:
                self.out.add(path, N_("%(value)s names no parameter of this set"),
                             USE_ONE_OF if self.parameters else N_("use one of: (none)"),
                             value=repr(value), allowed=sorted(self.parameters))
        elif not isinstance(value, int) or isinstance(value, bool):
            self.out.add(path, N_("%(value)s is not a number"), N_("write a whole number"),
                         value=repr(value))

    def condition(self, c: Mapping[str, Any], path: str, stage: str,
                  before: int | None = None) -> None:
        """A condition of the right shape looks only at what is known where it stands."""
        source = next(key for key in SOURCES if key in c)
        if source not in STAGE_SOURCES[stage]:
            self.out.add(path, N_("%(source)s cannot be used in %(stage)s: it is not worked "
                                  "out yet"), USE_ONE_OF, source=repr(source), stage=stage,
                         allowed=sorted(STAGE_SOURCES[stage]))
            return
        if source in ("all", "any"):
            for i, part in enumerate(c[source]):
                self.condition(part, f"{path}.{source}[{i}]", stage, before)
        elif source == "not":
            self.condition(c["not"], f"{path}.not", stage, before)
        elif source == "question":
            self.question_condition(c, path, before)
        elif source in ("count", "score"):
            if source == "count":
                self.count_spec(c["count"], f"{path}.count")
            spec = c if source == "count" else c["score"]
            op = next(key for key in spec if key != "count")
            self.number(spec[op], f"{path}.{op}" if source == "count" else f"{path}.score.{op}")
        elif source == "outcome":
            self.choice(c["outcome"], tuple(self.bands), f"{path}.outcome")
        elif source == "flag":
            self.choice(c["flag"], tuple(sorted(self.flags)), f"{path}.flag")

    def question_condition(self, c: Mapping[str, Any], path: str, before: int | None) -> None:
        op = next(key for key in c if key != "question")
        value, qid = c[op], c["question"]
        self.reference(qid, f"{path}.question", None, before)
        question = self._any_question(qid)
        if question is None or op == "answered":
            return
        if op in ("gt", "gte", "lt", "lte"):
            if question["type"] != "number":
                self.out.add(f"{path}.{op}", N_("compares %(id)s, which is not a number "
                                                "question"), N_("use equals or in"), id=repr(qid))
            self.number(value, f"{path}.{op}")
            return
        if op == "includes" and question["type"] != "multiple":
            self.out.add(f"{path}.includes", N_("%(id)s is not a multiple-choice question"),
                         N_("use equals"), id=repr(qid))
            return
        if question["type"] == "number":
            for v in value if isinstance(value, list) else [value]:
                self.number(v, f"{path}.{op}")
        self.reference(qid, f"{path}.{op}", value)
